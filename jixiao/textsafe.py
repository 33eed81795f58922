"""Strings from documents and file names, made safe to show.

A report or a file name is written by someone else: it may hold terminal
control sequences (ESC [ … m, OSC 8 links, bell, backspace), Unicode bidi
overrides that reorder what a reviewer reads, rich markup ("[red]", "[/]"),
or, for file names, bytes that are not UTF-8.  Everything shown on a terminal
goes through :func:`clean`; every path shown in any format goes through
:func:`display_path`.  Rich markup is never interpreted because output is
built from ``rich.text.Text`` objects or escaped with :func:`markup`.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace

from jixiao.model import DocumentResult, Evidence, Finding, Location

# Replaced one for one, so character spans into a text stay valid:
# C0 controls except tab and newline, DEL and C1 controls (ESC starts terminal sequences) → U+FFFD;
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# bidi embeddings, overrides and isolates, direction marks, line/paragraph separators, BOM → a space.
_FORMAT = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
_LINE_BREAKS = re.compile(r"[\r\n\t]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as text for people: bytes that are not UTF-8 become U+FFFD, controls are removed.

    The name given to ``open()`` stays untouched (Python keeps undecodable
    bytes as lone surrogates); only what is shown is changed.
    """
    if isinstance(path, bytes):
        raw = path
    else:
        try:
            raw = os.fsencode(path)
        except (UnicodeEncodeError, TypeError):
            raw = str(path).encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "replace")
    return clean(_SURROGATE.sub("\ufffd", text))


def clean(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` without control characters (each replaced by one character); on one line unless ``keep_newlines``."""
    if text is None:
        return ""
    s = str(text)
    if not keep_newlines:
        s = _LINE_BREAKS.sub(" ", s)
    elif "\r" in s:
        s = s.replace("\r", " ")
    s = _SURROGATE.sub("\ufffd", s)
    s = _FORMAT.sub(" ", s)
    return _CONTROL.sub("\ufffd", s)


def markup(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` cleaned and escaped for a rich markup string (prefer ``Text`` objects)."""
    from rich.markup import escape

    return escape(clean(text, keep_newlines=keep_newlines))


def _clean_location(loc: Location) -> Location:
    return loc.at(
        file=clean(loc.file),
        attachment=clean(loc.attachment) if loc.attachment else loc.attachment,
        section=clean(loc.section) if loc.section else loc.section,
        table_title=clean(loc.table_title) if loc.table_title else loc.table_title,
    )


def _clean_finding(f: Finding) -> Finding:
    evidence = tuple(replace(e, text=clean(e.text, keep_newlines=True), location=_clean_location(e.location))
                     for e in f.evidence)
    return replace(f, message=clean(f.message), evidence=evidence)


def safe_result(result: DocumentResult) -> DocumentResult:
    """A copy of ``result`` fit for a terminal: path shown readably, every string without controls."""
    return DocumentResult(
        path=display_path(result.path),
        unit=clean(result.unit) if result.unit else result.unit,
        year=result.year,
        error=clean(result.error) if result.error else result.error,
        findings=[_clean_finding(f) for f in result.findings],
        seconds=result.seconds,
    )


def _no_surrogates(text: str | None) -> str | None:
    if text is None or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def _plain_location(loc: Location) -> Location:
    fields = ("file", "attachment", "section", "table_title")
    if not any(isinstance(getattr(loc, k), str) and _SURROGATE.search(getattr(loc, k)) for k in fields):
        return loc
    return loc.at(**{k: _no_surrogates(getattr(loc, k)) for k in fields})


def shown_path(result: DocumentResult) -> DocumentResult:
    """A copy for machine formats (JSON, workbook, HTML, corpus): the path shown readably and no string
    holding bytes that are not UTF-8 (file names in locations), document text otherwise as written."""
    findings = []
    changed = False
    for f in result.findings:
        evidence = tuple(
            e if (not _SURROGATE.search(e.text) and _plain_location(e.location) is e.location)
            else replace(e, text=_no_surrogates(e.text), location=_plain_location(e.location))
            for e in f.evidence
        )
        message = _no_surrogates(f.message)
        if message is not f.message or any(a is not b for a, b in zip(evidence, f.evidence)):
            f = replace(f, message=message, evidence=evidence)
            changed = True
        findings.append(f)
    shown = display_path(result.path)
    if shown == result.path and not changed and not _SURROGATE.search(result.error or ""):
        return result
    return replace(result, path=shown, error=_no_surrogates(result.error), findings=findings)
