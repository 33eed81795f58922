"""extract.understand.tablefacts: row-labelled facts of the 基础数据表 and of the 自评表 funds block."""
from __future__ import annotations

from pathlib import Path


from checks.context import CheckContext
from extract.understand.classify import classify_table
from extract.understand.tablefacts import period_of, relative_measure, table_facts, table_name
from jixiao.model import Cell, Location, Table

FIXTURES = Path(__file__).parent / "fixtures"


def test_period_and_relative_measure() -> None:
    assert period_of("final_prev", 2019) == "2019决算"
    assert period_of("budget_cur", 2020) == "2020预算"
    assert period_of("executed", None) == "执行"
    assert period_of("score", 2020) is None
    assert relative_measure("final", 2020, 2020) == ("final_cur", 2020)
    assert relative_measure("final", 2019, 2020) == ("final_prev", 2019)
    assert relative_measure("budget", 2017, 2020) == ("budget", 2017)  # neither this year nor last
    assert relative_measure("executed", None, 2020) == ("executed", 2020)


def test_basic_facts_xinfang(xinfang_any: CheckContext) -> None:
    sg = xinfang_any.basic("sangong", "final_prev")
    assert sg is not None
    assert (sg.value, sg.text, sg.unit, sg.decimals, sg.period) == (0.28, "0.28万元", "万元", 2, "2019决算")
    assert (sg.location.attachment, sg.location.table, sg.location.row, sg.location.col) == ("附件2", 2, 3, 1)
    assert (sg.label, sg.table_kind) == ("三公经费", "basic_data")
    blank = xinfang_any.basic("sangong", "budget_cur")
    assert blank is not None and (blank.value, blank.text, blank.period) == (None, "", "2020预算")
    pf = xinfang_any.basic("public_funds", "final_cur")
    assert pf is not None and (pf.value, pf.text, pf.period) == (9.53, "9.53", "2020决算")
    assert (pf.location.row, pf.location.col) == (13, 3)
    # the 财政供养人员情况 data row sits under a merged label: it belongs to the block itself
    staff = [(f.measure, f.value) for f in xinfang_any.basic_facts if f.subject == "staff_section"]
    assert staff == [("staffing_quota", 13), ("staff_actual", 13), ("control_rate", 100)]
    # "— —" is not applicable: value None, text kept
    na = xinfang_any.basic("procurement", "final_prev")
    assert na is not None and (na.value, na.text) == (None, "— —")
    # the "… …" row is skipped, not an unmapped label
    assert not [f for f in xinfang_any.basic_facts if f.location.row == 12]
    assert len(xinfang_any.basic_facts) == 48  # 16 rows × 3 columns


def test_basic_facts_xuanchuan(xuanchuan_any: CheckContext) -> None:
    assert xuanchuan_any.basic("public_funds", "final_cur").value == 22.23  # type: ignore[union-attr]
    assert xuanchuan_any.basic("public_funds", "budget_cur").value == 16  # type: ignore[union-attr]
    assert xuanchuan_any.basic("sangong", "final_prev").period == "2020决算"  # type: ignore[union-attr]
    assert xuanchuan_any.basic("sangong", "budget_cur").value == 0.9  # type: ignore[union-attr]
    assert xuanchuan_any.basic("sangong", "budget_prev") is None  # no 上年预算数 column in this report


def test_sheet_funds(xinfang_any: CheckContext) -> None:
    jf, = [s for s in xinfang_any.sheets if s.name == "接访专项经费"]
    ex = jf.fund("fund_total", "executed")
    assert ex is not None and (ex.value, ex.text, ex.period) == (26.64, "26.64", "2020执行")
    assert (ex.location.attachment, ex.location.table, ex.location.row, ex.location.col) == ("附件4-2", 8, 3, 4)
    assert [(m, jf.fund("fund_total", m).value) for m in ("budget_initial", "budget_full", "weight", "execution_rate", "score")] == [  # type: ignore[union-attr]
        ("budget_initial", 30), ("budget_full", 30), ("weight", 10), ("execution_rate", 66.4), ("score", 6.6)]
    assert jf.fund("fund_fiscal", "executed").location.row == 4  # type: ignore[union-attr]
    assert jf.fund("fund_carryover", "executed").value is None  # type: ignore[union-attr]
    assert jf.goals["goal_actual"][0] == "基本完成预定目标"
    assert (jf.name_location.row, jf.name_location.col) == (0, 1)  # type: ignore[union-attr]
    overall, = [s for s in xinfang_any.sheets if s.cls.kind == "overall_self_eval"]
    assert overall.name == "区信访局"
    assert overall.fund("fund_total", "executed").text == "203.85万元"  # type: ignore[union-attr]
    assert [s.name for s in xinfang_any.project_sheets] == [
        "驻京维稳劝返专项经费", "信访救助专项经费", "信访复查复核办案专项经费", "接访专项经费", "特殊疑难信访问题专项经费"]


def test_samples_have_no_unmapped_rows(xinfang_any: CheckContext, xuanchuan_any: CheckContext) -> None:
    assert xinfang_any.unmapped == [] and xuanchuan_any.unmapped == []


def _table(rows: list[list[str]]) -> Table:
    loc = Location(file="t.docx", attachment="附件2", table=1)
    return Table([[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)], loc,
                 title="部门整体支出绩效评价基础数据表")


def test_unmapped_row_label_reported() -> None:
    t = _table([
        ["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"],
        ["三公经费", "0.28", "0.7", "0.19"],
        ["火星探测补贴", "1.5", "2", "3"],
        ["公用经费", "16.03", "8.5", "9.53"],
    ])
    cls = classify_table(t, t.title or "", year=2020)
    assert cls.kind == "basic_data"
    tf = table_facts(t, cls, 2020)
    u, = tf.unmapped
    assert (u.text, u.kind, u.location.row, u.location.col, u.location.attachment) == ("火星探测补贴", "row", 2, 0, "附件2")
    # its figures become no facts; the mapped rows around it do
    assert sorted({f.subject for f in tf.facts}) == ["public_funds", "sangong"]
    assert not any(f.location.row == 2 for f in tf.facts)
    pf = next(f for f in tf.facts if (f.subject, f.measure) == ("public_funds", "final_cur"))
    assert (pf.value, pf.period, pf.location.row) == (9.53, "2020决算", 3)


def test_table_name() -> None:
    t = _table([["项目支出名称", "接访专项经费", "", ""], ["主管部门", "区信访局", "实施单位", "区信访局"]])
    name, loc = table_name(t)  # type: ignore[misc]
    assert name == "接访专项经费" and (loc.row, loc.col) == (0, 1)
    assert table_name(_table([["经费控制情况", "2019年决算数"]])) is None


def _fact(subject: str, measure: str, text: str):
    from jixiao.model import Fact

    value = float(text) if text else None
    return Fact(subject=subject, measure=measure, value=value, text=text, decimals=len(text.split(".")[1]) if "." in text else 0,
                unit="", period=None, location=Location(file="t.docx", table=1), table_kind="project_self_eval", label=subject)


def test_a_total_is_checked_against_the_breakdown_its_variant_uses() -> None:
    """Sichuan forms split 年度资金总额 into 财政资金, 财政专户管理资金, 单位资金, 其他资金 (catalog alternatives)."""
    from extract.understand.table_statements import fact_statements

    facts = [_fact("fund_total", "budget_full", "48.43"), _fact("fund_fiscal", "budget_full", "27.93"),
             _fact("fund_special_account", "budget_full", "16.96"), _fact("fund_unit", "budget_full", "3.54"),
             _fact("fund_other", "budget_full", "")]
    (total,) = [s for s in fact_statements(facts) if s.measure == "fund_total"]
    assert total.closed is True and [k.measure for k in total.children] == ["fund_fiscal", "fund_special_account", "fund_unit"]
    # The national layout still reads its own: 当年财政拨款 + 上年结转 + 其他资金.
    national = [_fact("fund_total", "budget_full", "90"), _fact("fund_fiscal", "budget_full", "90"),
                _fact("fund_carryover", "budget_full", ""), _fact("fund_other", "budget_full", "")]
    (total,) = [s for s in fact_statements(national) if s.measure == "fund_total"]
    assert total.closed is True and [k.measure for k in total.children] == ["fund_fiscal"]


def test_basic_data_budget_columns_are_initial_budgets() -> None:
    """The 基础数据表 declares its 预算数 as 年初预算 (forms/basic_data.toml [roles])."""
    from dataclasses import replace

    from extract.understand.table_statements import fact_statements

    f = replace(_fact("public_funds", "budget_cur", "76.94"), table_kind="basic_data")
    (st,) = fact_statements([f])
    assert st.role == "budget_initial"
    (other,) = fact_statements([replace(f, table_kind="project_self_eval")])
    assert other.role == "budget"
