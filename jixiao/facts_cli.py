"""`jixiao extract --facts`: the facts the checks see, and the headers they cannot read."""
from __future__ import annotations

import json

from checks.context import CheckContext
from jixiao.model import Document


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
    return {
        "path": ctx.doc.path, "unit": ctx.unit, "unit_type": ctx.unit_type, "year": ctx.year,
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
        facts.add_row(t(f["subject"]), t(f["measure"]), t(f["period"]), t("" if f["value"] is None else f"{f['value']:g}"),
                      t(f["text"]), t(f["location"]))
    console.print(facts)
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
