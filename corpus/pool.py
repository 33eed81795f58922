"""Screening's worker pool: :class:`jixiao.isolation.WorkerPool` running :func:`corpus.worker.process_file`.

A worker over the time limit is killed and replaced (处理超时), one over the
memory limit reports 内存超限 and is replaced, one that dies is reported; the
other workers go on.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from jixiao.isolation import Failure, WorkerPool, limit_memory
from jixiao.limits import DEFAULT_OCR_PAGE_SECONDS, Limits

from .worker import WorkResult, failed, screen_job

_limit_memory = limit_memory  # kept for callers of the earlier name


def _failed(item: tuple[str, str], failure: Failure) -> WorkResult:
    return failed(item[0], item[1], failure.reason, failure.seconds)


class FilePool:
    """Run ``process_file`` over (path, sha256) items in ``workers`` processes; results in completion order."""

    def __init__(self, workers: int, timeout: float | None = None, max_memory_mb: int | None = None,
                 ocr_page_seconds: float = DEFAULT_OCR_PAGE_SECONDS) -> None:
        self.limits = Limits(seconds=timeout or None, ocr_page_seconds=ocr_page_seconds,
                             memory_mb=max_memory_mb or None)
        self.pool: WorkerPool[tuple[str, str], WorkResult] = WorkerPool(screen_job, _failed, workers, self.limits)

    def run(self, items: Iterable[tuple[str, str]]) -> Iterator[WorkResult]:
        yield from self.pool.run(items)

    def close(self) -> None:
        self.pool.close()
