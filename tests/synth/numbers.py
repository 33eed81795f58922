"""Writing and reading figures the way reports write them.

Amounts are ``Decimal`` throughout; a written figure carries its precision (the
number of decimals it shows), and every consistency check in the generator
compares figures as intervals at that precision (±half a unit of the last
digit), never as floats.
"""
from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "零一二三四五六七八九"


def D(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def quant(value: Decimal, dp: int) -> Decimal:
    return D(value).quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, dp: int, *, sep: bool = False, fullwidth: bool = False, trim: bool = False) -> str:
    """``value`` rounded half-up to ``dp`` decimals; thousands separators, full-width digits, trailing zeros trimmed."""
    q = quant(value, dp)
    text = f"{q:,.{dp}f}" if sep else f"{q:.{dp}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if fullwidth:
        text = text.translate(FULLWIDTH)
    return text


def parse(text: str) -> tuple[Decimal, int] | None:
    """(value, decimals shown) of a written figure, or None when the text holds no number."""
    t = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    t = t.rstrip("%％").strip()
    if not t:
        return None
    try:
        v = Decimal(t)
    except Exception:
        return None
    dp = len(t.split(".")[1]) if "." in t else 0
    return v, dp


def half_ulp(dp: int) -> Decimal:
    return Decimal(5).scaleb(-dp - 1)


def cn_number(n: int) -> str:
    """Chinese numeral for 0 < n < 100 (一, 十二, 二十, 三十五)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def pct(num: Decimal, den: Decimal) -> Decimal:
    return D(num) / D(den) * 100
