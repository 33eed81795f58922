"""Self-scores recomputed by the indicator's own rule (score.rule_violation), rules that
award above the weight (score.over_max), unreadable rules (score.rule_unparsed)."""
from __future__ import annotations

import copy


from checks.context import CheckContext
from checks.rules import rule_scores, scores
from jixiao.model import Document, Finding

from ruletools import set_cell, table, where


def by_name(found: list[Finding], name: str) -> list[Finding]:
    return [f for f in found if name in f.message]


# -- compute ----------------------------------------------------------------------------

def test_compute_public_expense_control_rate(xinfang_any: CheckContext) -> None:
    c, = rule_scores.compute(xinfang_any, "public_expense_control_rate")
    assert c.text == "9.53/8.5 = 112.12%" and c.base == "公用经费决算数/预算数" and c.definition
    assert c.value.lo < 112.12 < c.value.hi
    assert [(f.subject, f.measure) for f in c.facts] == [("public_funds", "final_cur"), ("public_funds", "budget_cur")]


def test_compute_sangong_change_rate_bases(xuanchuan_any: CheckContext, xinfang_any: CheckContext) -> None:
    # no 上年预算数 column: the definitional base is unavailable, the two others are tried
    got = rule_scores.compute(xuanchuan_any, "sangong_change_rate")
    assert [(c.base, c.text, c.definition) for c in got] == [
        ("本年决算数对上年决算数", "(0.64-0.45)/0.45 = 42.22%", False),
        ("本年预算数对上年决算数", "(0.9-0.45)/0.45 = 100%", False),
    ]
    # xinfang's 三公经费 2020年预算数 is blank: only 决算 against 决算
    got = rule_scores.compute(xinfang_any, "sangong_change_rate")
    assert [c.text for c in got] == ["(0.19-0.28)/0.28 = -32.14%"]  # numbers as written, without the unit of "0.28万元"
    assert rule_scores.compute(xinfang_any, "no_such_indicator") == []
    # 三公经费控制率 needs the blank 2020年预算数: nothing computed, nothing judged
    assert rule_scores.compute(xinfang_any, "sangong_control_rate") == []


# -- score.rule_violation ------------------------------------------------------------------

def test_rule_violation_public_expense_xinfang(xinfang_any: CheckContext) -> None:
    found = list(rule_scores.rule_violation(xinfang_any))
    f, = by_name(found, "公用经费控制率")
    assert (f.rule, f.severity) == ("score.rule_violation", "error")
    assert f.message == ("自评分与评分标准不符：公用经费控制率（分值3分）= 公用经费决算数/预算数 = 9.53/8.5 = 112.12%，"
                         "按评分标准“≤100%计3分，每超出1%扣1分，扣完为止”应得0分，自评3分")
    assert where(f, 0) == ("附件1", 1, 11, 5) and f.evidence[0].text == "3"
    assert where(f, 1) == ("附件1", 1, 11, None) and f.evidence[1].text.startswith("100%以下（含）计满分")
    assert [(e.text, where(f, i + 2)) for i, e in enumerate(f.evidence[2:])] == [
        ("9.53", ("附件2", 2, 13, 3)), ("8.5", ("附件2", 2, 13, 2))]


def test_rule_violation_public_expense_xuanchuan(xuanchuan_any: CheckContext) -> None:
    found = list(rule_scores.rule_violation(xuanchuan_any))
    f, = by_name(found, "公用经费控制率")
    assert f.severity == "error"
    assert "= 22.23/16 = 138.94%" in f.message and f.message.endswith("应得0分，自评6分")
    assert where(f, 0) == ("附件1", 1, 7, 8)
    assert [where(f, i) for i in (2, 3)] == [("附件2", 2, 13, 3), ("附件2", 2, 13, 2)]


def test_rule_violation_sangong_change_xuanchuan(xuanchuan_any: CheckContext) -> None:
    f, = by_name(list(rule_scores.rule_violation(xuanchuan_any)), "三公经费变动率")
    # the 指标说明's base (本年预算数对上年预算数) is not in the report: a warning that says so
    assert f.severity == "warning"
    assert "= 本年决算数对上年决算数 = (0.64-0.45)/0.45 = 42.22%" in f.message
    assert "按本年预算数对上年决算数为(0.9-0.45)/0.45 = 100%" in f.message
    assert "指标说明按本年预算数对上年预算数计算，报告未提供" in f.message
    assert f.message.endswith("应得0分，自评5分")
    assert where(f, 0) == ("附件1", 1, 2, 8)
    assert [where(f, i) for i in (2, 3)] == [("附件2", 2, 3, 3), ("附件2", 2, 3, 1)]


def test_rule_violation_only_the_contradicted_rows(xuanchuan_any: CheckContext) -> None:
    found = list(rule_scores.rule_violation(xuanchuan_any))
    # 在职人员控制率 15/15 = 100% scores 5 of 5 rightly; no 自评表 on xuanchuan
    assert sorted(f.message.split("：")[1].split("（")[0] for f in found) == ["三公经费变动率", "公用经费控制率"]


def test_rule_violation_public_expense_within_budget(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 13, 3, "8.5")  # 公用经费 2020年决算数 = 预算数: 100%, full 3 points
    assert by_name(list(rule_scores.rule_violation(CheckContext(doc))), "公用经费控制率") == []


def test_rule_violation_public_expense_self_score_corrected(xinfang: Document, xuanchuan: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 1, 11, 5, "0")  # 112.12%: 12 points over, 3 - 12 -> 0
    assert by_name(list(rule_scores.rule_violation(CheckContext(doc))), "公用经费控制率") == []
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 13, 3, "16")
    # 16/16 = 100% gives the full 8 points, and the self-score is 6: still contradicted, the other way
    f, = by_name(list(rule_scores.rule_violation(CheckContext(doc))), "公用经费控制率")
    assert "= 16/16 = 100%" in f.message and f.message.endswith("应得8分，自评6分")
    set_cell(doc, 1, 7, 8, "8")
    assert by_name(list(rule_scores.rule_violation(CheckContext(doc))), "公用经费控制率") == []


def test_rule_violation_sangong_flat(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 3, 3, "0.45")  # 2021年决算数 = 2020年决算数: 变动率 0, 5 points on one base
    assert by_name(list(rule_scores.rule_violation(CheckContext(doc))), "三公经费变动率") == []


def test_execution_scores(xinfang_any: CheckContext) -> None:
    found = [f for f in rule_scores.rule_violation(xinfang_any) if f.message.startswith("预算执行得分")]
    assert [f.evidence[0].location.table for f in found] == [8, 9]
    jf, ts = found
    assert jf.severity == "warning"
    assert jf.message == ("预算执行得分与执行率不符：附件4-2「接访专项经费」全年执行数/全年预算数 = 26.64/30 = 88.8%"
                          "（表中执行率66.4%），按执行率×分值（10）应得8.88分，表中得分6.6")
    assert [where(jf, i) for i in range(3)] == [("附件4-2", 8, 3, 7), ("附件4-2", 8, 3, 4), ("附件4-2", 8, 3, 3)]
    assert "0.1/20 = 0.5%" in ts.message and ts.message.endswith("应得0.05分，表中得分0.5")
    # 信访救助 17.11/20 = 85.55% × 10 = 8.555, written 8.5: truncation, not flagged
    assert not any("信访救助" in f.message for f in found)


def test_execution_score_corrected(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 8, 3, 7, "8.9")
    found = [f for f in rule_scores.rule_violation(CheckContext(doc)) if f.message.startswith("预算执行得分")]
    assert [f.evidence[0].location.table for f in found] == [9]


# -- score.over_max: a rule awarding above the weight ------------------------------------------

def test_rule_awards_over_weight(xinfang_any: CheckContext) -> None:
    f, = scores._rules_over_weight(xinfang_any)
    assert (f.rule, f.severity) == ("score.over_max", "error")
    assert f.message.startswith("评分标准超过分值：三公经费变动率分值2分，但评分标准““三公经费”变动率为0，计5分；")
    assert f.message.endswith("”最高可得5分")
    assert f.evidence[0].text.startswith("“三公经费”变动率为0，计5分")
    assert where(f, 0) == ("附件1", 1, 4, None)  # the row; the rule is not in the name column
    assert (f.evidence[1].text, where(f, 1)) == ("2分", ("附件1", 1, 4, 2))  # written in the label “三公经费”变动率（2分）


def test_rule_awards_within_weight(xuanchuan_any: CheckContext, xinfang: Document) -> None:
    # xuanchuan weighs 三公经费变动率 5 and its rule gives 5; 满意度 6 and 计6分
    assert list(scores._rules_over_weight(xuanchuan_any)) == []
    doc = copy.deepcopy(xinfang)
    t = table(doc, 1)
    set_cell(doc, 1, 4, 3, t.text(4, 3).replace("计5分", "计2分"))
    assert list(scores._rules_over_weight(CheckContext(doc))) == []


# -- score.rule_unparsed -----------------------------------------------------------------------

def test_rule_unparsed_lists_rows_not_recomputed(xinfang_any: CheckContext, xuanchuan_any: CheckContext) -> None:
    found = list(rule_scores.rule_unparsed(xinfang_any))
    assert {f.severity for f in found} == {"info"} and {f.rule for f in found} == {"score.rule_unparsed"}
    names = [f.message.split("“")[1].split("”")[0] for f in found]
    assert names == ["重点工作办结率", "经济效益", "社会效益", "生态效益", "社会公众或服务对象满意度", "完成及时性", "实施效益"]
    first = found[0]
    assert "依据其他考核结果折算" in first.message and where(first, 0) == ("附件1", 1, 25, None)
    assert where(found[-1], 0) == ("附件4-1", 3, 17, None)
    # rows whose rule is read and recomputed are not listed
    assert not any("公用经费控制率" in f.message or "三公经费变动率" in f.message for f in found)
    found = list(rule_scores.rule_unparsed(xuanchuan_any))
    assert [f.message.split("“")[1].split("”")[0] for f in found] == ["经济效益"]


def _dept_report(score: str, *sentences: str, rule: str = "按预算执行率×4分计算得分，满分为止。") -> CheckContext:
    """A report of a few sentences and a 部门 指标评分表 with one 预算执行率 row."""
    from jixiao.model import Cell, Location, Paragraph, Table
    from ruletools import report_of_blocks

    rows = [["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "得分"],
            ["过程", "30", "预算执行", "15", "预算执行率", "4", rule, score],
            ["过程", "30", "预算执行", "15", "公用经费控制率", "11", "公用经费控制率≤100%得满分。", "11"]]
    grid = [[Cell(t, r, c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    title = "部门整体支出绩效评价指标评分表"
    blocks = [Paragraph(s, Location(file="t.docx", paragraph=i)) for i, s in enumerate(sentences, 1)]
    blocks.append(Table(grid, Location(file="t.docx", table=1, table_title=title), title=title))
    return report_of_blocks(*blocks, year=2023)


def test_rule_applied_to_the_rate_the_text_states_when_no_table_gives_its_data() -> None:
    text = "全年预算数1526.23万元，全年实际支出1452.35万元，预算执行率为95.16%。"
    (f,) = by_name(list(rule_scores.rule_violation(_dept_report("4", text))), "预算执行率")
    assert "95.16%" in f.message and "应得3.81分" in f.message and "自评4分" in f.message
    assert any(e.text == "95.16%" and e.role == "data" for e in f.evidence)
    assert by_name(list(rule_scores.rule_violation(_dept_report("3.81", text))), "预算执行率") == []
    # Two different stated values: which one the score used cannot be told.
    two = _dept_report("4", text, "经核实，预算执行率为99.80%。")
    assert by_name(list(rule_scores.rule_violation(two)), "预算执行率") == []


def test_the_amounts_a_stated_rate_divides_are_a_legitimate_reading_too() -> None:
    # The rate is the typo (1452.35/1526.23 = 95.16%); the score follows the amounts.
    text = "全年预算数1526.23万元，全年实际支出1452.35万元，预算执行率为99.80%。"
    assert by_name(list(rule_scores.rule_violation(_dept_report("3.81", text))), "预算执行率") == []


def test_a_proportional_rule_naming_more_points_than_the_row_weight() -> None:
    """"按预算执行率×8分计算得分" on a 4-point row: score.over_max, and the score is not judged by that rule."""
    text = "全年预算数1526.23万元，全年实际支出1452.35万元，预算执行率为95.16%。"
    r = _dept_report("3.81", text, rule="按预算执行率×8分计算得分，满分为止。")
    over = [f for f in scores.over_max(r) if "预算执行率" in f.message]
    assert over and "8分" in over[0].message
    assert by_name(list(rule_scores.rule_violation(r)), "预算执行率") == []
