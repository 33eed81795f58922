"""Excel workbook for reviewers who sort, filter and annotate findings.

Written in openpyxl's write-only mode so a screening run over thousands of
files streams rows instead of holding a full workbook in memory.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from os import PathLike

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jixiao.model import DocumentResult

from .highlight import SEVERITY_LABELS, location_label, severity_counts

FINDINGS_SHEET = "问题清单"
UNITS_SHEET = "单位汇总"
FINDING_COLUMNS: list[tuple[str, float]] = [
    ("单位", 22), ("年度", 7), ("文件", 32), ("规则", 24), ("严重程度", 9),
    ("说明", 60), ("位置", 42), ("证据", 60),
]
UNIT_COLUMNS: list[tuple[str, float]] = [
    ("单位", 24), ("年度", 7), ("文件", 40), ("错误", 7), ("警告", 7), ("提示", 7), ("读取错误", 40),
]
WRAPPED = {"说明", "位置", "证据", "读取错误"}
READ_ERROR_RULE = "read.error"
# English keys accepted in ``extra_units`` rows, mapped to the sheet's headers.
UNIT_ALIASES = {"unit": "单位", "year": "年度", "path": "文件", "file": "文件",
                "error": "错误", "warning": "警告", "info": "提示", "read_error": "读取错误"}

_SEVERITY_COLOURS = {"error": "C00000", "warning": "B7791F", "info": "1F4E79"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 forbids these
_MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell


def write_xlsx(results: Iterable[DocumentResult], path: str | PathLike[str],
               extra_units: list[dict] | None = None) -> None:
    """Write sheets 问题清单 (one row per finding) and 单位汇总 (one row per file).

    A file that could not be read gets a ``read.error`` row so it is not lost
    when the sheet is filtered.  ``extra_units`` adds rows to 单位汇总, e.g.
    units expected from a roster; keys are the sheet headers (or unit, year,
    path, error, warning, info, read_error); unknown keys become extra columns.
    """
    wb = Workbook(write_only=True)
    findings_ws = wb.create_sheet(FINDINGS_SHEET)
    units_ws = wb.create_sheet(UNITS_SHEET)
    unit_rows = [_normalise_unit(u) for u in extra_units or ()]
    unit_headers = [h for h, _ in UNIT_COLUMNS]
    for row in unit_rows:
        unit_headers += [k for k in row if k not in unit_headers]
    _start(findings_ws, FINDING_COLUMNS)
    _start(units_ws, [(h, dict(UNIT_COLUMNS).get(h, 16)) for h in unit_headers])

    n_findings = 0
    units: list[dict] = []
    for r in results:
        for values, severity in _finding_rows(r):
            findings_ws.append(_row(findings_ws, FINDING_COLUMNS, values, severity))
            n_findings += 1
        counts = severity_counts(r)
        units.append({"单位": r.unit, "年度": r.year, "文件": r.path,
                      "错误": counts["error"], "警告": counts["warning"],
                      "提示": counts["info"], "读取错误": r.error})
    unit_cols = [(h, 0.0) for h in unit_headers]
    for u in units + unit_rows:
        units_ws.append(_row(units_ws, unit_cols, [u.get(h) for h in unit_headers]))
    _finish(findings_ws, len(FINDING_COLUMNS), n_findings)
    _finish(units_ws, len(unit_headers), len(units) + len(unit_rows))
    wb.save(path)


def _finding_rows(r: DocumentResult) -> Iterable[tuple[list[object], str]]:
    """Cell values for each finding of ``r`` (plus a read.error row if any)."""
    if r.error:
        yield [r.unit, r.year, r.path, READ_ERROR_RULE, SEVERITY_LABELS["error"],
               r.error, "", ""], "error"
    for f in r.findings or ():
        evidence = list(getattr(f, "evidence", None) or ())
        locations = "\n".join(location_label(e) or "—" for e in evidence)
        texts = "\n".join(" ".join(str(getattr(e, "text", "") or "").split()) or "—"
                          for e in evidence)
        sev = str(getattr(f, "severity", "") or "")
        yield [r.unit, r.year, r.path, f.rule, SEVERITY_LABELS.get(sev, sev),
               f.message, locations, texts], sev


def _normalise_unit(row: dict) -> dict:
    return {UNIT_ALIASES.get(str(k), str(k)): v for k, v in row.items()}


def _start(ws, columns: Sequence[tuple[str, float]]) -> None:
    """Widths, frozen header and header row: write-only sheets need them before rows."""
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    ws.append(header)


def _finish(ws, n_cols: int, n_rows: int) -> None:
    """Auto-filter over header plus data (written at save time, so set last)."""
    ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"


def _row(ws, columns: Sequence[tuple[str, float]], values: Sequence[object],
         severity: str | None = None) -> list[WriteOnlyCell]:
    cells = []
    for (name, _), value in zip(columns, values):
        cell = WriteOnlyCell(ws, value=None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        elif value is not None:
            cell.value = _ILLEGAL.sub("", str(value))[:_MAX_CELL]
            cell.data_type = "s"  # a message starting with "=" must not become a formula
        if name in WRAPPED:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            cell.alignment = Alignment(vertical="top")
        if name == "严重程度" and severity in _SEVERITY_COLOURS:
            cell.font = Font(bold=severity == "error", color=_SEVERITY_COLOURS[severity])
        cells.append(cell)
    return cells
