"""The same report read from .docx and from .pdf yields the same table cells.

Alignment: tables can be cut or joined differently at page breaks (a PDF table
split by a heading-like row, a title table stitched to its neighbour), so
tables are not paired by index.  Instead every table row of each document is
taken in document order as one sequence, a row's key is its cell texts with
all whitespace removed, and the two sequences are aligned with difflib on
those keys.  Matched rows and rows inside a "replace" block (paired in order)
are compared cell by cell at the same column index; docx rows with no
counterpart count all their cells as different.  The figure is the share of
docx grid slots (continuations included) whose normalised text is equal.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import regex

from extract.read.docx import read_docx
from extract.read.pdf import read_pdf
from jixiao.model import Document

FIXTURES = Path(__file__).parent / "fixtures"
_WS = regex.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _rows(doc: Document) -> list[list[str]]:
    return [[_norm(t) for t in row] for table in doc.tables for row in table.rows()]


def cell_agreement(docx: Document, pdf: Document) -> tuple[int, int]:
    """(equal cells, docx cells) after aligning rows by content."""
    a, b = _rows(docx), _rows(pdf)
    matcher = difflib.SequenceMatcher(None, ["|".join(r) for r in a], ["|".join(r) for r in b], autojunk=False)
    equal = total = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k, row in enumerate(a[i1:i2]):
            total += len(row)
            if op in ("equal", "replace") and j1 + k < j2:
                other = b[j1 + k]
                equal += sum(1 for c, text in enumerate(row) if c < len(other) and other[c] == text)
    return equal, total


@pytest.mark.parametrize("name", ["xinfang-2020", "xuanchuan-2021"])
def test_pdf_tables_match_docx_tables(name: str) -> None:
    docx = read_docx(str(FIXTURES / f"{name}.docx"))
    pdf = read_pdf(str(FIXTURES / f"{name}.pdf"))
    equal, total = cell_agreement(docx, pdf)
    share = equal / total
    print(f"{name}: {equal}/{total} cells equal ({share:.1%})")
    assert total > 500
    assert share >= 0.95


def test_agreement_detects_a_changed_cell() -> None:
    docx = read_docx(str(FIXTURES / "xuanchuan-2021.docx"))
    pdf = read_pdf(str(FIXTURES / "xuanchuan-2021.pdf"))
    before, _ = cell_agreement(docx, pdf)
    pdf.tables[1].grid[3][1].text = "9.99"  # 三公经费 2020年决算数, really 0.45
    after, _ = cell_agreement(docx, pdf)
    assert after < before
