"""Self-contained HTML page: one file a reviewer can mail, open offline and print.

Per document: a table of contents by attachment with counts, then each
finding as a card: severity, rule id with its Chinese summary, a stable anchor
(``#f-<fingerprint>``), the message with only the compared figures in bold,
and its evidence in context (the cut of the table with the cited cells
highlighted and merged cells drawn merged, or the sentence with the cited text
marked, under a breadcrumb 附件 › 表/章节 › 行/段 › 页).

An inline script (``assets/report.js``) adds filters by severity, rule and
verdict with counts that update, and verdict buttons (确认/误报/待核) kept in
the browser's localStorage and exported as a baseline file for
``jixiao check --baseline``.  Without the script the page is a complete static
report.  Nothing is loaded from the network (a Content-Security-Policy says so).
Every string taken from a report is escaped.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path

from jixiao.model import DocumentResult, Evidence, Finding

from .highlight import (
    SEVERITY_LABELS,
    breadcrumb,
    clean,
    compared_figures,
    computed_value,
    excerpts_of,
    figure_spans,
    group_by_attachment,
    message_segments,
    rule_summary,
    segments,
    severity_counts,
    written_index,
)

TITLE = "绩效自评报告检查结果"
VERDICT_BUTTONS = ("确认", "误报", "待核")
VERDICT_FILTER = ("未复核", "确认", "误报", "待核", "忽略")
EVIDENCE_CHARS = 400
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'")


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("reports").joinpath("assets", name).read_text(encoding="utf-8")


def tool_version() -> str:
    """The jixiao version recorded in an exported baseline."""
    try:
        import jixiao

        version = getattr(jixiao, "__version__", None)
        if version:
            return str(version)
        from importlib.metadata import version as dist_version

        return dist_version("jixiao")
    except Exception:  # noqa: BLE001 - a page must render from a source tree too
        return "unknown"


def render_html(results: Iterable[DocumentResult], *, generated: datetime | None = None) -> str:
    """The whole page as a string."""
    results = list(results)
    generated = generated or datetime.now(timezone.utc).astimezone()
    page = _Page(results)
    data = json.dumps({"tool_version": tool_version(), "generated": generated.isoformat(timespec="seconds")},
                      ensure_ascii=False).replace("</", "<\\/")
    total = sum(len(r.findings or ()) for r in results)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title><style>{_asset('report.css')}</style></head><body>",
        '<header class="page-head">',
        f"<h1>{_e(TITLE)}</h1>",
        f'<p class="meta">共 {len(results)} 个文件，{total} 条问题<span class="sep">·</span>'
        f'生成于 {_e(generated.strftime("%Y-%m-%d %H:%M"))}<span class="sep">·</span>jixiao {_e(tool_version())}</p>',
        "</header>",
        page.controls(),
        page.summary(),
        "<main>",
        *page.documents(),
        "</main>",
        f'<script type="application/json" id="jixiao-data">{data}</script>',
        f"<script>{_asset('report.js')}</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def write_html(results: Iterable[DocumentResult], path: str | PathLike[str]) -> None:
    """Write ``render_html`` to ``path`` as UTF-8."""
    Path(path).write_text(render_html(results), encoding="utf-8")


def _file_uri(path: str) -> str | None:
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):
        return None


class _Page:
    def __init__(self, results: list[DocumentResult]) -> None:
        self.results = results
        self.anchors: set[str] = set()

    # ------------------------------------------------------------------ controls and summary

    def controls(self) -> str:
        """Filters, verdict filter, export/import: hidden until the script shows them."""
        sev_total = {s: 0 for s in SEVERITY_LABELS}
        rules: dict[str, int] = {}
        for r in self.results:
            for f in r.findings or ():
                if f.severity in sev_total:
                    sev_total[f.severity] += 1
                rules[f.rule] = rules.get(f.rule, 0) + 1
        sev = "".join(
            f'<label><input type="checkbox" data-filter="severity" value="{s}" checked> '
            f'<span class="sev sev-{s}">{_e(label)}</span> '
            f'<span class="count" data-count="severity:{s}">{sev_total[s]}</span></label>'
            for s, label in SEVERITY_LABELS.items())
        rule_items = "".join(
            f'<label><input type="checkbox" data-filter="rule" value="{_e(rule)}" checked> '
            f'<code>{_e(rule)}</code> <span class="sum">{_e(rule_summary(rule))}</span> '
            f'<span class="count" data-count="rule:{_e(rule)}">{n}</span></label>'
            for rule, n in sorted(rules.items()))
        verdict_options = '<option value="">全部</option>' + "".join(
            f'<option value="{v}">{v}</option>' for v in VERDICT_FILTER)
        return (
            '<nav id="controls" class="controls" hidden aria-label="筛选与复核">'
            '<div class="row"><span class="label">严重程度</span>' + sev +
            '<span class="label">复核意见</span><select id="verdict-filter">' + verdict_options + "</select>"
            '<label><span class="label">搜索</span> <input id="q" type="search" placeholder="文字或规则，如 score."></label>'
            '<span class="label">显示 <b id="shown"></b> 条</span></div>'
            '<div class="row"><label><span class="label">复核人</span> <input id="reviewer" type="text" size="8"></label>'
            '<button type="button" id="export" title="下载基线文件，供 jixiao check --baseline 使用">导出复核结果</button>'
            '<button type="button" id="import" title="读入以前导出的基线文件">导入复核结果</button>'
            '<input type="file" id="import-file" accept=".json,application/json" hidden>'
            '<span id="status" role="status"></span></div>'
            f'<details class="rules"><summary>按规则筛选（{len(rules)} 条规则）</summary>'
            '<div class="row"><button type="button" id="rules-all">全选</button>'
            '<button type="button" id="rules-none">全不选</button></div>'
            f'<div class="rule-list">{rule_items}</div></details>'
            "</nav>"
        )

    def summary(self) -> str:
        if len(self.results) < 2:
            return ""
        rows = []
        totals = {s: 0 for s in SEVERITY_LABELS}
        for i, r in enumerate(self.results, 1):
            counts = severity_counts(r)
            for s in totals:
                totals[s] += counts[s]
            note = f'<span class="readerr">无法读取：{_e(r.error)}</span>' if r.error else ""
            rows.append(
                f'<tr><td><a href="#doc-{i}">{_e(r.path)}</a></td><td>{_e(r.unit or "—")}</td>'
                f'<td class="n">{_e(r.year if r.year is not None else "—")}</td>'
                + "".join(f'<td class="n">{counts[s]}</td>' for s in SEVERITY_LABELS)
                + f"<td>{note}</td></tr>")
        rows.append('<tr><th colspan="3">合计</th>'
                    + "".join(f'<th class="n">{totals[s]}</th>' for s in SEVERITY_LABELS) + "<th></th></tr>")
        return ('<section class="summary"><table class="docs"><thead><tr><th>文件</th><th>单位</th>'
                '<th class="n">年度</th><th class="n">错误</th><th class="n">警告</th><th class="n">提示</th>'
                "<th>备注</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>")

    # ------------------------------------------------------------------ documents

    def documents(self) -> list[str]:
        return [self.document(i, r) for i, r in enumerate(self.results, 1)]

    def document(self, index: int, r: DocumentResult) -> str:
        counts = severity_counts(r)
        uri = _file_uri(r.path)
        meta = [f"单位：{_e(r.unit or '未识别')}",
                f"年度：{_e(r.year if r.year is not None else '未识别')}",
                *(f'<span class="sev sev-{s}">{_e(label)} {counts[s]}</span>' for s, label in SEVERITY_LABELS.items())]
        if uri:
            meta.append(f'<a href="{_e(uri)}">打开原文件</a>')
        attrs = (f'id="doc-{index}" data-path="{_e(r.path)}" data-unit="{_e(r.unit or "")}" '
                 f'data-year="{_e(r.year if r.year is not None else "")}"')
        out = [f'<section class="doc" {attrs}><h2>{_e(r.path)}</h2>',
               '<p class="meta">' + '<span class="sep">·</span>'.join(meta) + '<span class="shown"></span></p>']
        if r.error:
            out.append(f'<p class="readerr">无法读取：{_e(r.error)}</p>')
        findings = list(r.findings or ())
        if not findings:
            if not r.error:
                out.append('<p class="empty-doc">未发现问题</p>')
            out.append("</section>")
            return "\n".join(out)
        groups = group_by_attachment(findings)
        toc = "".join(f'<a href="#doc-{index}-att-{k}">{_e(label)} <span class="count">{len(items)}</span></a>'
                      for k, (label, items) in enumerate(groups, 1))
        out.append(f'<nav class="toc" aria-label="按附件">{toc}</nav>')
        for k, (label, items) in enumerate(groups, 1):
            out.append(f'<section class="att" id="doc-{index}-att-{k}"><h3>{_e(label)}'
                       f'<small>{len(items)} 条</small></h3>')
            out += [self.finding(index, n, r, f) for n, f in enumerate(items)]
            out.append("</section>")
        out.append("</section>")
        return "\n".join(out)

    def anchor(self, doc: int, n: int, f: Finding) -> str:
        base = f"f-{f.fingerprint}" if f.fingerprint else f"f-d{doc}-{n}"
        anchor, k = base, 2
        while anchor in self.anchors:
            anchor, k = f"{base}-{k}", k + 1
        self.anchors.add(anchor)
        return anchor

    def finding(self, doc: int, n: int, r: DocumentResult, f: Finding) -> str:
        sev = str(f.severity or "")
        anchor = self.anchor(doc, n, f)
        summary = rule_summary(f.rule)
        try:
            message = "".join(f'<b class="fig">{_e(p)}</b>' if m else _e(p) for p, m in message_segments(f))
        except Exception:  # noqa: BLE001
            message = _e(f.message)
        buttons = "".join(f'<button type="button" data-verdict="{v}" aria-pressed="false">{v}</button>'
                          for v in VERDICT_BUTTONS)
        head = (f'<div class="fhead"><span class="sev">{_e(SEVERITY_LABELS.get(sev, sev))}</span>'
                f'<span class="rule-id">{_e(f.rule)}</span>'
                + (f'<span class="rule-sum">{_e(summary)}</span>' if summary else "")
                + f'<a class="anchor" href="#{_e(anchor)}" title="本条链接">#</a>'
                # a finding without a fingerprint (read back from an old corpus) cannot carry a verdict
                + (f'<span class="verdicts" role="group" aria-label="复核意见" hidden>{buttons}</span>'
                   if f.fingerprint else "") + "</div>")
        body = [head, f'<p class="msg">{message}</p>', self.evidence(r, f)]
        body.append('<p class="decided" hidden><span class="verdict-text"></span><span class="note-print"></span> '
                    '<input class="note" type="text" placeholder="复核说明（可选）" aria-label="复核说明"></p>')
        return (f'<article class="finding sev-{_e(sev)}" id="{_e(anchor)}" data-fingerprint="{_e(f.fingerprint)}" '
                f'data-rule="{_e(f.rule)}" data-severity="{_e(sev)}">' + "".join(body) + "</article>")

    # ------------------------------------------------------------------ evidence

    def evidence(self, r: DocumentResult, f: Finding) -> str:
        evidence = list(f.evidence or ())
        excerpts = excerpts_of(r, f)
        computed = computed_value(f)
        written = written_index(f)
        out: list[str] = []
        shown: set[int] = set()
        for ex in excerpts:
            shown.update(it.get("e", -1) for it in ex.get("items", ()))
            if ex.get("kind") == "table":
                out.append(table_html(ex, computed if written is not None else None, written))
            else:
                out.append(text_html(ex, computed, written))
        rest = [ev for i, ev in enumerate(evidence) if i not in shown]
        if rest:
            out.append(_plain(f, rest))
        return "".join(out)


def _crumb(parts: list[str], where: int | None = None) -> str:
    spans = "".join(f'<span class="part{" where" if k == where else ""}">{_e(p)}</span>'
                    for k, p in enumerate(parts))
    return f'<p class="crumb">{spans}</p>'


def _rows_label(rows: list[int]) -> str:
    rows = sorted(set(rows))
    if not rows:
        return ""
    if len(rows) == 1:
        return f"第{rows[0] + 1}行"
    shown = "、".join(str(r + 1) for r in rows[:6])
    return f"第{shown}{'…' if len(rows) > 6 else ''}行"


def table_html(ex: dict, computed: str | None = None, written: int | None = None) -> str:
    """The cut of a table: header and cited rows, merged cells merged, cut rows as ⋯, cited cells marked."""
    parts = [ex["attachment"]] if ex.get("attachment") else []
    title = ex.get("title")
    parts.append(f"表{ex.get('table')}「{title}」" if title else f"表{ex.get('table')}")
    rows_label = _rows_label([it["row"] for it in ex.get("items", ()) if it.get("row") is not None])
    where = None
    if rows_label:
        where = len(parts)
        parts.append(rows_label)
    if ex.get("page") is not None:
        parts.append(f"第{ex['page']}页")
    width = max((sum(c.get("colspan", 1) for c in row["cells"]) for row in ex.get("rows", ()) if "cells" in row),
                default=1)
    body: list[str] = []
    for row in ex.get("rows", ()):
        if "gap" in row:
            a, b = row["gap"]
            label = f"第{a + 1}行" if a == b else f"第{a + 1}–{b + 1}行"
            body.append(f'<tr class="gap"><th class="rn">⋯</th><td colspan="{width}">⋯ {label}略</td></tr>')
            continue
        cells: list[str] = []
        for c in row["cells"]:
            if c.get("gap"):
                cells.append('<td class="gapcol" title="列略">⋯</td>')
                continue
            classes = []
            if c.get("head"):
                classes.append("head")
            cited = c.get("cited") or []
            if cited:
                classes.append("cited")
                if not c.get("text"):
                    classes.append("blank")
            attrs = ""
            if c.get("rowspan", 1) > 1:
                attrs += f' rowspan="{c["rowspan"]}"'
            if c.get("colspan", 1) > 1:
                attrs += f' colspan="{c["colspan"]}"'
            if classes:
                attrs += f' class="{" ".join(classes)}"'
            if cited:
                attrs += f' title="第{c["row"] + 1}行第{c["col"] + 1}列"'
            content = _e(c.get("text", ""))
            if computed and written is not None and written in cited:
                content += f'<span class="calc">应为 {_e(computed)}</span>'
            cells.append(f"<td{attrs}>{content}</td>")
        body.append(f'<tr><th class="rn">{row["row"] + 1}</th>{"".join(cells)}</tr>')
    return (f'<div class="ctx">{_crumb(parts, where)}<div class="tbl"><table class="excerpt">'
            f'{"".join(body)}</table></div></div>')


def text_html(ex: dict, computed: str | None = None, written: int | None = None) -> str:
    """The sentence(s) of a paragraph with the cited text marked, under its section path
    (and the computed value after the written figure it contradicts)."""
    parts = list(ex.get("path") or ([ex["attachment"]] if ex.get("attachment") else []))
    where = None
    if ex.get("paragraph") is not None:
        where = len(parts)
        parts.append(f"第{ex['paragraph']}段")
    if ex.get("page") is not None:
        parts.append(f"第{ex['page']}页")
    text = ex.get("text", "")
    marks = ex.get("marks", ())
    spans = [(a, b) for a, b, _ in marks]
    calc_at = {b for a, b, idx in marks if computed and written is not None and written in idx}
    inner, pos = [], 0
    for piece, marked in segments(text, spans):
        pos += len(piece)
        inner.append(f"<mark>{_e(piece)}</mark>" if marked else _e(piece))
        if marked and pos in calc_at:
            inner.append(f'<span class="calc">应为 {_e(computed)}</span>')
    inner = "".join(inner)
    return f'<div class="ctx">{_crumb(parts or ["正文"], where)}<blockquote class="sentence">{inner}</blockquote></div>'


def _plain(f: Finding, items: list[Evidence]) -> str:
    """Evidence without document context: breadcrumb and text, compared figures in bold."""
    figures = compared_figures(f)
    lis = []
    for ev in items:
        text = clean(ev.text)
        if len(text) > EVIDENCE_CHARS:
            text = text[:EVIDENCE_CHARS - 1] + "…"
        marked = "".join(f"<b>{_e(p)}</b>" if m else _e(p) for p, m in segments(text, figure_spans(text, figures)))
        parts = breadcrumb(ev.location)
        lis.append(f"<li>{_crumb(parts) if parts else ''}<span class=\"text\">{marked or '（无原文）'}</span></li>")
    return f'<ul class="plain">{"".join(lis)}</ul>'
