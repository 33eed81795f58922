"""The vocabulary of ``lexicon.toml``, loaded once and compiled for matching.

Rules and the statement parser ask this module which role a word signals,
whether a word opens a breakdown or a claim; the words themselves are data.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex


@dataclass(frozen=True)
class RateDef:
    names: tuple[str, ...]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


@dataclass(frozen=True)
class RoleWord:
    word: str
    role: str
    kind: str  # "strip" (a marker, removed from the measure), "hint" (kept), "verb"


@dataclass(frozen=True, eq=False)  # one instance per process; hashed by identity for the caches
class Lexicon:
    role_words: tuple[RoleWord, ...]  # longest first
    precedence: tuple[str, ...]
    change_markers: tuple[str, ...]
    trends: tuple[tuple[str, tuple[str, ...]], ...]  # (direction, words)
    goal_words: tuple[str, ...]
    control_verbs: tuple[str, ...]
    claims_done: tuple[str, ...]
    triggers: tuple[str, ...]
    closed_words: tuple[str, ...]
    open_words: tuple[str, ...]
    residual_words: tuple[str, ...]
    total_words: tuple[str, ...]
    announce_words: tuple[str, ...]
    prev_words: tuple[str, ...]
    cur_words: tuple[str, ...]
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    funds: tuple[str, ...]
    rates: tuple[RateDef, ...]
    nouns: tuple[str, ...] = ()
    generic_measures: tuple[str, ...] = ()
    score_totals: tuple[str, ...] = ()
    score_parts: tuple[str, ...] = ()
    grade_verbs: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    lower_is_better: tuple[str, ...] = ()
    targets_met: tuple[str, ...] = ()
    targets_missed: tuple[str, ...] = ()
    instruction_markers: tuple[str, ...] = ()
    paid_words: tuple[str, ...] = ()
    years: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bound_verbs: tuple[str, ...] = ()  # "控制在/低于/不超过 + a role word": a bound on the sentence's topic, no measure of its own
    to_each: tuple[str, ...] = ()  # "分配至各乡镇：A、B…": a colon list that shares a total out to every recipient
    share_verbs: tuple[str, ...] = ()  # "完成预算X的Y%": verbs before a budget that a rate is a share of
    carryover_in: tuple[str, ...] = ()  # [balance]: a part of income that is last year's carry-over
    carryover_out: tuple[str, ...] = ()  # [balance]: the carry-over at the year's end
    joined: tuple[str, ...] = ()  # [breakdown]: abbreviations whose 、 joins one label ("收、支总计")
    change_amounts: tuple[str, ...] = ()  # [changes]: a column of the difference of the row's two amounts
    change_rates: tuple[str, ...] = ()  # [changes]: a column of that difference over the first amount
    weight_totals: tuple[str, ...] = ()  # [scores]: the points on offer for the whole (总分值)
    adjust_up: tuple[str, ...] = ()  # [balance]: words raising a budget during the year (追加)
    adjust_down: tuple[str, ...] = ()  # [balance]: words cutting it (调减)

    def year_words(self, key: str) -> tuple[str, ...]:
        return next((ws for k, ws in self.years if k == key), ())

    # -- compiled ------------------------------------------------------------
    @property
    def role_re(self) -> regex.Pattern:
        return _alternation(tuple(w.word for w in self.role_words))

    def mask(self, text: str) -> str:
        """``text`` with protected compound nouns replaced by placeholders of the same length."""
        return _noun_re(self.nouns).sub(lambda m: "\ue000" * len(m.group()), text) if self.nouns else text

    def role_of(self, word: str) -> RoleWord:
        return _role_index(self)[word]

    @property
    def trigger_re(self) -> regex.Pattern:
        """A breakdown trigger opening the text after a figure (after punctuation and blanks)."""
        return _lead_re(self.triggers)

    @property
    def total_re(self) -> regex.Pattern:
        return _lead_re(self.total_words)

    @property
    def level_re(self) -> regex.Pattern:
        return _level_re(self.levels, self.funds)

    def is_generic(self, measure: str) -> bool:
        """Only generic money words ("资金", "资金转移支付", "补助资金"): says how, not what for."""
        return _is_generic(self, measure)

    def level_of(self, word: str) -> str | None:
        for level, words in self.levels:
            if word in words:
                return level
        return None

    def rate_for(self, label: str) -> RateDef | None:
        """The rate definition whose name ends ``label`` (longest name first)."""
        best: tuple[int, RateDef] | None = None
        for rd in self.rates:
            for n in rd.names:
                if label.endswith(n) and (best is None or len(n) > best[0]):
                    best = (len(n), rd)
        return best[1] if best else None

    def trend_in(self, text: str) -> tuple[str, str, int] | None:
        """The first trend word in ``text``: (direction, word, position)."""
        m = _trend_re(self).search(text)
        if not m:
            return None
        word = m.group()
        direction = next(d for d, ws in self.trends if word in ws)
        return direction, word, m.start()


@lru_cache(maxsize=8192)
def _is_generic(lex: "Lexicon", measure: str) -> bool:
    if not measure:
        return False
    words = set(lex.generic_measures)
    # Can the measure be cut into generic words? ("资金转移支付" = 资金 + 转移支付)
    ok = [True] + [False] * len(measure)
    for end in range(1, len(measure) + 1):
        ok[end] = any(ok[start] and measure[start:end] in words for start in range(end))
    return ok[-1]


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> regex.Pattern:
    ordered = sorted(set(words), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in ordered))


@lru_cache(maxsize=64)
def _lead_re(words: tuple[str, ...]) -> regex.Pattern:
    ordered = sorted(set(words), key=len, reverse=True)
    return regex.compile(r"^[\s，,；;：:。（(、]*(?P<w>" + "|".join(regex.escape(w) for w in ordered) + r")\s*[：:，,]?")


@lru_cache(maxsize=4)
def _role_index(lex: Lexicon) -> dict[str, RoleWord]:
    return {w.word: w for w in lex.role_words}


@lru_cache(maxsize=4)
def _level_re(levels: tuple[tuple[str, tuple[str, ...]], ...], funds: tuple[str, ...]) -> regex.Pattern:
    words = sorted({w for _, ws in levels for w in ws}, key=len, reverse=True)
    fund = "|".join(regex.escape(f) for f in sorted(funds, key=len, reverse=True))
    return regex.compile(
        r"(?P<w>" + "|".join(regex.escape(w) for w in words) + r")(?:级(?=(?:财政)?\p{Han}{0,2}?(?:" + fund + r")|[^\p{Han}]|$)|(?=(?:财政)?\p{Han}{0,2}?(?:" + fund + r")))"
    )


@lru_cache(maxsize=4)
def _noun_re(nouns: tuple[str, ...]) -> regex.Pattern:
    return _alternation(nouns)


@lru_cache(maxsize=4)
def _trend_re(lex: Lexicon) -> regex.Pattern:
    return _alternation(tuple(w for _, ws in lex.trends for w in ws))


def _t(values: object) -> tuple[str, ...]:
    return tuple(values) if isinstance(values, list) else ()


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = tomllib.loads(resources.files("extract.understand").joinpath("lexicon.toml").read_text(encoding="utf-8"))
    roles = data["roles"]
    words: list[RoleWord] = []
    for role, spec in roles.items():
        if role == "precedence":
            continue
        for kind in ("strip", "hint", "verbs"):
            for w in spec.get(kind, []):
                words.append(RoleWord(w, role, "verb" if kind == "verbs" else kind))
    # A word listed under two roles keeps its first (strip before hint before verb).
    seen: dict[str, RoleWord] = {}
    for w in words:
        seen.setdefault(w.word, w)
    role_words = tuple(sorted(seen.values(), key=lambda w: len(w.word), reverse=True))
    bd, tr, sc, pe = data["breakdown"], data["trends"], data["scopes"], data["periods"]
    return Lexicon(
        role_words=role_words,
        precedence=tuple(roles["precedence"]),
        change_markers=_t(data["change"]["markers"]),
        trends=tuple((d, _t(tr[d])) for d in ("down", "up", "flat")),
        goal_words=_t(tr["goal_words"]),
        control_verbs=_t(tr["control_verbs"]),
        claims_done=_t(data["claims"]["done"]),
        triggers=_t(bd["triggers"]),
        closed_words=_t(bd["closed"]),
        open_words=_t(bd["open"]),
        residual_words=_t(bd["residual"]),
        total_words=_t(bd["totals"]),
        announce_words=_t(bd["announce"]),
        prev_words=_t(pe["prev"]),
        cur_words=_t(pe["cur"]),
        levels=tuple((lvl, tuple(ws)) for lvl, ws in sc["levels"]),
        funds=_t(sc["funds"]),
        rates=tuple(RateDef(tuple(r["names"]), tuple(r["numerator"]), tuple(r["denominator"])) for r in data["rates"]),
        nouns=_t(data.get("nouns", {}).get("keep")),
        generic_measures=_t(data.get("measures", {}).get("generic")),
        score_totals=_t(data.get("scores", {}).get("totals")),
        score_parts=_t(data.get("scores", {}).get("parts")),
        grade_verbs=_t(data.get("scores", {}).get("grade_verbs")),
        grades=_t(data.get("scores", {}).get("grades")),
        lower_is_better=_t(data.get("targets", {}).get("lower_is_better")),
        targets_met=_t(data.get("targets", {}).get("met")),
        targets_missed=_t(data.get("targets", {}).get("missed")),
        instruction_markers=_t(data.get("instructions", {}).get("markers")),
        paid_words=_t(data.get("paid", {}).get("words")),
        years=tuple((k, _t(v)) for k, v in data.get("years", {}).items()),
        carryover_in=_t(data.get("balance", {}).get("carryover_in")),
        share_verbs=_t(data.get("shares", {}).get("of_verbs")),
        to_each=_t(data.get("breakdown", {}).get("to_each")),
        bound_verbs=_t(data.get("shares", {}).get("bound_verbs")),
        carryover_out=_t(data.get("balance", {}).get("carryover_out")),
        joined=_t(data.get("breakdown", {}).get("joined")),
        weight_totals=_t(data.get("scores", {}).get("weight_totals")),
        change_amounts=_t(data.get("changes", {}).get("amount")),
        change_rates=_t(data.get("changes", {}).get("rate")),
        adjust_up=_t(data.get("balance", {}).get("adjust_up")),
        adjust_down=_t(data.get("balance", {}).get("adjust_down")),
    )
