"""Every unit-type profile (checks/profiles.toml) against a duties text of its own kind.

tests/data/duties_samples.toml holds, per profile, a unit name of that type and a
主要职能 text written like a 三定方案.  Each sample must be recognised as its own
type (name and vocabulary), must not be flagged under its own name, and must be
flagged as its own type when it stands under the name of a clearly different unit.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from checks.profiles import profiles, score_duties, unit_type
from checks.rules.duties import foreign_type

SAMPLES_FILE = Path(__file__).parent / "data" / "duties_samples.toml"
SAMPLES: list[dict[str, str]] = tomllib.loads(SAMPLES_FILE.read_text(encoding="utf-8"))["sample"]
BY_ID = {s["id"]: s for s in SAMPLES}

# Pairs of types whose duties legitimately share vocabulary, so one's duties under
# the other's name need not be flagged; the cross check leaves them out.
#   图书馆 / 文化和旅游局: a culture bureau also runs 非物质文化遗产 and 文物 work.
#   医院 / 卫生健康委: both speak of 医疗服务, 公共卫生, 医疗卫生机构.
#   学校 / 教育局: 义务教育, 招生, 教师 are both a school's and its bureau's words.
#   农业农村局 / 农技推广中心: the centre is the bureau's technical arm (种植业, 病虫害).
#   法院 / 检察院: a procuratorate supervises 立案, 审判 and 诉讼 activities.
#   宣传部 / 文化和旅游局: 广播电视, 文艺 and 电影 are split between them by county.
#   卫生健康委 / 医疗保障局: 医保 was split from 卫健 in 2018; both write 医疗服务.
#   民政局 / 退役军人事务局: 优抚 and 安置 moved from 民政 to 退役军人事务 in 2018.
CLOSE = {
    frozenset(pair)
    for pair in [
        ("tushuguan", "wenlv"),
        ("yiyuan", "weijian"),
        ("xuexiao", "jiaoyu_ju"),
        ("nongye", "nongji"),
        ("fayuan", "jianchayuan"),
        ("xuanchuan", "wenlv"),
        ("weijian", "yibao"),
        ("minzheng", "tuiyi"),
    ]
}


def test_every_profile_has_a_sample() -> None:
    ids = [p.id for p in profiles()]
    assert sorted(BY_ID) == sorted(ids), "each [[type]] of checks/profiles.toml needs one sample"
    assert len(SAMPLES) == len(BY_ID), "one sample per type"


def test_close_pairs_name_known_types() -> None:
    ids = {p.id for p in profiles()}
    assert all(pair <= ids for pair in CLOSE)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["id"] for s in SAMPLES])
def test_sample_is_a_realistic_duties_text(sample: dict[str, str]) -> None:
    text = sample["text"]
    assert 80 <= len(text) <= 250
    assert 3 <= text.count("；") + 1 <= 6
    assert "某" in sample["name"]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["id"] for s in SAMPLES])
def test_unit_name_gives_its_type(sample: dict[str, str]) -> None:
    assert unit_type(sample["name"]) == sample["id"]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["id"] for s in SAMPLES])
def test_own_duties_score_best_and_fit(sample: dict[str, str]) -> None:
    scores = score_duties(sample["text"])
    assert scores and scores[0][0] == sample["id"], scores[:3]
    assert len(scores) == 1 or scores[1][1] < scores[0][1], scores[:3]
    assert foreign_type(sample["name"], sample["text"]) is None


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["id"] for s in SAMPLES])
def test_duties_under_another_units_name_are_foreign(sample: dict[str, str]) -> None:
    """The text under the name of every clearly different type is flagged as this sample's type."""
    missed = []
    for other in SAMPLES:
        if other["id"] == sample["id"] or frozenset((other["id"], sample["id"])) in CLOSE:
            continue
        hit = foreign_type(other["name"], sample["text"])
        if hit is None or hit[0] != sample["id"]:
            missed.append((other["name"], hit))
    assert not missed
