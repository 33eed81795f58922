"""Fixtures shared across test modules: the sample reports, read once per module.

The scanned sample is read through OCR once per test session (about half a minute), even under
pytest-xdist: the first worker to need it reads it and leaves the result beside the workers' temp
directories for the others (:func:`scanned_read`).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from checks.context import CheckContext
from jixiao.model import Document
from ruletools import load


@pytest.fixture(scope="module")
def xinfang() -> Document:
    return load("xinfang-2020.docx")


@pytest.fixture(scope="module")
def xuanchuan() -> Document:
    return load("xuanchuan-2021.docx")


@pytest.fixture(scope="module", params=["xinfang-2020.docx", "xinfang-2020.pdf"])
def xinfang_any(request) -> CheckContext:
    return CheckContext(load(request.param))


@pytest.fixture(scope="module", params=["xuanchuan-2021.docx", "xuanchuan-2021.pdf"])
def xuanchuan_any(request) -> CheckContext:
    return CheckContext(load(request.param))


@pytest.fixture(scope="module")
def xinfang_ctx() -> CheckContext:
    return CheckContext(load("xinfang-2020.docx"))


@pytest.fixture(scope="module")
def xuanchuan_ctx() -> CheckContext:
    return CheckContext(load("xuanchuan-2021.docx"))


SCANNED = Path(__file__).parent / "fixtures" / "xuanchuan-2021-scanned.pdf"


@dataclass
class ScannedRead:
    """One read of a copy of xuanchuan-2021-scanned.pdf, with what the copy looked like around it."""

    doc: Document | None  # None: not readable here (no OCR engine installed)
    error: str | None  # the ReadError's reason when doc is None
    before: tuple[str, int]  # sha256 and mtime_ns of the copy before reading
    after: tuple[str, int]  # ... and after
    folder: list[str]  # the names in the copy's folder after reading


def _stamp(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def _read_scanned(folder: Path) -> ScannedRead:
    from extract import load_document
    from extract.read.errors import ReadError

    folder.mkdir()
    copy = folder / SCANNED.name
    shutil.copy2(SCANNED, copy)
    before = _stamp(copy)
    doc, error = None, None
    try:
        doc = load_document(copy)
    except ReadError as exc:
        error = exc.reason
    return ScannedRead(doc, error, before, _stamp(copy), sorted(p.name for p in folder.iterdir()))


@pytest.fixture(scope="session")
def scanned_read(tmp_path_factory: pytest.TempPathFactory) -> ScannedRead:
    """The OCR read of the scanned sample, once per session (shared by pytest-xdist workers).

    Tests must not change it (deep-copy it first when a test mutates documents).
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's directory, above every worker's own
    cache = root / "scanned-ocr.pickle"
    with open(root / "scanned-ocr.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait for the first read
        if not cache.exists():
            read = _read_scanned(root / "scanned-ocr")
            tmp = cache.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(read))
            tmp.replace(cache)
        return pickle.loads(cache.read_bytes())
