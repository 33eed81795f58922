"""Consistent sentences that were false alarms once (tests/data/score_and_role_phrasings.txt), found by
helpers writing reports the generator does not: none may raise an alarm, and one changed figure is found."""
from __future__ import annotations

import pytest

from ruletools import data_text, text_alarms

LINES = [line for line in data_text("score_and_role_phrasings").splitlines() if line.strip()]
alarms = text_alarms


@pytest.mark.parametrize("line", LINES, ids=[line[:12] for line in LINES])
def test_each_sentence_as_written_raises_nothing(line: str) -> None:
    assert alarms(line) == []


@pytest.mark.parametrize("old, new, rule", [
    ("产出指标38.5分（满分40分）", "产出指标39.5分（满分40分）", "sum.mismatch"),  # scores, not their 满分
    ("产出指标满分50分，得45.2分", "产出指标满分50分，得46.2分", "sum.mismatch"),
    ("产出指标（50分）得45.2分", "产出指标（50分）得46.2分", "sum.mismatch"),
    ("执行率96.35%", "执行率97.35%", "rate.mismatch"),  # the project's own 执行/预算
    ("公务接待费4.72万元", "公务接待费4.82万元", "sum.mismatch"),  # parts of the 决算 they add up to
    ("预算执行率97.82%", "预算执行率96.82%", "rate.mismatch"),  # the total, not the last part
])
def test_one_changed_figure_is_found(old: str, new: str, rule: str) -> None:
    (line,) = [x for x in LINES if old in x]
    assert rule in [f.rule for f in alarms(line.replace(old, new))]
