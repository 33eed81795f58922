"""Blank table figures that the rest of the table shows should be there, and headers
the catalog cannot read (where every other check goes blind)."""
from __future__ import annotations

from typing import Iterator

from checks.context import CheckContext
from checks.registry import finding, rule
from extract.understand.tablefacts import fact_figure
from extract.understand.catalog import load_catalog
from jixiao.model import Evidence, Finding


@rule("field.missing", "必填项或数字留空（填报单位、合计行等）")
def blank_totals(ctx: CheckContext) -> Iterator[Finding]:
    """A total left blank in a column where one of its parts is filled with a non-zero figure."""
    catalog = load_catalog()
    facts = ctx.basic_facts + [f for s in ctx.sheets for f in s.funds]
    by_key = {(f.subject, f.measure, f.location.table): f for f in facts}
    for f in facts:
        entry = catalog.find(f.subject, "item")
        if entry is None or not entry.components or f.text.strip():
            continue
        kids = [by_key.get((c, f.measure, f.location.table)) for c in entry.components]
        filled = [(k, fact_figure(k)) for k in kids if k is not None]
        filled = [(k, g) for k, g in filled if g is not None and g.value]
        if not filled:
            continue
        parts = "；".join(f"{k.label}{g.text}" for k, g in filled)
        yield finding("field.missing", "warning",
                      f"合计数未填写：{f.location.attachment or ''}“{f.label}”{f.period or ''}数为空，而其分项已填写（{parts}）",
                      Evidence(f"{f.label}（空）", f.location), *[Evidence(g.text, k.location) for k, g in filled])


@rule("header.unmapped", "表头或行名无法对应到指标目录（该处数据未被检查）")
def unmapped_headers(ctx: CheckContext) -> Iterator[Finding]:
    seen: set[str] = set()
    for u in ctx.unmapped:
        key = "".join(u.text.split())
        if not key or key in seen:
            continue
        seen.add(key)
        kind = {"row": "行名", "column": "列名", "indicator": "指标名称"}.get(u.kind, "表头")
        extra = f"（可能是：{'、'.join(u.alternatives)}）" if u.ambiguous and u.alternatives else ""
        yield finding("header.unmapped", "info", f"无法识别的{kind}“{key}”{extra}，该处数据未参与核对",
                      Evidence(u.text, u.location))
