"""The unit's duties section (主要职能 / 主要职责), as one text.

Used by ``duties.foreign`` (does the text belong to this kind of unit?) and by
the corpus (``duties.copied``).  Reports write the duties either inline after a
label ("本部门（单位）主要工作职责是：1、…；2、…") or as a heading followed by
numbered paragraphs ("（1） 单位主要职能" then "（一）…" … "(十)…") that run
until the next section title ("（二）年度绩效目标").  Heading levels from the
reader are unreliable inside this section (the items often use the same
numbering style as the section titles), so the end is found from what the
heading says, not from its level.
"""
from __future__ import annotations

import regex as re

from jixiao.model import Document, Location, Paragraph

LABEL_RE = re.compile(r"(?:主要|基本|工作|部门|单位|机构)?(?:职能职责|主要职能|主要职责|工作职责|部门职责|单位职责|基本职能|职责职能)")
# After the label: "是：", "：", "如下：" …
INLINE_RE = re.compile(r"(?:职能职责|主要职能|主要职责|工作职责|部门职责|单位职责|基本职能|职责职能)[^：:。，,]{0,6}?[是为]?(?:如下)?[：:]\s*")
NUMBERING_RE = re.compile(r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9一二三四五六七八九十]+\s*[、.．)）])\s*[、，,]?\s*")
# Words that make a heading a new section title rather than a duty item.
SECTION_WORDS = (
    "情况", "目标", "支出", "预算", "资金", "人员", "机构", "编制", "绩效", "问题", "措施",
    "建议", "结论", "经验", "做法", "评价", "收入", "决算", "概况", "管理",
)
MAX_PARAGRAPHS = 40
MAX_CHARS = 4000


def _body(text: str) -> str:
    return NUMBERING_RE.sub("", text, count=1).strip()


def _is_section_title(p: Paragraph) -> bool:
    """A short heading naming a report topic ("（二）年度绩效目标"), not a duty item."""
    if p.heading_level in (0, 1):
        return True
    body = _body(p.text)
    if not body or len(body) > 25 or re.search(r"[；;。]$", body):
        return False
    if p.heading_level is None and not NUMBERING_RE.match(p.text):
        return False
    return any(w in body for w in SECTION_WORDS) and not LABEL_RE.search(body)


def duties_paragraphs(doc: Document) -> list[Paragraph]:
    """The paragraphs of the first duties section (an inline one is trimmed to the duties)."""
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        text = p.text.strip()
        if not LABEL_RE.search(text):
            continue
        inline = INLINE_RE.search(text)
        if inline and len(text) - inline.end() >= 20:
            return [Paragraph(text[inline.end():].strip(), p.location, p.heading_level)]
        if len(_body(text)) > 30:
            continue  # a sentence that merely mentions duties
        collected: list[Paragraph] = []
        for q in paras[i + 1:i + 1 + MAX_PARAGRAPHS]:
            if q.location.attachment != p.location.attachment or _is_section_title(q):
                break
            if LABEL_RE.search(q.text) and len(_body(q.text)) <= 30:
                if collected:
                    break
                continue  # a sub-label ("（1） 单位主要职能" under "2、 单位主要职能与…")
            inline = INLINE_RE.search(q.text)
            if inline and not collected and len(q.text.strip()) - inline.end() >= 20:
                q = Paragraph(q.text[inline.end():].strip(), q.location, q.heading_level)
            if q.text.strip():
                collected.append(q)
            if sum(len(c.text) for c in collected) > MAX_CHARS:
                break
        if sum(len(c.text.strip()) for c in collected) >= 20:
            return collected
    return []


def duties_text(doc: Document) -> tuple[str, Location] | None:
    """The first duties section as one text (items joined by newlines) and where it starts.

    The text keeps the report's own characters so evidence quotes stay exact.
    """
    paras = duties_paragraphs(doc)
    if not paras:
        return None
    return "\n".join(p.text.strip() for p in paras), paras[0].location


__all__ = ["duties_text", "duties_paragraphs", "LABEL_RE"]
