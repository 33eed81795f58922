"""The .docx reader: span resolution on the fixtures and on hand-written document.xml."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from extract.read.docx import read_docx
from extract import load_document
from jixiao.model import Paragraph, Table

FIXTURES = Path(__file__).parent / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def make_docx(path: Path, body: str) -> Path:
    """A minimal .docx whose body is the given WordprocessingML."""
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", xml)
    return path


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(inner: str, span: int = 1, vmerge: str | None = None) -> str:
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner or '<w:p/>'}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0) -> str:
    props = ""
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr>{'<w:trPr>' + props + '</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl>{''.join(rows)}</w:tbl>"


# -- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def xinfang():
    return load_document(FIXTURES / "xinfang-2020.docx")


def test_xinfang_table_count_and_first_table_shape(xinfang) -> None:
    assert xinfang.format == "docx"
    assert len(xinfang.tables) == 9
    t1 = xinfang.tables[0]
    assert (t1.n_rows, t1.n_cols) == (31, 6)
    assert all(len(r) == 6 for r in t1.grid)


def test_xinfang_vmerge_level1_indicator(xinfang) -> None:
    t1 = xinfang.tables[0]
    origin = t1.grid[1][0]
    assert "".join(origin.text.split()) == "投入（20分）"
    assert origin.text == "投   入 （20分）"
    assert origin.rowspan == 5 and origin.origin is None
    for r in range(2, 6):
        cont = t1.grid[r][0]
        assert cont.origin == (1, 0) and cont.text == origin.text and cont.is_continuation
    assert not t1.grid[6][0].is_continuation and t1.grid[6][0].rowspan == 6  # 过程 starts a new merge


def test_xinfang_basic_data_values(xinfang) -> None:
    t = xinfang.tables[1]
    assert t.title == "部门整体支出绩效评价基础数据表"
    assert (t.n_rows, t.n_cols) == (19, 4)
    assert t.row_texts(2) == ["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"]
    assert t.row_texts(3) == ["三公经费", "0.28万元", "", "0.19"]
    assert t.row_texts(13) == ["公用经费", "16.03", "8.5", "9.53"]
    assert t.grid[0][0].rowspan == 2 and t.grid[1][0].origin == (0, 0)


def test_xinfang_self_eval_gridspan_continuations(xinfang) -> None:
    t = next(t for t in xinfang.tables if t.text(0, 0) == "单位名称")
    assert t.text(0, 1) == "区信访局" and t.grid[0][1].colspan == 8
    for c in range(2, 9):
        cell = t.grid[0][c]
        assert cell.text == "区信访局" and cell.origin == (0, 1)
    assert len(list(t.origins())) < t.n_rows * t.n_cols


# -- synthetic documents ------------------------------------------------------


def read_body(tmp_path: Path, body: str):
    return read_docx(str(make_docx(tmp_path / "t.docx", body)))


def test_gridspan(tmp_path: Path) -> None:
    doc = read_body(tmp_path, tbl(tr(tc(p("单位名称")), tc(p("区信访局"), span=3)), tr(tc(p("a")), tc(p("b")), tc(p("c")), tc(p("d")))))
    t = doc.tables[0]
    assert t.rows() == [["单位名称", "区信访局", "区信访局", "区信访局"], ["a", "b", "c", "d"]]
    assert (t.grid[0][1].colspan, t.grid[0][1].origin) == (3, None)
    assert [t.grid[0][c].origin for c in (2, 3)] == [(0, 1), (0, 1)]


def test_vmerge_restart_continue(tmp_path: Path) -> None:
    doc = read_body(
        tmp_path,
        tbl(
            tr(tc(p("投入"), vmerge="restart"), tc(p("x1"))),
            tr(tc("", vmerge="continue"), tc(p("x2"))),
            tr(tc("", vmerge="continue"), tc(p("x3"))),
            tr(tc(p("过程")), tc(p("x4"))),
        ),
    )
    t = doc.tables[0]
    assert t.rows() == [["投入", "x1"], ["投入", "x2"], ["投入", "x3"], ["过程", "x4"]]
    assert t.grid[0][0].rowspan == 3
    assert [t.grid[r][0].origin for r in range(4)] == [None, (0, 0), (0, 0), None]


def test_vmerge_with_gridspan(tmp_path: Path) -> None:
    doc = read_body(
        tmp_path,
        tbl(
            tr(tc(p("AB"), span=2, vmerge="restart"), tc(p("c1"))),
            tr(tc("", span=2, vmerge="continue"), tc(p("c2"))),
        ),
    )
    t = doc.tables[0]
    assert t.rows() == [["AB", "AB", "c1"], ["AB", "AB", "c2"]]
    assert (t.grid[0][0].rowspan, t.grid[0][0].colspan) == (2, 2)
    assert t.grid[1][0].origin == (0, 0) and t.grid[1][1].origin == (0, 0)


def test_grid_before_and_after(tmp_path: Path) -> None:
    doc = read_body(
        tmp_path,
        tbl(
            tr(tc(p("a")), tc(p("b")), tc(p("c"))),
            tr(tc(p("x")), before=1, after=1),
        ),
    )
    t = doc.tables[0]
    assert (t.n_rows, t.n_cols) == (2, 3)
    assert t.row_texts(1) == ["", "x", ""]
    assert t.grid[1][1].col == 1 and not t.grid[1][1].is_continuation


def test_nested_table_follows_host(tmp_path: Path) -> None:
    inner = tbl(tr(tc(p("n1")), tc(p("n2"))), tr(tc(p("n3")), tc(p("n4"))))
    doc = read_body(
        tmp_path,
        p("前文") + tbl(tr(tc(p("host") + inner), tc(p("h2"))), tr(tc(p("h3")), tc(p("h4")))) + p("后文"),
    )
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Table", "Paragraph"]
    host, nested = doc.tables
    assert host.rows() == [["host", "h2"], ["h3", "h4"]]
    assert nested.rows() == [["n1", "n2"], ["n3", "n4"]]
    assert (host.location.table, nested.location.table) == (1, 2)


def test_sdt_content_control_text(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("填报单位：区信访局") + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>年度：</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>2020</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        + tbl(tr(tc("<w:sdt><w:sdtContent>" + p("单元格控件") + "</w:sdtContent></w:sdt>"), tc(p("b"))))
    )
    doc = read_body(tmp_path, body)
    assert [b.text for b in doc.paragraphs] == ["填报单位：区信访局", "年度：2020"]
    assert doc.tables[0].rows() == [["单元格控件", "b"]]


def test_tracked_changes(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>实得</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>96</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>86</w:t></w:r></w:ins>'
        "<w:r><w:t>分</w:t></w:r></w:p>"
        + tbl(tr(tc('<w:p><w:del w:id="3" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del><w:ins w:id="4" w:author="a"><w:r><w:t>新</w:t></w:r></w:ins></w:p>'), tc(p("x"))))
    )
    doc = read_body(tmp_path, body)
    assert doc.paragraphs[0].text == "实得86分"
    assert doc.tables[0].rows() == [["新", "x"]]


def test_soft_break_in_cell(tmp_path: Path) -> None:
    cell = "<w:p><w:r><w:t>一级</w:t><w:br/><w:t>指标</w:t></w:r></w:p>"
    doc = read_body(tmp_path, tbl(tr(tc(cell), tc(p("二级") + p("指标")))))
    assert doc.tables[0].rows() == [["一级\n指标", "二级\n指标"]]


def test_one_cell_table_becomes_paragraph(tmp_path: Path) -> None:
    doc = read_body(tmp_path, tbl(tr(tc(p("预算支出绩效自评表")))) + tbl(tr(tc(p("a")), tc(p("b")))))
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "预算支出绩效自评表"
    assert isinstance(doc.blocks[1], Table) and doc.blocks[1].location.table == 1
    seg = load_document(tmp_path / "t.docx")
    assert seg.tables[0].title == "预算支出绩效自评表"


def test_empty_paragraphs_dropped_and_tabs_kept(tmp_path: Path) -> None:
    doc = read_body(tmp_path, "<w:p/>" + p("   ") + "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>")
    assert [b.text for b in doc.blocks] == ["a\tb"]


def test_row_and_cell_level_content_controls(tmp_path: Path) -> None:
    row_sdt = "<w:sdt><w:sdtContent>" + tr(tc(p("r2a")), tc(p("r2b"))) + "</w:sdtContent></w:sdt>"
    cell_sdt = "<w:sdt><w:sdtContent>" + tc(p("r1b")) + "</w:sdtContent></w:sdt>"
    doc = read_body(tmp_path, tbl(tr(tc(p("r1a")), cell_sdt), row_sdt))
    assert doc.tables[0].rows() == [["r1a", "r1b"], ["r2a", "r2b"]]
