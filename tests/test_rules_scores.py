"""Score rules (score.total_mismatch, score.grade_mismatch, score.sum_mismatch,
score.over_max) on the two sample reports, and on copies of them with the
contradicting cell or sentence corrected."""
from __future__ import annotations

import copy

import pytest

from checks.context import CheckContext
from checks.rules import scores
from jixiao.model import Document, Finding

from ruletools import mentions, replace_text, set_cell, where


# -- score.total_mismatch -------------------------------------------------------------

def test_total_mismatch_86_vs_96(xinfang_any: CheckContext) -> None:
    found = list(scores.total_mismatch(xinfang_any))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity) == ("score.total_mismatch", "error")
    # 附件1's lone "100" under its rows is its 分值 total, not a score: it is not compared
    assert f.message == "总分不一致：附件3 实得86分，附件5-1 实得96分，附件5-1 表4总分100"
    assert [e.text for e in f.evidence] == ["实得86分", "实得96分", "100分"]
    assert [(e.location.attachment, e.location.paragraph) for e in f.evidence[:2]] == [("附件3", 1), ("附件5-1", 1)]
    assert where(f, 2) == ("附件5-1", 4, 24, 2)  # 总分 | 100 | 100: the 得分 column
    assert f.arg["values"] == ("86分", "96分", "100")
    if xinfang_any.doc.format == "pdf":
        assert all(e.location.page for e in f.evidence)


def test_total_mismatch_narrative_agreeing_leaves_the_tables(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-1", "实得96分", "实得86分")
    f, = scores.total_mismatch(CheckContext(doc))
    # the narratives now agree; what remains is 86 against the tables' 100
    assert f.message == "总分不一致：附件3 实得86分，附件5-1 实得86分，附件5-1 表4总分100"
    assert not mentions(f, "96")


def test_total_mismatch_none_when_all_totals_agree(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "实得86分", "实得100分")
    replace_text(doc, "附件5-1", "实得96分", "实得100分")
    ctx = CheckContext(doc)
    assert [s[1].value for s in scores.total_scores(ctx)] == [100, 100, 100]
    assert list(scores.total_mismatch(ctx)) == []


def test_total_mismatch_none_without_total_statements(xuanchuan_any: CheckContext) -> None:
    # xuanchuan states no 实得/自评得分 and its indicator tables carry no 总分 row
    assert scores.total_scores(xuanchuan_any) == []
    assert list(scores.total_mismatch(xuanchuan_any)) == []


# -- score.grade_mismatch -------------------------------------------------------------

def test_grade_mismatch_96_rated_good(xinfang_any: CheckContext) -> None:
    found = list(scores.grade_mismatch(xinfang_any))
    assert len(found) == 1  # 附件3's 实得86分 被评为“良好” is right and not flagged
    f = found[0]
    assert (f.rule, f.severity) == ("score.grade_mismatch", "error")
    assert "附件5-1 实得96分，被评为“良好”" in f.message
    assert "“良好”对应80–90分" in f.message and "96分应为“优（优秀）”" in f.message
    assert [e.text for e in f.evidence] == ["96分", "良好"]
    assert all(e.location.attachment == "附件5-1" and e.location.paragraph == 1 for e in f.evidence)


def test_grade_mismatch_corrected_grade(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-1", "被评为“良好”", "被评为“优秀”")
    assert list(scores.grade_mismatch(CheckContext(doc))) == []


def test_grade_mismatch_corrected_score(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-1", "实得96分", "实得86分")
    assert list(scores.grade_mismatch(CheckContext(doc))) == []


def test_grade_mismatch_86_rated_excellent(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件3", "被评为“良好”", "被评为“优秀”")
    found = list(scores.grade_mismatch(CheckContext(doc)))
    assert len(found) == 2
    f = next(x for x in found if x.attachment == "附件3")
    assert f.severity == "error"
    assert "附件3 实得86分，被评为“优秀”" in f.message and "“优秀”对应90–100分" in f.message
    assert "86分应为“良（良好）”" in f.message


@pytest.mark.parametrize("score, grade, severity", [
    ("90", "良好", "error"),  # 90 opens the 优 band: 良 is [80, 90)
    ("89.5", "优秀", "warning"),  # a decimal score within a point of the band edge
    ("85", "优秀", "error"),
])
def test_grade_mismatch_band_edges(xinfang: Document, score: str, grade: str, severity: str) -> None:
    doc = copy.deepcopy(xinfang)
    replace_text(doc, "附件5-1", "实得96分，被评为“良好”", f"实得{score}分，被评为“{grade}”")
    f, = scores.grade_mismatch(CheckContext(doc))
    assert f.severity == severity and f"实得{score}分" in f.message and f"“{grade}”" in f.message


def test_grade_band_edges_pass(xinfang: Document) -> None:
    for score, grade in (("90", "优秀"), ("80", "良好"), ("89.9", "良好"), ("60", "合格")):
        doc = copy.deepcopy(xinfang)
        replace_text(doc, "附件5-1", "实得96分，被评为“良好”", f"实得{score}分，被评为“{grade}”")
        assert list(scores.grade_mismatch(CheckContext(doc))) == [], (score, grade)


# -- score.sum_mismatch -------------------------------------------------------------------

SHEETS = {  # table -> (project, listed scores sum, total written)
    5: ("驻京维稳劝返专项经费", "105", "95"),
    6: ("信访救助专项经费", "107", "98.5"),
    7: ("信访复查复核办案专项经费", "105", "95"),
    8: ("接访专项经费", "98.2", "91.6"),
    9: ("特殊疑难信访问题专项经费", "86", "85.5"),
}


def test_sum_mismatch_on_every_project_sheet(xinfang_any: CheckContext) -> None:
    found = list(scores.sum_mismatch(xinfang_any))
    assert [f.evidence[0].location.table for f in found] == [5, 6, 7, 8, 9]
    for f in found:
        name, summed, written = SHEETS[f.evidence[0].location.table]
        assert (f.rule, f.severity) == ("score.sum_mismatch", "error")
        assert f"附件4-2「{name}」自评表 各项得分合计{summed}分" in f.message
        assert f"总分填报{written}分" in f.message
        assert f.evidence[0].text == written
        assert where(f, 0)[0::2] == ("附件4-2", 19) and where(f, 0)[3] == 2
        # the 资金执行 score (row 3, 得分 column) counts, then the indicator scores
        assert where(f, 1)[2:] == (3, 7)
        assert [e.location.row for e in f.evidence[2:]] == [10, 11, 12, 14, 15, 17, 18]


def test_sum_mismatch_jiefang_message(xinfang_any: CheckContext) -> None:
    f = next(f for f in scores.sum_mismatch(xinfang_any) if f.evidence[0].location.table == 8)
    assert f.message == ("得分合计与总分不符：附件4-2「接访专项经费」自评表 各项得分合计98.2分"
                         "（资金执行得分6.6，指标得分6.6、10、10、15、20、15、15），总分填报91.6分")


def test_sum_mismatch_not_on_tables_that_add_up(xinfang_any: CheckContext, xuanchuan_any: CheckContext) -> None:
    # 附件1 scores add to its 100; 附件5-1: 10 + nine 10s = 100
    tables = {f.evidence[0].location.table for f in scores.sum_mismatch(xinfang_any)}
    assert 1 not in tables and 4 not in tables
    assert list(scores.sum_mismatch(xuanchuan_any)) == []


def test_sum_mismatch_corrected_total(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 5, 19, 2, "105")
    found = list(scores.sum_mismatch(CheckContext(doc)))
    assert [f.evidence[0].location.table for f in found] == [6, 7, 8, 9]
    assert [f.evidence[0].text for f in found] == ["98.5", "95", "91.6", "85.5"]


def test_sum_mismatch_rounded_total_is_not_flagged(xinfang: Document) -> None:
    # 接访: 98.2 written exactly passes; 98.3 does not (6.6 + 6.6 carries ± 0.1, 98.3 ± 0.05 overlaps)
    for total, flagged in (("98.2", False), ("98.3", False), ("98.5", True)):
        doc = copy.deepcopy(xinfang)
        set_cell(doc, 8, 19, 2, total)
        tables = [f.evidence[0].location.table for f in scores.sum_mismatch(CheckContext(doc))]
        assert (8 in tables) is flagged, total


# -- score.over_max -------------------------------------------------------------------------

def _over(ctx: CheckContext, table_no: int) -> list[Finding]:
    return [f for f in scores.over_max(ctx) if f.evidence[0].location.table == table_no]


def test_over_max_project_sheet_groups(xinfang_any: CheckContext) -> None:
    for t in (5, 6, 7, 8, 9):
        found = _over(xinfang_any, t)
        sat = [f for f in found if "满意度指标（10分）" in f.message]
        assert len(sat) == 1
        f = sat[0]
        assert (f.rule, f.severity) == ("score.over_max", "error")
        assert "各项分值合计20分（20），超过其分值10分" in f.message
        assert where(f, 0) == ("附件4-2", t, 18, 1) and where(f, 1) == ("附件4-2", t, 18, 6)
        ben, = [f for f in found if "效益指标（30分）" in f.message]
        assert ben.severity == "error" and "各项分值合计50分（15、20、15），超过其分值30分" in ben.message
        assert [e.location.row for e in ben.evidence[1:]] == [14, 15, 17]
        # the weights add to 110 against 总分 100 only because of these headings: reported there, not again
        assert not [f for f in found if "总分值填报100分" in f.message]
        # 产出指标（50分） holds 30 (28.5) of weights: too little, a warning
        out, = [f for f in found if "产出指标（50分）" in f.message]
        assert out.severity == "warning" and "少于其分值50分" in out.message


def test_over_max_weight_fixed_leaves_benefit_group(xinfang: Document) -> None:
    doc = copy.deepcopy(xinfang)
    set_cell(doc, 5, 18, 6, "10")  # 满意度 weight 20 -> 10, score 15 now above it
    found = _over(CheckContext(doc), 5)
    row, = [f for f in found if f.message.startswith("得分超过分值")]
    assert row.severity == "error" and "「信访群众比较满意」分值10，得分15" in row.message
    assert where(row, 0) == ("附件4-2", 5, 18, 7) and where(row, 1) == ("附件4-2", 5, 18, 6)
    # the heading's weights now agree (10 of 10); its score (15) exceeds it only because the item's
    # does, which is reported once, on the item
    assert not [f for f in found if "满意度指标（10分）" in f.message]
    # total weight is now 10 + 30 + 50 + 10 = 100: no total finding; 效益 50 > 30 stays
    assert not any("总分值填报" in f.message for f in found)
    assert any("效益指标（30分）" in f.message for f in found)

    set_cell(doc, 5, 18, 7, "10")
    found = _over(CheckContext(doc), 5)
    assert not any(f.message.startswith("得分超过分值") for f in found)
    assert not any("满意度指标（10分）" in f.message for f in found)
    assert any("效益指标（30分）" in f.message for f in found)


def test_over_max_process_scores_59_8(xuanchuan_any: CheckContext) -> None:
    found = list(scores.over_max(xuanchuan_any))
    f, = [f for f in found if "「过程（30分）」" in f.message]
    assert (f.rule, f.severity) == ("score.over_max", "error")
    assert "各项得分合计59.8分（6、10、8、10、8、9.8、8），超过其分值30分" in f.message
    assert where(f, 0) == ("附件3", 3, 22, 0)
    assert [e.location.row for e in f.evidence[1:]] == [23, 24, 28, 33, 36, 40, 46]
    assert all(e.location.col == 5 for e in f.evidence[1:])
    eff, = [f for f in found if "「效果（20分）」" in f.message]
    assert "各项得分合计24分（3.5、3.5、4、4、9）" in eff.message


def test_over_max_not_on_consistent_groups(xuanchuan_any: CheckContext) -> None:
    found = list(scores.over_max(xuanchuan_any))
    # 附件1's weights agree with every heading (10 / 60 / 30): nothing there
    assert {f.attachment for f in found} == {"附件3"}
    # 投入（20分） scores 15, 产出（30分） scores 21.5: within their points
    assert not any("「投入" in f.message or "「产出" in f.message for f in found)


def test_over_max_corrected_process_scores(xuanchuan: Document) -> None:
    doc = copy.deepcopy(xuanchuan)
    # bring 业务管理 to 2 + 3 + 2 + 3 = 10 and 财务管理 to 6 + 8 + 6 = 20: 过程 = 30
    for row, text in ((23, "2"), (24, "3"), (28, "2"), (33, "3"), (36, "6"), (40, "8"), (46, "6")):
        set_cell(doc, 3, row, 5, text)
    found = list(scores.over_max(CheckContext(doc)))
    assert not any(mentions(f, "过程") or "业务管理" in f.message or "财务管理" in f.message for f in found)
    assert [f for f in found if "「效果（20分）」" in f.message]  # untouched


def test_a_score_above_its_points_written_in_a_sentence() -> None:
    from checks.rules import scores
    from ruletools import report_of_text

    def over(text: str) -> list:
        return [f for f in scores.over_max(report_of_text(text, year=2022)) if f.template == "score.prose_over"]

    (f,) = over("产出指标满分50分，得52.2分。")
    assert "“产出指标满分50分，得52.2分”" in f.message and [e.role for e in f.evidence] == ["score", "weight"]
    assert len(over("产出指标（满分40分）得分42.5分。")) == 1
    (f,) = over("本项目自评得分93.5分，其中：决策指标18分（满分20分），过程指标21分（满分20分）。")
    assert "“过程指标21分（满分20分）”" in f.message  # each bracket goes with the score before it
    assert over("本项目自评得分93.5分，其中：决策指标18分（满分20分），过程指标19分（满分20分）。") == []
    assert over("产出指标满分50分，实际得分45.2分，得分率90.4%；效益指标满分30分，实际得分28分。") == []
