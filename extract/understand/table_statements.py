"""Statements from tables: each value cell of a row-labelled table is a figure the report asserts.

Row labels map to catalog items (the measure), column headers to a role and a
year (年初预算数 → budget_initial, 2020年决算数 → actual of 2020).  Where the
catalog knows an item's parts (三公经费 = 公务用车 + 出国 + 接待; 年度资金总额 =
its 其中 rows) the statements are linked as a calculation tree, closed when
the composition is a sum, open when it names only some parts.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from jixiao.model import Fact, Figure, Scope, Statement

from .catalog import load_catalog
from .figures import parse_cell

# Catalog column measures -> statement roles.
ROLE_OF_MEASURE = {
    "final": "actual", "final_cur": "actual", "final_prev": "actual",
    "budget": "budget", "budget_cur": "budget", "budget_prev": "budget",
    "budget_initial": "budget_initial", "budget_full": "budget_adjusted", "executed": "actual",
    "execution_rate": "rate", "control_rate": "rate", "staffing_quota": "count", "staff_actual": "count",
    "weight": "weight", "score": "score",
}
_YEAR = regex.compile(r"(?:19|20)\d{2}")


MONEY_ROLES = ("budget", "budget_initial", "budget_adjusted", "actual", "income", "allocation", "received", "balance")
_YUAN = regex.compile(r"(?:单位|金额)\s*[：:]\s*元|[（(]\s*元\s*[）)]")


def money_scale(texts: list[str]) -> float:
    """1e-4 when a table's title or header says its amounts are in 元, else 1 (万元)."""
    return 1e-4 if any(_YUAN.search(t or "") for t in texts) else 1.0


def as_money(fig: Figure, scale: float) -> Figure:
    """A bare number in a money column is an amount in the table's unit."""
    if fig.kind != "number" or fig.value is None:
        return fig
    return replace(fig, kind="money", unit="万元", value=fig.value * scale, scale=scale)


def _measure_name(measure: str) -> str:
    entry = load_catalog().find(measure, "measure")
    return entry.name if entry else measure


def fact_statements(facts: list[Fact], project: str | None = None, scale: float = 1.0) -> list[Statement]:
    """One statement per fact with a written figure, linked by the catalog's compositions."""
    out: list[Statement] = []
    by_key: dict[tuple[str, str], Statement] = {}
    blanks: set[tuple[str, str]] = set()
    from .forms import schema_for

    for f in facts:
        schema = schema_for(f.table_kind) if f.table_kind else None
        role = schema.roles.get(f.measure) if schema else None
        role = role or ROLE_OF_MEASURE.get(f.measure)
        if role is None:
            continue
        if f.value is None:
            blanks.add((f.subject, f.measure))
            continue
        fig = parse_cell(f.text, f.location)
        if fig is None or fig.value is None:
            continue
        if role in MONEY_ROLES:
            fig = as_money(fig, scale)
        m = _YEAR.search(f.period or "")
        st = Statement(
            figure=fig, label=f.label, measure=f.subject, role=role, location=f.location,
            period=int(m.group()) if m else None, scope=Scope(project=project), source="table",
            sentence=f"{f.label}｜{f.period or _measure_name(f.measure)}", role_strength=2,
        )
        out.append(st)
        by_key[(f.subject, f.measure)] = st
    catalog = load_catalog()
    for entry in catalog.items:
        if not entry.components:
            continue
        for (subject, measure), parent in list(by_key.items()):
            if subject != entry.id or parent.role in ("weight", "score", "rate"):
                continue
            # The breakdown this table uses: the composition with the most of its parts written or left blank.
            components = max(entry.compositions, key=lambda comp: sum(
                (c, measure) in by_key or (c, measure) in blanks for c in comp))
            kids = [by_key.get((c, measure)) for c in components]
            present = [k for k in kids if k is not None]
            if not present:
                continue
            missing = [c for c, k in zip(components, kids) if k is None]
            for k in present:
                k.parent = parent
                parent.children.append(k)
            if entry.composition == "sum":
                # A component left blank is nothing; one absent from the table leaves the sum unknown.
                if all((c, measure) in blanks for c in missing):
                    parent.closed, parent.closed_why = True, "表内构成"
                else:
                    parent.closed, parent.closed_why = None, "缺少分项"
            else:
                parent.closed, parent.closed_why = False, "表内其中项"
    return out
