"""attachment.missing on the samples and on hand-built lists."""
from __future__ import annotations

from pathlib import Path


from checks.context import CheckContext
from checks.rules.attachments import listed_attachments, missing_attachments
from jixiao.model import Attachment, Cell, Document, Location, Paragraph, Table

FIXTURES = Path(__file__).parent / "fixtures"


def test_xinfang_lists(xinfang_ctx: CheckContext) -> None:
    titles = [x.title for x in listed_attachments(xinfang_ctx.paragraphs)]
    assert titles[:3] == ["部门整体支出绩效评价基础数据表", "部门整体支出绩效自评表", "项目支出绩效自评表"]
    assert "绩效评价指标评分表" in titles and titles[-1] == "绩效评价基础数据表"


def test_xinfang_missing_tables(xinfang_ctx: CheckContext) -> None:
    found = {f.message: f for f in missing_attachments(xinfang_ctx)}
    by_title = {t: f for t in ("政府性基金", "国有资本经营", "社会保险基金", "基础数据", "项目支出绩效自评表", "部门整体支出绩效自评表", "评分表")
                for m, f in found.items() if t in m}
    # Present under other names: 基础数据表 (附件2), 预算支出绩效自评表, the scored 指标框架.
    assert not {"基础数据", "项目支出绩效自评表", "部门整体支出绩效自评表", "评分表"} & set(by_title)
    # Said to be 无 in the narrative: a remark only.
    assert by_title["政府性基金"].severity == "info"
    assert by_title["国有资本经营"].severity == "info"
    assert any(e.text == "无" for e in by_title["政府性基金"].evidence)
    # The narrative reports 社保 spending but the table is not attached.
    assert by_title["社会保险基金"].severity == "warning"
    assert len(found) == 3


def test_xuanchuan_lists_nothing(xuanchuan_ctx: CheckContext) -> None:
    assert list(missing_attachments(xuanchuan_ctx)) == []


def _table(title: str, header: list[str], loc: Location) -> Table:
    return Table([[Cell(h, 0, i) for i, h in enumerate(header)]], loc, title)


def test_inline_list_satisfied_and_missing() -> None:
    loc = Location(file="t.docx", attachment="附件2")
    blocks = [
        Paragraph("附件：绩效评价基础数据表、项目支出绩效自评表", loc.at(paragraph=1)),
        _table("部门整体支出绩效评价基础数据表", ["财政供养人员情况", "编制数"], loc.at(table=1)),
    ]
    doc = Document("t.docx", "docx", blocks, [Attachment("附件2", "部门整体支出绩效评价基础数据表", 1)])
    found = list(missing_attachments(CheckContext(doc)))
    assert [f.severity for f in found] == ["warning"]
    assert "项目支出绩效自评表" in found[0].message
    blocks.append(_table("预算支出绩效自评表", ["一级指标", "分值", "得分"], loc.at(table=2)))
    assert list(missing_attachments(CheckContext(doc))) == []
