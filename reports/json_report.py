"""JSON renderings per the findings contract (/work/shared/spec/findings.md).

``to_json`` is the whole-run object printed by ``--format json``; ``write_jsonl``
writes one document per line so bulk screening can stream and ``grep``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from jixiao.model import DocumentResult

CONTRACT_VERSION = 1


def to_json(results: Iterable[DocumentResult]) -> dict:
    """The contract object: {"version": 1, "documents": [...]}."""
    return {"version": CONTRACT_VERSION, "documents": [r.to_json() for r in results]}


def dumps(results: Iterable[DocumentResult], indent: int | None = 2) -> str:
    """``to_json`` as text; Chinese kept readable rather than \\u-escaped."""
    return json.dumps(to_json(results), ensure_ascii=False, indent=indent)


def write_json(results: Iterable[DocumentResult], fh: TextIO, indent: int | None = 2) -> None:
    """Write the contract object to ``fh`` followed by a newline."""
    fh.write(dumps(results, indent))
    fh.write("\n")


def write_jsonl(results: Iterable[DocumentResult], fh: TextIO) -> None:
    """One document object per line, flushed per document so a long run can be tailed."""
    for r in results:
        fh.write(json.dumps(r.to_json(), ensure_ascii=False))
        fh.write("\n")
        fh.flush()
