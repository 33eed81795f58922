"""Figure highlighting shared by the terminal and HTML renderers.

A reviewer checks a finding by comparing the figures its message names with
the figures in the cited text, so both renderers emphasise exactly those.
Everything here is pure string work and must never raise on odd input.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from jixiao.model import DocumentResult, Finding

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
OTHER_ATTACHMENT = "其他"
EXCERPT_WIDTH = 160

# Full-width digits and punctuation map one-to-one onto ASCII, so spans found in
# the translated text are valid in the original.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# A number with optional thousands separators and decimals, plus the unit it
# is written with (kept in the highlight so "203.85万元" reads as one figure).
_NUMBER = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?(?:%|‰|万元|亿元|千元|元|分|人次|人|个|项|次|家|户|台|辆|天|小时)?)"
)
# Numbers that only locate something ("附件5-1", "表2", "第3段"), never a figure.
_REFERENCE = re.compile(r"(?:附件|附表|表|图|第)\s?\d+(?:\s?[-－—.]\s?\d+)*")

Span = tuple[int, int]


def _number_key(num: str) -> Decimal | str:
    """Comparable value of a written number: '86.0' and '86' are one figure."""
    clean = num.replace(",", "")
    try:
        return Decimal(clean).normalize()
    except (InvalidOperation, ValueError):
        return clean


def _figures(text: str) -> list[tuple[Span, Decimal | str]]:
    """Spans and values of the figures in ``text``, skipping reference numbers."""
    if not text:
        return []
    ascii_text = text.translate(_FULLWIDTH)
    refs = [m.span() for m in _REFERENCE.finditer(ascii_text)]
    out: list[tuple[Span, Decimal | str]] = []
    for m in _NUMBER.finditer(ascii_text):
        start = m.start("num")
        if any(a <= start < b for a, b in refs):
            continue
        end = m.end("unit") if m.group("unit").strip() else m.end("num")
        out.append(((start, end), _number_key(m.group("num"))))
    return out


def message_figures(message: str) -> set[Decimal | str]:
    """Values of the figures a finding's message names."""
    return {key for _, key in _figures(message or "")}


def figure_spans(text: str, wanted: set[Decimal | str] | None = None) -> list[Span]:
    """Spans of figures in ``text``; only those whose value is in ``wanted`` if given."""
    return [span for span, key in _figures(text or "") if wanted is None or key in wanted]


def clean(text: str) -> str:
    """Collapse whitespace: evidence from tables carries newlines and padding."""
    return " ".join((text or "").split())


def excerpt(text: str, spans: list[Span], width: int = EXCERPT_WIDTH) -> tuple[str, list[Span]]:
    """Cut ``text`` to about ``width`` characters around the first highlighted figure.

    Returns the excerpt (with "…" where cut) and the spans shifted into it.
    """
    if len(text) <= width:
        return text, spans
    anchor = min(spans)[0] if spans else 0
    start = max(0, min(anchor - width // 3, len(text) - width))
    end = start + width
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, kept


def segments(text: str, spans: list[Span]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, highlighted) runs."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos or b > len(text) or a >= b:
            continue
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def evidence_segments(evidence_text: str, message: str,
                      width: int = EXCERPT_WIDTH) -> list[tuple[str, bool]]:
    """Evidence excerpt with the figures the message also names marked."""
    text = clean(evidence_text)
    cut, cut_spans = excerpt(text, figure_spans(text, message_figures(message)), width)
    return segments(cut, cut_spans)


def message_segments(message: str) -> list[tuple[str, bool]]:
    """The message with every figure it names marked."""
    message = message or ""
    return segments(message, figure_spans(message))


def severity_counts(result: DocumentResult) -> dict[str, int]:
    """Counts by severity, tolerant of unknown severity strings."""
    out = {s: 0 for s in SEVERITY_LABELS}
    for f in result.findings or ():
        sev = getattr(f, "severity", None)
        if sev in out:
            out[sev] += 1
    return out


def attachment_of(finding: Finding) -> str:
    """Attachment label used to group a finding; '其他' when unknown."""
    try:
        return finding.attachment or OTHER_ATTACHMENT
    except Exception:  # noqa: BLE001 - rendering must not fail on odd evidence
        return OTHER_ATTACHMENT


def attachment_sort_key(label: str) -> tuple:
    """Natural order: 附件2 before 附件10, 附件4-1 before 附件4-2, '其他' last."""
    if label == OTHER_ATTACHMENT:
        return (2, ())
    nums = tuple(int(n) for n in re.findall(r"\d+", label.translate(_FULLWIDTH)))
    return (0, nums, label) if nums else (1, (), label)


def group_by_attachment(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by attachment, groups in natural order, errors first inside."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(attachment_of(f), []).append(f)
    rank = {s: i for i, s in enumerate(SEVERITY_LABELS)}
    return [
        (label, sorted(items, key=lambda f: rank.get(getattr(f, "severity", ""), 9)))
        for label, items in sorted(groups.items(), key=lambda kv: attachment_sort_key(kv[0]))
    ]


def rule_frequencies(results: Iterable[DocumentResult]) -> list[tuple[str, int, int]]:
    """(rule, findings, files) across all results, most frequent first."""
    hits: Counter[str] = Counter()
    files: Counter[str] = Counter()
    for r in results:
        rules = [str(f.rule) for f in r.findings or ()]
        hits.update(rules)
        files.update(set(rules))
    return [(rule, n, files[rule]) for rule, n in hits.most_common()]


def location_label(evidence: object) -> str:
    """The Chinese location label, or '' when the evidence has none."""
    try:
        return evidence.location.label() or ""  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return ""
