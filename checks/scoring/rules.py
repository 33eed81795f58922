"""Scoring-rule objects read from an indicator's 评分标准 text, and their arithmetic.

Each county prints its own rule wording and weights, so a rule is evaluated as
written, not as a provincial template would have it.  ``evaluate`` returns a
range rather than a number because the texts leave step rounding unspecified:
a score anywhere in the range is a legitimate reading and must not be flagged.
Pattern ids (P1–P8) follow the domain reference §3.1.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Literal, NamedTuple, Union

Direction = Literal["upper_bound", "lower_bound", "two_sided", "exact"]
StepUnit = Literal["pp", "percent", "count"]
NotApplicable = Literal["full_marks", "exclude_and_rescale"]


def fmt(x: float) -> str:
    """Print a number the way the tables do: 8, 0.5, 112.12 (no trailing zeros)."""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class ScoreRange:
    """Legitimate scores for one value; ``lo == hi`` when the rule is unambiguous.

    ``ambiguous_step_unit`` is set when the result depends on reading a "%" step
    as percentage points rather than relative percent; callers should then
    report a contradiction as a warning only.
    """

    lo: float
    hi: float
    ambiguous_step_unit: bool = False

    def contains(self, score: float, tol: float = 0.005) -> bool:
        return self.lo - tol <= score <= self.hi + tol

    def describe(self) -> str:
        return fmt(self.lo) if self.lo == self.hi else f"{fmt(self.lo)}～{fmt(self.hi)}"


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def _na_text(policy: str | None) -> str:
    if policy == "full_marks":
        return "；不适用时按满分计算"
    if policy == "exclude_and_rescale":
        return "；不适用时不考核并折算"
    return ""


@dataclass(frozen=True)
class ThresholdStep:
    """P1: full marks on the good side of a threshold, a fixed deduction per step beyond it."""

    pattern: ClassVar[str] = "P1"
    kind: ClassVar[str] = "threshold_step"

    threshold: float
    direction: Direction
    full_marks: float | None  # None when the text says 计满分 and no weight was given
    step: float
    step_unit: StepUnit
    deduction: float
    floor: float = 0.0
    cap_deduction: float | None = None  # 扣满N分为止
    not_applicable: NotApplicable | None = None
    cutoff: Band | None = None  # "…每低于1%扣0.5分；低于60%不得分": a range scored outright

    @property
    def ambiguous_step_unit(self) -> bool:
        """"每低于5%" on a rate: 5 percentage points or 5 % relative — the text does not say."""
        return self.step_unit == "percent"

    def max_award(self) -> float | None:
        return self.full_marks

    def excess(self, value: float) -> float:
        """How far ``value`` lies on the penalised side of the threshold (≥ 0)."""
        if self.direction == "upper_bound":
            return max(0.0, value - self.threshold)
        if self.direction == "lower_bound":
            return max(0.0, self.threshold - value)
        return abs(value - self.threshold)

    def evaluate(self, value: float) -> ScoreRange | None:
        if self.full_marks is None:
            return None
        if self.cutoff is not None and self.cutoff.contains(value) and self.cutoff.score is not None:
            score = _clamp(self.cutoff.score, 0.0, self.full_marks)
            return ScoreRange(score, score)
        excess = self.excess(value)
        steps = excess / self.step
        # Whole steps (a partial step is not deducted) vs linear; the rule never says.
        whole = math.floor(steps + 1e-9)
        deductions = [whole * self.deduction, steps * self.deduction]
        if self.cap_deduction is not None:
            deductions = [min(d, self.cap_deduction) for d in deductions]
        floor = min(self.floor, self.full_marks)
        scores = [_clamp(self.full_marks - d, floor, self.full_marks) for d in deductions]
        return ScoreRange(min(scores), max(scores), self.ambiguous_step_unit and excess > 0)

    def describe(self) -> str:
        pct = "" if self.step_unit == "count" else "%"
        side = {"upper_bound": "≤", "lower_bound": "≥"}.get(self.direction, "=")
        verb = {
            "upper_bound": "每超出",
            "lower_bound": "每低于",
            "two_sided": "每超过（降低）",
            "exact": "每相差",
        }[self.direction]
        unit = {"pp": "个百分点", "percent": "%", "count": "个"}[self.step_unit]
        marks = "满分" if self.full_marks is None else f"{fmt(self.full_marks)}分"
        stop = f"扣满{fmt(self.cap_deduction)}分为止" if self.cap_deduction is not None else "扣完为止"
        cutoff = ""
        if self.cutoff is not None and self.cutoff.score is not None:
            cutoff = f"；{self.cutoff.describe()}计{fmt(self.cutoff.score)}分"
        return (
            f"{side}{fmt(self.threshold)}{pct}计{marks}，{verb}{fmt(self.step)}{unit}"
            f"扣{fmt(self.deduction)}分，{stop}{cutoff}{_na_text(self.not_applicable)}"
        )


@dataclass(frozen=True)
class Band:
    """One value range of a tiered rule; ±inf for an open end, lo == hi for an exact band."""

    lo: float
    lo_incl: bool
    hi: float
    hi_incl: bool
    score: float | None  # None: 计满分 with no weight given

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def contains(self, value: float) -> bool:
        above = value > self.lo or (self.lo_incl and value == self.lo)
        below = value < self.hi or (self.hi_incl and value == self.hi)
        return above and below

    def describe(self) -> str:
        if self.exact:
            return f"={fmt(self.lo)}"
        if math.isinf(self.lo):
            return f"{'≤' if self.hi_incl else '<'}{fmt(self.hi)}"
        if math.isinf(self.hi):
            return f"{'≥' if self.lo_incl else '>'}{fmt(self.lo)}"
        left = "[" if self.lo_incl else "("
        right = "]" if self.hi_incl else ")"
        return f"{left}{fmt(self.lo)},{fmt(self.hi)}{right}"


@dataclass(frozen=True)
class TieredBands:
    """P2: disjoint value ranges, each mapped to a score."""

    pattern: ClassVar[str] = "P2"
    kind: ClassVar[str] = "tiered_bands"

    bands: tuple[Band, ...]
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        scores = [b.score for b in self.bands if b.score is not None]
        return max(scores) if scores else None

    def evaluate(self, value: float) -> ScoreRange | None:
        """Score of the band holding ``value``; an exact band (=0) wins over a range.

        Where two bands both hold the value (unmarked shared boundary) both
        scores are legitimate; where none does, the rule is silent: None.
        """
        hits = [b for b in self.bands if b.contains(value)]
        exact = [b for b in hits if b.exact]
        hits = exact or hits
        scores = [b.score for b in hits]
        if not scores or any(s is None for s in scores):
            return None
        return ScoreRange(max(0.0, min(scores)), max(scores))  # type: ignore[type-var]

    def describe(self) -> str:
        parts = [
            f"{b.describe()}计{'满分' if b.score is None else fmt(b.score) + '分'}" for b in self.bands
        ]
        return "；".join(parts) + _na_text(self.not_applicable)


@dataclass(frozen=True)
class Proportional:
    """P3: score = weight × value / 100, capped (执行率×分值, (考核得分/100)×8, 按完成比例)."""

    pattern: ClassVar[str] = "P3"
    kind: ClassVar[str] = "proportional"

    weight: float | None
    cap: float | None  # normally the weight: 满分为止, or a ratio past 100 % earning nothing extra
    basis: str = "完成比例"  # what the value is: 执行率, 考核得分, 完成比例 …
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        return self.cap if self.cap is not None else None

    def evaluate(self, value: float) -> ScoreRange | None:
        if self.weight is None:
            return None
        raw = max(0.0, self.weight * value / 100.0)
        if self.cap is not None:
            raw = min(raw, self.cap)
        return ScoreRange(raw, raw)

    def describe(self) -> str:
        w = "分值" if self.weight is None else fmt(self.weight)
        cap = "，满分为止" if self.cap is not None else ""
        return f"得分={self.basis}/100×{w}{cap}{_na_text(self.not_applicable)}"


class ChecklistItem(NamedTuple):
    text: str
    points: float


@dataclass(frozen=True)
class ChecklistAdd:
    """P4: enumerated conditions, each worth fixed points (①…2分；②…2分).

    ``per_item`` alone (no items) is "每项指标评价要点加2分": the items live in
    another column, so the total is unknown here.
    """

    pattern: ClassVar[str] = "P4"
    kind: ClassVar[str] = "checklist_add"

    items: tuple[ChecklistItem, ...]
    per_item: float | None = None
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        if self.items:
            return sum(p for _, p in self.items)
        return None

    def evaluate(self, value: float) -> ScoreRange | None:
        """Score range when ``value`` items are met (which ones is not known)."""
        n = int(value)
        if self.items:
            if not 0 <= n <= len(self.items):
                return None
            pts = sorted(p for _, p in self.items)
            return ScoreRange(sum(pts[:n]), sum(pts[len(pts) - n:]) if n else 0.0)
        if self.per_item is not None and n >= 0:
            return ScoreRange(n * self.per_item, n * self.per_item)
        return None

    def describe(self) -> str:
        if not self.items:
            return f"每项评价要点加{fmt(self.per_item or 0)}分" + _na_text(self.not_applicable)
        items = "；".join(f"{t}{fmt(p)}分" for t, p in self.items)
        return f"逐项加分（合计{fmt(self.max_award() or 0)}分）：{items}" + _na_text(self.not_applicable)


@dataclass(frozen=True)
class ChecklistDeduct:
    """P5: start from full marks, deduct per breach / missing item."""

    pattern: ClassVar[str] = "P5"
    kind: ClassVar[str] = "checklist_deduct"

    full_marks: float | None
    per_item: float
    floor: float = 0.0
    cap_deduction: float | None = None
    items: tuple[str, ...] = ()
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        return self.full_marks

    def evaluate(self, value: float) -> ScoreRange | None:
        """Score after ``value`` breaches / missing items."""
        if self.full_marks is None or value < 0:
            return None
        d = int(value) * self.per_item
        if self.cap_deduction is not None:
            d = min(d, self.cap_deduction)
        s = _clamp(self.full_marks - d, min(self.floor, self.full_marks), self.full_marks)
        return ScoreRange(s, s)

    def describe(self) -> str:
        marks = "满分" if self.full_marks is None else f"{fmt(self.full_marks)}分"
        stop = f"扣满{fmt(self.cap_deduction)}分为止" if self.cap_deduction is not None else "扣完为止"
        return f"满分{marks}，每项不符合扣{fmt(self.per_item)}分，{stop}{_na_text(self.not_applicable)}"


def _lookup(pairs: Iterable[tuple[str, float | None]], label: str) -> float | None:
    """Score of the label equal to, else the longest one contained in, ``label``."""
    pairs = list(pairs)
    for name, score in pairs:
        if name == label:
            return score
    inside = [(len(n), s) for n, s in pairs if n and n in label]
    return max(inside)[1] if inside else None


@dataclass(frozen=True)
class Categorical:
    """P6: a named outcome mapped to a score (是/否, 充分/一般/没有, 相符/基本相符)."""

    pattern: ClassVar[str] = "P6"
    kind: ClassVar[str] = "categorical"

    mapping: dict[str, float | None]  # ordered as printed; None = 满分 without weight
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        scores = [s for s in self.mapping.values() if s is not None]
        return max(scores) if scores else None

    def evaluate(self, value: float) -> ScoreRange | None:
        return None  # not a numeric rule

    def score_for(self, label: str) -> float | None:
        return _lookup(self.mapping.items(), label)

    def describe(self) -> str:
        return "；".join(
            f"{k}{'满分' if v is None else fmt(v) + '分'}" for k, v in self.mapping.items()
        ) + _na_text(self.not_applicable)


@dataclass(frozen=True)
class QualitativeGrade:
    """P7: a quality grade mapped to a score (效果较好6分；一般3分；无效果0分)."""

    pattern: ClassVar[str] = "P7"
    kind: ClassVar[str] = "qualitative_grade"

    bands: tuple[tuple[str, float | None], ...]
    not_applicable: NotApplicable | None = None

    def max_award(self) -> float | None:
        scores = [s for _, s in self.bands if s is not None]
        return max(scores) if scores else None

    def evaluate(self, value: float) -> ScoreRange | None:
        return None  # not a numeric rule

    def score_for(self, label: str) -> float | None:
        return _lookup(self.bands, label)

    def allowed_scores(self) -> set[float]:
        return {s for _, s in self.bands if s is not None}

    def describe(self) -> str:
        return "；".join(
            f"{k}{'满分' if v is None else fmt(v) + '分'}" for k, v in self.bands
        ) + _na_text(self.not_applicable)


@dataclass(frozen=True)
class Unparsed:
    """A rule text we could not read; the reason is shown to the user. Never a guess."""

    pattern: ClassVar[str | None] = None
    kind: ClassVar[str] = "unparsed"

    text: str
    reason: str
    not_applicable: NotApplicable | None = field(default=None)

    def max_award(self) -> float | None:
        return None

    def evaluate(self, value: float) -> ScoreRange | None:
        return None

    def describe(self) -> str:
        return f"无法解析评分标准（{self.reason}）"


ScoringRule = Union[
    ThresholdStep, TieredBands, Proportional, ChecklistAdd, ChecklistDeduct, Categorical, QualitativeGrade
]
