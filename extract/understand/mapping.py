"""Map header and row-label text to catalog entries, fuzzily but refusing to guess.

Reports spell one indicator many ways (quotes, line breaks inside cells, weight
annotations like "（5分）", numbering like "1、"), so text is normalised first and
matched exactly against every alias; only then is a character-level fuzzy
score used, with a length guard, a threshold and an ambiguity margin.  A label
that does not clear the threshold stays unmapped: a wrong fact is worse than a
missing one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
import math
from bisect import bisect_left, bisect_right
from functools import lru_cache

from rapidfuzz import fuzz, process

from .catalog import Catalog, Entry, EntryKind, load_catalog

DEFAULT_KINDS: tuple[EntryKind, ...] = ("indicator", "measure", "item")
DEFAULT_THRESHOLD = 85.0
DEFAULT_MARGIN = 3.0

# Framework hint -> the category key prefix an indicator must carry to fit it.
FRAMEWORKS = ("dept", "proj2013", "proj2020", "selfeval")

_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'「」『』〝〞＂"), None)
_SYMBOLS = str.maketrans({"≦": "≤", "≧": "≥", "﹤": "<", "﹥": ">", "—": "-", "－": "-"})
_WS = re.compile(r"\s+")
# "1、" "2." "(一)" "（1）" "①" "其中:" — possibly several in a row ("其中:1、").
_LEAD = re.compile(
    r"^(?:(?:\(?[0-9一二三四五六七八九十]{1,3}\)|[0-9一二三四五六七八九十]{1,3}[、.．](?![0-9])|[①-⑳]|其中[:：]?)[、.．:：]?)+"
)
# "(5分)" "(20)" "(2.5分)" at the end, possibly followed by punctuation.
_WEIGHT = re.compile(r"\((\d+(?:\.\d+)?)分?\)$")
_UNIT = re.compile(r"\((万元|元|㎡|m2|平方米|%|人|个|分)\)$")
_YEAR = re.compile(r"^((?:19|20)\d{2})年度?")
_QUALIFIER = re.compile(r"\([^()]*\)$")  # a trailing "(…)" remark, tried off as a fallback
_TRAIL = re.compile(r"[:：;；,，。.…]+$")
_ONLY_PUNCT = re.compile(r"^[\W_]*$")


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    t = t.translate(_QUOTES).translate(_SYMBOLS)
    return _WS.sub("", t)


@lru_cache(maxsize=32768)
def split_weight(text: str) -> tuple[str, float | None]:
    """Split a trailing weight annotation off a label: '投  入（20分）' -> ('投入', 20.0).

    The returned name is normalised like :func:`normalise_header`.
    """
    t = _TRAIL.sub("", _clean(text))
    t = _LEAD.sub("", t)
    m = _WEIGHT.search(t)
    if not m:
        return _TRAIL.sub("", t), None
    return _TRAIL.sub("", t[: m.start()]), float(m.group(1))


@lru_cache(maxsize=32768)
def split_unit(text: str) -> tuple[str, str | None]:
    """Split a trailing unit annotation: '批复规模（㎡）' -> ('批复规模', '㎡')."""
    t = _TRAIL.sub("", _clean(text))
    m = _UNIT.search(t)
    if not m:
        return t, None
    return t[: m.start()], m.group(1)


def split_year(text: str) -> tuple[str, int | None]:
    """Split a leading year: '2019年决算数' -> ('决算数', 2019)."""
    t = normalise_header(text)
    m = _YEAR.match(t)
    if not m or len(t) == m.end():
        return t, None
    return t[m.end():], int(m.group(1))


@lru_cache(maxsize=32768)
def normalise_header(text: str) -> str:
    """Canonical form of a header or label used for matching.

    NFKC (full-width digits and brackets), quotes and all whitespace removed,
    ≦/≧ → ≤/≥, leading numbering ("1、", "其中：") and trailing weight or unit
    annotations ("（2分）", "(50分)", "（万元）") stripped.
    """
    name, _ = split_weight(text)
    name, _ = split_unit(name)
    name, _ = split_weight(name)  # "(万元)(5分)" in either order
    return name if not _ONLY_PUNCT.match(name) else ""


@dataclass(frozen=True)
class Candidate:
    kind: EntryKind
    entry_id: str
    score: float
    matched: str  # the normalised spelling that scored best


@dataclass(frozen=True)
class Mapping:
    """The answer for one header; ``entry_id`` is None when nothing cleared the threshold."""

    text: str
    normalised: str
    entry_id: str | None
    kind: EntryKind | None
    score: float
    alternatives: tuple[Candidate, ...] = ()  # other entries close to the best one
    ambiguous: bool = False
    weight: float | None = None  # from "（5分）"
    year: int | None = None  # from "2019年决算数"
    unit: str | None = None  # from "（万元）"

    @property
    def mapped(self) -> bool:
        return self.entry_id is not None

    @property
    def key(self) -> tuple[EntryKind, str] | None:
        return (self.kind, self.entry_id) if self.kind and self.entry_id else None


@dataclass(frozen=True)
class _Spelling:
    norm: str
    entry: Entry
    is_name: bool


@dataclass(frozen=True)
class _Bucket:
    """Spellings that end in one character, sorted by length: a fuzzy query only ever reads a slice."""

    lengths: tuple[int, ...]
    norms: tuple[str, ...]
    spellings: tuple[_Spelling, ...]
    order: tuple[int, ...]  # position in catalog order, which settles ties as before the index


@dataclass(frozen=True)
class _Index:
    exact: dict[str, list[_Spelling]]  # normalised spelling -> every entry that spells it so
    by_end: dict[str, _Bucket]  # last character -> fuzzy choices (the length guard is a slice)


# Length guard of the fuzzy score: the shorter side has at least MIN_FUZZY_LEN characters and at
# least MIN_LEN_RATIO of the longer one; partial matches count from PARTIAL_MIN_LEN / PARTIAL_LEN_RATIO.
MIN_FUZZY_LEN, MIN_LEN_RATIO = 4, 0.6
PARTIAL_MIN_LEN, PARTIAL_LEN_RATIO, PARTIAL_PENALTY = 5, 0.75, 8.0


@lru_cache(maxsize=8)
def _index(catalog: Catalog, kinds: tuple[EntryKind, ...]) -> _Index:
    """The catalog's spellings of ``kinds`` as a dict (exact) and per-last-character choice lists (fuzzy).

    Built once per process and kinds tuple.
    """
    exact: dict[str, list[_Spelling]] = {}
    seen: set[tuple[str, str, str]] = set()
    for entry in catalog.of_kind(*kinds):
        for i, spelling in enumerate(entry.spellings):
            norm = normalise_header(spelling)
            if not norm or (norm, entry.kind, entry.id) in seen:
                continue
            seen.add((norm, entry.kind, entry.id))
            exact.setdefault(norm, []).append(_Spelling(norm, entry, i == 0))
    ends: dict[str, list[tuple[int, _Spelling]]] = {}
    flat = (s for group in exact.values() for s in group)
    for pos, s in enumerate(flat):
        if len(s.norm) >= MIN_FUZZY_LEN:
            ends.setdefault(s.norm[-1], []).append((pos, s))
    by_end = {}
    for end, group in ends.items():
        group.sort(key=lambda ps: len(ps[1].norm))
        by_end[end] = _Bucket(tuple(len(s.norm) for _, s in group), tuple(s.norm for _, s in group),
                              tuple(s for _, s in group), tuple(pos for pos, _ in group))
    return _Index(exact, by_end)


def _fuzzy_score(a: str, b: str) -> float:
    """Character similarity with a length guard so short labels cannot match long ones.

    The last character must agree: it carries the kind of thing named (率, 性,
    数, 费), so 预算执行 (a category) must not become 预算执行率 (an indicator).
    The reference for :func:`_fuzzy_candidates`, which scores a whole slice of the index at once.
    """
    short, long_ = sorted((len(a), len(b)))
    if short < MIN_FUZZY_LEN or short / long_ < MIN_LEN_RATIO or a[-1] != b[-1]:
        return 0.0
    score = fuzz.ratio(a, b)
    if short >= PARTIAL_MIN_LEN and short / long_ >= PARTIAL_LEN_RATIO:
        # Tolerates an extra qualifier on one side ("新建楼堂馆所面积控制率" vs "楼堂馆所面积控制率").
        score = max(score, fuzz.partial_ratio(a, b) - PARTIAL_PENALTY)
    return score


def _window(bucket: _Bucket, n: int, ratio: float, min_len: int) -> tuple[int, int]:
    """Index range of the spellings whose length m has min(n, m) >= min_len and min/max >= ratio."""
    if n < min_len:
        return 0, 0
    lo = max(min_len, math.ceil(n * ratio - 1e-9))
    hi = math.floor(n / ratio + 1e-9)
    i, j = bisect_left(bucket.lengths, lo), bisect_right(bucket.lengths, hi)
    # Float edges: keep exactly the lengths the ratio test of _fuzzy_score accepts.
    while i > 0 and _len_ok(n, bucket.lengths[i - 1], ratio, min_len):
        i -= 1
    while i < j and not _len_ok(n, bucket.lengths[i], ratio, min_len):
        i += 1
    while j < len(bucket.lengths) and _len_ok(n, bucket.lengths[j], ratio, min_len):
        j += 1
    while j > i and not _len_ok(n, bucket.lengths[j - 1], ratio, min_len):
        j -= 1
    return i, j


def _len_ok(n: int, m: int, ratio: float, min_len: int) -> bool:
    short, long_ = (n, m) if n <= m else (m, n)
    return short >= min_len and short / long_ >= ratio


def _fuzzy_candidates(index: _Index, query: str) -> list[tuple[_Spelling, float]]:
    """Every spelling :func:`_fuzzy_score` gives a positive score, with that score.

    Only the spellings that end in the query's last character and pass the length guard are scored,
    in two rapidfuzz ``process.extract`` calls over slices of the prebuilt choice list (ratio, then
    partial_ratio on the narrower length window where it applies).  No score cutoff: labels that
    stay unmapped report their nearest entries too.
    """
    bucket = index.by_end.get(query[-1]) if query else None
    if bucket is None:
        return []
    n = len(query)
    i, j = _window(bucket, n, MIN_LEN_RATIO, MIN_FUZZY_LEN)
    if i >= j:
        return []
    # process.extract (not cdist): same C scorers, plain floats, and no numpy import for a check.
    scores = [0.0] * (j - i)
    for _, score, k in process.extract(query, bucket.norms[i:j], scorer=fuzz.ratio, limit=None):
        scores[k] = score
    pi, pj = _window(bucket, n, PARTIAL_LEN_RATIO, PARTIAL_MIN_LEN)
    pi, pj = max(pi, i), min(pj, j)
    if pi < pj:
        # A partial match only counts above the penalty it pays, hence the cutoff.
        for _, p, k in process.extract(query, bucket.norms[pi:pj], scorer=fuzz.partial_ratio, limit=None,
                                       score_cutoff=PARTIAL_PENALTY):
            if p - PARTIAL_PENALTY > scores[pi - i + k]:
                scores[pi - i + k] = p - PARTIAL_PENALTY
    found = [(pos, s, score) for pos, s, score in zip(bucket.order[i:j], bucket.spellings[i:j], scores) if score > 0]
    found.sort(key=lambda x: x[0])
    return [(s, score) for _, s, score in found]


def _fits(entry: Entry, framework: str | None) -> bool:
    if framework is None:
        return True
    if entry.kind == "indicator":
        return any(k.startswith(framework + "_") for k in entry.category)
    return True


def map_header(
    text: str,
    kinds: tuple[EntryKind, ...] | list[EntryKind] = DEFAULT_KINDS,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    margin: float = DEFAULT_MARGIN,
    framework: str | None = None,
    year: int | None = None,
    catalog: Catalog | None = None,
) -> Mapping:
    """Map one header or row label to a catalog entry.

    ``framework`` ("dept", "proj2013", "proj2020", "selfeval") prefers indicators
    placed in that framework, which settles 预算执行率 (部门 预算完成率 vs 项目
    预算执行率).  ``year`` (the report year) turns "{year}年决算数" into final_cur
    and "{year-1}年决算数" into final_prev.  Answers for the bundled catalog are
    cached: reports repeat the same headers in every table.
    """
    if catalog is None:
        return _map_cached(text, tuple(kinds), threshold, margin, framework, year)
    return _map(text, tuple(kinds), threshold, margin, framework, year, catalog)


@lru_cache(maxsize=16384)
def _map_cached(text: str, kinds: tuple[EntryKind, ...], threshold: float, margin: float,
                framework: str | None, year: int | None) -> Mapping:
    return _map(text, kinds, threshold, margin, framework, year, load_catalog())


def _map(text: str, kinds: tuple[EntryKind, ...], threshold: float, margin: float,
         framework: str | None, year: int | None, catalog: Catalog) -> Mapping:
    weight = split_weight(text)[1]
    unit = split_unit(split_weight(text)[0])[1]
    norm = normalise_header(text)
    stripped, found_year = split_year(text)
    if not norm:
        return Mapping(text, norm, None, None, 0.0, weight=weight, unit=unit)
    index = _index(catalog, kinds)
    exact = index.exact

    scored: dict[tuple[str, str], Candidate] = {}
    name_hit: set[tuple[str, str]] = set()

    def note(s: _Spelling, score: float) -> None:
        key = (s.entry.kind, s.entry.id)
        if key not in scored or score > scored[key].score:
            scored[key] = Candidate(s.entry.kind, s.entry.id, score, s.norm)
        if score == 100.0 and s.is_name:
            name_hit.add(key)

    def consider(spellings: list[_Spelling], year_form: bool) -> None:
        for s in spellings:  # exact hits
            if not year_form or s.entry.year_prefix:
                note(s, 100.0)

    def consider_fuzzy(query: str, year_form: bool) -> None:
        for s, score in _fuzzy_candidates(index, query):
            if not year_form or s.entry.year_prefix:
                note(s, 100.0 if s.norm == query else score)

    if norm in exact:
        consider(exact[norm], False)
    if found_year is not None and stripped in exact:
        consider(exact[stripped], True)
    bare = _QUALIFIER.sub("", norm)
    if not scored and bare != norm and bare in exact:
        consider(exact[bare], False)  # "楼堂馆所控制情况（2021年完工项目）"
    if not scored:
        consider_fuzzy(norm, False)
        if found_year is not None:
            consider_fuzzy(stripped, True)

    pool = [c for c in scored.values() if c.score >= threshold]
    fitting = [c for c in pool if _fits(catalog.get(c.kind, c.entry_id), framework)]
    if fitting:
        pool = fitting
    if not pool:
        near = sorted(scored.values(), key=lambda c: -c.score)[:3]
        return Mapping(text, norm, None, None, near[0].score if near else 0.0, tuple(near), weight=weight, unit=unit)

    pool.sort(key=lambda c: (-c.score, (c.kind, c.entry_id) not in name_hit))
    best = pool[0]
    rivals = tuple(c for c in pool[1:] if best.score - c.score <= margin)
    entry_id, used_year = best.entry_id, None
    entry = catalog.get(best.kind, best.entry_id)
    if entry.year_prefix and found_year is not None:
        used_year = found_year
        if year is not None:
            rel = {year: "cur", year - 1: "prev"}.get(found_year)
            entry_id = entry.resolve.get(rel, entry_id) if rel else entry_id
    return Mapping(
        text=text,
        normalised=norm,
        entry_id=entry_id,
        kind=best.kind,
        score=best.score,
        alternatives=rivals,
        ambiguous=bool(rivals),
        weight=weight,
        year=used_year,
        unit=unit,
    )
