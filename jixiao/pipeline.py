"""One file in, one DocumentResult out: read → context → rules.

This is the unit of work for `jixiao check` and for each worker of
`jixiao screen`; it never raises for a bad file (the reason goes into
``DocumentResult.error``) so a batch always goes on.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from checks.context import CheckContext
from checks.registry import selected_rules
from extract.read.errors import ReadError
from extract import load_document
from jixiao.config import CheckConfig
from jixiao.findings import merge_repeated, with_fingerprints
from jixiao.model import DocumentResult, Finding
from reports.excerpt import build_excerpts

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
MIN_CORPUS_PARAGRAPH = 80  # characters


@dataclass
class CorpusRecord:
    """What the corpus keeps of a document for cross-document checks."""

    path: str
    sha256: str
    unit: str | None
    unit_type: str | None
    year: int | None
    duties_text: str = ""
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, location label)
    facts: list[dict] = field(default_factory=list)  # subject, measure, period, value, text, location


@dataclass
class Analysis:
    result: DocumentResult
    record: CorpusRecord | None


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_rules(ctx: CheckContext, config: CheckConfig | None = None) -> list[Finding]:
    config = config or CheckConfig()
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for r in selected_rules(config.select, config.ignore):
        if r.cross_document:
            continue
        for f in r.func(ctx):
            key = (f.rule, f.message)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    findings = merge_repeated(findings)
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule))
    return findings


def analyse_file(path: str, config: CheckConfig | None = None, *, excerpts: bool = True) -> Analysis:
    """Check one file; ``excerpts=False`` when the result will be stored in the corpus, which keeps findings
    only (the excerpts are a third of a result's bytes, sent to the screening parent for nothing)."""
    start = time.perf_counter()
    try:
        doc = load_document(path)
    except ReadError as exc:
        return Analysis(DocumentResult(path=path, error=exc.reason, seconds=time.perf_counter() - start), None)
    ctx = CheckContext(doc)
    findings = with_fingerprints(run_rules(ctx, config), ctx.unit, ctx.year)
    result = DocumentResult(path=path, unit=ctx.unit, year=ctx.year, findings=findings,
                            excerpts=build_excerpts(doc, findings) if excerpts else {}, seconds=time.perf_counter() - start)
    return Analysis(result, corpus_record(ctx, path))


def corpus_record(ctx: CheckContext, path: str) -> CorpusRecord:
    facts = [
        {"subject": f.subject, "measure": f.measure, "period": f.period, "value": f.value, "text": f.text,
         "decimals": f.decimals, "location": f.location.label()}
        for f in ctx.facts
    ]
    return CorpusRecord(
        path=path,
        sha256=file_sha256(path),
        unit=ctx.unit,
        unit_type=ctx.unit_type,
        year=ctx.year,
        duties_text=ctx.duties_text,
        # Paragraphs long enough that a near-identical one in another unit's report is telling, not chance.
        paragraphs=[(p.text, p.location.label()) for p in ctx.paragraphs if len(p.text) >= MIN_CORPUS_PARAGRAPH],
        facts=facts,
    )


def check_file(path: str, config: CheckConfig | None = None) -> DocumentResult:
    return analyse_file(path, config).result
