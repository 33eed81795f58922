"""JSON renderings per the findings contract (/work/shared/spec/findings.md).

``to_json`` is the whole-run object printed by ``--format json``; ``write_jsonl``
writes one document per line so bulk screening can stream and ``grep``.

Additive keys, present only when they apply:

- per document ``"suppressed": {"确认": n, "误报": n, "忽略": n, "待核": n}``
  and at the top level the same counts over the run, when a baseline hid
  findings (``--baseline``);
- per document ``"detail"``: what the machine said about an unreadable file
  (``-v`` only);
- top level ``"interrupted": true`` when the run was cut short: the files
  not finished are listed as documents with their reason in ``error``.

Paths are shown as text: bytes of a file name that are not UTF-8 become U+FFFD.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TextIO

from jixiao.model import DocumentResult
from jixiao.textsafe import shown_path

CONTRACT_VERSION = 1


def document_json(r: DocumentResult, suppressed: Counter | None = None, detail: str = "") -> dict:
    out = shown_path(r).to_json()
    if suppressed is not None:
        from jixiao.baseline import ordered_counts

        out["suppressed"] = ordered_counts(suppressed)
    if detail:
        out["detail"] = detail
    return out


def to_json(results: Iterable[DocumentResult], suppressed: Sequence[Counter] | None = None,
            details: dict[int, str] | None = None, interrupted: bool = False) -> dict:
    """The contract object: {"version": 1, "documents": [...]}."""
    results = list(results)
    docs = [document_json(r, suppressed[i] if suppressed is not None else None, (details or {}).get(i, ""))
            for i, r in enumerate(results)]
    out: dict = {"version": CONTRACT_VERSION, "documents": docs}
    if suppressed is not None:
        from jixiao.baseline import ordered_counts

        total: Counter = Counter()
        for c in suppressed:
            total.update(c)
        out["suppressed"] = ordered_counts(total)
    if interrupted:
        out["interrupted"] = True
    return out


def dumps(results: Iterable[DocumentResult], indent: int | None = 2, **extra) -> str:
    """``to_json`` as text; Chinese kept readable rather than \\u-escaped."""
    return json.dumps(to_json(results, **extra), ensure_ascii=False, indent=indent)


def write_json(results: Iterable[DocumentResult], fh: TextIO, indent: int | None = 2) -> None:
    """Write the contract object to ``fh`` followed by a newline."""
    fh.write(dumps(results, indent))
    fh.write("\n")


def line(r: DocumentResult, suppressed: Counter | None = None, detail: str = "") -> str:
    """One document as one JSON line (no trailing newline)."""
    return json.dumps(document_json(r, suppressed, detail), ensure_ascii=False)


def write_jsonl(results: Iterable[DocumentResult], fh: TextIO) -> None:
    """One document object per line, flushed per document so a long run can be tailed."""
    for r in results:
        fh.write(line(r))
        fh.write("\n")
        fh.flush()
