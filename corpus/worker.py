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

# Test and benchmark hook: seconds every file takes longer (simulates slow files).
DELAY_ENV = "JIXIAO_SCREEN_DELAY"
MEMORY_ERROR = "内存超限（超过 {mb} MB）"
TIMEOUT_ERROR = "处理超时（超过 {s:g} 秒）"
CRASH_ERROR = "处理进程异常退出（退出码 {code}）"
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


def process_file(path: str, sha256: str, max_memory_mb: int | None = None) -> WorkResult:
    """Analyse one file with every per-file rule (selection happens when reporting); never raises."""
    from jixiao.pipeline import analyse_file

    from .version import tool_version

    start = time.perf_counter()
    try:
        delay = float(os.environ.get(DELAY_ENV) or 0)
        if delay:
            time.sleep(delay)
        analysis = analyse_file(path, CheckConfig())
        record = analysis.record
        out = WorkResult(path, sha256, analysis.result, tool_version=tool_version())
        if record is not None:
            out.unit_type = record.unit_type
            out.facts = list(record.facts)
            out.texts = indexable_texts(record.duties_text, record.paragraphs)
        return out
    except MemoryError:
        res = failed(path, sha256, MEMORY_ERROR.format(mb=max_memory_mb or "?"), time.perf_counter() - start)
        res.recycle = True
        return res
    except Exception as exc:  # a rule bug must not stop a 10,000-file run
        return failed(path, sha256, f"处理失败：{type(exc).__name__}: {exc}", time.perf_counter() - start)
