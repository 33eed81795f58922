"""Worker processes that can be stopped one by one: a time and memory limit per file.

``concurrent.futures`` cannot stop a single running task, so each worker gets
its own pipe and the parent waits on pipes and process sentinels together: a
worker over its file's time limit is killed and replaced, one that dies
(segfault, the kernel's OOM killer) is reported and replaced, and the other
workers go on.  A worker caps its own address space (``RLIMIT_AS``) so that a
file asking for too much memory fails with ``MemoryError`` inside the worker,
which then reports 内存超限 and is replaced.

A job may ask for more time before it starts long work
(:func:`jixiao.limits.request_time`, e.g. the PDF reader before OCR); the
request travels over the same pipe and moves that file's deadline.

Used by ``jixiao check`` (:mod:`jixiao.work`) and ``jixiao screen``
(:mod:`corpus.pool`).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from jixiao import limits as _limits
from jixiao.limits import CRASH_REASON, TIMEOUT_REASON, Limits

T = TypeVar("T")
R = TypeVar("R")

# Test and benchmark hook: seconds every file takes longer (simulates slow files).
DELAY_ENV = "JIXIAO_SCREEN_DELAY"
# Modules imported once in the fork server, so each new worker starts warm.
PRELOAD = ["jixiao.preload"]


def limit_memory(max_memory_mb: int | None) -> None:
    """Cap the address space at what the process already maps plus the allowance.

    RLIMIT_AS counts virtual memory, of which an idle interpreter with its
    libraries already holds a few hundred MB; capping the *extra* keeps the
    limit meaningful whatever the platform's baseline.
    """
    if not max_memory_mb:
        return
    try:
        with open("/proc/self/statm") as fh:
            baseline = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        baseline = 0
    limit = baseline + max_memory_mb * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # the hard limit is lower already; keep it


def backstop_mb(max_memory_mb: int | None) -> int | None:
    """The address-space cap behind a resident-memory limit.

    Libraries reserve far more address space than they touch (onnxruntime's
    thread arenas: 1.4 GB mapped for 0.7 GB resident during OCR), so the
    limit itself is watched on resident memory by the parent; the address
    space is capped higher, so that a runaway allocation still fails at once
    with MemoryError instead of waiting for the parent's next look.
    """
    return max_memory_mb * 2 + 1024 if max_memory_mb else None


def _fewer_arenas() -> None:
    """glibc gives each thread a 64 MB malloc arena; two are plenty here (keeps the address space honest)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def resident_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


try:
    _PAGE = os.sysconf("SC_PAGE_SIZE")
except (ValueError, OSError, AttributeError):  # pragma: no cover
    _PAGE = 4096
MEMORY_POLL = 0.2  # seconds between looks at the workers' resident memory


def _worker_main(conn: Connection, job: Callable[[Any], Any], max_memory_mb: int | None, delay: str | None) -> None:
    # Fork-server children inherit the server's environment, not the caller's: forward the hook.
    if delay is not None:
        os.environ[DELAY_ENV] = delay
    else:
        os.environ.pop(DELAY_ENV, None)
    _fewer_arenas()
    limit_memory(backstop_mb(max_memory_mb))

    def ask(kind: str, amount: float) -> None:
        try:
            conn.send(("time", kind, amount))
        except OSError:
            pass

    _limits.set_time_hook(ask)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if item is None:
            return
        try:
            out = ("done", job(item))
        except KeyboardInterrupt:
            return
        except MemoryError:
            out = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - jobs catch their own errors; this is the last guard
            out = ("failed", f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send(out)
        except (BrokenPipeError, KeyboardInterrupt, OSError):
            return
        except MemoryError:
            return
        if out[0] == "memory":
            return  # a worker that ran out of memory is replaced


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection
    item: Any = None
    busy: bool = False
    started: float = 0.0
    deadline: float = 0.0
    base_rss: int = 0  # resident bytes when the item was handed out


@dataclass
class Failure:
    """Why a job produced no result: a reason for people and, for ``-v``, what the machine said."""

    reason: str
    seconds: float = 0.0
    detail: str = ""
    transient: bool = True


class WorkerPool(Generic[T, R]):
    """Run ``job(item)`` for each item in ``workers`` processes; results in completion order.

    ``job`` must be a module-level function (it is sent to the workers by
    reference) that catches its own errors; ``fail(item, Failure)`` makes the
    result for an item whose worker ran out of time, memory or died.
    """

    def __init__(self, job: Callable[[T], R], fail: Callable[[T, Failure], R], workers: int = 1,
                 limits: Limits | None = None) -> None:
        self.job = job
        self.fail = fail
        self.workers = max(1, workers)
        self.limits = limits or Limits()
        methods = mp.get_all_start_methods()
        # forkserver: no fork() of a parent running rich's refresh thread, cheap respawns.
        self.ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            # The job's own module too (unpickled in every worker anyway); the first pool of a process
            # starts the fork server, later pools' jobs are imported by their workers.
            module = getattr(job, "__module__", None)
            extra = [module] if module and module != "__main__" and module not in PRELOAD else []
            self.ctx.set_forkserver_preload(PRELOAD + extra)
        self.slots: list[_Slot] = []
        self.pending: list[T] = []
        self._cut: list[T] = []

    # -- processes
    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker_main, args=(child, self.job, self.limits.memory_mb,
                                                        os.environ.get(DELAY_ENV)), daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def _retire(self, slot: _Slot, kill: bool) -> None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        if slot in self.slots:
            self.slots.remove(slot)

    # -- running
    def run(self, items: Iterable[T]) -> Iterator[R]:
        self.pending = list(items)[::-1]
        try:
            while self.pending or any(s.busy for s in self.slots):
                self._fill()
                busy = [s for s in self.slots if s.busy]
                ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], self._wait_time(busy)))
                done = [self._collect(slot, ready) for slot in busy]
                # Hand out the next files before the caller spends time recording these.
                self._fill()
                yield from (r for r in done if r is not None)
        finally:
            self.close()

    def running(self) -> list[T]:
        """Items being worked on (after an interruption: those it cut short)."""
        return [s.item for s in self.slots if s.busy] or list(self._cut)

    def _fill(self) -> None:
        while len(self.slots) < min(self.workers, len(self.pending) + sum(1 for s in self.slots if s.busy)):
            self.slots.append(self._spawn())
        for slot in self.slots:
            if not slot.busy and self.pending:
                slot.item = self.pending.pop()
                slot.busy = True
                slot.started = time.monotonic()
                slot.deadline = slot.started + (self.limits.seconds or 0.0)
                slot.base_rss = resident_bytes(slot.process.pid or 0) or 0
                try:
                    slot.conn.send(slot.item)
                except OSError:
                    pass  # the worker died; its sentinel tells _collect

    def _collect(self, slot: _Slot, ready: set) -> R | None:
        """The slot's result if it finished, died or ran out of time; None while it works."""
        item = slot.item
        now = time.monotonic()
        if slot.conn in ready or (slot.process.sentinel in ready and slot.conn.poll()):
            while True:
                try:
                    message = slot.conn.recv()
                except (EOFError, OSError):
                    self._retire(slot, kill=True)
                    return self.fail(item, Failure(CRASH_REASON.format(code=slot.process.exitcode), now - slot.started))
                kind = message[0]
                if kind == "time":
                    self._extend(slot, message[1], message[2])
                    if slot.conn.poll():
                        continue
                    return self._check_time(slot, now)
                slot.busy = False
                slot.item = None
                if kind == "done":
                    return message[1]
                if kind == "memory":
                    self._retire(slot, kill=True)
                    return self.fail(item, Failure(_limits.MEMORY_REASON.format(mb=self.limits.memory_mb or "?"),
                                                   now - slot.started))
                self._retire(slot, kill=True)
                return self.fail(item, Failure("处理失败（程序内部错误）", now - slot.started, detail=str(message[1]),
                                               transient=True))
        if slot.process.sentinel in ready:
            slot.process.join(1)
            code = slot.process.exitcode
            self._retire(slot, kill=True)
            reason = CRASH_REASON.format(code=code)
            if code is not None and code < 0 and -code == 9 and self.limits.memory_mb:
                reason = _limits.MEMORY_REASON.format(mb=self.limits.memory_mb) + "（进程被系统终止）"
            return self.fail(item, Failure(reason, now - slot.started))
        return self._check_memory(slot, now) or self._check_time(slot, now)

    def _check_memory(self, slot: _Slot, now: float) -> R | None:
        limit = self.limits.memory_mb
        if not limit:
            return None
        rss = resident_bytes(slot.process.pid or 0)
        if rss is None or rss - slot.base_rss <= limit * 1024 * 1024:
            return None
        item = slot.item
        self._retire(slot, kill=True)
        return self.fail(item, Failure(_limits.MEMORY_REASON.format(mb=limit), now - slot.started))

    def _check_time(self, slot: _Slot, now: float) -> R | None:
        if self.limits.timed and now > slot.deadline:
            item = slot.item
            allowed = slot.deadline - slot.started
            self._retire(slot, kill=True)
            return self.fail(item, Failure(TIMEOUT_REASON.format(s=round(allowed, 1)), now - slot.started))
        return None

    def _extend(self, slot: _Slot, kind: str, amount: float) -> None:
        try:
            amount = float(amount)
        except (TypeError, ValueError):
            return
        if kind == "ocr_pages":
            slot.deadline += max(0.0, amount) * self.limits.ocr_page_seconds
        else:
            slot.deadline += max(0.0, amount)

    def _wait_time(self, busy: list[_Slot]) -> float | None:
        if not busy:
            return None
        wait_s = MEMORY_POLL if self.limits.memory_mb else None
        if self.limits.timed:
            now = time.monotonic()
            until = max(0.0, min(s.deadline - now for s in busy) + 0.01)
            wait_s = until if wait_s is None else min(wait_s, until)
        return wait_s

    def close(self) -> None:
        self._cut = [s.item for s in self.slots if s.busy]
        for slot in list(self.slots):
            try:
                if not slot.busy:
                    slot.conn.send(None)
            except OSError:
                pass
            self._retire(slot, kill=slot.busy)
