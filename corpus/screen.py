"""Bulk screening: many files in parallel, remembered in the corpus, then cross-document rules.

Usable from Python::

    from corpus.screen import ScreenOptions, screen
    outcome = screen(["reports/"], ScreenOptions(db="corpus.sqlite", workers=4))
    outcome.results  # DocumentResult per file, cross-document findings included

Files already in the corpus (same sha256) are not checked again unless they
were checked by other rules (an older jixiao: see corpus.version); the parent
process is the only writer and records each file as soon as it is done, so a
run killed half way resumes where it stopped.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from checks.registry import matches as rule_matches
from extract.read import expand_paths
from extract.read.bounds import require_regular
from extract.read.errors import ReadError
from jixiao.baseline import split_by_verdict
from jixiao.limits import DEFAULT_MEMORY_MB, DEFAULT_OCR_PAGE_SECONDS, DEFAULT_SECONDS
from jixiao.model import DocumentResult
from jixiao.pipeline import SEVERITY_ORDER, file_sha256

from .cross_rules import cross_findings
from .store import DEFAULT_DB, CorpusStore
from .version import tool_version
from .worker import TRANSIENT_PREFIXES, WorkResult


@dataclass
class ScreenOptions:
    db: str = DEFAULT_DB
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = DEFAULT_SECONDS  # seconds per file, plus ocr_page_seconds per scanned page
    max_memory_mb: int | None = DEFAULT_MEMORY_MB  # extra address space per worker
    force: bool = False  # re-check files already in the corpus
    dask: str | None = None  # scheduler address or "local"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    ocr_page_seconds: float = DEFAULT_OCR_PAGE_SECONDS
    verdicts: list = field(default_factory=list)  # jixiao.baseline.Entry objects to store in the corpus first


@dataclass
class ScreenOutcome:
    results: list[DocumentResult]  # files of this run in order, then other documents given findings
    files: int  # files named by this run
    checked: int  # analysed now
    skipped: int  # already in the corpus
    unreadable: int
    seconds: float
    run_paths: set[str] = field(default_factory=set)
    rechecked: int = 0  # of `checked`: in the corpus already, but its findings came from other rules
    suppressed: list[Counter] = field(default_factory=list)  # per result: findings hidden by a verdict, per verdict

    @property
    def failed(self) -> bool:
        return any(r.error or any(f.severity == "error" for f in r.findings) for r in self.results)


Progress = Callable[[WorkResult], None]


def _transient(error: str | None) -> bool:
    return bool(error) and error.startswith(TRANSIENT_PREFIXES)


def screen(paths: list[str], options: ScreenOptions | None = None,
           progress: Callable[[int, int], Progress] | None = None) -> ScreenOutcome:
    """Screen files and folders; ``progress(total, skipped)`` returns a per-file callback."""
    options = options or ScreenOptions()
    start = time.perf_counter()
    files = expand_paths(paths)
    current = tool_version()
    store = CorpusStore(options.db)
    try:
        doc_of: dict[str, int] = {}  # path -> document id
        unhashable: dict[str, DocumentResult] = {}
        todo: list[tuple[str, str]] = []
        queued: set[str] = set()
        sha_of: dict[str, str] = {}
        skipped = rechecked = 0
        if options.verdicts:
            store.import_verdicts(options.verdicts)
        for path in files:
            try:
                require_regular(path)  # a named pipe must not be opened: reading it would block
                sha = file_sha256(path)
            except ReadError as exc:
                unhashable[path] = DocumentResult(path=path, error=exc.reason)
                continue
            except OSError as exc:
                from extract.read.errors import os_reason

                unhashable[path] = DocumentResult(path=path, error=os_reason(exc))
                continue
            sha_of[path] = sha
            known = store.lookup(sha)
            reusable = known is not None and not options.force and not _transient(known.error)
            if known and reusable and known.tool_version == current:
                doc_of[path] = known.id
                skipped += 1
                if known.path != path and not os.path.exists(known.path):
                    store.update_path(known.id, path)  # the file was moved
            elif sha not in queued:
                queued.add(sha)
                todo.append((path, sha))
                rechecked += reusable  # findings from an older jixiao or other rule tables
        on_result = progress(len(todo), skipped) if progress else None
        sha_doc: dict[str, int] = {}
        for work in _run(todo, options):
            known = store.lookup(work.sha256)
            sha_doc[work.sha256] = store.record(
                work.result, work.sha256, unit_type=work.unit_type, facts=work.facts, texts=work.texts,
                replace=known is not None, tool_version=work.tool_version or current,
            )
            if on_result:
                on_result(work)
        for path in files:
            if path not in doc_of and path not in unhashable:
                doc_of[path] = sha_doc[sha_of[path]]
        outcome = _report(store, files, doc_of, unhashable, options, len(todo), skipped, time.perf_counter() - start)
        outcome.rechecked = rechecked
        return outcome
    finally:
        store.close()


def _run(todo: list[tuple[str, str]], options: ScreenOptions) -> Iterator[WorkResult]:
    if not todo:
        return iter(())
    if options.dask:
        from .dask_runner import run_on_dask

        return run_on_dask(options.dask, todo, options.workers, options.timeout)
    from .pool import FilePool

    return FilePool(options.workers, options.timeout, options.max_memory_mb, options.ocr_page_seconds).run(todo)


def _report(store: CorpusStore, files: list[str], doc_of: dict[str, int], unhashable: dict[str, DocumentResult],
            options: ScreenOptions, checked: int, skipped: int, seconds: float) -> ScreenOutcome:
    seeds = list(dict.fromkeys(doc_of[p] for p in files if p in doc_of))
    cross = cross_findings(store, seeds, options.select, options.ignore)
    results: list[DocumentResult] = []
    hidden: list[Counter] = []
    verdicts = store.verdicts()
    shown: set[int] = set()
    for path in files:
        if path in unhashable:
            results.append(unhashable[path])
            hidden.append(Counter())
            continue
        doc_id = doc_of[path]
        shown.add(doc_id)
        results.append(_result(store, doc_id, cross, options, path))
        hidden.append(_hide(results[-1], verdicts))
    for doc_id in cross:
        if doc_id not in shown:
            shown.add(doc_id)
            results.append(_result(store, doc_id, cross, options))
            hidden.append(_hide(results[-1], verdicts))
    return ScreenOutcome(results=results, files=len(files), checked=checked, skipped=skipped,
                         unreadable=sum(1 for r in results if r.error), seconds=seconds, run_paths=set(files),
                         suppressed=hidden)


def _hide(result: DocumentResult, verdicts: dict[str, str]) -> Counter:
    """Drop the findings a reviewer has given a verdict (stored in the corpus); count them per verdict."""
    if not verdicts:
        return Counter()
    result.findings, counts = split_by_verdict(result.findings, verdicts.get)
    return counts
    kept = []
    for f in result.findings:
        v = verdicts.get(f.fingerprint) if f.fingerprint else None
        if v is None:
            kept.append(f)
        else:
            counts[v] += 1
    result.findings = kept
    return counts


def _result(store: CorpusStore, doc_id: int, cross: dict, options: ScreenOptions, path: str | None = None) -> DocumentResult:
    r = store.load_result(doc_id)
    if path:
        r.path = path
    from jixiao.findings import with_fingerprints

    # Rows stored before fingerprints existed, and cross-document findings, get theirs here.
    findings = [f for f in with_fingerprints(r.findings + cross.get(doc_id, []), r.unit, r.year)
                if (not options.select or rule_matches(f.rule, options.select))
                and not rule_matches(f.rule, options.ignore)]
    findings.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule))
    r.findings = findings
    return r
