"""Render a generated report as .docx with python-docx (the way the corpus files were built)."""
from __future__ import annotations

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .model import Doc, PageBreak, Para, Table

_ALIGN = {"title": WD_ALIGN_PARAGRAPH.CENTER, "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _east_asian(style, name: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def render_docx(doc: Doc, path: str) -> None:
    d = new_document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(12 if doc.variant.get("body_size", 12) == 12 else 10.5)
    _east_asian(normal, doc.variant.get("font", "宋体"))
    if doc.variant.get("landscape"):
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    styled = doc.variant.get("heading_styles", False)
    pending_break = False
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            pending_break = True
            continue
        if isinstance(b, Para):
            if b.style == "title" and doc.variant.get("title_style", "heading") == "heading":
                p = d.add_heading(level=1)
            elif b.style == "title" and doc.variant.get("title_style") == "title":
                p = d.add_paragraph(style="Title")
            elif styled and b.style in ("h1", "h2"):
                p = d.add_heading(level=2 if b.style == "h1" else 3)
            else:
                p = d.add_paragraph()
            if pending_break:
                p.paragraph_format.page_break_before = True
                pending_break = False
            run = p.add_run(b.text)
            if b.style in ("title", "subtitle", "attach") or (b.style == "h1" and not styled):
                run.bold = True
            if b.style == "title":
                run.font.size = Pt(18)
            if b.style in _ALIGN:
                p.alignment = _ALIGN[b.style]
            elif b.style == "body" and doc.variant.get("indent", True):
                p.paragraph_format.first_line_indent = Pt(24)
            continue
        assert isinstance(b, Table)
        if pending_break:
            d.add_paragraph().paragraph_format.page_break_before = True
            pending_break = False
        n_rows, n_cols = len(b.rows), max(len(r) for r in b.rows)
        t = d.add_table(rows=n_rows, cols=n_cols)
        t.style = "Table Grid"
        covered = set()
        for r0, c0, r1, c1 in b.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        for r, row in enumerate(b.rows):
            for c in range(n_cols):
                if (r, c) in covered:
                    continue
                text = b.cell_text(r, c) if c < len(row) else ""
                if text:
                    cell = t.cell(r, c)
                    lines = text.split("\n")
                    par = cell.paragraphs[0]
                    for i, line in enumerate(lines):
                        if i:
                            par = cell.add_paragraph()
                        run = par.add_run(line)
                        run.font.size = Pt(b.font + 1)
        for r0, c0, r1, c1 in b.merges:
            a = t.cell(r0, c0)
            a.merge(t.cell(r1, c1))
        if b.repeat_header:
            for r in range(b.header_rows):
                tr_pr = t.rows[r]._tr.get_or_add_trPr()
                tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
    d.core_properties.title = doc.title
    d.core_properties.author = ""
    d.save(path)
