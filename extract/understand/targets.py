"""Whether an indicator's 实际完成值 meets its 年度指标值.

Targets carry their comparator ("≥95%", "≤30万元", "=100%", "90%以上") or take
it from the indicator: a control, adjustment or cost indicator is met below
its target, any other at or above it (``targets`` in lexicon.toml).
Qualitative results are met when they say what the target says or one of the
words that mean done; anything else is left undecided, never guessed.
"""
from __future__ import annotations

import unicodedata

from .figures import cell_comparator, parse_cell
from .lexicon import load_lexicon

_NUMERIC = ("percent", "money", "count", "number", "score")


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).strip("：:。")


def direction(target: str, name: str = "") -> str:
    """The comparator that meets ``target``: its own, else ≤ for lower-is-better indicators, else ≥."""
    cmp_ = cell_comparator(target)
    if cmp_:
        return {">": "≥", "<": "≤", "≈": "="}.get(cmp_, cmp_)
    lex = load_lexicon()
    if any(w in name for w in lex.lower_is_better):
        return "≤"
    return "≥"


def compare_target(target: str, actual: str, indicator_id: str | None = None, name: str = "") -> str | None:
    """"met", "missed" or None (cannot tell) for one indicator row."""
    t, a = _clean(target), _clean(actual)
    if not t or not a or t in ("/", "-", "—") or a in ("/", "-", "—"):
        return None
    tf, af = parse_cell(target), parse_cell(actual)
    if tf is not None and af is not None and tf.value is not None and af.value is not None \
            and tf.kind in _NUMERIC and af.kind in _NUMERIC:
        if tf.kind == "percent" and af.kind not in ("percent", "number") or af.kind == "percent" and tf.kind not in ("percent", "number"):
            return None
        d = direction(target, name)
        h = max(tf.half_unit if tf.decimals else 0.0, af.half_unit if af.decimals else 0.0)
        if d == "≥":
            return "met" if af.value >= tf.value - h else "missed"
        if d == "≤":
            return "met" if af.value <= tf.value + h else "missed"
        return "met" if abs(af.value - tf.value) <= h + 1e-9 else "missed"
    if tf is None and af is None:
        lex = load_lexicon()
        if a == t or a in lex.targets_met:
            return "met"
        if a in lex.targets_missed:
            return "missed"
    return None
