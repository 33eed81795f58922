"""Fixtures shared across test modules: the sample reports, read once per module."""
from __future__ import annotations

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
