"""Figures as the report wrote them: value, unit, written decimals, span.

Checks compare numbers at the precision the report wrote (a figure stands for
± half a unit of its last written decimal), so every figure keeps its text and
its decimals.  Text is normalised one character for one character (full-width
digits and punctuation to ASCII), which keeps spans valid in the original.
"""
from __future__ import annotations

from functools import lru_cache

import math
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import regex

from jixiao.model import Figure, FigureKind, Location

# Precompiled: these run once per sentence or text block.
_RANGE_SEP = regex.compile(r"\s*(?:[-~～至到—]|——)\s*")

__all__ = [
    "Citation",
    "cell_comparator",
    "chinese_to_int",
    "clean_float_noise",
    "doc_citations",
    "find_figures",
    "noise_decimals",
    "normalise",
    "parse_cell",
]

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_EXTRA = {"\u3000": " ", "\u2212": "-", "\ufe63": "-", "\ufe6a": "%", "\u00a0": " "}


@lru_cache(maxsize=8192)
def normalise(text: str, keep: str = "") -> str:
    """Map full-width ASCII forms (０-９ ％ （ ） ， －) and odd spaces to ASCII.

    One character in, one character out, so offsets into the result are
    offsets into ``text``.  Characters in ``keep`` are left alone.  Unlike
    plain NFKC, circled digits (①) and ㎡ are not turned into digits.
    """
    out = []
    for c in text:
        if c in keep:
            out.append(c)
        elif "\uff01" <= c <= "\uff5e":
            out.append(chr(ord(c) - 0xFEE0))
        else:
            out.append(_EXTRA.get(c, c))
    return "".join(out)


# --------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------

_CN_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "０": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_UNIT) + "万亿"


def chinese_to_int(s: str) -> int | None:
    """"十三"→13, "一百零五"→105, "二〇二〇"→2020 (digit by digit), else None."""
    s = s.strip()
    if not s or any(c not in _CN_CHARS for c in s):
        return None
    if all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total = section = 0
    number: int | None = None
    for c in s:
        if c in _CN_DIGIT:
            if _CN_DIGIT[c] == 0:
                number = None
                continue
            if number is not None:
                return None  # two digits in a row, e.g. "一二十"
            number = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            section += (1 if number is None else number) * _CN_UNIT[c]
            number = None
        elif c == "万":
            total += (section + (number or 0)) * 10_000
            section, number = 0, None
        else:  # 亿
            total = (total + section + (number or 0)) * 100_000_000
            section, number = 0, None
    return total + section + (number or 0)


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

# count counters; 名 is normalised to 人
_COUNTERS = "人次|个月|小时|人|名|个|项|次|件|户|家|篇|场|期|批|台|辆|册|份|天"
_COUNT_UNIT = {"名": "人"}


class _Unit(NamedTuple):
    kind: FigureKind
    unit: str
    scale: float


def _unit_of(written: str) -> _Unit:
    """Kind, normalised unit and scale for a unit suffix as written."""
    w = written.strip()
    if w in ("元",):
        return _Unit("money", "万元", 1e-4)
    if w == "千元":
        return _Unit("money", "万元", 0.1)
    if w in ("万元", "万", "万余元", "余万元"):
        return _Unit("money", "万元", 1.0)
    if w in ("亿元", "亿"):
        return _Unit("money", "万元", 1e4)
    if w == "%":
        return _Unit("percent", "%", 1.0)
    if w in ("个百分点", "百分点"):
        return _Unit("percent", "百分点", 1.0)
    if w == "分":
        return _Unit("score", "分", 1.0)
    if w.startswith("万") and len(w) > 1:
        c = w[1:]
        return _Unit("count", _COUNT_UNIT.get(c, c), 1e4)
    if w in ("年", "年度"):
        return _Unit("count", "年", 1.0)  # a duration; 4-digit years are handled apart
    return _Unit("count", _COUNT_UNIT.get(w, w), 1.0)


_MONEY_UNIT = (
    r"亿元|亿|万元|万余元|余万元|千元|元|万(?!人次|人|名|个|项|次|件|户|家|篇|场|台|辆|册|份|平方|亩|吨|公里|米|字|千|余)"
)
_UNIT_RE = (
    rf"(?P<unit>{_MONEY_UNIT}|万(?:{_COUNTERS})|%|个百分点|百分点|分(?!钟|之)"
    rf"|个(?!百分点)(?:月)?|{_COUNTERS}|年度|年(?!\s*[0-9]+\s*月))"
)

_NUM = r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"

# --------------------------------------------------------------------------
# Running-text scanner
# --------------------------------------------------------------------------

# Order matters: at any position the first alternative that matches wins, so
# the things that look like figures but are not (references, list markers,
# document numbers, book titles) come first.
_SCAN = regex.compile(
    rf"""
    (?P<title>《[^《》\n]{{0,80}}》)
  | (?P<docno>〔\s*{_YEAR}\s*〕\s*(?:第\s*)?[0-9]*\s*号?
      | [\[【(]\s*{_YEAR}\s*[\]】)]\s*(?:第\s*)?[0-9]+\s*号)
  | (?P<ref>(?:附件|附表|表|图|附图)\s*[0-9]+(?:\s*[-－—.]\s*[0-9]+)*)
  | (?P<ordinal>第\s*(?:[0-9]+|[零〇一二两三四五六七八九十百]+))
  | (?P<marker>[(\[][0-9]{{1,2}}[)\]]
      | (?<![0-9.])(?<![0-9],)[0-9]{{1,2}}\s*(?:[)]\s*)?[、]
      | (?<![0-9.%])(?<![0-9],)[0-9]{{1,2}}[)](?![0-9])
      | (?:(?<=^)|(?<=[\s:;。；：，,]))[0-9]{{1,2}}\.(?![0-9]))
  | (?P<phone>(?<![0-9])1[3-9][0-9]{{9}}(?![0-9]))
  | (?P<date>(?P<dy>{_YEAR})\s*年\s*(?P<dm>{_MONTH})\s*月(?:\s*(?P<dd>{_DAY})\s*[日号])?
      | (?<![0-9.])(?P<dy2>{_YEAR})(?P<sep>[-./])(?P<dm2>{_MONTH})(?P=sep)(?P<dd2>{_DAY})(?![0-9]))
  | (?P<monthday>(?<![0-9.])(?:{_MONTH}\s*月\s*{_DAY}\s*[日号]|{_MONTH}\s*月份?|{_DAY}\s*日))
  | (?P<year>(?<![0-9.])(?<![0-9],)(?P<y>{_YEAR})\s*(?P<yunit>年度|年)(?!\s*[0-9]+\s*月))
  | (?P<cnyear>[零〇○一二三四五六七八九]{{4}}(?P<cnyunit>年度|年))
  | (?P<cncount>(?<![第零〇○一两二三四五六七八九十百千万])[零〇一两二三四五六七八九十百千万]{{1,6}}
      (?P<cnunit>个百分点|百分点|人次|个月|人|名|个|项|次|件|户|家|篇|场|期|批|年|天)(?!性)(?!(?<=年)级))
  | (?P<number>(?<![0-9.A-Za-z])(?<![0-9],)(?P<sign>-\s?)?{_NUM}(?![0-9])
      \s?(?:{_UNIT_RE})?)
    """,
    regex.VERBOSE,
)

_ZERO_RUN = regex.compile(r"\.[0-9]*?(?:0000|9999)[0-9]+$")


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _value(num: str, negative: bool, scale: float) -> float:
    try:
        d = Decimal(num.replace(",", "")) * Decimal(repr(scale))
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return math.nan
    return float(-d if negative else d)


def _figure(
    kind: FigureKind, value: float | None, text: str, unit: str, decimals: int,
    span: tuple[int, int], location: Location, scale: float = 1.0,
) -> Figure:
    return Figure(kind=kind, value=value, text=text, unit=unit, decimals=decimals,
                  span=span, location=location, scale=scale)


def find_figures(
    text: str,
    location: Location = Location(),
    *,
    bare: bool = False,
    skip_citations: bool = True,
) -> list[Figure]:
    """Figures written in running text, in order of appearance.

    Amounts (元/万元/亿元; a bare 万 means 万元), percentages, scores (分),
    counts (人 名 个 项 次 件 …), years, dates and small Chinese-numeral counts.
    Attachment references (附件4-2), list markers (（2） 1、 ①) and ordinals
    (第3) are never figures.  Years inside book titles (《…》) and document
    numbers (〔2020〕7号) are left to :func:`doc_citations` unless
    ``skip_citations`` is False.  Numbers without a unit are returned as kind
    "number" only when ``bare`` is True (otherwise they are noise: phone
    numbers, clause numbers, …); a bare number that opens a range ("0-10%")
    takes the unit of the range's end.
    """
    norm = normalise(text, keep="，")
    found: list[Figure] = []
    pending_bare: list[Figure] = []
    for m in _SCAN.finditer(norm):
        g = m.lastgroup
        start, end = m.span()
        if g in ("ref", "ordinal", "marker", "phone", "monthday"):
            continue
        if g in ("title", "docno"):
            if not skip_citations and g == "title":
                inner = find_figures(text[start + 1:end - 1], location, bare=bare,
                                     skip_citations=False)
                found.extend(_shift(inner, start + 1))
            elif not skip_citations:
                y = regex.search(_YEAR, norm[start:end])
                if y:
                    span = (start + y.start(), start + y.end())
                    found.append(_figure("year", float(y.group()), text[span[0]:span[1]], "年",
                                         0, span, location))
            continue
        if g == "date":
            if m.group("dy"):
                y, mo, d = m.group("dy"), m.group("dm"), m.group("dd")
            else:
                y, mo, d = m.group("dy2"), m.group("dm2"), m.group("dd2")
            value = int(y) * 10000 + int(mo) * 100 + (int(d) if d else 0)
            found.append(_figure("date", float(value), text[start:end], "日" if d else "月",
                                 0, (start, end), location))
            continue
        if g == "year":
            fig = _figure("year", float(m.group("y")), text[start:end], "年", 0,
                          (start, end), location)
            _fill_range(norm, pending_bare, fig, found, bare)
            found.append(fig)
            continue
        if g == "cnyear":
            digits = m.group()[:4]
            v = chinese_to_int(digits)
            if v is not None and 1900 <= v <= 2099:
                found.append(_figure("year", float(v), text[start:end], "年", 0,
                                     (start, end), location))
            continue
        if g == "cncount":
            unit_written = m.group("cnunit")
            v = chinese_to_int(m.group()[: len(m.group()) - len(unit_written)])
            if v is not None:
                u = _unit_of(unit_written)
                found.append(_figure(u.kind, float(v * u.scale), text[start:end], u.unit, 0,
                                     (start, end), location, u.scale))
            continue
        # plain number, possibly with a unit
        fig = _number_figure(m, norm, text, location)
        if fig is None:
            continue
        if fig.kind == "number":
            pending_bare.append(fig)
            if bare:
                found.append(fig)
            continue
        _fill_range(norm, pending_bare, fig, found, bare)
        found.append(fig)
    found.sort(key=lambda f: f.span)
    return found


def _shift(figs: list[Figure], offset: int) -> list[Figure]:
    from dataclasses import replace

    return [replace(f, span=(f.span[0] + offset, f.span[1] + offset)) for f in figs]


def _number_figure(m: regex.Match, norm: str, text: str, location: Location) -> Figure | None:
    start, end = m.span()
    num = m.group("num")
    sign = m.group("sign")
    negative = bool(sign)
    if sign:
        prev = norm[start - 1] if start > 0 else ""
        if prev and (prev.isalnum() and not _is_cjk(prev) or prev in "%)）]"):
            # a range or hyphen ("0-10%", "80%（含）-90%"), not a minus
            negative = False
            start = m.start("num")
    unit_written = m.group("unit")
    if unit_written is None:
        end = m.end("num")
        return _figure("number", _value(num, negative, 1.0), text[start:end], "",
                       _decimals(num), (start, end), location)
    if unit_written in ("年", "年度") and regex.fullmatch(_YEAR, num):
        start = m.start("num")  # "2020-2022年": the dash is a range, not a minus
        return _figure("year", float(num), text[start:end], "年", 0, (start, end), location)
    u = _unit_of(unit_written)
    return _figure(u.kind, _value(num, negative, u.scale), text[start:end], u.unit,
                   _decimals(num), (start, end), location, u.scale)


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _fill_range(norm: str, pending: list[Figure], fig: Figure, found: list[Figure],
                bare: bool) -> None:
    """Give "0" in "0-10%" the unit of the range's end (it reads "0%-10%")."""
    if not pending:
        return
    first = pending[-1]
    between = norm[first.span[1]:fig.span[0]]
    if _RANGE_SEP.fullmatch(between):
        if fig.kind == "year" and not regex.fullmatch(_YEAR, first.text):
            pending.clear()
            return
        ranged = Figure(kind=fig.kind, value=(first.value or 0.0) * fig.scale, text=first.text,
                        unit=fig.unit, decimals=first.decimals, span=first.span,
                        location=first.location, scale=fig.scale)
        if bare and first in found:
            found.remove(first)
        found.append(ranged)
    pending.clear()


# --------------------------------------------------------------------------
# Citations
# --------------------------------------------------------------------------


class Citation(NamedTuple):
    """A cited document: a 《title》 or a document number such as 湘财绩〔2020〕7号."""

    title: str
    year: int | None
    span: tuple[int, int]


_CITE = regex.compile(
    rf"《(?P<title>[^《》\n]{{1,80}})》"
    rf"|(?P<issuer>[\u4e00-\u9fff]{{0,8}})(?P<no>〔\s*(?P<ny>{_YEAR})\s*〕\s*(?:第\s*)?[0-9]*\s*号?"
    rf"|[\[【(（]\s*(?P<ny2>{_YEAR})\s*[\]】)）]\s*(?:第\s*)?[0-9０-９]+\s*号)"
)
_ISSUER_LEAD = regex.compile(r"^.*?(?:根据|按照|依据|依照|参照|结合|执行|印发|下发|文件|及|和|与|、)")
_TITLE_YEAR = regex.compile(rf"(?<![0-9])({_YEAR})(?=\s*年)")


def doc_citations(text: str) -> list[Citation]:
    """Cited titles and document numbers, with the year they name (if any) — cached per text."""
    return list(_doc_citations(text))


@lru_cache(maxsize=4096)
def _doc_citations(text: str) -> tuple[Citation, ...]:
    return tuple(_find_citations(text))


def _find_citations(text: str) -> list[Citation]:
    """Cited titles and document numbers, with the year they name (if any).

    Used by the stale-year rule: a 2020 report that executes
    区财政《关于2018年部门预算的批复》 cites last-but-one year's budget.
    """
    norm = normalise(text, keep="，")
    out: list[Citation] = []
    for m in _CITE.finditer(norm):
        if m.group("title") is not None:
            title = text[m.start("title"):m.end("title")]
            ym = _TITLE_YEAR.search(m.group("title"))
            out.append(Citation(title, int(ym.group(1)) if ym else None, m.span()))
            continue
        issuer = m.group("issuer") or ""
        lead = _ISSUER_LEAD.match(issuer)
        cut = lead.end() if lead else 0
        if len(issuer) - cut > 6:
            cut = len(issuer) - 6
        start = m.start("issuer") + cut
        year = m.group("ny") or m.group("ny2")
        out.append(Citation(text[start:m.end()].strip(), int(year), (start, m.end())))
    return out


# --------------------------------------------------------------------------
# Table cells
# --------------------------------------------------------------------------

_NA = regex.compile(r"[-—–―─_/\\×xX…·.\s]+|无|不适用|N/?A|n/?a")
_COMPARATORS: list[tuple[str, str]] = [
    (r"≥|>=|≧|不低于|不少于|不小于|大于等于|大于或等于|至少", "≥"),
    (r"≤|<=|≦|不高于|不超过|不多于|不大于|小于等于|小于或等于|至多|控制在", "≤"),
    (r">|大于|高于|超过|多于", ">"),
    (r"<|小于|低于|少于", "<"),
    (r"=|等于|达到|为", "="),
    (r"≈|约|大约|约为", "≈"),
]
_CMP_PREFIX = "|".join(p for p, _ in _COMPARATORS)
_CMP_SUFFIX = r"(?:\(含\))?(?:以上|以下|以内|及以上|及以下)"
_CELL = regex.compile(
    rf"^(?P<cmp>{_CMP_PREFIX})?\s*(?P<sign>-)?\s*{_NUM}\s*(?:{_UNIT_RE}|(?P<yunit>年度|年))?"
    rf"\s*(?P<suffix>{_CMP_SUFFIX})?$"
)
_CELL_DATE = regex.compile(
    rf"^(?P<y>{_YEAR})\s*(?:年\s*(?P<m>{_MONTH})\s*月(?:\s*(?P<d>{_DAY})\s*[日号])?"
    rf"|(?P<sep>[-./])(?P<m2>{_MONTH})(?P=sep)(?P<d2>{_DAY}))$"
)
_CELL_CN = regex.compile(
    rf"^(?P<cn>[零〇○一两二三四五六七八九十百千万]{{1,6}})"
    rf"(?P<unit>个百分点|人次|个月|人|名|个|项|次|件|户|家|篇|场|期|批|年度|年|天)$"
)


def _strip_cell(text: str) -> tuple[str, int]:
    """Normalised cell text without surrounding blanks, and its offset in ``text``."""
    norm = normalise(text)
    stripped = norm.strip()
    return stripped, (norm.find(stripped) if stripped else 0)


def parse_cell(text: str, location: Location = Location()) -> Figure | None:
    """The one figure a table cell holds, or None.

    Blank → None; dashes and slashes ("—", "— —", "/", "－") → kind "na" with
    value None; a bare number → kind "number" (its column says what it means).
    A comparator ("≥95%", "95%以上") is dropped here; see :func:`cell_comparator`.
    A cell holding prose or several figures → None (use :func:`find_figures`).
    """
    s, off = _strip_cell(text)
    if not s:
        return None
    span = (off, off + len(s))
    written = text[span[0]:span[1]]
    if _NA.fullmatch(s):
        return _figure("na", None, written, "", 0, span, location)
    m = _CELL_DATE.match(s)
    if m:
        d = m.group("d") or m.group("d2")
        mo = m.group("m") or m.group("m2")
        value = int(m.group("y")) * 10000 + int(mo) * 100 + (int(d) if d else 0)
        return _figure("date", float(value), written, "日" if d else "月", 0, span, location)
    m = _CELL.match(s)
    if m:
        num = m.group("num")
        unit = m.group("unit") or m.group("yunit")
        negative = bool(m.group("sign"))
        if unit in ("年", "年度") and regex.fullmatch(_YEAR, num) and not negative:
            return _figure("year", float(num), written, "年", 0, span, location)
        if unit is None:
            return _figure("number", _value(num, negative, 1.0), written, "",
                           _decimals(num), span, location)
        u = _unit_of(unit)
        return _figure(u.kind, _value(num, negative, u.scale), written, u.unit,
                       _decimals(num), span, location, u.scale)
    m = _CELL_CN.match(s)
    if m:
        v = chinese_to_int(m.group("cn"))
        if v is None:
            return None
        if m.group("unit") in ("年", "年度") and len(m.group("cn")) == 4 and 1900 <= v <= 2099:
            return _figure("year", float(v), written, "年", 0, span, location)
        u = _unit_of(m.group("unit"))
        return _figure(u.kind, float(v * u.scale), written, u.unit, 0, span, location, u.scale)
    return None


def cell_comparator(text: str) -> str | None:
    """The comparator written with a cell's figure: "≥", "≤", ">", "<", "=", "≈" or None.

    "≥95%" and "95%以上" both give "≥"; "≤90万元" and "90万元以内" give "≤".
    """
    s, _ = _strip_cell(text)
    m = _CELL.match(s)
    if not m:
        return None
    suffix = m.group("suffix")
    if suffix:
        return "≥" if "以上" in suffix else "≤"
    cmp_ = m.group("cmp")
    if not cmp_:
        return None
    for pattern, symbol in _COMPARATORS:
        if regex.fullmatch(pattern, cmp_):
            return symbol
    return None  # pragma: no cover


# --------------------------------------------------------------------------
# Float noise
# --------------------------------------------------------------------------


def noise_decimals(text: str) -> int | None:
    """Decimals a number was meant to have when it carries float noise, else None.

    Spreadsheet exports write 0.09 as "0.0900000762939453"; such a figure keeps
    its written decimals (16) but should be compared at 2.
    """
    m = regex.search(r"-?[0-9]+\.[0-9]+", normalise(text).replace(",", ""))
    if not m:
        return None
    num = m.group()
    written = _decimals(num)
    if written < 6 or not _ZERO_RUN.search(num):
        return None
    value = float(num)
    for d in range(0, written - 4):
        if abs(value - round(value, d)) <= 1e-6 * max(1.0, abs(value)):
            return d
    return None


def clean_float_noise(fig: Figure) -> Figure:
    """The figure rounded to its intended decimals if it carries float noise."""
    d = noise_decimals(fig.text)
    if d is None or fig.value is None:
        return fig
    from dataclasses import replace

    digits = d - round(math.log10(fig.scale)) if fig.scale > 0 else d
    return replace(fig, value=round(fig.value, max(digits, 0)), decimals=d)
