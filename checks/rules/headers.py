"""header.unmapped: table headers and row labels the catalog cannot read (where every other check goes blind)."""
from __future__ import annotations

from typing import Iterator

from checks.context import CheckContext
from checks.registry import finding, rule
from extract.understand.tablefacts import fact_figure
from extract.understand.catalog import load_catalog
from jixiao.model import Evidence, Finding


@rule("header.unmapped", "表头或行名无法对应到指标目录（该处数据未被检查）", severity="info")
def unmapped_headers(ctx: CheckContext) -> Iterator[Finding]:
    """A table header or row label the catalog cannot map: its data was not checked.

    What it flags: a column header or row label of a recognised table that no
    catalog entry (extract/understand/catalog.toml) matches closely enough.
    Unknown headers are reported, never silently dropped, so the gaps in what
    was checked are visible.  Info only.

    Example: 「无法识别的行名“绩效工资”」.  To teach the catalog a new spelling,
    add an alias to the entry.  Severity: info.
    """
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
