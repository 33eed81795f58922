"""Sentences, grades and enumerations in the narrative.

"内设机构7个，分别为……" promises seven names: an enumeration is a stated count
and the names listed after it (count.mismatch judges them).  What a figure is
about — its label, role and place in a breakdown — is the statement model's
job (statements.py); this module only adds the sentence splitter, the grade
words and the named lists that statements do not model.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from jixiao.model import Figure, Location

from .figures import find_figures, normalise

# Precompiled: these run once per sentence or text block.
_ETC = regex.compile(r"(?:等(?:[0-9一二三四五六七八九十]+[个项家所])?(?:单位|部门|机构)?)$")
_TRIGGER = regex.compile(r"分别|包括|包含|即|为|有|[:：]")
_DIGIT = regex.compile(r"[0-9０-９]")
_OPENERS = regex.compile(r"[\s（(]*")
_COLON = regex.compile(r"\s*[:：]?\s*")

__all__ = [
    "Enumeration",
    "enumerations",
    "find_grades",
    "split_sentences",
]

# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_TERMINATORS = "。；;！!？?"
_OPEN = "（(【["
_CLOSE = "）)】]"
_MAX_PAREN = 100  # a terminator this far inside an unclosed paren still ends the sentence


def split_sentences(text: str, *, line_breaks: bool = True) -> list[tuple[str, int]]:
    """Sentences split on 。；！？ and line breaks, with their start offsets.

    Pass ``line_breaks=False`` for text whose line breaks are layout (PDF
    lines), not structure.

    A terminator inside parentheses does not end the sentence: in
    "127.65万元，（其中：……14.31万元。）预算总支出……" the parenthesis belongs
    to the sentence it explains.  Terminators are not part of the sentence;
    surrounding blanks are stripped (the offset points at the first kept char).
    """
    out: list[tuple[str, int]] = []
    start = 0
    depth = 0
    opened_at = 0

    def emit(end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            out.append((stripped, start + piece.find(stripped)))

    for i, c in enumerate(text):
        if c in _OPEN:
            if depth == 0:
                opened_at = i
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        ends = c in _TERMINATORS and (depth == 0 or i - opened_at > _MAX_PAREN)
        if ends or (c == "\n" and line_breaks):
            emit(i)
            start = i + 1
            depth = 0
    emit(len(text))
    return out


def _sentence_at(sentences: list[tuple[str, int]], pos: int) -> int:
    for k, (s, s0) in enumerate(sentences):
        if s0 <= pos < s0 + len(s):
            return k
    return -1


# --------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------

_GRADE = regex.compile(
    r"(?:评为|评定为|评价为|评价结果为|评价等级为|等级为|等次为|定为|结果为|属于)\s*"
    r"(?:[“\"「『'‘]\s*(?P<q>不合格|优秀|良好|合格|优|良|中|差)\s*[”\"」』'’]"
    r"|(?P<w>不合格|优秀|良好|合格)|(?P<s>优|良|中|差)(?=\s*(?:等级|等次|级|档)))"
)


def find_grades(text: str, location: Location = Location()) -> list[Figure]:
    """Grades the text awards ("被评为“良好”等级"): Figure kind "grade", text 良好."""
    out = []
    for m in _GRADE.finditer(text):
        name = next(n for n in ("q", "w", "s") if m.group(n))
        span = m.span(name)
        out.append(Figure(kind="grade", value=None, text=m.group(name), unit="等级",
                          span=span, location=location))
    return out


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


_COUNTED_UNITS = {"人", "个", "项", "次", "件", "户", "家", "篇", "场", "期", "批", "台", "辆",
                  "册", "份", "人次"}
_DELIMS = set("，,、：:；;。！!？?（）()【】[]《》=＝\n\t \u3000") | {"…"}


def _window_after(text: str, pos: int, hi: int, limit: int = 12) -> str:
    j = pos
    while j < hi and j - pos < limit and text[j] not in _DELIMS and not text[j].isdigit():
        j += 1
    return text[pos:j]


# --------------------------------------------------------------------------
# Enumerations: "内设机构7个，分别为办公室、新闻室……"
# --------------------------------------------------------------------------


@dataclass
class Enumeration:
    """A stated count and the list that follows it; len(items) should equal count."""

    count: Figure
    noun: str
    items: list[str]
    sentence: str
    location: Location = field(default_factory=Location)


_ENUM_TRIGGER = regex.compile(
    r"^\s*[，,]?\s*(?:分别为|分别是|分别|包括|包含|即|为|有)?\s*[:：]?\s*"
)
_QUALIFIER = regex.compile(r"[（(][^（）()，,。；;：:]{1,8}[）)]")
_ITEM_SPLIT = regex.compile(r"[、，,；;]|以及")
_UNIT_SUFFIXES = ("办公室", "中心", "室", "股", "科", "所", "队", "站", "组", "部", "处", "局")


def _ends_with_suffix(s: str) -> bool:
    return len(s) >= 2 and s.endswith(_UNIT_SUFFIXES)


def _split_run_together(piece: str) -> list[str]:
    """"文化文艺和电影股文明创建指导股" → two names, cut after each unit suffix.

    Only cut where both sides are names ending in a unit suffix, so
    "复查复核办公室办案专项" stays whole.
    """
    if not _ends_with_suffix(piece):
        return [piece]
    parts: list[str] = []
    start = 0
    for p in range(2, len(piece) - 1):
        left, right = piece[start:p], piece[p:]
        if _ends_with_suffix(left) and _ends_with_suffix(right):
            parts.append(left)
            start = p
    parts.append(piece[start:])
    return parts


def _clean_item(item: str) -> str:
    item = item.strip().strip("“”\"'‘’")
    item = _ETC.sub("", item)
    return item.strip()


def enumerations(text: str, location: Location = Location()) -> list[Enumeration]:
    """Stated counts followed by the named list ("共实施5个项目支出，分别是：……").

    Lists of figures are breakdowns (statements), not enumerations.
    Names written without separators are split on unit suffixes only while
    the list is shorter than the stated count.
    """
    from .statements import parse_text

    out: list[Enumeration] = []
    sentences = split_sentences(text)
    counts = [f for f in find_figures(text, location) if f.kind == "count" and f.unit in _COUNTED_UNITS and f.value is not None]
    if not counts:
        return out
    labels: dict[tuple[int, int], str] | None = None  # the statements' labels, parsed only when a noun is missing
    for f in counts:
        k = _sentence_at(sentences, f.span[0])
        if k < 0:
            continue
        s, s0 = sentences[k]
        s1 = s0 + len(s)
        after_noun = _window_after(text, f.span[1], s1, limit=20)
        rest_start = f.span[1] + len(after_noun)
        if qual := _QUALIFIER.match(text, rest_start):  # "4个股室（机构）：…": a bracketed qualifier of the noun
            rest_start = qual.end()
        rest = normalise(text[rest_start:s1])
        m = _ENUM_TRIGGER.match(rest)
        trigger = m.group() if m else ""
        if not _TRIGGER.search(trigger):
            continue
        list_text = text[rest_start + len(trigger):s1]
        if not list_text or _DIGIT.search(list_text):
            continue
        items = [c for c in (_clean_item(x) for x in _ITEM_SPLIT.split(list_text)) if c]
        if len(items) < 2:
            continue
        if len(items) < f.value:
            split = [p for it in items for p in _split_run_together(it)]
            if len(split) <= f.value:
                items = split
        if len(after_noun) < 2 and labels is None:
            labels = {st.figure.span: st.label for st in parse_text(text, location)}
        noun = after_noun if len(after_noun) >= 2 else (labels or {}).get(f.span, "")
        out.append(Enumeration(f, noun, items, s, location))
    return out
