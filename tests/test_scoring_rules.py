"""Scoring-rule parsing and evaluation (checks/scoring).

Rule texts are copied from the project's sample reports (xinfang-2020 附件1 and
附件4-1, xuanchuan-2021 附件1) with their original punctuation and line breaks,
plus surface forms of the reference's §3.2 variants.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.scoring import (
    Band,
    Categorical,
    ChecklistAdd,
    ChecklistDeduct,
    Proportional,
    QualitativeGrade,
    ScoreRange,
    ThresholdStep,
    TieredBands,
    Unparsed,
    cn_to_int,
    normalize,
    parse_rule,
)

INF = math.inf


def ts(threshold, direction, full, step, unit, deduction, cap=None, na=None) -> ThresholdStep:
    return ThresholdStep(
        threshold=threshold,
        direction=direction,
        full_marks=full,
        step=step,
        step_unit=unit,
        deduction=deduction,
        floor=0.0,
        cap_deduction=cap,
        not_applicable=na,
    )


def bands(*rows: tuple) -> TieredBands:
    return TieredBands(bands=tuple(Band(*r) for r in rows))


def cd(full, per_item, n_items=0, cap=None) -> tuple:
    """ChecklistDeduct expectation; item texts are checked by count only."""
    return ("deduct", full, per_item, n_items, cap)


# (weight, rule text, expected).  Expected is a rule object, a cd(...) tuple or
# ("unparsed", reason substring).
CASES: list[tuple[str, float, str, object]] = [
    # --- xinfang-2020 附件1 (部门整体 framework) ---
    ("xf1 在职人员控制率", 2,
     "以100%为标准，在职人员控制率≤100%，计2分；每超过一个百分点扣0.5分，扣完为止。",
     ts(100, "upper_bound", 2, 1, "pp", 0.5)),
    ("xf1 三公经费变动率 (rule awards 5 in a 2-point row)", 2,
     "“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止。",
     ts(0, "upper_bound", 5, 1, "pp", 1)),
    ("xf1 重点支出安排率", 2,
     "“重点支出安排率” ＞50%，计2分，每下降一个百分点扣0.5分，扣完为止。",
     ts(50, "lower_bound", 2, 1, "pp", 0.5)),
    ("xf1 预算执行率", 5, "100%计满分，每低于1%扣1分，扣完为止。",
     ts(100, "lower_bound", 5, 1, "percent", 1)),
    ("xf1 预算调整率 (odd, parsed as written)", 3, "100%计满分，每下降5%扣1分，扣完为止。",
     ts(100, "lower_bound", 3, 5, "percent", 1)),
    ("xf1 支付进度率", 3, "100%计满分，每低于5%扣1分，扣完为止。",
     ts(100, "lower_bound", 3, 5, "percent", 1)),
    ("xf1 结转结余率", 3, "0%计满分，每超过5%扣1分，扣完为止。",
     ts(0, "upper_bound", 3, 5, "percent", 1)),
    ("xf1 公用经费控制率", 3, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
     ts(100, "upper_bound", 3, 1, "percent", 1)),
    ("xf1 政府采购执行率", 3, "100%计满分，每超过（降低）5%扣1分，扣完为止。",
     ts(100, "two_sided", 3, 5, "percent", 1)),
    ("xf1 管理制度健全性", 2,
     "1.有内部财务管理制度，会计核算制度等管理制度，0.5分；2.有本部门厉行节约制度，0.5分；"
     "3.相关管理制度合法、合规、完整，0.5分；4.相关管理制度得到有效执行，0.5分。",
     ChecklistAdd(items=(
         ("有内部财务管理制度,会计核算制度等管理制度", 0.5), ("有本部门厉行节约制度", 0.5),
         ("相关管理制度合法、合规、完整", 0.5), ("相关管理制度得到有效执行", 0.5)))),
    ("xf1 资金使用合规性", 2,
     "1.支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；2.资金拨付有完整的审批程序和手续；"
     "3.项目支出按规定经过评估论证；4.支出符合部门预算批复的用途；5.资金使用无截留、挤占、挪用、虚列支出等情况。\n"
     "以上情况每出现一例不符合要求的扣0.5分，扣完为止",
     cd(2, 0.5, 5)),
    ("xf1 预决算信息公开性", 2,
     "部门预算、执行、决算、监督、绩效等管理相关的信息未公开，每一项扣0.5分，扣完为止。", cd(2, 0.5)),
    ("xf1 基础信息完善性", 2, "部门基础信息是否完善，缺一项扣0.5分，扣完为止", cd(2, 0.5)),
    ("xf1 资产管理制度健全性", 2,
     "部门有加强资产管理、规范资产管理行为而制定的管理制度的计1分；有效执行相关文件的计1分。反之不计分。",
     ChecklistAdd(items=(("部门有加强资产管理、规范资产管理行为而制定的管理制度", 1.0), ("有效执行相关文件", 1.0)))),
    ("xf1 资产管理安全性", 2,
     "部门的资产是否保存完整、使用合规、配置合理、处置规范、收入及时足额上缴计满分，每一项不达标扣0.5分，扣完为止。",
     cd(2, 0.5)),
    ("xf1 固定资产利用率", 2, "100%计满分，每降低5%扣1分，扣完为止。",
     ts(100, "lower_bound", 2, 5, "percent", 1)),
    ("xf1 实际完成率 (odd: deducts above 100%)", 5, "100%计满分，每超过1%扣1分，扣完为止。",
     ts(100, "upper_bound", 5, 1, "percent", 1)),
    ("xf1 重点工作办结率", 5,
     "根据绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。该项得分=（绩效办对应部分考核得分）",
     ("unparsed", "折算")),
    ("xf1 经济效益", 5, "部门履行职责对经济发展所带来的直接或间接影响。", ("unparsed", "未给出分值")),
    ("xf1 绩效目标合理性", 6, "每项指标评价要点加2分。", ChecklistAdd(items=(), per_item=2.0)),
    # --- xinfang-2020 附件4-1 (项目支出 framework) ---
    ("xf4 立项依据充分性", 2, "按指标说明评价要点，每缺一项扣1分，扣完为止。", cd(2, 1)),
    ("xf4 管理制度健全性", 5, "按指标说明评价要点，每缺一项扣3分，扣完为止。", cd(5, 3)),
    ("xf4 资金到位率", 3, "资金到位率100%计满分，每下降5个百分点扣1分，扣完为止。",
     ts(100, "lower_bound", 3, 5, "pp", 1)),
    ("xf4 预算执行率", 3, "100%计满分，每下降5个百分点扣1分，扣完为止。",
     ts(100, "lower_bound", 3, 5, "pp", 1)),
    ("xf4 实际完成率", 10, "100%计满分，每下降1%扣1分，扣完为止。",
     ts(100, "lower_bound", 10, 1, "percent", 1)),
    ("xf4 完成及时性", 10, "达到绩效目标完成时间计5分，超过30%的不计分。", ("unparsed", "数值区间")),
    ("xf4 成本节约率", 10, "100%计满分，每下降5个百分点扣2分，扣完为止。",
     ts(100, "lower_bound", 10, 5, "pp", 2)),
    ("xf4 实施效益", 20, "达到绩效目标完成时间计5分，少于60%的不计分。", ("unparsed", "数值区间")),
    ("xf4 满意度 (Chinese numeral step)", 10, "100%计满分，每下降五个百分点扣2分，扣完为止。",
     ts(100, "lower_bound", 10, 5, "pp", 2)),
    # --- xuanchuan-2021 附件1 ---
    ("xc 在职人员控制率", 5,
     "以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。",
     ts(100, "upper_bound", 5, 1, "pp", 0.5)),
    ("xc 三公经费变动率", 5,
     "“三公经费”变动率≦0,计5分；“三公经费”＞0，每超过一个百分点扣0.5分，扣完为止。",
     ts(0, "upper_bound", 5, 1, "pp", 0.5)),
    ("xc 预算完成率", 5, "100%计满分，每低于5个百分点扣2分，扣完为止。",
     ts(100, "lower_bound", 5, 5, "pp", 2)),
    ("xc 预算控制率", 5,
     "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。",
     bands((0, True, 0, True, 5), (0, False, 10, True, 4), (10, False, 20, True, 3),
           (20, False, 30, True, 2), (30, False, INF, False, 0))),
    ("xc 新建楼堂馆所面积控制率", 5,
     "100%以下（含）计满分，每超出5%扣2分，扣完为止。没有楼堂馆所项目的部门按满分计算。",
     ts(100, "upper_bound", 5, 5, "percent", 2, na="full_marks")),
    ("xc 新建楼堂馆所投资概算控制率", 5, "100%以下（含）计满分，每超出5%扣2分，扣完为止。",
     ts(100, "upper_bound", 5, 5, "percent", 2)),
    ("xc 公用经费控制率", 8, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
     ts(100, "upper_bound", 8, 1, "percent", 1)),
    ("xc 三公经费控制率", 7, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
     ts(100, "upper_bound", 7, 1, "percent", 1)),
    ("xc 政府采购执行率", 6, "100%计满分，每超过（降低）5%扣2分。扣完为止。",
     ts(100, "two_sided", 6, 5, "percent", 2)),
    ("xc 管理制度健全性", 8,
     "①有内部财务管理制度、会计核算制度等管理制度，2分；\n②有本部门厉行节约制度,2分；\n"
     "③相关管理制度合法、合规、完整，2分；④相关管理制度得到有效执行，2分。",
     ChecklistAdd(items=(
         ("有内部财务管理制度、会计核算制度等管理制度", 2.0), ("有本部门厉行节约制度", 2.0),
         ("相关管理制度合法、合规、完整", 2.0), ("相关管理制度得到有效执行", 2.0)))),
    ("xc 资金使用合规性", 6,
     "①支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；②资金拨付有完整的审批程序和手续；"
     "③项目支出按规定经过评估论证；④支出符合部门预算批复的用途；⑤资金使用无截留、挤占、挪用、虚列支出等情况。\n"
     "以上情况每出现一例不符合要求的扣1分，扣完为止。",
     cd(6, 1, 5)),
    ("xc 预决算信息公开性", 5,
     "①按规定内容公开预决算信息，1分；②按规定时限公开预决算信息，1分；③基础数据信息和会计信息资料真实，1分；"
     "④基础数据信息和会计信息资料完整，1分；⑤基础数据信息和汇集信息资料准确，1分。",
     ChecklistAdd(items=(
         ("按规定内容公开预决算信息", 1.0), ("按规定时限公开预决算信息", 1.0),
         ("基础数据信息和会计信息资料真实", 1.0), ("基础数据信息和会计信息资料完整", 1.0),
         ("基础数据信息和汇集信息资料准确", 1.0)))),
    ("xc 重点工作实际完成率", 8,
     "根据绩效办2018年对各部门为民办实事和部门重点工程与重点工作考核分数折算。\n该项得分=（绩效办对应部分考核得分/100）*8",
     Proportional(weight=8.0, cap=8.0, basis="绩效办对应部分考核得分")),
    ("xc 经济效益", 10,
     "此两项指标为设置部门整体支出绩效评价指标时必须考虑的共性要素，可根据部门实际情况有选择的进行设置，并将其细化为相应的个性化指标。",
     ("unparsed", "未给出分值")),
    ("xc 行政效能", 6,
     "促进部门改进文风会风，加强经费及资产管理，推动网上办事，提高行政效率，降低行政成本效果较好的计6分；一般3分；无效果或者效果不明显0分。",
     QualitativeGrade(bands=(("降低行政成本效果较好", 6.0), ("一般", 3.0), ("无效果或者效果不明显", 0.0)))),
    ("xc 满意度", 6,
     "90%（含）以上计6分；\n80%（含）-90%，计4分；\n70%（含）-80%，计2分；\n低于70%计0分。",
     bands((90, True, INF, False, 6), (80, True, 90, False, 4), (70, True, 80, False, 2),
           (-INF, False, 70, False, 0))),
    # --- reference §3.2 variants as plausible surface forms ---
    ("v1 在职人员控制率 1分", 1, "在职人员控制率≤100%，计1分；每超过1个百分点扣0.1分，扣完为止。",
     ts(100, "upper_bound", 1, 1, "pp", 0.1)),
    ("v3 OCR ≤ read as Q", 8, "在职人员控制率Q100%，计8分；每超过1个百分点扣0.5分，扣完为止。",
     ts(100, "upper_bound", 8, 1, "pp", 0.5)),
    ("v7 公务招待费变动率", 2, "公务招待费变动率≤0，计2分；每超过1个百分点扣0.2分，扣完为止。",
     ts(0, "upper_bound", 2, 1, "pp", 0.2)),
    ("v8 三公经费管理", 3, "三公经费管理制度健全、执行规范、公开及时，每少一项扣1分，扣完为止。", cd(3, 1)),
    ("v9 重点支出安排率", 5,
     "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。",
     bands((90, True, INF, False, 5), (80, True, 90, False, 4), (70, True, 80, False, 3),
           (60, True, 70, False, 2), (-INF, False, 60, False, 0))),
    ("v10 预算调整率", 3,
     "预算调整率=0，计3分；0-10%（含），计2分；10-20%（含），计1分；20-30%（含），计0.5分；大于30%不得分。",
     bands((0, True, 0, True, 3), (0, False, 10, True, 2), (10, False, 20, True, 1),
           (20, False, 30, True, 0.5), (30, False, INF, False, 0))),
    ("v14 支付进度", 3, "未按序时进度支付的，每出现一个项目扣0.5分，扣完为止。", cd(3, 0.5)),
    ("v15 资金结余", 3, "无结余计3分；结余不超过上年计2分；超过上年不得分。",
     Categorical(mapping={"无结余": 3.0, "结余不超过上年": 2.0, "超过上年": 0.0})),
    ("v16 三公经费控制率 小于等于", 6, "三公经费控制率小于等于100%，计6分；每超过1个百分点扣1分，扣完为止。",
     ts(100, "upper_bound", 6, 1, "pp", 1)),
    ("v27 项目完成工作量 扣满", 15, "工作量完成率100%计满分，每相差3%扣1分，扣满15分为止。",
     ts(100, "exact", 15, 3, "percent", 1, cap=15)),
    ("v27 no stated threshold", 15, "与计划相比，每相差3%扣1分，扣满15分为止。", ("unparsed", "标准值")),
    ("v23 一般公共预算支出实际完成率", 20, "按完成比例计算得分，满分为止。",
     Proportional(weight=20.0, cap=20.0, basis="完成比例")),
    ("v25 预算执行率 执行率×分值", 10, "得分=预算执行率×分值",
     Proportional(weight=10.0, cap=10.0, basis="预算执行率")),
    ("v30 相符性", 10, "相符10分；基本相符6分；调整较大0分",
     Categorical(mapping={"相符": 10.0, "基本相符": 6.0, "调整较大": 0.0})),
    ("v31 投资计划完成率 (no （含）: shared bounds in both bands)", 5,
     "完成率100%计5分；90%-100%计3分；70%-90%计1分；低于70%不得分。",
     bands((100, True, 100, True, 5), (90, True, 100, True, 3), (70, True, 90, True, 1),
           (-INF, False, 70, False, 0))),
    ("v32 立项依据充分性", 3, "充分3分；一般1.5分；没有0分",
     Categorical(mapping={"充分": 3.0, "一般": 1.5, "没有": 0.0})),
    ("v34 是/否", 3, "是，得满分；否，不得分", Categorical(mapping={"是": 3.0, "否": 0.0})),
    ("v38 定性 without points", 5, "定性：优良中低差", ("unparsed", "分值")),
    ("P8 exclude and rescale", 3,
     "100%计满分，每低于1%扣1分，扣完为止；未开展政府采购的不考核该指标，按百分制折算。",
     ts(100, "lower_bound", 3, 1, "percent", 1, na="exclude_and_rescale")),
    ("two-sided 超过或低于 (not a '<5' comparator)", 6,
     "政府采购执行率=100%，计6分；每超过或低于5个百分点扣2分，扣完为止。",
     ts(100, "two_sided", 6, 5, "pp", 2)),
    ("step rule with a zero cutoff", 20, "实际完成率≥100%，计满分；每低于1%扣0.5分；低于60%不得分。",
     ThresholdStep(100, "lower_bound", 20, 1, "percent", 0.5, cutoff=Band(-INF, False, 60, False, 0))),
    ("cutoff on the wrong side is refused", 20, "实际完成率≥100%，计满分；每低于1%扣0.5分；高于120%不得分。",
     ("unparsed", "计分条款")),
    ("bands before a step rule are refused", 5, "≥100%计5分；90%-100%计3分；每低于1%扣1分", ("unparsed", "多个计分档次")),
    ("a band without points is refused", 6, "≥90%计6分；80%（含）-90%计4分；70%（含）-80%", ("unparsed", "未给出分值")),
    ("P7 share of weight (计50%)", 4, "达成年度指标计满分；部分达成计50%；未达成不得分",
     QualitativeGrade(bands=(("达成年度指标", 4.0), ("部分达成", 2.0), ("未达成", 0.0)))),
    ("P7 优良中差", 5, "优5分，良4分，中3分，差0分",
     QualitativeGrade(bands=(("优", 5.0), ("良", 4.0), ("中", 3.0), ("差", 0.0)))),
    ("P4 （1）（2） markers", 2, "（1）有预算管理制度，1分；（2）制度执行有效，1分。",
     ChecklistAdd(items=(("有预算管理制度", 1.0), ("制度执行有效", 1.0)))),
    ("P3 执行率×N", 10, "得分=预算执行率×10", Proportional(weight=10.0, cap=10.0, basis="预算执行率")),
    ("以上（含） full-width glyphs", 4,
     "完成率９５％以上（含）计４分；９０％（含）－９５％计２分；低于９０％不得分",
     bands((95, True, INF, False, 4), (90, True, 95, False, 2), (-INF, False, 90, False, 0))),
]


@pytest.mark.parametrize("name,weight,text,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_real_rules(name: str, weight: float, text: str, expected: object) -> None:
    rule = parse_rule(text, weight)
    if isinstance(expected, tuple) and expected[0] == "unparsed":
        assert isinstance(rule, Unparsed), rule
        assert expected[1] in rule.reason
    elif isinstance(expected, tuple) and expected[0] == "deduct":
        _, full, per_item, n_items, cap = expected
        assert isinstance(rule, ChecklistDeduct), rule
        assert (rule.full_marks, rule.per_item, len(rule.items), rule.cap_deduction) == (
            full, per_item, n_items, cap)
    else:
        assert rule == expected
    assert rule.describe()


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 30


# --- evaluation ---------------------------------------------------------------

GONGYONG = "100%以下（含）计满分，每超出1%扣1分，扣完为止。"
ZAIZHI = "以100%为标准，在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。"
SANGONG = "“三公经费”变动率≦0,计5分；“三公经费”＞0，每超过一个百分点扣0.5分，扣完为止。"
KONGZHI = "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。"
MANYI = "90%（含）以上计6分；\n80%（含）-90%，计4分；\n70%（含）-80%，计2分；\n低于70%计0分。"


@pytest.mark.parametrize(
    "text,weight,value,lo,hi",
    [
        (GONGYONG, 3, 112.12, 0, 0),
        (GONGYONG, 8, 138.94, 0, 0),
        (GONGYONG, 8, 100, 8, 8),
        (GONGYONG, 8, 95, 8, 8),
        (GONGYONG, 8, 103, 5, 5),
        (ZAIZHI, 5, 100, 5, 5),
        (ZAIZHI, 5, 101.5, 4.25, 4.5),  # whole steps −0.5, linear −0.75
        (SANGONG, 5, 100, 0, 0),
        (SANGONG, 5, 42.2, 0, 0),
        (SANGONG, 5, -30, 5, 5),
        (SANGONG, 5, 3, 3.5, 3.5),
        (KONGZHI, 5, 0, 5, 5),
        (KONGZHI, 5, 10, 4, 4),
        (KONGZHI, 5, 10.5, 3, 3),
        (KONGZHI, 5, 30, 2, 2),
        (KONGZHI, 5, 31, 0, 0),
        (MANYI, 6, 90, 6, 6),
        (MANYI, 6, 89.9, 4, 4),
        (MANYI, 6, 70, 2, 2),
        (MANYI, 6, 69.99, 0, 0),
        (MANYI, 6, 100, 6, 6),
        ("100%计满分，每超过（降低）5%扣2分。扣完为止。", 6, 90, 2, 2),
        ("100%计满分，每超过（降低）5%扣2分。扣完为止。", 6, 107, 3.2, 4),
        ("100%计满分，每低于5个百分点扣2分，扣完为止。", 5, 99.27, 4.708, 5),
        ("工作量完成率100%计满分，每相差3%扣1分，扣满15分为止。", 20, 10, 5, 5),
        ("完成率100%计5分；90%-100%计3分；70%-90%计1分；低于70%不得分。", 5, 100, 5, 5),
        ("完成率100%计5分；90%-100%计3分；70%-90%计1分；低于70%不得分。", 5, 90, 1, 3),
        ("该项得分=（绩效办对应部分考核得分/100）*8", 8, 92.5, 7.4, 7.4),
        ("按完成比例计算得分，满分为止。", 20, 112, 20, 20),
        ("按完成比例计算得分，满分为止。", 10, 76, 7.6, 7.6),
        ("实际完成率≥100%，计满分；每低于1%扣0.5分；低于60%不得分。", 20, 59.9, 0, 0),
        ("实际完成率≥100%，计满分；每低于1%扣0.5分；低于60%不得分。", 20, 60, 0, 0),
        ("实际完成率≥100%，计满分；每低于1%扣0.5分；低于60%不得分。", 20, 70, 5, 5),
    ],
)
def test_evaluate(text: str, weight: float, value: float, lo: float, hi: float) -> None:
    rng = parse_rule(text, weight).evaluate(value)
    assert rng is not None
    assert rng.lo == pytest.approx(lo, abs=1e-9)
    assert rng.hi == pytest.approx(hi, abs=1e-9)


def test_ambiguous_step_unit_flag() -> None:
    percent = parse_rule("100%计满分，每低于5%扣2分，扣完为止。", 5)
    points = parse_rule("100%计满分，每低于5个百分点扣2分，扣完为止。", 5)
    assert isinstance(percent, ThresholdStep) and percent.ambiguous_step_unit
    assert isinstance(points, ThresholdStep) and not points.ambiguous_step_unit
    assert percent.evaluate(90).ambiguous_step_unit  # type: ignore[union-attr]
    assert not percent.evaluate(100).ambiguous_step_unit  # type: ignore[union-attr]  # on threshold: no deduction
    assert not points.evaluate(90).ambiguous_step_unit  # type: ignore[union-attr]


def test_max_award_over_weight() -> None:
    """xinfang 附件1: a 2-point row whose rule awards 5 — the score.over_max case."""
    rule = parse_rule("“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止。", 2)
    assert rule.max_award() == 5
    assert parse_rule(GONGYONG, 3).max_award() == 3
    assert parse_rule(KONGZHI, 5).max_award() == 5
    assert parse_rule("每项指标评价要点加2分。", 6).max_award() is None


def test_full_marks_without_weight_is_unknown() -> None:
    rule = parse_rule(GONGYONG)
    assert isinstance(rule, ThresholdStep)
    assert rule.full_marks is None and rule.max_award() is None and rule.evaluate(120) is None
    assert rule.describe() == "≤100%计满分，每超出1%扣1分，扣完为止"


def test_describe() -> None:
    assert parse_rule(GONGYONG, 8).describe() == "≤100%计8分，每超出1%扣1分，扣完为止"
    assert parse_rule(ZAIZHI, 5).describe() == "≤100%计5分，每超出1个百分点扣0.5分，扣完为止"
    assert parse_rule(KONGZHI, 5).describe() == "=0计5分；(0,10]计4分；(10,20]计3分；(20,30]计2分；>30计0分"


def test_checklist_evaluation() -> None:
    deduct = parse_rule("按指标说明评价要点，每缺一项扣1分，扣完为止。", 2)
    assert deduct.evaluate(1) == ScoreRange(1, 1)
    assert deduct.evaluate(5) == ScoreRange(0, 0)
    add = ChecklistAdd(items=(("a", 1.0), ("b", 2.0), ("c", 0.5)))
    assert add.evaluate(2) == ScoreRange(1.5, 3.0)
    assert add.evaluate(0) == ScoreRange(0, 0)
    assert add.evaluate(4) is None


def test_categorical_lookup() -> None:
    cat = parse_rule("充分3分；一般1.5分；没有0分", 3)
    assert isinstance(cat, Categorical)
    assert cat.score_for("一般") == 1.5 and cat.score_for("立项依据充分") == 3 and cat.score_for("优") is None
    grade = parse_rule("效果较好的计6分；一般3分；无效果或者效果不明显0分。", 6)
    assert isinstance(grade, QualitativeGrade)
    assert grade.allowed_scores() == {6, 3, 0}
    assert grade.evaluate(3) is None


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("在职人员控制率≦100%", "在职人员控制率≤100%"),
        ("控制率≧90％", "控制率≥90%"),
        ("100%以下（含）计满分", "≤100%计满分"),
        ("100%以下(含)计满分", "≤100%计满分"),
        ("90%（含）以上计6分", "≥90%计6分"),
        ("小于等于100%", "≤100%"),
        ("每下降五个百分点扣2分", "每下降5个百分点扣2分"),
        ("每超过一个百分点", "每超过1个百分点"),
        ("扣满十五分为止", "扣满15分为止"),
        ("大于30%不得分", ">30%不得分"),
        ("低于\n70%计0分", "<70%计0分"),
        ("80%（含）—90%", "80%(含)-90%"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_cn_to_int() -> None:
    assert [cn_to_int(s) for s in ("一", "五", "十", "十五", "二十", "两", "一百零五")] == [1, 5, 10, 15, 20, 2, 105]
    assert cn_to_int("一般") is None


# --- properties -------------------------------------------------------------------

numbers = st.floats(min_value=0, max_value=200, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def threshold_steps(draw: st.DrawFn) -> ThresholdStep:
    return ThresholdStep(
        threshold=draw(st.sampled_from([0.0, 50.0, 90.0, 100.0]) | numbers),
        direction=draw(st.sampled_from(["upper_bound", "lower_bound", "two_sided", "exact"])),
        full_marks=draw(st.floats(min_value=0.5, max_value=20).map(lambda x: round(x, 1))),
        step=draw(st.sampled_from([1.0, 3.0, 5.0]) | st.floats(min_value=0.1, max_value=20)),
        step_unit=draw(st.sampled_from(["pp", "percent", "count"])),
        deduction=draw(st.sampled_from([0.1, 0.5, 1.0, 2.0]) | st.floats(min_value=0.01, max_value=10)),
        cap_deduction=draw(st.none() | st.floats(min_value=0, max_value=20)),
    )


def _penalised_pair(rule: ThresholdStep, a: float, b: float) -> tuple[float, float]:
    """Two values on one penalised side, the second at least as far from the threshold."""
    near, far = sorted((abs(a), abs(b)))
    if rule.direction == "lower_bound":
        return rule.threshold - near, rule.threshold - far
    if rule.direction == "upper_bound":
        return rule.threshold + near, rule.threshold + far
    sign = 1 if a >= 0 else -1
    return rule.threshold + sign * near, rule.threshold + sign * far


@settings(max_examples=300)
@given(threshold_steps(), numbers, numbers)
def test_threshold_step_bounded_and_monotone(rule: ThresholdStep, a: float, b: float) -> None:
    rng = rule.evaluate(a - 100)
    assert rng is not None
    assert 0 <= rng.lo <= rng.hi <= rule.full_marks
    assert rng.hi <= rule.max_award()  # type: ignore[operator]
    near, far = _penalised_pair(rule, a - 100, b - 100)
    r_near, r_far = rule.evaluate(near), rule.evaluate(far)
    assert r_far.lo <= r_near.lo + 1e-9 and r_far.hi <= r_near.hi + 1e-9  # type: ignore[union-attr]
    assert rule.evaluate(rule.threshold) == ScoreRange(rule.full_marks, rule.full_marks)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(threshold_steps())
def test_threshold_step_describe_round_trips(rule: ThresholdStep) -> None:
    rule = ThresholdStep(**{**rule.__dict__, "threshold": round(rule.threshold, 2), "step": round(rule.step, 2) or 1.0,
                            "deduction": round(rule.deduction, 2) or 0.5,
                            "cap_deduction": None if rule.cap_deduction is None else round(rule.cap_deduction, 1)})
    assert parse_rule(rule.describe()) == rule


@st.composite
def tiered_bands(draw: st.DrawFn) -> tuple[TieredBands, bool]:
    """Contiguous bands over the real line; scores rise with the value (or fall, if ``reverse``)."""
    cuts = sorted(draw(st.sets(numbers, min_size=1, max_size=6)))
    scores = sorted(draw(st.lists(st.floats(min_value=0, max_value=10).map(lambda x: round(x, 1)),
                                  min_size=len(cuts) + 1, max_size=len(cuts) + 1)))
    reverse = draw(st.booleans())
    if reverse:
        scores.reverse()
    edges = [-INF, *cuts, INF]
    closed = [draw(st.booleans()) for _ in cuts]  # True: the cut belongs to the band above
    rows = []
    for i in range(len(edges) - 1):
        lo_incl = i > 0 and closed[i - 1]
        hi_incl = i < len(cuts) and not closed[i]
        rows.append(Band(edges[i], lo_incl, edges[i + 1], hi_incl, scores[i]))
    return TieredBands(bands=tuple(rows)), reverse


@settings(max_examples=300)
@given(tiered_bands(), numbers, numbers)
def test_tiered_bands_bounded_and_monotone(case: tuple[TieredBands, bool], a: float, b: float) -> None:
    rule, reverse = case
    lo_v, hi_v = sorted((a, b))
    r_lo, r_hi = rule.evaluate(lo_v), rule.evaluate(hi_v)
    assert r_lo is not None and r_hi is not None  # contiguous bands cover every value
    top = rule.max_award()
    for r in (r_lo, r_hi):
        assert 0 <= r.lo <= r.hi <= top  # type: ignore[operator]
    if reverse:  # moving up is moving away from the good side
        assert r_hi.hi <= r_lo.hi and r_hi.lo <= r_lo.lo
    else:
        assert r_lo.hi <= r_hi.hi and r_lo.lo <= r_hi.lo


@settings(max_examples=200)
@given(tiered_bands())
def test_tiered_bands_describe_round_trips(case: tuple[TieredBands, bool]) -> None:
    rule, _ = case
    parsed = parse_rule(rule.describe())
    assert isinstance(parsed, TieredBands)
    for value in [b.lo for b in rule.bands] + [b.hi for b in rule.bands]:
        if math.isfinite(value):
            assert parsed.evaluate(value) == rule.evaluate(value)


FRAGMENTS = [
    "以", "100%", "为标准", "≦", "≤", "＞", "<", "=", "0", "5%", "10%（含）", "（含）", "-", "以上", "以下（含）",
    "计", "5分", "满分", "不得分", "计满分", "，", "；", "。", "每超过", "每低于", "每超过（降低）", "每相差",
    "一个百分点", "五个百分点", "1%", "0%", "0个百分点", "扣", "0.5分", "扣完为止", "扣满15分为止", "①", "②",
    "1.", "每缺一项", "每出现一例", "是", "否", "一般", "效果较好", "充分", "得分=", "执行率", "×", "分值",
    "/100", "按完成比例计算得分", "没有项目的部门按满分计算", "不考核该指标，按百分制折算", "率", "大于", "低于",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14), st.none() | st.sampled_from([1.0, 5.0, 8.0]),
       st.floats(min_value=-50, max_value=250, allow_nan=False))
def test_parse_never_raises_and_ranges_stay_in_bounds(parts: list[str], weight: float | None, value: float) -> None:
    rule = parse_rule("".join(parts), weight)
    rule.describe()
    top = rule.max_award()
    rng = rule.evaluate(value)
    if rng is not None:
        assert 0 <= rng.lo <= rng.hi
        if top is not None:
            assert rng.hi <= top + 1e-9
