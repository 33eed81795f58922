"""部门决算 情况说明: 收支总计, 收入/支出 with shares, 机构设置 with counts and listed names,
人员编制 with nested 其中 in brackets, “三公”经费, 政府采购, 国有资产; optionally the 收入支出决算总表 in 元."""
from __future__ import annotations

import random

from .. import vocab
from ..common import Builder, make_identity, picks
from ..model import Change, Diff, Doc, Num, PageBreak, Para, Table, Txt, cell, seq
from ..numbers import D, quant
from .dept import _count_ok, _trend_ok, duties_text


def _variant(rng: random.Random) -> dict:
    return {
        "toc": rng.random() < 0.4,
        "parts": rng.random() < 0.5,
        "table": rng.random() < 0.5,
        "staff_style": rng.choice(["nested", "flat"]),
        "org_style": rng.choice(["counts", "open"]),
        "fullwidth": rng.random() < 0.2,
        "numbering": "cn",
        "title_word": rng.choice(["部门决算情况说明", "单位决算", "部门决算公开说明"]),
        "title_style": rng.choice(["heading", "plain", "title"]),
        "page_numbers": rng.choice(["dash", "plain", "cn", "none"]),
        "sangong_rise": rng.random() < 0.35,
        "total_rise": rng.random() < 0.5,
    }


def build(seed: int, variant: dict | None = None) -> Doc:
    rng = random.Random(f"final-{seed}")
    v = _variant(rng)
    if variant:
        v.update(variant)
    utype = rng.choice(["township", "township", "water", "civil", "hr", "agri", "culture", "housing", "health", "agritech", "library"])
    ident = make_identity(rng, utype)
    year = rng.randint(2019, 2024)
    title = f"{ident.unit}{year}年度{v['title_word']}"
    doc = Doc("final", seed, v, ident, year, title)
    b = Builder(doc, rng)
    m = lambda f, **kw: b.num(f, 2, "wan", **kw)  # noqa: E731
    units = doc.slots.setdefault("units", [])
    selfrefs = doc.slots.setdefault("selfrefs", [])

    def sr(generic: float = 0.4) -> Txt:
        t = Txt("selfref", ident.selfref if rng.random() > generic else rng.choice(["本单位", "我单位"]))
        selfrefs.append(t)
        return t

    t = Txt("unit", ident.unit)
    units.append(t)
    doc.add(Para([t, f"{year}年度{v['title_word']}"], "title"))
    toc_at = len(doc.blocks)
    if v["parts"]:
        doc.add(Para(["第一部分  单位概况"], "h1"))
    b.h(0, "部门基本情况")
    b.h(1, "职能职责")
    _, clauses = duties_text(utype, ident.place[-1])
    duties = Txt("duties", "".join(f"（{i}）{c}。" for i, c in enumerate(clauses, 1)))
    doc.slots["duties"] = duties
    b.para_parts([duties])
    b.h(1, "机构设置")
    spec = vocab.UNIT_TYPES[utype]
    if utype == "township":
        adm = ["人大", "政府", "党委"]
        pub = picks(rng, spec["affiliates"], rng.randint(3, 6))
        a, bb = b.plain(b.fig("行政部门数", len(adm))), b.plain(b.fig("事业单位数", len(pub)))
        N = b.plain(b.fig("机构数", len(adm) + len(pub)))
        adm_t = Txt("names", "、".join(adm[:-1]) + "和" + adm[-1], items=adm)
        pub_t = Txt("names", "、".join(pub[:-1]) + "及" + pub[-1], items=pub)
        b.para_parts([Txt("unit", ident.unit), "为独立核算行政单位，实行政府会计制度，属于一级预算单位。", sr(0.5)]
                     + seq("共有{N}个机构单位，其中{a}个行政部门（", N=N, a=a) + [adm_t] + seq("）和{b}个事业单位（", b=bb)
                     + [pub_t, "）组成。"])
        units.append(b.doc.paragraphs()[-1].parts[0])  # the unit named as the subject
        b.sum("机构数", N, [a, bb])
        b.check("行政部门数", [a, adm_t], lambda a=a, adm_t=adm_t: _count_names(a, adm_t), kind="count")
        b.check("事业单位数", [bb, pub_t], lambda bb=bb, pub_t=pub_t: _count_names(bb, pub_t), kind="count")
        doc.slots["org_counts"] = [(a, adm_t), (bb, pub_t)]
        b.forbid(["count.", "sum."], [N.text, adm[0]], "N = a + b and each list has as many names as its count")
    else:
        t_ = Txt("unit", ident.unit)
        units.append(t_)
        kind_ = "行政单位" if ident.utype not in ("library", "agritech", "school") else "公益一类事业单位"
        b.para_parts([t_, f"是{ident.place}人民政府所属{kind_}，实行独立核算。"])
    if utype == "township":
        pass
    elif v["org_style"] == "counts":
        bodies = picks(rng, spec["bodies"], rng.randint(4, len(spec["bodies"])))
        k = b.plain(b.fig("内设机构数", len(bodies)))
        names = Txt("names", "、".join(bodies), items=bodies)
        b.para_parts([sr(0.5)] + seq("内设{k}个股室：", k=k) + [names, "。"])
        b.check("内设机构数", [k, names], lambda k=k, names=names: _count_ok(k, names), kind="count")
        doc.slots["org_counts"] = [(k, names)]
    else:
        bodies = picks(rng, spec["bodies"], rng.randint(4, len(spec["bodies"])))
        b.para_parts([sr(0.5), "下设" + "、".join(bodies[:-1]) + "等股室。"])
    b.h(1, "人员情况")
    x, y = rng.randint(8, 40), rng.randint(5, 60)
    x1, y1 = rng.randint(1, 3), rng.randint(1, max(1, y // 4))
    mm = x + y - rng.randint(0, 6)
    m1 = max(mm - y, min(x, mm - 1) - rng.randint(0, 2))  # neither group above its posts
    m2 = mm - m1
    X, Y, X1, Y1 = (b.plain(b.fig(k_, v_)) for k_, v_ in [("行政编制", x), ("事业编制", y), ("机关工勤", x1), ("参公", y1)])
    MM, M1, M2 = (b.plain(b.fig(k_, v_)) for k_, v_ in [("在职", mm), ("行政在职", m1), ("事业在职", m2)])
    R = b.plain(b.fig("离退休", rng.randint(3, 40)))
    if v["staff_style"] == "nested":
        b.para_parts([f"{year}年末，", sr(0.3)] + seq("共有行政编制{x}个（其中机关工勤{x1}个），事业编制{y}个（其中参公{y1}人），"
                                                     "实有在职人员{m}人（其中行政人员{m1}人、事业人员{m2}人），离退休人员{r}人。",
                                                     x=X, x1=X1, y=Y, y1=Y1, m=MM, m1=M1, m2=M2, r=R))
        b.forbid(["sum."], [X.text, X1.text], "a bracketed 其中 of 行政编制 is a part of it, not an addend")
    else:
        b.para_parts([f"{year}年末，", sr(0.3)] + seq("共有编制{n}个，实有在职人员{m}人，其中行政人员{m1}人、事业人员{m2}人；离退休人员{r}人。",
                                                     n=b.plain(b.fig("编制", x + y)), m=MM, m1=M1, m2=M2, r=R))
    b.sum("在职", MM, [M1, M2])
    b.forbid(["count.", "sum."], [MM.text, "编制"], "fewer staff than posts is a vacancy, not a contradiction")
    # ---- money
    if v["parts"]:
        b.numbering.counts = [0, 0, 0, 0]
        doc.add(Para([f"第二部分  {year}年度{v['title_word'].replace('情况说明', '').replace('公开说明', '')}情况说明"], "h1"))
    scale = rng.choice([(200, 1500), (800, 6000)])
    fine = 6 if v["table"] else 2  # a 决算 table in 元 carries fen: the 万元 text is rounded from it
    S = b.amount(*scale, dp=fine)
    Bsc = quant(S * D(rng.uniform(0.5, 0.8)), fine)
    P = S - Bsc
    end = quant(S * D(rng.uniform(0.0, 0.08)), fine)
    Ttot = S + end
    begin = quant(Ttot * D(rng.uniform(0.0, 0.1)), fine)
    I = Ttot - begin
    i2 = quant(I * D(rng.uniform(0.0, 0.15)), fine) if rng.random() < 0.5 else D(0)
    i3 = quant(I * D(rng.uniform(0.0, 0.05)), fine)
    i1 = I - i2 - i3
    T0 = quant(Ttot / D(rng.uniform(1.03, 1.3)) if v["total_rise"] else Ttot * D(rng.uniform(1.03, 1.3)), 2)
    F = {k: b.fig(k, val) for k, val in [("收支总计", Ttot), ("上年收支总计", T0), ("收入合计", I), ("一般公共预算财政拨款收入", i1),
                                         ("政府性基金预算财政拨款收入", i2), ("其他收入", i3), ("年初结转和结余", begin),
                                         ("支出合计", S), ("基本支出", Bsc), ("项目支出", P), ("年末结转和结余", end)]}
    F["收支增减"] = b.fig("收支增减", abs(Ttot - T0))
    F["收支增减率"] = b.fig("收支增减率", abs(Ttot - T0) / T0 * 100)
    doc.slots["money"] = F
    b.h(0 if not v["parts"] else 0, "收入支出决算总体情况说明")
    Tn, T0n, dn = m(F["收支总计"]), m(F["上年收支总计"]), m(F["收支增减"])
    en = b.pct(F["收支增减率"], 2, suffix="")
    up = Ttot > T0
    trend = Txt("trend", "增长" if up else "下降")
    b.para_parts(seq(f"{year}年度收、支总计均为{{T}}万元。与上年{{T0}}万元相比，收、支总计各{'增加' if up else '减少'}{{d}}万元，",
                     T=Tn, T0=T0n, d=dn) + [trend] + seq("{e}%。主要原因是" + ("业务工作量增加，项目支出相应增加。" if up else "项目支出减少。"), e=en))
    doc.rel(Diff("收支增减", dn, Tn, T0n))
    doc.rel(Change("收支增减率", en, Tn, T0n))
    b.check("收支增减表述", [trend, Tn, T0n], lambda trend=trend, Tn=Tn, T0n=T0n: _trend_ok(trend, Tn, T0n), kind="claim")
    b.forbid(["spend.", "sum."], [Tn.text, "收、支总计"], "收、支总计均为…: balanced by definition")
    b.h(0, "收入决算情况说明")
    In = m(F["收入合计"])
    parts = [("一般公共预算财政拨款收入", F["一般公共预算财政拨款收入"]), ("政府性基金预算财政拨款收入", F["政府性基金预算财政拨款收入"]),
             ("其他收入", F["其他收入"])]
    parts = [(n, f) for n, f in parts if f.value]
    nums, slots, segs = [], {}, []
    for k, (n, f) in enumerate(parts):
        a_ = m(f)
        r_ = b.pct(b.fig(f"占比.{n}", f.value / I * 100), 2)
        b.rate(f"{n}占比", r_, a_, In)
        nums.append(a_)
        slots[f"a{k}"], slots[f"r{k}"] = a_, r_
        segs.append(f"{n}{{a{k}}}万元，占{{r{k}}}")
    beg = m(F["年初结转和结余"])
    b.p(f"{year}年度本年收入合计{{I}}万元，其中：" + "；".join(segs) + "。年初结转和结余{beg}万元。", I=In, beg=beg, **slots)
    b.sum("收入", In, nums)
    b.sum("收入总计", Tn, [In, beg])
    doc.slots["income_parts"] = nums
    b.h(0, "支出决算情况说明")
    Sn, Bn, Pn, En = m(F["支出合计"]), m(F["基本支出"]), m(F["项目支出"]), m(F["年末结转和结余"])
    rb = b.pct(b.fig("基本支出占比", Bsc / S * 100), 2)
    rp = b.pct(b.fig("项目支出占比", P / S * 100), 2)
    b.p(f"{year}年度本年支出合计{{S}}万元，其中：基本支出{{B}}万元，占{{rb}}；项目支出{{P}}万元，占{{rp}}。年末结转和结余{{E}}万元。",
        S=Sn, B=Bn, rb=rb, P=Pn, rp=rp, E=En)
    b.sum("支出", Sn, [Bn, Pn])
    b.sum("支出总计", Tn, [Sn, En])
    b.rate("基本支出占比", rb, Bn, Sn)
    b.rate("项目支出占比", rp, Pn, Sn)
    b.h(0, "财政拨款支出决算情况说明")
    Fsp = i1 + i2 - quant((i1 + i2) * D(rng.uniform(0.0, 0.05)), 2)
    Fsp = min(Fsp, S)
    funcs = picks(rng, ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出", "农林水支出", "城乡社区支出", "文化旅游体育与传媒支出"],
                  rng.randint(3, 5))
    amts = b.split(Fsp, len(funcs))
    Fn = m(b.fig("财政拨款支出", Fsp))
    fn = [m(b.fig(f"功能.{n}", a)) for n, a in zip(funcs, amts)]
    b.p(f"{year}年度财政拨款支出{{F}}万元，主要用于以下方面：" + "；".join(f"{n}{{f{k}}}万元" for k, n in enumerate(funcs)) + "。",
        F=Fn, **{f"f{k}": x for k, x in enumerate(fn)})
    b.sum("财政拨款支出", Fn, fn)
    b.le("财政拨款支出≤支出", Fn, Sn)
    # 三公
    b.h(0, "“三公”经费财政拨款支出决算情况说明")
    c = b.amount(1, 30)
    c0 = quant(c / D(rng.uniform(1.1, 1.5)) if v["sangong_rise"] else c * D(rng.uniform(1.05, 1.5)), 2)
    cb = quant(c * D(rng.uniform(1.0, 1.3)), 2)
    car_buy = D(0) if rng.random() < 0.75 else quant(c * D("0.35"), 2)
    rest = c - car_buy
    rec, run = b.split(rest, 2)
    car = car_buy + run
    cN, c0N, cbN = m(b.fig("三公", c)), m(b.fig("三公.prev", c0)), m(b.fig("三公.bud", cb))
    cr = b.pct(b.fig("三公完成预算", c / cb * 100), 2)
    up3 = c > c0
    trend3 = Txt("trend", "有所增加" if up3 else "有所下降")
    abroad, carN, buyN, runN, recN = (m(b.fig(k_, v_)) for k_, v_ in [("出国", 0), ("公务用车", car), ("购车", car_buy),
                                                                     ("运行", run), ("接待", rec)])
    doc.slots["sangong"] = (trend3, cN, c0N)
    b.para_parts(seq(f"{year}年度“三公”经费财政拨款支出决算为{{c}}万元，完成预算{{cb}}万元的{{cr}}，与上年{{c0}}万元相比",
                     c=cN, cb=cbN, cr=cr, c0=c0N) + [trend3] + seq(
        "。其中：因公出国（境）费{ab}万元；公务用车购置及运行维护费{car}万元（其中公务用车购置费{buy}万元，公务用车运行维护费{run}万元）；"
        "公务接待费{rec}万元。", ab=abroad, car=carN, buy=buyN, run=runN, rec=recN))
    b.rate("三公完成预算", cr, cN, cbN)
    b.check("三公增减表述", [trend3, cN, c0N], lambda trend3=trend3, cN=cN, c0N=c0N: _trend_ok(trend3, cN, c0N), kind="claim")
    b.sum("三公", cN, [abroad, carN, recN])
    b.sum("公务用车", carN, [buyN, runN])
    b.forbid(["sum."], [cN.text, buyN.text], "nested 其中 of 公务用车 in brackets: not an addend of 三公")
    # 政府采购
    b.h(0, "政府采购支出情况说明")
    g = quant(S * D(rng.uniform(0.02, 0.12)), 2)
    g_parts = b.split(g, 3)
    sme = quant(g * D(rng.uniform(0.5, 1.0)), 2)
    gN = m(b.fig("政府采购", g))
    gn = [m(b.fig(f"采购.{k}", x_)) for k, x_ in enumerate(g_parts)]
    sN = m(b.fig("中小企业", sme))
    sp = b.pct(b.fig("中小企业占比", sme / g * 100), 2)
    b.p(f"{year}年度政府采购支出总额{{g}}万元，其中：政府采购货物支出{{g0}}万元、政府采购工程支出{{g1}}万元、政府采购服务支出{{g2}}万元。"
        "授予中小企业合同金额{s}万元，占政府采购支出总额的{sp}。", g=gN, g0=gn[0], g1=gn[1], g2=gn[2], s=sN, sp=sp)
    b.sum("政府采购", gN, gn)
    b.rate("中小企业占比", sp, sN, gN)
    # 国有资产
    b.h(0, "国有资产占用情况说明")
    v1, v2 = rng.randint(1, 4), rng.randint(0, 3)
    VN, V1, V2 = (b.plain(b.fig(k_, x_)) for k_, x_ in [("车辆", v1 + v2), ("一般公务用车", v1), ("执法执勤用车", v2)])
    b.p(f"截至{year}年12月31日，本单位共有车辆{{v}}辆，其中：一般公务用车{{v1}}辆、执法执勤用车{{v2}}辆。", v=VN, v1=V1, v2=V2)
    b.sum("车辆", VN, [V1, V2])
    # ---- table in 元
    if v["table"]:
        doc.add(PageBreak())
        doc.add(Para([f"{year}年度收入支出决算总表"], "center"))
        doc.add(Para(["金额单位：元"], "right"))
        y_ = lambda f: b.num(f, 2, "yuan", sep=True)  # noqa: E731
        left = [("一、一般公共预算财政拨款收入", F["一般公共预算财政拨款收入"]), ("二、政府性基金预算财政拨款收入", F["政府性基金预算财政拨款收入"]),
                ("三、其他收入", F["其他收入"])]
        right = [("一、基本支出", F["基本支出"]), ("二、项目支出", F["项目支出"])]
        grid = [["收入", None, "支出", None], ["项目", "金额", "项目", "金额"]]
        ln = [y_(f) for _, f in left]
        rn = [y_(f) for _, f in right]
        for k in range(3):
            grid.append([left[k][0], ln[k], right[k][0] if k < 2 else None, rn[k] if k < 2 else None])
        tI, tS = y_(F["收入合计"]), y_(F["支出合计"])
        grid.append(["本年收入合计", tI, "本年支出合计", tS])
        tb, te = y_(F["年初结转和结余"]), y_(F["年末结转和结余"])
        grid.append(["年初结转和结余", tb, "年末结转和结余", te])
        t1, t2 = y_(F["收支总计"]), y_(F["收支总计"])
        grid.append(["总计", t1, "总计", t2])
        b.sum("表收入", tI, ln)
        b.sum("表支出", tS, rn)
        b.sum("表收入总计", t1, [tI, tb])
        b.sum("表支出总计", t2, [tS, te])
        doc.add(Table([[cell(c_) for c_ in row] for row in grid], merges=[(0, 0, 0, 1), (0, 2, 0, 3)],
                      widths=[2.6, 1.5, 2.2, 1.5], header_rows=2, font=9.5))
    sign = Txt("unit", ident.unit)
    units.append(sign)
    doc.add(Para([sign], "right"))
    if v["toc"]:
        heads = [p_.text for p_ in doc.paragraphs() if p_.style == "h1" or (p_.style == "h2" and p_.text.startswith("第"))]
        pub = f"公开时间：{year + 1}年{rng.randint(8, 10)}月{rng.randint(1, 28)}日"
        b.forbid(["year."], [str(year + 1)], "published the following year: normal")
        doc.blocks[toc_at:toc_at] = [Para(["目录"], "center"), Para([pub], "body")] + [Para([h_], "body") for h_ in heads] + [PageBreak()]
    return doc


def _count_names(n: Num, names: Txt) -> bool:
    w = n.written()
    if w is None:
        return True
    t = names.text.replace("及", "、").replace("和", "、")
    return int(w[0]) == len([x for x in t.split("、") if x])
