"""部门整体支出绩效自评报告: narrative + 基础数据表 + 指标评分表.

Variants (``doc.variant``):
- ``attach``: ``fujian`` (附件1 评分表, 附件2 基础数据表, 附件3 the report; or the report first),
  ``fubiao`` (the report, then 附表1/附表2), ``titled`` (tables after the report, titles only),
  ``none`` (no attachments: a summary score table inside the narrative).
- ``template``: ``hunan`` (一、部门（单位）基本情况 … 二、一般公共预算支出情况 … 六、部门整体支出绩效情况 …),
  ``six`` (一、机构编制人员情况 … 四、整体支出绩效目标完成情况 …), ``guangdong`` (部门职能 / 机构设置及人员情况 …).
- ``numbering``: 一、（一）1.（1） | 一、(一)1、(1) | 1. 1.1 1.1.1.
- ``score_layout``: ``cols`` (一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 评价标准 | 指标说明 | 得分),
  ``labels`` (weights in the labels: 投入（20分）… ; 自评分), ``simple`` (一级 | 二级 | 三级 | 分值 | 评分标准 | 得分).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .. import vocab
from ..common import (
    CIRCLED, FILLER, Builder, grade_check, grade_of, make_identity, picks, place_word,
)
from ..model import Diff, Doc, Num, PageBreak, Para, Table, Txt, cell, seq
from ..numbers import D, cn_number, quant

# key term of each unit type's duties (what a reviewer would quote when the duties are foreign)
DUTY_TERMS = {
    "water": "取水许可", "civil": "最低生活保障", "hr": "社会保险", "audit": "经济责任", "agri": "高标准农田",
    "culture": "非物质文化遗产", "emergency": "安全生产", "housing": "保障性安居工程", "health": "疾病预防控制",
    "library": "图书借阅", "school": "义务教育", "agritech": "测土配方施肥", "township": "民政优抚",
    "redcross": "无偿献血", "court": "刑事、民事、行政案件",
}


def duties_text(utype: str, place: str) -> tuple[str, list[str]]:
    if utype in vocab.UNIT_TYPES:
        clauses = vocab.UNIT_TYPES[utype]["duties"]
    else:
        clauses = vocab.FOREIGN_DUTIES[utype][2]
    return utype, [c.format(place=place) for c in clauses]


@dataclass
class Row:
    """One 三级 indicator of the 评分表."""

    l1: str
    l2: str
    name: str
    weight: Num
    score: Num
    rule: list  # parts of the rule text
    note: str = ""
    rule_full: Num | None = None  # the points the rule awards at best (same fact as the weight)
    check: object = None
    data_rule: bool = False


def _variant(rng: random.Random) -> dict:
    return {
        "attach": rng.choice(["fujian", "fujian", "fubiao", "titled", "none"]),
        "tables_first": rng.random() < 0.5,
        "template": rng.choice(["hunan", "six", "guangdong"]),
        "numbering": rng.choice(["cn", "cn", "cn_ascii", "decimal"]),
        "score_layout": rng.choice(["cols", "labels", "simple"]),
        "fullwidth": rng.random() < 0.2,
        "yuan_sentence": rng.random() < 0.3,
        "staff_breakdown": rng.choice(["closed", "closed", "partial", "nested"]),
        "bodies": rng.choice(["closed", "open_deng", "open_count"]),
        "projects_list": rng.choice(["closed", "open"]),
        "sangong_style": rng.choice(["full", "trend"]),
        "sangong_rise": rng.random() < 0.4,
        "staff_over": rng.random() < 0.2,
        "pubfee_over": rng.random() < 0.15,
        "grade_labels": rng.choice([0, 1]),
        "heading_styles": rng.random() < 0.4,
        "title_style": rng.choice(["heading", "title", "plain"]),
        "page_numbers": rng.choice(["dash", "plain", "cn", "none"]),
        "repeat_header": rng.random() < 0.5,
        "weights": rng.choice([(20, 40, 20, 20), (15, 40, 25, 20), (10, 60, 20, 10), (20, 30, 30, 20)]),
        "money_dp": 2,
    }


class DeptBuilder(Builder):
    def m(self, fig, **kw) -> Num:
        kw.setdefault("trim", False)
        return self.num(fig, 2, "wan", **kw)


def build(seed: int, variant: dict | None = None) -> Doc:
    rng = random.Random(f"dept-{seed}")
    v = _variant(rng)
    if variant:
        v.update(variant)
    utype = rng.choice([t for t in vocab.UNIT_TYPES if t != "school"] + ["school"])
    ident = make_identity(rng, utype)
    year = rng.randint(2019, 2024)
    title = f"{ident.unit}{year}年度部门整体支出绩效自评报告"
    doc = Doc("dept", seed, v, ident, year, title)
    b = DeptBuilder(doc, rng)
    data = _data(b)
    doc.slots["data"] = data
    rows = _score_rows(b, data)
    doc.slots["rows"] = rows
    attach = v["attach"]
    labels = {"fujian": ("附件1", "附件2", "附件3"), "fubiao": ("附表1", "附表2", None),
              "titled": (None, None, None), "none": (None, None, None)}[attach]
    if attach == "fujian" and not v["tables_first"]:
        labels = ("附件2", "附件3", "附件1")
    order = ["score", "base", "report"] if (attach == "fujian" and v["tables_first"]) else ["report", "score", "base"]
    if attach == "none":
        order = ["report"]
    for k, part in enumerate(order):
        if k:
            doc.add(PageBreak())
        if part == "report":
            _report(b, data, rows, labels[2])
        elif part == "score":
            _score_table(b, data, rows, labels[0])
        else:
            _base_table(b, data, labels[1])
    return doc


# --------------------------------------------------------------------------- data


def _data(b: DeptBuilder) -> dict:
    rng, doc, v = b.rng, b.doc, b.doc.variant
    d: dict = {}
    # staff
    if v["staff_over"]:
        N = rng.choice([20, 25, 40, 50])
        M = N + N // rng.choice([20, 10])  # 105% or 110%
    else:
        N = rng.randint(8, 90)
        M = N - rng.randint(0, max(1, N // 6))
    a = rng.randint(max(1, N // 5), max(2, N * 2 // 3))
    c = rng.choice([0, 0, rng.randint(1, 3)])
    bb = N - a - c
    if bb <= 0:
        a, bb, c = N // 2, N - N // 2, 0
    d["N"], d["M"], d["N_adm"], d["N_pub"], d["N_work"] = (b.fig(k, x) for k, x in
                                                           [("编制", N), ("在职", M), ("行政编制", a), ("事业编制", bb), ("工勤编制", c)])
    d["N_cg"] = b.fig("参公", rng.randint(1, max(1, bb // 2))) if bb > 1 else None
    d["R"] = b.fig("退休", rng.randint(0, N // 2))
    # money (万元)
    scale = rng.choice([(80, 400), (300, 1500), (1000, 6000)])
    fine = 6 if v["yuan_sentence"] else 2  # spending also written in 元 with fen
    S = b.amount(*scale, dp=fine)  # spending
    B1 = quant(S * D(rng.uniform(0.45, 0.7)), 2)
    B2 = quant(S * D(rng.uniform(0.05, 0.15)), 2)
    Bsc = B1 + B2
    P = S - Bsc
    i2 = quant(S * D(rng.uniform(0.0, 0.12)), 2)
    i3 = quant(S * D(rng.uniform(0.0, 0.05)), 2) if rng.random() < 0.5 else D(0)
    surplus = quant(S * D(rng.uniform(0.0, 0.06)), 2)
    surplus += i3  # 全年预算 = 收入 − 其他收入 must still cover the spending
    I = S + surplus
    i1 = I - i2 - i3
    Bud = I - i3  # 全年预算数 (财政拨款 + 结转)
    A0 = quant(Bud * D(rng.uniform(0.75, 1.0)), 2) if rng.random() < 0.7 else Bud
    add = Bud - A0
    for k, x in [("收入合计", I), ("财政拨款收入", i1), ("上年结转", i2), ("其他收入", i3), ("支出合计", S), ("基本支出", Bsc),
                 ("人员经费", B1), ("公用经费", B2), ("项目支出", P), ("全年预算", Bud), ("年初预算", A0), ("追加预算", add),
                 ("年末结余", surplus)]:
        d[k] = b.fig(k, x)
    d["rate"] = b.fig("预算执行率", S / Bud * 100)
    # projects: two categories (业务工作专项 / 运行维护专项) and named projects under them
    spec = vocab.UNIT_TYPES[doc.ident.utype]
    names = picks(rng, spec["projects"], rng.choice([2, 3, 4]))
    parts = b.split(P, len(names))
    d["projects"] = [(n, b.fig(f"项目.{n}", x)) for n, x in zip(names, parts)]
    cat = b.split(P, 2)
    d["P_biz"], d["P_run"] = b.fig("业务工作专项", cat[0]), b.fig("运行维护专项", cat[1])
    # 三公经费: 公务接待 + 公务用车(购置 + 运行维护) + 出国
    c_cur = b.amount(0.5, 25)
    if v["sangong_rise"]:
        c_prev = quant(c_cur / D(rng.uniform(1.3, 1.8)), 2)
    else:
        c_prev = quant(c_cur * D(rng.uniform(1.05, 1.5)), 2)
    c_bud = quant(c_cur * D(rng.uniform(1.0, 1.3)), 2)
    for tag, total in [("cur", c_cur), ("prev", c_prev), ("bud", c_bud)]:
        buy = D(0) if rng.random() < 0.8 else quant(total * D("0.4"), 2)
        rest = total - buy
        recep, run = b.split(rest, 2)
        d[f"三公.{tag}"] = b.fig(f"三公.{tag}", total)
        d[f"公务接待.{tag}"] = b.fig(f"公务接待.{tag}", recep)
        d[f"公务用车.{tag}"] = b.fig(f"公务用车.{tag}", buy + run)
        d[f"公车购置.{tag}"] = b.fig(f"公车购置.{tag}", buy)
        d[f"公车运行.{tag}"] = b.fig(f"公车运行.{tag}", run)
        d[f"出国.{tag}"] = b.fig(f"出国.{tag}", 0)
    d["三公.diff"] = b.fig("三公.diff", abs(c_cur - c_prev))
    d["三公.change"] = b.fig("三公.change", abs(c_cur - c_prev) / c_prev * 100)
    # 公用经费: 预算 and 上年; partial 其中
    if v["pubfee_over"]:
        k = rng.choice([2, 3, 5])
        gb = quant(B2 / (1 + D(k) / 100), 0)
        B2 = quant(gb * (1 + D(k) / 100), 2)
        d["公用经费"].value = B2
        d["基本支出"].value = B1 + B2
        Bsc = B1 + B2
        P = S - Bsc
        d["项目支出"].value = P
        parts = b.split(P, len(names))
        d["projects"] = [(n, b.fig(f"项目.{n}", x)) for n, x in zip(names, parts)]
        cat = b.split(P, 2)
        d["P_biz"].value, d["P_run"].value = cat
    else:
        gb = quant(B2 * D(rng.uniform(1.0, 1.2)), 2)
    d["公用经费.bud"] = b.fig("公用经费.bud", gb)
    d["公用经费.prev"] = b.fig("公用经费.prev", quant(B2 * D(rng.uniform(0.8, 1.2)), 2))
    office = quant(B2 * D(rng.uniform(0.2, 0.35)), 2)
    d["办公经费"] = b.fig("办公经费", office)
    d["水电差旅"] = b.fig("水电差旅", quant(B2 * D(rng.uniform(0.1, 0.2)), 2))
    d["会议培训"] = b.fig("会议培训", quant(B2 * D(rng.uniform(0.02, 0.1)), 2))
    P_prev = quant(P * D(rng.uniform(0.7, 1.3)), 2)
    P_bud = quant(P * D(rng.uniform(1.0, 1.15)), 2)
    d["项目支出.prev"], d["项目支出.bud"] = b.fig("项目支出.prev", P_prev), b.fig("项目支出.bud", P_bud)
    for tag, total in [("prev", P_prev), ("bud", P_bud)]:
        x = b.split(total, 2)
        d[f"P_biz.{tag}"], d[f"P_run.{tag}"] = b.fig(f"P_biz.{tag}", x[0]), b.fig(f"P_run.{tag}", x[1])
    for k in ("办公经费", "水电差旅", "会议培训"):
        d[k + ".prev"] = b.fig(k + ".prev", quant(d[k].value * D(rng.uniform(0.8, 1.2)), 2))
        d[k + ".bud"] = b.fig(k + ".bud", quant(d[k].value * D(rng.uniform(1.0, 1.2)), 2))
    d["采购"] = b.fig("政府采购", quant(S * D(rng.uniform(0.01, 0.08)), 2))
    d["采购.bud"] = b.fig("政府采购.bud", quant(d["采购"].value * D(rng.uniform(1.0, 1.1)), 2))
    d["bodies"] = list(spec.get("bodies", []))
    d["duties"] = duties_text(doc.ident.utype, place_word(doc.ident))
    return d


# --------------------------------------------------------------------------- 评分表 rows


def _score_rows(b: DeptBuilder, d: dict) -> list[Row]:
    rng, v = b.rng, b.doc.variant
    w_in, w_proc, w_out, w_eff = v["weights"]
    rows: list[Row] = []

    def add(l1, l2, name, w, rule_tpl, score, note="", data_rule=False, rule_points=True):
        wfig = b.fig(f"w.{name}", w)
        weight = b.plain(wfig)
        s = D(score)
        sc = b.plain(b.fig(f"s.{name}", s), 0 if s == s.to_integral() else (1 if (s * 10) == (s * 10).to_integral() else 2))
        rule_full = b.plain(wfig) if rule_points else None
        rule = seq(rule_tpl, w=rule_full) if rule_points else [rule_tpl]
        r = Row(l1, l2, name, weight, sc, rule, note, rule_full, data_rule=data_rule)
        rows.append(r)
        return r

    # ---- 投入
    w_goal = min(w_in // 2, 6)
    w_alloc = w_in - w_goal
    g1, g2 = b.split_weights(w_goal, 2) if w_goal >= 4 else (w_goal, 0)
    add("投入", "目标设定", "绩效目标合理性", g1, "①是否符合国家法律法规和本地区发展规划；②是否符合部门“三定”方案确定的职责；③是否与预算资金相匹配。全部符合计{w}分，每有一项不符合酌情扣分。",
        _free(rng, g1))
    if g2:
        add("投入", "目标设定", "绩效指标明确性", g2, "①绩效目标细化分解为具体工作任务；②通过清晰、可衡量的指标值予以体现；③与部门年度任务数相对应。全部符合计{w}分，每缺一项酌情扣分。",
            _free(rng, g2))
    a1, a2, a3 = b.split_weights(w_alloc, 3) if w_alloc >= 6 else (w_alloc - 2, 2, 0)
    ded = rng.choice([D("0.5"), D("0.1"), D("1")])
    N, M = d["N"].value, d["M"].value
    over = max(D(0), (M / N * 100 - 100))
    s_staff = max(D(0), D(a1) - over * ded)
    r = add("投入", "预算配置", "在职人员控制率", a1,
            f"以100%为标准，在职人员控制率≤100%，计{{w}}分；每超过一个百分点扣{ded}分，扣完为止。", s_staff,
            "在职人员控制率=（在职人员数/编制数）×100%。", data_rule=True)
    r.check = ("staff", ded)
    ded3 = rng.choice([D("0.5"), D("1")])
    c, c0 = d["三公.cur"].value, d["三公.prev"].value
    rise = max(D(0), (c - c0) / c0 * 100)
    s_3 = max(D(0), D(a2) - rise * ded3)
    assert s_3 in (D(0), D(a2)), "a rise of 三公经费 is generated large enough to take all points (no step-rounding question)"
    r = add("投入", "预算配置", "“三公经费”变动率", a2,
            f"“三公经费”变动率≤0，计{{w}}分；“三公经费”变动率＞0，每超过一个百分点扣{ded3}分，扣完为止。", s_3,
            "“三公经费”变动率=[（本年度“三公经费”决算数-上年度“三公经费”决算数）/上年度“三公经费”决算数]×100%。", data_rule=True)
    r.check = ("sangong", ded3)
    if a3:
        add("投入", "预算配置", "重点支出安排率", a3, "重点支出安排率≥90%计{w}分，每低于一个百分点扣0.5分，扣完为止。", _free(rng, a3, full=0.8),
            "重点支出安排率=（重点项目支出/项目总支出）×100%。")
    # ---- 过程
    w_exec = w_proc * 2 // 4
    w_mgmt = w_proc - w_exec
    e1, e2, e3 = b.split_weights(w_exec, 3)
    rate = d["rate"].value
    s_exec = quant(min(rate, D(100)) / 100 * e1, 2)
    r = add("过程", "预算执行", "预算执行率", e1, "按预算执行率×{w}分计算得分，满分为止。", s_exec,
            "预算执行率=（实际支出数/全年预算数）×100%。", data_rule=True)
    r.check = ("exec", None)
    gb, g = d["公用经费.bud"].value, d["公用经费"].value
    over_g = max(D(0), (g / gb * 100 - 100))
    s_g = max(D(0), D(e2) - over_g * 1)
    s_g = quant(s_g, 2)
    r = add("过程", "预算执行", "公用经费控制率", e2, "100%以下（含）计{w}分，每超出1%扣1分，扣完为止。", s_g,
            "公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。", data_rule=True)
    r.check = ("pubfee", None)
    r = add("过程", "预算执行", "“三公经费”控制率", e3, "100%以下（含）计{w}分，每超出1%扣1分，扣完为止。", D(e3),
            "“三公经费”控制率=（“三公经费”实际支出数/“三公经费”预算安排数）×100%。", data_rule=True)
    r.check = ("sangong_ctrl", None)
    m1, m2, m3 = b.split_weights(w_mgmt, 3)
    add("过程", "预算管理", "管理制度健全性", m1, "①有内部财务管理制度、会计核算制度等管理制度；②有本部门厉行节约制度；③相关管理制度得到有效执行。全部具备计{w}分，每缺一项酌情扣分。",
        _free(rng, m1))
    add("过程", "预算管理", "资金使用合规性", m2, "支出符合财经法规和财务管理制度规定，资金拨付有完整的审批程序和手续，无截留、挤占、挪用、虚列支出等情况，计{w}分；每出现一例不符合要求的扣1分，扣完为止。",
        _free(rng, m2, full=0.9))
    add("过程", "预算管理", "预决算信息公开性", m3, "按规定内容、时限公开预决算信息，基础数据信息真实、完整、准确，计{w}分；每缺一项扣1分。",
        _free(rng, m3, full=0.9))
    # ---- 产出
    o1, o2, o3 = b.split_weights(w_out, 3)
    add("产出", "职责履行", "重点工作实际完成率", o1, "重点工作全部完成计{w}分，未完成的按完成比例计分。", _free(rng, o1, full=0.7))
    add("产出", "职责履行", "完成及时率", o2, "按时完成计{w}分，每延迟一项扣1分，扣完为止。", _free(rng, o2, full=0.8))
    add("产出", "职责履行", "质量达标率", o3, "质量达标率100%计{w}分，每降低一个百分点扣0.5分。", _free(rng, o3, full=0.8))
    # ---- 效果
    f1, f2 = b.split_weights(w_eff, 2)
    add("效果", "履职效益", "社会效益", f1, "促进事业发展、服务群众效果明显计{w}分；效果一般的酌情扣分；无效果不得分。", _free(rng, f1, full=0.6))
    add("效果", "履职效益", "社会公众或服务对象满意度", f2, "满意度90%（含）以上计{w}分；80%（含）-90%按比例扣分；低于80%不得分。", _free(rng, f2, full=0.7))
    return rows


def _free(rng: random.Random, w: int, full: float = 0.75) -> Decimal:
    """A score the report's data cannot check: full marks, or a small deduction."""
    if rng.random() < full or w <= 1:
        return D(w)
    return D(w) - rng.choice([D("0.5"), D(1)]) if w >= 2 else D(w)


# --------------------------------------------------------------------------- the report


def _report(b: DeptBuilder, d: dict, rows: list[Row], label: str | None) -> None:
    doc, rng, v, ident = b.doc, b.rng, b.doc.variant, b.doc.ident
    year = doc.year
    unit_txt = lambda: Txt("unit", ident.unit)  # noqa: E731
    selfref = lambda: Txt("selfref", ident.selfref if rng.random() < 0.7 else rng.choice(["本单位", "我单位"]))  # noqa: E731
    doc.slots.setdefault("units", [])
    doc.slots.setdefault("selfrefs", [])
    if label:
        doc.add(Para([label], "attach"))
    t = unit_txt()
    doc.slots["units"].append(t)
    doc.add(Para([t, f"{year}年度部门整体支出绩效自评报告"], "title"))
    # preamble with the notice (issued the following year) and the budget approval of the year
    cityfin = ident.city + "财政局" if ident.level == "city" else ident.county + "财政局"
    notice_no = f"{ident.county[0] if ident.county else ident.city[0]}财绩〔{year + 1}〕{rng.randint(1, 30)}号"
    doc.slots["notice_year"] = year + 1
    fin_abbr = (ident.county or ident.city)[0]
    basis = Txt("basis", f"《{cityfin}关于批复{year}年部门预算的通知》（{fin_abbr}财预〔{year}〕{rng.randint(2, 80)}号）")
    doc.slots["basis"] = basis
    t2 = unit_txt()
    doc.slots["units"].append(t2)
    b.para_parts(seq(f"根据《{cityfin}关于开展{year}年度预算绩效自评工作的通知》（{notice_no}）要求，", ) + [t2] +
                 [f"对{year}年度部门整体支出开展了绩效自评。现将自评情况报告如下："])
    b.forbid(["year."], [str(year + 1)], f"the notice of {year + 1} on evaluating {year}: not stale")
    tpl = v["template"]
    H1 = {"hunan": ["部门（单位）基本情况", "一般公共预算支出情况", "部门整体支出绩效情况", "存在的问题及原因分析", "下一步改进措施"],
          "six": ["机构编制人员情况", "年度整体支出及管理情况", "整体支出绩效目标完成情况", "存在的问题", "改进措施和有关建议"],
          "guangdong": ["部门基本情况", "部门整体支出情况", "绩效自评结论及分析", "存在问题", "改进措施"]}[tpl]
    # ---- 一
    b.h(0, H1[0])
    b.h(1, "部门职能")
    utype, clauses = d["duties"]
    marks = [f"{i}." for i in range(1, len(clauses) + 1)] if rng.random() < 0.5 else [f"（{i}）" for i in range(1, len(clauses) + 1)]
    duties = Txt("duties", "；".join(m + c for m, c in zip(marks, clauses)) + "。")
    doc.slots["duties"] = duties
    sr = selfref()
    doc.slots["selfrefs"].append(sr)
    b.para_parts([sr, "的主要职能是：", duties])
    b.h(1, "机构设置及人员情况")
    _bodies(b, d)
    _staff(b, d)
    # ---- 二
    b.h(0, H1[1])
    _money(b, d)
    # ---- 三: performance and conclusion
    b.h(0, H1[2])
    _performance(b, d, rows)
    # ---- 四 五
    b.h(0, H1[3])
    problems = picks(rng, FILLER["problems"], rng.choice([2, 3]))
    style = rng.choice(["yishi", "circled", "lines"])
    if style == "circled":
        b.p("".join(f"{CIRCLED[k]}{t}" for k, t in enumerate(problems)))
    else:
        for k, text in enumerate(problems):
            b.p(f"{'一二三'[k]}是{text}" if style == "yishi" else text)
    b.h(0, H1[4])
    for k, text in enumerate(picks(rng, FILLER["measures"], 2), 1):
        b.p(f"{k}.{text}" if v["numbering"] != "decimal" else text)
    if v["attach"] == "none":
        _summary_table(b, d, rows)
    sign = Txt("unit", ident.unit)
    doc.slots["units"].append(sign)
    doc.add(Para([sign], "right"))
    doc.add(Para([f"{year + 1}年{rng.randint(3, 6)}月{rng.randint(1, 28)}日"], "right"))
    b.forbid(["year."], [f"{year + 1}年"], "report dated the following year: normal")


def _bodies(b: DeptBuilder, d: dict) -> None:
    rng, v, doc = b.rng, b.doc.variant, b.doc
    bodies = picks(rng, d["bodies"], rng.randint(4, len(d["bodies"])))
    k = len(bodies)
    style = v["bodies"]
    sr = Txt("selfref", doc.ident.selfref)
    doc.slots["selfrefs"].append(sr)
    if style == "closed":
        n = b.plain(b.fig("内设机构数", k))
        names = Txt("names", "、".join(bodies), items=bodies)
        doc.slots["bodies"] = (n, names)
        b.para_parts([sr] + seq("内设{n}个股室（机构）：", n=n) + [names, "。"])
        b.check("内设机构数", [n, names], lambda n=n, names=names: _count_ok(n, names), kind="count")
        b.forbid(["count."], [n.text, bodies[0]], "the count matches the names listed")
    elif style == "open_deng":
        shown = bodies[: max(2, k - 2)]
        b.para_parts([sr, "内设" + "、".join(shown) + "等股室，下属事业单位" + cn_number(rng.randint(1, 3)) + "个。"])
    else:
        shown = bodies[: max(2, k - 2)]
        n = b.plain(b.fig("内设机构数", k))
        b.para_parts([sr] + seq("内设" + "、".join(shown) + "等{n}个股室。", n=n))
        b.forbid(["count."], [n.text, shown[0]], "the list ends in 等: fewer names than the count is not a contradiction")


def _count_ok(n: Num, names: Txt) -> bool:
    w = n.written()
    if w is None:
        return True
    items = [x for x in names.text.split("、") if x]
    return int(w[0]) == len(items)


def _staff(b: DeptBuilder, d: dict) -> None:
    v, doc = b.doc.variant, b.doc
    N, M = b.plain(d["N"]), b.plain(d["M"])
    doc.slots["staff"] = (N, M)
    a, pub, work = b.plain(d["N_adm"]), b.plain(d["N_pub"]), b.plain(d["N_work"])
    style = v["staff_breakdown"]
    R = b.plain(d["R"])
    if style == "partial":
        b.p("核定编制{N}名，其中行政编制{a}名；年末实有在职人员{M}人，退休人员{R}人。", N=N, a=a, M=M, R=R)
        b.forbid(["sum."], [N.text, a.text], "其中 names one part only: a partial breakdown, not a sum")
        return
    parts = [a, pub] + ([work] if d["N_work"].value else [])
    if style == "nested" and d["N_cg"] is not None:
        cg = b.plain(d["N_cg"])
        tpl = "核定编制{N}名，其中行政编制{a}名、事业编制{pub}名（其中参照公务员法管理{cg}名）"
        slots = dict(N=N, a=a, pub=pub, cg=cg)
        b.forbid(["sum."], [pub.text, cg.text], "nested 其中 in brackets is a part of 事业编制, not an addend")
    else:
        tpl = "核定编制{N}名，其中行政编制{a}名、事业编制{pub}名"
        slots = dict(N=N, a=a, pub=pub)
    if d["N_work"].value:
        tpl += "、工勤编制{work}名"
        slots["work"] = work
    tpl += "；年末实有在职人员{M}人，退休人员{R}人。"
    b.p(tpl, M=M, R=R, **slots)
    b.sum("编制", N, parts)


def _money(b: DeptBuilder, d: dict) -> None:
    rng, v, doc = b.rng, b.doc.variant, b.doc
    year = doc.year
    m = b.m
    # income
    b.h(1, "收入情况")
    I, i1, i2, i3 = m(d["收入合计"]), m(d["财政拨款收入"]), m(d["上年结转"]), m(d["其他收入"])
    if d["其他收入"].value:
        b.p(f"{year}年度收入合计{{I}}万元，其中：财政拨款收入{{i1}}万元，上年结转{{i2}}万元，其他收入{{i3}}万元。", I=I, i1=i1, i2=i2, i3=i3)
        b.sum("收入", I, [i1, i2, i3])
    else:
        b.p(f"{year}年度收入合计{{I}}万元，其中：财政拨款收入{{i1}}万元，上年结转{{i2}}万元。", I=I, i1=i1, i2=i2)
        b.sum("收入", I, [i1, i2])
    # spending with a nested 其中 in brackets
    b.h(1, "支出情况")
    S, Bsc, B1, B2, P = m(d["支出合计"]), m(d["基本支出"]), m(d["人员经费"]), m(d["公用经费"]), m(d["项目支出"])
    sur = m(d["年末结余"])
    doc.slots["spend"] = (S, I)
    if v["yuan_sentence"]:
        Sy = b.num(d["支出合计"], 2, "yuan", sep=True)
        b.p(f"{year}年度支出合计{{Sy}}元（折合{{S}}万元），其中：基本支出{{Bsc}}万元（其中：人员经费{{B1}}万元，公用经费{{B2}}万元），项目支出{{P}}万元；年末结转结余{{sur}}万元。",
            Sy=Sy, S=S, Bsc=Bsc, B1=B1, B2=B2, P=P, sur=sur)
    else:
        b.p(f"{year}年度支出合计{{S}}万元，其中：基本支出{{Bsc}}万元（其中：人员经费{{B1}}万元，公用经费{{B2}}万元），项目支出{{P}}万元；年末结转结余{{sur}}万元。",
            S=S, Bsc=Bsc, B1=B1, B2=B2, P=P, sur=sur)
    b.sum("支出", S, [Bsc, P])
    b.sum("基本支出", Bsc, [B1, B2])
    b.sum("收支", I, [S, sur])
    b.le("支出≤收入", S, I)
    b.forbid(["sum."], [S.text, B1.text], "nested 其中 in brackets: 人员经费 and 公用经费 are parts of 基本支出, not of the total")
    # 公用经费 partial breakdown
    B2b = m(d["公用经费"])
    off = m(d["办公经费"])
    if rng.random() < 0.5:
        b.p("公用经费{g}万元，主要用于办公费{o}万元、水费电费差旅费{w}万元等日常运转支出。", g=B2b, o=off, w=m(d["水电差旅"]))
    else:
        b.p("公用经费{g}万元，其中办公经费{o}万元。", g=B2b, o=off)
    b.forbid(["sum."], [B2b.text, off.text], "a partial breakdown of 公用经费 (主要用于…等 / one 其中 item)")
    # projects
    b.h(1, "项目支出情况")
    P2 = m(d["项目支出"])
    projs = d["projects"]
    names = [n for n, _ in projs]
    if v["projects_list"] == "closed":
        n = b.plain(b.fig("项目数", len(names)))
        lst = Txt("names", "、".join(names), items=names)
        doc.slots["projects"] = (n, lst)
        b.para_parts(seq(f"{year}年度项目支出{{P}}万元，共实施{{n}}个项目，分别是：", P=P2, n=n) + [lst, "。"])
        b.check("项目数", [n, lst], lambda n=n, lst=lst: _count_ok(n, lst), kind="count")
    else:
        b.p(f"{year}年度项目支出{{P}}万元，主要用于" + "、".join(names[:2]) + "等项目。", P=P2)
    amounts = [m(f) for _, f in projs]
    parts_tpl = "；".join(f"{n}{{x{k}}}万元" for k, (n, _) in enumerate(projs))
    P3 = m(d["项目支出"])
    b.p("按项目分：" + parts_tpl + "，合计{P}万元。", P=P3, **{f"x{k}": a for k, a in enumerate(amounts)})
    b.sum("项目支出按项目", P3, amounts)
    # 三公
    b.h(1, "“三公”经费支出情况")
    c, c0 = m(d["三公.cur"]), m(d["三公.prev"])
    rec, car, abroad = m(d["公务接待.cur"]), m(d["公务用车.cur"]), m(d["出国.cur"])
    up = d["三公.cur"].value > d["三公.prev"].value
    car_label = "公务用车运行维护费" if d["公车购置.cur"].value == 0 else "公务用车购置及运行维护费"
    if v["sangong_style"] == "full":
        diff, ch = m(d["三公.diff"]), b.pct(d["三公.change"], 2, suffix="")
        word = ("增加", "增长") if up else ("减少", "下降")
        trend = Txt("trend", word[1])
        b.para_parts(seq(f"{year}年“三公”经费支出{{c}}万元，其中：公务接待费{{r}}万元，{car_label}{{car}}万元，因公出国（境）费{{ab}}万元；"
                         f"较上年{{c0}}万元{word[0]}{{d}}万元，", c=c, r=rec, car=car, ab=abroad, c0=c0, d=diff)
                     + [trend] + seq("{e}%。", e=ch) + ([("主要原因是工作任务增加，公务接待和车辆运行维护支出相应增加。")] if up else []))
        doc.rel(Diff("三公增减额", diff, c, c0))
        from ..model import Change
        doc.rel(Change("三公增减率", ch, c, c0))
    else:
        trend = Txt("trend", "有所增加" if up else "有所下降")
        b.para_parts(seq(f"{year}年“三公”经费支出{{c}}万元，其中：公务接待费{{r}}万元，{car_label}{{car}}万元，因公出国（境）费{{ab}}万元，"
                         "与上年{c0}万元相比", c=c, r=rec, car=car, ab=abroad, c0=c0) + [trend, "。"])
    doc.slots["sangong"] = (trend, c, c0)
    b.check("三公增减表述", [trend, c, c0], lambda trend=trend, c=c, c0=c0: _trend_ok(trend, c, c0), kind="claim")
    b.sum("三公", c, [rec, car, abroad])
    # budget execution
    b.h(1, "预算执行情况")
    A0, add, Bud = m(d["年初预算"]), m(d["追加预算"]), m(d["全年预算"])
    S2 = m(d["支出合计"])
    r = b.pct(d["rate"], rng.choice([2, 2, 1]))
    doc.slots["exec"] = (r, S2, Bud)
    if d["追加预算"].value:
        b.p("年初预算{A0}万元，年中追加预算{add}万元，全年预算数{Bud}万元，全年实际支出{S}万元，预算执行率为{r}。", A0=A0, add=add, Bud=Bud, S=S2, r=r)
        b.sum("全年预算", Bud, [A0, add])
    else:
        b.p("全年预算数{Bud}万元，全年实际支出{S}万元，预算执行率为{r}。", Bud=Bud, S=S2, r=r)
    b.rate("预算执行率", r, S2, Bud)
    b.le("支出≤预算", S2, Bud)
    doc.slots.setdefault("rule_nums", {}).update(S=S2, Bud=Bud)
    doc.slots["money"] = dict(I=I, S=S, P=P, P2=P2, P3=P3, c=c, c0=c0, B2=B2, B2b=B2b)


def _trend_ok(trend: Txt, c: Num, c0: Num) -> bool:
    a, p = c.written(), c0.written()
    if a is None or p is None:
        return True
    down = any(w in trend.text for w in ("下降", "减少"))
    upw = any(w in trend.text for w in ("增加", "增长", "上升"))
    if down:
        return a[0] <= p[0]
    if upw:
        return a[0] >= p[0]
    return True


def _performance(b: DeptBuilder, d: dict, rows: list[Row]) -> None:
    rng, v, doc = b.rng, b.doc.variant, b.doc
    year = doc.year
    ident = doc.ident
    total = sum((r.score.fig.value for r in rows), D(0))
    T = doc.slots.get("total_fig") or b.fig("总分", total)
    doc.slots["total_fig"] = T
    Tn = b.plain(T, 0 if total == total.to_integral() else 2)
    G = Txt("grade", grade_of(total, v["grade_labels"]))
    yr = Txt("evalyear", str(year))
    sr = Txt("selfref", ident.selfref)
    doc.slots["selfrefs"].append(sr)
    doc.slots["conclusion"] = (Tn, G, yr)
    S = b.m(d["支出合计"])
    doc.slots["restate_S"] = S
    g = b.m(d["公用经费"])
    gb = b.m(d["公用经费.bud"])
    b.para_parts(seq("根据部门整体支出绩效评价指标体系，经自评，") + [sr, yr] +
                 seq("年度部门整体支出绩效自评得分为{T}分，评价等级为“", T=Tn) + [G, "”。"])
    grade_check(b, "结论等级", G, Tn)
    b.check("结论年度", [yr], lambda yr=yr, year=year: yr.text == str(year), kind="year")
    basis = doc.slots["basis"]
    b.para_parts([f"{year}年度，本单位严格按照", basis] +
                 seq("组织预算执行，全年部门整体支出{S}万元，各项支出均控制在预算范围内。", S=S))
    b.check("预算批复年度", [basis], lambda basis=basis, year=year: _only_year(basis.text, year), kind="year")
    if not v["pubfee_over"]:
        b.p("全年公用经费支出{g}万元，控制在年初预算{gb}万元以内。", g=g, gb=gb)
        b.le("公用经费≤预算", g, gb)
    for text in picks(rng, FILLER["management"], 2):
        b.p(text)


# --------------------------------------------------------------------------- tables


def _score_table(b: DeptBuilder, d: dict, rows: list[Row], label: str | None) -> None:
    doc, rng, v = b.doc, b.rng, b.doc.variant
    if label:
        doc.add(Para([label], "attach"))
    doc.add(Para(["部门整体支出绩效评价指标评分表" if rng.random() < 0.5 else "部门整体支出绩效评价指标表"], "title"))
    layout = v["score_layout"]
    l1s = []
    for r in rows:
        if r.l1 not in l1s:
            l1s.append(r.l1)
    l2s = []
    for r in rows:
        if (r.l1, r.l2) not in l2s:
            l2s.append((r.l1, r.l2))
    w1 = {l1: sum(r.weight.fig.value for r in rows if r.l1 == l1) for l1 in l1s}
    w2 = {k: sum(r.weight.fig.value for r in rows if (r.l1, r.l2) == k) for k in l2s}
    W1 = {l1: b.plain(b.fig(f"w1.{l1}", w)) for l1, w in w1.items()}
    W2 = {k: b.plain(b.fig(f"w2.{k[1]}", w)) for k, w in w2.items()}
    T = doc.slots.get("total_fig") or b.fig("总分", sum((r.score.fig.value for r in rows), D(0)))
    doc.slots["total_fig"] = T
    tot_s = T.value
    Ts = b.plain(T, 0 if tot_s == tot_s.to_integral() else 2)
    Tw = b.plain(b.fig("总分值", 100))
    doc.slots["score_total"] = Ts
    grid: list[list] = []
    merges = []
    if layout == "cols":
        grid.append(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明", "得分"])
        for r in rows:
            grid.append([r.l1, W1[r.l1], r.l2, W2[(r.l1, r.l2)], r.name, r.weight, r.rule, r.note, r.score])
        widths = [0.8, 0.5, 0.9, 0.5, 1.3, 0.5, 3.0, 2.2, 0.6]
        grid.append(["合计", Tw, None, None, None, None, None, None, Ts])
    elif layout == "labels":
        grid.append(["一级指标", "二级指标", "三级指标", "评分及标准", "指标说明", "自评分"])
        for r in rows:
            grid.append([seq(r.l1 + "（{w}分）", w=W1[r.l1]), seq(r.l2 + "（{w}分）", w=W2[(r.l1, r.l2)]),
                         seq(r.name + "（{w}分）", w=r.weight), r.rule, r.note, r.score])
        widths = [0.9, 1.0, 1.4, 3.2, 2.4, 0.6]
        grid.append(["合计", seq("{w}分", w=Tw), None, None, None, Ts])
    else:
        grid.append(["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"])
        for r in rows:
            grid.append([seq(r.l1 + "（{w}分）", w=W1[r.l1]), seq(r.l2 + "（{w}分）", w=W2[(r.l1, r.l2)]), r.name, r.weight,
                         r.rule, r.score])
        widths = [0.9, 1.0, 1.4, 0.5, 3.6, 0.6]
        grid.append(["合计", None, None, Tw, None, Ts])
    # vertical merges of the level-1 / level-2 cells (label and weight columns)
    groups = [(0, 1), (1, 1), (2, 2), (3, 2)] if layout == "cols" else [(0, 1), (1, 2)]
    n = len(rows)
    for col, level in groups:
        key = (lambda r: r.l1) if level == 1 else (lambda r: (r.l1, r.l2))
        start = 0
        for i in range(1, n + 1):
            if i == n or key(rows[i]) != key(rows[start]):
                if i - 1 > start:
                    merges.append((start + 1, col, i, col))
                    for rr in range(start + 2, i + 1):
                        grid[rr][col] = None
                start = i
    last = len(grid) - 1
    if layout == "cols":
        merges.append((last, 2, last, 7))
    elif layout == "labels":
        merges.append((last, 2, last, 4))
    else:
        merges += [(last, 0, last, 2), (last, 4, last, 4)]
    t = Table([[cell(c) for c in row] for row in grid], merges=[m for m in merges if m[0] != m[2] or m[1] != m[3]],
              widths=widths, header_rows=1, repeat_header=v["repeat_header"], font=8)
    doc.add(t)
    # relations
    b.sum("总分值", Tw, list(W1.values()))
    doc.slots["score_heads"] = (W1, W2)
    for l1 in l1s:
        kids = [W2[k] for k in l2s if k[0] == l1]
        lab = W1[l1]
        b.check(f"{l1}分值", [lab] + kids, lambda lab=lab, kids=kids: _adds(lab, kids), kind="heading")
    for k in l2s:
        kids = [r.weight for r in rows if (r.l1, r.l2) == k]
        lab = W2[k]
        b.check(f"{k[1]}分值", [lab] + kids, lambda lab=lab, kids=kids: _adds(lab, kids), kind="heading")
    b.sum("总分", Ts, [r.score for r in rows])
    for r in rows:
        b.le(f"{r.name}得分≤分值", r.score, r.weight)
        sc = r.score
        b.check(f"{r.name}得分已填", [sc], lambda sc=sc: bool(sc.text.strip()), kind="filled")
        if r.check:
            _rule_check(b, d, r)
    doc.slots["score_rows_placed"] = True


def _only_year(text: str, year: int) -> bool:
    import re
    return {int(y) for y in re.findall(r"(?:19|20)\d\d", text)} == {year}


def _adds(lab: Num, kids: list[Num]) -> bool:
    a = lab.written()
    ks = [k.written() for k in kids]
    if a is None or any(k is None for k in ks):
        return True
    return abs(sum(k[0] for k in ks) - a[0]) <= a[1] + sum(k[1] for k in ks)


def _rule_check(b: DeptBuilder, d: dict, r: Row) -> None:
    """The self-score the row's own rule gives on the report's own data (capped at the weight)."""
    kind, ded = r.check
    nums = b.doc.slots.setdefault("rule_nums", {})

    def expected() -> Decimal | None:
        full = r.rule_full.written() if r.rule_full is not None else r.weight.written()
        w = r.weight.written()
        if full is None or w is None:
            return None
        full_v = min(full[0], w[0])
        if kind == "staff":
            N, M = nums["N"].written(), nums["M"].written()
            if not N or not M:
                return None
            over = max(D(0), M[0] / N[0] * 100 - 100)
            return max(D(0), full_v - over * ded)
        if kind == "sangong":
            c, c0 = nums["c"].written(), nums["c0"].written()
            if not c or not c0:
                return None
            rise = max(D(0), (c[0] - c0[0]) / c0[0] * 100)
            return max(D(0), full_v - rise * ded)
        if kind == "exec":
            S, Bud = nums["S"].written(), nums["Bud"].written()
            if not S or not Bud:
                return None
            return min(S[0] / Bud[0], D(1)) * full_v
        if kind == "pubfee":
            g, gb = nums["g"].written(), nums["gb"].written()
            if not g or not gb:
                return None
            return max(D(0), full_v - max(D(0), g[0] / gb[0] * 100 - 100))
        if kind == "sangong_ctrl":
            c, cb = nums["c"].written(), nums["cb"].written()
            if not c or not cb:
                return None
            return max(D(0), full_v - max(D(0), c[0] / cb[0] * 100 - 100))
        return None

    def ok() -> bool:
        s = r.score.written()
        w = r.weight.written()
        if s is None or w is None or s[0] > w[0] + w[1]:
            return True  # blank (field.missing) or above the weight (score.over_max): not this rule's finding
        e = expected()
        if e is None:
            return True
        return abs(s[0] - e) <= s[1] + D("0.011")

    b.check(f"{r.name}评分标准", [r.score, r.weight], ok, kind="rule")


def _base_table(b: DeptBuilder, d: dict, label: str | None) -> None:
    doc, rng = b.doc, b.rng
    year = doc.year
    if label:
        doc.add(Para([label], "attach"))
    doc.add(Para(["部门整体支出绩效评价基础数据表"], "title"))
    filler = Txt("filler_unit", doc.ident.unit)
    doc.slots["filler_unit"] = filler
    doc.add(Para(["填报单位：", filler, "　　　　　　单位：万元"], "body"))
    b.check("填报单位", [filler], lambda filler=filler: bool(filler.text.strip()), kind="filled")
    m = lambda f: b.num(f, 2, "wan", trim=False)  # noqa: E731
    N, M = b.plain(d["N"]), b.plain(d["M"])
    ctrl = b.pct(b.fig("控制率", d["M"].value / d["N"].value * 100), rng.choice([2, 2, 0]))
    b.rate("在职人员控制率", ctrl, M, N)
    doc.slots["ctrl"] = ctrl
    nums = doc.slots.setdefault("rule_nums", {})
    nums.update(N=N, M=M)
    grid: list[list] = [["财政供养人员情况", "编制数", f"{year}年实际在职人数", "控制率"], [None, N, M, ctrl],
                        ["经费控制情况", f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"]]
    col = {"prev": 1, "bud": 2, "cur": 3}

    def line(label, key, sub=None):
        row = [label, None, None, None]
        out = {}
        for tag, c in col.items():
            f = d.get(f"{key}.{tag}") if f"{key}.{tag}" in d else (d[key] if tag == "cur" else None)
            if f is None:
                continue
            out[tag] = row[c] = m(f)
        grid.append(row)
        return out

    s3 = line("三公经费", "三公")
    car = line("   1、公务用车购置和维护经费", "公务用车")
    buy = line("       其中：公车购置", "公车购置")
    run = line("             公车运行维护", "公车运行")
    ab = line("   2、出国经费", "出国")
    rec = line("   3、公务接待", "公务接待")
    for tag in col:
        b.sum(f"三公.{tag}", s3[tag], [car[tag], ab[tag], rec[tag]])
        b.sum(f"公务用车.{tag}", car[tag], [buy[tag], run[tag]])
    pr = line("项目支出", "项目支出")
    biz = line("    1、业务工作专项", "P_biz")
    ops = line("    2、运行维护专项", "P_run")
    for tag in col:
        b.sum(f"项目支出.{tag}", pr[tag], [biz[tag], ops[tag]])
    g = line("公用经费", "公用经费")
    o = line("    其中：办公经费", "办公经费")
    line("          水费、电费、差旅费", "水电差旅")
    line("          会议费、培训费", "会议培训")
    b.forbid(["sum."], [g["cur"].text, o["cur"].text], "其中 rows of 公用经费 name only some items: partial, not a sum")
    blank = rng.choice(["——", "—", "/", ""])
    grid.append(["政府采购金额", blank, m(d["采购.bud"]), m(d["采购"])])
    grid.append(["部门整体支出预算调整", blank, m(d["追加预算"]) if d["追加预算"].value else blank, blank])
    nums.update(c=s3["cur"], c0=s3["prev"], cb=s3["bud"], g=g["cur"], gb=g["bud"])
    merges = [(0, 0, 1, 0)]
    t = Table([[cell(c) for c in row] for row in grid], merges=merges, widths=[3.0, 1.3, 1.5, 1.5], header_rows=0, font=9)
    doc.add(t)
    doc.slots["base_table"] = t
    doc.slots["base_rows"] = dict(s3=s3, car=car, buy=buy, run=run, ab=ab, rec=rec, pr=pr, biz=biz, ops=ops, g=g)
    t2 = Table([[cell(c) for c in row] for row in [
        [f"楼堂馆所控制情况（{year}年完工项目）", "批复规模（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）", "投资概算控制率"],
        ["无", blank, blank, blank, blank, blank, blank]]], widths=[2.2, 1, 1, 1, 1, 1, 1.1], header_rows=1, font=8.5)
    doc.add(t2)
    doc.add(Para(["说明：“项目支出”需要填报除基本支出以外的所有项目情况；“公用经费”填报基本支出中的一般商品和服务支出。"], "note"))


def _summary_table(b: DeptBuilder, d: dict, rows: list[Row]) -> None:
    """No attachments: the narrative carries a small score table by 一级指标."""
    doc, v = b.doc, b.doc.variant
    doc.add(Para(["部门整体支出绩效自评得分情况表"], "center"))
    l1s = []
    for r in rows:
        if r.l1 not in l1s:
            l1s.append(r.l1)
    grid = [["一级指标", "分值", "得分", "等级"]]
    ws, ss = [], []
    for l1 in l1s:
        w = sum(r.weight.fig.value for r in rows if r.l1 == l1)
        s = sum(r.score.fig.value for r in rows if r.l1 == l1)
        wn = b.plain(b.fig(f"w1.{l1}", w))
        sn = b.plain(b.fig(f"s1.{l1}", s), 0 if s == s.to_integral() else 2)
        ws.append(wn)
        ss.append(sn)
        b.le(f"{l1}得分≤分值", sn, wn)
        grid.append([l1, wn, sn, None])
    T = doc.slots["total_fig"]
    Ts = b.plain(T, 0 if T.value == T.value.to_integral() else 2)
    Tw = b.plain(b.fig("总分值", 100))
    G = Txt("grade", grade_of(T.value, v["grade_labels"]))
    grid.append(["合计", Tw, Ts, G])
    b.sum("总分值", Tw, ws)
    b.sum("总分", Ts, ss)
    grade_check(b, "表内等级", G, Ts)
    doc.slots["score_total"] = Ts
    t = Table([[cell(c) for c in row] for row in grid], merges=[(1, 3, len(grid) - 2, 3)], widths=[2, 1, 1, 1],
              header_rows=1, font=9.5)
    doc.add(t)
