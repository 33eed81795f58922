"""extract.understand.scoretree: indicator tables of the samples as weighted hierarchies."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.context import CheckContext
from extract.understand.scoretree import ScoreTable, label_weight
from jixiao.model import Location

FIXTURES = Path(__file__).parent / "fixtures"


def tree(ctx: CheckContext, no: int) -> ScoreTable:
    return next(st for st in ctx.score_tables if st.table.location.table == no)


def test_label_weight() -> None:
    loc = Location(attachment="附件1", table=1, row=6, col=0)
    assert label_weight("产出\n指标\n(50分)", loc).value == 50  # type: ignore[union-attr]
    assert label_weight("预算⏎执行 （26分）".replace("⏎", "\n"), loc).value == 26  # type: ignore[union-attr]
    assert label_weight("决\n策 （10）", loc).value == 10  # type: ignore[union-attr]
    assert label_weight("“三公经费”\n变动率 （2分）", loc).text == "2分"  # type: ignore[union-attr]
    assert label_weight("过", loc) is None
    assert label_weight("公用经费控制率", loc) is None


def test_xuanchuan_dept_tree(xuanchuan_any: CheckContext) -> None:
    st = tree(xuanchuan_any, 1)
    assert (st.kind, st.framework) == ("indicator_scores", "dept")
    assert [(g.name, g.weight.value) for g in st.level1] == [("投入", 10), ("过程", 60), ("产出及效率", 30)]  # type: ignore[union-attr]
    weighted = [r for r in st.rows if r.weight is not None]
    assert len(weighted) == 16 and sum(r.weight.value for r in weighted) == 100  # type: ignore[union-attr, misc]
    # 社会效益 (row 15) has neither weight nor score: it is listed, weightless
    blank, = [r for r in st.rows if r.weight is None]
    assert (blank.name, blank.row, blank.score) == ("社会效益", 15, None)
    # level-1 weights hold their rows' weights
    for g in st.level1:
        assert sum(r.weight.value for r in g.rows if r.weight) == g.weight.value  # type: ignore[union-attr]
    pub, = [r for r in st.rows if r.name == "公用经费控制率"]
    assert (pub.indicator_id, pub.weight.value, pub.score.value) == ("public_expense_control_rate", 8, 6)  # type: ignore[union-attr]
    assert (pub.level1.name, pub.level2.name) == ("过程", "预算管理")  # type: ignore[union-attr]
    assert (pub.score_location.row, pub.score_location.col) == (7, 8)  # type: ignore[union-attr]
    assert pub.rule_text.startswith("100%以下（含）计满分，每超出1%扣1分")
    # 经济效益's score 10 slipped one column left into 指标说明 (a horizontal merge): still found
    eco, = [r for r in st.rows if r.name == "经济效益"]
    assert eco.score.value == 10 and eco.score_location.col == 7  # type: ignore[union-attr]


def test_xuanchuan_project_tree_continuation_scores(xuanchuan_any: CheckContext) -> None:
    st = tree(xuanchuan_any, 3)
    assert st.framework == "proj2013"
    proc, = [g for g in st.level1 if g.name == "过程"]
    assert proc.weight.value == 30 and proc.label == "过程（30分）"  # type: ignore[union-attr]
    scores = [r.score.value for r in proc.rows]  # type: ignore[union-attr]
    assert scores == [6, 10, 8, 10, 8, 9.8, 8] and sum(scores) == pytest.approx(59.8)
    # the score on a continuation line goes to the indicator above it
    assert [(r.name, r.row, r.score_location.row) for r in proc.rows] == [  # type: ignore[union-attr]
        ("管理制度健全性", 22, 23), ("管理制度健全性", 24, 24), ("制度执行有效性", 25, 28),
        ("项目质量可控性", 32, 33), ("管理制度健全性", 35, 36), ("资金使用合规性", 38, 40), ("财务监控有效性", 44, 46)]
    assert [r.level2.name for r in proc.rows] == ["业务管理"] * 4 + ["财务管理"] * 3  # type: ignore[union-attr]
    # the re-headed page (过程（30分） | 业务管理 again) is not a new group
    assert [g.name for g in st.level2 if g.parent is proc] == ["业务管理", "财务管理"]
    # rows without weights: only the headings carry points here
    assert all(r.weight is None for r in st.rows)
    assert (st.total_weight, st.total_score) == (None, None)


def test_xinfang_shifted_row(xinfang_any: CheckContext) -> None:
    st = tree(xinfang_any, 1)
    asset, = [g for g in st.level2 if g.name == "资产管理"]
    assert asset.weight.value == 6 and asset.parent.name == "过程"  # type: ignore[union-attr]
    first = asset.rows[0]
    # row 19 lost its merged 一级/二级 cells: the name sits in column 0, weight in its label, score in column 3
    assert (first.name, first.row, first.indicator_id) == ("管理制度健全性", 19, "mgmt_system_soundness")
    assert (first.location.row, first.location.col) == (19, 0)
    assert first.weight.value == 2 and first.score.value == 2  # type: ignore[union-attr]
    assert (first.score_location.row, first.score_location.col) == (19, 3)  # type: ignore[union-attr]
    assert [r.name for r in asset.rows] == ["管理制度健全性", "资产管理安全性", "固定资产利用率"]
    # the 资产管理 heading row (18) is no indicator
    assert 18 not in [r.row for r in st.rows]


def test_xinfang_dept_tree_totals(xinfang_any: CheckContext) -> None:
    st = tree(xinfang_any, 1)
    assert [(g.name, g.weight.value) for g in st.level1] == [("投入", 20), ("过程", 40), ("产出", 20), ("效果", 20)]  # type: ignore[union-attr]
    assert len(st.rows) == 28
    assert sum(r.weight.value for r in st.rows) == 100  # type: ignore[union-attr, misc]
    assert sum(r.score.value for r in st.rows) == 100  # type: ignore[union-attr, misc]
    # the last row holds only "100" stretched over the columns: the table's total weight (a lone
    # figure is never taken for a score)
    assert st.total_score is None
    assert st.total_weight.value == 100 and (st.total_weight_location.row, st.total_weight_location.col) == (30, 1)  # type: ignore[union-attr]
    # a heading repeated after a page break (过程（40分） at rows 12 and 17) stays one group
    assert [g.name for g in st.level1].count("过程") == 1
    proc, = [g for g in st.level1 if g.name == "过程"]
    assert len(proc.rows) == 15


@pytest.mark.parametrize("no, weight, score", [(5, 100, 95), (6, 100, 98.5), (7, 100, 95), (8, 100, 91.6), (9, 100, 85.5)])
def test_project_sheet_totals(xinfang_any: CheckContext, no: int, weight: float, score: float) -> None:
    st = tree(xinfang_any, no)
    assert st.kind == "project_self_eval"
    assert (st.total_weight.value, st.total_score.value) == (weight, score)  # type: ignore[union-attr]
    assert (st.total_location.attachment, st.total_location.row, st.total_location.col) == ("附件4-2", 19, 2)  # type: ignore[union-attr]
    assert [(g.name, g.weight.value) for g in st.level1] == [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]  # type: ignore[union-attr]
    assert [r.row for r in st.rows] == [10, 11, 12, 14, 15, 17, 18]
    assert st.rows[-1].weight.value == 20  # 满意度: weighted 20 under a 10-point heading  # type: ignore[union-attr]


def test_overall_sheet_blank_level_cells(xinfang_any: CheckContext) -> None:
    # 附件5-1: rows 11, 13, 15 leave 一级/二级 blank instead of merging; they stay under their headings
    st = tree(xinfang_any, 4)
    assert st.kind == "overall_self_eval"
    out, = [g for g in st.level1 if g.name == "产出指标"]
    assert [r.row for r in out.rows] == [10, 11, 12, 13, 14, 15, 16]
    assert [r.level2.name for r in out.rows] == ["数量指标", "数量指标", "质量指标", "质量指标", "时效指标", "时效指标", "成本指标"]  # type: ignore[union-attr]
    assert (st.total_weight.value, st.total_score.value) == (100, 100)  # type: ignore[union-attr]


def test_a_summary_by_level1_scores_its_rows_and_states_the_total() -> None:
    """一级指标 | 分值 | 得分: the deepest level a table has is its leaves."""
    from extract.understand.classify import classify_table
    from extract.understand.scoretree import build_score_table
    from jixiao.model import Cell, Table

    rows = [["一级指标", "分值", "得分"], ["投入", "10", "7.50"], ["过程", "60", "59.33"], ["产出", "20", "19"],
            ["效果", "10", "9.50"], ["合计", "100", "95.33"]]
    t = Table([[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)], Location(file="t.docx", table=1))
    cls = classify_table(t, "部门整体支出绩效自评得分情况表")
    assert cls.kind == "indicator_scores"
    st = build_score_table(t, cls)
    assert st is not None and [r.name for r in st.rows] == ["投入", "过程", "产出", "效果"]
    assert [r.score.text for r in st.rows] == ["7.50", "59.33", "19", "9.50"] and st.rows[0].weight.text == "10"
    assert st.total_score.text == "95.33" and st.total_weight.text == "100"


def test_a_headings_subtotal_row_is_no_indicator() -> None:
    """一级指标 (merged down) | 二级指标 | 分值 | 得分 with a 小计 row per heading: 小计 sums the rows above it."""
    from extract.understand.classify import classify_table
    from extract.understand.scoretree import build_score_table
    from jixiao.model import Cell, Table

    rows = [["一级指标", "二级指标", "分值", "得分"],
            ["决策", "目标设定", "10", "9"], ["决策", "预算编制", "10", "8.5"], ["决策", "小计", "20", "17.5"],
            ["产出", "产出数量", "40", "38"], ["产出", "产出质量", "40", "37"], ["产出", "小计", "80", "75"],
            ["合计", "", "100", "92.5"]]
    grid = [[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)]
    for r in (2, 3, 5, 6):  # the 一级指标 cell merged down over its rows
        grid[r][0].origin = (r - 1 if r in (2, 5) else r - 2, 0)
    t = Table(grid, Location(file="t.docx", table=1))
    st = build_score_table(t, classify_table(t, "部门整体支出绩效评价指标评分表"))
    assert st is not None and [r.name for r in st.rows] == ["目标设定", "预算编制", "产出数量", "产出质量"]
    assert st.total_score.text == "92.5"


def test_an_indicator_named_by_a_cell_stretched_over_the_levels_counts() -> None:
    """"预算执行率" merged over 一级–三级 with its own 分值 and 得分 is scored like any indicator."""
    from extract.understand.classify import classify_table
    from extract.understand.scoretree import build_score_table
    from jixiao.model import Cell, Table

    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["预算执行率", "预算执行率", "预算执行率", "100%", "95.90%", "10", "9.59"],
            ["产出指标", "数量指标", "培训人次", "500人次", "520人次", "45", "45"],
            ["产出指标", "质量指标", "合格率", "≥95%", "96%", "45", "40"],
            ["总分", "总分", "总分", "", "", "100", "94.59"]]
    grid = [[Cell(x, r, c) for c, x in enumerate(row)] for r, row in enumerate(rows)]
    for c in (1, 2):
        grid[1][c].origin = (1, 0)
        grid[4][c].origin = (4, 0)
    grid[3][0].origin = (2, 0)
    t = Table(grid, Location(file="t.docx", table=1))
    st = build_score_table(t, classify_table(t, "项目支出绩效自评表"))
    assert st is not None and [r.name for r in st.rows] == ["预算执行率", "培训人次", "合格率"]
    assert sum(r.score.value for r in st.rows) == pytest.approx(94.59) and st.total_score.text == "94.59"
