"""Comparison at the precision the report wrote (XBRL calculation 1.1 style).

A written figure stands for the interval ± half a unit of its last written
digit; a computed sum or ratio carries the intervals of its operands.  Two
values contradict each other only when their intervals do not overlap, so
17.11/20 written as 85.5% is rounding, while 26.64/30 written as 66.4% is not.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.model import Figure


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def overlaps(self, other: "Interval") -> bool:
        eps = 1e-9 * max(1.0, abs(self.mid), abs(other.mid))
        return self.lo <= other.hi + eps and other.lo <= self.hi + eps

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k: float) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))


def of(fig: Figure, integer_exact: bool = False) -> Interval:
    """The interval a written figure stands for.

    ``integer_exact``: a whole number in a score, weight or count cell is an
    awarded or counted value, not a rounded one (10分 means ten points), while
    a figure written with decimals (6.6 from 6.64) was rounded.  Narrative
    amounts ("公用经费16万元") keep their ± 0.5.
    """
    assert fig.value is not None
    if integer_exact and fig.decimals == 0:
        return Interval(fig.value, fig.value)
    h = fig.half_unit
    return Interval(fig.value - h, fig.value + h)


def exact(value: float) -> Interval:
    return Interval(value, value)


def total(figs: list[Figure], integer_exact: bool = False) -> Interval:
    out = exact(0.0)
    for f in figs:
        out = out + of(f, integer_exact)
    return out


def ratio(num: Interval, den: Interval, percent: bool = True) -> Interval | None:
    """num/den (×100 for a percentage); None when the denominator may be zero."""
    if den.lo <= 0 <= den.hi:
        return None
    k = 100.0 if percent else 1.0
    cands = [num.lo / den.lo, num.lo / den.hi, num.hi / den.lo, num.hi / den.hi]
    return Interval(min(cands) * k, max(cands) * k)


def fmt(value: float, decimals: int = 2) -> str:
    """A computed value for a message: as few decimals as needed, at most ``decimals``."""
    text = f"{value:.{decimals}f}"
    if "." in text:  # only trailing zeros after the point go: fmt(10, 0) is "10", not "1"
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def consistent(written: Figure, computed: Interval, integer_exact: bool = False) -> bool:
    return of(written, integer_exact).overlaps(computed)
