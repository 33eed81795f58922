"""Split a read Document into attachments and sections and give every block its location.

Readers only know order (and pages); numbering of attachments differs between
counties (附件1, 附件一, 附件4-2, or none), so attachments are found by their
label lines and, failing that, by the titles of the tables they hold.  One
pass serves .docx and .pdf alike.
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import regex as re

from jixiao.model import Attachment, Block, Cell, Document, Location, Paragraph, Table

_CN_NUM = "一二三四五六七八九十百零〇"
ATTACHMENT_RE = re.compile(rf"^\s*附\s*件\s*([0-9{_CN_NUM}]+(?:\s*[-－—]\s*[0-9]+)?)\s*[：:]?\s*(.*)$")
HEADING_RES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^\s*[{_CN_NUM}]+\s*[、.．]")),
    (2, re.compile(rf"^\s*[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    (3, re.compile(r"^\s*[0-9]{1,2}\s*[、．.](?!\d)")),
    (4, re.compile(r"^\s*[（(]\s*[0-9]{1,2}\s*[）)]")),
)
# Words that make a short line a table/attachment title.
TITLE_WORDS = ("表", "框架", "报告", "清单")
MAX_HEADING_LEN = 40


def heading_level(text: str) -> int | None:
    """Level of a numbered heading (一、=1, （一）=2, 1、=3, （1）=4), else None."""
    t = text.strip()
    for level, rx in HEADING_RES:
        if rx.match(t):
            return level
    return None


def heading_title(text: str) -> str:
    """The heading part of a paragraph that may carry body text after the first 。"""
    t = " ".join(text.split())
    cut = re.search(r"[。：:；;]", t)
    if cut and cut.start() > 0:
        t = t[: cut.start()]
    return t[:MAX_HEADING_LEN]


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _display(text: str) -> str:
    return "".join(text.split())


def _is_title_line(text: str) -> bool:
    t = _norm(text)
    return 2 <= len(t) <= MAX_HEADING_LEN and any(w in t for w in TITLE_WORDS) and not t.endswith("。")


def _is_attachment_title(text: str) -> bool:
    """A title after 附件N, not a sentence about attachments ("附件1为基础数据表，附件2为…")."""
    return _is_title_line(text) and not re.search(r"[,，;；。]", text) and not re.match(r"(?:为|是|中|所|已|详见|见)", text)


def _boxed_text_as_paragraphs(block: Block) -> list[Block]:
    """A one-column table is a boxed title or note (e.g. 预算支出绩效自评表 / （2020年度）)."""
    if isinstance(block, Table) and block.n_cols == 1:
        texts = [r[0].text for r in block.grid if r and r[0].text.strip() and not r[0].is_continuation]
        return [Paragraph(text=t, location=replace(block.location, table=None)) for t in texts]
    return [block]


def _same_table_continued(a: Table, b: Table) -> bool:
    """A Word table broken by a stray paragraph: same width, and b does not repeat a's header."""
    if a.n_cols != b.n_cols or a.n_cols < 2:
        return False
    return _norm("".join(a.row_texts(0))) != _norm("".join(b.row_texts(0)))


def segment(doc: Document) -> Document:
    """Return the document with attachments found and every block located."""
    blocks: list[Block] = []
    for b in doc.blocks:
        blocks.extend(_boxed_text_as_paragraphs(b))
    blocks = _stitch_broken_tables(blocks)

    attachments: list[Attachment] = []
    out: list[Block] = []
    attachment: str | None = None
    att_title_pending = False
    section: str | None = None
    para_no = 0
    table_no = 0
    recent_titles: list[str] = []  # title-like lines since the last table

    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text
            m = ATTACHMENT_RE.match(_norm(text)) if len(_norm(text)) <= 60 else None
            if m and (not m.group(2) or _is_attachment_title(m.group(2))):
                attachment = "附件" + re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-")
                # The label is matched on NFKC text; the title is shown as written (full-width brackets kept).
                written = ATTACHMENT_RE.match(_display(text))
                title = (written.group(2) if written else m.group(2)) or None
                attachments.append(Attachment(label=attachment, title=title, first_block=len(out)))
                att_title_pending = title is None
                section, para_no, recent_titles = None, 0, []
                out.append(replace(block, location=replace(block.location, attachment=attachment), heading_level=0))
                continue
            level = heading_level(text)
            if att_title_pending and level is None and _is_title_line(text):
                attachments[-1] = replace(attachments[-1], title=_display(text))
                att_title_pending = False
            if level == 1:
                section, para_no = heading_title(text), 0
            else:
                para_no += 1
            if _is_title_line(text) and level is None:
                recent_titles.append(_display(text))
            loc = replace(block.location, attachment=attachment, section=section, paragraph=None if level == 1 else para_no)
            out.append(replace(block, location=loc, heading_level=level))
        else:
            table_no += 1
            title = recent_titles[-1] if recent_titles else (attachments[-1].title if attachments and attachments[-1].first_block >= len(out) - 4 else None)
            if not attachments and title:
                # An unnumbered report: the table's own title names the attachment.
                attachment = title
                attachments.append(Attachment(label=title, title=title, first_block=len(out)))
            att_title_pending = False
            loc = replace(block.location, attachment=attachment, section=section, table=table_no, table_title=title)
            out.append(_relocate_table(block, loc, title))
            recent_titles = []
    return replace(doc, blocks=out, attachments=attachments)


def _relocate_table(table: Table, loc: Location, title: str | None) -> Table:
    return Table(grid=table.grid, location=loc, title=title)


def _stitch_broken_tables(blocks: list[Block]) -> list[Block]:
    """Join a table with the next one when only a line or two of short text separates them."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Table) and out:
            j = len(out) - 1
            between: list[Paragraph] = []
            while j >= 0 and isinstance(out[j], Paragraph) and len(between) < 2:
                between.insert(0, out[j])  # type: ignore[arg-type]
                j -= 1
            prev = out[j] if j >= 0 else None
            if (
                isinstance(prev, Table)
                and all(len(_norm(p.text)) <= 12 and not ATTACHMENT_RE.match(_norm(p.text)) and not _is_title_line(p.text) for p in between)
                and _same_table_continued(prev, b)
            ):
                del out[j + 1 :]
                out[j] = _append_rows(prev, b, " ".join(_norm(p.text) for p in between))
                i += 1
                continue
        out.append(b)
        i += 1
    return out


def _append_rows(a: Table, b: Table, orphan: str) -> Table:
    """Rows of b under a; text stranded between the halves is prefixed to b's first cell."""
    base = a.n_rows
    grid = [list(r) for r in a.grid]
    for r, row in enumerate(b.grid):
        new_row = []
        for c in row:
            origin = (c.origin[0] + base, c.origin[1]) if c.origin else None
            new_row.append(Cell(text=c.text, row=r + base, col=c.col, rowspan=c.rowspan, colspan=c.colspan, origin=origin))
        grid.append(new_row)
    if orphan and grid[base]:
        first = grid[base][0]
        grid[base][0] = Cell(text=f"{orphan}\n{first.text}".strip(), row=first.row, col=0, rowspan=first.rowspan, colspan=first.colspan, origin=first.origin)
    return Table(grid=grid, location=a.location, title=a.title)
