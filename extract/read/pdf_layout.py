"""Blocks from PDF pages (text layer or OCR alike): paragraphs re-joined, tables stitched, running heads dropped.

Shared by the text-PDF reader and the OCR reader, so neither imports the other.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from jixiao.model import Block, Document, Location, Paragraph, Table

from .pdf_lines import Line, glue, group_lines, had_room
from .pdf_page import PdfPage
from .pdf_tables import PageTable, TableBuild, append_part, build_grid, continues, find_page_tables

_PAGE_NUMBER = regex.compile(
    r"^[-—–－\s]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?|[ivxlcIVXLC]{1,6})[-—–－\s]*$"
)
_BAND = 0.08  # top/bottom fraction of the page where headers and footers live


@dataclass
class _Item:
    """A page's content in vertical order before blocks are formed."""

    top: float
    line: Line | None = None
    table: PageTable | None = None


def build_document(path: str, pages: list[PdfPage]) -> Document:
    """Blocks from loaded pages (text layer or OCR alike): tables, paragraphs, no running heads."""
    doc = Document(path=path, format="pdf", pages=len(pages))
    per_page = [_page_items(p) for p in pages]
    _drop_headers_footers(per_page, pages)
    doc.blocks = _assemble(path, per_page)
    return doc


def _page_items(page: PdfPage) -> list[_Item]:
    parts, outside = find_page_tables(page)
    items = [_Item(p.bbox[1], table=p) for p in parts]
    items += [_Item(l.top, line=l) for l in group_lines(outside)]
    items.sort(key=lambda it: it.top)
    return items


def _drop_headers_footers(per_page: list[list[_Item]], pages: list[PdfPage]) -> None:
    """Remove page numbers and running heads/feet from the top and bottom bands."""

    def in_band(it: _Item, page: PdfPage) -> bool:
        return it.line is not None and (
            it.line.bottom < _BAND * page.height or it.line.top > (1 - _BAND) * page.height
        )

    def key(line: Line) -> str:
        return regex.sub(r"\d+", "#", regex.sub(r"\s+", "", line.text))

    seen = Counter(
        key(it.line) for items, page in zip(per_page, pages) for it in items if in_band(it, page)  # type: ignore[arg-type]
    )
    repeated = {k for k, n in seen.items() if n >= 2 and n * 2 >= len(pages)}
    for i, (items, page) in enumerate(zip(per_page, pages)):
        per_page[i] = [
            it for it in items
            if not (in_band(it, page) and (_PAGE_NUMBER.match(it.line.text) or key(it.line) in repeated))  # type: ignore[union-attr]
        ]


def _margins(per_page: list[list[_Item]]) -> tuple[float, float]:
    """Body text left/right margins: third-most-extreme line edges (robust to one stray line)."""
    x0s = sorted(it.line.x0 for items in per_page for it in items if it.line)
    x1s = sorted((it.line.x1 for items in per_page for it in items if it.line), reverse=True)
    if not x0s:
        return 0.0, 0.0
    return x0s[min(2, len(x0s) - 1)], x1s[min(2, len(x1s) - 1)]


def _assemble(path: str, per_page: list[list[_Item]]) -> list[Block]:
    left, right = _margins(per_page)
    pending: list[Block | TableBuild] = []
    para: list[str] = []  # text of the paragraph being built, its page, its last line
    para_page = 0
    last: Line | None = None
    last_page = 0

    def flush() -> None:
        nonlocal para, last
        if para:
            pending.append(Paragraph(para[0], Location(file=path, page=para_page)))
        para, last = [], None

    for page_no, items in enumerate(per_page, start=1):
        for pos, it in enumerate(items):
            if it.table is not None:
                flush()
                prev = pending[-1] if pending else None
                if pos == 0 and isinstance(prev, TableBuild) and continues(prev, it.table):
                    append_part(prev, it.table)
                else:
                    pending.append(TableBuild.start(it.table))
                continue
            line = it.line
            assert line is not None
            if last is not None and _wraps(last, line, last_page, page_no, pos, left, right):
                para[0] = glue(para[0], line.text)
            else:
                flush()
                para, para_page = [line.text], page_no
            last, last_page = line, page_no
    flush()

    blocks: list[Block] = []
    k = 0
    for b in pending:
        if isinstance(b, TableBuild):
            k += 1
            blocks.append(Table(build_grid(b.cells), Location(file=path, table=k, page=b.first_page)))
        else:
            blocks.append(b)
    return blocks


def _wraps(line: Line, nxt: Line, page: int, next_page: int, pos: int, left: float, right: float) -> bool:
    """The next line carries on ``line``'s paragraph: ``line`` ran to the right margin."""
    if had_room(line, nxt, right):
        return False
    if nxt.x0 > left + 1.0 * nxt.size:  # indented: a new paragraph's first line
        return False
    if next_page == page:
        return nxt.top - line.bottom < 1.2 * line.size
    return next_page == page + 1 and pos == 0
