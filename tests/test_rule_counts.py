"""count.mismatch: stated counts against the names listed after them."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.context import CheckContext
from checks.rules.counts import count_mismatch
from extract import load_document
from jixiao.model import Document, Location, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"

# Real sentences from the samples.
XUANCHUAN = ("中共麻阳苗族县委宣传部内设机构7个，分别为办公室、新闻室、理论宣教研究室、意识形态指导股、"
             "文化文艺和电影股文明创建指导股出版和版权管理股。")
XINFANG = ("1、2020年度一般公共预算项目支出67.85万元，共实施5个项目支出，分别是：接访专项、复查复核办公室办案专项、"
           "特殊疑难信访问题专项、驻京维稳劝返专项、信访救助专项资金。")


def _ctx(*texts: str) -> CheckContext:
    loc = Location(file="t.docx", attachment="附件4", section="一、机构编制人员情况")
    return CheckContext(Document("t.docx", "docx", [Paragraph(t, loc.at(paragraph=i + 1)) for i, t in enumerate(texts)]))


@pytest.mark.parametrize("name", ["xuanchuan-2021.docx", "xinfang-2020.docx"])
def test_samples_have_no_count_mismatch(name: str) -> None:
    # 内设机构7个 (seven names, three run together) and 共实施5个项目支出 (five named).
    ctx = CheckContext(load_document(str(FIXTURES / name)))
    assert list(count_mismatch(ctx)) == []


def test_run_together_names_counted() -> None:
    assert list(count_mismatch(_ctx(XUANCHUAN, XINFANG))) == []


def test_one_project_removed() -> None:
    text = XINFANG.replace("驻京维稳劝返专项、", "")
    f, = count_mismatch(_ctx(text))
    assert f.severity == "error"
    assert "5个" in f.message and "列出4个" in f.message
    assert f.evidence[0].location.attachment == "附件4"


def test_one_office_removed() -> None:
    text = ("中共麻阳苗族县委宣传部内设机构7个，分别为办公室、新闻室、理论宣教研究室、意识形态指导股、"
            "文化文艺和电影股、文明创建指导股。")
    f, = count_mismatch(_ctx(text))
    assert "7个" in f.message and "列出6个" in f.message


def test_list_ending_in_deng_is_not_exhaustive() -> None:
    assert list(count_mismatch(_ctx("内设机构7个，分别为办公室、新闻室、理论宣教研究室等。"))) == []
