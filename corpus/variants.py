"""Distinct-but-valid copies of a .docx, for tests and benchmarks of bulk screening.

Rewrites text inside word/document.xml (unit names, figures) and adds a small
marker part so every copy has its own sha256 while still reading as a report.
"""
from __future__ import annotations

import zipfile
from pathlib import Path


def make_variant(src: str | Path, dst: str | Path, replacements: dict[str, str] | None = None,
                 marker: str = "") -> Path:
    """Copy ``src`` to ``dst`` replacing strings in the document body; ``marker`` changes the hash."""
    dst = Path(dst)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml" and replacements:
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            zout.writestr(item, data)
        if marker:
            zout.writestr("customXml/jixiao-variant.txt", marker)
    return dst
