"""A 部门整体支出绩效自评报告 written in the usual way, consistent as written in
tests/data/ziping_report.txt; each case changes one figure and names the rule that must see it."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.registry import selected_rules
from jixiao.model import Finding

from ruletools import report_of_text

TEXT = (Path(__file__).parent / "data" / "ziping_report.txt").read_text(encoding="utf-8")


def alarms(text: str) -> list[Finding]:
    r = report_of_text(*[line for line in text.splitlines() if line.strip()], year=2022)
    return [f for rule in selected_rules([]) if not rule.cross_document for f in rule.func(r)
            if f.severity in ("error", "warning")]


def test_the_consistent_report_raises_nothing() -> None:
    # "投入指标得分18分（满分20分）": the bracketed 满分 goes with the score, it is no part of it.
    assert alarms(TEXT) == []


@pytest.mark.parametrize("old, new, rule, token", [
    ("内设机构6个", "内设机构7个", "count.mismatch", "7个"),
    ("事业编制25人", "事业编制26人", "sum.mismatch", "26人"),
    ("事业人员24人", "事业人员25人", "sum.mismatch", "25人"),
    ("项目支出900.20万元", "项目支出910.20万元", "sum.mismatch", "910.20"),
    ("公务接待费3.20万元", "公务接待费3.40万元", "sum.mismatch", "3.40"),
    ("下降14.29%", "下降15.29%", "rate.mismatch", "15.29%"),
    ("减少1.60万元", "减少1.80万元", "rate.mismatch", "1.80"),
    ("产出指标得分28分", "产出指标得分29分", "sum.mismatch", "29分"),
    ("投入指标得分18分", "投入指标得分21分", "sum.mismatch", "21分"),
    ("等级为“优”", "等级为“良”", "score.grade_mismatch", "“良”"),
    ("其他收入50.00万元", "其他收入60.00万元", "sum.mismatch", "60.00"),
    # "基本支出中，人员经费…，公用经费…": parts of the 基本支出 stated in the sentence before.
    ("公用经费84.50万元", "公用经费85.50万元", "sum.mismatch", "85.50"),
    ("公用经费84.50万元", "公用经费83.50万元", "sum.mismatch", "83.50"),
    # "“三公”经费控制率为80.00%。" alone: its figures are in the sentence before.
    ("控制率为80.00%", "控制率为85.00%", "rate.mismatch", "85.00%"),
    # 年初预算 + 追加 = 调整后预算.
    ("调整后预算数为2000.50万元", "调整后预算数为2010.50万元", "sum.mismatch", "2010.50"),
])
def test_one_changed_figure_is_found(old: str, new: str, rule: str, token: str) -> None:
    assert TEXT.count(old) == 1
    found = alarms(TEXT.replace(old, new))
    assert rule in [f.rule for f in found if token in f.message], [f.message for f in found]
