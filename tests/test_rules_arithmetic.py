"""Money and rate arithmetic (rate.mismatch, sum.mismatch, spend.exceeds_income) on
the two sample reports, on copies with the wrong figure corrected, and against the
seed expectations' forbid list (correct figures that must not be flagged)."""
from __future__ import annotations

import copy

import pytest

from checks.context import CheckContext
from checks.registry import selected_rules
from checks.rules import arithmetic
from jixiao.model import Document, Finding

from ruletools import mentions, replace_text, set_cell, where


def alarms(ctx: CheckContext, prefixes: list[str]) -> list[Finding]:
    """Every error/warning of the registered rules under these id prefixes."""
    return [f for r in selected_rules(prefixes) for f in r.func(ctx) if f.severity in ("error", "warning")]


# -- rate.mismatch -------------------------------------------------------------------

def test_rate_mismatch_jiefang(xinfang_any: CheckContext) -> None:
    found = list(arithmetic.rate_mismatch(xinfang_any))
    assert len(found) == 1  # row 4 (其中：当年财政拨款) repeats the figures: reported once
    f = found[0]
    assert (f.rule, f.severity) == ("rate.mismatch", "error")
    assert f.message == ("比率与数据不符：附件4-2「接访专项经费」年度资金总额：全年执行数/全年预算数 = "
                         "26.64/30 = 88.8%，表中填报66.4%")
    assert [e.text for e in f.evidence] == ["66.4%", "26.64", "30"]
    assert [where(f, i) for i in range(3)] == [("附件4-2", 8, 3, 6), ("附件4-2", 8, 3, 4), ("附件4-2", 8, 3, 3)]


def test_rate_mismatch_corrected_rate(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 8, 3, 6, "88.8%")
    # the 其中 row still says 66.4%: now it is the one reported
    f, = arithmetic.rate_mismatch(CheckContext(doc))
    assert "「接访专项经费」当年财政拨款：" in f.message and "表中填报66.4%" in f.message
    assert where(f, 0) == ("附件4-2", 8, 4, 6)
    set_cell(doc, 8, 4, 6, "88.8%")
    assert list(arithmetic.rate_mismatch(CheckContext(doc))) == []


def test_rate_mismatch_rounded_rates_pass(xinfang_any: CheckContext, xuanchuan_any: CheckContext) -> None:
    # 17.11/20 = 85.55% written 85.5% (信访救助); 0.1/20 = 0.5%; 13/13 = 100%
    assert not any(mentions(f, "85.5") for f in arithmetic.rate_mismatch(xinfang_any))
    # 111.65/127.65 = 87.47%, 16/127.65 = 12.53%, 0.64/0.9 = 71.11%, 15/15 = 100%
    assert list(arithmetic.rate_mismatch(xuanchuan_any)) == []


def test_rate_mismatch_staff_control_rate(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 1, 3, "90%")
    f, = [f for f in arithmetic.rate_mismatch(CheckContext(doc)) if "在职人员控制率" in f.message]
    assert f.severity == "error"
    assert f.message == "比率与数据不符：基础数据表 在职人员控制率：实际在职人数/编制数 = 13/13 = 100%，表中填报90%"
    assert [where(f, i) for i in range(3)] == [("附件2", 2, 1, 3), ("附件2", 2, 1, 2), ("附件2", 2, 1, 1)]


def test_rate_mismatch_narrative_share(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    replace_text(doc, "附件4", "占基本支出的87.47%", "占基本支出的97.47%")
    f, = arithmetic.rate_mismatch(CheckContext(doc))
    assert f.severity == "error"
    assert "“人员经费111.65万元，占基本支出的97.47%”，而基本支出为127.65万元" in f.message
    assert f.message.endswith("111.65万元/127.65万元 = 87.47%")
    assert [e.text for e in f.evidence] == ["97.47%", "111.65万元", "127.65万元"]
    assert {(e.location.attachment, e.location.paragraph) for e in f.evidence} == {("附件4", 3)}


@pytest.mark.parametrize("token", ["85.5"])
def test_forbid_rate_xinfang(xinfang_any: CheckContext, token: str) -> None:
    assert [f.message for f in alarms(xinfang_any, ["rate."]) if mentions(f, token)] == []


@pytest.mark.parametrize("token", ["87.47", "71.11"])
def test_forbid_rate_xuanchuan(xuanchuan_any: CheckContext, token: str) -> None:
    assert [f.message for f in alarms(xuanchuan_any, ["rate."]) if mentions(f, token)] == []


# -- sum.mismatch ----------------------------------------------------------------------

def test_sum_mismatch_social_security(xinfang_any: CheckContext) -> None:
    found = list(arithmetic.sum_mismatch(xinfang_any))
    f, = [f for f in found if mentions(f, "30.23")]
    assert (f.rule, f.severity) == ("sum.mismatch", "error")
    assert f.message == ("分项之和与合计不符：附件3“社保基金预算支出30.23万元”，"
                         "其中 13.46万 + 6.73万 + 10.1万元 = 30.29万元，与30.23万元不符")
    assert [e.text for e in f.evidence] == ["30.23万元", "13.46万", "6.73万", "10.1万元"]
    assert {(e.location.attachment, e.location.paragraph) for e in f.evidence} == {("附件3", 1)}


def test_sum_mismatch_projects_vs_basic(xinfang_any: CheckContext) -> None:
    found = list(arithmetic.sum_mismatch(xinfang_any))
    assert len(found) == 2
    f, = [f for f in found if mentions(f, "77.2")]
    assert f.severity == "warning"
    assert "5张项目支出绩效自评表的年初预算数合计94万元（20 + 20 + 4 + 30 + 20）" in f.message
    assert "基础数据表“项目支出”2020预算为77.2万元" in f.message
    assert where(f, 0) == ("附件2", 2, 9, 2)
    assert [where(f, i) for i in range(1, 6)] == [("附件4-2", t, 3, 2) for t in (5, 6, 7, 8, 9)]
    # 全年执行数: 20 + 17.11 + 4 + 26.64 + 0.1 = 67.85 = 项目支出 2020决算: not flagged
    assert not any("全年执行数" in x.message for x in found)


def test_sum_mismatch_corrected_total(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "社保基金预算支出30.23万元", "社保基金预算支出30.29万元")
    found = list(arithmetic.sum_mismatch(CheckContext(doc)))
    assert not any(mentions(f, "30.23") or mentions(f, "30.29") for f in found)
    assert len(found) == 1 and mentions(found[0], "77.2")


def test_sum_mismatch_project_budgets_agreeing(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 9, 2, "94")  # 项目支出 2020年预算数 = 20 + 20 + 4 + 30 + 20
    found = list(arithmetic.sum_mismatch(CheckContext(doc)))
    assert not any("项目自评表合计" in f.message for f in found)


def test_sum_mismatch_basic_table_compositions(xinfang: Document) -> None:
    # untouched: 三公 0.28 = 0 + 0 + 0.28, 公用经费 9.53 ⊇ 0.55 + 2.65 + 0 (parts) — nothing
    assert not any("：基础数据表“" in f.message for f in arithmetic.sum_mismatch(CheckContext(xinfang)))
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 3, 1, "0.38万元")  # 三公经费 2019年决算数
    set_cell(doc, 2, 14, 3, "9.55")  # 其中：办公经费 2020年决算数
    found = [f for f in arithmetic.sum_mismatch(CheckContext(doc)) if "：基础数据表“" in f.message]
    assert len(found) == 2
    sg, pf = found
    assert sg.severity == "error" and sg.message.startswith("分项之和：基础数据表“三公经费”2019决算为0.38万元")
    assert sg.message.endswith("合计0.28")
    assert where(sg, 0) == ("附件2", 2, 3, 1) and [e.location.row for e in sg.evidence[1:]] == [4, 7, 8]
    assert pf.message.startswith("分项之和超过合计：基础数据表“公用经费”2020决算为9.53") and pf.message.endswith("合计12.2")
    assert where(pf, 0) == ("附件2", 2, 13, 3)


def test_sum_mismatch_none_on_xuanchuan(xuanchuan_any: CheckContext) -> None:
    # 113.34 + 14.31 = 127.65, 9 + 6 = 15, 111.65 + 16 = 127.65, 111.35 + 0.3 = 111.65, 0.9 / 0.64 三公 splits
    assert list(arithmetic.sum_mismatch(xuanchuan_any)) == []


@pytest.mark.parametrize("prefixes, tokens", [
    (["sum.", "figure."], ["192.78"]),  # 183.25 + 9.53
    (["sum."], ["9.35"]),  # 77.2 - 67.85
    (["sum.", "count."], ["13"]),  # 1 + 1 + 2 + 1 + 8 staff
])
def test_forbid_sums_xinfang(xinfang_any: CheckContext, prefixes: list[str], tokens: list[str]) -> None:
    bad = [f.message for f in alarms(xinfang_any, prefixes) if all(mentions(f, t) for t in tokens)]
    assert bad == []


@pytest.mark.parametrize("prefixes, tokens", [
    (["sum."], ["113.34", "14.31"]),
    (["sum.", "count."], ["15"]),  # 行政编9 + 事业编6
])
def test_forbid_sums_xuanchuan(xuanchuan_any: CheckContext, prefixes: list[str], tokens: list[str]) -> None:
    bad = [f.message for f in alarms(xuanchuan_any, prefixes) if all(mentions(f, t) for t in tokens)]
    assert bad == []


def test_forbidden_sum_broken_is_flagged(xinfang: Document) -> None:
    """The forbid checks above can fail: break 183.25 + 9.53 = 192.78 and it is reported."""
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "总计192.78万元", "总计193.78万元")
    f, = [f for f in arithmetic.sum_mismatch(CheckContext(doc)) if mentions(f, "193.78")]
    assert "183.25万元 + 9.53万元 = 192.78万元" in f.message


# -- spend.exceeds_income ----------------------------------------------------------------

def test_spend_exceeds_income_narrative(xinfang_any: CheckContext) -> None:
    f, = arithmetic.spend_exceeds_income(xinfang_any)
    assert (f.rule, f.severity) == ("spend.exceeds_income", "error")
    assert f.message == "支出超过收入：附件5-2“预算资金收入合计203.85万元”，但“实际使用260.63万元”，超出56.78万元"
    assert [e.text for e in f.evidence] == ["预算资金收入合计203.85万元", "实际使用260.63万元"]
    assert [(e.location.attachment, e.location.paragraph) for e in f.evidence] == [("附件5-2", 2), ("附件5-2", 3)]


def test_spend_within_income(xinfang: Document, xuanchuan_any: CheckContext) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-2", "实际使用260.63万元", "实际使用203.85万元")
    assert list(arithmetic.spend_exceeds_income(CheckContext(doc))) == []
    # 预算总收入127.65万元 … 预算总支出127.65万元; the 自评表s spend at most their budget
    assert list(arithmetic.spend_exceeds_income(xuanchuan_any)) == []


def test_spend_exceeds_sheet_budget(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 8, 3, 4, "36.64")  # 接访 全年执行数 above its 全年预算数 30
    found = [f for f in arithmetic.spend_exceeds_income(CheckContext(doc)) if "执行数超过预算数" in f.message]
    f, = found
    assert f.severity == "error"
    assert f.message == "执行数超过预算数：附件4-2「接访专项经费」全年执行数36.64，全年预算数30"
    assert [where(f, i) for i in range(2)] == [("附件4-2", 8, 3, 4), ("附件4-2", 8, 3, 3)]
    # spending exactly the budget is fine
    set_cell(doc, 8, 3, 4, "30")
    assert not any("执行数超过预算数" in f.message for f in arithmetic.spend_exceeds_income(CheckContext(doc)))
