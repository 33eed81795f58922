"""Characters into text lines, and wrapped lines back into logical text.

A PDF only knows glyph positions: a paragraph or a table cell is a stack of
lines broken wherever the width ran out.  Whether a break was in the original
is decided from geometry (did the line reach the right edge?) plus a few
textual signs (an enumeration marker starts the next line); when in doubt the
lines are joined, because a spurious join costs nothing to number parsing while
a spurious break splits "18,841,234,\\n567.89元" into two figures.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import regex

from .pdf_page import Char


class Line(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


# A line starting like this opens a new item of an enumeration.
_MARKER = regex.compile(
    r"^\s*(?:[①-⑳㉑-㉟]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．.](?!\d)"
    r"|[一二三四五六七八九十]{1,3}、|[A-Za-z][.、](?![\d])|(?:说明|注|备注)[:：])"
)
_TERMINAL = "。；;：:！？!?"
# The unit a line break cannot split: a Latin/number run or one character,
# glued to opening punctuation after it and closing punctuation that may not
# start a line (kinsoku), e.g. "为“良" or "室。".
_OPEN = "“‘《（(「『〔【〈［\\["
_CLOSE = "”’》）)」』〕】〉］\\]。，、；：！？,.;:!?%"
_WORD = r"(?:[0-9A-Za-z.,%/\-]+|.)"
# A closing bracket followed by digits does not break either ("〔2022〕1115号").
_FIRST_UNIT = regex.compile(rf"^[{_OPEN}]*{_WORD}(?:[{_OPEN}]+{_WORD}|[{_CLOSE}]+[0-9A-Za-z.,%/\-]+)*[{_CLOSE}]*")
_ASCII_WORD = regex.compile(r"[A-Za-z]")


def group_lines(chars: Sequence[Char]) -> list[Line]:
    """Cluster glyphs by vertical centre into lines, each read left to right.

    Spaces are not inferred from small gaps (justified Chinese text spreads
    glyphs); only a gap wider than two glyphs, i.e. a tab stop, becomes a space.
    """
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    groups: list[list[Char]] = []
    centre = 0.0
    for ch in ordered:
        mid = (ch.top + ch.bottom) / 2
        if groups and abs(mid - centre) <= 0.45 * max(ch.size, 1.0):
            groups[-1].append(ch)
        else:
            groups.append([ch])
            centre = mid
    lines = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        parts: list[str] = []
        prev: Char | None = None
        for ch in group:
            if prev is not None and ch.x0 - prev.x1 > 2.0 * max(prev.size, ch.size, 1.0):
                parts.append(" ")
            parts.append(ch.text)
            prev = ch
        text = "".join(parts).strip()
        if not text:
            continue
        lines.append(
            Line(
                text,
                min(c.x0 for c in group),
                min(c.top for c in group),
                max(c.x1 for c in group),
                max(c.bottom for c in group),
                max(c.size for c in group),
            )
        )
    return lines


def glue(left: str, right: str) -> str:
    """Join two pieces of one logical line: no space, except between Latin words."""
    if left and right and _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return left + " " + right
    return left + right


def unit_width(text: str, size: float) -> float:
    """Approximate width of the first unbreakable unit of ``text``."""
    m = _FIRST_UNIT.match(text)
    unit = m.group(0) if m else text[:1]
    return sum(0.55 * size if ord(ch) < 0x2E80 else size for ch in unit)


def had_room(line: Line, nxt: Line, right: float) -> bool:
    """The next line's first unit would have fitted after ``line``: the break was deliberate."""
    return line.x1 + unit_width(nxt.text, nxt.size) <= right - 0.3 * line.size


def is_hard_break(line: Line, nxt: Line, right: float) -> bool:
    """True when the break after ``line`` was in the original text (cells: when in doubt, join)."""
    short = had_room(line, nxt, right)
    ends = line.text.rstrip()[-1:] in _TERMINAL
    if _MARKER.match(nxt.text):
        return short or ends
    return short and ends


def join_cell_lines(lines: Sequence[Line]) -> str:
    """Text of a table cell: wraps joined, original line breaks kept as '\\n'."""
    if not lines:
        return ""
    right = max(l.x1 for l in lines)
    out = lines[0].text
    for line, nxt in zip(lines, lines[1:]):
        out = out + "\n" + nxt.text if is_hard_break(line, nxt, right) else glue(out, nxt.text)
    return out
