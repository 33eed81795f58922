"""Table kinds, header rows and column roles, on synthetic grids and on both fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.understand.classify import classify_table, find_header_rows
from extract.read.docx import read_docx
from extract.understand.structure import segment
from jixiao.model import Cell, Location, Table

FIXTURES = Path(__file__).parent / "fixtures"


def grid(rows: list[list[str]], merges: dict[tuple[int, int], tuple[int, int]] | None = None) -> Table:
    """Build a Table; ``merges`` maps a continuation slot to its origin and repeats its text."""
    merges = merges or {}
    cells = []
    for r, row in enumerate(rows):
        out = []
        for c, text in enumerate(row):
            origin = merges.get((r, c))
            out.append(Cell(text=rows[origin[0]][origin[1]] if origin else text, row=r, col=c, origin=origin))
        cells.append(out)
    return Table(grid=cells, location=Location(file="t.docx", table=1))


@pytest.fixture(scope="module")
def xinfang() -> list[Table]:
    return segment(read_docx(str(FIXTURES / "xinfang-2020.docx"))).tables


@pytest.fixture(scope="module")
def xuanchuan() -> list[Table]:
    return segment(read_docx(str(FIXTURES / "xuanchuan-2021.docx"))).tables


def test_indicator_scores_with_weight_columns_per_level() -> None:
    t = grid([
        ["一级指标", "分值", "二级指标", "分值", "三级\n指标", "分值", "评价标准", "指标说明", "得分"],
        ["投入", "10", "预算配置", "10", "在职人员控制率", "5", "≦100%计5分", "…", "5"],
    ])
    tc = classify_table(t)
    assert tc.kind == "indicator_scores"
    assert tc.header_rows == (0,)
    roles = {c: (r.measure, r.level) for c, r in tc.columns.items()}
    assert roles == {
        0: ("level1", 1), 1: ("weight", 1), 2: ("level2", 2), 3: ("weight", 2), 4: ("level3", 3),
        5: ("weight", 3), 6: ("rule", None), 7: ("description", None), 8: ("score", None),
    }
    assert tc.blocks[0].col_of("weight", level=3) == 5
    assert tc.blocks[0].body == (1, 2)


def test_columns_in_another_order() -> None:
    t = grid([
        ["得分", "三级指标", "二级指标", "一级指标", "权重", "评分标准"],
        ["5", "在职人员控制率", "预算配置", "投入", "5", "…"],
    ])
    tc = classify_table(t)
    assert tc.kind == "indicator_scores"
    assert {r.measure: c for c, r in tc.columns.items()} == {
        "score": 0, "level3": 1, "level2": 2, "level1": 3, "weight": 4, "rule": 5,
    }


def test_two_row_header() -> None:
    t = grid([
        ["一级", "二级", "三级指标", "指标解释", "指标说明", "得分"],
        ["指标", "指标", "", "", "", ""],
        ["投入\n（20分）", "项目立项\n（12分）", "项目立项规范性", "…", "评价要点：", "3"],
    ], merges={(1, 2): (0, 2), (1, 3): (0, 3), (1, 4): (0, 4), (1, 5): (0, 5)})
    assert find_header_rows(t) == [0, 1]
    tc = classify_table(t)
    assert tc.kind == "indicator_scores"
    assert tc.blocks[0].body == (2, 3)
    assert tc.columns[0].measure == "level1" and tc.columns[1].measure == "level2"
    assert tc.columns[3].measure == "definition"


def test_data_row_below_header_is_not_header() -> None:
    t = grid([
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["投入", "预算", "在职人员控制率", "5", "5"],
    ])
    assert find_header_rows(t) == [0]


def test_merged_header_cell_counts_once() -> None:
    t = grid([
        ["财政供养人员情况", "编制数", "2021年实际在职人数", "控制率", "控制率"],
        ["财政供养人员情况", "15", "15", "100%", "100%"],
    ], merges={(0, 4): (0, 3), (1, 0): (0, 0), (1, 4): (1, 3)})
    tc = classify_table(t, year=2021)
    assert set(tc.blocks[0].columns) == {1, 2, 3}
    assert tc.blocks[0].columns[2].year == 2021


def test_basic_data_blocks_and_year_resolution() -> None:
    t = grid([
        ["财政供养人员情况", "编制数", "2020年实际在职人数", "控制率"],
        ["财政供养人员情况", "13", "13", "100%"],
        ["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"],
        ["三公经费", "0.28", "", "0.19"],
    ], merges={(1, 0): (0, 0)})
    tc = classify_table(t, year=2020)
    assert tc.kind == "basic_data"
    assert tc.header_rows == (0, 2)
    staff, money = tc.blocks
    assert staff.body == (1, 2) and money.body == (3, 4)
    assert money.label_col == 0 and money.title == "经费控制情况"
    assert {c: r.measure for c, r in money.columns.items()} == {1: "final_prev", 2: "budget_cur", 3: "final_cur"}
    assert {c: r.measure for c, r in classify_table(t).blocks[1].columns.items()} == {1: "final", 2: "budget", 3: "final"}


def test_title_only_for_headerless_continuation() -> None:
    t = grid([["资金管理（10）", "资金到位率（3分）", "…", "3"]])
    assert classify_table(t).kind == "other"
    assert classify_table(t, context_text="预算支出绩效评价共性指标体系框架（参考）").kind == "indicator_scores"
    assert classify_table(t, context_text="部门整体支出绩效评价基础数据表").kind == "basic_data"


def test_nonsense_table_is_other() -> None:
    t = grid([["填表人：张三", "填报日期：2021年6月23日"], ["说明", "… …"]])
    tc = classify_table(t)
    assert tc.kind == "other" and tc.header_rows == () and tc.blocks == ()


# --- fixtures ------------------------------------------------------------------

def test_xuanchuan_kinds(xuanchuan: list[Table]) -> None:
    got = [(classify_table(t).kind, classify_table(t).framework) for t in xuanchuan]
    assert got == [("indicator_scores", "dept"), ("basic_data", None), ("indicator_scores", "proj2013")]


def test_xinfang_kinds(xinfang: list[Table]) -> None:
    got = [(classify_table(t).kind, classify_table(t).framework) for t in xinfang]
    assert got == [
        ("indicator_scores", "dept"), ("basic_data", None), ("indicator_scores", "proj2020"),
        ("overall_self_eval", "selfeval"),
    ] + [("project_self_eval", "selfeval")] * 5


def test_xuanchuan_attachment3_two_row_header(xuanchuan: list[Table]) -> None:
    tc = classify_table(xuanchuan[2])
    assert tc.header_rows == (0, 1)
    assert {c: r.measure for c, r in tc.columns.items()} == {
        0: "level1", 1: "level2", 2: "level3", 3: "definition", 4: "description", 5: "score",
    }


def test_xuanchuan_basic_data_three_blocks(xuanchuan: list[Table]) -> None:
    tc = classify_table(xuanchuan[1], year=2021)
    assert tc.header_rows == (0, 2, 19)
    assert [sorted(b.measures) for b in tc.blocks] == [
        ["control_rate", "staff_actual", "staffing_quota"],
        ["budget_cur", "final_cur", "final_prev"],
        ["actual_area", "actual_investment", "approved_area", "area_control_rate", "budget_investment",
         "investment_control_rate"],
    ]


def test_xinfang_self_eval_blocks(xinfang: list[Table]) -> None:
    tc = classify_table(xinfang[4])
    assert tc.header_rows == (2, 7, 9)
    funds, goals, indicators = tc.blocks
    assert {c: r.measure for c, r in funds.columns.items()} == {
        2: "budget_initial", 3: "budget_full", 4: "executed", 5: "weight", 6: "execution_rate", 7: "score",
    }
    assert funds.label_col == 1 and funds.body == (3, 7)
    assert goals.measures == {"goal_expected", "goal_actual"}
    assert {c: r.measure for c, r in indicators.columns.items()} == {
        1: "level1", 2: "level2", 3: "level3", 4: "target", 5: "actual", 6: "weight", 7: "score",
        8: "deviation_reason",
    }
    assert tc.block_for_row(12) is indicators
    assert tc.columns == indicators.columns


def test_self_eval_kind_from_title_when_cells_are_silent() -> None:
    rows = [
        ["", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "20", "20", "20", "10", "100%", "10"],
        ["", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ]
    assert classify_table(grid(rows), context_text="部门整体支出绩效自评表").kind == "overall_self_eval"
    assert classify_table(grid(rows), context_text="项目支出绩效自评表").kind == "project_self_eval"


def test_words_under_a_money_header_are_the_row_labels() -> None:
    """"预算执行情况 | 年度预算数（万元） | 年初预算 | 调整后预算数 …": the cells under 年度预算数 are 总额, 其中：…"""
    rows = [["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
            ["预算执行情况（10分）", "总额", "35.60", "43.76", "24.38", "55.71%", "10", "5.57"],
            ["预算执行情况（10分）", "其中：财政资金", "14.06", "22.22", "2.84", "12.78%", "/", "/"],
            ["预算执行情况（10分）", "财政专户管理资金", "21.54", "21.54", "21.54", "100.00%", "/", "/"]]
    merges = {(r, 0): (0, 0) for r in range(1, 4)}
    block = classify_table(grid(rows, merges), "项目支出绩效自评表").blocks[0]
    assert block.label_col == 1 and 1 not in block.columns
    assert block.columns[2].measure == "budget_initial" and block.columns[3].measure == "budget_full"
