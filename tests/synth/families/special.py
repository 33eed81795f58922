"""专项资金 / 转移支付 绩效自评报告.

Money by fund level (中央/省级/市级/县级), by allocation document (某财农〔2023〕15号 with its amount),
by project in numbered paragraphs under “分N个项目实施：”, and by township; execution and completion;
optionally a 资金分配及执行情况表 with amounts in 元 (thousands separators) beside the 万元 narrative.
"""
from __future__ import annotations

import random

from .. import vocab
from ..common import FILLER, Builder, make_identity, picks
from ..model import Doc, Num, PageBreak, Para, Table, Txt, cell, seq
from ..numbers import D, cn_number, quant

FUNDS = {
    "agri": ("农业生产发展资金", "农"), "water": ("水利发展资金", "农"), "civil": ("困难群众救助补助资金", "社"),
    "culture": ("公共文化服务体系建设补助资金", "教"), "emergency": ("自然灾害救灾资金", "建"),
    "housing": ("农村危房改造补助资金", "建"), "health": ("基本公共卫生服务补助资金", "社"),
    "township": ("上级转移支付资金", "农"), "hr": ("就业补助资金", "社"), "agritech": ("基层农技推广体系改革与建设补助资金", "农"),
    "library": ("公共图书馆免费开放补助资金", "教"), "audit": ("审计业务专项资金", "行"), "school": ("义务教育补助经费", "教"),
}


def _variant(rng: random.Random) -> dict:
    return {
        "levels": rng.choice([("中央", "省级", "市级"), ("中央", "省级"), ("中央", "省级", "市级", "县级"), ("省级", "市级", "县级")]),
        "level_word": rng.choice(["资金", "资金转移支付"]),
        "by_docs": rng.random() < 0.7,
        "towns": rng.random() < 0.5,
        "table": rng.random() < 0.5,
        "table_unit": rng.choice(["wan", "yuan"]),
        "restate": rng.random() < 0.8,
        "open_list": rng.random() < 0.4,
        "numbering": rng.choice(["cn", "cn_ascii"]),
        "fullwidth": rng.random() < 0.15,
        "exec_low": rng.random() < 0.2,
        "title_style": rng.choice(["heading", "plain"]),
        "page_numbers": rng.choice(["dash", "plain", "none"]),
        "heading_styles": rng.random() < 0.3,
    }


def build(seed: int, variant: dict | None = None) -> Doc:
    rng = random.Random(f"special-{seed}")
    v = _variant(rng)
    if variant:
        v.update(variant)
    utype = rng.choice(["township", "township", "agri", "water", "civil", "culture", "emergency", "housing", "health", "hr"])
    ident = make_identity(rng, utype)
    year = rng.randint(2019, 2024)
    fund, topic = FUNDS[utype]
    title = f"{ident.unit}{year}年度{fund}绩效自评报告"
    doc = Doc("special", seed, v, ident, year, title)
    b = Builder(doc, rng)
    m = lambda f, **kw: b.num(f, 2, "wan", **kw)  # noqa: E731
    spec = vocab.UNIT_TYPES[utype]
    units = doc.slots.setdefault("units", [])
    selfrefs = doc.slots.setdefault("selfrefs", [])

    def unit_txt() -> Txt:
        t = Txt("unit", ident.unit)
        units.append(t)
        return t

    def sr() -> Txt:
        t = Txt("selfref", ident.selfref if rng.random() < 0.7 else "我单位")
        selfrefs.append(t)
        return t

    # ---- data
    k_proj = rng.choice([2, 3, 3, 4])
    projects = picks(rng, spec["projects"], k_proj)
    fine = 6 if v["table"] and v["table_unit"] == "yuan" else 2  # a table in 元 carries fen
    T = b.amount(*(rng.choice([(30, 300), (200, 1500)])), dp=fine)
    proj_amt = b.split(T, k_proj, fine)
    levels = list(v["levels"])
    if ident.level == "city" and "县级" in levels:
        levels.remove("县级")
    lev_amt = b.split(T, len(levels), fine)
    rate_val = D(100) if rng.random() < 0.5 else D(rng.uniform(90, 99.5))
    if v["exec_low"]:
        rate_val = D(rng.uniform(55, 85))
    proj_exec = [a if rate_val == 100 else quant(a * rate_val / 100, fine) for a in proj_amt]
    E = sum(proj_exec, D(0))
    figT, figE = b.fig("下达总额", T), b.fig("执行数", E)
    fig_levels = [b.fig(f"level.{l}", a) for l, a in zip(levels, lev_amt)]
    fig_proj = [b.fig(f"proj.{p}", a) for p, a in zip(projects, proj_amt)]
    fig_pexec = [b.fig(f"pexec.{p}", a) for p, a in zip(projects, proj_exec)]
    doc.slots["data"] = dict(T=figT, E=figE, levels=list(zip(levels, fig_levels)), projects=list(zip(projects, fig_proj)))

    # ---- text
    doc.add(Para([unit_txt(), f"{year}年度{fund}绩效自评报告"], "title"))
    notice = f"{ident.county[0] if ident.county else ident.city[0]}财绩〔{year + 1}〕{rng.randint(1, 40)}号"
    b.para_parts(seq(f"根据《{(ident.county or ident.city)}财政局关于开展{year}年度转移支付资金绩效自评工作的通知》（{notice}）要求，")
                 + [sr(), f"对{year}年度{fund}使用情况开展了绩效自评，现将自评情况报告如下："])
    b.forbid(["year."], [str(year + 1)], "the notice on evaluating the year is dated the following year")
    b.h(0, "绩效目标分解下达情况")
    b.h(1, "资金下达情况")
    Tn = m(figT)
    lw = v["level_word"]
    lev_nums = [m(f) for f in fig_levels]
    tpl = f"{year}年，上级共下达{fund}{{T}}万元，其中：" + "，".join(f"{l}{lw}{{l{k}}}万元" for k, l in enumerate(levels)) + "。"
    b.p(tpl, T=Tn, **{f"l{k}": n for k, n in enumerate(lev_nums)})
    b.sum("资金级次", Tn, lev_nums)
    doc.slots["levels"] = (Tn, lev_nums)
    if v["by_docs"]:
        # one allocation document per level (中央 and 省级 funds come through the province)
        prov = ident.prov_abbr
        city_a = ident.city[0]
        cty_a = (ident.county or ident.city)[0]
        issuers = {"中央": (f"{ident.province}财政厅", prov), "省级": (f"{ident.province}财政厅", prov),
                   "市级": (f"{ident.city}财政局", city_a), "县级": (f"{ident.county or ident.city}财政局", cty_a)}
        parts, slots = [], {}
        for k, (l, f) in enumerate(zip(levels, fig_levels)):
            who, ab = issuers[l]
            month_year = year if rng.random() < 0.8 else year - 1
            num = f"{ab}财{topic}〔{month_year}〕{rng.randint(3, 260)}号"
            what = "提前下达" if month_year == year - 1 else "下达"
            parts.append(f"《{who}关于{what}{year}年{'中央' if l == '中央' else ''}{fund}的通知》（{num}）下达{{d{k}}}万元")
            slots[f"d{k}"] = m(f)
            if month_year == year - 1:
                b.forbid(["year."], [str(year - 1)], f"an advance allocation of {year} funds issued in {year - 1}: not stale")
        T2 = m(figT)
        b.p("资金依据：" + "；".join(parts) + "，合计{T}万元。", T=T2, **slots)
        b.sum("下达文件", T2, list(slots.values()))
    # projects in numbered paragraphs
    kn = b.plain(b.fig("项目数", k_proj))
    cn = rng.random() < 0.5
    count_txt = Txt("count_word", "两" if k_proj == 2 else cn_number(k_proj)) if cn else None
    if cn:
        b.para_parts(["上述资金分", count_txt, "个项目实施："])
    else:
        b.p("上述资金分{k}个项目实施：", k=kn)
    proj_nums = []
    paras = []
    for k, (p_, f) in enumerate(zip(projects, fig_proj)):
        n = m(f)
        proj_nums.append(n)
        use = rng.choice(["用于项目建设及配套设施", "用于补助发放及相关工作经费", "用于设施维修养护", "用于设备购置和技术服务"])
        paras.append(b.p(f"{k + 1}.{p_}：安排资金{{n}}万元，{use}。", n=n))
    doc.slots["project_paras"] = paras
    b.sum("项目分配", Tn, proj_nums)
    count_occ = count_txt if cn else kn
    doc.slots["project_count"] = (count_occ, paras)
    b.check("项目数", [count_occ] + [], lambda count_occ=count_occ, paras=paras: _count_paras(count_occ, paras), kind="count")
    if v["towns"] and ident.level != "township":
        towns = picks(rng, [t for t in vocab_towns(ident)], rng.randint(4, 8))
        first = fig_proj[0]
        shares = b.split(first.value, len(towns), fine)
        tnums = [m(b.fig(f"town.{t}", x)) for t, x in zip(towns, shares)]
        head = m(first)
        b.p("其中" + projects[0] + "资金{h}万元分配至各乡镇：" + "、".join(f"{t}{{t{k}}}万元" for k, t in enumerate(towns)) + "。",
            h=head, **{f"t{k}": n for k, n in enumerate(tnums)})
        b.sum("乡镇分配", head, tnums)
    if v["open_list"]:
        f = fig_levels[-1]
        sub = quant(f.value * D(rng.uniform(0.3, 0.7)), 2)
        ln = m(f)
        sn = m(b.fig("open.sub", sub))
        b.p(f"{levels[-1]}资金{{ln}}万元，主要用于" + projects[-1] + "{sn}万元等。", ln=ln, sn=sn)
        b.forbid(["sum."], [ln.text, sn.text], "the list ends in 等: not a complete breakdown")
    # ---- 二
    b.h(0, "绩效目标完成情况分析")
    b.h(1, "资金投入情况分析")
    if v["restate"]:
        first_level = m(fig_levels[0])
        doc.slots["restated_level"] = first_level
        b.para_parts(["1."] + [unit_txt()] + seq(f"{year}年度共收到{fund}{{T}}万元，其中{levels[0]}{lw}{{a}}万元已全部拨付到位。",
                                                T=m(figT), a=first_level))
    Tb, En = m(figT), m(figE)
    rate = b.pct(b.fig("执行率", E / T * 100), rng.choice([2, 2, 1]))
    doc.slots["exec"] = (rate, En, Tb)
    b.p(f"截至{year}年12月31日，该项资金预算数{{T}}万元，全年执行数{{E}}万元，执行率{{r}}。", T=Tb, E=En, r=rate)
    b.rate("执行率", rate, En, Tb)
    b.le("执行≤预算", En, Tb)
    b.h(1, "资金管理情况分析")
    for text in picks(rng, FILLER["management"], 2):
        b.p(text)
    b.h(1, "总体绩效目标完成情况分析")
    done_all = rate_val >= 95
    claim = Txt("claim", "各项目均已完工，资金已全部拨付，年度绩效目标全面完成。" if rate_val == 100 else (
        "各项目已基本完工，剩余资金待项目审计结算后拨付，年度绩效目标基本完成。" if done_all else
        "部分项目受工期影响尚未完工，资金尚未支付完毕，年度绩效目标部分完成。"))
    doc.slots["claim"] = claim
    b.para_parts([unit_txt(), f"{year}年度{fund}项目实施情况："] + [claim])
    b.check("完成表述", [claim, rate], lambda claim=claim, rate=rate: _claim_ok(claim, rate), kind="claim")
    b.h(0, "偏差情况及原因分析")
    b.p("无重大偏差。" if done_all else "部分项目因前期手续办理时间较长，开工时间推迟，导致资金支付进度滞后。")
    b.h(0, "存在的问题及改进措施")
    for text in picks(rng, FILLER["problems"], 1) + picks(rng, FILLER["measures"], 2):
        b.p(text)
    # ---- table
    if v["table"]:
        doc.add(PageBreak())
        doc.add(Para([f"{fund}分配及执行情况表"], "center"))
        yuan = v["table_unit"] == "yuan"
        doc.add(Para(["单位：元" if yuan else "单位：万元"], "right"))
        tm = (lambda f: b.num(f, 2, "yuan", sep=True)) if yuan else (lambda f: b.num(f, 2, "wan"))
        grid = [["序号", "项目名称", "下达金额", "执行金额", "执行率"]]
        an, en = [], []
        for k, (p_, f, fe) in enumerate(zip(projects, fig_proj, fig_pexec)):
            a_, e_ = tm(f), tm(fe)
            r_ = b.pct(b.fig(f"prate.{k}", fe.value / f.value * 100), 2)
            b.rate(f"{p_}执行率", r_, e_, a_)
            an.append(a_)
            en.append(e_)
            grid.append([str(k + 1), p_, a_, e_, r_])
        ta, te = tm(figT), tm(figE)
        tr = b.pct(b.fig("执行率", E / T * 100), 2)
        b.rate("合计执行率", tr, te, ta)
        grid.append(["合计", None, ta, te, tr])
        b.sum("表合计下达", ta, an)
        b.sum("表合计执行", te, en)
        doc.add(Table([[cell(c) for c in row] for row in grid], merges=[(len(grid) - 1, 0, len(grid) - 1, 1)],
                      widths=[0.6, 3.2, 1.4, 1.4, 1.0], header_rows=1, font=9.5))
    sign = unit_txt()
    doc.add(Para([sign], "right"))
    doc.add(Para([f"{year + 1}年{rng.randint(2, 6)}月{rng.randint(1, 28)}日"], "right"))
    return doc


def vocab_towns(ident) -> list[str]:
    return [s for s in ident.siblings] if ident.level == "township" else _towns(ident)


def _towns(ident) -> list[str]:
    import random as _r
    rng = _r.Random(ident.unit)
    from ..vocab import _TOWN_A, _TOWN_B
    out = []
    while len(out) < 10:
        n = rng.choice(_TOWN_A) + rng.choice(_TOWN_B) + rng.choice("镇镇乡")
        if n not in out and n[0] != n[1]:
            out.append(n)
    return out


def _count_paras(count, paras: list[Para]) -> bool:
    t = count.text
    if isinstance(count, Num):
        w = count.written()
        if w is None:
            return True
        n = int(w[0])
    else:
        n = _cn_value(t)
        if n is None:
            return True
    return n == len(paras)


def _cn_value(t: str) -> int | None:
    from ..numbers import CN_DIGITS
    if t == "两":
        return 2
    if t in CN_DIGITS:
        return CN_DIGITS.index(t)
    if t.startswith("十"):
        return 10 + (CN_DIGITS.index(t[1]) if len(t) > 1 else 0)
    if len(t) >= 2 and t[1] == "十":
        return CN_DIGITS.index(t[0]) * 10 + (CN_DIGITS.index(t[2]) if len(t) > 2 else 0)
    return None


def _claim_ok(claim: Txt, rate: Num) -> bool:
    w = rate.written()
    if w is None:
        return True
    says_all = "全部拨付" in claim.text or "全面完成" in claim.text
    return not says_all or w[0] + w[1] >= 99.5
