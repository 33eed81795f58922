"""The same per-file work on a Dask distributed cluster; results come back to the single writer.

Dask is an optional extra (``pip install 'jixiao[dask]'``), imported only here.
A running Dask task cannot be killed, so the time limit cancels the future and
reports the file; in-flight tasks are bounded so that the limit, counted from
submission, stays close to the real running time.  The memory guard is left
to Dask's own worker memory limits (``setrlimit`` would hit the whole worker).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .worker import TIMEOUT_ERROR, WorkResult, failed, process_file


class DaskUnavailable(Exception):
    """Message in Chinese, shown as is."""


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailable("使用 --dask 需要安装 Dask：pip install 'jixiao[dask]'") from exc
    return distributed


def run_on_dask(address: str, items: Iterable[tuple[str, str]], workers: int = 2,
                timeout: float | None = None) -> Iterator[WorkResult]:
    """Yield a WorkResult per item as tasks finish; ``address`` 'local' starts a LocalCluster."""
    distributed = _distributed()
    cluster = None
    try:
        if address == "local":
            cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                               dashboard_address=None)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout=30)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise DaskUnavailable(f"无法连接 Dask 集群 {address}：{exc}") from exc
    try:
        total_threads = sum(client.nthreads().values()) or 1
        limit = 2 * total_threads
        pending = list(items)[::-1]
        running: dict = {}  # future -> (path, sha256, submitted)
        while pending or running:
            while pending and len(running) < limit:
                path, sha = pending.pop()
                fut = client.submit(process_file, path, sha, None, pure=False)
                running[fut] = (path, sha, time.monotonic())
            wait_for = None
            if timeout:
                wait_for = max(0.05, min(t + timeout for _, _, t in running.values()) - time.monotonic())
            try:
                done, _ = distributed.wait(list(running), timeout=wait_for, return_when="FIRST_COMPLETED")
            except (TimeoutError, distributed.TimeoutError):
                done = set()
            now = time.monotonic()
            for fut in list(running):
                path, sha, submitted = running[fut]
                if fut in done:
                    del running[fut]
                    try:
                        yield fut.result()
                    except Exception as exc:  # the task itself failed on the worker
                        yield failed(path, sha, f"处理失败：{type(exc).__name__}: {exc}")
                elif timeout and now - submitted > timeout:
                    del running[fut]
                    fut.cancel()
                    yield failed(path, sha, TIMEOUT_ERROR.format(s=timeout), now - submitted)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
