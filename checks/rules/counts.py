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

from checks.registry import Message, report, rule
from extract.understand.narrative import Enumeration
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


NAMES = Message("count.names", "称{noun}{count}，但列出{listed}个：{items}{note}", joiner="、")
ITEMS = Message("count.items", "称{what}{count}，但其后分列{listed}项")


@rule(RULE, "列举项数与所述数量不符")
def count_mismatch(ctx: "CheckContext") -> Iterable[Finding]:
    """A stated count that differs from the items the report lists for it.

    What it flags: "内设机构7个，分别为办公室、新闻室……" followed by another number
    of names (names run together without 、 are split on unit suffixes: then a
    warning), and "分三个项目实施：" followed by another number of numbered
    paragraphs.  A list ending in 等 names only some items and is not counted.

    Why it matters: a count that does not match its own list means an item
    was added or dropped in one place only.

    Example: 「上述资金分两个项目实施：」 followed by three numbered projects.

    Severity: error; warning when the count depends on splitting run-together
    names.  Options: none beyond --select/--ignore.
    """
    for e in ctx.enumerations:
        hit = mismatch(e)
        if hit is None:
            continue
        stated, listed, clean = hit
        yield report(RULE, "error" if clean else "warning", NAMES, [Evidence(e.sentence, e.location, "stated")],
                     noun=e.noun, count=e.count.text, listed=listed, items=tuple(e.items),
                     note="" if clean else "（部分名称未用顿号分隔，按名称后缀拆分计数）")
    for st in ctx.narrative_statements:
        if st.listed is not None and st.figure.value is not None and st.listed != int(st.figure.value):
            yield report(RULE, "error", ITEMS, [Evidence(st.sentence, st.location, "stated", st.figure.span)],
                         what=st.label, count=st.figure.text, listed=st.listed)
