"""A 部门决算 explanation (the formulaic text every unit publishes with its 决算), consistent as written
in tests/data/juesuan_explanation.txt; each case changes one figure and names the rule that must see it."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.registry import selected_rules
from jixiao.model import Finding

from ruletools import report_of_text

TEXT = (Path(__file__).parent / "data" / "juesuan_explanation.txt").read_text(encoding="utf-8")


def alarms(text: str) -> list[Finding]:
    r = report_of_text(*[line for line in text.splitlines() if line.strip()], year=2022)
    return [f for rule in selected_rules([]) if not rule.cross_document for f in rule.func(r)
            if f.severity in ("error", "warning")]


def test_the_consistent_explanation_raises_nothing() -> None:
    assert alarms(TEXT) == []


@pytest.mark.parametrize("old, new, rule, token", [
    ("占74.07%", "占75.07%", "rate.mismatch", "75.07%"),  # share of a total in the same sentence
    ("占96.43%", "占95.43%", "rate.mismatch", "95.43%"),
    ("项目支出500.00万元，占33.33%", "项目支出520.00万元，占33.33%", "sum.mismatch", "520.00"),
    ("公务接待费支出决算为2.00万元", "公务接待费支出决算为3.00万元", "sum.mismatch", "3.00"),
    ("政府采购服务支出30.00万元", "政府采购服务支出35.00万元", "sum.mismatch", "35.00"),
    ("共有车辆2辆", "共有车辆3辆", "sum.mismatch", "3辆"),
    ("年末结转和结余23.26万元", "年末结转和结余25.26万元", "sum.mismatch", "25.26"),  # 收支总计 balance
    ("占本年支出合计的90.00%", "占本年支出合计的92.00%", "rate.mismatch", "92.00%"),  # base in another section
    ("增长8.00%", "增长9.00%", "rate.mismatch", "9.00%"),  # rate of change, level in the sentence before
    ("降低4.76%", "降低5.76%", "rate.mismatch", "5.76%"),  # rate of change, level in the sentence
    ("增长8.59%", "增长9.59%", "rate.mismatch", "9.59%"),
    ("增长7.69%", "增长6.69%", "rate.mismatch", "6.69%"),
])
def test_one_changed_figure_is_found(old: str, new: str, rule: str, token: str) -> None:
    assert TEXT.count(old) == 1
    found = alarms(TEXT.replace(old, new))
    assert rule in [f.rule for f in found if token in f.message], [f.message for f in found]
