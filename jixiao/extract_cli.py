"""`jixiao extract`: show reviewers and developers what the tool sees in a file.

The file is read in a worker process under the same limits as `check`.
Everything read from the document is shown through ``rich.text.Text`` objects
(never as markup) and cleaned of control characters, so "[red]", "[/]" or an
escape sequence in a report is shown as written, not obeyed.
"""
from __future__ import annotations

import argparse
import json
import sys

from jixiao.model import Document, Figure, Paragraph
from jixiao.textsafe import clean, display_path


def _figure_json(f: Figure) -> dict:
    return {"kind": f.kind, "value": f.value, "unit": f.unit, "text": f.text, "decimals": f.decimals, "location": f.location.label()}


def document_figures(doc: Document) -> list[Figure]:
    from extract.understand.figures import find_figures, parse_cell

    out: list[Figure] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.extend(find_figures(b.text, b.location))
        else:
            for cell in b.origins():
                f = parse_cell(cell.text, b.cell_location(cell.row, cell.col))
                if f is not None and f.kind != "na":
                    out.append(f)
    return out


def structure_json(doc: Document) -> dict:
    blocks = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            blocks.append({"type": "paragraph", "text": b.text, "heading_level": b.heading_level, "location": b.location.label()})
        else:
            blocks.append({
                "type": "table", "title": b.title, "location": b.location.label(), "rows": b.n_rows, "cols": b.n_cols,
                "cells": [[{"text": c.text, "rowspan": c.rowspan, "colspan": c.colspan,
                            "continues": list(c.origin) if c.origin else None} for c in row] for row in b.grid],
            })
    return {
        "path": display_path(doc.path), "format": doc.format, "pages": doc.pages,
        "attachments": [{"label": a.label, "title": a.title} for a in doc.attachments],
        "blocks": blocks,
        "figures": [_figure_json(f) for f in document_figures(doc)],
        "warnings": doc.warnings,
    }


def run_extract(args: argparse.Namespace) -> int:
    from jixiao.cli import _limits
    from jixiao.work import read_limited

    outcome = read_limited(args.file, _limits(args))
    if outcome.document is None:
        detail = f"（详情：{clean(outcome.detail)}）" if getattr(args, "verbose", False) and outcome.detail else ""
        print(f"jixiao: {display_path(args.file)}: 无法读取：{clean(outcome.reason)}{detail}", file=sys.stderr)
        return 1
    doc: Document = outcome.document  # type: ignore[assignment]
    doc.path = args.file
    if args.facts:
        from jixiao.facts_cli import print_facts

        return print_facts(doc, args.format)
    if args.format == "json":
        print(json.dumps(structure_json(doc), ensure_ascii=False, indent=2))
        return 0
    _print_text(doc)
    return 0


def _print_text(doc: Document) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    title = Text(display_path(doc.path), style="bold")
    title.append(f" ({doc.format}{f', {doc.pages} 页' if doc.pages else ''})")
    console.rule(title)
    if doc.attachments:
        console.print(Text("附件：" + "；".join(clean(f"{a.label} {a.title or ''}".strip()) for a in doc.attachments)))
    else:
        console.print(Text("附件：未识别"))
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            if b.heading_level is not None:
                style = "bold magenta" if b.heading_level == 0 else "bold"
                line = Text(clean(b.text.strip()), style=style)
                line.append("  ")
                line.append(clean(b.location.label()), style="dim")
                console.print(line)
            continue
        rt = RichTable(title=Text(clean(b.location.label())), show_header=False, show_lines=True, expand=False)
        for _ in range(b.n_cols):
            rt.add_column(overflow="fold", max_width=24)
        for row in b.grid:
            rt.add_row(*[Text("↑", style="dim") if c.origin and c.origin[0] != c.row
                         else Text("←", style="dim") if c.origin else Text(clean(c.text, keep_newlines=True))
                         for c in row])
        console.print(rt)
    figures = document_figures(doc)
    console.print(Text(f"数字 {len(figures)} 个", style="bold").append("（前 40 个）：", style=""))
    for f in figures[:40]:
        console.print(Text(f"  {clean(f.text):<14} {f.kind:<8} {f.value!s:<12} {clean(f.location.label())}"))
    for w in doc.warnings:
        console.print(Text(f"提示：{clean(w)}", style="yellow"))
