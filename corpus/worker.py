"""The per-file work of a screening run, identical in local processes and on Dask.

A worker analyses the file and also computes what is CPU-bound for the
corpus (MinHash bucket keys) so the single writing parent only does I/O.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from jixiao.config import CheckConfig
from jixiao.model import DocumentResult

from .store import IndexedText, indexable_texts

from jixiao.isolation import DELAY_ENV  # noqa: F401  test and benchmark hook: seconds every file takes longer
from jixiao.limits import CRASH_REASON as CRASH_ERROR  # noqa: F401
from jixiao.limits import MEMORY_REASON as MEMORY_ERROR
from jixiao.limits import TIMEOUT_REASON as TIMEOUT_ERROR  # noqa: F401
# Errors that depend on the machine rather than the file: re-checked by the next run.
TRANSIENT_PREFIXES = ("处理超时", "内存超限", "处理进程异常退出", "处理失败")


@dataclass
class WorkResult:
    path: str
    sha256: str
    result: DocumentResult
    unit_type: str | None = None
    facts: list[dict] = field(default_factory=list)
    texts: list[IndexedText] = field(default_factory=list)
    recycle: bool = False  # the worker process should be replaced (after MemoryError)
    tool_version: str | None = None  # corpus.version.tool_version() of the code that analysed the file


def failed(path: str, sha256: str, reason: str, seconds: float = 0.0) -> WorkResult:
    return WorkResult(path, sha256, DocumentResult(path=path, error=reason, seconds=seconds))


def process_file(path: str, sha256: str, max_memory_mb: int | None = None, *, raise_memory: bool = False) -> WorkResult:
    """Analyse one file with every per-file rule (selection happens when reporting); never raises."""
    from jixiao.pipeline import analyse_file
    from jixiao.work import INTERNAL_REASON, NESTING_REASON

    from .version import tool_version

    start = time.perf_counter()
    try:
        delay = float(os.environ.get(DELAY_ENV) or 0)
        if delay:
            time.sleep(delay)
        analysis = analyse_file(path, CheckConfig(), excerpts=False)
        record = analysis.record
        out = WorkResult(path, sha256, analysis.result, tool_version=tool_version())
        if record is not None:
            out.unit_type = record.unit_type
            out.facts = list(record.facts)
            out.texts = indexable_texts(record.duties_text, record.paragraphs)
        return out
    except MemoryError:
        if raise_memory:
            raise  # the pool's worker reports 内存超限 with its own limit and is replaced
        res = failed(path, sha256, MEMORY_ERROR.format(mb=max_memory_mb or "?"), time.perf_counter() - start)
        res.recycle = True
        return res
    except RecursionError:
        return failed(path, sha256, NESTING_REASON, time.perf_counter() - start)
    except Exception:  # a rule bug must not stop a 10,000-file run  # noqa: BLE001
        return failed(path, sha256, INTERNAL_REASON, time.perf_counter() - start)


def screen_job(item: tuple[str, str]) -> WorkResult:
    """The pool's job: one (path, sha256) item (module level: sent to workers by reference)."""
    return process_file(item[0], item[1], raise_memory=True)
