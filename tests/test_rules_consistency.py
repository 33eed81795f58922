"""figure.mismatch and claim.contradicts_data on the two sample reports and on
copies with one figure or statement changed."""
from __future__ import annotations

import copy


from checks.context import CheckContext
from checks.rules import consistency
from jixiao.model import Document

from ruletools import mentions, replace_text, set_cell, where


# -- figure.mismatch -----------------------------------------------------------------

def test_figure_mismatch_overall_sheet_vs_narrative(xinfang_any: CheckContext) -> None:
    f, = consistency.figure_mismatch(xinfang_any)
    assert (f.rule, f.severity) == ("figure.mismatch", "warning")
    assert f.message == "支出数前后不一致：附件5-1「区信访局」自评表“年度资金总额”全年执行数203.85万元，而附件5-2写“实际使用260.63万元”"
    assert where(f, 0) == ("附件5-1", 4, 3, 4) and f.evidence[0].text == "203.85万元"
    assert (f.evidence[1].location.attachment, f.evidence[1].location.paragraph) == ("附件5-2", 3)
    # 183.25 + 9.53 = 192.78 (总计) and the 附件5-2 公用经费9.53 / 项目支出67.85 agree with 附件2
    assert not mentions(f, "192.78") and not mentions(f, "9.53") and not mentions(f, "67.85")


def test_figure_mismatch_gone_when_narrative_agrees(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-2", "实际使用260.63万元", "实际使用203.85万元")
    assert list(consistency.figure_mismatch(CheckContext(doc))) == []


def test_figure_mismatch_narrative_vs_basic_after_edit(xinfang: Document) -> None:
    # 附件5-2 says 公用经费9.53万元 was spent; make 附件2's 2020年决算数 say 8.5
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 13, 3, "8.5")
    found = [f for f in consistency.figure_mismatch(CheckContext(doc)) if "基础数据表" in f.message]
    f, = found
    assert f.severity == "error"
    assert f.message == "文字与基础数据表不符：附件5-2写“公用经费9.53万元”（支出），基础数据表公用经费2020决算数为8.5"
    assert (f.evidence[0].location.attachment, f.evidence[0].location.paragraph) == ("附件5-2", 3)
    assert where(f, 1) == ("附件2", 2, 13, 3)
    # the budget sentence (收入合计…公用经费8.5万元) agrees with the 决算 now and is not reported
    assert not any("公用经费8.5万元" in x.message for x in found)


def test_figure_mismatch_budget_written_as_spending(xuanchuan_any: CheckContext) -> None:
    f, = consistency.figure_mismatch(xuanchuan_any)
    assert (f.rule, f.severity) == ("figure.mismatch", "warning")
    assert f.message == ("文字与基础数据表不符：附件4写“公用经费16万元”（支出），基础数据表公用经费2021决算数为22.23"
                         "（与2021预算数16相同，疑将预算数写作支出数）")
    assert (f.evidence[0].location.attachment, f.evidence[0].location.paragraph) == ("附件4", 3)
    assert where(f, 1) == ("附件2", 2, 13, 3) and where(f, 2) == ("附件2", 2, 13, 2)
    assert [e.text for e in f.evidence] == ["公用经费16万元", "22.23", "16"]


def test_figure_mismatch_matching_neither_column_is_an_error(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    replace_text(doc, "附件4", "公用经费16万元", "公用经费18万元")
    f, = consistency.figure_mismatch(CheckContext(doc))
    assert f.severity == "error"
    assert f.message == "文字与基础数据表不符：附件4写“公用经费18万元”（支出），基础数据表公用经费2021决算数为22.23"
    assert len(f.evidence) == 2


def test_figure_mismatch_gone_when_table_agrees(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 13, 3, "16")
    assert list(consistency.figure_mismatch(CheckContext(doc))) == []


# -- claim.contradicts_data ------------------------------------------------------------------

def test_claim_completed_with_money_unspent(xinfang_any: CheckContext) -> None:
    f, = consistency.claim_contradicts_data(xinfang_any)
    assert (f.rule, f.severity) == ("claim.contradicts_data", "warning")
    assert f.message == ("表述与数据矛盾：附件4-2「特殊疑难信访问题专项经费」自评表实际完成情况写「基本完成预定目标」，"
                         "但全年执行数0.1万元/全年预算数20万元，资金执行率仅0.5%")
    assert [where(f, i) for i in range(3)] == [("附件4-2", 9, 8, 2), ("附件4-2", 9, 3, 4), ("附件4-2", 9, 3, 3)]
    # the other four sheets also say 基本完成预定目标 but spent 85.5% to 100%; 三公 fell 0.28 -> 0.19
    assert not mentions(f, "17.11") and not mentions(f, "三公")


def test_claim_completion_threshold(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 9, 3, 4, "19")  # 特殊疑难: 19 of 20 spent
    set_cell(doc, 6, 3, 4, "9")  # 信访救助: 9 of 20 spent (45%)
    f, = consistency.claim_contradicts_data(CheckContext(doc))
    assert "「信访救助专项经费」" in f.message and f.message.endswith("全年执行数9万元/全年预算数20万元，资金执行率仅45%")
    assert where(f, 0) == ("附件4-2", 6, 8, 2)
    set_cell(doc, 6, 3, 4, "10")  # exactly 50% is not "barely spent"
    assert list(consistency.claim_contradicts_data(CheckContext(doc))) == []


def test_claim_sangong_controlled_yet_rose(xuanchuan_any: CheckContext) -> None:
    f, = consistency.claim_contradicts_data(xuanchuan_any)
    assert (f.rule, f.severity) == ("claim.contradicts_data", "warning")  # 严控 is no trend word
    assert f.message == ("表述与数据矛盾：附件4称「严控了“三公经费”」，但基础数据表“三公经费”由2020决算0.45万元"
                         "增至2021决算0.64万元（上升42.2%）")
    assert (f.evidence[0].location.attachment, f.evidence[0].location.paragraph) == ("附件4", 8)
    assert where(f, 1) == ("附件2", 2, 3, 1) and where(f, 2) == ("附件2", 2, 3, 3)
    # "严控“三公”经费…确保呈逐年下降趋势" (附件4 第19段) is a goal, not a claim
    assert f.evidence[0].location.paragraph != 19


def test_claim_sangong_flat_not_flagged(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 3, 3, "0.45")
    assert list(consistency.claim_contradicts_data(CheckContext(doc))) == []


def test_claim_sangong_strong_decrease_words_are_errors(xinfang: Document) -> None:
    # xinfang says “三公经费”明显下降 (附件3, 附件5-1); true as reported (0.28 -> 0.19). Make it rise.
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 3, 3, "0.38")
    found = [f for f in consistency.claim_contradicts_data(CheckContext(doc)) if "三公" in f.message]
    assert [f.attachment for f in found] == ["附件3", "附件5-1"]
    for f in found:
        assert f.severity == "error"
        assert "明显下降" in f.evidence[0].text
        # the 2019 cell is written "0.28万元": the unit is not repeated (was "0.28万元万元")
        # (the rise is computed from the written values: 0.38/0.28 - 1 = 35.71%)
        assert "由2019决算0.28万元增至2020决算0.38万元（上升35.7%）" in f.message
        assert "万元万元" not in f.message
