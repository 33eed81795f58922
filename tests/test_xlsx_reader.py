"""The .xlsx reader on a workbook mimicking the 基础数据表 of xinfang-2020.docx."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from checks.context import CheckContext
from extract.read.errors import ReadError
from extract import load_document
from extract.read.xlsx import format_number, read_xlsx
from jixiao.model import Paragraph, Table

ROWS = [
    # row 4..: (label, 2019决算, 2020预算, 2020决算)
    ("经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"),
    ("三公经费", 0.28, None, 0.19),
    ("1、公务用车购置和维护经费", 0, 0, 0),
    ("3、公务接待", 0.28, 0.7, 0.19),
    ("项目支出：", 110.66, 77.2, 67.85),
    ("公用经费", 16.03, 8.5, 9.53),
    ("其中：办公经费", 0.98, 0.8, 0.55),
]


def build_basic_data(path: Path, sheet_title: str = "基础数据表") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws["A1"] = "附件2"
    ws.merge_cells("A1:D1")
    ws["A2"] = "部门整体支出绩效评价基础数据表"
    ws.merge_cells("A2:D2")
    ws["A3"] = "填报单位：区信访局"
    ws.merge_cells("A3:D3")
    # table starts at row 5 (row 4 left blank on purpose)
    ws["A5"] = "财政供养人员情况"
    ws.merge_cells("A5:A6")
    ws["B5"], ws["C5"], ws["D5"] = "编制数", "2020年实际在职人数", "控制率"
    ws["B6"], ws["C6"], ws["D6"] = 13, 13, 1.0
    ws["D6"].number_format = "0%"
    for i, row in enumerate(ROWS, start=7):
        for j, v in enumerate(row, start=1):
            c = ws.cell(i, j, v)
            if isinstance(v, float) or (isinstance(v, int) and j > 1):
                c.number_format = "0.00" if row[0] in ("公用经费", "其中：办公经费") else "General"
    last = 7 + len(ROWS)
    ws.cell(last, 1, "说明：“公用经费”填报基本支出中的一般商品和服务支出。")
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=4)
    wb.save(path)
    return path


@pytest.fixture()
def basic_xlsx(tmp_path: Path) -> Path:
    return build_basic_data(tmp_path / "基础数据表.xlsx")


def test_grid_merges_and_texts(basic_xlsx: Path) -> None:
    doc = load_document(basic_xlsx)
    assert doc.format == "xlsx"
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.n_rows, t.n_cols) == (2 + len(ROWS), 4)
    origin = t.grid[0][0]
    assert (origin.text, origin.rowspan, origin.colspan, origin.origin) == ("财政供养人员情况", 2, 1, None)
    cont = t.grid[1][0]
    assert cont.is_continuation and cont.origin == (0, 0) and cont.text == "财政供养人员情况"
    assert t.row_texts(1) == ["财政供养人员情况", "13", "13", "100%"]
    assert t.row_texts(2) == ["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"]
    assert t.row_texts(3) == ["三公经费", "0.28", "", "0.19"]
    assert t.row_texts(4) == ["1、公务用车购置和维护经费", "0", "0", "0"]
    # number_format "0.00" keeps the written decimals: 8.5 shows as 8.50
    assert t.row_texts(7) == ["公用经费", "16.03", "8.50", "9.53"]
    assert [c.origin for c in t.origins()][:1] == [None]
    assert sum(1 for _ in t.origins()) == t.n_rows * t.n_cols - 1


def test_titles_attachment_and_notes(basic_xlsx: Path) -> None:
    doc = load_document(basic_xlsx)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts[:4] == ["基础数据表", "附件2", "部门整体支出绩效评价基础数据表", "填报单位：区信访局"]
    assert texts[-1].startswith("说明：")
    assert [(a.label, a.title) for a in doc.attachments] == [("附件2", "部门整体支出绩效评价基础数据表")]
    t = doc.tables[0]
    assert t.title == "部门整体支出绩效评价基础数据表"
    assert t.location.attachment == "附件2" and t.location.table == 1
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.index("Table") == 4  # four lines above the table, the note after it


def test_basic_facts_from_xlsx(basic_xlsx: Path) -> None:
    ctx = CheckContext(load_document(basic_xlsx))
    assert ctx.unit == "区信访局"
    assert ctx.year == 2020
    fact = ctx.basic("public_funds", "final_cur")
    assert fact is not None and fact.value == 9.53
    assert ctx.basic("sangong", "final_prev").value == pytest.approx(0.28)


def test_default_sheet_name_is_not_a_title(tmp_path: Path) -> None:
    doc = load_document(build_basic_data(tmp_path / "a.xlsx", sheet_title="Sheet1"))
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.text == "附件2"


def test_sheet_name_repeating_first_line_is_not_doubled(tmp_path: Path) -> None:
    doc = load_document(build_basic_data(tmp_path / "a.xlsx", sheet_title="附件2"))
    assert [a.label for a in doc.attachments] == ["附件2"]


def test_two_sheets_and_horizontal_merge(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["单位名称", "区信访局", None, None])
    ws.merge_cells("B1:D1")
    ws.append(["年度资金总额", 203.85, 203.85, 0.855])
    ws["B2"].number_format = ws["C2"].number_format = '0.00"万元"'
    ws["D2"].number_format = "0.0%"
    ws2 = wb.create_sheet("自评表")
    ws2.append(["一级指标", "分值"])
    ws2.append(["产出指标", 50])
    hidden = wb.create_sheet("辅助")
    hidden.append(["x", "y"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "b.xlsx")

    doc = read_xlsx(str(tmp_path / "b.xlsx"))
    assert len(doc.tables) == 2
    t = doc.tables[0]
    assert t.row_texts(0) == ["单位名称", "区信访局", "区信访局", "区信访局"]
    assert (t.grid[0][1].colspan, t.grid[0][3].origin) == (3, (0, 1))
    assert t.row_texts(1) == ["年度资金总额", "203.85万元", "203.85万元", "85.5%"]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["自评表"]
    assert [b.location.table for b in doc.blocks if isinstance(b, Table)] == [1, 2]
    assert any("辅助" in w for w in doc.warnings)


def test_blank_row_separates_tables_and_lines_between_become_paragraphs(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["a", "b"])
    ws.append([1, 2])
    ws.append([])
    ws.append(["附件3"])
    ws.append(["c", "d"])
    ws.append([3.5, 4])
    wb.save(tmp_path / "c.xlsx")
    doc = load_document(tmp_path / "c.xlsx")
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph", "Table"]
    assert doc.tables[1].location.attachment == "附件3"
    assert doc.tables[1].row_texts(1) == ["3.5", "4"]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (203.85, "0.00", "203.85"),
        (8.5, "0.00", "8.50"),
        (0.855, "0.0%", "85.5%"),
        (0.86, "0%", "86%"),
        (1, "0%", "100%"),
        (13, "General", "13"),
        (13.0, "General", "13"),
        (0.1 + 0.2, "General", "0.3"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (-2.5, "0.00", "-2.50"),
        (2.5, "0.00_);[Red](0.00)", "2.50"),
        (96, '0"分"', "96分"),
        (0.5, "#.##", ".5"),
        (3.0, "0.0#", "3.0"),
        (3.14159, "0.0#", "3.14"),
        (0.00001, "General", "0.00001"),
    ],
)
def test_format_number(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_corrupt_workbook_raises_read_error(tmp_path: Path) -> None:
    good = build_basic_data(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ReadError) as ei:
        load_document(bad)
    assert "损坏" in ei.value.reason
    broken_xml = tmp_path / "broken.xlsx"
    import zipfile

    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken_xml, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(ReadError) as ei:
        read_xlsx(str(broken_xml))
    assert "损坏" in ei.value.reason and "\n" not in str(ei.value)


def test_encrypted_workbook_raises_read_error(tmp_path: Path) -> None:
    enc = tmp_path / "enc.xlsx"
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(ReadError) as ei:
        read_xlsx(str(enc))
    assert ei.value.reason.startswith("文件已加密")
    with pytest.raises(ReadError) as ei:
        load_document(enc)
    assert ei.value.reason.startswith("文件已加密")


def test_input_is_never_written(basic_xlsx: Path) -> None:
    before = (hashlib.sha256(basic_xlsx.read_bytes()).hexdigest(), os.stat(basic_xlsx).st_mtime_ns)
    load_document(basic_xlsx)
    assert (hashlib.sha256(basic_xlsx.read_bytes()).hexdigest(), os.stat(basic_xlsx).st_mtime_ns) == before
