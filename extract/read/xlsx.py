"""Read an .xlsx workbook as a Document: sheet titles, title rows and table grids.

Reviewers receive 基础数据表 and 自评表 as workbooks too.  Each visible sheet
gives its name as a title paragraph (unless it is a default "Sheet1"), then its
content: single-text rows above a table (附件2, the table title, 填报单位：…)
become paragraphs so segmentation finds attachments and titles exactly as in a
.docx, and each band of rows between blank rows becomes one Table whose merged
ranges are resolved like the docx reader's grid (origin with spans,
continuations repeating its text).  Numbers are rendered as Excel displays them
(the cell's number format sets decimals and percent), because figure
comparison depends on the written precision.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import Block, Cell, Document, Location, Paragraph, Table

from . import bounds
from .errors import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DEFAULT_SHEET_RE = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)
# A row below a table that is a note, not a data row.
_NOTE_PREFIXES = ("说明", "注", "备注", "填表人", "填报", "联系", "单位负责人", "审核")
_KEY_VALUE_RE = re.compile(r"^[^：:]{1,12}[：:]")


def read_xlsx(path: str) -> Document:
    """Read every visible worksheet; raises ReadError for encrypted or corrupt workbooks."""
    _refuse_ole(path)
    wb = _load(path)
    blocks: list[Block] = []
    warnings: list[str] = []
    n_tables = 0
    budget = bounds.CellBudget(path)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                warnings.append(f"已跳过隐藏工作表「{ws.title}」")
                continue
            sheet_blocks = _SheetReader(ws, path, budget).blocks()
            if not sheet_blocks:
                continue
            if not _DEFAULT_SHEET_RE.match(ws.title.strip()) and not _repeats(ws.title, sheet_blocks[0]):
                blocks.append(Paragraph(text=ws.title.strip(), location=Location(file=path)))
            for b in sheet_blocks:
                if isinstance(b, Table):
                    n_tables += 1
                    b.location = b.location.at(table=n_tables)
                blocks.append(b)
    finally:
        wb.close()
    return Document(path=path, format="xlsx", blocks=blocks, warnings=warnings)


def _refuse_ole(path: str) -> None:
    """An encrypted .xlsx is an OLE container; openpyxl would only say 'not a zip file'."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            raise ReadError(path, "文件已加密（有打开密码），请提供未加密的文件")
        raise ReadError(path, "旧版 Excel 格式（.xls），请另存为 .xlsx 后再检查")


def _load(path: str):
    from openpyxl import load_workbook

    try:
        with _bounded_openpyxl(path):
            # read_only=False: merged ranges are only known in the full model.
            # data_only=True: the values Excel last computed, which is what the report shows.
            return load_workbook(path, read_only=False, data_only=True, keep_links=False)
    except (ReadError, MemoryError):
        raise
    except RecursionError as exc:
        raise ReadError(path, "文档结构嵌套过深，无法读取") from exc
    except Exception as exc:  # openpyxl raises many types on malformed input; all mean "corrupt"
        reason = "文件已加密，请提供未加密的文件" if "encrypted" in str(exc).lower() else "Excel 文件已损坏，无法读取"
        raise ReadError(path, reason) from exc


@contextmanager
def _bounded_openpyxl(path: str) -> Iterator[None]:
    """openpyxl, minus the steps that grow with a range rather than with the file.

    openpyxl creates one object per slot of every merged range and of every
    hyperlink range, so a merge over a whole sheet (A1:XFD1048576) means 17
    billion objects.  While loading, merged ranges are clamped to the cells
    that hold a value (slots beyond them would be empty anyway) and their
    total is capped; hyperlinks and embedded images, never used here, are
    not bound.
    """
    from openpyxl.reader import excel
    from openpyxl.worksheet import _reader

    saved = (_reader.WorksheetReader.bind_merged_cells, _reader.WorksheetReader.bind_hyperlinks, excel.find_images)
    budget = bounds.CellBudget(path)

    def bind_merged_cells(self) -> None:
        _bind_clamped_merges(self, budget)

    _reader.WorksheetReader.bind_merged_cells = bind_merged_cells
    _reader.WorksheetReader.bind_hyperlinks = lambda self: None
    excel.find_images = lambda archive, path: ([], [])
    try:
        with bounds.bounded_zip_reads():
            yield
    finally:
        _reader.WorksheetReader.bind_merged_cells, _reader.WorksheetReader.bind_hyperlinks, excel.find_images = saved


def _bind_clamped_merges(reader, budget: bounds.CellBudget) -> None:
    from openpyxl.utils import get_column_letter, range_boundaries
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.merge import MergedCellRange

    merged = reader.parser.merged_cells
    if not merged:
        return
    ws = reader.ws
    filled = [key for key, cell in ws._cells.items() if cell._value is not None]
    max_row = max((r for r, _ in filled), default=0)
    max_col = max((c for _, c in filled), default=0)
    ranges = []
    for cr in merged.mergeCell:
        try:
            min_col, min_row, hi_col, hi_row = range_boundaries(str(cr.ref))
        except (ValueError, TypeError):
            continue
        if None in (min_col, min_row, hi_col, hi_row) or min_row > max_row or min_col > max_col:
            continue  # a merge starting beyond every value holds no text
        hi_row, hi_col = min(hi_row, max_row), min(hi_col, max_col)
        if hi_row < min_row or hi_col < min_col:
            continue
        budget.spend((hi_row - min_row + 1) * (hi_col - min_col + 1))
        mcr = MergedCellRange(ws, f"{get_column_letter(min_col)}{min_row}:{get_column_letter(hi_col)}{hi_row}")
        ws._clean_merge_range(mcr)
        ranges.append(mcr)
    ws.merged_cells = MultiCellRange(ranges)


def _repeats(title: str, first: Block) -> bool:
    """The sheet name says the same as the sheet's first line (e.g. both "附件2")."""
    return isinstance(first, Paragraph) and _squash(first.text) == _squash(title)


def _squash(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class _Origin:
    """One physical cell or merged range, in 1-based sheet coordinates."""

    row: int
    col: int
    max_row: int
    max_col: int
    text: str


class _SheetReader:
    def __init__(self, ws, path: str, budget: bounds.CellBudget | None = None) -> None:
        self.path = path
        self.title = str(ws.title)
        self.budget = budget or bounds.CellBudget(path)
        self.origins: list[_Origin] = []
        self.slot: dict[tuple[int, int], _Origin] = {}  # every covered slot → its origin
        merged_slots: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            o = _Origin(rng.min_row, rng.min_col, rng.max_row, rng.max_col,
                        render(ws.cell(rng.min_row, rng.min_col)))
            self.origins.append(o)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.slot[(r, c)] = o
                    merged_slots.add((r, c))
        # ws._cells holds only stored cells; iterating ws.iter_rows over a
        # formatted-to-row-1048576 sheet would create millions of empty cells.
        for (r, c), cell in list(ws._cells.items()):
            if (r, c) in merged_slots or cell.value is None:
                continue
            o = _Origin(r, c, r, c, render(cell))
            self.origins.append(o)
            self.slot[(r, c)] = o
        self.filled = [o for o in self.origins if o.text]

    def blocks(self) -> list[Block]:
        if not self.filled:
            return []
        # Only rows that hold something: a sheet with values in row 1 and row 1,000,000 has two rows here.
        rows: dict[int, list[_Origin]] = {}
        for o in sorted(self.filled, key=lambda o: o.col):
            for r in range(o.row, o.max_row + 1):
                rows.setdefault(r, []).append(o)
        line_rows = self._line_rows(rows)

        out: list[Block] = []
        band: list[int] = []

        def flush() -> None:
            if not band:
                return
            # Notes under a table (说明：…) are paragraphs, as in the .docx.
            tail: list[int] = []
            while band and band[-1] in line_rows and _is_note(rows[band[-1]][0].text):
                tail.insert(0, band.pop())
            if band:
                out.append(self._table(band))
            for r in tail:
                self._emit_line(rows[r], out)
            band.clear()

        previous = None
        for r in sorted(rows):
            if previous is not None and r != previous + 1:
                flush()  # blank rows between
            previous = r
            if not band and (r in line_rows or _is_key_value_row(rows[r])):
                if rows[r][0].row == r or len(rows[r]) > 1:  # a tall title is emitted once
                    self._emit_line(rows[r], out)
            else:
                band.append(r)
        flush()
        return out

    def _line_rows(self, rows: dict[int, list[_Origin]]) -> set[int]:
        """Rows holding one text whose range lies only in such rows (a title, not a row label)."""
        single = {r for r, os_ in rows.items() if len(os_) == 1}
        return {r for r in single if all(q in single for q in range(rows[r][0].row, rows[r][0].max_row + 1))}

    def _emit_line(self, origins: list[_Origin], out: list[Block]) -> None:
        for o in origins:
            out.append(Paragraph(text=o.text, location=Location(file=self.path)))

    def _table(self, band: list[int]) -> Table:
        r0, r1 = band[0], band[-1]
        in_band = [o for o in self.filled if o.row <= r1 and o.max_row >= r0]
        c0 = min(o.col for o in in_band)
        c1 = max(o.max_col for o in in_band)
        bounds.check_table(self.path, r1 - r0 + 1, c1 - c0 + 1, f"工作表「{self.title[:30]}」：")
        self.budget.spend((r1 - r0 + 1) * (c1 - c0 + 1))
        grid: list[list[Cell]] = []
        for r in range(r0, r1 + 1):
            row: list[Cell] = []
            for c in range(c0, c1 + 1):
                o = self.slot.get((r, c))
                if o is None:
                    row.append(Cell(text="", row=r - r0, col=c - c0))
                    continue
                # Clip the range to the band: its top-left slot inside the band is the origin.
                top, left = max(o.row, r0), max(o.col, c0)
                if (r, c) == (top, left):
                    row.append(Cell(text=o.text, row=r - r0, col=c - c0,
                                    rowspan=min(o.max_row, r1) - top + 1, colspan=min(o.max_col, c1) - left + 1))
                else:
                    row.append(Cell(text=o.text, row=r - r0, col=c - c0, origin=(top - r0, left - c0)))
            grid.append(row)
        return Table(grid=grid, location=Location(file=self.path))


def _is_note(text: str) -> bool:
    t = _squash(text)
    return t.startswith(_NOTE_PREFIXES) or len(t) > 30


def _is_key_value_row(origins: list[_Origin]) -> bool:
    """'填报单位：区信访局 | 单位：万元' above a table: lines of text, not a header row."""
    return bool(origins) and all(_KEY_VALUE_RE.match(_squash(o.text)) for o in origins)


# -- number display ---------------------------------------------------------------

_BRACKETS_RE = re.compile(r"\[[^\]]*\]")
_PLACEHOLDER_RE = re.compile(r"[0#?]")


def render(cell) -> str:
    """The cell's value as Excel displays it (decimals and percent from the number format)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return _render_date(value, cell.number_format or "")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)):
        return format_number(value, cell.number_format or "General")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _render_date(value: dt.date, fmt: str) -> str:
    d = value.date() if isinstance(value, dt.datetime) else value
    if "年" in fmt:
        return f"{d.year}年{d.month}月{d.day}日"
    return d.isoformat()


def format_number(value: float, fmt: str) -> str:
    """Render a number with an Excel number format's first section (sign kept from the value)."""
    section = fmt.split(";")[0]
    body = _BRACKETS_RE.sub("", section)
    if body.strip().lower() in ("", "general", "@") or not _PLACEHOLDER_RE.search(_unquote(body, literal=False)):
        return _general(value)
    if re.search(r"[eE][+-]", _unquote(body, literal=False)) or "/" in _unquote(body, literal=False):
        return _general(value)  # scientific and fraction formats: rare in reports
    placeholders = [m.start() for m in _PLACEHOLDER_RE.finditer(body)]
    first, last = placeholders[0], placeholders[-1]
    prefix, number, suffix = body[:first], body[first:last + 1], body[last + 1:]
    percent = "%" in _unquote(body, literal=False)
    if percent:
        value = value * 100
    numeric = _unquote(number, literal=False)
    int_part, _, frac_part = numeric.partition(".")
    min_dec = frac_part.count("0")
    max_dec = min_dec + frac_part.count("#") + frac_part.count("?")
    grouping = "," in int_part
    text = f"{abs(value):{',' if grouping else ''}.{max_dec}f}"
    if max_dec > min_dec:
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0").ljust(min_dec, "0")
        text = f"{head}.{tail}" if tail else head
    if text.startswith("0") and int_part and "0" not in int_part and "." in text:
        text = text[1:]  # "#.00" shows .5, not 0.5
    sign = "-" if value < 0 and float(text.replace(",", "") or 0) != 0 else ""
    return f"{_unquote(prefix)}{sign}{text}{_unquote(suffix)}".strip()


def _unquote(fmt: str, literal: bool = True) -> str:
    """Literal text of a format fragment: quoted strings and \\x escapes kept, _x and *x fills dropped.

    With ``literal=False`` the quoted parts are removed instead (to look at the placeholders only).
    """
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            j = fmt.find('"', i + 1)
            j = len(fmt) if j < 0 else j
            if literal:
                out.append(fmt[i + 1:j])
            i = j + 1
        elif ch == "\\" and i + 1 < len(fmt):
            if literal:
                out.append(fmt[i + 1])
            i += 2
        elif ch in "_*" and i + 1 < len(fmt):
            i += 2
        else:
            if not literal or ch not in "0#?.,":
                out.append(ch)
            i += 1
    return "".join(out)


def _general(value: float) -> str:
    """Excel's General display: at most 15 significant digits, no exponent, ints without '.0'."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
