"""Helpers shared by the rule tests: load a fixture, edit a real extracted document, read findings."""
from __future__ import annotations

from pathlib import Path

import regex as re

from extract import load_document
from jixiao.model import Document, Finding, Table

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Document:
    return load_document(str(FIXTURES / name))


def table(doc: Document, no: int) -> Table:
    return next(t for t in doc.tables if t.location.table == no)


def set_cell(doc: Document, no: int, row: int, col: int, text: str) -> None:
    """Rewrite one cell of table ``no`` (and the continuation slots that repeat it)."""
    t = table(doc, no)
    t.grid[row][col].text = text
    for r in t.grid:
        for c in r:
            if c.origin == (row, col):
                c.text = text


def replace_text(doc: Document, attachment: str, old: str, new: str) -> None:
    hits = [p for p in doc.paragraphs if p.location.attachment == attachment and old in p.text]
    assert hits, (attachment, old)
    for p in hits:
        p.text = p.text.replace(old, new)


def text_of(f: Finding) -> str:
    return f.message + " " + " ".join(e.text for e in f.evidence)


def mentions(f: Finding, token: str) -> bool:
    """A number matches alone ("13" matches "13人", not "13.46"), as in the seed expectations."""
    if re.fullmatch(r"[\d.]+", token):
        return re.search(rf"(?<![\d.]){re.escape(token)}(?!\.?\d)", text_of(f)) is not None
    return token in text_of(f)


def where(f: Finding, i: int) -> tuple:
    loc = f.evidence[i].location
    return (loc.attachment, loc.table, loc.row, loc.col)


def report_of_blocks(*blocks, year: int | None = 2023):
    """A Report of a document made of these blocks (paragraphs, tables) with its fiscal year set."""
    from extract.understand.report import Report
    from extract.understand.structure import segment

    r = Report(segment(Document(path="t.docx", format="docx", blocks=list(blocks))))
    if year is not None:
        r.__dict__["identity"] = type(r.identity)(r.identity.unit, r.identity.unit_location, year, None)
    return r


def report_of_text(*paragraphs: str, year: int | None = 2023):
    """A Report of a document made of these paragraphs (for rule tests on small inputs)."""
    from jixiao.model import Location, Paragraph

    return report_of_blocks(*(Paragraph(t, Location(file="t.docx")) for t in paragraphs), year=year)


DATA = Path(__file__).parent / "data"


def data_text(name: str) -> str:
    """A text of tests/data/ by its name without .txt."""
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def text_alarms(*paragraphs: str, year: int | None = 2022) -> list[Finding]:
    """Every error/warning every per-document rule raises on a report made of these paragraphs (blank ones dropped)."""
    from checks.registry import selected_rules

    r = report_of_text(*[p for p in paragraphs if p.strip()], year=year)
    return [f for rule in selected_rules([]) if not rule.cross_document for f in rule.func(r)
            if f.severity in ("error", "warning")]
