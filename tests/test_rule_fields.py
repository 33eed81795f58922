"""field.missing for blank label lines (填报单位：…)."""
from __future__ import annotations

from pathlib import Path

from checks.context import CheckContext
from checks.rules.fields import _label_lines as blank_label_fields, blank_fields
from extract import load_document
from jixiao.model import Document, Location, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"


def test_xuanchuan_blank_unit_field() -> None:
    ctx = CheckContext(load_document(str(FIXTURES / "xuanchuan-2021.docx")))
    found = list(blank_label_fields(ctx))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and "填报单位" in f.message
    assert f.evidence[0].location.attachment == "附件2"


def test_xinfang_fields_filled() -> None:
    # "填报单位：区信访局", "填表人：曾文君  填报日期：2021年6月23日"; 单位负责人签字 is not checked.
    ctx = CheckContext(load_document(str(FIXTURES / "xinfang-2020.docx")))
    assert list(blank_label_fields(ctx)) == []


def test_blank_filler_and_date_are_info() -> None:
    assert blank_fields("填表人：                  填报日期：") == ["填表人", "填报日期"]
    assert blank_fields("填表人：曾文君                  填报日期：2021年6月23日") == []
    assert blank_fields("填报单位：____") == ["填报单位"]
    loc = Location(attachment="附件4-2")
    doc = Document("t.docx", "docx", [Paragraph("填表人：曾文君     填报日期：", loc.at(paragraph=3))])
    f, = blank_label_fields(CheckContext(doc))
    assert f.severity == "info" and "填报日期" in f.message
