"""count.mismatch: a stated count that differs from the items listed after it.

"内设机构7个，分别为办公室、新闻室……" followed by six names.  Lists come from
``extract.understand.narrative.enumerations``, which already splits names run together
without 、 ("文化文艺和电影股文明创建指导股") on unit suffixes.  A list that ends in
等 is not exhaustive, so fewer items than the count is then no contradiction.
Error when the list is cleanly separated (every item delimited by 、，；), warning
when the item count depends on splitting run-together names.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import regex as re

from checks.registry import finding, rule
from extract.understand.narrative import Enumeration, enumerations
from jixiao.model import Evidence, Finding

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "count.mismatch"
SEPARATORS = re.compile(r"[、，,；;]|以及")
NOT_EXHAUSTIVE = re.compile(r"等(?:[0-9一二三四五六七八九十]+[个项家所])?(?:单位|部门|机构|项目|内容|工作)?\s*[。；;]?\s*$")


def _list_part(e: Enumeration) -> str:
    """The sentence from the first listed item on."""
    first = e.items[0] if e.items else ""
    i = e.sentence.find(first, e.count.span[1] if e.count.span[1] <= len(e.sentence) else 0)
    return e.sentence[i:] if i >= 0 else e.sentence


def mismatch(e: Enumeration) -> tuple[int, int, bool] | None:
    """(stated, listed, cleanly separated) when the list contradicts the count."""
    if e.count.value is None or e.count.value != int(e.count.value):
        return None
    stated, listed = int(e.count.value), len(e.items)
    if listed == stated:
        return None
    part = _list_part(e)
    if listed < stated and NOT_EXHAUSTIVE.search(part):
        return None
    pieces = len([p for p in SEPARATORS.split(part) if p.strip()])
    return stated, listed, pieces == listed


@rule(RULE, "列举项数与所述数量不符")
def count_mismatch(ctx: "CheckContext") -> Iterable[Finding]:
    for p in ctx.paragraphs:
        for e in enumerations(p.text, p.location):
            hit = mismatch(e)
            if hit is None:
                continue
            stated, listed, clean = hit
            message = (
                f"称{e.noun}{e.count.text}，但列出{listed}个：{'、'.join(e.items)}"
                + ("" if clean else "（部分名称未用顿号分隔，按名称后缀拆分计数）")
            )
            yield finding(RULE, "error" if clean else "warning", message, Evidence(e.sentence, p.location))
