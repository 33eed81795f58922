"""The checker on the real corpus (tests/corpus: published reports rebuilt as .docx/.pdf, with a reviewer's audit).

For every document of ``tests/corpus/expectations.toml``, in .docx and in .pdf:
every ``core`` expectation is found and no ``forbid`` (a figure the reviewer
marked correct) draws an error or warning.  Matching is that of
``shared/tools/score.py`` (``synth.expect``).  ``stretch`` expectations are
measured by ``benchmarks/bench_quality.py``, not required here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from synth.expect import check_findings, judge, load

CORPUS = Path(__file__).parent / "corpus"
SPECS = load(CORPUS / "expectations.toml")
CASES = [(spec, fn) for spec in SPECS for fn in spec.files]
IDS = [fn for _, fn in CASES]


@pytest.fixture(scope="module")
def findings():
    cache: dict[str, list[dict]] = {}

    def get(fn: str) -> list[dict]:
        if fn not in cache:
            cache[fn] = check_findings(str(CORPUS / fn))
        return cache[fn]
    return get


def _show(fs: list[dict]) -> str:
    return "\n".join(f"  {f.get('severity')} {f.get('rule')}: {(f.get('message') or '')[:160]}" for f in fs) or "  (none)"


def test_corpus_is_complete():
    """Every document listed has its files, source text and audit in tests/corpus (tests never read ../shared)."""
    assert len(SPECS) >= 22
    for spec in SPECS:
        for fn in spec.files:
            assert (CORPUS / fn).is_file(), fn
        stem = Path(spec.files[0]).stem
        assert (CORPUS / f"{stem}.txt").is_file(), stem
        assert (CORPUS / f"{stem}.findings.md").is_file(), stem


@pytest.mark.parametrize("spec,fn", CASES, ids=IDS)
def test_core_expectations_found(spec, fn, findings):
    fs = findings(fn)
    assert not any(f.get("rule") == "read.error" for f in fs), f"{fn} could not be read: {fs}"
    out = judge(fs, spec)
    missed = [e for e in out.missed if e.get("level", "core") == "core"]
    assert not missed, (
        f"{fn}: core contradiction(s) not reported:\n"
        + "\n".join(f"  {e['rule']} {e['mentions']}: {e.get('note', '')}" for e in missed)
        + f"\nfindings:\n{_show(fs)}"
    )


@pytest.mark.parametrize("spec,fn", CASES, ids=IDS)
def test_no_alarm_on_correct_figures(spec, fn, findings):
    fs = findings(fn)
    out = judge(fs, spec)
    assert not out.forbid_hits, f"{fn}: error/warning on figures a reviewer marked correct:\n" + "\n".join(
        f"  {f['rule']}: {(f.get('message') or '')[:160]}\n    (correct: {fb['mentions']} — {fb.get('note', '')})"
        for fb, f in out.forbid_hits)
