"""One file checked without ever raising, in this process or in a limited worker.

:func:`check_one` wraps :func:`jixiao.pipeline.analyse_file`: whatever goes
wrong becomes a one-line Chinese reason in ``DocumentResult.error`` and, for
``-v``, what the machine said (``detail``).  :func:`check_files` runs a batch
through :class:`jixiao.isolation.WorkerPool` (per-file time and memory
limits) and yields each result as it completes.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from extract.read import errors as read_errors
from jixiao.config import CheckConfig
from jixiao.isolation import DELAY_ENV
from jixiao.limits import MEMORY_REASON, Limits
from jixiao.model import DocumentResult

INTERNAL_REASON = "处理失败（程序内部错误），请将此文件提供给维护者"
NESTING_REASON = "文档结构嵌套过深，无法读取"
INTERRUPTED_REASON = "未完成：检查被中断"
NOT_STARTED_REASON = "未检查：检查被中断"


@dataclass
class Checked:
    """A file's result plus, when it failed, the machine's own words for ``-v``."""

    index: int
    result: DocumentResult
    detail: str = ""


@dataclass(frozen=True)
class Task:
    index: int
    path: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    memory_mb: int | None = None


def check_one(path: str, config: CheckConfig | None = None, memory_mb: int | None = None) -> tuple[DocumentResult, str]:
    """Check ``path``; never raises (MemoryError aside, which the caller's worker turns into 内存超限)."""
    from jixiao.pipeline import analyse_file

    start = time.perf_counter()
    read_errors.last_error = None
    try:
        result = analyse_file(path, config).result
    except MemoryError:
        raise
    except RecursionError as exc:
        return DocumentResult(path=path, error=NESTING_REASON, seconds=time.perf_counter() - start), _describe(exc)
    except read_errors.ReadError as exc:  # a reader error raised outside analyse_file's own guard
        return DocumentResult(path=path, error=exc.reason, seconds=time.perf_counter() - start), read_errors.detail(exc)
    except Exception as exc:  # noqa: BLE001 - a rule or reader bug must not stop a batch
        return DocumentResult(path=path, error=INTERNAL_REASON, seconds=time.perf_counter() - start), _describe(exc)
    detail = ""
    if result.error and read_errors.last_error is not None:
        detail = read_errors.detail(read_errors.last_error)
    return result, detail


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]


def check_job(task: Task) -> Checked:
    """The worker side of a check (module level: sent to workers by reference)."""
    config = CheckConfig(select=list(task.select), ignore=list(task.ignore))
    delay = float(os.environ.get(DELAY_ENV) or 0)
    if delay:
        time.sleep(delay)
    result, detail = check_one(task.path, config, task.memory_mb)
    return Checked(task.index, result, detail)


def _failed(task: Task, failure) -> Checked:
    return Checked(task.index, DocumentResult(path=task.path, error=failure.reason, seconds=failure.seconds),
                   failure.detail)


@dataclass
class ReadOutcome:
    """What reading one file gave: its Document, or the reason it could not be read."""

    document: object = None  # jixiao.model.Document
    reason: str = ""
    detail: str = ""


def read_job(path: str) -> ReadOutcome:
    """Read and segment ``path`` (``jixiao extract``); never raises (MemoryError aside)."""
    from extract import load_document

    try:
        return ReadOutcome(load_document(path))
    except MemoryError:
        raise
    except read_errors.ReadError as exc:
        return ReadOutcome(reason=exc.reason, detail=read_errors.detail(exc))
    except RecursionError as exc:
        return ReadOutcome(reason=NESTING_REASON, detail=_describe(exc))
    except Exception as exc:  # noqa: BLE001
        return ReadOutcome(reason=INTERNAL_REASON, detail=_describe(exc))


def read_limited(path: str, limits: Limits | None) -> ReadOutcome:
    """``read_job`` in a worker under ``limits`` (in this process when ``limits`` is None)."""
    if limits is None:
        try:
            return read_job(path)
        except MemoryError:
            return ReadOutcome(reason=MEMORY_REASON.format(mb="?"))
    from jixiao.isolation import WorkerPool

    pool: WorkerPool[str, ReadOutcome] = WorkerPool(
        read_job, lambda item, failure: ReadOutcome(reason=failure.reason, detail=failure.detail), 1, limits)
    (out,) = list(pool.run([path]))
    return out


@dataclass
class Batch:
    """A running check over many files; ``unfinished()`` lists what an interruption left."""

    paths: list[str]
    config: CheckConfig
    limits: Limits = field(default_factory=Limits)
    workers: int = 1
    _pool: object = None
    _done: set[int] = field(default_factory=set)

    def run(self) -> Iterator[Checked]:
        tasks = [Task(i, p, tuple(self.config.select), tuple(self.config.ignore), self.limits.memory_mb)
                 for i, p in enumerate(self.paths)]
        if self.workers <= 0:  # in this process: no time or memory limit, the readers' bounds only
            for t in tasks:
                try:
                    out = check_job(t)
                except MemoryError:
                    out = Checked(t.index, DocumentResult(path=t.path, error=MEMORY_REASON.format(mb="?")))
                self._done.add(t.index)
                yield out
            return
        from jixiao.isolation import WorkerPool

        pool: WorkerPool[Task, Checked] = WorkerPool(check_job, _failed, min(self.workers, len(tasks)) or 1,
                                                     self.limits)
        self._pool = pool
        for out in pool.run(tasks):
            self._done.add(out.index)
            yield out

    def unfinished(self, started_reason: str = INTERRUPTED_REASON,
                   waiting_reason: str = NOT_STARTED_REASON) -> list[Checked]:
        """Results for the files an interruption left: those being read and those not started."""
        running: set[int] = set()
        pool = self._pool
        if pool is not None:
            running = {t.index for t in pool.running()}  # type: ignore[attr-defined]
        out = []
        for i, p in enumerate(self.paths):
            if i in self._done:
                continue
            reason = started_reason if i in running else waiting_reason
            out.append(Checked(i, DocumentResult(path=p, error=reason)))
        return out


def check_files(paths: Iterable[str], config: CheckConfig | None = None, limits: Limits | None = None,
                workers: int = 1, on_result: Callable[[Checked], None] | None = None) -> list[Checked]:
    """Check every file under the limits; results in input order."""
    batch = Batch(list(paths), config or CheckConfig(), limits or Limits(), workers)
    out = []
    for c in batch.run():
        if on_result:
            on_result(c)
        out.append(c)
    return sorted(out, key=lambda c: c.index)

