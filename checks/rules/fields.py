"""field.missing (paragraph labels): "填报单位：" with nothing after it.

Form attachments carry label lines above or below their tables; a blank
填报单位 leaves the table without an owner (warning), a blank 填表人 or
填报日期 is a remark (info).  Blank table cells are checked elsewhere.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import regex as re

from checks.registry import finding, rule
from jixiao.model import Evidence, Finding

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "field.missing"
SEVERITY = {"填报单位": "warning", "填表单位": "warning", "单位名称": "warning",
            "填表人": "info", "填报人": "info", "填报日期": "info", "填表日期": "info"}
LABELS = "|".join(SEVERITY)
NEXT_LABEL = r"填报单位|填表单位|单位名称|填表人|填报人|填报日期|填表日期|联系电话|单位负责人|负责人|审核人|金额单位|单位[：:]"
BLANK = r"[\s_＿\-—－/．.…]*"
FIELD_RE = re.compile(rf"(?P<label>{LABELS})\s*[：:](?P<value>{BLANK})(?=(?:{NEXT_LABEL})|$)")


def blank_fields(text: str) -> list[str]:
    """Labels in ``text`` whose value is empty (spaces, tabs, underscores only)."""
    return [m.group("label") for m in FIELD_RE.finditer(text.strip())]


@rule(RULE, "必填项目或数据空缺")
def blank_label_fields(ctx: "CheckContext") -> Iterable[Finding]:
    for p in ctx.paragraphs:
        if len(p.text) > 120:
            continue
        for label in blank_fields(p.text):
            where = p.location.attachment or p.location.table_title or "报告"
            message = f"{where}“{label}”未填写"
            yield finding(RULE, SEVERITY[label], message, Evidence(p.text.strip() or p.text, p.location))
