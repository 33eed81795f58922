"""Line breaking for Chinese text in a terminal, keeping rich styles.

rich wraps Chinese text at any character, so a line may start with "，" and a
formula ("26.64/30 = 88.8%") or a location ("附件4-2 · 表8「…」") may be cut in
two.  :func:`wrap` breaks where Chinese typesetting allows (between Chinese
characters and at spaces, never before closing or after opening punctuation:
禁则), never inside a number with its unit, a formula, a location or a span the
caller protects, and falls back to breaking inside such a unit only when it
alone is wider than the line.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text

Span = tuple[int, int]

# 行首禁则 / 行尾禁则: what may not start a line, what may not end one.
NO_START = set("，。、；：？！）」』》】〕〉”’%％‰·…—～,.;:?!)]}>")
NO_END = set("（「『《【〔〈“‘([{<")

_OPERAND = r"[\w.%％‰]+"
FORMULA = re.compile(rf"{_OPERAND}(?:\s?[/×÷*+\-−=＝]\s?{_OPERAND})+")
FIGURE = re.compile(r"\d+(?:[.,]\d+)*(?:%|％|‰|万元|亿元|千元|元|万|分|人次|人|个|项|次|年度|年|月|日)?")
LOCATION = re.compile(
    r"附件\s?\d+(?:\s?[-－]\s?\d+)*(?:\s?[·›]\s?表\d+(?:「[^」]{0,40}」)?)?(?:\s?[·›]\s?第\d+[行列段页](?:第\d+列)?)*"
    r"|表\d+「[^」]{0,40}」|第\d+行(?:第\d+列)?|第\d+[段页]"
)


def protected_spans(plain: str) -> list[Span]:
    """Spans that must stay on one line: figures with units, formulas, locations."""
    spans = [m.span() for rx in (FORMULA, LOCATION, FIGURE) for m in rx.finditer(plain)]
    return [s for s in spans if s[1] - s[0] > 1]


def _breaks(plain: str, keep: Iterable[Span]) -> list[int]:
    """Positions where a line may break (a break at i puts plain[i] first on the next line)."""
    n = len(plain)
    blocked = bytearray(n + 1)
    for a, b in keep:
        for i in range(max(a + 1, 0), min(b, n + 1)):
            blocked[i] = 1
    out = []
    for i in range(1, n):
        if blocked[i]:
            continue
        prev, cur = plain[i - 1], plain[i]
        if cur in NO_START or prev in NO_END:
            continue
        if cur == " " or prev == " ":
            out.append(i)
        elif cell_len(prev) == 2 or cell_len(cur) == 2:
            out.append(i)
    return out


def _hard_split(plain: str, a: int, b: int, width: int) -> list[int]:
    """Break points inside [a, b) so that no piece is wider than ``width``: at spaces if possible."""
    cuts: list[int] = []
    start, used = a, 0
    last_space = -1
    for i in range(a, b):
        w = cell_len(plain[i])
        if used + w > width and i > start:
            cut = last_space if last_space > start else i
            cuts.append(cut)
            start = cut
            used = cell_len(plain[start:i + 1])
            last_space = -1
            continue
        if plain[i] == " ":
            last_space = i
        used += w
    return cuts


def wrap(text: Text, width: int | None, indent: int = 0, hang: int | None = None,
         keep: Iterable[Span] = ()) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, the first indented by ``indent``, the rest by ``hang``.

    ``width`` None returns the text on one line (piped output is never
    hard-wrapped).  Spaces at a break are dropped.
    """
    hang = indent if hang is None else hang
    plain = text.plain
    if width is None or cell_len(plain) + indent <= width:
        return [Text(" " * indent) + text]
    spans = protected_spans(plain) + list(keep)
    breaks = _breaks(plain, spans) + [len(plain)]
    lines: list[Span] = []
    start = 0
    pad = indent
    prev = 0
    for b in breaks:
        piece_end = b
        avail = max(2, width - pad)
        if cell_len(plain[start:piece_end].rstrip()) <= avail:
            prev = b
            continue
        # the piece from start to b does not fit: end the line at the previous break
        if prev > start:
            lines.append((start, prev))
            start = prev
            while start < len(plain) and plain[start] == " ":
                start += 1
            pad = hang
            avail = max(2, width - pad)
        while cell_len(plain[start:b].rstrip()) > avail:
            # one unit wider than the line: cut inside it, at a space if it has one
            cuts = _hard_split(plain, start, b, avail)
            if not cuts:
                break
            lines.append((start, cuts[0]))
            start = cuts[0]
            while start < len(plain) and plain[start] == " ":
                start += 1
            pad = hang
            avail = max(2, width - pad)
        prev = b
    if start < len(plain):
        lines.append((start, len(plain)))
    out: list[Text] = []
    for k, (a, b) in enumerate(lines):
        while b > a and plain[b - 1] == " ":
            b -= 1
        line = Text(" " * (indent if k == 0 else hang))
        line.append_text(text[a:b])
        out.append(line)
    return out
