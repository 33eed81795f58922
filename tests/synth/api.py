"""Entry points: generate a family's report, plant a defect, write the files."""
from __future__ import annotations

import os
from typing import Callable

from .families import dept, final, form, special
from .model import Check, Doc
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
    text_checks(doc)
    doc.verify()
    return doc


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


from .plants import KINDS, plant, plant_any  # noqa: E402,F401
