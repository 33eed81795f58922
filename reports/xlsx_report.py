"""Excel workbook for reviewers who sort, filter, annotate and print findings.

Sheet 问题清单 has one row per finding: unit, year, the file (a link to it),
rule, severity, message, the rule's Chinese summary, attachment, the evidence
(one line per item, the location and the text as written side by side, each
table named once), and the reviewer's columns 复核意见 (a drop-down:
确认/误报/忽略/待核), 复核人, 复核说明, and the finding's 指纹 (fingerprint).
``jixiao baseline import`` finds these columns by their header names.
Sheet 单位汇总 has one row per file; 规则说明 lists the rules shown.

Pages print landscape on A4, fitted to the width, with the header row
repeated.  Written in openpyxl's write-only mode so a screening run over
thousands of files streams rows instead of holding a workbook in memory.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from rich.cells import cell_len

from jixiao.model import DocumentResult, Evidence, Finding

from .highlight import (
    SEP,
    SEVERITY_LABELS,
    breadcrumb,
    cell_label,
    clean,
    computed_value,
    excerpts_of,
    rule_summary,
    severity_counts,
    written_index,
)

FINDINGS_SHEET = "问题清单"
UNITS_SHEET = "单位汇总"
RULES_SHEET = "规则说明"
VERDICTS = ("确认", "误报", "忽略", "待核")
EVIDENCE_HEADER = "证据（位置：原文）"
# The first six columns keep their places from earlier versions (scripts read them by position).
# Widths add up to what a landscape A4 page shows at about 75 % (指纹 is left out of the print area).
FINDING_COLUMNS: list[tuple[str, float]] = [
    ("单位", 12), ("年度", 5.5), ("文件", 16), ("规则", 15), ("严重程度", 5.5), ("说明", 40), ("规则说明", 16),
    ("附件", 7.5), (EVIDENCE_HEADER, 50), ("复核意见", 7), ("复核人", 7), ("复核说明", 14), ("指纹", 17),
]
PRINTED = len(FINDING_COLUMNS) - 1  # the fingerprint is for programs, not for paper
UNIT_COLUMNS: list[tuple[str, float]] = [
    ("单位", 24), ("年度", 7), ("文件", 40), ("错误", 7), ("警告", 7), ("提示", 7), ("读取错误", 40),
]
RULE_COLUMNS: list[tuple[str, float]] = [("规则", 26), ("说明", 60), ("问题数", 8)]
WRAPPED = {"说明", EVIDENCE_HEADER, "读取错误", "规则说明", "复核说明", "文件", "单位", "规则"}
LINE_HEIGHT = 14.5  # points per wrapped line (11 pt text); rows get an explicit height, which
MAX_ROW_HEIGHT = 409.0  # LibreOffice needs to show wrapped text (Excel's limit)
READ_ERROR_RULE = "read.error"
EVIDENCE_CHARS = 120  # a passage cited as evidence is cut to this in the sheet
# English keys accepted in ``extra_units`` rows, mapped to the sheet's headers.
UNIT_ALIASES = {"unit": "单位", "year": "年度", "path": "文件", "file": "文件",
                "error": "错误", "warning": "警告", "info": "提示", "read_error": "读取错误"}

_SEVERITY_COLOURS = {"error": "C00000", "warning": "B7791F", "info": "1F4E79"}
_VERDICT_FILLS = {"确认": "FBE3E1", "误报": "E3F2E6", "待核": "FFF2CC", "忽略": "EDEDED"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 forbids these
_MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell


def write_xlsx(results: Iterable[DocumentResult], path: str | PathLike[str],
               extra_units: list[dict] | None = None) -> None:
    """Write sheets 问题清单 (one row per finding), 单位汇总 (one row per file) and 规则说明.

    A file that could not be read gets a ``read.error`` row so it is not lost
    when the sheet is filtered.  ``extra_units`` adds rows to 单位汇总, e.g.
    units expected from a roster; keys are the sheet headers (or unit, year,
    path, error, warning, info, read_error); unknown keys become extra columns.
    """
    wb = Workbook(write_only=True)
    findings_ws = wb.create_sheet(FINDINGS_SHEET)
    units_ws = wb.create_sheet(UNITS_SHEET)
    rules_ws = wb.create_sheet(RULES_SHEET)
    unit_rows = [_normalise_unit(u) for u in extra_units or ()]
    unit_headers = [h for h, _ in UNIT_COLUMNS]
    for row in unit_rows:
        unit_headers += [k for k in row if k not in unit_headers]
    _start(findings_ws, FINDING_COLUMNS)
    _start(units_ws, [(h, dict(UNIT_COLUMNS).get(h, 16)) for h in unit_headers])
    _start(rules_ws, RULE_COLUMNS)

    n_findings = 0
    units: list[dict] = []
    rule_counts: dict[str, int] = {}
    for r in results:
        for values, severity, link in _finding_rows(r):
            findings_ws.row_dimensions[n_findings + 2].height = _height(FINDING_COLUMNS, values)
            findings_ws.append(_row(findings_ws, FINDING_COLUMNS, values, severity, link))
            n_findings += 1
            rule_counts[str(values[3])] = rule_counts.get(str(values[3]), 0) + 1
        counts = severity_counts(r)
        units.append({"单位": r.unit, "年度": r.year, "文件": r.path,
                      "错误": counts["error"], "警告": counts["warning"],
                      "提示": counts["info"], "读取错误": r.error})
    unit_cols = [(h, 0.0) for h in unit_headers]
    for u in units + unit_rows:
        units_ws.append(_row(units_ws, unit_cols, [u.get(h) for h in unit_headers]))
    for rule, n in sorted(rule_counts.items()):
        summary = "文件无法读取" if rule == READ_ERROR_RULE else rule_summary(rule)
        rules_ws.append(_row(rules_ws, RULE_COLUMNS, [rule, summary, n]))
    _reviewer_columns(findings_ws, n_findings)
    findings_ws.print_area = f"A1:{get_column_letter(PRINTED)}{n_findings + 1}"
    _finish(findings_ws, len(FINDING_COLUMNS), n_findings)
    _finish(units_ws, len(unit_headers), len(units) + len(unit_rows))
    _finish(rules_ws, len(RULE_COLUMNS), len(rule_counts))
    wb.save(path)


def _file_uri(path: str) -> str | None:
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):
        return None


def _finding_rows(r: DocumentResult) -> Iterable[tuple[list[object], str, str | None]]:
    """Cell values for each finding of ``r`` (plus a read.error row if any), its severity and file link."""
    link = _file_uri(r.path)
    if r.error:
        yield [r.unit, r.year, r.path, READ_ERROR_RULE, SEVERITY_LABELS["error"], r.error, "文件无法读取",
               None, "", None, None, None, None], "error", link
    for f in r.findings or ():
        sev = str(getattr(f, "severity", "") or "")
        yield [r.unit, r.year, r.path, f.rule, SEVERITY_LABELS.get(sev, sev), f.message, rule_summary(f.rule),
               f.attachment, "\n".join(evidence_lines(r, f)), None, None, None, f.fingerprint or None], sev, link


def evidence_lines(r: DocumentResult, f: Finding) -> list[str]:
    """One line per evidence item, "位置：原文"; a table is named on a line of its own, once per finding.

    With the document's excerpts at hand, a cell's location carries its row
    and column names ("第4行第7列（年度资金总额｜执行率）：66.4%").
    """
    evidence: list[Evidence] = list(f.evidence or ())
    items: dict[int, dict] = {}
    paths: dict[int, list[str]] = {}
    for ex in excerpts_of(r, f):
        for it in ex.get("items", ()):
            items[it.get("e", -1)] = it
            if ex.get("kind") == "text" and ex.get("path"):
                paths[it.get("e", -1)] = list(ex["path"])
    computed, written = computed_value(f), written_index(f)
    lines: list[str] = []
    last_table: tuple | None = None
    for i, ev in enumerate(evidence):
        loc = ev.location
        text = clean(ev.text)
        if len(text) > EVIDENCE_CHARS:
            text = text[:EVIDENCE_CHARS - 1] + "…"
        text = text or "（空）"
        if computed and i == written:
            text += f"（应为 {computed}）"
        if loc.table is not None:
            table = (loc.attachment, loc.table)
            if table != last_table:
                lines.append(SEP.join(breadcrumb(loc.at(row=None, col=None))))
            last_table = table
            it = items.get(i, {})
            row, col = it.get("row", loc.row), it.get("col", loc.col)
            where = cell_label(loc.at(row=row, col=col)) or "表内"
            names = "｜".join(n for n in (it.get("row_label"), it.get("col_label")) if n)
            lines.append(f"  {where}{f'（{names}）' if names else ''}：{text}")
            continue
        last_table = None
        parts = breadcrumb(loc)
        if i in paths:  # the heading path above the paragraph, then its number and page
            parts = paths[i] + [p for p in parts if p.startswith("第")]
        lines.append(f"{SEP.join(parts) or '—'}：{text}")
    return lines


def _height(columns: Sequence[tuple[str, float]], values: Sequence[object]) -> float:
    """Row height for the wrapped cells: lines each needs at its column's width (Chinese counts double)."""
    lines = 1
    for (name, width), value in zip(columns, values):
        if name not in WRAPPED or not width or value is None:
            continue
        usable = max(1.0, width)
        n = sum(max(1, math.ceil(cell_len(line) / usable)) for line in str(value).split("\n"))
        lines = max(lines, n)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3)


def _normalise_unit(row: dict) -> dict:
    return {UNIT_ALIASES.get(str(k), str(k)): v for k, v in row.items()}


def _start(ws, columns: Sequence[tuple[str, float]]) -> None:
    """Widths, frozen header, print set-up and header row: write-only sheets need them before rows."""
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4 if hasattr(ws, "PAPERSIZE_A4") else 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.center.text = "&A"
    ws.row_dimensions[1].height = 30  # room for a header on two lines (严重程度)
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)


def _reviewer_columns(ws, n_rows: int) -> None:
    """The 复核意见 drop-down and a fill per verdict over the data rows."""
    col = get_column_letter([h for h, _ in FINDING_COLUMNS].index("复核意见") + 1)
    last = max(n_rows + 1, 2)
    dv = DataValidation(type="list", formula1='"' + ",".join(VERDICTS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="复核意见", error="请从下拉列表选择：" + "、".join(VERDICTS),
                        showInputMessage=True, promptTitle="复核意见", prompt="、".join(VERDICTS))
    dv.add(f"{col}2:{col}{last}")
    ws.data_validations.append(dv)
    for verdict, colour in _VERDICT_FILLS.items():
        ws.conditional_formatting.add(f"{col}2:{col}{last}", FormulaRule(
            formula=[f'{col}2="{verdict}"'], fill=PatternFill("solid", fgColor=colour, bgColor=colour)))


def _finish(ws, n_cols: int, n_rows: int) -> None:
    """Auto-filter over header plus data (written at save time, so set last)."""
    ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"


def _row(ws, columns: Sequence[tuple[str, float]], values: Sequence[object],
         severity: str | None = None, link: str | None = None) -> list[WriteOnlyCell]:
    cells = []
    for (name, _), value in zip(columns, values):
        cell = WriteOnlyCell(ws, value=None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        elif value is not None:
            cell.value = _ILLEGAL.sub("", str(value))[:_MAX_CELL]
            cell.data_type = "s"  # a message starting with "=" must not become a formula
        cell.alignment = Alignment(wrap_text=name in WRAPPED, vertical="top")
        if name == "严重程度" and severity in _SEVERITY_COLOURS:
            cell.font = Font(bold=severity == "error", color=_SEVERITY_COLOURS[severity])
        if name == "文件" and link and value:
            cell.hyperlink = link
            cell.font = Font(color="0563C1", underline="single")
        if name == "指纹":
            cell.font = Font(color="808080", size=9)
        cells.append(cell)
    return cells
