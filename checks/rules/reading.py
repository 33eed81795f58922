"""Remarks from reading the file itself (OCR, converted legacy formats, hidden sheets).

A figure read by OCR from a scan may be misread; the reviewer should know
before trusting a contradiction built on it.
"""
from __future__ import annotations

from typing import Iterator

from checks.context import CheckContext
from checks.registry import finding, rule
from jixiao.model import Evidence, Finding, Location


@rule("read.note", "读取文件时的说明（扫描件经OCR识别、旧版格式转换、隐藏工作表等）", severity="info")
def reading_notes(ctx: CheckContext) -> Iterator[Finding]:
    """Remarks from reading the file: what a reviewer should know about how its figures were obtained.

    What it flags: pages read by OCR (figures may carry recognition errors),
    legacy .doc/.wps converted, hidden sheets, pages without a text layer that
    could not be read.  Info only.  Severity: info.
    """
    for note in ctx.doc.warnings:
        extra = "，其中的数字可能有识别误差，请以原件核对" if "OCR" in note else ""
        yield finding("read.note", "info", f"{note}{extra}", Evidence(note, Location(file=ctx.doc.path)))
