"""Terminal report (rich): what a reviewer reads after ``jixiao check``.

Per document: a header (file, unit, year, counts), then the findings grouped
by attachment.  Each finding is its severity, rule id and message, with only
the figures it compares in bold, then where it stands: for table evidence the
table named once and the cited cells in one line per cited row
("第4行 年度资金总额：全年执行数 26.64 · 执行率 66.4%"), for text evidence the
section and the sentence with the cited figures in bold.

Lines are broken where Chinese typesetting allows (:mod:`reports.cjkwrap`) when
the output is a terminal; piped or redirected output is not hard-wrapped, one
line per logical line, so ``grep`` and editors see whole lines.  All report
text goes through ``rich.text.Text`` (never markup), so brackets in a report
cannot be taken for rich markup.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.model import DocumentResult, Evidence, Finding

from .cjkwrap import wrap
from .highlight import (
    SEP,
    SEVERITY_LABELS,
    breadcrumb,
    cell_label,
    clean,
    compared_figures,
    computed_value,
    excerpts_of,
    figure_spans,
    group_by_attachment,
    message_segments,
    rule_frequencies,
    segments,
    severity_counts,
    written_index,
)

SEVERITY_STYLES: dict[str, str] = {"error": "bold red", "warning": "yellow", "info": "blue"}
UNKNOWN = "未识别"
TOP_RULES = 10
PLACE_STYLE = "cyan"
LABEL_STYLE = "dim"
EVIDENCE_CHARS = 160  # an evidence text shown without its document context is cut to this

# Indents: attachment 2, finding 4 (message continues at 6), place 6, cells/sentence 8.
_FINDING, _HANG, _PLACE, _DETAIL = 4, 6, 6, 8


def render(results: list[DocumentResult], console: Console, verbosity: int = 1) -> None:
    """Print every document, then a summary table when several were checked.

    verbosity 0: one line per document (and the reason when it could not be read); 1: findings with
    evidence for errors and warnings; 2: also info evidence and timings.
    """
    verbosity = max(0, min(2, int(verbosity)))
    results = list(results)
    out = _Out(console)
    for result in results:
        if verbosity == 0:
            _render_quiet(result, out)
        else:
            _render_document(result, out, verbosity)
    if len(results) > 1:
        if verbosity > 0:
            console.print()
        _render_summary(results, console)


class _Out:
    """Prints logical lines: wrapped for a terminal, whole when piped."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width if console.is_terminal else None

    def line(self, text: Text, indent: int = 0, hang: int | None = None, keep: list[tuple[int, int]] = ()) -> None:
        for piece in wrap(text, self.width, indent, hang, keep=keep):
            self.console.print(piece, soft_wrap=True)

    def crumb(self, parts: list[str], indent: int, style: str = PLACE_STYLE, suffix: Text | None = None) -> None:
        """A location: broken only between its parts."""
        text = Text(SEP.join(parts), style=style)
        keep, pos = [], 0
        for p in parts:
            keep.append((pos, pos + len(p)))
            pos += len(p) + len(SEP)
        if suffix is not None:
            text.append_text(suffix)
        for piece in wrap(text, self.width, indent, indent + 2, keep=keep):
            self.console.print(piece, soft_wrap=True)


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
    return Text.assemble(("无法读取：", "bold red"), (_str(result.error), "red"))


def _render_quiet(result: DocumentResult, out: _Out) -> None:
    line = Text(_str(result.path), style="bold")
    line.append("  ")
    if result.error:
        line.append("读取失败", style="bold red")
    else:
        line.append_text(_counts_text(result))
    out.line(line, 0, 2, keep=_fields(line.plain))
    if result.error:
        out.line(_read_error(result), 2)


def _render_document(result: DocumentResult, out: _Out, verbosity: int) -> None:
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
    out.console.rule(style="dim")
    out.line(header, 0, 2, keep=_fields(header.plain))
    if result.error:
        out.line(_read_error(result), 2)
    findings = list(result.findings or ())
    if not findings:
        if not result.error:
            out.line(Text("未发现问题", style="green"), 2)
        return
    for attachment, items in group_by_attachment(findings):
        out.line(Text(attachment, style="bold underline"), 2)
        for f in items:
            out.line(_finding_line(f), _FINDING, _HANG)
            if getattr(f, "severity", None) != "info" or verbosity >= 2:
                _render_evidence(result, f, attachment, out)


def _fields(plain: str) -> list[tuple[int, int]]:
    """Spans of the two-space separated fields of a header line ("错误 8" must not be split)."""
    out, pos = [], 0
    for part in plain.split("  "):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def _seconds(result: DocumentResult) -> float:
    try:
        return float(result.seconds or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _finding_line(f: Finding) -> Text:
    line = Text()
    line.append_text(_severity_tag(getattr(f, "severity", None)))
    line.append(" ")
    line.append(_str(getattr(f, "rule", "")), style="magenta")
    line.append(" ")
    try:
        pieces = message_segments(f)
    except Exception:  # noqa: BLE001 - a finding with odd data still prints its message
        pieces = [(_str(getattr(f, "message", "")), False)]
    for piece, marked in pieces:
        line.append(piece, style="bold" if marked else "")
    return line


# --------------------------------------------------------------------------- evidence

def _render_evidence(result: DocumentResult, f: Finding, attachment: str, out: _Out) -> None:
    evidence = list(getattr(f, "evidence", None) or ())
    excerpts = excerpts_of(result, f)
    shown: set[int] = set()
    computed = computed_value(f)
    written = written_index(f)
    for ex in excerpts:
        shown.update(it["e"] for it in ex.get("items", ()))
        if ex.get("kind") == "table":
            _table_excerpt(ex, evidence, attachment, out, computed if written is not None else None, written)
        else:
            _text_excerpt(ex, attachment, out, computed, written)
    rest = [(i, ev) for i, ev in enumerate(evidence) if i not in shown]
    _plain_evidence(f, rest, attachment, out)


def _local(parts: list[str], attachment: str) -> list[str]:
    """A breadcrumb without the attachment the findings are grouped under."""
    return parts[1:] if parts and parts[0] == attachment and len(parts) > 1 else parts


def _table_crumb(ex: dict) -> list[str]:
    parts = [ex["attachment"]] if ex.get("attachment") else []
    title = ex.get("title")
    parts.append(f"表{ex.get('table')}「{title}」" if title else f"表{ex.get('table')}")
    if ex.get("page") is not None:
        parts.append(f"第{ex['page']}页")
    return parts


def _table_excerpt(ex: dict, evidence: list[Evidence], attachment: str, out: _Out,
                   computed: str | None, written: int | None) -> None:
    out.crumb(_local(_table_crumb(ex), attachment), _PLACE)
    by_row: dict[int | None, list[dict]] = {}
    for it in ex.get("items", ()):
        by_row.setdefault(it.get("row"), []).append(it)
    for row, items in sorted(by_row.items(), key=lambda kv: -1 if kv[0] is None else kv[0]):
        line = Text()
        if row is not None:
            line.append(f"第{row + 1}行 ", style=LABEL_STYLE)
        labels = [it.get("row_label") for it in items if it.get("row_label")]
        if labels:
            line.append(labels[0])
            line.append("：")
        for k, it in enumerate(items):
            if k:
                line.append(" · ", style=LABEL_STYLE)
            if it.get("col_label"):
                line.append(f"{it['col_label']} ", style=LABEL_STYLE)
            elif it.get("col") is not None:
                line.append(f"第{it['col'] + 1}列 ", style=LABEL_STYLE)
            text = it.get("text")
            if text is None:
                i = it.get("e", -1)
                text = clean(evidence[i].text) if 0 <= i < len(evidence) else ""
            line.append(text or "（空）", style="bold" if text else "bold dim")
            if computed and it.get("e") == written:
                line.append(f"（应为 {computed}）", style="green")
        out.line(line, _DETAIL, _DETAIL + 2)


def _text_excerpt(ex: dict, attachment: str, out: _Out, computed: str | None = None,
                  written: int | None = None) -> None:
    path = list(ex.get("path") or ([ex["attachment"]] if ex.get("attachment") else []))
    if ex.get("paragraph") is not None:
        path.append(f"第{ex['paragraph']}段")
    if ex.get("page") is not None:
        path.append(f"第{ex['page']}页")
    out.crumb(_local(path, attachment) or ["正文"], _PLACE)
    text = ex.get("text", "")
    line = Text()
    marks = ex.get("marks", ())
    spans = [(a, b) for a, b, _ in marks]
    calc_at = {b for a, b, idx in marks if computed and written is not None and written in idx}
    pos = 0
    for piece, marked in segments(text, spans):
        pos += len(piece)
        line.append(piece, style="bold" if marked else "")
        if marked and pos in calc_at:
            line.append(f"（应为 {computed}）", style="green")
    out.line(line, _DETAIL, _DETAIL)


def _plain_evidence(f: Finding, items: list[tuple[int, Evidence]], attachment: str, out: _Out) -> None:
    """Evidence without document context: grouped by table so each table is named once."""
    figures = compared_figures(f)
    last_place: tuple | None = None
    for _, ev in items:
        loc = ev.location
        text = clean(getattr(ev, "text", ""))
        if len(text) > EVIDENCE_CHARS:
            text = text[:EVIDENCE_CHARS - 1] + "…"
        if loc.table is not None:
            place = ("table", loc.attachment, loc.table)
            if place != last_place:
                parts = breadcrumb(loc.at(row=None, col=None))
                out.crumb(_local(parts, attachment), _PLACE)
            last_place = place
            line = Text(f"{cell_label(loc)} ", style=LABEL_STYLE) if cell_label(loc) else Text()
            line.append(text or "（空）", style="bold")
            out.line(line, _DETAIL, _DETAIL + 2)
            continue
        last_place = None
        parts = breadcrumb(loc)
        if parts:
            out.crumb(_local(parts, attachment), _PLACE)
        line = Text()
        if not text:
            line.append("（无原文）", style="dim")
        for piece, marked in segments(text, figure_spans(text, figures)):
            line.append(piece, style="bold" if marked else "")
        out.line(line, _DETAIL, _DETAIL)


# --------------------------------------------------------------------------- summary

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
