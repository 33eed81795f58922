"""A process pool that can kill one worker: per-file time limit and memory guard.

``concurrent.futures`` cannot stop a single running task, so each worker gets
its own pipe and the parent waits on pipes and process sentinels together:
a worker over the time limit is killed and replaced, one that dies (segfault,
OOM killer) is reported and replaced, and the other workers go on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from .worker import CRASH_ERROR, DELAY_ENV, TIMEOUT_ERROR, WorkResult, failed, process_file


def _limit_memory(max_memory_mb: int | None) -> None:
    """Cap the address space at what the worker already maps plus the allowance.

    RLIMIT_AS counts virtual memory, of which an idle interpreter with its
    libraries already holds a few hundred MB; capping the *extra* keeps
    ``--max-memory`` meaningful whatever the platform's baseline.
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
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # the hard limit is lower already; keep it


def _worker_main(conn: Connection, max_memory_mb: int | None, delay: str | None) -> None:
    # Forkserver children inherit the server's environment, not the caller's: forward the hook.
    if delay is not None:
        os.environ[DELAY_ENV] = delay
    else:
        os.environ.pop(DELAY_ENV, None)
    _limit_memory(max_memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        path, sha256 = task
        try:
            conn.send(process_file(path, sha256, max_memory_mb))
        except (BrokenPipeError, KeyboardInterrupt):
            return


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[str, str] | None = None
    started: float = 0.0


class FilePool:
    """Run ``process_file`` over (path, sha256) items in ``workers`` processes; results in completion order."""

    def __init__(self, workers: int, timeout: float | None = None, max_memory_mb: int | None = None) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        methods = mp.get_all_start_methods()
        # forkserver: no fork() of a parent running rich's refresh thread, cheap respawns.
        self.ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self.ctx.set_forkserver_preload(["corpus.worker"])
        self.slots: list[_Slot] = []

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker_main, args=(child, self.max_memory_mb, os.environ.get(DELAY_ENV)), daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def _retire(self, slot: _Slot, kill: bool) -> None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        self.slots.remove(slot)

    def run(self, items: Iterable[tuple[str, str]]) -> Iterator[WorkResult]:
        pending = list(items)[::-1]
        try:
            while pending or any(s.task for s in self.slots):
                self._fill(pending)
                busy = [s for s in self.slots if s.task]
                ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], self._wait_time(busy)))
                done = [self._collect(slot, ready) for slot in busy]
                # Hand out the next files before the caller spends time recording these.
                self._fill(pending)
                yield from (r for r in done if r is not None)
        finally:
            self.close()

    def _fill(self, pending: list[tuple[str, str]]) -> None:
        while len(self.slots) < min(self.workers, len(pending) + sum(1 for s in self.slots if s.task)):
            self.slots.append(self._spawn())
        for slot in self.slots:
            if slot.task is None and pending:
                slot.task = pending.pop()
                slot.started = time.monotonic()
                slot.conn.send(slot.task)

    def _collect(self, slot: _Slot, ready: set) -> WorkResult | None:
        """The slot's result if it finished, died or ran out of time; None while it works."""
        task = slot.task
        assert task is not None
        now = time.monotonic()
        if slot.conn in ready or (slot.process.sentinel in ready and slot.conn.poll()):
            try:
                res: WorkResult = slot.conn.recv()
            except (EOFError, OSError):
                self._retire(slot, kill=True)
                return failed(task[0], task[1], CRASH_ERROR.format(code=slot.process.exitcode))
            slot.task = None
            if res.recycle:
                self._retire(slot, kill=True)
            return res
        if slot.process.sentinel in ready:
            slot.process.join(1)
            code = slot.process.exitcode
            self._retire(slot, kill=True)
            return failed(task[0], task[1], CRASH_ERROR.format(code=code), now - slot.started)
        if self.timeout and now - slot.started > self.timeout:
            self._retire(slot, kill=True)
            return failed(task[0], task[1], TIMEOUT_ERROR.format(s=self.timeout), now - slot.started)
        return None

    def _wait_time(self, busy: list[_Slot]) -> float | None:
        if not self.timeout:
            return None
        now = time.monotonic()
        return max(0.0, min(s.started + self.timeout - now for s in busy) + 0.01)

    def close(self) -> None:
        for slot in list(self.slots):
            try:
                if slot.task is None:
                    slot.conn.send(None)
            except OSError:
                pass
            self._retire(slot, kill=slot.task is not None)
