"""Jobs for worker-pool tests (module level, so the workers import them by reference)."""
from __future__ import annotations

import time

from jixiao.limits import request_time


def allocate(item: tuple[str, int, float]) -> str:
    """('name', megabytes, seconds to spread the allocation over) → 'name' once done."""
    name, mb, spread = item
    blocks = []
    step = max(1, mb // 20)
    for _ in range(0, mb, step):
        block = bytearray(step * 1024 * 1024)
        block[:: 4096] = b"x" * len(block[:: 4096])  # touch every page: resident, not just reserved
        blocks.append(block)
        if spread:
            time.sleep(spread / 20)
    return name


def sleep_then(item: tuple[str, float, float]) -> str:
    """('name', seconds asked for beforehand, seconds slept) → 'name'."""
    name, extra, sleep = item
    request_time(extra)
    time.sleep(sleep)
    return name


def failed(item, failure) -> str:
    return f"{item[0]}: {failure.reason}"


def loaded_modules(item: str) -> list[str]:
    """The modules a fresh worker has imported (the fork server's preload and this module)."""
    import sys

    return sorted(sys.modules)
