"""The statement rules on money (sum.mismatch, rate.mismatch, spend.exceeds_income,
figure.mismatch, claim.contradicts_data) on the two sample reports, on copies with
the wrong figure corrected or a right one broken, and against the seed
expectations' forbid list (correct figures that must not be flagged)."""
from __future__ import annotations

import copy

import pytest

from checks.registry import selected_rules
from checks.rules import claims, rates, restated, spending, sums
from extract.understand.report import Report
from jixiao.model import Document, Finding, Location

from ruletools import mentions, replace_text, set_cell, where


def alarms(r: Report, prefixes: list[str]) -> list[Finding]:
    """Every error/warning of the registered rules under these id prefixes."""
    return [f for rule in selected_rules(prefixes) for f in rule.func(r) if f.severity in ("error", "warning")]


# -- rate.mismatch ---------------------------------------------------------------------

def test_rate_mismatch_jiefang(xinfang_any: Report) -> None:
    found = [f for f in rates.rate_mismatch(xinfang_any) if mentions(f, "66.4%")]
    assert len(found) == 1  # row 4 (其中：当年财政拨款) repeats the figures: reported once
    f = found[0]
    assert (f.rule, f.severity) == ("rate.mismatch", "error")
    assert "26.64/30 = 88.8%" in f.message and "表中填报66.4%" in f.message
    assert [e.text for e in f.evidence] == ["66.4%", "26.64", "30"]
    assert [where(f, i) for i in range(3)] == [("附件4-2", 8, 3, 6), ("附件4-2", 8, 3, 4), ("附件4-2", 8, 3, 3)]
    assert f.arg["computed"] == "88.8" and f.arg["rate"] == "66.4%"


def test_rate_mismatch_corrected_rate(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 8, 3, 6, "88.8%")
    f, = [f for f in rates.rate_mismatch(Report(doc)) if mentions(f, "66.4%")]
    assert "当年财政拨款" in f.message and where(f, 0) == ("附件4-2", 8, 4, 6)
    set_cell(doc, 8, 4, 6, "88.8%")
    assert not [f for f in rates.rate_mismatch(Report(doc)) if "接访" in f.message]


def test_rate_mismatch_rounded_rates_pass(xinfang_any: Report, xuanchuan_any: Report) -> None:
    # 17.11/20 = 85.55% written 85.5%; 111.65/127.65 = 87.47%; 0.64/0.9 = 71.11%
    assert not any(mentions(f, "85.5") for f in rates.rate_mismatch(xinfang_any))
    assert list(rates.rate_mismatch(xuanchuan_any)) == []


def test_rate_mismatch_narrative_share(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    replace_text(doc, "附件4", "占基本支出的87.47%", "占基本支出的97.47%")
    f, = rates.rate_mismatch(Report(doc))
    assert f.severity == "error"
    assert "“人员经费111.65万元，占基本支出的97.47%”，而基本支出为127.65万元" in f.message
    assert f.message.endswith("111.65/127.65 = 87.47%")
    assert [e.role for e in f.evidence] == ["stated", "numerator", "denominator"]


def test_rate_mismatch_named_rate_in_a_sentence() -> None:
    from ruletools import report_of_text

    r = report_of_text("此专项经费预算数180万元，全年执行数150万元，实际执行率90%。")
    f, = rates.rate_mismatch(r)
    assert mentions(f, "90%") and mentions(f, "150") and mentions(f, "180") and f.arg["computed"] == "83.33"
    assert list(rates.rate_mismatch(report_of_text("此专项经费预算数180万元，全年执行数150万元，实际执行率83.33%。"))) == []


@pytest.mark.parametrize("token", ["85.5"])
def test_forbid_rate_xinfang(xinfang_any: Report, token: str) -> None:
    assert [f.message for f in alarms(xinfang_any, ["rate."]) if mentions(f, token)] == []


@pytest.mark.parametrize("token", ["87.47", "71.11"])
def test_forbid_rate_xuanchuan(xuanchuan_any: Report, token: str) -> None:
    assert [f.message for f in alarms(xuanchuan_any, ["rate."]) if mentions(f, token)] == []


# -- sum.mismatch ----------------------------------------------------------------------

def test_sum_mismatch_social_security(xinfang_any: Report) -> None:
    f, = [f for f in sums.sum_mismatch(xinfang_any) if mentions(f, "30.23")]
    assert (f.rule, f.severity) == ("sum.mismatch", "error")
    assert "“社保基金预算支出30.23万元”，其中13.46万 + 6.73万 + 10.1万元 = 30.29万元" in f.message
    assert [e.text for e in f.evidence] == ["社保基金预算支出30.23万元", "养老保险缴费支出13.46万", "医保缴费6.73万", "公积金10.1万元"]
    assert [e.role for e in f.evidence] == ["total", "part", "part", "part"]
    assert {e.location.attachment for e in f.evidence} == {"附件3"}


def test_sum_mismatch_projects_vs_basic(xinfang_any: Report) -> None:
    f, = [f for f in sums.sum_mismatch(xinfang_any) if "项目自评表合计" in f.message]
    assert f.severity == "warning"
    assert "5张项目支出绩效自评表的年初预算数合计94万元（20 + 20 + 4 + 30 + 20）" in f.message
    assert where(f, 0) == ("附件2", 2, 9, 2)
    assert [where(f, i) for i in range(1, 6)] == [("附件4-2", t, 3, 2) for t in (5, 6, 7, 8, 9)]


def test_sum_mismatch_corrected_total(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "社保基金预算支出30.23万元", "社保基金预算支出30.29万元")
    found = list(sums.sum_mismatch(Report(doc)))
    assert not any(mentions(f, "30.23") or mentions(f, "30.29") for f in found)
    assert len(found) == 1 and mentions(found[0], "77.2")


def test_sum_mismatch_basic_table_compositions(xinfang: Document) -> None:
    # untouched: 三公 0.28 = 0 + 0 + 0.28, 公用经费 9.53 ⊇ 0.55 + 2.65 + 0 (parts) — nothing from 附件2
    assert not any(f.evidence[0].location.attachment == "附件2" for f in sums.sum_mismatch(Report(xinfang))
                   if "项目自评表合计" not in f.message)
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 3, 1, "0.38万元")  # 三公经费 2019年决算数
    set_cell(doc, 2, 14, 3, "9.55")  # 其中：办公经费 2020年决算数
    found = [f for f in sums.sum_mismatch(Report(doc)) if f.evidence[0].location.attachment == "附件2"
             and "项目自评表合计" not in f.message]
    sg, pf = sorted(found, key=lambda f: f.evidence[0].location.row or 0)
    assert sg.severity == "error" and sg.template == "sum.closed" and mentions(sg, "0.38万元") and sg.arg["sum"] == "0.28"
    assert where(sg, 0) == ("附件2", 2, 3, 1) and [e.location.row for e in sg.evidence[1:]] == [4, 7, 8]
    assert pf.template == "sum.exceeds" and mentions(pf, "9.53") and pf.arg["sum"] == "12.2"
    assert where(pf, 0) == ("附件2", 2, 13, 3)


def test_sum_mismatch_none_on_xuanchuan(xuanchuan_any: Report) -> None:
    # 113.34 + 14.31 = 127.65, 9 + 6 = 15, 111.65 + 16 = 127.65, 111.35 + 0.3 = 111.65, 0.9 / 0.64 三公 splits
    assert list(sums.sum_mismatch(xuanchuan_any)) == []


@pytest.mark.parametrize("prefixes, tokens", [
    (["sum.", "figure."], ["192.78"]),  # 183.25 + 9.53
    (["sum."], ["9.35"]),  # 77.2 - 67.85
    (["sum.", "count."], ["13"]),  # 1 + 1 + 2 + 1 + 8 staff
])
def test_forbid_sums_xinfang(xinfang_any: Report, prefixes: list[str], tokens: list[str]) -> None:
    assert [f.message for f in alarms(xinfang_any, prefixes) if all(mentions(f, t) for t in tokens)] == []


@pytest.mark.parametrize("prefixes, tokens", [
    (["sum."], ["113.34", "14.31"]),
    (["sum.", "count."], ["15"]),  # 行政编9 + 事业编6
])
def test_forbid_sums_xuanchuan(xuanchuan_any: Report, prefixes: list[str], tokens: list[str]) -> None:
    assert [f.message for f in alarms(xuanchuan_any, prefixes) if all(mentions(f, t) for t in tokens)] == []


def test_forbidden_sum_broken_is_flagged(xinfang: Document) -> None:
    """The forbid checks above can fail: break 183.25 + 9.53 = 192.78 and it is reported."""
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "总计192.78万元", "总计193.78万元")
    f, = [f for f in sums.sum_mismatch(Report(doc)) if mentions(f, "193.78")]
    assert "183.25万元 + 9.53万元 = 192.78万元" in f.message


# -- spend.exceeds_income -----------------------------------------------------------------

def test_spend_exceeds_income_narrative(xinfang_any: Report) -> None:
    f, = spending.spend_exceeds_income(xinfang_any)
    assert (f.rule, f.severity) == ("spend.exceeds_income", "error")
    assert "“预算资金收入203.85万元”，但“预算资金实际使用260.63万元”，超出56.78万元" in f.message
    assert [(e.location.attachment, e.location.paragraph) for e in f.evidence] == [("附件5-2", 2), ("附件5-2", 3)]


def test_spend_within_income(xinfang: Document, xuanchuan_any: Report) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-2", "实际使用260.63万元", "实际使用203.85万元")
    assert list(spending.spend_exceeds_income(Report(doc))) == []
    assert list(spending.spend_exceeds_income(xuanchuan_any)) == []


def test_spend_exceeds_sheet_budget(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 8, 3, 4, "36.64")  # 接访 全年执行数 above its 全年预算数 30
    f, = [f for f in spending.spend_exceeds_income(Report(doc)) if "执行数超过预算数" in f.message]
    assert f.severity == "error" and "「接访专项经费」自评表全年执行数36.64，全年预算数30" in f.message
    assert [where(f, i) for i in range(2)] == [("附件4-2", 8, 3, 3), ("附件4-2", 8, 3, 4)]
    set_cell(doc, 8, 3, 4, "30")
    assert not any("执行数超过预算数" in f.message for f in spending.spend_exceeds_income(Report(doc)))


# -- figure.mismatch ------------------------------------------------------------------------

def test_figure_mismatch_budget_written_as_spending(xuanchuan_any: Report) -> None:
    f, = restated.figure_mismatch(xuanchuan_any)
    assert (f.rule, f.severity) == ("figure.mismatch", "warning")  # the narrative's role is inferred
    assert mentions(f, "16万元") and mentions(f, "22.23")
    assert [e.location.attachment for e in f.evidence] == ["附件4", "附件2"]


def test_figure_mismatch_gone_when_table_agrees(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 13, 3, "16")
    assert list(restated.figure_mismatch(Report(doc))) == []


def test_figure_mismatch_narrative_vs_basic_after_edit(xinfang: Document) -> None:
    # 附件5-2 says 公用经费9.53万元 was spent (实际使用); make 附件2's 2020年决算数 say 8.5
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 13, 3, "8.5")
    f, = [f for f in restated.figure_mismatch(Report(doc)) if mentions(f, "9.53万元")]
    assert mentions(f, "8.5") and where(f, 1) == ("附件2", 2, 13, 3)


# -- claim.contradicts_data ------------------------------------------------------------------

def test_claim_completed_with_money_unspent(xinfang_any: Report) -> None:
    f, = claims.claim_contradicts_data(xinfang_any)
    assert (f.rule, f.severity) == ("claim.contradicts_data", "warning")
    assert "「特殊疑难信访问题专项经费」自评表实际完成情况写「基本完成预定目标」" in f.message
    assert "全年执行数0.1万元/全年预算数20万元，资金执行率仅0.5%" in f.message
    assert [where(f, i) for i in range(3)] == [("附件4-2", 9, 8, 2), ("附件4-2", 9, 3, 4), ("附件4-2", 9, 3, 3)]
    # the other four sheets also say 基本完成预定目标 but spent 85.5% to 100%; 三公 fell 0.28 -> 0.19
    assert not mentions(f, "17.11") and not mentions(f, "三公")


def test_claim_completion_threshold(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 9, 3, 4, "19")  # 特殊疑难: 19 of 20 spent
    set_cell(doc, 6, 3, 4, "9")  # 信访救助: 9 of 20 spent (45%)
    f, = claims.claim_contradicts_data(Report(doc))
    assert "「信访救助专项经费」" in f.message and f.message.endswith("全年执行数9万元/全年预算数20万元，资金执行率仅45%")
    set_cell(doc, 6, 3, 4, "10")  # exactly 50% is not "barely spent"
    assert list(claims.claim_contradicts_data(Report(doc))) == []


def test_claim_sangong_controlled_yet_rose(xuanchuan_any: Report) -> None:
    f, = claims.claim_contradicts_data(xuanchuan_any)
    assert (f.rule, f.severity) == ("claim.contradicts_data", "warning")  # 严控 is no trend word
    assert "称「严控了“三公经费”」" in f.message and "由2020年0.45万元增至2021年0.64万元（上升42.2%）" in f.message
    assert f.evidence[0].location.attachment == "附件4"
    # "严控“三公”经费…确保呈逐年下降趋势" is a goal, not a claim
    assert f.evidence[0].location.paragraph != 19


def test_claim_sangong_flat_not_flagged(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    set_cell(doc, 2, 3, 3, "0.45")
    assert list(claims.claim_contradicts_data(Report(doc))) == []


def test_claim_strong_decrease_words_are_errors(xinfang: Document) -> None:
    # xinfang says “三公经费”明显下降 (附件3, 附件5-1); true as reported (0.28 -> 0.19). Make it rise.
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 2, 3, 3, "0.38")
    found = [f for f in claims.claim_contradicts_data(Report(doc)) if "三公" in f.message]
    assert sorted(f.attachment for f in found) == ["附件3", "附件5-1"]
    for f in found:
        assert f.severity == "error" and "明显下降" in f.evidence[0].text
        assert "由2019年0.28万元增至2020年0.38万元（上升35.7%）" in f.message


def test_a_budget_stated_without_saying_which_must_be_one_of_the_forms_budgets() -> None:
    """"预算安排资金40.63万元" against a form with 年初预算数 35.60 and 全年预算数 43.76: neither."""
    from checks.rules.restated import _budget_of_neither
    from jixiao.model import Figure, Location, Scope, Statement

    def st(text: str, value: float, role: str, source: str, label: str = "总额") -> Statement:
        fig = Figure(kind="money", value=value, text=text, unit="万元", decimals=2, span=(0, len(text)), location=Location(file="t.docx"))
        return Statement(figure=fig, label=label, measure="fund_total", role=role, location=Location(file="t.docx", table=1),
                         period=2022, scope=Scope(project="甲项目"), source=source, role_strength=2)

    class R:
        year = 2022
        table_statements = [st("35.60", 35.60, "budget_initial", "table"), st("43.76", 43.76, "budget_adjusted", "table")]
        narrative_statements = [st("40.63万元", 40.63, "budget", "text", "预算安排资金")]

    (f,) = list(_budget_of_neither(R(), set()))
    assert "40.63" in f.message and "35.60" in f.message and "43.76" in f.message
    R.narrative_statements = [st("43.76万元", 43.76, "budget", "text", "预算安排资金")]  # the adjusted budget: holds
    assert list(_budget_of_neither(R(), set())) == []


def test_table_rate_reads_whole_amounts_at_their_written_precision() -> None:
    """1186/1108 written 107.01%: whole 万元 amounts are ± 0.5 (106.95–107.13%), so it holds; 26.64/30 is 30.00."""
    from checks.rules.rates import _rate_table
    from extract.understand.figures import parse_cell

    def f(t: str):
        return parse_cell(t)

    loc = Location(file="t.docx")
    assert _rate_table("", f("107.01%"), f("1186"), f("1108"), "执行数", "预算数", loc, loc, loc) is None
    assert _rate_table("", f("107.30%"), f("1186"), f("1108"), "执行数", "预算数", loc, loc, loc) is not None
    assert _rate_table("", f("88.90%"), f("26.64"), f("30"), "执行数", "预算数", loc, loc, loc) is not None  # 88.80%


def test_one_fund_levels_money_written_two_ways_is_one_figure() -> None:
    """"市级资金转移支付98.51万元" and later "市级资金84.08万元，主要用于…": one level's money, two values (inferred: warning)."""
    from ruletools import report_of_text

    r = report_of_text("2023年，上级共下达水利发展资金223.21万元，其中：中央资金转移支付124.70万元，市级资金转移支付98.51万元。",
                       "市级资金84.08万元，主要用于农村饮水安全工程维修养护50.07万元等。")
    (f,) = [f for f in restated.figure_mismatch(r) if "84.08" in f.message]
    assert "98.51" in f.message and f.severity == "warning"
    from extract.understand.lexicon import load_lexicon
    lex = load_lexicon()
    assert lex.is_generic("资金转移支付") and not lex.is_generic("就业补助资金")


def test_staff_control_rate_reads_headcounts_as_exact() -> None:
    from checks.rules.rates import _rate_table
    from extract.understand.figures import parse_cell

    loc = Location(file="t.docx")
    args = (parse_cell("91.50%"), parse_cell("7"), parse_cell("8"), "实际在职人数", "编制数", loc, loc, loc)
    assert _rate_table("", *args, counts=True) is not None  # 7/8 = 87.5%
    assert _rate_table("", parse_cell("87.50%"), *args[1:], counts=True) is None


def test_total_spending_named_two_ways_in_the_text() -> None:
    """"支出合计1271.88万元" and later "全年部门整体支出1097.89万元": one line item, spent, two values (a warning)."""
    from ruletools import report_of_text

    r = report_of_text("2020年度支出合计1271.88万元，其中：基本支出878.24万元，项目支出393.64万元。",
                       "全年部门整体支出1097.89万元，各项支出均控制在预算范围内。", year=2020)
    (f,) = [f for f in restated.figure_mismatch(r) if "1097.89" in f.message]
    assert "1271.88" in f.message and f.severity == "warning"
    same = report_of_text("2020年度支出合计1271.88万元，其中：基本支出878.24万元，项目支出393.64万元。",
                          "全年部门整体支出1271.88万元，各项支出均控制在预算范围内。", year=2020)
    assert list(restated.figure_mismatch(same)) == []
    budget = report_of_text("2020年度支出合计1271.88万元。", "年初预算部门整体支出1097.89万元。", year=2020)
    assert list(restated.figure_mismatch(budget)) == []  # a budget, not the amount spent


def test_year_balance_income_with_carry_over_is_spending_plus_year_end_carry_over() -> None:
    from ruletools import report_of_text

    income = "2021年度收入合计4377.81万元，其中：财政拨款收入4159.10万元，上年结转218.71万元。"
    spend = "2021年度支出合计{s}万元，其中：基本支出2714.78万元，项目支出1524.98万元；年末结转结余{b}万元。"
    bad = report_of_text(income, spend.format(s="4239.76", b="132.68"), year=2021)
    (f,) = [f for f in sums.sum_mismatch(bad) if "收支" in f.message]
    assert f.severity == "warning" and "4377.81" in f.message and "4372.44" in f.message
    good = report_of_text(income, spend.format(s="4239.76", b="138.05"), year=2021)
    assert not [f for f in sums.sum_mismatch(good) if "收支" in f.message]
    # An income total without last year's carry-over among its parts says nothing of the balance.
    plain = report_of_text("2021年度收入合计4159.10万元，其中：财政拨款收入4159.10万元。",
                           spend.format(s="4239.76", b="132.68"), year=2021)
    assert not [f for f in sums.sum_mismatch(plain) if "收支" in f.message]


def test_rate_mismatch_share_of_a_budget_quoted_as_written() -> None:
    from ruletools import report_of_text

    r = report_of_text("2019年度三公经费财政拨款支出决算为15.88万元，完成预算18.12万元的78.34%。", year=2019)
    (f,) = list(rates.rate_mismatch(r))
    assert "完成预算18.12万元的78.34%" in f.message and "87.64%" in f.message
    ok = report_of_text("2019年度三公经费财政拨款支出决算为15.88万元，完成预算18.12万元的87.64%。", year=2019)
    assert list(rates.rate_mismatch(ok)) == []


def test_year_balance_grand_total_is_spending_plus_year_end_carry_over() -> None:
    from ruletools import report_of_text

    spend = "2022年度本年支出合计{s}万元，其中：基本支出495.05万元，项目支出393.87万元。年末结转和结余2.55万元。"
    bad = report_of_text("2022年度收、支总计均为891.67万元。", spend.format(s="888.92"), year=2022)
    (f,) = [f for f in sums.sum_mismatch(bad) if "收支" in f.message]
    assert f.severity == "warning" and "收、支总计891.67万元" in f.message and "891.47万元" in f.message
    assert [e.role for e in f.evidence] == ["total", "part", "part"]
    good = report_of_text("2022年度收入总计891.67万元，支出总计891.67万元。", spend.format(s="889.12").replace(
        "基本支出495.05", "基本支出495.25"), year=2022)
    assert not [f for f in sums.sum_mismatch(good) if "收支" in f.message]
    # 支出总计 includes the carry-over at the year's end: it is no restatement of 支出合计.
    assert list(restated.figure_mismatch(bad)) == []


def test_rate_of_change_is_the_change_over_last_years_level() -> None:
    from ruletools import report_of_text

    def growth(*paras: str) -> list[Finding]:
        return [f for f in rates.rate_mismatch(report_of_text(*paras, year=2022)) if f.template == "rate.growth"]

    # Last year's level stated: 35.24/926.91 = 3.80%.
    stated = "2022年度收、支总计均为891.67万元。与上年926.91万元相比，收、支总计各减少35.24万元，下降{}%。"
    assert growth(stated.format("3.80")) == []
    (f,) = growth(stated.format("4.80"))
    assert f.severity == "error" and "“收、支总计各减少35.24万元，下降4.80%”" in f.message and "3.8%" in f.message
    # Derived from this year's level in the same sentence: 5/(100 + 5) = 4.76%.
    same = "2022年度机关运行经费支出100.00万元，比上年减少5.00万元，降低{}%。"
    assert growth(same.format("4.76")) == []
    (f,) = growth(same.format("5.76"))
    assert "“比上年减少5.00万元，降低5.76%”" in f.message and "100.00 + 5.00 = 105万元" in f.message
    assert [e.role for e in f.evidence] == ["stated", "numerator", "denominator"]
    # This year's level in the sentence before, same measure: 100/(1350 − 100) = 8%; a warning.
    before = ("2022年度一般公共预算财政拨款支出1350.00万元。"
              "与上年相比，一般公共预算财政拨款支出增加100.00万元，增长{}%。")
    assert growth(before.format("8.00")) == []
    (f,) = growth(before.format("9.00"))
    assert f.severity == "warning" and "1350.00 − 100.00 = 1250万元" in f.message
    # Two levels, no change written: (1500 − 1400)/1400 = 7.14%.
    assert growth("本年支出1500万元，较上年1400万元增长7.14%。") == []
    assert len(growth("本年支出1500万元，较上年1400万元增长8.14%。")) == 1
    # Goals, another measure's rate, and a rate with nothing to divide are not read.
    assert growth("2022年度项目支出100万元，力争比上年增加5万元，增长10%。") == []
    assert growth("2022年度支出100.00万元，比上年增加5.00万元，其中人员经费增长10%。") == []
    assert growth("三公经费支出10万元，较上年增长25%。") == []


def test_share_of_a_line_item_stated_in_another_section() -> None:
    from ruletools import report_of_text

    spend = "2022年度本年支出合计1500.00万元，其中：基本支出1000.00万元，项目支出500.00万元。"
    share = "2022年度一般公共预算财政拨款支出1350.00万元，占本年支出合计的{}%。"
    assert list(rates.rate_mismatch(report_of_text(spend, share.format("90.00"), year=2022))) == []
    (f,) = rates.rate_mismatch(report_of_text(spend, share.format("92.00"), year=2022))
    assert "1350.00/1500.00 = 90%" in f.message
    # Two different values of the line item in the report: no base to divide by.
    other = "2022年度本年支出合计1400.00万元。"
    assert list(rates.rate_mismatch(report_of_text(spend, other, share.format("92.00"), year=2022))) == []


def test_adjusted_budget_is_the_initial_one_plus_raises_minus_cuts() -> None:
    from ruletools import report_of_text

    def adjusted(text: str) -> list[Finding]:
        return [f for f in sums.sum_mismatch(report_of_text(text, year=2022)) if f.template == "sum.adjusted"]

    assert adjusted("年初预算为1000万元，追加预算100万元，追减预算20万元，调整后预算为1080万元。") == []
    (f,) = adjusted("年初预算为1000万元，追加预算100万元，追减预算20万元，调整后预算为1100万元。")
    assert f.severity == "warning" and "应为1080万元" in f.message and "+“追加预算100万元”−“追减预算20万元”" in f.message
    (f,) = adjusted("年初预算1000万元，年中调减50万元，调整后预算960万元。")
    assert "应为950万元" in f.message
    # Anything else between them (last year's carry-over) and the identity is not read.
    assert adjusted("年初预算1000万元，上年结转50万元，年中追加100万元，全年预算1160万元。") == []


def test_rates_of_change_against_a_budget_or_in_percentage_points() -> None:
    from ruletools import report_of_text

    def growth(text: str) -> list[Finding]:
        return [f for f in rates.rate_mismatch(report_of_text(text, year=2022)) if f.template == "rate.growth"]

    # Against a budget stated with its figure: 2.4/12 = 20%.
    assert growth("三公经费支出9.6万元，比预算12万元减少2.4万元，下降20%。") == []
    (f,) = growth("三公经费支出9.6万元，比预算12万元减少2.4万元，下降25%。")
    assert "而预算为12万元" in f.message
    # Against a budget named without its figure: nothing to divide by.
    assert growth("三公经费支出9.6万元，比预算减少2.4万元，下降25%。") == []
    # A difference of two rates is no rate of change.
    assert growth("支出100万元，比上年增加10万元，提高2个百分点。") == []


def test_a_rate_of_change_in_the_direction_the_figures_did_not_move() -> None:
    from ruletools import report_of_text

    (f,) = rates.rate_mismatch(report_of_text("本年支出1500万元，较上年1400万元下降7.14%。", year=2022))
    assert f.template == "rate.growth_sign" and "而本年1500万元高于上年1400万元" in f.message
    assert list(rates.rate_mismatch(report_of_text("本年支出1500万元，较上年1400万元增长7.14%。", year=2022))) == []
