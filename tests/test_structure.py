"""Segmentation: attachments, sections, paragraph numbers and table titles."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract import load_document
from extract.understand.structure import heading_level, segment
from jixiao.model import Cell, Document, Location, Paragraph, Table

FIXTURES = Path(__file__).parent / "fixtures"


def P(text: str) -> Paragraph:
    return Paragraph(text=text, location=Location(file="t.docx"))


def T(*rows: list[str]) -> Table:
    return Table(grid=[[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)], location=Location(file="t.docx"))


def seg(*blocks) -> Document:
    return segment(Document(path="t.docx", format="docx", blocks=list(blocks)))


@pytest.fixture(scope="module")
def xinfang() -> Document:
    return load_document(FIXTURES / "xinfang-2020.docx")


@pytest.fixture(scope="module")
def xuanchuan() -> Document:
    return load_document(FIXTURES / "xuanchuan-2021.docx")


def test_xinfang_attachments(xinfang: Document) -> None:
    assert [(a.label, a.title) for a in xinfang.attachments] == [
        ("附件1", "部门整体支出绩效评价共性指标框架（参考）"),
        ("附件2", "部门整体支出绩效评价基础数据表"),
        ("附件3", "2020年度部门整体支出绩效评价报告"),
        ("附件4-1", "预算支出绩效评价共性指标体系框架（参考）"),
        ("附件5-1", "预算支出绩效评价报告"),
        ("附件5-2", "预算支出绩效报告"),
    ] + [("附件4-2", "预算支出绩效自评表")] * 5
    starts = [a.first_block for a in xinfang.attachments]
    assert starts == sorted(starts)
    for a in xinfang.attachments:
        first = xinfang.blocks[a.first_block]
        assert isinstance(first, Paragraph) and first.heading_level == 0 and first.location.attachment == a.label


def test_xuanchuan_attachments(xuanchuan: Document) -> None:
    assert [a.label for a in xuanchuan.attachments] == ["附件1", "附件2", "附件3", "附件4"]
    assert xuanchuan.attachments[1].title == "部门整体支出绩效评价基础数据表"


def test_xinfang_section_label_of_score_paragraph(xinfang: Document) -> None:
    para = next(p for p in xinfang.paragraphs if "实得86分" in p.text)
    assert para.location.label() == "附件3 · 六、部门整体支出绩效情况 · 第1段"
    other = next(p for p in xinfang.paragraphs if "实得96分" in p.text)
    assert other.location.attachment == "附件5-1" and other.location.section == "三、预算支出主要绩效及评价结论"


def test_xinfang_headings(xinfang: Document) -> None:
    att3 = [p for p in xinfang.paragraphs if p.location.attachment == "附件3"]
    level1 = [p.text for p in att3 if p.heading_level == 1]
    assert level1[:3] == ["一、部门、单位基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况"]
    assert len(level1) == 9
    heading = next(p for p in att3 if p.text == "六、部门整体支出绩效情况")
    assert heading.location.section == "六、部门整体支出绩效情况" and heading.location.paragraph is None
    assert next(p for p in att3 if p.text.startswith("（一）单位机构")).heading_level == 2


def test_xinfang_table_titles(xinfang: Document) -> None:
    titles = [t.title for t in xinfang.tables]
    assert titles[:3] == ["部门整体支出绩效评价共性指标框架（参考）", "部门整体支出绩效评价基础数据表", "预算支出绩效评价共性指标体系框架（参考）"]
    assert titles[3:] == ["预算支出绩效自评表"] * 6
    assert [t.location.table for t in xinfang.tables] == list(range(1, 10))
    t2 = xinfang.tables[1]
    assert t2.location.label() == "附件2 · 表2「部门整体支出绩效评价基础数据表」"
    assert t2.cell_location(13, 3).label() == "附件2 · 表2「部门整体支出绩效评价基础数据表」 · 第14行第4列"


def test_chinese_numbered_attachment() -> None:
    doc = seg(P("附件一"), P("部门整体支出绩效评价基础数据表"), T(["a", "b"], ["1", "2"]))
    assert [(a.label, a.title) for a in doc.attachments] == [("附件一", "部门整体支出绩效评价基础数据表")]
    assert doc.tables[0].title == "部门整体支出绩效评价基础数据表"


def test_attachment_with_inline_title_and_spaced_label() -> None:
    doc = seg(
        P("附件3：部门整体支出绩效自评表"), T(["a", "b"], ["1", "2"]),
        P("附 件 4－2"), P("预算支出绩效自评表"), P("（2020年度）"), T(["c", "d"], ["3", "4"]),
    )
    assert [(a.label, a.title) for a in doc.attachments] == [("附件3", "部门整体支出绩效自评表"), ("附件4-2", "预算支出绩效自评表")]
    assert [t.location.attachment for t in doc.tables] == ["附件3", "附件4-2"]
    assert doc.tables[0].title == "部门整体支出绩效自评表"


def test_reference_lines_are_not_attachment_headings() -> None:
    doc = seg(
        P("附件1"), P("2020年度部门整体支出绩效评价报告"), P("一、其他需要说明的情况"),
        P("附件：绩效评价基础数据表"), P("附件1为基础数据表，附件2为自评表"),
    )
    assert [a.label for a in doc.attachments] == ["附件1"]
    ref = doc.blocks[-2]
    assert ref.location.attachment == "附件1" and ref.location.section == "一、其他需要说明的情况"
    assert ref.heading_level is None
    assert doc.blocks[-1].location.attachment == "附件1"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、部门基本情况", 1), ("十一、其他", 1), ("（一）机构情况", 2), ("(二)人员", 2),
        ("1、职责", 3), ("2. 目标", 3), ("（1）收文", 4), ("(2)办理", 4),
        ("1.5万元用于办公", None), ("2020年度预算", None), ("本单位共有13人", None), ("", None),
    ],
)
def test_heading_level(text: str, level: int | None) -> None:
    assert heading_level(text) == level


def test_sections_and_paragraph_numbers() -> None:
    doc = seg(P("一、基本情况"), P("（一）机构"), P("本单位共有13人。"), P("二、支出情况"), P("支出100万元。"))
    labels = [b.location.label() for b in doc.blocks]
    assert labels == ["一、基本情况", "一、基本情况 · 第1段", "一、基本情况 · 第2段", "二、支出情况", "二、支出情况 · 第1段"]
    assert [b.heading_level for b in doc.blocks] == [1, 2, None, 1, None]


def test_unnumbered_report_names_attachment_by_table_title() -> None:
    doc = seg(P("部门整体支出绩效自评表"), T(["单位名称", "区信访局"], ["a", "b"]))
    assert [(a.label, a.title) for a in doc.attachments] == [("部门整体支出绩效自评表", "部门整体支出绩效自评表")]
    assert doc.tables[0].location.attachment == "部门整体支出绩效自评表"


def test_table_broken_by_short_paragraph_is_stitched() -> None:
    doc = seg(P("附件2"), P("基础数据表"), T(["项目", "2020年决算数"], ["三公经费", "0.19"]), P("续"), T(["公用经费", "9.53"], ["办公经费", "0.55"]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.n_rows == 4 and t.text(2, 0) == "续\n公用经费" and t.text(3, 1) == "0.55"


def test_repeated_header_is_a_new_table() -> None:
    doc = seg(T(["项目", "得分"], ["a", "1"]), P("注"), T(["项目", "得分"], ["b", "2"]))
    assert len(doc.tables) == 2
