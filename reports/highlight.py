"""What every renderer needs to know about a finding: the figures it compares, its place, its rule.

A reviewer checks a finding by comparing the figures it names with the place
they come from, so the renderers emphasise exactly those figures.  They are
taken from the finding's arguments (the figures as written) and its evidence
items, never by re-parsing the message for numbers; the message is only
searched for where those figures stand in it.  Everything here is pure and
never raises on odd input.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from jixiao.model import DocumentResult, Evidence, Finding, Location

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
OTHER_ATTACHMENT = "其他"
SEP = " › "

# Argument names whose value is what the report's figures imply (shown beside the written figure),
# and evidence roles that mark the written figure it is compared with.
COMPUTED_ARGS = ("expected", "computed", "recomputed", "should_be", "implied")
WRITTEN_ROLES = ("stated", "total", "written")
# Evidence roles that are context (a sentence, a rule text), not a figure to emphasise.
CONTEXT_ROLES = ("context", "subject", "rule", "sentence")
FIGURE_TEXT_MAX = 20  # evidence text longer than this is a passage, not a figure

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
# A number with optional thousands separators and decimals, and the unit written after it.
_NUMBER = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>(?:%|‰|万元|亿元|千元|元|万|分|人次|人|个|项|次|家|户|台|辆|天|小时)?)"
)
# Numbers that only locate or enumerate something ("附件5-1", "表2", "第3段", "5、…"), never a figure.
_REFERENCE = re.compile(r"(?:附件|附表|表|图|第)\s?\d+(?:\s?[-－—.]\s?\d+)*|(?:^|(?<=[\s。；：:]))\d+(?=、)")

Span = tuple[int, int]


# --------------------------------------------------------------------------- figures a finding compares

def _arg_strings(value: object) -> list[str]:
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in _arg_strings(v)]
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [str(value)]


def _figure_tokens(text: str) -> list[str]:
    """Figures written in ``text`` (number and unit as written), reference numbers skipped."""
    ascii_text = (text or "").translate(_FULLWIDTH)
    refs = [m.span() for m in _REFERENCE.finditer(ascii_text)]
    out: list[str] = []
    for m in _NUMBER.finditer(ascii_text):
        if any(a <= m.start() < b for a, b in refs):
            continue
        out.append(text[m.start():m.end()])
    return out


def compared_figures(f: Finding) -> list[str]:
    """The figures the finding compares, as written: its arguments' figures and its evidence figures.

    Arguments that are names (no digit) and presentation-only ones ("_…") are
    left out; evidence items that are passages (a sentence, a rule text) only
    contribute when the finding has no arguments, and then only figures.
    """
    out: list[str] = []
    for key, value in f.args or ():
        if key.startswith("_"):
            continue
        for s in _arg_strings(value):
            s = s.strip()
            if s and any(ch.isdigit() for ch in s.translate(_FULLWIDTH)) and len(s) <= FIGURE_TEXT_MAX:
                out.append(s)
    for ev in f.evidence or ():
        text = (ev.text or "").strip()
        if ev.role in CONTEXT_ROLES or not text or len(text) > FIGURE_TEXT_MAX:
            continue  # a passage (a sentence, a rule text) is context, not a figure
        tokens = _figure_tokens(text)
        # the evidence is the figure itself ("86分", "66.4%") or a short label with figures in it
        out.extend([text] if tokens == [text] else tokens)
    seen: set[str] = set()
    return [s for s in out if not (s in seen or seen.add(s))]


def _bounded(text: str, needle: str, start: int = 0) -> Iterable[Span]:
    """Occurrences of ``needle`` not glued to further digits ("20" is not found inside "2020" or "20.5")."""
    ascii_text = text.translate(_FULLWIDTH)
    needle = needle.translate(_FULLWIDTH)
    pos = start
    while needle:
        i = ascii_text.find(needle, pos)
        if i < 0:
            return
        j = i + len(needle)
        before = ascii_text[i - 1] if i > 0 else ""
        after = ascii_text[j:j + 2]
        glued_before = needle[0].isdigit() and (before.isdigit() or before == ".")
        glued_after = needle[-1].isdigit() and (after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit()))
        if not glued_before and not glued_after:
            yield i, j
        pos = i + 1


def figure_spans(text: str, figures: Iterable[str]) -> list[Span]:
    """Where the given figures stand in ``text``; a figure not found as written is looked for by its number.

    Reference numbers (附件5-1, 表4, 第3行) never match; longer figures win over
    the shorter ones they contain.
    """
    text = text or ""
    ascii_text = text.translate(_FULLWIDTH)
    refs = [m.span() for m in _REFERENCE.finditer(ascii_text)]
    spans: list[Span] = []
    for fig in sorted(set(figures), key=len, reverse=True):
        found = list(_bounded(text, fig))
        if not found:
            m = _NUMBER.search(fig.translate(_FULLWIDTH))
            if m and m.group("num") != fig:
                found = list(_bounded(text, m.group("num")))
        for a, b in found:
            if any(x <= a < y for x, y in refs):
                continue
            if any(x < b and a < y for x, y in spans):
                continue
            spans.append((a, b))
    return sorted(spans)


def segments(text: str, spans: Iterable[Span]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, marked) runs; overlapping or odd spans are skipped."""
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


def message_segments(f: Finding) -> list[tuple[str, bool]]:
    """The message with the figures the finding compares marked (and nothing else)."""
    message = f.message or ""
    return segments(message, figure_spans(message, compared_figures(f)))


def computed_value(f: Finding) -> str | None:
    """What the report's own figures imply (from the finding's arguments), as the message writes it."""
    arg = f.arg
    for key in COMPUTED_ARGS:
        value = arg.get(key)
        if value is not None and not isinstance(value, (tuple, list)) and str(value).strip():
            return _arg_strings(value)[0]
    return None


def written_index(f: Finding) -> int | None:
    """The evidence item holding the written figure a computed value is set against."""
    for role in WRITTEN_ROLES:
        for i, ev in enumerate(f.evidence or ()):
            if ev.role == role:
                return i
    return None


# --------------------------------------------------------------------------- where a finding stands

def breadcrumb(loc: Location, *, section: bool = True) -> list[str]:
    """附件 › 表N「title」 (or the section) › 第r行第c列 (or 第n段) › 第p页, parts that are known."""
    parts: list[str] = []
    if loc.attachment:
        parts.append(loc.attachment)
    if loc.table is not None:
        parts.append(f"表{loc.table}「{loc.table_title}」" if loc.table_title else f"表{loc.table}")
    elif loc.section and section:
        parts.append(loc.section)
    cell = cell_label(loc)
    if cell:
        parts.append(cell)
    if loc.paragraph is not None and loc.table is None:
        parts.append(f"第{loc.paragraph}段")
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if not parts and loc.file:
        parts.append(loc.file)
    return parts


def cell_label(loc: Location) -> str:
    if loc.row is not None and loc.col is not None:
        return f"第{loc.row + 1}行第{loc.col + 1}列"
    if loc.row is not None:
        return f"第{loc.row + 1}行"
    return ""


def location_label(evidence: Evidence) -> str:
    """The breadcrumb as one string, or '' when the evidence has none."""
    try:
        return SEP.join(breadcrumb(evidence.location))
    except Exception:  # noqa: BLE001
        return ""


def excerpts_of(result: DocumentResult, f: Finding) -> list[dict]:
    """The evidence-in-context excerpts built for ``f`` (empty when the document was not at hand)."""
    table = getattr(result, "excerpts", None) or {}
    try:
        out = table.get(f.fingerprint) if f.fingerprint else None
    except Exception:  # noqa: BLE001
        return []
    n = len(f.evidence or ())
    # an excerpt must describe this finding's evidence (a shared fingerprint must not borrow another's)
    if not out or any(it.get("e", 0) >= n for ex in out for it in ex.get("items", ())):
        return []
    return out


@lru_cache(maxsize=None)
def rule_summary(rule_id: str) -> str:
    """The rule's Chinese one-line summary from the registry ('' for an unknown id)."""
    try:
        from checks.registry import RULES, load_all

        if rule_id not in RULES:
            load_all()
        rule = RULES.get(rule_id)
        return rule.summary if rule else ""
    except Exception:  # noqa: BLE001 - a report must render even if the rule modules cannot load
        return ""


# --------------------------------------------------------------------------- grouping and counts

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


def clean(text: str) -> str:
    """Collapse whitespace: evidence from tables carries newlines and padding."""
    return " ".join((text or "").split())
