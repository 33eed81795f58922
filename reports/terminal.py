"""Terminal report (rich): what a reviewer reads after ``jixiao check``.

All text from reports goes through ``rich.text.Text`` (never markup strings),
so brackets in a report cannot be taken for rich markup.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jixiao.model import DocumentResult, Finding

from .highlight import (
    SEVERITY_LABELS,
    evidence_segments,
    group_by_attachment,
    location_label,
    message_segments,
    rule_frequencies,
    severity_counts,
)

SEVERITY_STYLES: dict[str, str] = {"error": "bold red", "warning": "yellow", "info": "blue"}
UNKNOWN = "未识别"
TOP_RULES = 10


def render(results: list[DocumentResult], console: Console, verbosity: int = 1) -> None:
    """Print every document, then a summary table when several were checked.

    verbosity 0: one line per document (and the reason when it could not be read); 1: findings with
    evidence for errors and warnings; 2: also info evidence and timings.
    """
    verbosity = max(0, min(2, int(verbosity)))
    results = list(results)
    for result in results:
        if verbosity == 0:
            _render_quiet(result, console)
        else:
            _render_document(result, console, verbosity)
    if len(results) > 1:
        if verbosity > 0:
            console.print()
        _render_summary(results, console)


def _str(value: object) -> str:
    return "" if value is None else str(value)


def _counts_text(result: DocumentResult) -> Text:
    counts = severity_counts(result)
    text = Text()
    for i, (sev, label) in enumerate(SEVERITY_LABELS.items()):
        if i:
            text.append("  ")
        n = counts[sev]
        text.append(f"{label} {n}", style=SEVERITY_STYLES[sev] if n else "dim")
    return text


def _severity_tag(severity: object) -> Text:
    sev = _str(severity)
    return Text(f"[{SEVERITY_LABELS.get(sev, sev or '?')}]", style=SEVERITY_STYLES.get(sev, ""))


def _read_error(result: DocumentResult) -> Text:
    return Text.assemble(("  无法读取：", "bold red"), (_str(result.error), "red"))


def _render_quiet(result: DocumentResult, console: Console) -> None:
    line = Text(_str(result.path), style="bold")
    line.append("  ")
    if result.error:
        line.append("读取失败", style="bold red")
    else:
        line.append_text(_counts_text(result))
    console.print(line, overflow="fold")
    if result.error:
        console.print(_read_error(result), overflow="fold")


def _render_document(result: DocumentResult, console: Console, verbosity: int) -> None:
    header = Text(_str(result.path), style="bold")
    header.append("  ")
    header.append(_str(result.unit) or UNKNOWN, style="cyan" if result.unit else "dim")
    header.append("  ")
    header.append(f"{result.year}年度" if result.year is not None else f"年度{UNKNOWN}",
                  style="" if result.year is not None else "dim")
    header.append("  ")
    header.append_text(_counts_text(result))
    if verbosity >= 2:
        header.append(f"  用时 {_seconds(result):.2f} 秒", style="dim")
    console.rule(style="dim")
    console.print(header, overflow="fold")
    if result.error:
        console.print(_read_error(result), overflow="fold")
    findings = list(result.findings or ())
    if not findings:
        if not result.error:
            console.print(Text("  未发现问题", style="green"))
        return
    for attachment, items in group_by_attachment(findings):
        console.print(Text(f"  {attachment}", style="bold underline"))
        for f in items:
            console.print(Padding(_finding_line(f), (0, 0, 0, 4), expand=False))
            if getattr(f, "severity", None) != "info" or verbosity >= 2:
                for line in _evidence_lines(f):
                    console.print(Padding(line, (0, 0, 0, 8), expand=False))


def _seconds(result: DocumentResult) -> float:
    try:
        return float(result.seconds or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _finding_line(f: Finding) -> Text:
    line = Text(overflow="fold")
    line.append_text(_severity_tag(getattr(f, "severity", None)))
    line.append(" ")
    line.append(_str(getattr(f, "rule", "")), style="magenta")
    line.append(" ")
    for piece, marked in message_segments(_str(getattr(f, "message", ""))):
        line.append(piece, style="bold" if marked else "")
    return line


def _evidence_lines(f: Finding) -> list[Text]:
    out: list[Text] = []
    message = _str(getattr(f, "message", ""))
    for ev in getattr(f, "evidence", None) or ():
        line = Text(overflow="fold")
        pieces = evidence_segments(_str(getattr(ev, "text", "")), message)
        if not pieces:
            line.append("（无原文）", style="dim")
        for piece, marked in pieces:
            line.append(piece, style="bold" if marked else "")
        label = location_label(ev)
        if label:
            line.append(f"  —— {label}", style="dim")
        out.append(line)
    return out


def _file_name(path: str) -> str:
    try:
        return PurePath(path).name or path
    except Exception:  # noqa: BLE001
        return path


def _render_summary(results: Sequence[DocumentResult], console: Console) -> None:
    table = Table(title=f"汇总（{len(results)} 个文件）", show_lines=False, expand=False)
    table.add_column("文件", overflow="fold", max_width=40)
    table.add_column("单位", overflow="fold", max_width=24)
    table.add_column("年度", justify="right")
    table.add_column("错误", justify="right", style="red")
    table.add_column("警告", justify="right", style="yellow")
    table.add_column("提示", justify="right", style="blue")
    table.add_column("备注", overflow="fold", max_width=30)
    totals = {s: 0 for s in SEVERITY_LABELS}
    for r in results:
        counts = severity_counts(r)
        for s in totals:
            totals[s] += counts[s]
        table.add_row(
            Text(_file_name(_str(r.path))),
            Text(_str(r.unit) or "—"),
            Text(_str(r.year) or "—"),
            *(str(counts[s]) for s in SEVERITY_LABELS),
            Text(f"读取失败：{r.error}", style="red") if r.error else Text(""),
        )
    table.add_section()
    table.add_row(Text("合计", style="bold"), "", "", *(str(totals[s]) for s in SEVERITY_LABELS), "")
    console.print(table)

    freq = rule_frequencies(results)[:TOP_RULES]
    if freq:
        rules = Table(title="最常见的规则", expand=False)
        rules.add_column("规则", style="magenta", overflow="fold")
        rules.add_column("问题数", justify="right")
        rules.add_column("涉及文件", justify="right")
        for rule, n, files in freq:
            rules.add_row(Text(rule), str(n), str(files))
        console.print(rules)
