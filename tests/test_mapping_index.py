"""The fuzzy index of mapping.py scores exactly what the pairwise reference score would."""
from __future__ import annotations

from extract.understand.catalog import load_catalog
from extract.understand.mapping import DEFAULT_KINDS, _fuzzy_candidates, _fuzzy_score, _index


def _queries(norms: list[str]) -> list[str]:
    out: list[str] = []
    for t in norms[::3]:
        out += [t, t[1:], "新" + t, t[:-2] + t[-1], t[: len(t) // 2] + "情况" + t[len(t) // 2:], t[:3], t + t[-1]]
    return out


def test_index_agrees_with_the_pairwise_score() -> None:
    for kinds in (DEFAULT_KINDS, ("indicator",), ("category", "indicator")):
        index = _index(load_catalog(), kinds)
        flat = [s for group in index.exact.values() for s in group]
        for query in _queries([s.norm for s in flat]):
            expected = [(s, score) for s in flat if (score := _fuzzy_score(query, s.norm)) > 0]
            got = _fuzzy_candidates(index, query)
            assert [(s.norm, s.entry.id) for s, _ in got] == [(s.norm, s.entry.id) for s, _ in expected], query
            assert [score for _, score in got] == [score for _, score in expected], query
