"""Scoring rules read from each indicator's 评分标准 text, and their arithmetic.

Usage::

    rule = parse_rule("100%以下（含）计满分，每超出1%扣1分，扣完为止。", weight=3)
    if not isinstance(rule, Unparsed):
        rule.max_award()          # most the text can award (compare with the row weight)
        rule.evaluate(112.12)     # ScoreRange(lo=0, hi=0): legitimate scores for that value
        rule.describe()           # Chinese restatement for findings
"""
from .normalize import cn_to_int, normalize
from .parser import parse_rule
from .rules import (
    Band,
    Categorical,
    ChecklistAdd,
    ChecklistDeduct,
    ChecklistItem,
    Proportional,
    QualitativeGrade,
    ScoreRange,
    ScoringRule,
    ThresholdStep,
    TieredBands,
    Unparsed,
)

__all__ = [
    "Band",
    "Categorical",
    "ChecklistAdd",
    "ChecklistDeduct",
    "ChecklistItem",
    "Proportional",
    "QualitativeGrade",
    "ScoreRange",
    "ScoringRule",
    "ThresholdStep",
    "TieredBands",
    "Unparsed",
    "cn_to_int",
    "normalize",
    "parse_rule",
]
