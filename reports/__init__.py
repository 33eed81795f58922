"""Renderings of check results: terminal (rich), JSON, Excel, HTML."""

from importlib import import_module

# Lazy so that ``--format json`` never pays for importing rich or openpyxl.
_EXPORTS = {
    "to_json": "json_report", "write_json": "json_report", "write_jsonl": "json_report",
    "render_terminal": "terminal", "write_xlsx": "xlsx_report",
    "render_html": "html_report", "write_html": "html_report",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    attr = "render" if name == "render_terminal" else name
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), attr)
