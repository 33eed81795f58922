"""`jixiao extract --facts`: the facts the checks see, and the headers they cannot read."""
from __future__ import annotations

import json

from checks.context import CheckContext
from jixiao.model import Document


_FORMISH = __import__("regex").compile(r"自评表|评分表|指标表|绩效目标表|项目资金|年度资金总额|绩效指标")


def _measure_name(measure_id: str) -> str:
    """The Chinese name of a catalog column measure or line item (年初预算数, 三公经费 …)."""
    from extract.understand.catalog import load_catalog

    cat = load_catalog()
    entry = cat.find(measure_id, "measure") or cat.find(measure_id, "item")
    return entry.name if entry else measure_id


def facts_json(ctx: CheckContext) -> dict:
    tables = []
    for st in ctx.score_tables:
        tables.append({
            "table": st.table.location.label(), "kind": st.kind, "framework": st.framework,
            "total_weight": st.total_weight.text if st.total_weight else None,
            "total_score": st.total_score.text if st.total_score else None,
            "groups": [{"level": g.level, "name": g.name, "weight": g.weight.text if g.weight else None,
                        "location": g.location.label()} for g in st.groups],
            "indicators": [{
                "name": r.name, "indicator": r.indicator_id,
                "level1": r.level1.name if r.level1 else None, "level2": r.level2.name if r.level2 else None,
                "weight": r.weight.text if r.weight else None, "score": r.score.text if r.score else None,
                "rule": r.rule_text or None, "location": r.location.label(),
            } for r in st.rows],
        })
    forms = []
    for f in ctx.forms:
        forms.append({
            "family": f.schema.family, "form": f.schema.name, "variant": f.variant, "name": f.name,
            "table": f.table.location.label(),
            "funds": [{"row": r.label, "item": r.item, "shift": r.shift,
                       "cells": {_measure_name(role): c.text for role, c in r.cells.items()}} for r in f.funds],
            "total": None if f.total is None else {
                "label": f.total.label, "by_role": f.total.by_role,
                "weight": f.total.weight.text if f.total.weight else None,
                "score": f.total.score.text if f.total.score else None},
            "declared_weights": {k: v[0].text for k, v in f.declared_weights.items()},
            "notes": [n.text for n in f.notes],
        })
    recognised = {id(f.table) for f in ctx.forms} | {id(st.table) for st in ctx.score_tables}
    unmatched = [{"table": t.location.label(), "title": t.title, "why": cls.reason} for t, cls in ctx.classified
                 if id(t) not in recognised and cls.kind == "other" and _FORMISH.search((t.title or "") + "".join(
                     c.text for row in t.grid[:3] for c in row))]
    return {
        "path": ctx.doc.path, "unit": ctx.unit, "unit_type": ctx.unit_type, "year": ctx.year,
        "places": [name for _, name in ctx.identity.places],
        "forms": forms,
        "unmatched_forms": unmatched,
        "facts": [{"subject": f.subject, "measure": f.measure, "period": f.period, "value": f.value, "text": f.text,
                   "decimals": f.decimals, "label": f.label, "table_kind": f.table_kind, "location": f.location.label()}
                  for f in ctx.facts],
        "indicator_tables": tables,
        "unmapped": [{"text": u.text, "kind": u.kind, "ambiguous": u.ambiguous, "alternatives": list(u.alternatives),
                      "location": u.location.label()} for u in ctx.unmapped],
    }


def print_facts(doc: Document, fmt: str) -> int:
    ctx = CheckContext(doc)
    data = facts_json(ctx)
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from jixiao.textsafe import clean, display_path

    def t(value: object, style: str = "") -> Text:  # document strings: never markup, never control characters
        return Text(clean("" if value is None else value), style=style)

    console = Console(highlight=False, emoji=False)
    console.rule(Text(f"{display_path(doc.path)}  {clean(ctx.unit) or '单位未识别'}  {ctx.year or '年度未识别'}", style="bold"))
    facts = Table(title="数据事实（基础数据表、自评表资金）", show_lines=False)
    for col in ("项目", "口径", "期间", "数值", "原文", "位置"):
        facts.add_column(col, overflow="fold")
    for f in data["facts"]:
        facts.add_row(t(_measure_name(f["subject"])), t(_measure_name(f["measure"])), t(f["period"]),
                      t("" if f["value"] is None else f"{f['value']:g}"), t(f["text"]), t(f["location"]))
    console.print(facts)
    for fm in data["forms"]:
        ft = Table(title=t(f"表单：{fm['form']}（{fm['variant'] or '通用'}）「{fm['name'] or '未命名'}」 {fm['table']}"))
        roles = list(dict.fromkeys(k for r in fm["funds"] for k in r["cells"]))
        ft.add_column("行")
        for role in roles:
            ft.add_column(role, overflow="fold")
        for r in fm["funds"]:
            ft.add_row(t(r["row"] + (f"（错位{r['shift']:+d}列）" if r["shift"] else "")), *[t(r["cells"].get(k, "")) for k in roles])
        console.print(ft)
        if fm["total"]:
            tot = fm["total"]
            console.print(t(f"  {tot['label']}：分值 {tot['weight'] or '（空）'}，得分 {tot['score'] or '（空）'}"
                            + ("" if tot["by_role"] else "（数字不在分值/得分列，按顺序读取）")))
        if fm["declared_weights"]:
            console.print(t("  表注规定一级指标分值：" + "、".join(f"{k}{v}" for k, v in fm["declared_weights"].items())))
    for u in data["unmatched_forms"]:
        console.print(Text(f"像表单但不符合任何表单模式：{clean(u['table'])}（{clean(u['why'])}）", style="yellow"))
    for tb in data["indicator_tables"]:
        it = Table(title=t(f"指标得分：{tb['table']}（总分值 {tb['total_weight'] or '—'}，总分 {tb['total_score'] or '—'}）"))
        for col in ("一级", "二级", "指标", "目录编号", "分值", "得分"):
            it.add_column(col, overflow="fold")
        for r in tb["indicators"]:
            it.add_row(t(r["level1"]), t(r["level2"]), t(r["name"]),
                       t(r["indicator"]) if r["indicator"] else Text("未识别", style="yellow"), t(r["weight"]), t(r["score"]))
        console.print(it)
    if data["unmapped"]:
        console.print(Text("无法识别的表头/行名（其数据未参与核对）：", style="bold yellow"))
        for u in data["unmapped"]:
            console.print(Text(f"  {clean(repr(u['text']))}  {clean(u['location'])}"))
    else:
        console.print(Text("所有表头和行名均已识别。", style="green"))
    return 0
