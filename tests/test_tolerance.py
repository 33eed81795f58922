"""checks.tolerance: comparison at the precision the report wrote.

The figures are the ones the samples write (接访专项经费 26.64/30 written 66.4%,
信访救助专项经费 17.11/20 written 85.5%), parsed the way the rules parse cells.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.tolerance import Interval, consistent, exact, fmt, of, ratio, total
from extract.understand.figures import parse_cell
from jixiao.model import Location


def cell(text: str):
    fig = parse_cell(text, Location(attachment="附件4-2", table=8, row=3))
    assert fig is not None and fig.value is not None, text
    return fig


# -- intervals -------------------------------------------------------------------

def test_interval_add_sub_scale() -> None:
    a, b = Interval(1.0, 2.0), Interval(10.0, 10.5)
    assert a + b == Interval(11.0, 12.5)
    # subtraction widens: lo - other.hi, hi - other.lo
    assert b - a == Interval(8.0, 9.5)
    assert a - b == Interval(-9.5, -8.0)
    assert a.scale(100) == Interval(100.0, 200.0)
    assert a.scale(-2) == Interval(-4.0, -2.0)  # bounds stay ordered for a negative factor
    assert b.mid == 10.25


def test_interval_overlaps_half_open() -> None:
    # A written figure covers [v - h, v + h): intervals that only touch share no value.
    assert not Interval(0, 1).overlaps(Interval(1, 2))
    assert not Interval(1, 2).overlaps(Interval(0, 1))
    assert Interval(0, 1.01).overlaps(Interval(1, 2))
    assert not Interval(0, 1).overlaps(Interval(1.01, 2))
    # a point is closed: it lies in [lo, hi)
    assert Interval(1, 1).overlaps(Interval(1, 2))
    assert not Interval(2, 2).overlaps(Interval(1, 2))
    assert Interval(3, 3).overlaps(Interval(3, 3))


def test_parts_touching_their_total_at_the_rounding_edge_contradict() -> None:
    # 30 + 30 + 29.99 read at 2 decimals is [89.975, 90.005); 89.97 is [89.965, 89.975).
    parts = total([parse_cell("30"), parse_cell("30"), parse_cell("29.99")], half=0.005)
    assert not parts.overlaps(of(parse_cell("89.97")))
    assert total([parse_cell("30"), parse_cell("29.97")], half=0.005).overlaps(of(parse_cell("59.97")))


def test_of_half_unit_of_last_digit() -> None:
    iv = of(cell("26.64"))
    assert iv.lo == pytest.approx(26.635) and iv.hi == pytest.approx(26.645)
    iv = of(cell("66.4%"))
    assert iv.lo == pytest.approx(66.35) and iv.hi == pytest.approx(66.45)
    iv = of(cell("30"))
    assert (iv.lo, iv.hi) == (29.5, 30.5)


def test_of_integer_exact_only_for_whole_numbers() -> None:
    # 10分 awarded is ten points; 6.6 was rounded from something in [6.55, 6.65]
    assert of(cell("10"), integer_exact=True) == Interval(10.0, 10.0)
    iv = of(cell("6.6"), integer_exact=True)
    assert iv.lo == pytest.approx(6.55) and iv.hi == pytest.approx(6.65)
    assert of(cell("10")) == Interval(9.5, 10.5)


def test_total_of_written_figures() -> None:
    # 驻京维稳劝返 自评表: 10 + 10 + 10 + 10 + 15 + 20 + 15 + 15 = 105, exactly
    scores = [cell(t) for t in ("10", "10", "10", "10", "15", "20", "15", "15")]
    assert total(scores, integer_exact=True) == Interval(105.0, 105.0)
    assert not consistent(cell("95"), total(scores, integer_exact=True), integer_exact=True)
    # 接访: 6.6 + 6.6 + 10 + 10 + 15 + 20 + 15 + 15 = 98.2 ± 0.1, total written 91.6
    s = total([cell(t) for t in ("6.6", "6.6", "10", "10", "15", "20", "15", "15")], integer_exact=True)
    assert s.lo == pytest.approx(98.1) and s.hi == pytest.approx(98.3)
    assert not consistent(cell("91.6"), s, integer_exact=True)
    assert consistent(cell("98.2"), s, integer_exact=True)
    # money read at its written precision: 183.25 + 9.53 = 192.78 holds
    assert consistent(cell("192.78"), total([cell("183.25"), cell("9.53")]))
    # 13.46 + 6.73 + 10.10 = 30.29, not 30.23
    assert not consistent(cell("30.23"), total([cell("13.46"), cell("6.73"), cell("10.10")]))


def test_exact() -> None:
    assert exact(3.5) == Interval(3.5, 3.5)
    assert total([]) == Interval(0.0, 0.0)


# -- ratios ------------------------------------------------------------------------

def test_ratio_zero_denominator_is_none() -> None:
    assert ratio(exact(1.0), exact(0.0)) is None
    # a written "0" stands for [-0.5, 0.5]: it may be zero, so no ratio either
    assert ratio(of(cell("0.64")), of(cell("0"))) is None
    assert ratio(of(cell("0.64")), of(cell("0"), integer_exact=True)) is None
    assert ratio(exact(1.0), Interval(-1.0, 2.0)) is None


def test_ratio_percent_and_plain() -> None:
    r = ratio(exact(9.53), exact(8.5))
    assert r is not None and r.mid == pytest.approx(112.1176, abs=1e-3)
    r = ratio(exact(9.53), exact(8.5), percent=False)
    assert r is not None and r.mid == pytest.approx(1.121176, abs=1e-5)
    # negative denominator: bounds still ordered
    r = ratio(Interval(1.0, 2.0), Interval(-4.0, -2.0), percent=False)
    assert r == Interval(-1.0, -0.25)


def test_rounded_rate_is_consistent() -> None:
    # 信访救助专项经费: 17.11/20 = 85.55%, written 85.5%: rounding, not a contradiction
    computed = ratio(of(cell("17.11"), True), of(cell("20"), True))
    assert computed is not None
    assert computed.lo == pytest.approx(85.525) and computed.hi == pytest.approx(85.575)
    assert consistent(cell("85.5%"), computed)
    assert consistent(cell("85.6%"), computed)
    assert not consistent(cell("85.4%"), computed)


def test_wrong_rate_is_not_consistent() -> None:
    # 接访专项经费: 26.64/30 = 88.8%, written 66.4%
    computed = ratio(of(cell("26.64"), True), of(cell("30"), True))
    assert computed is not None
    assert fmt(computed.mid, 1) == "88.8"
    assert not consistent(cell("66.4%"), computed)
    assert consistent(cell("88.8%"), computed)
    # even with 30 read as [29.5, 30.5] the 66.4% stays out
    assert not consistent(cell("66.4%"), ratio(of(cell("26.64")), of(cell("30"))))  # type: ignore[arg-type]


def test_narrative_shares_hold() -> None:
    # 111.65 / 127.65 = 87.47%; 0.64 / 0.9 = 71.11% (at the finer of the two precisions)
    assert consistent(cell("87.47%"), ratio(of(cell("111.65")), of(cell("127.65"))))  # type: ignore[arg-type]
    assert consistent(cell("71.11%"), ratio(of(cell("0.64")), of(cell("0.90"))))  # type: ignore[arg-type]
    assert not consistent(cell("81.11%"), ratio(of(cell("0.64")), of(cell("0.90"))))  # type: ignore[arg-type]


@given(
    n=st.floats(0.0, 1e6, allow_nan=False), dn=st.floats(0.0, 10.0),
    d=st.floats(0.01, 1e6, allow_nan=False), dd=st.floats(0.0, 1.0),
    t=st.floats(0.0, 1.0), u=st.floats(0.0, 1.0),
)
def test_ratio_contains_every_point_ratio(n: float, dn: float, d: float, dd: float, t: float, u: float) -> None:
    dd = min(dd, d / 2)  # keep the denominator away from zero
    num, den = Interval(n, n + dn), Interval(d - dd, d + dd)
    r = ratio(num, den)
    assert r is not None
    x = num.lo + t * (num.hi - num.lo)
    y = den.lo + u * (den.hi - den.lo)
    point = x / y * 100
    assert r.lo <= point * (1 + 1e-9) + 1e-12 and point <= r.hi * (1 + 1e-9) + 1e-12


# -- message formatting -------------------------------------------------------------

@pytest.mark.parametrize("value, decimals, text", [
    (105.0, 2, "105"),
    (98.2, 2, "98.2"),
    (88.8, 1, "88.8"),
    (112.1176, 2, "112.12"),
    (30.29, 2, "30.29"),
    (0.0, 2, "0"),
    (-0.001, 2, "0"),
    (56.78, 2, "56.78"),
    (10.0, 0, "10"),  # regression: rstrip("0") used to eat the integer's own zero ("1")
    (100.0, 0, "100"),
    (-0.2, 0, "0"),
    (1.5, 0, "2"),
])
def test_fmt(value: float, decimals: int, text: str) -> None:
    assert fmt(value, decimals) == text
    assert not math.isnan(float(text))


def test_yuan_amounts_read_in_wanyuan_overlap_themselves() -> None:
    """14,469,517.37元 = 1446.951737万元 ± 5e-7: narrower than 1e-9 of its value, it still equals itself."""
    a = Interval(1446.951737 - 5e-7, 1446.951737 + 5e-7)
    b = Interval(14469517.37 * 1e-4 - 5e-7, 14469517.37 * 1e-4 + 5e-7)
    assert a.overlaps(b) and b.overlaps(a)
    assert not a.overlaps(Interval(1446.951747 - 5e-7, 1446.951747 + 5e-7))  # 0.10元 apart
