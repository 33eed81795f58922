"""Unit name and fiscal year, on the fixtures (.docx and .pdf) and on synthetic documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.understand.identity import identify, unit_suffix
from extract import load_document
from extract.understand.structure import segment
from jixiao.model import Cell, Document, Location, Paragraph, Table

FIXTURES = Path(__file__).parent / "fixtures"


def P(text: str) -> Paragraph:
    return Paragraph(text=text, location=Location(file="t.docx"))


def T(*rows: list[str]) -> Table:
    return Table(grid=[[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)], location=Location(file="t.docx"))


def ident(*blocks):
    return identify(segment(Document(path="t.docx", format="docx", blocks=list(blocks))))


@pytest.mark.parametrize(
    ("name", "unit", "year"),
    [
        ("xinfang-2020.docx", "区信访局", 2020),
        ("xinfang-2020.pdf", "区信访局", 2020),
        ("xuanchuan-2021.docx", "中共麻阳苗族县委宣传部", 2021),
        ("xuanchuan-2021.pdf", "中共麻阳苗族县委宣传部", 2021),
    ],
)
def test_fixture_identity(name: str, unit: str, year: int) -> None:
    idn = identify(load_document(FIXTURES / name))
    assert (idn.unit, idn.year) == (unit, year)
    assert idn.unit_location is not None and idn.unit_location.attachment
    assert idn.year_location is not None


def test_xinfang_unit_comes_from_fill_in_line() -> None:
    idn = identify(load_document(FIXTURES / "xinfang-2020.docx"))
    assert idn.unit_location.label() == "附件2 · 第2段"
    assert idn.unit_suffix == "局"


@pytest.mark.parametrize(
    "line",
    [
        "填报单位：鹤城区财政局",
        "填报单位:鹤城区财政局",
        "填报单位：鹤城区财政局（盖章）",
        "填报单位（盖章）：鹤城区财政局",
        "填报单位：鹤城区财政局            单位：万元",
        "填报单位：鹤城区财政局    填报日期：2021年6月23日",
        "部门（单位）名称：鹤城区财政局",
    ],
)
def test_fill_in_field(line: str) -> None:
    assert ident(P("基础数据表"), P(line)).unit == "鹤城区财政局"


def test_parenthesised_unit_line() -> None:
    idn = ident(P("预算支出绩效评价报告"), P("（区信访局）"), P("一、基本情况"))
    assert idn.unit == "区信访局" and idn.unit_location.label() == "第2段"


def test_unit_from_table_cell() -> None:
    idn = ident(T(["单位名称", "鹤城区教育局", "鹤城区教育局"], ["年度资金总额", "10", "10"]))
    assert idn.unit == "鹤城区教育局"
    assert (idn.unit_location.row, idn.unit_location.col) == (0, 1)


def test_unit_from_subject_of_first_sentence() -> None:
    assert ident(P("鹤城区民政局内设机构5个，编制20人。")).unit == "鹤城区民政局"


def test_fill_in_line_wins_over_later_mentions() -> None:
    idn = ident(P("填报单位：区信访局"), P("（区财政局）"), T(["单位名称", "区民政局"], ["a", "b"]))
    assert idn.unit == "区信访局"


def test_no_unit() -> None:
    idn = ident(P("根据上级要求，现报告如下："), P("一、基本情况"), P("填报单位："))
    assert idn.unit is None and idn.unit_location is None and idn.unit_suffix is None


@pytest.mark.parametrize(
    ("blocks", "year"),
    [
        ([P("2021年度部门整体支出绩效评价报告")], 2021),
        ([P("   2021  年绩效自评报告")], 2021),
        ([P("预算支出绩效自评表"), P("（2020年度）")], 2020),
        ([T(["项目", "2019年决算数", "2020年预算数", "2020年决算数"], ["三公经费", "1", "2", "3"])], 2020),
        ([P("绩效评价报告"), P("2019年支出了10万元。")], None),
    ],
)
def test_year(blocks, year) -> None:
    assert ident(*blocks).year == year


@pytest.mark.parametrize(
    ("unit", "suffix"),
    [("区信访局", "局"), ("县财政事务中心", "中心"), ("县发展和改革委员会", "委"), ("县人民政府办公室", "办"), ("中共麻阳苗族县委宣传部", "部"), (None, None)],
)
def test_unit_suffix(unit, suffix) -> None:
    assert unit_suffix(unit) == suffix


def test_fiscal_year_from_a_title_wrapped_over_two_lines() -> None:
    """A PDF wraps a long title: "…补助资" / "金绩效自评报告"."""
    from extract.understand.identity import find_year
    from jixiao.model import Document, Location, Paragraph

    doc = Document("t.pdf", "pdf", [Paragraph("某县文化和旅游局2023年度公共文化服务体系建设补助资", Location(paragraph=1)),
                                    Paragraph("金绩效自评报告", Location(paragraph=2)),
                                    Paragraph("一、绩效目标分解下达情况", Location(paragraph=3))])
    assert find_year(doc)[0] == 2023
