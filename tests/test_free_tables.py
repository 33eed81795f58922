"""Tables that match no form: columns read through the role words, a 合计 row as the total of a flat list."""
from __future__ import annotations

from extract.understand.free_tables import free_table_statements, table_subject
from jixiao.model import Cell, Location, Paragraph, Table

from ruletools import mentions, report_of_blocks


def grid_table(rows: list[list[str]], title: str = "就业补助资金分配及执行情况表", no: int = 1) -> Table:
    cells = [[Cell(text, r, c) for c, text in enumerate(row)] for r, row in enumerate(rows)]
    return Table(cells, Location(file="t.docx", table=no, table_title=title), title=title)


FUNDS = [["序号", "项目名称", "下达金额", "执行金额", "执行率"],
         ["1", "职业技能提升培训", "55.34", "53.12", "95.99%"],
         ["2", "劳动保障监察执法经费", "35.49", "34.07", "96.00%"],
         ["合计", "合计", "90.83", "87.19", "95.99%"]]


def test_columns_take_roles_from_the_role_words_and_the_total_row_its_subject_from_the_title() -> None:
    sts = free_table_statements(grid_table(FUNDS), 2023)
    roles = {(s.label, s.role) for s in sts}
    assert ("职业技能提升培训", "allocation") in roles and ("职业技能提升培训", "actual") in roles
    assert ("职业技能提升培训", "rate") in roles
    total = next(s for s in sts if s.total and s.role == "allocation")
    assert total.label == "就业补助资金" and total.closed is True
    assert [k.figure.text for k in total.children] == ["55.34", "35.49"]
    assert all(s.period == 2023 for s in sts)


def test_a_table_without_role_columns_states_nothing() -> None:
    t = grid_table([["序号", "姓名", "职务"], ["1", "张三", "科员"], ["2", "李四", "科员"]], title="人员名单")
    assert free_table_statements(t, 2023) == []


def test_nested_rows_or_subtotals_leave_the_total_unlinked() -> None:
    nested = [FUNDS[0], ["1", "职业技能提升培训", "55.34", "53.12", "95.99%"], ["", "其中：线上培训", "20.00", "19.00", "95.00%"],
              ["合计", "合计", "55.34", "53.12", "95.99%"]]
    total = next(s for s in free_table_statements(grid_table(nested), 2023) if s.total and s.role == "allocation")
    assert total.children == [] and total.closed is None
    sub = [FUNDS[0], FUNDS[1], ["小计", "小计", "55.34", "53.12", "95.99%"], FUNDS[2], ["合计", "合计", "90.83", "87.19", "95.99%"]]
    assert not any(s.children for s in free_table_statements(grid_table(sub), 2023))


def test_amounts_in_yuan_are_scaled_to_wanyuan() -> None:
    rows = [FUNDS[0], ["1", "职业技能提升培训", "553,417.61", "531,210.95", "95.99%"],
            ["2", "劳动保障监察执法经费", "354,922.55", "340,680.78", "95.99%"], ["合计", "合计", "908,340.16", "871,891.73", "95.99%"]]
    total = next(s for s in free_table_statements(grid_table(rows), 2023, scale=1e-4) if s.total and s.role == "allocation")
    assert abs(total.figure.value - 90.834016) < 1e-9 and total.figure.text == "908,340.16"


def test_table_subject_drops_numbering_year_and_the_tables_own_words() -> None:
    assert table_subject("附件2：2023年就业补助资金分配及执行情况表") == "就业补助资金"
    assert table_subject("表1 项目资金使用明细表") == "项目资金"
    assert table_subject("情况表") == ""


def test_rate_mismatch_in_a_row_and_sum_mismatch_of_the_total_row() -> None:
    from checks.rules.rates import rate_mismatch
    from checks.rules.sums import sum_mismatch

    rows = [r[:] for r in FUNDS]
    rows[2][4] = "90.00%"  # 34.07 / 35.49 = 96.00%
    rows[3][2] = "92.83"  # 55.34 + 35.49 = 90.83
    r = report_of_blocks(Paragraph("一、基本情况", Location(file="t.docx", paragraph=1)), grid_table(rows))
    row, total = list(rate_mismatch(r))  # the row's own rate, and the total's (87.19/92.83 = 93.9%)
    assert mentions(row, "90.00%") and mentions(row, "96%") and "劳动保障监察执法经费" in row.message
    assert mentions(total, "95.99%") and mentions(total, "93.9%")
    sums = list(sum_mismatch(r))
    assert any(mentions(f, "92.83") and mentions(f, "90.83") for f in sums)


def test_a_consistent_table_raises_nothing() -> None:
    from checks.rules.rates import rate_mismatch
    from checks.rules.sums import sum_mismatch

    r = report_of_blocks(Paragraph("一、基本情况", Location(file="t.docx", paragraph=1)), grid_table(FUNDS))
    assert list(rate_mismatch(r)) == [] and list(sum_mismatch(r)) == []


def test_a_row_named_like_the_whole_table_is_a_part_scoped_to_itself() -> None:
    rows = [FUNDS[0], ["1", "就业补助资金", "55.34", "53.12", "95.99%"], FUNDS[2], FUNDS[3]]
    sts = free_table_statements(grid_table(rows), 2023)
    part = next(s for s in sts if s.cell == (1, 2))
    total = next(s for s in sts if s.total and s.role == "allocation")
    assert part.measure == total.measure and part.scope.project == "就业补助资金" and not total.scope.project


def test_side_by_side_blocks_are_read_each_under_its_own_labels() -> None:
    # 收入支出决算总表: 项目 | 决算数 | 项目 | 决算数, a 合计 and a 总计 in each block.
    from extract.understand.free_tables import free_table_statements

    rows = [["项目", "决算数", "项目", "决算数"],
            ["一、一般公共预算财政拨款收入", "1350.00", "一、一般公共服务支出", "1000.00"],
            ["二、其他收入", "50.00", "二、社会保障和就业支出", "200.00"],
            ["", "", "三、住房保障支出", "300.00"],
            ["本年收入合计", "1400.00", "本年支出合计", "1500.00"],
            ["年初结转和结余", "123.26", "年末结转和结余", "23.26"],
            ["总计", "1523.26", "总计", "1523.26"]]
    by_cell = {s.cell: s for s in free_table_statements(grid_table(rows, title=""), 2022)}
    assert by_cell[(1, 3)].label == "一般公共服务支出" and by_cell[(1, 3)].parent is by_cell[(4, 3)]
    assert [k.figure.text for k in by_cell[(4, 3)].children] == ["1000.00", "200.00", "300.00"]
    assert [k.label for k in by_cell[(6, 1)].children] == ["本年收入合计", "年初结转和结余"]
    assert by_cell[(6, 3)].closed is True and by_cell[(4, 1)].closed is True


def test_rows_numbered_by_subject_codes_of_several_lengths_are_not_one_list() -> None:
    from extract.understand.free_tables import free_table_statements

    rows = [["科目编码", "科目名称", "预算数", "决算数"],
            ["", "合计", "1400.00", "1350.00"],
            ["201", "一般公共服务支出", "1050.00", "1000.00"],
            ["20103", "政府办公厅（室）及相关机构事务", "1050.00", "1000.00"],
            ["2010301", "行政运行", "830.00", "800.00"],
            ["208", "社会保障和就业支出", "350.00", "350.00"]]
    assert all(s.parent is None and not s.children for s in free_table_statements(grid_table(rows, title=""), 2022))


def test_change_columns_are_the_difference_of_the_rows_two_amounts() -> None:
    # 三公经费表: 预算数 | 决算数 | 增减额 | 增减率, 其中 rows, a blank rate written —.
    from checks.rules import rates
    from jixiao.model import Table

    from ruletools import report_of_blocks

    def changes(rows: list[list[str]]) -> list:
        t: Table = grid_table(rows, title="三公经费支出情况表")
        return [f for f in rates.rate_mismatch(report_of_blocks(t, year=2022))
                if f.template in ("rate.table_change", "rate.table_change_rate")]

    rows = [["项目", "预算数", "决算数", "增减额", "增减率"],
            ["合计", "36.70", "33.17", "-3.53", "-9.62%"],
            ["1.因公出国（境）费", "0.00", "0.00", "0.00", "—"],
            ["2.公务用车购置及运行维护费", "30.40", "28.45", "-1.95", "-6.41%"],
            ["其中：公务用车购置费", "18.00", "17.60", "-0.40", "-2.22%"],
            ["3.公务接待费", "6.30", "4.72", "-1.58", "-25.08%"]]
    assert changes(rows) == []
    rows[5][4] = "-20.08%"
    (f,) = changes(rows)
    assert "（决算数4.72 − 预算数6.30）/ 6.30 = -25.08%" in f.message and "-20.08%" in f.message
    rows[5][4], rows[3][3] = "-25.08%", "-1.85"
    (f,) = changes(rows)
    assert f.template == "rate.table_change" and "= -1.95" in f.message
