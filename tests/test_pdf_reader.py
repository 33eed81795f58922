"""read_pdf on the real fixtures: layout, merged cells, page-break stitching, errors."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from extract.read.errors import ReadError
from extract.read.pdf_lines import Line, join_cell_lines
from extract.read.pdf_page import PdfPage
from extract.read.pdf import SCANNED, read_pdf
from extract.read.pdf_layout import _drop_headers_footers, _Item
from jixiao.model import Document, Paragraph, Table

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def xinfang() -> Document:
    return read_pdf(str(FIXTURES / "xinfang-2020.pdf"))


@pytest.fixture(scope="module")
def xuanchuan() -> Document:
    return read_pdf(str(FIXTURES / "xuanchuan-2021.pdf"))


def _table_with(doc: Document, text: str) -> Table:
    for t in doc.tables:
        if any(text in c for row in t.rows() for c in row):
            return t
    raise AssertionError(f"no table contains {text!r}")


def _row(table: Table, first: str) -> list[str]:
    for row in table.rows():
        if row[0] == first:
            return row
    raise AssertionError(f"no row starts with {first!r}")


def test_document_shape(xinfang: Document) -> None:
    assert xinfang.format == "pdf"
    assert xinfang.pages == 27
    assert len(xinfang.tables) == 15
    assert [t.location.table for t in xinfang.tables] == list(range(1, 16))
    first = xinfang.blocks[0]
    assert isinstance(first, Paragraph) and first.text == "附件1"
    assert first.location.page == 1
    for b in xinfang.blocks:  # segment() fills these in later
        assert b.location.attachment is None and b.location.section is None
    assert all(t.title is None for t in xinfang.tables)


def test_basic_data_table_values(xinfang: Document) -> None:
    t = _table_with(xinfang, "经费控制情况")
    assert (t.location.table, t.location.page) == (2, 7)
    assert (t.n_rows, t.n_cols) == (19, 4)
    assert _row(t, "三公经费") == ["三公经费", "0.28万元", "", "0.19"]
    assert _row(t, "项目支出：") == ["项目支出：", "110.66", "77.2", "67.85"]
    assert _row(t, "公用经费") == ["公用经费", "16.03", "8.5", "9.53"]
    # 财政供养人员情况 spans two rows; the slot below repeats it
    assert t.grid[0][0].rowspan == 2
    assert t.grid[1][0].origin == (0, 0) and t.grid[1][0].text == "财政供养人员情况"


def test_project_self_evaluation_table(xinfang: Document) -> None:
    t = _table_with(xinfang, "驻京维稳劝返专项经费")
    assert t.location.page == 21
    assert t.rows()[0][1] == "驻京维稳劝返专项经费"
    assert t.grid[0][1].colspan == 8
    assert t.rows()[-1][:3] == ["总分", "100", "95"]
    # its title is a separate one-column table just before it
    title = xinfang.tables[t.location.table - 2]
    assert title.rows() == [["预算支出绩效自评表"], ["（2020年度）"]]


def test_table_stitched_across_pages_with_split_row(xinfang: Document) -> None:
    t = xinfang.tables[0]  # 附件1 framework, pages 1-6
    assert (t.location.page, t.n_rows, t.n_cols) == (1, 31, 6)  # as in the .docx
    # The 三公经费变动率 row is cut at the end of page 1; its 指标说明 goes on
    # in the first row of page 2, which must be folded back into it.
    row = next(r for r in t.rows() if r[2] == "“三公经费”变动率（2分）")
    assert row[4].endswith("“三公经费”：年度预算安排的因公出国（境）费、公务车辆购置及运行费和公务招待费。")
    assert not any(r[4].startswith("公出国") for r in t.rows())
    # 投入 spans five rows, two of them on page 2
    origin = t.grid[1][0]
    assert (origin.text, origin.rowspan) == ("投 入（20分）", 5)
    assert [t.grid[r][0].origin for r in range(2, 6)] == [(1, 0)] * 4
    assert t.grid[5][2].text == "重点支出安排率（2分）"
    # 过程 spans six rows across the page 2/3 break
    assert (t.grid[6][0].text, t.grid[6][0].rowspan) == ("过程（40分）", 6)
    assert t.grid[11][0].origin == (6, 0) and t.grid[11][2].text == "公用经费控制率（3分）"


def test_wrapped_cell_text_is_joined(xinfang: Document) -> None:
    t = xinfang.tables[0]
    labels = [r[2] for r in t.rows()]
    assert "在职人员控制率（2分）" in labels  # '在职人员\n控制率' in the PDF
    assert "结转结余变动率（3分）" in labels
    # enumerations keep their breaks
    assert t.rows()[2][4].startswith("评价要点：\n①是否将部门整体的绩效目标细化分解为具体的工作任务2分；\n②")


def test_indicator_table_weights_add_to_100(xuanchuan: Document) -> None:
    t = xuanchuan.tables[0]
    assert (t.location.page, t.n_rows, t.n_cols) == (1, 18, 9)
    assert t.rows()[0] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明", "得分"]
    weights = [r[5] for r in t.rows()[1:] if r[4]]
    scored = [float(w) for w in weights if w]
    assert len(scored) == 16
    assert sum(scored) == 100
    # 产出及效率 / 30 span two rows: the second row holds continuations
    assert (t.grid[13][0].text, t.grid[13][0].rowspan) == ("产出及效率", 2)
    cont = t.grid[14][0]
    assert cont.is_continuation and cont.origin == (13, 0) and cont.text == "产出及效率"
    assert t.grid[14][1].origin == (13, 1) and t.grid[14][1].text == "30"


def test_vertical_merge_continued_on_next_page(xuanchuan: Document) -> None:
    t = xuanchuan.tables[2]  # 附件3 共性指标表, pages 7-13
    assert (t.location.page, t.n_rows, t.n_cols) == (7, 64, 6)
    last = t.grid[-1]
    assert last[2].text == "社会公众或服务对象满意度"
    # page 13 opens under 效果（20分） / 项目效益（20分）: the blank slots belong to them
    assert last[0].text == "效果（20分）" and last[0].is_continuation
    assert t.grid[last[0].origin[0]][0].rowspan == 5


def test_one_line_rows_at_page_break_stay_separate(xuanchuan: Document) -> None:
    t = xuanchuan.tables[1]  # 基础数据表, pages 6-7
    firsts = [r[0] for r in t.rows()]
    assert "政府采购金额" in firsts and "部门整体支出预算调整" in firsts
    assert _row(t, "三公经费")[:4] == ["三公经费", "0.45", "0.9", "0.64"]


def test_paragraphs_rejoined_and_headings_separate(xinfang: Document) -> None:
    texts = [p.text for p in xinfang.paragraphs]
    assert "附件3" in texts
    assert "2020年度部门整体支出绩效评价报告" in texts
    assert "本单位共有职工13人，包括1名书记，1名局长，2名副局长，1名主任科员，8名工作人员，下设2个业务股室。" in texts
    assert "室。" not in texts
    assert "一、部门、单位基本情况" in texts
    p = next(p for p in xinfang.paragraphs if p.text.startswith("根据部门整体支出绩效评价指标体系"))
    assert "实得86分，被评为“良好”等级。" in p.text and p.location.page == 9
    # a paragraph that ends short of the margin is not glued to the next one
    assert "（一）基本支出情况。2020年度一般公共预算基本支出" in texts


def test_running_heads_and_page_numbers_dropped() -> None:
    pages = [PdfPage(n, 600.0, 800.0) for n in (1, 2, 3)]

    def line(text: str, top: float) -> _Item:
        return _Item(top, line=Line(text, 60.0, top, 200.0, top + 10, 10.0))

    per_page = [
        [line("某某局绩效自评报告", 20), line("正文一", 100), line(f"- {n} -", 770)] for n in (1, 2, 3)
    ]
    per_page[1].append(line("7", 400))  # a lone number in the body is content
    _drop_headers_footers(per_page, pages)
    assert [[it.line.text for it in items] for items in per_page] == [["正文一"], ["正文一", "7"], ["正文一"]]


def test_join_cell_lines_numbers_and_chinese() -> None:
    def ln(text: str, x1: float, top: float) -> Line:
        return Line(text, 10.0, top, x1, top + 10, 10.0)

    assert join_cell_lines([ln("18,841,234,", 80, 0), ln("567.89元", 60, 12)]) == "18,841,234,567.89元"
    assert join_cell_lines([ln("在职人员", 50, 0), ln("控制率", 40, 12)]) == "在职人员控制率"
    assert join_cell_lines([ln("评价要点：", 60, 0), ln("①是否符合", 60, 12)]) == "评价要点：\n①是否符合"
    assert join_cell_lines([ln("说明文字到这里", 80, 0), ln("说明：另起一行", 80, 12)]) == "说明文字到这里说明：另起一行"


def test_scanned_pdf_raises_without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.read.ocr

    monkeypatch.setattr(extract.read.ocr, "ocr_available", lambda: False)  # with it: tests/test_ocr_reader.py
    with pytest.raises(ReadError) as err:
        read_pdf(str(FIXTURES / "xuanchuan-2021-scanned.pdf"))
    assert err.value.reason == SCANNED == "扫描版 PDF（没有文字层），需安装 OCR 组件：pip install 'jixiao[ocr]'"


def test_truncated_pdf_raises(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes((FIXTURES / "xinfang-2020.pdf").read_bytes()[:5000])
    with pytest.raises(ReadError) as err:
        read_pdf(str(bad))
    assert err.value.reason.startswith("文件已损坏")


def _encrypted_pdf() -> bytes:
    """Minimal PDF whose standard security handler rejects the empty password."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objs) + 1, b"33" * 16, b"33" * 16)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_raises(tmp_path: Path) -> None:
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(_encrypted_pdf())
    with pytest.raises(ReadError) as err:
        read_pdf(str(enc))
    assert err.value.reason.startswith("文件已加密")


def test_input_is_not_modified(tmp_path: Path) -> None:
    copy = tmp_path / "x.pdf"
    shutil.copy(FIXTURES / "xuanchuan-2021.pdf", copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    mtime = copy.stat().st_mtime_ns
    read_pdf(str(copy))
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert copy.stat().st_mtime_ns == mtime
