"""field.missing for blank totals with filled parts, and header.unmapped."""
from __future__ import annotations

import copy


from checks.context import CheckContext
from checks.rules import fields as blanks, headers
from jixiao.model import Cell, Document, Location, Table

from ruletools import set_cell


def test_blank_sangong_budget(xinfang_any: CheckContext) -> None:
    f, = blanks._blank_totals(xinfang_any)
    assert (f.rule, f.severity) == ("field.missing", "warning")
    assert f.message == "合计数未填写：附件2“三公经费”2020预算数为空，而其分项已填写（公务接待0.7）"
    assert f.evidence[0].text == "三公经费（空）"
    loc = f.evidence[0].location
    assert (loc.attachment, loc.table, loc.row, loc.col) == ("附件2", 2, 3, 2)
    loc = f.evidence[1].location
    assert f.evidence[1].text == "0.7" and (loc.attachment, loc.table, loc.row, loc.col) == ("附件2", 2, 8, 2)


def test_blank_total_filled(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 3, 2, "0.7")
    assert list(blanks._blank_totals(CheckContext(doc))) == []


def test_blank_total_with_zero_parts_is_not_missing(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 8, 2, "0")  # every part of 三公 2020预算 now 0: the blank total says nothing
    assert list(blanks._blank_totals(CheckContext(doc))) == []


def test_blank_parts_under_filled_total_not_flagged(xuanchuan_any: CheckContext) -> None:
    # xuanchuan: 项目支出 0 with blank 业务工作专项/运行维护专项 rows; 政府采购 blank without parts
    assert list(blanks._blank_totals(xuanchuan_any)) == []


def test_blank_public_funds_total(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 13, 3, "")  # 公用经费 2020年决算数 blank, 办公经费 0.55 and 水电差旅 2.65 filled
    f, = [x for x in blanks._blank_totals(CheckContext(doc)) if "公用经费" in x.message]
    assert f.message == "合计数未填写：附件2“公用经费”2020决算数为空，而其分项已填写（办公经费0.55；水费、电费、差旅费2.65）"
    assert [e.location.row for e in f.evidence] == [13, 14, 15]


# -- header.unmapped -------------------------------------------------------------------------

def test_no_unmapped_headers_on_samples(xinfang_any: CheckContext, xuanchuan_any: CheckContext) -> None:
    assert list(headers.unmapped_headers(xinfang_any)) == []
    assert list(headers.unmapped_headers(xuanchuan_any)) == []


def _basic_table(labels: list[str]) -> Document:
    rows = [["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"]]
    rows += [[label, "1", "2", "3"] for label in labels]
    loc = Location(file="t.docx", attachment="附件2", table=1)
    t = Table([[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)], loc,
              title="部门整体支出绩效评价基础数据表")
    return Document("t.docx", "docx", [t])


def test_unmapped_row_label_reported_once() -> None:
    doc = _basic_table(["三公经费", "火星探测补贴", "公用经费", "火星 探测补贴"])
    found = list(headers.unmapped_headers(CheckContext(doc)))
    f, = found  # the same label (whitespace aside) is reported once
    assert (f.rule, f.severity) == ("header.unmapped", "info")
    assert f.message == "无法识别的行名“火星探测补贴”，该处数据未参与核对"
    loc = f.evidence[0].location
    assert (loc.attachment, loc.table, loc.row, loc.col) == ("附件2", 1, 2, 0)


def test_mapped_rows_only() -> None:
    assert list(headers.unmapped_headers(CheckContext(_basic_table(["三公经费", "公用经费"])))) == []
