"""Ruled tables of a PDF page, stitched across pages, as logical grids.

Detection is pdfplumber's "lines" strategy (``TableFinder``) over the page's
ruling edges.  The logical grid is rebuilt from the cell rectangles, not from
pdfplumber's None pattern: every distinct cell edge position is a grid line,
and a rectangle spanning several grid lines is a merged cell.  A table that
continues on the next page is appended to the same cell list in a virtual
coordinate system (the new part's top placed at the previous part's bottom),
so one grid construction handles both pages and spans crossing the break.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

from pdfplumber.table import TableFinder

from jixiao.model import Cell

from .pdf_lines import Line, group_lines, join_cell_lines
from .pdf_page import Char, PdfPage

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_TOL = 1.5  # points within which two cell edges are the same grid line


@dataclass
class PhysCell:
    """One drawn cell rectangle (virtual coordinates once stitched)."""

    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    full: bool = False  # its text runs down to the bottom border (measured in page coordinates)

    @property
    def blank(self) -> bool:
        return not self.lines

    def set_lines(self, lines: list[Line]) -> None:
        self.lines = lines
        if lines:
            last = max(lines, key=lambda l: l.bottom)
            self.full = self.bottom - last.bottom <= 0.8 * last.size + 2


@dataclass
class PageTable:
    """A table's part on one page, in page coordinates."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: list[PhysCell]


@dataclass
class TableBuild:
    """A table being assembled from one or more page parts."""

    first_page: int
    cells: list[PhysCell]
    last_page: int
    bottom: float  # virtual y of the last part's bottom
    x_range: tuple[float, float]
    page_bottom: float  # page y of the last part's bottom

    @classmethod
    def start(cls, part: PageTable) -> "TableBuild":
        return cls(part.page, list(part.cells), part.page, part.bbox[3], (part.bbox[0], part.bbox[2]), part.bbox[3])

    def columns(self) -> set[float]:
        return _cluster_values([c.x0 for c in self.cells] + [c.x1 for c in self.cells])


def find_page_tables(page: PdfPage) -> tuple[list[PageTable], list[Char]]:
    """Tables on the page with their cell text, and the glyphs outside any table."""
    finder = TableFinder(page, _SETTINGS)  # duck-typed: uses .edges and .bbox only
    parts: list[PageTable] = []
    lookups = []
    for t in finder.tables:
        cells = [PhysCell(*bbox) for bbox in t.cells]
        cells.sort(key=lambda c: (round(c.top, 1), c.x0))
        parts.append(PageTable(page.number, t.bbox, cells))
        lookups.append(_SlotLookup(cells))
    outside: list[Char] = []
    per_cell: dict[tuple[int, int], list[Char]] = {}
    for ch in page.chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for ti, part in enumerate(parts):
            x0, top, x1, bottom = part.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                ci = lookups[ti].find(cx, cy)
                if ci is not None:
                    per_cell.setdefault((ti, ci), []).append(ch)
                break
        else:
            outside.append(ch)
    for (ti, ci), chars in per_cell.items():
        parts[ti].cells[ci].set_lines(group_lines(chars))
    parts.sort(key=lambda p: p.bbox[1])
    return parts, outside


class _SlotLookup:
    """Point → cell index through a grid of edge positions (bisect, not a scan)."""

    def __init__(self, cells: Sequence[PhysCell]) -> None:
        self.xs = sorted(_cluster_values([c.x0 for c in cells] + [c.x1 for c in cells]))
        self.ys = sorted(_cluster_values([c.top for c in cells] + [c.bottom for c in cells]))
        self.slots: dict[tuple[int, int], int] = {}
        for i, c in enumerate(cells):
            for r in range(self._idx(self.ys, c.top), self._idx(self.ys, c.bottom)):
                for k in range(self._idx(self.xs, c.x0), self._idx(self.xs, c.x1)):
                    self.slots.setdefault((r, k), i)

    @staticmethod
    def _idx(values: list[float], v: float) -> int:
        i = bisect.bisect_left(values, v - _TOL)
        return i

    def find(self, x: float, y: float) -> int | None:
        r = bisect.bisect_right(self.ys, y) - 1
        k = bisect.bisect_right(self.xs, x) - 1
        return self.slots.get((r, k))


def _cluster_values(values: Sequence[float]) -> set[float]:
    """Representative positions, merging values closer than the tolerance."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return set(out)


def continues(build: TableBuild, part: PageTable) -> bool:
    """Same table across the page break: same outer x-range and mostly same columns."""
    if part.page != build.last_page + 1:
        return False
    if abs(part.bbox[0] - build.x_range[0]) > 2 * _TOL or abs(part.bbox[2] - build.x_range[1]) > 2 * _TOL:
        return False
    a = sorted(build.columns())
    b = sorted(_cluster_values([c.x0 for c in part.cells] + [c.x1 for c in part.cells]))
    shared = sum(1 for v in b if any(abs(v - w) <= _TOL for w in a))
    return shared / max(len(a), len(b)) >= 0.5


def append_part(build: TableBuild, part: PageTable) -> None:
    """Append a continuation part; fold its first row into the last row if that row was split."""
    offset = build.bottom - part.bbox[1]
    moved = [PhysCell(c.x0, c.top + offset, c.x1, c.bottom + offset, c.lines, c.full) for c in part.cells]
    top = build.bottom
    first_row = [c for c in moved if abs(c.top - top) <= _TOL]
    last_row = [c for c in build.cells if abs(c.bottom - top) <= _TOL]
    if first_row and last_row:
        if _is_split_row(last_row, first_row, top):
            carried = first_row
        else:
            carried = _leading_merge_tails(last_row, first_row)
        for new in carried:
            old = _same_columns(new, last_row)
            if old is None:
                continue
            old.bottom = max(old.bottom, new.bottom)
            old.lines = old.lines + new.lines
            old.full = new.full
            moved.remove(new)
    build.cells.extend(moved)
    build.bottom = part.bbox[3] + offset
    build.last_page = part.page
    build.page_bottom = part.bbox[3]


def _is_split_row(last_row: list[PhysCell], first_row: list[PhysCell], top: float) -> bool:
    """The first row on the new page carries on the previous page's last row.

    A split row keeps its cell structure across the break, so every cell of
    the new first row sits under a cell of the same width.  Text continues only in cells whose text on the previous
    page ran down to the bottom border; text under a cell that ended early
    (a short score like "5") or was blank starts a new row.  Single-line
    rows are ambiguous, so some evidence of a cut is required: a cell that
    ended on the previous page, or a wrapped cell that goes on.
    """
    finished = wrapped = False
    for new in first_row:
        old = _same_columns(new, last_row)
        if old is None:
            return False
        if not new.blank and not old.full:
            return False
        finished |= new.blank and not old.blank
        wrapped |= not new.blank and len(old.lines) > 1
    # One-line cells that all go on could as well be a new one-line row.
    return finished or wrapped


def _leading_merge_tails(last_row: list[PhysCell], first_row: list[PhysCell]) -> list[PhysCell]:
    """Blank label cells opening a new page under filled ones: the rest of a vertical merge.

    Only the leading run of blank cells (the row-header columns left of the
    first text) is taken, so an empty value cell is never filled from above.
    """
    out = []
    for new in sorted(first_row, key=lambda c: c.x0):
        old = _same_columns(new, last_row)
        if not new.blank or old is None or old.blank:
            break
        out.append(new)
    return out


def _same_columns(cell: PhysCell, row: list[PhysCell]) -> PhysCell | None:
    for c in row:
        if abs(c.x0 - cell.x0) <= _TOL and abs(c.x1 - cell.x1) <= _TOL:
            return c
    return None


def build_grid(cells: Sequence[PhysCell]) -> list[list[Cell]]:
    """Logical grid: origins carry spans, covered slots are continuations repeating the text."""
    xs = sorted(_cluster_values([c.x0 for c in cells] + [c.x1 for c in cells]))
    ys = sorted(_cluster_values([c.top for c in cells] + [c.bottom for c in cells]))

    def idx(values: list[float], v: float) -> int:
        i = bisect.bisect_left(values, v - _TOL)
        return min(i, len(values) - 1)

    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for pc in sorted(cells, key=lambda c: (c.top, c.x0)):
        r0, r1 = idx(ys, pc.top), idx(ys, pc.bottom)
        c0, c1 = idx(xs, pc.x0), idx(xs, pc.x1)
        if r1 <= r0 or c1 <= c0 or grid[r0][c0] is not None:
            continue
        text = join_cell_lines(pc.lines)
        origin = Cell(text, r0, c0, rowspan=r1 - r0, colspan=c1 - c0)
        for r in range(r0, r1):
            for k in range(c0, c1):
                if grid[r][k] is None:
                    grid[r][k] = origin if (r, k) == (r0, c0) else Cell(text, r, k, origin=(r0, c0))
    return [
        [slot if slot is not None else Cell("", r, k) for k, slot in enumerate(row)]
        for r, row in enumerate(grid)
    ]

