"""`jixiao extract`: show reviewers and developers what the tool sees in a file."""
from __future__ import annotations

import argparse
import json
import sys

from extract.read.errors import ReadError
from extract import load_document
from jixiao.model import Document, Figure, Paragraph


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
        "path": doc.path, "format": doc.format, "pages": doc.pages,
        "attachments": [{"label": a.label, "title": a.title} for a in doc.attachments],
        "blocks": blocks,
        "figures": [_figure_json(f) for f in document_figures(doc)],
        "warnings": doc.warnings,
    }


def run_extract(args: argparse.Namespace) -> int:
    try:
        doc = load_document(args.file)
    except ReadError as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return 1
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

    console = Console()
    console.rule(f"[bold]{doc.path}[/] ({doc.format}{f', {doc.pages} 页' if doc.pages else ''})")
    console.print("附件：" + "；".join(f"{a.label} {a.title or ''}".strip() for a in doc.attachments) if doc.attachments else "附件：未识别")
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            if b.heading_level is not None:
                style = "bold magenta" if b.heading_level == 0 else "bold"
                console.print(f"[{style}]{b.text.strip()}[/]  [dim]{b.location.label()}[/]")
            continue
        rt = RichTable(title=f"{b.location.label()}", show_header=False, show_lines=True, expand=False)
        for _ in range(b.n_cols):
            rt.add_column(overflow="fold", max_width=24)
        for row in b.grid:
            rt.add_row(*[("[dim]↑[/]" if c.origin and c.origin[0] != c.row else "[dim]←[/]" if c.origin else c.text) for c in row])
        console.print(rt)
    figures = document_figures(doc)
    console.print(f"[bold]数字 {len(figures)} 个[/]（前 40 个）：")
    for f in figures[:40]:
        console.print(f"  {f.text:<14} {f.kind:<8} {f.value!s:<12} {f.location.label()}")
