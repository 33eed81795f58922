"""Planting one contradiction into an otherwise consistent report.

Each planting function looks for a site of its kind in a generated report,
changes what the report *writes* there (one occurrence's text, or a fact's
value with the compensations that keep every other relation true), and returns
the expectation: the rule id and the figures or names as the report now writes
them.  ``plant`` then re-verifies the whole report: exactly the relations the
function meant to break are broken, nothing else.  A candidate site whose
change would break a second relation is rejected and the next one is tried; a
report with no usable site is "not applicable" and ``plant_any`` moves on to
the next seed.

Only genuine contradictions are planted: amounts move by well over their
written precision (a rounding difference is not a defect), partial breakdowns
(a single 其中 item, lists ending in 等) are never used as sums, and a score
above its weight is adjusted into the total so that one slip gives one finding.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from . import vocab
from .common import band_index, wrong_grade
from .model import LE, SCALES, Doc, Expect, Num, Para, Rate, Rel, ScoreOfRate, Sum, Table, Txt
from .numbers import D, cn_number, quant


class NotApplicable(Exception):
    pass


@dataclass
class Kind:
    rule: str
    families: tuple[str, ...]
    fn: Callable[[Doc, random.Random], Expect | None]
    doc: str


KINDS: dict[str, Kind] = {}


def kind(name: str, rule: str, families: tuple[str, ...]):
    def deco(fn):
        KINDS[name] = Kind(rule, families, fn, (fn.__doc__ or "").strip().splitlines()[0])
        return fn
    return deco


# --------------------------------------------------------------------------- entry points


def plant(doc: Doc, name: str, rng: random.Random | None = None) -> Doc:
    """Plant defect ``name`` into ``doc`` (in place); raises NotApplicable when the report has no site for it."""
    k = KINDS[name]
    rng = rng or random.Random(f"{doc.name}-{name}")
    exp = k.fn(doc, rng)
    if exp is None:
        raise NotApplicable(f"{doc.name}: no site for {name}")
    exp.kind = name
    exp.rule = k.rule
    exp.mentions = [_mention(m) for m in exp.mentions]
    doc.defect = name
    doc.expects.append(exp)
    doc.planted = {r.id for r in doc.broken()}
    assert len(doc.planted) == 1, f"{doc.name}: planting {name} broke {sorted(doc.planted)}"
    mentioned = set(exp.mentions)
    doc.forbids = [f for f in doc.forbids if not mentioned & set(f.mentions)]
    doc.verify()
    return doc


def _mention(m: str) -> str:
    """A rate without its % sign (the number alone matches "86.19%" and "86.19 %"); a name without quote marks
    (reports write “三公经费”控制率, findings often 三公经费控制率)."""
    if re.fullmatch(r"[\d０-９.,，]+[%％]", m):
        return m.rstrip("%％")
    return re.sub(r"[“”‘’\"']", "", m)


def plant_any(family: str, name: str, seed: int, tries: int = 60) -> Doc:
    """The first report of ``family`` from ``seed`` on that has a site for defect ``name``, with the defect planted."""
    from .api import generate
    for t in range(tries):
        s = seed + 100003 * t
        doc = generate(family, s)
        try:
            return plant(doc, name)
        except NotApplicable:
            continue
    raise NotApplicable(f"no {family} report from seed {seed} has a site for {name}")


# --------------------------------------------------------------------------- helpers


NARRATIVE_CELL = 40  # characters: a table cell this long is prose (年度总体目标, 实际完成情况 …)


def _where(doc: Doc) -> dict[int, str]:
    """id(part) → 'para' (paragraphs and prose cells) | 'table'."""
    out = {}
    for b in doc.blocks:
        if isinstance(b, Para):
            for p in b.parts:
                out[id(p)] = "para"
        elif isinstance(b, Table):
            for row in b.rows:
                for c in row:
                    prose = len("".join(str(x) for x in c)) >= NARRATIVE_CELL
                    for p in c:
                        out[id(p)] = "para" if prose else "table"
    return out


def _placed(doc: Doc, n) -> bool:
    return id(n) in _where(doc)


def _bump(num: Num, rng: random.Random, small_ints: bool = False) -> str | None:
    """Another value written the same way, far outside rounding of the original."""
    w = num.written()
    if w is None:
        return None
    v, half = w
    scale = SCALES[num.unit]
    if num.dp == 0 and v == v.to_integral() and (small_ints or v < 200):
        for _ in range(20):
            step = D(rng.choice([1, 2, 3]))
            nv = v + step if (rng.random() < 0.5 or v <= step) else v - step
            if nv > 0:
                return num.render(nv)
        return None
    for _ in range(30):
        f = D(rng.uniform(0.03, 0.18)).quantize(Decimal("0.0001"))
        nv = v * (1 + f) if rng.random() < 0.5 else v * (1 - f)
        nv = quant(nv * scale, num.dp) / scale
        if nv > 0 and abs(nv - v) >= max(40 * half, D("0.05") / scale) and num.render(nv) != num.text:
            return num.render(nv)
    return None


def _try(doc: Doc, candidates: list[tuple[object, str]], accept: Callable[[list[Rel]], bool]) -> tuple[object, str, list[Rel]] | None:
    """Override each candidate in turn; keep the first whose broken relations ``accept`` approves."""
    for occ, text in candidates:
        if text is None:
            continue
        old = occ.override
        occ.override = text
        broken = doc.broken()
        if accept(broken):
            return occ, text, broken
        occ.override = old
    return None


def _only(kind_: str | tuple[str, ...], pred: Callable[[Rel], bool] = lambda r: True):
    kinds = (kind_,) if isinstance(kind_, str) else kind_
    return lambda broken: len(broken) == 1 and broken[0].kind in kinds and pred(broken[0])


def _shuffled(rng: random.Random, items: list) -> list:
    items = list(items)
    rng.shuffle(items)
    return items


def _is_score_rel(r: Rel) -> bool:
    return "总分" in r.label or "分值" in r.label or "得分" in r.label


def _num_text(n: Num) -> str:
    return n.text.rstrip("%％")


# --------------------------------------------------------------------------- sums


def _sum_plant(doc: Doc, rng: random.Random, where: str) -> Expect | None:
    loc = _where(doc)
    rels = [r for r in doc.rels if isinstance(r, Sum) and not _is_score_rel(r)
            and all(loc.get(id(o)) == where for o in r.occurrences())]
    cands = []
    for r in _shuffled(rng, rels):
        for p in _shuffled(rng, r.parts):
            w = p.written()
            if w and w[0] > 0:
                cands.append((r, p))
    for r, p in cands:
        hit = _try(doc, [(p, _bump(p, rng))], _only("sum", lambda b, r=r: b is r))
        if hit:
            return Expect("sum.mismatch", [r.total.text, p.text],
                          note=f"{r.label}: the parts no longer add up to {r.total.text} ({where})")
    return None


@kind("sum.narrative", "sum.mismatch", ("dept", "special", "final", "form"))
def sum_narrative(doc: Doc, rng: random.Random) -> Expect | None:
    """A closed breakdown in the text (其中 …) whose parts do not add up to the total."""
    return _sum_plant(doc, rng, "para")


@kind("sum.table", "sum.mismatch", ("dept", "form"))
def sum_table(doc: Doc, rng: random.Random) -> Expect | None:
    """A table's total row that is not the sum of its 其中 rows."""
    return _sum_plant(doc, rng, "table")


# --------------------------------------------------------------------------- same figure, two values


def _figure_plant(doc: Doc, rng: random.Random, other_where: str) -> Expect | None:
    loc = _where(doc)
    occs: dict[int, list[Num]] = {}
    for p in doc.all_parts():
        if isinstance(p, Num):
            occs.setdefault(id(p.fig), []).append(p)
    for nums in _shuffled(rng, list(occs.values())):
        uniq = []
        for n in nums:
            if not any(n is u for u in uniq):
                uniq.append(n)
        paras = [n for n in uniq if loc.get(id(n)) == "para"]
        others = [n for n in uniq if loc.get(id(n)) == other_where]
        if not paras or not others or len(uniq) < 2:
            continue
        if uniq[0].unit == "plain":
            continue  # counts and scores have their own kinds
        for n in _shuffled(rng, paras):
            ref = next((o for o in others if o is not n), None)
            if ref is None:
                continue
            hit = _try(doc, [(n, _bump(n, rng))], _only("equal", lambda b: b.id.startswith("same#")))
            if hit:
                return Expect("figure.mismatch", [ref.text, n.text],
                              note=f"{n.fig.key} written {ref.text} in one place and {n.text} in another")
    return None


@kind("figure.narrative_table", "figure.mismatch", ("dept", "form", "special"))
def figure_narrative_table(doc: Doc, rng: random.Random) -> Expect | None:
    """The text states a figure of a table with another value."""
    return _figure_plant(doc, rng, "table")


@kind("figure.narrative_narrative", "figure.mismatch", ("dept", "special"))
def figure_narrative_narrative(doc: Doc, rng: random.Random) -> Expect | None:
    """The same figure stated twice in the text with two values."""
    return _figure_plant(doc, rng, "para")


@kind("figure.fund_level", "figure.mismatch", ("special",))
def figure_fund_level(doc: Doc, rng: random.Random) -> Expect | None:
    """One fund level (中央/省级 …) given two different amounts."""
    n = doc.slots.get("restated_level")
    if n is None:
        return None
    levels = doc.slots["levels"][1]
    ref = next(x for x in levels if x.fig is n.fig)
    hit = _try(doc, [(n, _bump(n, rng))], _only("equal", lambda b: b.id.startswith("same#")))
    if not hit:
        return None
    return Expect("figure.mismatch", [ref.text, n.text], note=f"{n.fig.key}: {ref.text} in 一, {n.text} in 二")


# --------------------------------------------------------------------------- rates, spending, claims


@kind("rate.mismatch", "rate.mismatch", ("dept", "form", "special", "final"))
def rate_mismatch(doc: Doc, rng: random.Random) -> Expect | None:
    """A stated rate that is not numerator / denominator."""
    rels = [r for r in doc.rels if isinstance(r, Rate)]
    for r in _shuffled(rng, rels):
        w, d = r.rate.written(), r.den.written()
        if w is None or d is None or d[0] == 0:
            continue
        v = w[0]
        for _ in range(6):
            delta = D(rng.choice([2, 3, 4, 5, 7, 9])) + D(rng.choice([0, 0.3, 0.6]))
            nv = v - delta if (v + delta > 100 and v <= 100) or rng.random() < 0.5 else v + delta
            if nv <= 0:
                continue
            hit = _try(doc, [(r.rate, r.rate.render(nv))], _only("rate", lambda b, r=r: b is r))
            if hit:
                return Expect("rate.mismatch", [_num_text(r.rate)],
                              note=f"{r.label}: {r.num.text}/{r.den.text} is not {r.rate.text}")
    return None


@kind("spend.exceeds_income", "spend.exceeds_income", ("form",))
def spend_exceeds(doc: Doc, rng: random.Random) -> Expect | None:
    """Execution above the budget available (全年执行数 > 全年预算数), with the rate and score following."""
    for f in _shuffled(rng, doc.slots.get("forms", [])):
        if f.layout == "sichuan" or f.cost_uses_exec or f.done_parts:
            continue
        B, E = f.budget_cols["B"], f.budget_cols["E"]
        Bv = B.fig.value
        newE = quant(Bv * D(rng.uniform(1.04, 1.12)), max(B.dp, 2) if B.unit == "wan" else 2)
        extra = newE - E.fig.value
        src = next((vals for _, vals in f.sources if vals["E"] is not None), None)
        if src is None:
            continue
        saved = _save(doc)
        E.fig.value = newE
        src["E"].fig.value += extra
        f.rate.fig.value = newE / Bv * 100
        if f.rate.dp == 0 and f.rate.fig.value != 100:
            f.rate.dp = 2
        if f.score_budget is not None:
            _retotal(f, f.score_budget, D(10))
        f.claim.value = "年度预算资金已全部支付，项目绩效目标全面完成。"
        broken = doc.broken()
        if len(broken) == 1 and isinstance(broken[0], LE) and "执行" in broken[0].label and _band_ok(f):
            return Expect("spend.exceeds_income", [E.text, B.text], note=f"全年执行数{E.text} > 全年预算数{B.text}")
        _restore(doc, saved)
    return None


def _save(doc: Doc) -> list:
    """Values of every fact and text slot, to undo a value-level plant."""
    out = []
    for p in doc.all_parts():
        if isinstance(p, Num):
            out.append((p, "fig", p.fig.value, p.dp))
        elif isinstance(p, Txt):
            out.append((p, "txt", p.value, None))
    return out


def _restore(doc: Doc, saved: list) -> None:
    for p, what, val, dp in saved:
        if what == "fig":
            p.fig.value = val
            p.dp = dp
        else:
            p.value = val


def _retotal(f, fig_num: Num, new_value: Decimal) -> None:
    """Set a form's item score and carry the difference into its total."""
    delta = D(new_value) - fig_num.fig.value
    fig_num.fig.value = D(new_value)
    if new_value != D(new_value).to_integral() and fig_num.dp == 0:
        fig_num.dp = 2
    if f.total_score is not None:
        f.total_score.fig.value += delta
        v = f.total_score.fig.value
        if v != v.to_integral() and f.total_score.dp < 2:
            f.total_score.dp = 2


def _band_ok(f) -> bool:
    t = f.total_score
    return t is None or (t.fig.value <= 100)


@kind("claim.trend", "claim.contradicts_data", ("dept", "final"))
def claim_trend(doc: Doc, rng: random.Random) -> Expect | None:
    """“三公经费有所下降” while the figures rose."""
    site = doc.slots.get("sangong")
    if not site:
        return None
    trend, c, c0 = site
    if not trend.value.startswith("有所") or not c.fig.value > c0.fig.value:
        return None
    hit = _try(doc, [(trend, "有所下降")], _only("claim"))
    if not hit:
        return None
    return Expect("claim.contradicts_data", ["下降", c.text], note=f"三公经费 {c0.text} → {c.text}, said 有所下降")


@kind("claim.complete", "claim.contradicts_data", ("form", "special"))
def claim_complete(doc: Doc, rng: random.Random) -> Expect | None:
    """“资金已全部支付，目标全面完成” while the execution rate is low."""
    for f in doc.slots.get("forms", []):
        w = f.rate.written()
        if w and w[0] < 88 and f.claim is not None:
            E = f.budget_cols["E"]
            f.exec_narr.trim = False
            f.exec_narr.dp = E.dp if E.unit == "wan" else 2
            f.exec_narr.fullwidth = False
            hit = _try(doc, [(f.claim, "年度预算资金已全部支付，项目绩效目标全面完成。")], _only("claim"))
            if hit:
                return Expect("claim.contradicts_data", [f.exec_narr.text],
                              note=f"executed {E.text} of {f.budget_cols['B'].text} ({f.rate.text}) but says all paid")
    if "exec" in doc.slots and doc.slots.get("claim") is not None:
        rate, En, Tb = doc.slots["exec"]
        w = rate.written()
        if w and w[0] < 88:
            hit = _try(doc, [(doc.slots["claim"], "各项目均已完工，资金已全部拨付，年度绩效目标全面完成。")], _only("claim"))
            if hit:
                return Expect("claim.contradicts_data", [En.text], note=f"执行率{rate.text} but says 资金已全部拨付")
    return None


# --------------------------------------------------------------------------- counts


@kind("count.mismatch", "count.mismatch", ("dept", "final", "special"))
def count_mismatch(doc: Doc, rng: random.Random) -> Expect | None:
    """“内设N个股室：…” (or 分N个项目实施) followed by a different number of names."""
    sites = []
    if doc.slots.get("bodies"):
        sites.append(doc.slots["bodies"][0])
    if doc.slots.get("projects"):
        sites.append(doc.slots["projects"][0])
    for n, _ in doc.slots.get("org_counts", []):
        sites.append(n)
    if doc.slots.get("project_count"):
        sites.append(doc.slots["project_count"][0])
    for occ in _shuffled(rng, sites):
        if isinstance(occ, Num):
            w = occ.written()
            text = occ.render(w[0] + rng.choice([1, 1, 2])) if w and w[0] < 5 else _bump(occ, rng, small_ints=True)
        else:
            from .families.special import _cn_value
            v = _cn_value(occ.text)
            if v is None:
                continue
            nv = v + rng.choice([1, 2]) if v < 3 or rng.random() < 0.5 else v - 1
            text = "两" if nv == 2 else cn_number(nv)
        hit = _try(doc, [(occ, text)], _only("count"))
        if hit:
            return Expect("count.mismatch", [occ.text], note=f"count written {occ.text}, names listed differ")
    return None


# --------------------------------------------------------------------------- scores


def _score_sites(doc: Doc):
    """(total Num, list of (item score Num, weight Num, label)) of each scored table."""
    out = []
    for f in doc.slots.get("forms", []):
        if f.total_score is not None:
            items = [(i.score, i.weight, i.name) for i in f.items if i.score is not None]
            out.append((f.total_score, items, f))
    if doc.family == "dept" and "score_total" in doc.slots:
        total = doc.slots["score_total"]
        rows = doc.slots.get("rows", [])
        items = [(r.score, r.weight, r.name) for r in rows if _placed(doc, r.score)]
        out.append((total, items, None))
    return out


def _shift_total(total: Num, delta: Decimal, doc: Doc | None = None) -> None:
    _set_fig(doc, total, total.fig.value + delta)


def _set_fig(doc: Doc | None, num: Num, value: Decimal) -> None:
    """A score fact takes a new value; every occurrence shows as many decimals as the value has."""
    num.fig.value = D(value)
    need = 0 if value == value.to_integral() else (1 if value * 10 == (value * 10).to_integral() else 2)
    occs = [p for p in doc.all_parts() if isinstance(p, Num) and p.fig is num.fig] if doc else [num]
    for p in occs:
        if p.unit == "plain" and p.dp < need:
            p.dp = need


@kind("score.sum", "score.sum_mismatch", ("form", "dept"))
def score_sum(doc: Doc, rng: random.Random) -> Expect | None:
    """A 总分 / 合计 score that is not the sum of the item scores."""
    for total, items, f in _score_sites(doc):
        v = total.fig.value
        for delta in _shuffled(rng, [D(-3), D(-2), D(-1.5), D(2), D(4), D(-5)]):
            nv = v + delta
            if nv > 100 or nv <= 0 or band_index(nv) != band_index(v):
                continue
            saved = _save(doc)
            _set_fig(doc, total, nv)
            broken = doc.broken()
            if len(broken) == 1 and isinstance(broken[0], Sum) and "总分" in broken[0].label:
                return Expect("score.sum_mismatch", [total.text], note=f"items add to {v}, 总分 written {total.text}")
            _restore(doc, saved)
    return None


@kind("score.over_max.item", "score.over_max", ("form", "dept"))
def over_max_item(doc: Doc, rng: random.Random) -> Expect | None:
    """An item scored above its weight (the total carries the same score)."""
    for total, items, f in _score_sites(doc):
        for score, weight, name in _shuffled(rng, items):
            w = weight.fig.value
            s = score.fig.value
            ns = w + D(rng.choice([1, 2, 3, 5]))
            nt = total.fig.value + ns - s
            if nt > 100 or band_index(nt) != band_index(total.fig.value):
                continue
            saved = _save(doc)
            score.fig.value = ns
            score.dp = 0
            _shift_total(total, ns - s, doc)
            broken = doc.broken()
            if len(broken) == 1 and isinstance(broken[0], LE):
                return Expect("score.over_max", [name, score.text], note=f"{name}: 得分{score.text} > 分值{weight.text}")
            _restore(doc, saved)
    return None


@kind("score.over_max.heading", "score.over_max", ("form", "dept"))
def over_max_heading(doc: Doc, rng: random.Random) -> Expect | None:
    """Item weights that add up to more than their heading's points."""
    for total, items, f in _score_sites(doc):
        for score, weight, name in _shuffled(rng, items):
            if score.fig.value != weight.fig.value:
                continue
            delta = D(rng.choice([2, 5]))
            if total.fig.value + delta > 100 or band_index(total.fig.value + delta) != band_index(total.fig.value):
                continue
            saved = _save(doc)
            weight.fig.value += delta
            score.fig.value += delta
            _shift_total(total, delta, doc)
            broken = doc.broken()
            if len(broken) == 1 and broken[0].kind == "heading":
                head = broken[0].label.split(".")[-1].replace("分值", "")
                return Expect("score.over_max", [head], note=f"{broken[0].label}: items weigh more than the heading")
            _restore(doc, saved)
    return None


@kind("score.over_max.rule", "score.over_max", ("dept",))
def over_max_rule(doc: Doc, rng: random.Random) -> Expect | None:
    """A scoring rule that awards more points than the row's weight."""
    for r in _shuffled(rng, doc.slots.get("rows", [])):
        if r.rule_full is None or not _placed(doc, r.rule_full):
            continue
        w = r.weight.fig.value
        hit = _try(doc, [(r.rule_full, r.rule_full.render(w + D(rng.choice([1, 2, 3]))))],
                   _only("equal", lambda b: b.id.startswith("same#")))
        if hit:
            return Expect("score.over_max", [r.name], note=f"{r.name}: weight {r.weight.text}, rule awards {r.rule_full.text}")
    return None


@kind("score.total", "score.total_mismatch", ("dept", "form"))
def score_total(doc: Doc, rng: random.Random) -> Expect | None:
    """The total score stated in the text differs from the table's."""
    sites = []
    if doc.family == "dept" and doc.slots.get("conclusion") and "score_total" in doc.slots:
        sites.append((doc.slots["conclusion"][0], doc.slots["score_total"]))
    for f in doc.slots.get("forms", []):
        if f.conclusion_score is not None and f.total_score is not None:
            sites.append((f.conclusion_score, f.total_score))
    for narr, table_total in _shuffled(rng, sites):
        v = table_total.fig.value
        for delta in _shuffled(rng, [D(-3), D(-2), D(2), D(-1.5), D(-4)]):
            nv = v + delta
            if nv > 100 or band_index(nv) != band_index(v):
                continue
            hit = _try(doc, [(narr, narr.render(nv) if nv == nv.to_integral() or narr.dp else f"{nv}")],
                       _only("equal", lambda b: b.id.startswith("same#")))
            if hit:
                return Expect("score.total_mismatch", [table_total.text, narr.text],
                              note=f"table total {table_total.text}, text {narr.text}")
    return None


@kind("score.grade", "score.grade_mismatch", ("dept", "form"))
def score_grade(doc: Doc, rng: random.Random) -> Expect | None:
    """A grade word that does not fit the score (优 for 86, 良好 for 95 …)."""
    sites = []
    if doc.slots.get("conclusion"):
        T, G, _ = doc.slots["conclusion"]
        sites.append((G, T))
    for f in doc.slots.get("forms", []):
        if f.grade is not None:
            sites.append((f.grade, f.total_score))
    for G, T in _shuffled(rng, sites):
        labels = 1 if G.value in ("优秀", "良好", "合格", "不合格") else 0
        hit = _try(doc, [(G, wrong_grade(T.fig.value, labels))], _only("grade"))
        if hit:
            return Expect("score.grade_mismatch", [T.text, G.text], note=f"{T.text} is {G.value}, written {G.text}")
    return None


@kind("score.rule.budget", "score.rule_violation", ("form",))
def rule_budget(doc: Doc, rng: random.Random) -> Expect | None:
    """A 预算执行 得分 that is not 执行率 × 分值 (the total carries it)."""
    for f in _shuffled(rng, doc.slots.get("forms", [])):
        if f.score_budget is None:
            continue
        w = f.weight_budget.fig.value
        s = f.score_budget.fig.value
        r = f.rate.fig.value
        ns = w if r < D("97") else w - D(rng.choice([2, 3]))
        if abs(ns - s) < D("0.5"):
            continue
        nt = f.total_score.fig.value + ns - s
        if nt > 100 or band_index(nt) != band_index(f.total_score.fig.value):
            continue
        saved = _save(doc)
        _retotal(f, f.score_budget, ns)
        f.score_budget.dp = 0
        broken = doc.broken()
        if len(broken) == 1 and isinstance(broken[0], ScoreOfRate):
            return Expect("score.rule_violation", [_num_text(f.rate), f.score_budget.text],
                          note=f"执行率{f.rate.text} × 10 ≠ 得分{f.score_budget.text}")
        _restore(doc, saved)
    return None


@kind("score.rule.note", "score.rule_violation", ("form",))
def rule_note(doc: Doc, rng: random.Random) -> Expect | None:
    """一级 weights that differ from the fixed weights the form's own 注 states."""
    for f in doc.slots.get("forms", []):
        if f.note is None:
            continue
        heads = {name: (lab, items) for name, lab, items in f.headings}
        if "产出指标" not in heads or "效益指标" not in heads or heads["产出指标"][0] is None:
            continue
        out_lab, out_items = heads["产出指标"]
        ben_lab, ben_items = heads["效益指标"]
        delta = D(rng.choice([5, 10]))
        up = next((i for i in out_items if i.weight and i.score and i.score.fig.value == i.weight.fig.value), None)
        down = next((i for i in ben_items if i.weight and i.score and i.score.fig.value == i.weight.fig.value
                     and i.weight.fig.value > delta + 1), None)
        if up is None or down is None:
            continue
        saved = _save(doc)
        for it, d in ((up, delta), (down, -delta)):
            it.weight.fig.value += d
            it.score.fig.value += d
        out_lab.fig.value += delta
        ben_lab.fig.value -= delta
        broken = doc.broken()
        if len(broken) == 1 and broken[0].kind == "note":
            return Expect("score.rule_violation", [out_lab.text], note=f"注 fixes 产出指标50分, the form weighs it {out_lab.text}")
        _restore(doc, saved)
    return None


@kind("score.rule.indicator", "score.rule_violation", ("dept",))
def rule_indicator(doc: Doc, rng: random.Random) -> Expect | None:
    """A self-score that the row's own 评分标准, applied to the report's own data, does not give."""
    total = doc.slots.get("score_total")
    if total is None:
        return None
    rows = [r for r in doc.slots.get("rows", []) if r.data_rule and _placed(doc, r.score)]
    for r in _shuffled(rng, rows):
        w, s = r.weight.fig.value, r.score.fig.value
        ns = w if s < w else w - D(rng.choice([1, 2])) if w > 2 else None
        if ns is None or ns < 0:
            continue
        nt = total.fig.value + ns - s
        if nt > 100 or band_index(nt) != band_index(total.fig.value):
            continue
        saved = _save(doc)
        r.score.fig.value = ns
        r.score.dp = 0 if ns == ns.to_integral() else 2
        _shift_total(total, ns - s, doc)
        broken = doc.broken()
        if len(broken) == 1 and broken[0].kind == "rule":
            return Expect("score.rule_violation", [r.name], note=f"{r.name}: the rule gives {s}, self-scored {r.score.text}")
        _restore(doc, saved)
    return None


# --------------------------------------------------------------------------- blanks


@kind("field.blank_score", "field.missing", ("form", "dept"))
def blank_score(doc: Doc, rng: random.Random) -> Expect | None:
    """A filled indicator row whose 得分 is left blank."""
    for total, items, f in _score_sites(doc):
        for score, weight, name in _shuffled(rng, items):
            hit = _try(doc, [(score, "")], _only("filled"))
            if hit:
                return Expect("field.missing", [name], note=f"{name}: 得分 blank")
    return None


@kind("field.instruction", "field.missing", ("form",))
def instruction_text(doc: Doc, rng: random.Random) -> Expect | None:
    """An answer cell holding only the form's instruction text (“（100字以内）”)."""
    for f in _shuffled(rng, doc.slots.get("forms", [])):
        if f.reason_budget is not None and f.reason_budget.value:
            text = "1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）；2.年中发生预算调整的（追加或调减），应单独说明理由。"
            hit = _try(doc, [(f.reason_budget, text)], _only("filled"))
            if hit:
                return Expect("field.missing", [f.budget_cols["B"].text], note="预算调整 with no reason, only the form's instruction")
        for it in _shuffled(rng, f.items):
            if it.cmp in ("qual", "empty") or it.met:
                continue
            hit = _try(doc, [(it.reason, rng.choice(vocab.INSTRUCTIONS))], _only("filled"))
            if hit:
                return Expect("field.missing", [it.name], note=f"{it.name}: target missed, 偏差原因 holds the instruction text")
    return None


@kind("field.blank_unit", "field.missing", ("dept",))
def blank_unit(doc: Doc, rng: random.Random) -> Expect | None:
    """A 基础数据表 whose 填报单位 is left blank."""
    t = doc.slots.get("filler_unit")
    if t is None or not _placed(doc, t):
        return None
    hit = _try(doc, [(t, "")], _only("filled"))
    return Expect("field.missing", ["填报单位"], note="填报单位 blank") if hit else None


# --------------------------------------------------------------------------- identity, years, duties


def _body_units(doc: Doc) -> list[Txt]:
    units = doc.slots.get("units", [])
    return [u for u in units[1:-1] if _placed(doc, u)]


@kind("identity.sibling", "identity.mismatch", ("special", "dept", "final"))
def identity_sibling(doc: Doc, rng: random.Random) -> Expect | None:
    """Another township/county of the same level named as the subject of a sentence about the report's own money."""
    ident = doc.ident
    if not ident.siblings:
        return None
    other = rng.choice(ident.siblings)
    if ident.level == "township":
        name = ident.county + other + "人民政府"
    else:
        name = other + ident.short
    for u in _shuffled(rng, _body_units(doc)):
        hit = _try(doc, [(u, name)], _only("identity"))
        if hit:
            return Expect("identity.mismatch", [other], note=f"a {ident.unit} report names {name} as its subject")
    return None


@kind("identity.selfref", "identity.mismatch", ("dept", "special", "final"))
def identity_selfref(doc: Doc, rng: random.Random) -> Expect | None:
    """The report calls itself 我馆/我院/我校 … though the unit is a 局/镇/中心."""
    own = doc.ident.selfref
    foreign = rng.choice([s for s in vocab.SELFREF_FOREIGN if s != own and s not in ("我所", "我会")])
    sites = [t for t in doc.slots.get("selfrefs", []) if _placed(doc, t)]
    for t in _shuffled(rng, sites):
        hit = _try(doc, [(t, foreign)], _only("identity"))
        if hit:
            return Expect("identity.mismatch", [foreign], note=f"{doc.ident.unit} calls itself {foreign}")
    return None


@kind("identity.level", "identity.mismatch", ("dept", "special", "final"))
def identity_level(doc: Doc, rng: random.Random) -> Expect | None:
    """A county unit calling itself 市X局."""
    ident = doc.ident
    if ident.level != "county" or ident.county.endswith("市") or not ident.short.endswith("局"):
        return None
    name = "市" + ident.short
    for u in _shuffled(rng, _body_units(doc)):
        hit = _try(doc, [(u, name)], _only("identity"))
        if hit:
            return Expect("identity.mismatch", [name], note=f"{ident.unit} calls itself {name}")
    return None


@kind("year.basis", "year.stale", ("dept",))
def year_basis(doc: Doc, rng: random.Random) -> Expect | None:
    """A 预算批复 of an older year cited as the basis of the year's spending."""
    t = doc.slots.get("basis")
    if t is None or not _placed(doc, t):
        return None
    old = str(doc.year - rng.choice([2, 3]))
    hit = _try(doc, [(t, t.value.replace(str(doc.year), old))], _only("year"))
    return Expect("year.stale", [old], note=f"a {doc.year} report cites the {old} 预算批复") if hit else None


@kind("year.conclusion", "year.stale", ("dept",))
def year_conclusion(doc: Doc, rng: random.Random) -> Expect | None:
    """The conclusion names another evaluated year."""
    c = doc.slots.get("conclusion")
    if not c:
        return None
    yr = c[2]
    old = str(doc.year - 1)
    hit = _try(doc, [(yr, old)], _only("year"))
    return Expect("year.stale", [old], note=f"the {doc.year} conclusion says {old}年度") if hit else None


FOREIGN_FOR = ["redcross", "court", "civil", "audit", "health", "school", "library"]


@kind("duties.foreign", "duties.foreign", ("dept", "final"))
def duties_foreign(doc: Doc, rng: random.Random) -> Expect | None:
    """The duties text of another kind of unit."""
    from .families.dept import DUTY_TERMS, duties_text
    t = doc.slots.get("duties")
    if t is None or not _placed(doc, t):
        return None
    own = doc.ident.utype
    banned = {own, "civil"} if own == "township" else {own}
    other = rng.choice([x for x in FOREIGN_FOR if x not in banned])
    _, clauses = duties_text(other, doc.ident.place[-1])
    marks = re.match(r"^(（1）|1\.)", t.value)
    if marks and marks.group(1) == "1.":
        text = "；".join(f"{i}.{c}" for i, c in enumerate(clauses, 1)) + "。"
    else:
        text = "".join(f"（{i}）{c}。" for i, c in enumerate(clauses, 1))
    hit = _try(doc, [(t, text)], _only("duties"))
    return Expect("duties.foreign", [DUTY_TERMS[other]], note=f"a {own} unit with {other} duties") if hit else None
