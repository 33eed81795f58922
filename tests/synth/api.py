"""Entry points: generate a family's report, plant a defect, write the files."""
from __future__ import annotations

import os
import random
from typing import Callable

from .families import dept, final, form, special
from .model import Check, Doc, Num, Para, Table
from .render_docx import render_docx
from .render_pdf import render_pdf

FAMILIES: dict[str, Callable[[int], Doc]] = {
    "dept": dept.build,
    "form": form.build,
    "special": special.build,
    "final": final.build,
}


def generate(family: str, seed: int, variant: dict | None = None) -> Doc:
    """A consistent report of ``family``; raises AssertionError if the generator contradicted itself."""
    doc = FAMILIES[family](seed, variant)
    fullwidth_by_block(doc)
    text_checks(doc)
    doc.verify()
    return doc


def fullwidth_by_block(doc: Doc) -> None:
    """Full-width digits come a paragraph (or a table) at a time, as when typed in full-width mode."""
    rng = random.Random(f"fw-{doc.name}")
    want = doc.variant.get("fullwidth", False)
    for b in doc.blocks:
        parts = []
        if isinstance(b, Para):
            parts = b.parts
            fw = want and rng.random() < 0.3
        elif isinstance(b, Table):
            parts = [p for row in b.rows for c in row for p in c]
            fw = want and rng.random() < 0.15
        else:
            continue
        for p in parts:
            if isinstance(p, Num) and p.unit != "pct":
                p.fullwidth = fw


def text_checks(doc: Doc) -> None:
    """Relations over words: the unit names itself and refers to itself consistently; its duties are its own."""
    ident = doc.ident
    allowed = {ident.selfref, "本单位", "我单位", "本部门"}
    for t in doc.slots.get("units", []):
        doc.rel(Check("单位名称", [t], lambda t=t: t.text == ident.unit, kind="identity"))
    for t in doc.slots.get("selfrefs", []):
        doc.rel(Check("自称", [t], lambda t=t: t.text in allowed, kind="identity"))
    duties = doc.slots.get("duties")
    if duties is not None:
        doc.rel(Check("职能职责", [duties], lambda d=duties: d.text == d.value, kind="duties"))


def write(doc: Doc, out_dir: str, formats: tuple[str, ...] = ("docx", "pdf")) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for fmt_ in formats:
        path = os.path.join(out_dir, f"{doc.name}.{fmt_}")
        (render_docx if fmt_ == "docx" else render_pdf)(doc, path)
        paths.append(path)
    return paths


from .plants import KINDS, plant, plant_any  # noqa: E402

__all__ = ["FAMILIES", "KINDS", "generate", "plant", "plant_any", "text_checks", "write"]
