"""Sentences written the many ways reports write them (tests/data/phrasings.txt, each consistent):
none raises an alarm, and one changed figure in each is found where the figures allow it."""
from __future__ import annotations

from pathlib import Path

import pytest

from checks.registry import selected_rules
from jixiao.model import Finding

from ruletools import report_of_text

TEXT = (Path(__file__).parent / "data" / "phrasings.txt").read_text(encoding="utf-8")


def alarms(text: str) -> list[Finding]:
    r = report_of_text(*[line for line in text.splitlines() if line.strip()], year=2022)
    return [f for rule in selected_rules([]) if not rule.cross_document for f in rule.func(r)
            if f.severity in ("error", "warning")]


def test_every_phrasing_as_written_raises_nothing() -> None:
    assert alarms(TEXT) == []


@pytest.mark.parametrize("old, new, rule, token", [
    ("增长10.01%", "增长11.01%", "rate.mismatch", "11.01%"),  # 较上年同期1800.00万元增加180.25万元
    ("增长9.98%", "增长10.98%", "rate.mismatch", "10.98%"),  # 与年初预算1800.50万元相比增加179.75万元
    ("家具用具100.00万元", "家具用具110.00万元", "sum.mismatch", "110.00"),
    ("安全培训2期", "安全培训3期", "sum.mismatch", "3期"),
])
def test_one_changed_figure_is_found(old: str, new: str, rule: str, token: str) -> None:
    assert TEXT.count(old) == 1
    found = alarms(TEXT.replace(old, new))
    assert rule in [f.rule for f in found if token in f.message], [f.message for f in found]
