"""The Python API: ``jixiao.check`` and ``jixiao.read``.

Both work in the calling process.  ``check`` never raises for a bad file: the
reason is in ``DocumentResult.error``; pass ``timeout`` / ``max_memory_mb``
to read the file in a worker process under those limits, as the command line
does (use that for files from untrusted sources).
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from jixiao.model import Document, DocumentResult


def _selectors(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [x.strip() for v in value for x in str(v).split(",") if x.strip()]


def check(path: str | os.PathLike[str], select: str | Iterable[str] | None = None,
          ignore: str | Iterable[str] | None = None, *, timeout: float | None = None,
          max_memory_mb: int | None = None) -> DocumentResult:
    """Check one report file and return its findings.

    ``select`` / ``ignore`` take rule ids or prefixes (``"score"``,
    ``["score", "rate.mismatch"]``); a selector naming no rule raises
    :class:`jixiao.config.ConfigError`.  The project's configuration file is
    not read: the selection is exactly what is passed.  With ``timeout`` or
    ``max_memory_mb`` the file is read in a worker process under those limits
    (an unfinished file comes back with the reason in ``error``).
    """
    from jixiao.config import CheckConfig, ConfigError, unknown_selectors

    sel, ign = _selectors(select), _selectors(ignore)
    for option, values in (("select", sel), ("ignore", ign)):
        bad = unknown_selectors(values)
        if bad:
            raise ConfigError(f"{option} 中有不存在的规则：{'、'.join(bad)}")
    config = CheckConfig(select=sel, ignore=ign)
    path = os.fspath(path)
    if timeout or max_memory_mb:
        from jixiao.limits import Limits
        from jixiao.work import check_files

        limits = Limits(seconds=timeout or None, memory_mb=max_memory_mb or None)
        (done,) = check_files([path], config, limits, workers=1)
        return done.result
    from jixiao.work import check_one

    try:
        result, _ = check_one(path, config)
    except MemoryError:
        from jixiao.limits import MEMORY_REASON

        return DocumentResult(path=path, error=MEMORY_REASON.format(mb="?"))
    return result


def read(path: str | os.PathLike[str]) -> Document:
    """Read a report into a :class:`~jixiao.model.Document` (attachments and sections found).

    Raises :class:`jixiao.ReadError` (``.reason`` in Chinese) for a file that cannot be read.
    """
    from extract import load_document

    return load_document(os.fspath(path))
