"""项目支出绩效自评表: the 2020 national layout and provincial variants, one or several forms per file.

Layouts:
- ``national``: 项目资金 rows 年度资金总额 / 其中：本年财政拨款 / 上年结转资金 / 其他资金 ×
  年初预算数 | 全年预算数 (or 调整预算数) | 全年执行数 | 分值 (or 权重) | 执行率 | 得分; 年度总体目标;
  绩效指标 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施; 总分;
  optional 自评等级 row and 注 fixing the 一级 weights.
- ``weight_first``: the same with 分值 before 年度指标值 in the indicator block and (A)/(B) headers.
- ``sichuan``: 预算执行情况(10分) block 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因
  with 总额 / 其中：财政资金 / 财政专户管理资金 / 单位资金 / 其他资金, then 绩效指标(90分) with
  指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析; 合计; 评价结论.
- ``noscore``: a Hunan-style 专项资金绩效目标自评表 without 分值/得分 columns.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .. import vocab
from ..common import Builder, grade_check, grade_of, make_identity, picks
from ..model import Doc, Num, PageBreak, Para, ScoreOfRate, Table, Txt, cell, seq
from ..numbers import D, quant

LAYOUTS = ["national", "national", "weight_first", "sichuan", "noscore"]


@dataclass
class Item:
    level1: str
    level2: str
    name: str
    weight: Num | None
    score: Num | None
    target: list
    actual: list
    cmp: str  # ≥ ≤ = or "qual"
    tnum: Num | None
    anum: Num | None
    reason: Txt
    met: bool
    unit: str = ""
    row: int = -1
    qual_target: str = ""
    qual_actual: str = ""


@dataclass
class Form:
    """One project's form and the sites planting functions look for."""

    project: str
    table: Table | None = None
    layout: str = "national"
    budget_cols: dict = field(default_factory=dict)  # col name -> total Num
    sources: list = field(default_factory=list)  # (label, {col: Num})
    rate: Num | None = None
    weight_budget: Num | None = None
    score_budget: Num | None = None
    items: list[Item] = field(default_factory=list)
    headings: list = field(default_factory=list)  # (name, label Num or None, [items])
    total_score: Num | None = None
    total_weight: Num | None = None
    grade: Txt | None = None
    grade_labels: int = 0
    note: dict | None = None  # heading -> Num
    exec_narr: Num | None = None
    budget_narr: Num | None = None
    plan_parts: list = field(default_factory=list)
    done_parts: list = field(default_factory=list)
    claim: Txt | None = None
    reason_budget: Txt | None = None
    cost_uses_exec: bool = False
    conclusion_score: Num | None = None
    plan_seq: list = field(default_factory=list)
    done_seq: list = field(default_factory=list)


def _variant(rng: random.Random) -> dict:
    layout = rng.choice(LAYOUTS)
    v = {
        "layout": layout,
        "forms": rng.choice([1, 1, 1, 2, 3]),
        "budget_word": rng.choice(["全年预算数", "全年预算数", "调整预算数"]) if layout == "national" else "全年预算数(A)",
        "weight_word": rng.choice(["分值", "分值", "权重"]) if layout in ("national", "weight_first") else "权重",
        "total_weight_cell": rng.random() < 0.7,
        "grade_row": rng.random() < 0.5 and layout != "noscore",
        "note": rng.random() < 0.45 and layout in ("national", "weight_first"),
        "money_unit": "yuan" if rng.random() < 0.15 and layout == "national" else "wan",
        "money_dp": rng.choice([2, 2, 2, 0, 3]),
        "blank": rng.choice(["", "—", "/", "0", "-"]),
        "breakdown": rng.random() < 0.4,
        "preface": rng.choice(["none", "attach", "notice"]),
        "fullwidth": rng.random() < 0.15,
        "heading_labels": rng.random() < 0.85,
        "empty_level2": rng.random() < 0.3,
        "repeat_header": rng.random() < 0.5,
        "numbering": "cn",
        "page_numbers": rng.choice(["dash", "plain", "none"]),
        "title_style": rng.choice(["heading", "plain"]),
    }
    if v["note"]:
        v["weights"] = (50, 30, 10)
    elif layout == "sichuan":
        v["weights"] = rng.choice([(50, 30, 10), (60, 20, 10), (60, 30, 0)])
    else:
        v["weights"] = rng.choice([(50, 30, 10), (50, 30, 10), (60, 20, 10), (40, 40, 10)])
    return v


def _split_int(rng: random.Random, total: int, k: int) -> list[int]:
    if total % k == 0 and rng.random() < 0.5:
        return [total // k] * k
    base = [2] * k
    rest = total - 2 * k
    for _ in range(rest):
        base[rng.randrange(k)] += 1
    return base


class FormBuilder(Builder):
    def __init__(self, doc: Doc, rng: random.Random) -> None:
        super().__init__(doc, rng)
        self.forms: list[Form] = []

    # ---- money
    def m(self, fig, **kw) -> Num:
        v = self.doc.variant
        if v["money_unit"] == "yuan":
            return self.num(fig, 2, "yuan", sep=kw.pop("sep", self.rng.random() < 0.5), **kw)
        dp = v["money_dp"]
        return self.num(fig, dp, "wan", **kw)

    def wan(self, fig, **kw) -> Num:
        """Money in a narrative cell: 万元 with 2 decimals (trailing zeros sometimes dropped)."""
        kw.setdefault("trim", self.rng.random() < 0.3)
        return self.num(fig, 2, "wan", **kw)

    def amount_dp(self) -> int:
        """Decimals of the amounts as generated: 元 with fen (6 in 万元) when the table is in 元."""
        v = self.doc.variant
        return 6 if v["money_unit"] == "yuan" else v["money_dp"]

    # ---- one form
    def form(self, idx: int) -> Form:
        rng, doc, v = self.rng, self.doc, self.doc.variant
        ident = doc.ident
        spec = vocab.UNIT_TYPES[ident.utype]
        project = spec["projects"][idx % len(spec["projects"])]
        f = Form(project=project, layout=v["layout"])
        dp = self.amount_dp()
        # ---- money
        scale = rng.choice([(5, 60), (20, 300), (100, 1500)])
        B = self.amount(*scale, dp=max(dp, 0))
        if dp == 0:
            B = quant(B, 0)
        adjust = rng.random() < 0.35
        A = B if not adjust else quant(B * D(rng.uniform(0.6, 0.95)), dp)
        if v["layout"] == "sichuan" and rng.random() < 0.15:
            A = D(0)
        rate_kind = rng.random()
        if rate_kind < 0.55:
            E = B
        elif rate_kind < 0.9:
            E = quant(B * D(rng.uniform(0.9, 0.995)), dp)
        else:
            E = quant(B * D(rng.uniform(0.55, 0.9)), dp)
        if E > B:
            E = B
        n_src = rng.choice([1, 1, 2, 2, 3])
        srcA = self.split(A, n_src, dp) if A > 0 and n_src > 1 else [A] + [D(0)] * (n_src - 1)
        srcB_extra = B - A
        srcB = [a for a in srcA]
        srcB[0] += srcB_extra
        # execution per source: the shortfall comes out of the first source
        srcE = list(srcB)
        srcE[0] -= (B - E)
        if srcE[0] < 0:
            srcE = [B and quant(E * b / B, dp) for b in srcB]
            srcE[0] = E - sum(srcE[1:])
        names = {"national": ["本年财政拨款", "上年结转资金", "其他资金"],
                 "weight_first": ["本年财政拨款", "上年结转资金", "其他资金"],
                 "noscore": ["中央、省、市补助资金", "县级财政资金", "其他资金"],
                 "sichuan": ["财政资金", "财政专户管理资金", "单位资金", "其他资金"]}[v["layout"]]
        figA = self.fig(f"{idx}.A", A)
        figB = self.fig(f"{idx}.B", B)
        figE = self.fig(f"{idx}.E", E)
        cols = ["A", "B", "E"]
        totals = {"A": self.m(figA), "B": self.m(figB), "E": self.m(figE)}
        f.budget_cols = totals
        src_rows = []
        for k, label in enumerate(names):
            if k < n_src:
                vals = {"A": self.m(self.fig(f"{idx}.src{k}.A", srcA[k])),
                        "B": self.m(self.fig(f"{idx}.src{k}.B", srcB[k])),
                        "E": self.m(self.fig(f"{idx}.src{k}.E", srcE[k]))}
                if A == 0 and v["blank"] in ("", "—", "/", "-") and rng.random() < 0.3:
                    vals["A"] = None
            else:
                vals = {c: None for c in cols}
            src_rows.append((label, vals))
        f.sources = src_rows
        for c in (cols if v["layout"] != "noscore" else ["B", "E"]):
            parts = [vals[c] for _, vals in src_rows if vals[c] is not None]
            if parts and totals[c] is not None:
                self.sum(f"{idx}.资金{c}", totals[c], parts)
        self.le(f"{idx}.执行≤预算", totals["E"], totals["B"])
        rate_val = E / B * 100 if B else D(0)
        rate_dp = rng.choice([2, 2, 1, 0]) if rate_val != 100 else rng.choice([0, 2])
        f.rate = self.pct(self.fig(f"{idx}.rate", rate_val), rate_dp)
        self.rate(f"{idx}.执行率", f.rate, totals["E"], totals["B"])
        scored = v["layout"] != "noscore"
        if scored:
            f.weight_budget = self.plain(self.fig(f"{idx}.wb", 10))
            s = quant(min(rate_val, D(100)) / 100 * 10, 2)
            sdp = 2 if s != s.to_integral() else rng.choice([0, 2])
            f.score_budget = self.plain(self.fig(f"{idx}.sb", s), sdp)
            self.doc.rel(ScoreOfRate(f"{idx}.预算执行得分", f.score_budget, f.rate, f.weight_budget))
        # ---- narrative cells
        purposes = picks(rng, ["日常运行维护", "设备购置", "工程建设", "宣传培训", "监测检查", "补助发放", "第三方服务"], 3)
        f.budget_narr = self.wan(figB)
        plan = seq("{y}年度预算安排资金{b}万元，主要用于" + "、".join(purposes) + "等，计划按期完成年度工作任务。",
                   y=str(doc.year), b=f.budget_narr)
        if v["breakdown"]:
            parts = self.split(B, 3, dp)
            nums = [self.wan(self.fig(f"{idx}.plan{k}", p_)) for k, p_ in enumerate(parts)]
            f.plan_parts = nums
            plan = seq("本项目{y}年度预算资金{b}万元。其中：{p0}万元用于" + purposes[0] + "；{p1}万元用于" + purposes[1]
                       + "；{p2}万元用于" + purposes[2] + "。", y=str(doc.year), b=f.budget_narr, p0=nums[0], p1=nums[1], p2=nums[2])
            self.sum(f"{idx}.预期目标其中", f.budget_narr, nums)
        f.exec_narr = self.wan(figE)
        full = E == B
        if full:
            claim = "年度预算资金已全部支付，项目绩效目标全面完成。"
        elif E / B >= D("0.9"):
            claim = "已完成主要年度目标，剩余资金按合同约定待项目验收后支付。"
        else:
            claim = "项目部分内容尚在实施中，资金尚未支付完毕，部分年度目标尚未完成。"
        f.claim = Txt("claim", claim)
        done = seq("全年实际支出{e}万元，", e=f.exec_narr) + [f.claim]
        if v["breakdown"] and full and f.plan_parts:
            nums2 = [self.wan(p_.fig) for p_ in f.plan_parts]
            f.done_parts = nums2
            done = seq("本项目共完成预算资金{e}万元。其中：{p0}万元用于" + purposes[0] + "；{p1}万元用于" + purposes[1]
                       + "；{p2}万元用于" + purposes[2] + "。", e=f.exec_narr, p0=nums2[0], p1=nums2[1], p2=nums2[2]) + [f.claim]
            self.sum(f"{idx}.完成情况其中", f.exec_narr, nums2)
        f.plan_seq, f.done_seq = plan, done
        claim_txt, rate_num = f.claim, f.rate

        def claim_ok() -> bool:
            w = rate_num.written()
            if w is None:
                return True
            says_all = "已全部支付" in claim_txt.text or "全面完成" in claim_txt.text
            return not says_all or w[0] + w[1] >= 95
        self.check(f"{idx}.完成表述", [f.claim, f.rate], claim_ok, kind="claim")
        # ---- indicators
        w_out, w_ben, w_sat = v["weights"]
        headings = [("产出指标", w_out), ("效益指标", w_ben)] + ([("满意度指标", w_sat)] if w_sat else [])
        for h_name, h_w in headings:
            items = self._items(f, idx, h_name, h_w, figB, figE)
            lab = (self.plain(self.fig(f"{idx}.{h_name}.w", h_w))
                   if v["heading_labels"] and scored and v["layout"] != "sichuan" else None)
            f.headings.append((h_name, lab, items))
            f.items.extend(items)
            if lab is not None:
                lab_, its = lab, items
                self.check(f"{idx}.{h_name}分值", [lab] + [i.weight for i in items if i.weight is not None],
                           lambda lab_=lab_, its=its: _weights_add(lab_, [i.weight for i in its]), kind="heading")
        if scored:
            total = sum((i.score.fig.value for i in f.items if i.score is not None), D(0)) + f.score_budget.fig.value
            tdp = 2 if total != total.to_integral() else rng.choice([0, 1, 2])
            f.total_score = self.plain(self.fig(f"{idx}.total", total), tdp)
            self.sum(f"{idx}.总分", f.total_score, [f.score_budget] + [i.score for i in f.items if i.score is not None])
            if v["total_weight_cell"] or v["layout"] == "sichuan":
                tw = 100 if v["layout"] != "sichuan" else 100
                f.total_weight = self.plain(self.fig(f"{idx}.tw", tw))
                if v["heading_labels"] and v["layout"] != "sichuan":
                    self.sum(f"{idx}.总分值", f.total_weight, [f.weight_budget] + [h[1] for h in f.headings])
                else:
                    self.sum(f"{idx}.总分值", f.total_weight, [f.weight_budget] + [i.weight for i in f.items if i.weight is not None])
            for it in [i for i in f.items if i.score is not None]:
                self.le(f"{idx}.{it.name}得分≤分值", it.score, it.weight)
            if v["grade_row"]:
                f.grade_labels = rng.choice([0, 1])
                f.grade = Txt("grade", grade_of(total, f.grade_labels))
                grade_check(self, f"{idx}.等级", f.grade, f.total_score)
            if v["note"]:
                f.note = {name: self.plain(self.fig(f"{idx}.note.{name}", w)) for name, w in
                          [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10), ("预算资金执行率", 10)]}
                heads = {name: lab for name, lab, _ in f.headings}
                note = f.note

                def note_ok(heads=heads, note=note) -> bool:
                    for name, lab in heads.items():
                        if lab is None:
                            continue
                        a, b = lab.written(), note[name].written()
                        if a and b and a[0] != b[0]:
                            return False
                    return True
                self.check(f"{idx}.注一级分值", [h for h in heads.values() if h] + list(note.values()), note_ok, kind="note")
        return f

    def _items(self, f: Form, idx: int, h_name: str, h_w: int, figB, figE) -> list[Item]:
        rng, v = self.rng, self.doc.variant
        scored = v["layout"] != "noscore"
        if h_name == "产出指标":
            level2s = ["数量指标", "质量指标", "时效指标", "成本指标"]
            groups = {"数量指标": rng.choice([1, 2]), "质量指标": rng.choice([1, 2]), "时效指标": 1, "成本指标": 1}
        elif h_name == "效益指标":
            level2s = ["社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"]
            groups = {"社会效益指标": rng.choice([1, 2]), "经济效益指标": rng.choice([0, 1]),
                      "生态效益指标": rng.choice([0, 0, 1]), "可持续影响指标": rng.choice([0, 1])}
        else:
            level2s = ["服务对象满意度指标"]
            groups = {"服务对象满意度指标": 1}
        slots = [(l2, k) for l2 in level2s for k in range(groups[l2])]
        weights = self.split_weights(h_w, len(slots))
        items = []
        used_names = set()
        for (l2, k), w in zip(slots, weights):
            it = self._item(f, idx, h_name, l2, w, used_names, figB, figE, scored)
            items.append(it)
        if v["empty_level2"] and h_name == "效益指标":
            missing = [l2 for l2 in level2s if groups[l2] == 0]
            if missing:
                items.append(Item(h_name, missing[0], "", None, None, [], [], "empty", None, None, Txt("reason", ""), True))
        return items

    def _item(self, f, idx, h_name, l2, w, used, figB, figE, scored) -> Item:
        rng = self.rng
        wfig = self.fig(f"{idx}.{l2}.{len(used)}.w", w)
        weight = self.plain(wfig) if scored else None
        met = rng.random() < 0.85
        reason = Txt("reason", "")
        if h_name == "满意度指标":
            name = rng.choice(vocab.SATISFACTION)[0]
            t = D(rng.choice([85, 90, 95]))
            a = D(rng.choice([95, 96, 98, 100])) if met else t - D(rng.choice([3, 5, 7]))
            met = a >= t
            return self._quant_item(f, idx, h_name, l2, name, w, weight, "≥", t, a, "%", met, reason, used, scored)
        pool = vocab.OUTPUT_INDICATORS.get(l2) or vocab.BENEFIT_INDICATORS.get(l2)
        choices = [c for c in pool if c[0] not in used]
        name, unit, rng_ = rng.choice(choices or pool)
        obj = rng.choice(["村（社区）", "项目点", "服务网点", "站点"])
        name = name.format(obj=rng.choice(["项目", "设施", "服务"]), scope=obj, act=rng.choice(["宣传", "培训", "巡查", "检查"]))
        if name in used:
            name = name + "（二）"
        used.add(name)
        if unit == "text":
            qt, qa = rng.choice(vocab.QUAL_PAIRS)
            score = self.plain(self.fig(f"{idx}.{name}.s", w)) if scored else None
            return Item(h_name, l2, name, weight, score, [qt], [qa], "qual", None, None, reason, True,
                        qual_target=qt, qual_actual=qa)
        if unit == "%":
            t = D(rng.choice([95, 98, 100]))
            a = D(100) if met else t - D(rng.choice([2, 4, 5, 8]))
            cmp = "≥" if t < 100 else rng.choice(["=", "≥"])
            return self._quant_item(f, idx, h_name, l2, name, w, weight, cmp, t, a, "%", a >= t, reason, used, scored)
        if rng_ == "cost":
            f.cost_uses_exec = True
            tnum, anum = self.wan(figB), self.wan(figE)
            score = self.plain(self.fig(f"{idx}.{name}.s", w)) if scored else None
            it = Item(h_name, l2, name, weight, score, seq("≤{t}万元", t=tnum), seq("{a}万元", a=anum), "≤", tnum, anum,
                      reason, True, "万元")
            self._rule(idx, it)
            return it
        lo, hi = rng_
        t = D(rng.randint(lo, hi))
        a = t + D(rng.randint(0, max(1, int(t) // 10))) if met else quant(t * D(rng.uniform(0.6, 0.95)), 0)
        return self._quant_item(f, idx, h_name, l2, name, w, weight, "≥", t, a, unit, a >= t, reason, used, scored)

    def _quant_item(self, f, idx, h_name, l2, name, w, weight, cmp, t, a, unit, met, reason, used, scored) -> Item:
        rng = self.rng
        tnum = self.plain(self.fig(f"{idx}.{name}.t", t))
        anum = self.plain(self.fig(f"{idx}.{name}.a", a))
        target = seq(("{t}" if cmp == "=" and rng.random() < 0.5 else cmp + "{t}") + unit, t=tnum)
        actual = seq("{a}" + unit, a=anum)
        if met:
            s = D(w)
        else:
            s = quant(D(w) * a / t, 2)
            reason.value = rng.choice(["受天气等客观因素影响，部分工作顺延至次年完成，下一步将加快推进。",
                                       "部分服务对象未按期完成，已督促整改，次年加强过程管理。",
                                       "实施进度滞后于计划，下一步将强化调度，确保按期完成。"])
        score = None
        if scored:
            sdp = 2 if s != s.to_integral() else 0
            score = self.plain(self.fig(f"{idx}.{name}.s", s), sdp)
        it = Item(h_name, l2, name, weight, score, target, actual, cmp, tnum, anum, reason, met, unit)
        self._rule(idx, it)
        return it

    def _rule(self, idx, it: Item) -> None:
        """The 财预〔2020〕10号 rule: target met → full weight; missed → proportional, with a reason given."""
        def ok(it=it) -> bool:
            if it.cmp == "qual" or it.cmp == "empty":
                return True
            t, a = it.tnum.written(), it.anum.written()
            if t is None or a is None:
                return True
            met = a[0] <= t[0] if it.cmp == "≤" else a[0] >= t[0]
            if it.score is None or it.weight is None:
                return True
            s, w = it.score.written(), it.weight.written()
            if s is None or w is None:
                return True
            if s[0] > w[0] + w[1]:
                return True  # a score above its weight is score.over_max, not a second finding
            if met:
                return abs(s[0] - w[0]) <= s[1] + w[1]
            ratio = (t[0] / a[0]) if it.cmp == "≤" else (a[0] / t[0])
            return abs(s[0] - w[0] * ratio) <= s[1] + D("0.011")
        occs = [o for o in (it.tnum, it.anum, it.score, it.weight) if o is not None]
        self.check(f"{idx}.{it.name}评分", occs, ok, kind="rule")
        if it.cmp not in ("qual", "empty"):
            def reason_ok(it=it) -> bool:
                t, a = it.tnum.written(), it.anum.written()
                if t is None or a is None:
                    return True
                met = a[0] <= t[0] if it.cmp == "≤" else a[0] >= t[0]
                return met or is_answer(it.reason.text)
            self.check(f"{idx}.{it.name}偏差原因", [it.reason, it.tnum, it.anum], reason_ok, kind="filled")
        if it.score is not None:
            sc = it.score
            self.check(f"{idx}.{it.name}得分已填", [sc], lambda sc=sc: bool(sc.text.strip()), kind="filled")

    # ---- rendering of one form into blocks
    def render(self, f: Form, idx: int, n_forms: int) -> None:
        v, doc = self.doc.variant, self.doc
        title = "部门预算项目支出绩效自评表" if f.layout == "sichuan" else (
            f"{doc.year}年度专项资金绩效目标自评表" if f.layout == "noscore" else "项目支出绩效自评表")
        if n_forms > 1 or v["preface"] == "attach":
            if idx > 0:
                doc.add(PageBreak())
            if v["preface"] == "attach":
                doc.add(Para([f"附件{idx + 1}" if n_forms > 1 else "附件"], "attach"))
        doc.add(Para([title], "title"))
        if f.layout != "noscore":
            doc.add(Para([f"（{doc.year}年度）"], "subtitle"))
        if f.layout == "sichuan":
            self._sichuan(f, idx)
        else:
            self._national(f, idx)

    def _money_label(self) -> str:
        return "项目资金\n（元）" if self.doc.variant["money_unit"] == "yuan" else "项目资金\n（万元）"

    def _national(self, f: Form, idx: int) -> None:
        v, doc, rng = self.doc.variant, self.doc, self.rng
        ident = doc.ident
        noscore = f.layout == "noscore"
        ww = v["weight_word"]
        blank = v["blank"]
        rows: list[list] = []
        merges = []
        W = 9 if not noscore else 7
        last = W - 1
        rows.append(["项目名称", f.project] + [None] * (W - 2))
        merges.append((0, 1, 0, last))
        super_unit = ident.unit if ident.level != "township" else ident.unit
        rows.append(["主管部门", super_unit, None, None, "实施单位", ident.unit] + [None] * (W - 6))
        merges += [(1, 1, 1, 3), (1, 5, 1, last)]
        if noscore:
            head = [self._money_label(), None, None, None, "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"]
            merges.append((2, 1, 2, 3))
        else:
            bw = v["budget_word"]
            head = [self._money_label(), None, None, "年初预算数", bw, "全年执行数" + ("(B)" if "(A)" in bw else ""), ww,
                    "执行率" + ("(B/A)" if "(A)" in bw else ""), "得分"]
            merges.append((2, 1, 2, 2))
        money_top = len(rows)
        rows.append(head)
        tot = f.budget_cols
        if noscore:
            rows.append([None, "年度资金总额", None, None, tot["B"], tot["E"], f.rate])
        else:
            rows.append([None, "年度资金总额：" if rng.random() < 0.5 else "年度资金总额", None, tot["A"], tot["B"], tot["E"],
                         f.weight_budget, f.rate, f.score_budget])
        for k, (label, vals) in enumerate(f.sources):
            lab = ("其中：" + label) if k == 0 else label
            if noscore:
                rows.append([None, lab, None, None, vals["B"] or blank, vals["E"] or blank, None])
            else:
                ph = blank if blank in ("—", "/", "-") else None
                rows.append([None, lab, None, vals["A"] or blank, vals["B"] or blank, vals["E"] or blank, ph, ph, ph])
        for r in range(money_top + 1, len(rows)):
            merges.append((r, 1, r, 3 if noscore else 2))
        merges.append((money_top, 0, len(rows) - 1, 0))
        # 年度总体目标
        g = len(rows)
        if noscore:
            rows.append(["年度总体目标", "年初设定目标", None, None, "全年实际完成情况", None, None])
            rows.append([None, f.plan_seq, None, None, f.done_seq, None, None])
            merges += [(g, 1, g, 3), (g, 4, g, 6), (g + 1, 1, g + 1, 3), (g + 1, 4, g + 1, 6), (g, 0, g + 1, 0)]
        else:
            rows.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None])
            rows.append([None, f.plan_seq, None, None, None, f.done_seq, None, None, None])
            merges += [(g, 1, g, 4), (g, 5, g, 8), (g + 1, 1, g + 1, 4), (g + 1, 5, g + 1, 8), (g, 0, g + 1, 0)]
        # indicators
        ind = len(rows)
        weight_first = f.layout == "weight_first"
        if noscore:
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"])
        elif weight_first:
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", ww, "年度指标值", "全年实际值", "得分",
                         "未完成原因及拟采取的改进措施"])
        else:
            rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", ww, "得分",
                         "偏差原因分析及改进措施"])
        for h_name, lab, items in f.headings:
            h_label = seq(h_name + "（{w}分）", w=lab) if lab is not None else [h_name]
            if lab is not None and rng.random() < 0.4:
                h_label = seq(h_name + "({w}分)", w=lab)
            start = len(rows)
            prev_l2, l2_start = None, start
            for it in items:
                r = len(rows)
                it.row = r
                l1 = h_label if r == start else None
                l2 = it.level2 if it.level2 != prev_l2 else None
                if it.level2 != prev_l2:
                    if prev_l2 is not None and r - 1 > l2_start:
                        merges.append((l2_start, 2, r - 1, 2))
                    prev_l2, l2_start = it.level2, r
                if it.cmp == "empty":
                    rows.append([None, l1, l2] + [None] * (W - 3))
                    continue
                if noscore:
                    rows.append([None, l1, l2, it.name, it.target or it.qual_target, it.actual or it.qual_actual, it.reason])
                elif weight_first:
                    rows.append([None, l1, l2, it.name, it.weight, it.target, it.actual, it.score, it.reason])
                else:
                    rows.append([None, l1, l2, it.name, it.target, it.actual, it.weight, it.score, it.reason])
            if len(rows) - 1 > l2_start:
                merges.append((l2_start, 2, len(rows) - 1, 2))
            if len(rows) - 1 > start:
                merges.append((start, 1, len(rows) - 1, 1))
        merges.append((ind, 0, len(rows) - 1, 0))
        if not noscore:
            tr = len(rows)
            wcol, scol = (4, 7) if weight_first else (6, 7)
            row = ["总分"] + [None] * (W - 1)
            if f.total_weight is not None:
                row[wcol] = f.total_weight
            row[scol] = f.total_score
            rows.append(row)
            merges.append((tr, 0, tr, wcol - 1 if f.total_weight is not None else scol - 1))
            if f.total_weight is not None and scol - wcol > 1:
                merges.append((tr, wcol + 1, tr, scol - 1))
            merges.append((tr, scol + 1, tr, 8)) if scol < 8 else None
            if f.grade is not None:
                gr = len(rows)
                rows.append(["自评等级"] + [None] * (scol - 1) + [f.grade] + [None] * (W - scol - 1))
                merges.append((gr, 0, gr, scol - 1))
                if scol < 8:
                    merges.append((gr, scol + 1, gr, 8))
        else:
            rows.append(["说明", "无"] + [None] * (W - 2))
            merges.append((len(rows) - 1, 1, len(rows) - 1, W - 1))
        widths = [1.1, 1.3, 1.2, 2.2, 1.2, 1.2, 0.8, 0.9, 1.8] if not noscore else [1.1, 1.3, 1.2, 2.4, 1.3, 1.3, 1.8]
        if weight_first:
            widths = [1.1, 1.3, 1.2, 2.2, 0.8, 1.2, 1.2, 0.9, 1.8]
        t = Table([[cell(c) for c in row] for row in rows], merges=_merges(merges), widths=widths,
                  header_rows=0, font=8.5)
        f.table = t
        doc.add(t)
        if f.note is not None:
            n = f.note
            doc.add(Para(seq("注：1.一级指标分值统一设置为：产出指标{a}分、效益指标{b}分、满意度指标{c}分、预算资金执行率{d}分，"
                             "各单位根据各项指标重要程度确定三级指标的分值，得分最高不能超过该指标分值上限。"
                             "2.定量指标完成年度指标值的得满分，未完成的按完成比例计分。",
                             a=n["产出指标"], b=n["效益指标"], c=n["满意度指标"], d=n["预算资金执行率"]), "note"))

    def _sichuan(self, f: Form, idx: int) -> None:
        doc, rng = self.doc, self.rng
        ident = doc.ident
        rows: list[list] = []
        merges = []
        rows.append(["项目名称", f.project] + [None] * 9)
        merges.append((0, 1, 0, 10))
        rows.append(["主管部门", ident.unit, None, None, None, "实施单位", ident.unit] + [None] * 4)
        merges += [(1, 1, 1, 4), (1, 6, 1, 10)]
        pb = len(rows)
        rows.append(["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", None, None, None, "年度目标完成情况"] + [None] * 4)
        rows.append([None, None, f.plan_seq, None, None, None, f.done_seq] + [None] * 4)
        merges += [(pb, 2, pb, 5), (pb, 6, pb, 10), (pb + 1, 2, pb + 1, 5), (pb + 1, 6, pb + 1, 10), (pb, 1, pb + 1, 1),
                   (pb, 0, pb + 1, 0)]
        bt = len(rows)
        rows.append(["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分",
                     "原因", None, None])
        merges.append((bt, 8, bt, 10))
        tot = f.budget_cols
        f.reason_budget = Txt("reason_budget", "")
        if tot["A"].fig.value != tot["B"].fig.value or f.rate.fig.value < 90:
            f.reason_budget.value = rng.choice(["年中根据工作需要追加预算，已按程序报批。", "根据上级文件要求年中调整预算，资金已按规定使用。"])
        rows.append([None, "总额", tot["A"], tot["B"], tot["E"], f.rate, f.weight_budget, f.score_budget, f.reason_budget,
                     None, None])
        if f.reason_budget.value:
            rb, A_, B_ = f.reason_budget, tot["A"], tot["B"]
            self.check(f"{idx}.预算执行原因", [rb, A_, B_], lambda rb=rb: is_answer(rb.text), kind="filled")
        merges.append((bt + 1, 8, bt + 1, 10))
        for k, (label, vals) in enumerate(f.sources):
            lab = ("其中：" + label) if k == 0 else label
            if vals["B"] is not None:
                fig_r = vals["E"].fig.value / vals["B"].fig.value * 100 if vals["B"].fig.value else D(0)
                rnum = self.pct(self.fig(f"{idx}.src{k}.rate", fig_r), 2)
                if vals["B"].fig.value:
                    self.rate(f"{idx}.src{k}.执行率", rnum, vals["E"], vals["B"])
                rows.append([None, lab, vals["A"] or "0.00", vals["B"], vals["E"], rnum, "/", "/", None, None, None])
            else:
                rows.append([None, lab, "0.00" if k < 3 else None, "0.00" if k < 3 else None, "0.00" if k < 3 else None,
                             "0.00%" if k < 3 else None, "/", "/", None, None, None])
            merges.append((len(rows) - 1, 8, len(rows) - 1, 10))
        merges.append((bt, 0, len(rows) - 1, 0))
        self._sichuan_reason_rows = (bt + 1,)
        ind = len(rows)
        w_total = sum((i.weight.fig.value for i in f.items if i.weight is not None), D(0))
        self._ind_label = self.plain(self.fig(f"{idx}.ind.w", w_total))
        rows.append([seq("绩效指标（{w}分）", w=self._ind_label), "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                     "完成值", "权重", "得分", "未完成原因分析"])
        self.sum(f"{idx}.绩效指标分值", self._ind_label, [i.weight for i in f.items if i.weight is not None])
        for h_name, lab, items in f.headings:
            start = len(rows)
            prev_l2, l2_start = None, start
            for it in items:
                r = len(rows)
                it.row = r
                l2 = it.level2 if it.level2 != prev_l2 else None
                if it.level2 != prev_l2:
                    if prev_l2 is not None and r - 1 > l2_start:
                        merges.append((l2_start, 2, r - 1, 2))
                    prev_l2, l2_start = it.level2, r
                if it.cmp == "empty":
                    rows.append([None, h_name if r == start else None, l2] + [None] * 8)
                    continue
                if it.cmp == "qual":
                    prop, val, unit, done = "定性", it.qual_target, "", it.qual_actual
                else:
                    prop = it.cmp
                    val = [it.tnum]
                    unit = it.unit
                    done = [it.anum]
                rows.append([None, h_name if r == start else None, l2, it.name, prop, val, unit, done, it.weight, it.score,
                             it.reason])
            if len(rows) - 1 > l2_start:
                merges.append((l2_start, 2, len(rows) - 1, 2))
            if len(rows) - 1 > start:
                merges.append((start, 1, len(rows) - 1, 1))
        merges.append((ind, 0, len(rows) - 1, 0))
        tr = len(rows)
        rows.append(["合计", None, None, None, None, None, None, None, f.total_weight, f.total_score, None])
        merges.append((tr, 0, tr, 7))
        if f.grade is not None:
            rows.append(["自评等级", None, None, None, None, None, None, None, None, f.grade, None])
            merges.append((tr + 1, 0, tr + 1, 8))
        f.conclusion_score = self.plain(f.total_score.fig, f.total_score.dp)
        concl = seq("经自评，该项目得分{s}分，项目资金使用规范，完成了年度主要绩效目标。", s=f.conclusion_score)
        cr = len(rows)
        rows.append(["评价结论", concl] + [None] * 9)
        rows.append(["存在问题", rng.choice(vocab_problems())] + [None] * 9)
        rows.append(["改进措施", rng.choice(vocab_measures())] + [None] * 9)
        for r in range(cr, cr + 3):
            merges.append((r, 1, r, 10))
        t = Table([[cell(c) for c in row] for row in rows], merges=_merges(merges),
                  widths=[1.1, 1.2, 1.1, 2.0, 0.7, 0.9, 0.8, 1.0, 0.7, 0.8, 1.5], header_rows=0, font=8)
        f.table = t
        doc.add(t)


def vocab_problems() -> list[str]:
    from ..common import FILLER
    return FILLER["problems"]


def vocab_measures() -> list[str]:
    from ..common import FILLER
    return FILLER["measures"]


INSTRUCTION_MARKS = ("字以内", "应单独说明", "请填写", "需说明原因", "填写说明")


def is_answer(text: str) -> bool:
    """A real answer, not a blank and not the form's own instruction text."""
    t = text.strip()
    return bool(t) and not any(m in t for m in INSTRUCTION_MARKS)


def _merges(merges) -> list:
    return [m for m in merges if m and (m[0] != m[2] or m[1] != m[3])]


def _weights_add(label: Num, weights: list) -> bool:
    lw = label.written()
    ws = [w.written() for w in weights if w is not None]
    if lw is None or any(w is None for w in ws):
        return True
    return abs(sum(w[0] for w in ws) - lw[0]) <= lw[1] + sum(w[1] for w in ws)


def build(seed: int, variant: dict | None = None) -> Doc:
    rng = random.Random(f"form-{seed}")
    v = _variant(rng)
    if variant:
        v.update(variant)
    utype = rng.choice([t for t in vocab.UNIT_TYPES])
    ident = make_identity(rng, utype)
    year = rng.randint(2019, 2024)
    title = f"{ident.unit}{year}年度项目支出绩效自评表"
    doc = Doc("form", seed, v, ident, year, title)
    b = FormBuilder(doc, rng)
    if v["preface"] == "notice":
        doc.add(Para([f"{ident.unit}{year}年度项目支出绩效自评表"], "center"))
        doc.add(Para([f"根据{ident.city if ident.level != 'city' else ''}财政局关于开展{year}年度预算绩效自评工作的要求，"
                      f"{ident.unit}对{year}年度项目支出开展了绩效自评，现将自评表公布如下。"], "body"))
    n = v["forms"]
    for k in range(n):
        f = b.form(k)
        b.forms.append(f)
        b.render(f, k, n)
    doc.slots["forms"] = b.forms
    doc.slots["builder"] = b
    return doc
