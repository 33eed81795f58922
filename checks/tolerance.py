"""Comparison at the precision the report wrote (XBRL calculation 1.1 style).

A written figure stands for the half-open interval [v − h, v + h) with h half
a unit of its last written digit (rounding half up); a computed sum or ratio
carries the intervals of its operands.  Two values contradict each other only
when their intervals do not meet, so 17.11/20 written as 85.5% is rounding,
while 26.64/30 written as 66.4% is not, and 30 + 30 + 29.99 = 89.99 written
as 89.97 is a contradiction even though the intervals touch at 89.975.
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

    @property
    def exact(self) -> bool:
        return self.hi - self.lo <= 1e-12 * max(1.0, abs(self.lo))

    def overlaps(self, other: "Interval") -> bool:
        """Whether some true value lies in both (half-open intervals; points are closed)."""
        eps = 1e-9 * max(1.0, abs(self.mid), abs(other.mid))
        if self.exact and other.exact:
            return abs(self.lo - other.lo) <= eps
        if self.exact:
            return other.lo - eps <= self.lo < other.hi - eps or abs(self.lo - other.lo) <= eps
        if other.exact:
            return other.overlaps(self)
        # Float noise, never more than a fraction of the narrower interval: a 元 figure read in 万元
        # (14,469,517.37元 = 1446.951737 ± 5e-7) is narrower than 1e-9 of its value.
        eps = min(eps, 0.25 * min(self.hi - self.lo, other.hi - other.lo))
        return self.lo < other.hi - eps and other.lo < self.hi - eps

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k: float) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))


def of(fig: Figure, integer_exact: bool = False, half: float | None = None) -> Interval:
    """The interval a written figure stands for.

    ``integer_exact``: a whole number in a score, weight or count cell is an
    awarded or counted value, not a rounded one (10分 means ten points), while
    a figure written with decimals (6.6 from 6.64) was rounded.  Narrative
    amounts ("公用经费16万元") keep their ± 0.5.  ``half`` overrides the
    half-unit (a list read at the finest precision among its figures).  A
    written zero amount is exact: reports write 0 for nothing.
    """
    assert fig.value is not None
    if (fig.value == 0 and fig.kind in ("money", "count")) or (integer_exact and fig.decimals == 0) or fig.kind == "count":
        return Interval(fig.value, fig.value)
    h = fig.half_unit if half is None else half
    return Interval(fig.value - h, fig.value + h)


def finest_half(figs: list[Figure]) -> float | None:
    """Half a unit of the finest digit written among ``figs`` (in the unit of their values).

    Reports drop trailing zeros, so in "13.46万、6.73万、10.1万元" the 10.1 is 10.10.
    """
    halves = [f.half_unit for f in figs if f.value and f.kind != "count"]
    return min(halves) if halves else None


def exact(value: float) -> Interval:
    return Interval(value, value)


def total(figs: list[Figure], integer_exact: bool = False, half: float | None = None) -> Interval:
    out = exact(0.0)
    for f in figs:
        out = out + of(f, integer_exact, half)
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
