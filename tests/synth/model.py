"""A generated report before rendering: blocks of text whose figures are tracked.

Every figure written in a report is a ``Num``: one occurrence of a ``Fig`` (the
fact: a value and what it measures) with the way this occurrence writes it
(万元 or 元, decimals, thousands separators, full-width digits).  Words the
checks depend on (a self-reference, a year, a unit name, a duties text) are
``Txt`` slots.  Relations (``Sum``, ``Rate``, ``Equal`` …) tie occurrences
together the way a reviewer would: a total and its closed breakdown, a rate and
its numerator/denominator, a score and its weight.

``Doc.verify()`` recomputes every relation from the *written* text at the
precision written.  A consistent report breaks none; a report with a planted
defect breaks exactly the relations the planting function declared.  So the
generator asserts its own claims instead of trusting them.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Sequence, Union

from .numbers import D, fmt, half_ulp, parse

# --------------------------------------------------------------------------- figures


@dataclass(eq=False)
class Fig:
    """A fact: one value (万元 for money, percent for rates, points for scores)."""

    key: str
    value: Decimal

    def __post_init__(self) -> None:
        self.value = D(self.value)


SCALES = {"wan": Decimal(1), "yuan": Decimal(10000), "pct": Decimal(1), "plain": Decimal(1)}


@dataclass(eq=False)
class Num:
    """One written occurrence of a figure."""

    fig: Fig
    dp: int = 2
    unit: str = "wan"  # wan (万元) | yuan (元, value ×10000) | pct | plain (scores, counts)
    sep: bool = False
    fullwidth: bool = False
    trim: bool = False
    suffix: str = ""  # "%" written with the figure
    override: str | None = None  # planted text (suffix included)

    @property
    def text(self) -> str:
        if self.override is not None:
            return self.override
        core = fmt(self.fig.value * SCALES[self.unit], self.dp, sep=self.sep, fullwidth=self.fullwidth, trim=self.trim)
        return core + self.suffix

    def render(self, value) -> str:
        """How this occurrence would write another value (for planting)."""
        core = fmt(D(value) * SCALES[self.unit], self.dp, sep=self.sep, fullwidth=self.fullwidth, trim=self.trim)
        return core + self.suffix

    def written(self) -> tuple[Decimal, Decimal] | None:
        """(value in the fig's unit, half a unit of the last written digit) read back from the text."""
        p = parse(self.text)
        if p is None:
            return None
        v, dp = p
        scale = SCALES[self.unit]
        if self.unit == "plain" and dp == 0:
            return v, Decimal(0)  # a whole count, weight or awarded score is exact, not a rounded value
        return v / scale, half_ulp(dp) / scale

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False)
class Txt:
    """A word or sentence the checks depend on (kind: selfref, unit, year, duties, grade, claim, filler …)."""

    kind: str
    value: str
    override: str | None = None
    items: list[str] | None = None  # a list of names (for counts)

    @property
    def text(self) -> str:
        return self.value if self.override is None else self.override

    def __str__(self) -> str:
        return self.text


Part = Union[str, Num, Txt]
_FIELD = re.compile(r"\{(\w+)\}")


def seq(template: str, **slots: Part) -> list[Part]:
    """Split ``"收入{a}万元"`` into parts, the ``{a}`` replaced by ``slots['a']``."""
    out: list[Part] = []
    pos = 0
    for m in _FIELD.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        out.append(slots[m.group(1)])
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    return out


def text_of(parts: Sequence[Part]) -> str:
    return "".join(str(p) for p in parts)


# --------------------------------------------------------------------------- blocks


@dataclass(eq=False)
class Para:
    parts: list[Part]
    style: str = "body"  # title | subtitle | h1 | h2 | h3 | body | center | right | note | attach

    @property
    def text(self) -> str:
        return text_of(self.parts)


@dataclass(eq=False)
class Table:
    rows: list[list[list[Part]]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    widths: list[float] | None = None  # relative column widths
    header_rows: int = 1
    repeat_header: bool = False  # PDF: header rows repeated on continuation pages
    font: float = 9.0
    landscape: bool = False

    def cell_text(self, r: int, c: int) -> str:
        return text_of(self.rows[r][c])

    def grid(self) -> list[list[str]]:
        return [[text_of(c) for c in row] for row in self.rows]


@dataclass(eq=False)
class PageBreak:
    pass


Block = Union[Para, Table, PageBreak]


def cell(value: Part | Sequence[Part] | None) -> list[Part]:
    if value is None:
        return []
    if isinstance(value, (str, Num, Txt)):
        return [value] if value != "" else []
    return list(value)


def table(rows: Sequence[Sequence[Part | Sequence[Part] | None]], **kw) -> Table:
    return Table([[cell(v) for v in row] for row in rows], **kw)


# --------------------------------------------------------------------------- relations


class Rel:
    kind = "rel"

    def __init__(self, label: str) -> None:
        self.label = label
        self.id = ""

    def occurrences(self) -> list[Union[Num, Txt]]:
        return []

    def holds(self) -> bool:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{self.id}>"


def _vals(nums: Iterable[Num]) -> list[tuple[Decimal, Decimal]] | None:
    out = []
    for n in nums:
        w = n.written()
        if w is None:
            return None  # a blank or non-numeric operand: the check does not run
        out.append(w)
    return out


class Sum(Rel):
    """total = Σ parts (a closed breakdown), at the precision written."""

    kind = "sum"

    def __init__(self, label: str, total: Num, parts: Sequence[Num]) -> None:
        super().__init__(label)
        self.total, self.parts = total, list(parts)

    def occurrences(self):
        return [self.total, *self.parts]

    def holds(self) -> bool:
        vals = _vals([self.total, *self.parts])
        if vals is None:
            return True
        (t, tt), rest = vals[0], vals[1:]
        s = sum((v for v, _ in rest), Decimal(0))
        tol = tt + sum((e for _, e in rest), Decimal(0))
        return abs(s - t) <= tol


class Equal(Rel):
    """The same fact written twice."""

    kind = "equal"

    def __init__(self, label: str, a: Num, b: Num) -> None:
        super().__init__(label)
        self.a, self.b = a, b

    def occurrences(self):
        return [self.a, self.b]

    def holds(self) -> bool:
        vals = _vals([self.a, self.b])
        if vals is None:
            return True
        (a, ea), (b, eb) = vals
        return abs(a - b) <= ea + eb


class Rate(Rel):
    """rate% = num / den × 100, rounding of the three written figures allowed."""

    kind = "rate"

    def __init__(self, label: str, rate: Num, num: Num, den: Num) -> None:
        super().__init__(label)
        self.rate, self.num, self.den = rate, num, den

    def occurrences(self):
        return [self.rate, self.num, self.den]

    def holds(self) -> bool:
        vals = _vals([self.rate, self.num, self.den])
        if vals is None:
            return True
        (r, er), (n, en), (d, ed) = vals
        if d - ed <= 0:
            return True
        lo = (n - en) / (d + ed) * 100
        hi = (n + en) / (d - ed) * 100
        return lo - er <= r <= hi + er


class Change(Rel):
    """rate% = (cur − prev) / prev × 100 as an absolute change (direction given by the words)."""

    kind = "change"

    def __init__(self, label: str, rate: Num, cur: Num, prev: Num) -> None:
        super().__init__(label)
        self.rate, self.cur, self.prev = rate, cur, prev

    def occurrences(self):
        return [self.rate, self.cur, self.prev]

    def holds(self) -> bool:
        vals = _vals([self.rate, self.cur, self.prev])
        if vals is None:
            return True
        (r, er), (c, ec), (p, ep) = vals
        if p - ep <= 0:
            return True
        cands = [abs((c + dc) - (p + dp)) / (p + dp) * 100 for dc in (-ec, ec) for dp in (-ep, ep)]
        return min(cands) - er <= r <= max(cands) + er


class Diff(Rel):
    """diff = |a − b|."""

    kind = "diff"

    def __init__(self, label: str, diff: Num, a: Num, b: Num) -> None:
        super().__init__(label)
        self.diff, self.a, self.b = diff, a, b

    def occurrences(self):
        return [self.diff, self.a, self.b]

    def holds(self) -> bool:
        vals = _vals([self.diff, self.a, self.b])
        if vals is None:
            return True
        (d, ed), (a, ea), (b, eb) = vals
        return abs(abs(a - b) - d) <= ed + ea + eb


class LE(Rel):
    """a ≤ b (spending within income, a score within its weight)."""

    kind = "le"

    def __init__(self, label: str, a: Num, b: Num) -> None:
        super().__init__(label)
        self.a, self.b = a, b

    def occurrences(self):
        return [self.a, self.b]

    def holds(self) -> bool:
        vals = _vals([self.a, self.b])
        if vals is None:
            return True
        (a, ea), (b, eb) = vals
        return a - ea <= b + eb


class ScoreOfRate(Rel):
    """score = min(rate, 100%) × weight (the 预算执行 row of a 自评表)."""

    kind = "score_rate"

    def __init__(self, label: str, score: Num, rate: Num, weight: Num) -> None:
        super().__init__(label)
        self.score, self.rate, self.weight = score, rate, weight

    def occurrences(self):
        return [self.score, self.rate, self.weight]

    def holds(self) -> bool:
        vals = _vals([self.score, self.rate, self.weight])
        if vals is None:
            return True
        (s, es), (r, er), (w, _) = vals
        lo = min(r - er, Decimal(100)) / 100 * w
        hi = min(r + er, Decimal(100)) / 100 * w
        return lo - es <= s <= hi + es


class Check(Rel):
    """Any other relation, as a predicate over the written text (counts, grades, words, rules)."""

    kind = "check"

    def __init__(self, label: str, occs: Sequence[Union[Num, Txt]], pred: Callable[[], bool], kind: str = "check") -> None:
        super().__init__(label)
        self.occs, self.pred = list(occs), pred
        self.kind = kind

    def occurrences(self):
        return self.occs

    def holds(self) -> bool:
        return bool(self.pred())


# --------------------------------------------------------------------------- expectations


@dataclass
class Expect:
    rule: str
    mentions: list[str]
    level: str = "core"
    note: str = ""
    kind: str = ""  # the planting function that produced it


@dataclass
class Forbid:
    rules: list[str]
    mentions: list[str]
    note: str = ""


# --------------------------------------------------------------------------- document


@dataclass
class Identity:
    province: str
    prov_abbr: str
    city: str
    county: str  # 县 / 区 / 县级市 name, or "" for a city-level unit
    township: str  # "" unless the unit is a township government
    level: str  # city | county | township
    unit: str  # full unit name as in the title
    short: str  # name without the place chain (e.g. 水利局, 白石镇人民政府)
    utype: str  # key of vocab.UNIT_TYPES
    selfref: str  # 我局 / 我镇 / 我馆 …
    siblings: list[str] = field(default_factory=list)  # other places of the same level under the same parent

    @property
    def place(self) -> str:
        """The unit's own jurisdiction name (its county, or city for city-level units)."""
        return {"city": self.city, "county": self.county, "township": self.township}[self.level]


@dataclass
class Doc:
    family: str
    seed: int
    variant: dict
    ident: Identity
    year: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)
    expects: list[Expect] = field(default_factory=list)
    forbids: list[Forbid] = field(default_factory=list)
    planted: set[str] = field(default_factory=set)  # relation ids the planted defect breaks
    defect: str = ""
    _ids: Iterator[int] = field(default_factory=itertools.count)
    slots: dict[str, object] = field(default_factory=dict)  # named sites planting functions look for

    # ---- building
    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def para(self, template: str, style: str = "body", **slots: Part) -> Para:
        return self.add(Para(seq(template, **slots), style))  # type: ignore[return-value]

    def rel(self, r: Rel) -> Rel:
        r.id = f"{r.kind}#{next(self._ids)}:{r.label}"
        self.rels.append(r)
        return r

    # ---- reading
    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def all_parts(self) -> Iterator[Part]:
        for b in self.blocks:
            if isinstance(b, Para):
                yield from b.parts
            elif isinstance(b, Table):
                for row in b.rows:
                    for c in row:
                        yield from c

    def full_text(self) -> str:
        out = []
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Table):
                out.extend("\t".join(r) for r in b.grid())
        return "\n".join(out)

    def same_fact_relations(self) -> list[Rel]:
        """Every fact written more than once: each later occurrence must equal the first."""
        by_fig: dict[int, list[Num]] = {}
        for p in self.all_parts():
            if isinstance(p, Num):
                by_fig.setdefault(id(p.fig), []).append(p)
        out = []
        for nums in by_fig.values():
            seen = []
            for n in nums:
                if any(n is s for s in seen):
                    continue
                seen.append(n)
            for i, n in enumerate(seen[1:], 1):
                r = Equal(f"{n.fig.key}[{i}]", seen[0], n)
                r.id = f"same#{n.fig.key}[{i}]"
                out.append(r)
        return out

    def broken(self) -> list[Rel]:
        return [r for r in [*self.rels, *self.same_fact_relations()] if not r.holds()]

    def verify(self) -> None:
        """Assert the report is exactly as consistent as it claims to be."""
        placed = {id(p) for p in self.all_parts()}
        for r in self.rels:
            for o in r.occurrences():
                assert id(o) in placed, f"{self.name}: relation {r.id} refers to a figure not in the text"
        broken = {r.id for r in self.broken()}
        assert broken == self.planted, (
            f"{self.name}: relations broken {sorted(broken)}, planted {sorted(self.planted)}"
        )
        if self.planted:
            assert self.expects, f"{self.name}: a planted defect must come with its expectation"
        text = re.sub(r"[“”‘’\"']", "", self.full_text())
        for e in self.expects:
            for m in e.mentions:
                assert m in text, f"{self.name}: mention {m!r} is not written in the report"

    @property
    def name(self) -> str:
        tail = f"-{self.defect}" if self.defect else ""
        return f"{self.family}-{self.seed}{tail}"
