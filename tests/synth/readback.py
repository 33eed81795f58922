"""Read a rendered report back with independent readers and compare it with what was meant.

python-docx for .docx; pdfplumber (tables by the "lines" strategy, text outside
them) for .pdf.  Independent of jixiao's own readers on purpose: when this
check passes and the checker still misreads a file, the fault is the checker's.
"""
from __future__ import annotations

import re

from .model import Doc

_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub("", s)


def intended(doc: Doc) -> tuple[list[str], set[str]]:
    paras = [norm(p.text) for p in doc.paragraphs() if norm(p.text)]
    cells = {norm(t) for tb in doc.tables() for row in tb.grid() for t in row if norm(t)}
    return paras, cells


def read_docx(path: str) -> tuple[str, set[str]]:
    from docx import Document
    d = Document(path)
    text = "\n".join(p.text for p in d.paragraphs)
    cells = {norm(c.text) for t in d.tables for row in t.rows for c in row.cells if norm(c.text)}
    return norm(text), cells


def read_pdf(path: str) -> tuple[str, set[str]]:
    import pdfplumber
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    text, cells = [], set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.find_tables(settings)
            boxes = [t.bbox for t in tables]
            for t in tables:
                for bbox in t.cells:
                    s = page.within_bbox(bbox).extract_text() or ""
                    if norm(s):
                        cells.add(norm(s))

            def outside(obj, boxes=boxes, h=page.height) -> bool:
                if obj.get("object_type") != "char":
                    return True
                if obj["top"] > h - 60:  # page number band
                    return False
                cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(x0 <= cx <= x1 and t0 <= cy <= t1 for x0, t0, x1, t1 in boxes)

            text.append(page.filter(outside).extract_text() or "")
    return norm("\n".join(text)), cells


def compare(doc: Doc, path: str) -> list[str]:
    """Differences between the report as generated and as read back (empty when they agree)."""
    paras, cells = intended(doc)
    text, got = (read_docx if path.endswith(".docx") else read_pdf)(path)
    problems = []
    pos = 0
    for p in paras:
        i = text.find(p, pos)
        if i < 0:
            i = text.find(p)
            if i < 0:
                problems.append(f"paragraph not found: {p[:60]}")
                continue
        pos = i + len(p)
    for c in sorted(cells - got):
        problems.append(f"cell not found: {c[:60]}")
    for c in sorted(got - cells):
        problems.append(f"unexpected cell: {c[:60]}")
    return problems
