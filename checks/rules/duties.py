"""duties.foreign: the 主要职能 section describes another kind of unit.

Reports are often built from another unit's template; the duties section is
where that shows most plainly (a 县委宣传部 whose duties are a 红十字会's).
The unit's type comes from its name, the duties' type from their vocabulary
(checks/profiles.toml).  Only a large margin counts: several distinct keywords
of the other type and few or none of the unit's own.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from checks.profiles import profile, score_duties, unit_type
from checks.registry import finding, rule
from extract.understand.duties import duties_paragraphs
from jixiao.model import Evidence, Finding, Paragraph

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "duties.foreign"
MIN_OTHER = 4  # distinct keywords of the other type
MIN_MARGIN = 4  # other − own
RATIO = 3  # other ≥ RATIO × own
ERROR_MIN = 5  # error: this many, none of the own type, and the other type named in the text
MAX_EVIDENCE = 3


def foreign_type(unit_name: str, text: str) -> tuple[str, int, int] | None:
    """(other type id, its score, own score) when ``text`` plainly belongs to another type."""
    own = unit_type(unit_name)
    if own is None:
        return None
    scores = dict(score_duties(text))
    own_score = scores.get(own, 0)
    others = [(t, s) for t, s in scores.items() if t != own]
    if not others:
        return None
    other, other_score = max(others, key=lambda ts: ts[1])
    if other_score >= MIN_OTHER and other_score - own_score >= MIN_MARGIN and other_score >= RATIO * own_score:
        return other, other_score, own_score
    return None


def _evidence(paras: list[Paragraph], keywords: list[str]) -> list[Evidence]:
    """The duty lines richest in the other type's keywords, in document order."""
    ranked = sorted(paras, key=lambda p: -sum(k in p.text for k in keywords))
    best = [p for p in ranked[:MAX_EVIDENCE] if any(k in p.text for k in keywords)]
    best.sort(key=paras.index)
    return [Evidence(p.text.strip(), p.location) for p in best]


@rule(RULE, "主要职能内容属于其他类型单位")
def duties_foreign(ctx: "CheckContext") -> Iterable[Finding]:
    """The unit's duties text belongs to another kind of unit.

    What it flags: a 主要职能/职能职责 section whose vocabulary is that of another
    unit type (a 宣传部 describing 应急救护, 人道救助, 无偿献血) by a large margin
    over its own type's vocabulary.  Unit types come from the unit's name; the
    vocabulary of each type is data (checks/profiles.toml).

    Why it matters: duties copied from another unit's report mean the whole
    narrative may be another unit's.

    Example: a 县委宣传部 report whose 主要职能 are a Red Cross society's.

    Severity: error when none of the own type's words appear and the other type
    is named; warning otherwise.  Options: none beyond --select/--ignore.
    """
    unit = ctx.unit
    paras = duties_paragraphs(ctx.doc)
    if not unit or not paras:
        return
    text = "\n".join(p.text for p in paras)
    hit = foreign_type(unit, text)
    if hit is None:
        return
    other_id, other_score, own_score = hit
    other, own = profile(other_id), profile(unit_type(unit) or "")
    assert other is not None and own is not None
    keywords = other.keywords_in(text)
    named = any(n in text for n in other.names)
    severity = "error" if own_score == 0 and named and other_score >= ERROR_MIN else "warning"
    shown = "、".join(keywords[:5]) + ("…" if len(keywords) > 5 else "")
    own_note = "未出现" if own_score == 0 else f"仅{own_score}项"
    message = (
        f"主要职能内容属于{other.label}（{shown}），与本单位（{unit}，{own.label}）职能不符；"
        f"{own.label}的职能用语{own_note}"
    )
    evidence = _evidence(paras, keywords)
    if ctx.identity.unit_location is not None:
        evidence.append(Evidence(unit, ctx.identity.unit_location))
    yield finding(RULE, severity, message, *evidence)
