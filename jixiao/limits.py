"""How much time and memory one file may take, and how a reader asks for more time.

Every file `jixiao check` and `jixiao screen` read is read in a worker process
under these limits (see :mod:`jixiao.isolation`).  The defaults are meant never
to need touching: a text document gets ``base_seconds``; a scanned PDF asks
for ``ocr_page_seconds`` more per page that goes to OCR (through
:func:`request_time`, which a worker forwards to its parent before the work
starts).  The memory limit caps what a worker may add to its address space
while reading one file.

The readers also bound their own work (:mod:`extract.read.bounds`) so these
limits are rarely reached.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_SECONDS = 120.0  # per file, whatever its kind
DEFAULT_OCR_PAGE_SECONDS = 10.0  # added per page sent to OCR (about 2 s a page on 2 cores)
DEFAULT_MEMORY_MB = 1536

TIMEOUT_REASON = "处理超时（超过 {s:g} 秒）"
MEMORY_REASON = "内存超限（超过 {mb} MB）"
CRASH_REASON = "处理进程异常退出（退出码 {code}）"


@dataclass(frozen=True)
class Limits:
    """Per-file limits; ``None`` or 0 switches a limit off."""

    seconds: float | None = DEFAULT_SECONDS
    ocr_page_seconds: float = DEFAULT_OCR_PAGE_SECONDS
    memory_mb: int | None = DEFAULT_MEMORY_MB

    @property
    def timed(self) -> bool:
        return bool(self.seconds)


# The worker sets this to a function sending (kind, amount) to its parent; in-process it does nothing.
_time_hook: Callable[[str, float], None] | None = None


def set_time_hook(hook: Callable[[str, float], None] | None) -> None:
    global _time_hook
    _time_hook = hook


def request_time(seconds: float) -> None:
    """Ask for ``seconds`` more on the current file's time limit."""
    if _time_hook is not None and seconds > 0:
        _time_hook("seconds", float(seconds))


def request_ocr_pages(pages: int) -> None:
    """Ask for the time ``pages`` pages of OCR take (the parent knows the per-page allowance)."""
    if _time_hook is not None and pages > 0:
        _time_hook("ocr_pages", float(pages))
