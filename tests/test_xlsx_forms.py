"""Forms in workbooks: a 项目支出绩效自评表 saved as .xlsx is read through the same schemas as its .docx.

Generated 自评表 reports (tests/synth, the national layout and provincial
variants) are written as .docx, read back, and laid out in a workbook the way
finance bureaus circulate them: the lines above a table as single-cell rows,
each table with its merged ranges, amounts as numbers with a number format
that shows the written decimals.  The .xlsx must give the planted finding and
no other error or warning, like the .docx.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex

sys.path.insert(0, str(Path(__file__).parent))

from openpyxl import Workbook  # noqa: E402

from extract.read.docx import read_docx  # noqa: E402
from jixiao.model import Paragraph, Table  # noqa: E402
from synth import generate, plant_any, write  # noqa: E402
from synth.expect import check_findings, doc_spec, judge  # noqa: E402

_NUMBER = regex.compile(r"^-?[0-9]+(?:\.(?P<d>[0-9]+))?$")
_PERCENT = regex.compile(r"^-?[0-9]+(?:\.(?P<d>[0-9]+))?%$")


def _cell_value(text: str) -> tuple[object, str | None]:
    """A written figure as a workbook stores it: a number and the format that shows it as written."""
    t = text.strip()
    if m := _NUMBER.match(t):
        d = len(m.group("d") or "")
        return float(t), "0" + ("." + "0" * d if d else "")
    if m := _PERCENT.match(t):
        d = len(m.group("d") or "")
        return float(t[:-1]) / 100, "0" + ("." + "0" * d if d else "") + "%"
    return text, None


def docx_to_xlsx(docx: str, out: Path) -> Path:
    doc = read_docx(docx)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    row = 1
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                ws.cell(row=row, column=1, value=block.text)
                row += 1
            continue
        assert isinstance(block, Table)
        row += 1  # a blank row before and after each table separates it
        for r, cells in enumerate(block.grid):
            for c, cell in enumerate(cells):
                if cell.origin is not None:
                    continue
                value, fmt = _cell_value(cell.text)
                target = ws.cell(row=row + r, column=c + 1, value=value if value != "" else None)
                if fmt:
                    target.number_format = fmt
                if cell.rowspan > 1 or cell.colspan > 1:
                    ws.merge_cells(start_row=row + r, start_column=c + 1,
                                   end_row=row + r + cell.rowspan - 1, end_column=c + cell.colspan)
        row += block.n_rows + 1
    wb.save(out)
    return out


def _alarms(fs: list[dict]) -> list[dict]:
    return [f for f in fs if f.get("severity") in ("error", "warning")]


CASES = [("score.over_max.item", 3), ("score.rule.budget", 4), ("field.blank_score", 5), ("rate.mismatch", 6),
         ("spend.exceeds_income", 7), ("score.sum", 8), ("sum.table", 9)]


@pytest.mark.parametrize(("kind", "seed"), CASES, ids=[k for k, _ in CASES])
def test_planted_form_defect_is_found_in_the_workbook_too(kind: str, seed: int, tmp_path: Path) -> None:
    doc = plant_any("form", kind, seed)
    docx = next(p for p in write(doc, str(tmp_path), formats=("docx",)) if p.endswith(".docx"))
    xlsx = docx_to_xlsx(docx, tmp_path / f"{doc.name}.xlsx")
    fs = check_findings(str(xlsx))
    out = judge(fs, doc_spec(doc, formats=("xlsx",)))
    exp = doc.expects[0]
    assert not out.missed, f"{kind}: planted {exp.rule} {exp.mentions} not reported from the .xlsx: {fs}"
    assert not out.unexpected, f"{kind}: other error/warning findings from the .xlsx: {out.unexpected}"
    docx_rules = sorted(f["rule"] for f in _alarms(check_findings(docx)))
    assert sorted(f["rule"] for f in _alarms(fs)) == docx_rules


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_consistent_forms_in_a_workbook_raise_nothing(seed: int, tmp_path: Path) -> None:
    doc = generate("form", seed)
    docx = next(p for p in write(doc, str(tmp_path), formats=("docx",)) if p.endswith(".docx"))
    xlsx = docx_to_xlsx(docx, tmp_path / f"{doc.name}.xlsx")
    fs = check_findings(str(xlsx))
    assert not _alarms(fs), _alarms(fs)
    # The forms are recognised, not silently skipped: as many instances, with the same funds rows.
    from extract import load_document
    from extract.understand.report import Report

    from_xlsx, from_docx = Report(load_document(str(xlsx))).forms, Report(load_document(docx)).forms
    assert from_xlsx and len(from_xlsx) == len(from_docx)
    assert [[row.label for row in f.funds] for f in from_xlsx] == [[row.label for row in f.funds] for f in from_docx]
