"""Metamorphic tests on generated reports (tests/synth).

Two groups:

* the harness itself (no checker involved): the generator is deterministic,
  every report it writes is consistent by its own recomputation, every defect
  kind can be planted in every family it claims and breaks exactly one
  relation, the rendered .docx/.pdf read back (python-docx, pdfplumber) as
  generated, and no invented place is a corpus unit's;
* the checker: a consistent report gives no error or warning finding; a report
  with one planted defect gives a finding with that rule id naming the planted
  figures, and no other error or warning.

The set is small on purpose (2 consistent reports per family, one planted
report per defect kind, each as .docx and .pdf); ``benchmarks/bench_quality.py``
runs hundreds.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from synth import FAMILIES, KINDS, generate, plant_any, write
from synth.expect import check_findings, doc_spec, dump, judge, mentioned
from synth.readback import compare
from synth.sets import every_kind, plan

FORMATS = ("docx", "pdf")
CONSISTENT = plan(per_family=2, seed=0)
PLANTED = every_kind(seed=0)
CORPUS = Path(__file__).parent / "corpus"
LAYOUT_KEYS = {
    "dept": ("attach", "template", "numbering", "score_layout", "staff_breakdown", "bodies"),
    "form": ("layout", "forms", "budget_word", "weight_word", "note", "grade_row", "money_unit"),
    "special": ("levels", "by_docs", "towns", "table", "table_unit", "open_list"),
    "final": ("toc", "parts", "table", "staff_style", "org_style", "title_word"),
}


class _Set:
    """Reports built and rendered on first use, once per test session (per xdist worker)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, tuple] = {}
        self.results: dict[str, list[dict]] = {}

    def get(self, item):
        if item.id not in self.docs:
            doc = item.build()
            paths = write(doc, str(self.root), FORMATS)
            self.docs[item.id] = (doc, dict(zip(FORMATS, paths)))
        return self.docs[item.id]

    def findings(self, item, fmt: str) -> list[dict]:
        doc, paths = self.get(item)
        path = paths[fmt]
        if path not in self.results:
            self.results[path] = check_findings(path)
        return self.results[path]


@pytest.fixture(scope="session")
def synth_set(tmp_path_factory) -> _Set:
    return _Set(tmp_path_factory.mktemp("synth"))


def _show(fs: list[dict]) -> str:
    return "\n".join(f"  {f.get('severity')} {f.get('rule')}: {(f.get('message') or '')[:200]}" for f in fs) or "  (none)"


# --------------------------------------------------------------------------- the harness


@pytest.mark.parametrize("family", list(FAMILIES))
def test_generator_is_deterministic(family):
    a, b = generate(family, 11), generate(family, 11)
    assert a.full_text() == b.full_text()
    assert a.variant == b.variant
    assert generate(family, 12).full_text() != a.full_text()


@pytest.mark.parametrize("family", list(FAMILIES))
def test_generated_reports_are_consistent_by_their_own_arithmetic(family):
    """generate() recomputes every sum, rate, score, count and grade it wrote, at the precision written."""
    variants = set()
    for seed in range(40):
        doc = generate(family, seed)
        assert not doc.broken()
        variants.add(tuple(str(doc.variant[k]) for k in LAYOUT_KEYS[family]))
    assert len(variants) >= 8, f"{family}: too few layouts over 40 seeds"


@pytest.mark.parametrize("name,family", [(k, f) for k, spec in KINDS.items() for f in spec.families])
def test_every_defect_kind_plants_in_its_families(name, family):
    doc = plant_any(family, name, seed=3)
    assert doc.defect == name
    (exp,) = doc.expects
    assert exp.rule == KINDS[name].rule
    assert len(doc.planted) == 1 and {r.id for r in doc.broken()} == doc.planted
    text = re.sub(r"[“”‘’\"']", "", doc.full_text())
    for m in exp.mentions:
        assert m in text


def test_planting_is_deterministic():
    a = plant_any("dept", "sum.narrative", seed=5)
    b = plant_any("dept", "sum.narrative", seed=5)
    assert a.name == b.name and a.full_text() == b.full_text() and a.expects == b.expects


@pytest.mark.parametrize("item", CONSISTENT[::2] + PLANTED[::7], ids=lambda it: it.id)
@pytest.mark.parametrize("fmt", FORMATS)
def test_rendered_file_reads_back_as_generated(item, fmt, synth_set):
    """Every paragraph and table cell is in the file where it should be (independent readers, not jixiao's)."""
    doc, paths = synth_set.get(item)
    problems = compare(doc, paths[fmt])
    assert not problems, "\n".join(problems[:20])


def test_expectations_file_round_trips(tmp_path):
    docs = [plant_any("form", "score.sum", 1), generate("final", 2)]
    text = dump([doc_spec(d) for d in docs])
    spec = tomllib.loads(text)
    assert [d["files"] for d in spec["doc"]] == [[f"{d.name}.docx", f"{d.name}.pdf"] for d in docs]
    assert spec["doc"][0]["expect"][0]["rule"] == "score.sum_mismatch"


def test_matcher_has_the_scorer_semantics():
    assert mentioned("编制13人", "13")
    assert not mentioned("13.46万元", "13")
    assert not mentioned("213人", "13")
    assert mentioned("执行率86.19%", "86.19")
    assert mentioned("“我馆”", "我馆")


def test_invented_places_are_not_corpus_units():
    corpus_text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt"))
    places = set()
    for family in FAMILIES:
        for seed in range(60):
            ident = generate(family, seed).ident
            places |= {ident.city, ident.county, ident.township, *ident.siblings} - {""}
    stems = {p[:-1] for p in places if len(p) >= 3}
    clash = sorted(s for s in stems if re.search(re.escape(s) + r"[市县区镇乡]", corpus_text))
    assert not clash, f"generated place names used by corpus units: {clash}"


# --------------------------------------------------------------------------- the checker


@pytest.mark.parametrize("item", CONSISTENT, ids=lambda it: it.id)
@pytest.mark.parametrize("fmt", FORMATS)
def test_consistent_report_raises_no_alarm(item, fmt, synth_set):
    fs = synth_set.findings(item, fmt)
    alarms = [f for f in fs if f.get("severity") in ("error", "warning")]
    assert not alarms, f"{item.id}.{fmt}: error/warning findings on a consistent report:\n{_show(alarms)}"


@pytest.mark.parametrize("item", PLANTED, ids=lambda it: it.id)
@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_defect_is_reported_alone(item, fmt, synth_set):
    doc, _ = synth_set.get(item)
    fs = synth_set.findings(item, fmt)
    out = judge(fs, doc_spec(doc))
    exp = doc.expects[0]
    assert not out.missed, (f"{doc.name}.{fmt}: planted {exp.rule} {exp.mentions} not reported ({exp.note})\n"
                            f"findings:\n{_show(fs)}")
    assert not out.unexpected, f"{doc.name}.{fmt}: other error/warning findings:\n{_show(out.unexpected)}"
