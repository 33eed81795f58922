"""A 项目支出绩效自评报告 written in the usual way, consistent as written in
tests/data/xiangmu_report.txt; each case changes one figure and names the rule that must see it."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.registry import selected_rules
from jixiao.model import Finding

from ruletools import report_of_text

TEXT = (Path(__file__).parent / "data" / "xiangmu_report.txt").read_text(encoding="utf-8")


def alarms(text: str) -> list[Finding]:
    r = report_of_text(*[line for line in text.splitlines() if line.strip()], year=2022)
    return [f for rule in selected_rules([]) if not rule.cross_document for f in rule.func(r)
            if f.severity in ("error", "warning")]


def test_the_consistent_report_raises_nothing() -> None:
    assert alarms(TEXT) == []


@pytest.mark.parametrize("old, new, rule, token", [
    ("县级配套资金600.00万元。项目计划", "县级配套资金650.00万元。项目计划", "sum.mismatch", "650.00"),
    ("监理费80.00万元", "监理费90.00万元", "sum.mismatch", "90.00"),
    ("到位3000.00万元，到位率100%", "到位2900.00万元，到位率100%", "sum.mismatch", "2900.00"),
    ("得分为95分，评价等级为“优”", "得分为85分，评价等级为“优”", "score.grade_mismatch", "85分"),
    # 执行率 with the project's one budget (总投资) stated in another section: a warning.
    ("预算执行率95.00%", "预算执行率96.00%", "rate.mismatch", "96.00%"),
])
def test_one_changed_figure_is_found(old: str, new: str, rule: str, token: str) -> None:
    assert TEXT.count(old) == 1
    found = alarms(TEXT.replace(old, new))
    assert rule in [f.rule for f in found if token in f.message], [f.message for f in found]
