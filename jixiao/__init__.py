"""jixiao: contradiction checker for budget performance self-evaluation reports.

Python API (see README "Python API")::

    import jixiao
    result = jixiao.check("报告.docx", select=["score"], ignore=["score.rule_unparsed"])
    result.findings          # list[jixiao.model.Finding]
    doc = jixiao.read("报告.pdf")   # jixiao.model.Document: paragraphs and tables

``check`` never raises for a bad file (the reason is in ``result.error``);
``read`` raises :class:`jixiao.ReadError`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any


def _package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


__all__ = ["__version__", "check", "read", "ReadError", "ConfigError"]

if TYPE_CHECKING:  # pragma: no cover
    from extract.read.errors import ReadError
    from jixiao.api import check, read
    from jixiao.config import ConfigError

    __version__: str


def __getattr__(name: str) -> Any:
    # Lazy, so that `import jixiao` (and every command that never shows the version) stays cheap:
    # the version lookup (importlib.metadata) alone costs 20-30 ms.
    if name == "__version__":
        version = _package_version()
        globals()["__version__"] = version
        return version
    if name in ("check", "read"):
        from jixiao import api

        return getattr(api, name)
    if name == "ReadError":
        from extract.read.errors import ReadError

        return ReadError
    if name == "ConfigError":
        from jixiao.config import ConfigError

        return ConfigError
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
