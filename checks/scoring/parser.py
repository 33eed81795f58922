"""Read one indicator's 评分标准 text into a rule object (domain reference §3).

Readers are tried from the most specific pattern to the least; each either
claims the text (returns a rule or an ``Unparsed`` with a reason) or passes.
Anything not read with confidence ends as ``Unparsed``: a wrong rule would
produce false contradictions, a missing one only a missed check.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import regex as re

from .normalize import CIRCLED, NUM, normalize
from .rules import (
    Band,
    Categorical,
    ChecklistAdd,
    ChecklistDeduct,
    ChecklistItem,
    Direction,
    NotApplicable,
    Proportional,
    QualitativeGrade,
    ScoringRule,
    StepUnit,
    ThresholdStep,
    TieredBands,
    Unparsed,
)

Result = ScoringRule | Unparsed

_SEP = ",;。、:"

# --- not-applicable clauses (P8) -------------------------------------------------
_NA_FULL = re.compile(
    r"[^,;。]*(?:没有|无|未发生|不涉及)[^,;。]*?"
    r"(?:按满分(?:计算|计分)?|(?:的部门|的单位)[^,;。]*?(?:计|得|给)满分)[。;,]?"
)
_NA_RESCALE = re.compile(r"[^;。]*不考核[^;。]*?(?:按百分制|折算)[^;。]*[。;]?")

# --- shared pieces ------------------------------------------------------------
# A score awarded (not deducted): 计5分, 得满分, 不得分.  扣/满 before a number mean deduction.
_SCORE = re.compile(
    rf"(?<![扣满\d.])(?:计|得|给|评)?(?:(?P<full>满分)|(?P<zero>不得分|不计分|不给分)|(?P<pts>{NUM})分)"
    rf"|(?:计|得|按)(?P<share>{NUM})%(?:计分|的分值|分值)?(?=[,;。]|$)"  # 部分达成计50%: share of the weight
)
_CAP = re.compile(rf"扣满(?P<n>{NUM})分为?止")

# --- P3 proportional -------------------------------------------------------------
_FORMULA = re.compile(rf"得分=\(?(?P<basis>[^=()]*?)/100\)?×(?P<w>{NUM})")
_RATIO_TIMES_WEIGHT = re.compile(r"(?P<basis>[\p{Han}]*?(?:率|比例|比率))×(?:该项|指标)?(?:分值|权重|满分)")
_RATIO_TIMES_NUMBER = re.compile(rf"(?P<basis>[\p{{Han}}]*?(?:率|比例|比率))×(?P<w>{NUM})(?![\d.%])")
_BY_RATIO = re.compile(r"按(?:实际)?(?P<basis>完成(?:比例|比率|率)|比例)(?:计算)?(?:得分|计分|给分)")
_EXTERNAL = re.compile(r"折算|考核得分|考核分数")

# --- P1 threshold + step -----------------------------------------------------------
_UP = ("超过", "超出", "增加", "高于", "多")
_DOWN = ("低于", "下降", "降低", "减少", "少于", "少")
_BOTH = ("超过(降低)", "超过(低于)", "超过或低于", "超过或降低", "高于或低于")
_DEVIATE = ("相差", "偏离")
_VERBS = "|".join(re.escape(v) for v in sorted(_BOTH + _UP + _DOWN + _DEVIATE, key=len, reverse=True))
_STEP = re.compile(
    rf"每(?P<verb>{_VERBS})(?P<n>{NUM})?(?P<unit>个百分点|%|个|项|例|次|处|人|天)?"
    rf"[^,;。扣]{{0,10}}?扣(?P<d>{NUM})分"
)
_STANDARD = re.compile(rf"以(?P<t>-?{NUM})%?为(?:标准|基准|准)")
_NUMBER = re.compile(rf"(?P<n>-?{NUM})(?![\d.])(?P<pct>%)?(?!年|月|日|分|个|项|例)")

# --- P5 checklist deduct -----------------------------------------------------------
_DEDUCT = re.compile(rf"(?:每|缺)[^,;。扣]{{0,24}}?扣(?P<d>{NUM})分")
_PER_ITEM_ADD = re.compile(rf"每项[^,;。]*?加(?P<p>{NUM})分")
_MARKER = re.compile(rf"[{CIRCLED}]|(?:^|(?<=[;。,]))(?:\d{{1,2}}[.、](?!\d)|\(\d{{1,2}}\))")

# --- P6 / P7 ---------------------------------------------------------------------
_GRADE = re.compile(r"效果|较好|良好|优秀|较差|达成|明显|^(?:优|良|中|低|差|好)$")
_OTHERWISE = re.compile(r"^(?:反之|否则|其他|其余)")


def parse_rule(text: str, weight: float | None = None) -> Result:
    """Parse a 评分标准 text; ``weight`` (the row's 分值) stands in for 计满分."""
    s = normalize(text)
    weight = None if weight is None else float(weight)
    if not s:
        return Unparsed(text, "评分标准为空")
    s, na = _strip_not_applicable(s)
    readers: list[Callable[[str, str, float | None], Result | None]] = [
        _proportional,
        _threshold_step,
        _checklist_deduct,
        _per_item_add,
        _scored_clauses,
    ]
    for read in readers:
        rule = read(s, text, weight)
        if rule is not None:
            return replace(rule, not_applicable=na) if na else rule
    if _EXTERNAL.search(s):
        return Unparsed(text, "依据其他考核结果折算，无法按本行复算", na)
    if not _SCORE.search(s):
        return Unparsed(text, "未给出分值", na)
    return Unparsed(text, "未识别的评分规则", na)


def _strip_not_applicable(s: str) -> tuple[str, NotApplicable | None]:
    if m := _NA_FULL.search(s):
        return s[: m.start()] + s[m.end():], "full_marks"
    if m := _NA_RESCALE.search(s):
        return s[: m.start()] + s[m.end():], "exclude_and_rescale"
    return s, None


def _marks(m: re.Match[str], weight: float | None) -> float | None:
    """Points of a _SCORE match; 满分 is the row weight (None if unknown)."""
    if m.group("full"):
        return weight
    if m.group("zero"):
        return 0.0
    if m.group("share") is not None:
        return None if weight is None else weight * float(m.group("share")) / 100
    return float(m.group("pts"))


# --- P3 ---------------------------------------------------------------------------


def _proportional(s: str, raw: str, weight: float | None) -> Result | None:
    if m := _FORMULA.search(s):
        w = float(m.group("w"))
        return Proportional(weight=w, cap=w, basis=m.group("basis") or "考核得分")
    if m := _RATIO_TIMES_NUMBER.search(s):
        w = float(m.group("w"))
        return Proportional(weight=w, cap=w, basis=m.group("basis"))
    for pattern in (_RATIO_TIMES_WEIGHT, _BY_RATIO):
        if m := pattern.search(s):
            return Proportional(weight=weight, cap=weight, basis=m.group("basis"))
    return None


# --- P1 ---------------------------------------------------------------------------


def _direction(verb: str) -> Direction:
    if verb in _BOTH:
        return "two_sided"
    if verb in _DEVIATE:
        return "exact"
    return "upper_bound" if verb in _UP else "lower_bound"


def _threshold_step(s: str, raw: str, weight: float | None) -> Result | None:
    steps = list(_STEP.finditer(s))
    if not steps:
        return None
    first = steps[0]
    unit_text = first.group("unit") or ""
    if unit_text not in ("个百分点", "%"):
        # A count step ("每超过1个") is P1 only with a numeric threshold; else P5.
        if _threshold(s[: first.start()]) is None:
            return None
    if first.group("n") is None:
        return Unparsed(raw, "扣分步长未写明")
    if float(first.group("n")) <= 0:
        return Unparsed(raw, "扣分步长为0")
    params = {(m.group("n"), m.group("unit"), m.group("d")) for m in steps}
    directions = {_direction(m.group("verb")) for m in steps}
    if len(params) > 1 or (len(steps) > 1 and directions != {"upper_bound", "lower_bound"}):
        return Unparsed(raw, "含多个不同的扣分规则")
    direction: Direction = "two_sided" if len(steps) > 1 else directions.pop()

    pre = s[: first.start()]
    threshold = _threshold(pre)
    if threshold is None:
        return Unparsed(raw, "未写明满分对应的标准值")
    full = list(_SCORE.finditer(pre))
    if len(full) > 1:
        return Unparsed(raw, "扣分规则前有多个计分档次")
    full_marks = _marks(full[0], weight) if full else weight
    tail = s[steps[-1].end():]
    cutoff = None
    if tail_scores := list(_SCORE.finditer(tail)):
        cutoff = _cutoff(tail, tail_scores, direction)
        if cutoff is None:
            return Unparsed(raw, "扣分规则后另有无法识别的计分条款")
    step_unit: StepUnit = {"个百分点": "pp", "%": "percent"}.get(unit_text, "count")  # type: ignore[assignment]
    cap = _CAP.search(s)
    return ThresholdStep(
        threshold=threshold,
        direction=direction,
        full_marks=full_marks,
        step=float(first.group("n")),
        step_unit=step_unit,
        deduction=float(first.group("d")),
        floor=0.0,
        cap_deduction=float(cap.group("n")) if cap else None,
        cutoff=cutoff,
    )


def _cutoff(tail: str, scores: list[re.Match[str]], direction: Direction) -> Band | None:
    """A single "低于60%不得分" after the step rule: zero outright past a bound on the penalised side."""
    if len(scores) != 1 or _marks(scores[0], None) != 0:
        return None
    cond = _condition(tail[: scores[0].start()].strip(_SEP).removesuffix("的"), "(含)" in tail)
    if cond is None:
        return None
    lo, lo_incl, hi, hi_incl = cond
    penalised_side_open = (direction == "lower_bound" and lo == -math.inf) or (
        direction == "upper_bound" and hi == math.inf
    )
    return Band(lo, lo_incl, hi, hi_incl, 0.0) if penalised_side_open else None


def _threshold(pre: str) -> float | None:
    """The value that earns full marks: "以100%为标准", else the first number not a score."""
    if m := _STANDARD.search(pre):
        return float(m.group("t"))
    scored = [m.span() for m in _SCORE.finditer(pre)]
    for m in _NUMBER.finditer(pre):
        if any(a <= m.start() < b for a, b in scored):
            continue
        return float(m.group("n"))
    return None


# --- P5 / P4 per item ---------------------------------------------------------------


def _enumerated(s: str) -> list[str]:
    """Texts of ①…②… or 1.…2.… items (text before the first marker dropped)."""
    marks = list(_MARKER.finditer(s))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(s)
        out.append(s[m.end():end])
    return out


def _checklist_deduct(s: str, raw: str, weight: float | None) -> Result | None:
    found = list(_DEDUCT.finditer(s))
    if not found:
        return None
    amounts = {m.group("d") for m in found}
    if len(amounts) > 1:
        return Unparsed(raw, "含多个不同的扣分标准")
    deduct_spans = [m.span() for m in found]
    full_marks = weight
    for m in _SCORE.finditer(s):
        if not any(a <= m.start() < b for a, b in deduct_spans):
            full_marks = _marks(m, weight)
            break
    items = []
    for item in _enumerated(s[: found[0].start()]):
        item = re.split(r"以上|[;。]", item)[0].strip(_SEP)
        if item:
            items.append(item)
    cap = _CAP.search(s)
    return ChecklistDeduct(
        full_marks=full_marks,
        per_item=float(amounts.pop()),
        floor=0.0,
        cap_deduction=float(cap.group("n")) if cap else None,
        items=tuple(items),
    )


def _per_item_add(s: str, raw: str, weight: float | None) -> Result | None:
    if m := _PER_ITEM_ADD.search(s):
        return ChecklistAdd(items=(), per_item=float(m.group("p")))
    return None


# --- P2 / P4 / P6 / P7 from "label 计N分" clauses ------------------------------------


def _scored_clauses(s: str, raw: str, weight: float | None) -> Result | None:
    clauses: list[tuple[str, float | None]] = []
    prev = 0
    for m in _SCORE.finditer(s):
        label = s[prev: m.start()].strip(_SEP).removesuffix("的").strip(_SEP)
        clauses.append((label, _marks(m, weight)))
        prev = m.end()
    if not clauses:
        return None
    if any(re.search(r"[;。]", label) for label, _ in clauses) or re.search(r"[\d≤≥<>=]", s[prev:]):
        return Unparsed(raw, "有条款未给出分值")
    has_marker = "(含)" in s
    conditions = [_condition(label, has_marker) for label, _ in clauses]
    if all(c is not None for c in conditions):
        bands = tuple(Band(*c, score=score) for c, (_, score) in zip(conditions, clauses))  # type: ignore[misc]
        return TieredBands(bands=bands)
    if any(c is not None for c in conditions):
        return Unparsed(raw, "部分档次不是数值区间")
    if any(not label for label, _ in clauses):
        return Unparsed(raw, "分值前缺少条件")
    labels = [label for label, _ in clauses]
    if any(_GRADE.search(label) for label in labels):
        return QualitativeGrade(bands=tuple((_last_phrase(l), sc) for l, sc in clauses))
    enumerated = bool(_MARKER.search(s))
    if not enumerated and all(len(label) <= 8 for label in labels):
        return Categorical(mapping=dict(clauses))
    items = tuple(
        ChecklistItem(_MARKER.sub("", label, count=1).strip(_SEP), sc if sc is not None else math.nan)
        for label, sc in clauses
        if not (_OTHERWISE.match(label) and not sc)
    )
    if any(math.isnan(i.points) for i in items):
        return Unparsed(raw, "逐项分值含“满分”且未给出分值")
    return ChecklistAdd(items=items)


def _last_phrase(label: str) -> str:
    return label.rsplit(",", 1)[-1]


_INTERVAL = re.compile(rf"(?P<l>[\[(])(?P<a>-?{NUM})%?,(?P<b>-?{NUM})%?(?P<r>[\])])")
_RANGE = re.compile(rf"(?P<a>-?{NUM})%?(?P<ai>\(含\))?-(?P<b>-?{NUM})%?(?P<bi>\(含\))?")
_BETWEEN = re.compile(rf"(?P<a>-?{NUM})%?(?P<c1>[≤<])[^≤<≥>=\d]*(?P<c2>[≤<])(?P<b>-?{NUM})%?")
_COMPARE = re.compile(rf"(?P<c>[≤≥<>=]|(?<![\d.])为)(?P<n>-?{NUM})(?![\d.])%?")
_BARE = re.compile(rf"[^\d≤≥<>=]*?(?P<n>-?{NUM})%?")

Condition = tuple[float, bool, float, bool]


def _condition(label: str, has_marker: bool) -> Condition | None:
    """A band's value range from its label, or None when the label is not numeric.

    "（含）" closes the bound it follows; in a rule that never writes it, a shared
    boundary is read as belonging to both bands (evaluate then gives both scores).
    """
    t = label.strip(_SEP)
    if m := _INTERVAL.search(t):  # our own describe() output: [80,90)
        return float(m.group("a")), m.group("l") == "[", float(m.group("b")), m.group("r") == "]"
    if m := _RANGE.search(t):
        default = not has_marker
        a, b = float(m.group("a")), float(m.group("b"))
        return a, bool(m.group("ai")) or default, b, bool(m.group("bi")) or default
    if m := _BETWEEN.search(t):
        return float(m.group("a")), m.group("c1") == "≤", float(m.group("b")), m.group("c2") == "≤"
    lo, lo_incl, hi, hi_incl = -math.inf, False, math.inf, False
    found = False
    for m in _COMPARE.finditer(t):
        found = True
        c, n = m.group("c"), float(m.group("n"))
        if c in ("=", "为"):
            return n, True, n, True
        if c in "≥>":
            lo, lo_incl = n, c == "≥"
        else:
            hi, hi_incl = n, c == "≤"
    if found:
        return lo, lo_incl, hi, hi_incl
    if m := _BARE.fullmatch(t):
        n = float(m.group("n"))
        return n, True, n, True
    return None
