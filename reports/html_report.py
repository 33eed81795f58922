"""Self-contained HTML page: one file a reviewer can mail or open offline.

Every string taken from a report is passed through ``html.escape``; the page
works without scripts, and a small inline script adds a rule/severity filter.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

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

TITLE = "绩效自评报告检查结果"
_EVIDENCE_WIDTH = 400  # a page has room for more context than a terminal line

_CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef3fa}
td.n{text-align:right}
.sev{font-weight:bold;white-space:nowrap}
.sev-error{color:#c00000}.sev-warning{color:#b7791f}.sev-info{color:#1f4e79}
tbody.finding.sev-error td:first-child{border-left:4px solid #c00000}
tbody.finding.sev-warning td:first-child{border-left:4px solid #e0a800}
tbody.finding.sev-info td:first-child{border-left:4px solid #5b9bd5}
.rule{font-family:monospace;white-space:nowrap}
.loc{color:#666;font-size:.9em}
.att{background:#f7f7f7;font-weight:bold}
.readerr{color:#c00000;font-weight:bold}
.meta{color:#555}
mark{background:#ffe58a;padding:0 1px}
#filter{margin:1em 0;padding:.5em;background:#f5f5f5}
.empty{color:#2e7d32}
"""

_JS = """
(function(){
  var box=document.getElementById('q');var cbs=document.querySelectorAll('#filter input[type=checkbox]');
  function apply(){
    var q=box.value.trim().toLowerCase();var on={};
    cbs.forEach(function(c){on[c.value]=c.checked;});
    document.querySelectorAll('tbody.finding').forEach(function(t){
      var ok=on[t.dataset.severity]!==false&&(!q||t.dataset.rule.toLowerCase().indexOf(q)>=0||
        t.textContent.toLowerCase().indexOf(q)>=0);
      t.style.display=ok?'':'none';
    });
  }
  box.addEventListener('input',apply);cbs.forEach(function(c){c.addEventListener('change',apply);});
  document.getElementById('filter').hidden=false;
})();
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _marked(pieces: list[tuple[str, bool]], tag: str = "mark") -> str:
    return "".join(f"<{tag}>{_e(p)}</{tag}>" if m else _e(p) for p, m in pieces)


def _severity(sev: object) -> str:
    s = "" if sev is None else str(sev)
    return f'<span class="sev sev-{_e(s)}">{_e(SEVERITY_LABELS.get(s, s))}</span>'


def render_html(results: Iterable[DocumentResult]) -> str:
    """The whole page as a string."""
    results = list(results)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(TITLE)}</h1>",
        _filter_box(),
        _summary(results),
    ]
    parts += [_document(i, r) for i, r in enumerate(results, 1)]
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts)


def write_html(results: Iterable[DocumentResult], path: str | PathLike[str]) -> None:
    """Write ``render_html`` to ``path`` as UTF-8."""
    Path(path).write_text(render_html(results), encoding="utf-8")


def _filter_box() -> str:
    # Hidden until the script runs, so a script-less viewer shows no dead controls.
    boxes = "".join(
        f'<label><input type="checkbox" value="{s}" checked> {_e(label)}</label> '
        for s, label in SEVERITY_LABELS.items()
    )
    return ('<div id="filter" hidden><label>筛选（规则或文字）：'
            '<input id="q" type="search" placeholder="例如 score."></label> ' + boxes + "</div>")


def _summary(results: list[DocumentResult]) -> str:
    rows = []
    totals = {s: 0 for s in SEVERITY_LABELS}
    for i, r in enumerate(results, 1):
        counts = severity_counts(r)
        for s in totals:
            totals[s] += counts[s]
        note = f'<span class="readerr">读取失败：{_e(r.error)}</span>' if r.error else ""
        rows.append(
            f'<tr><td><a href="#doc-{i}">{_e(r.path)}</a></td><td>{_e(r.unit or "—")}</td>'
            f'<td>{_e(r.year if r.year is not None else "—")}</td>'
            + "".join(f'<td class="n sev-{s}">{counts[s]}</td>' for s in SEVERITY_LABELS)
            + f"<td>{note}</td></tr>"
        )
    rows.append('<tr><th colspan="3">合计</th>'
                + "".join(f'<th class="n">{totals[s]}</th>' for s in SEVERITY_LABELS) + "<th></th></tr>")
    out = [f"<p class=\"meta\">共 {len(results)} 个文件</p>",
           "<table><thead><tr><th>文件</th><th>单位</th><th>年度</th><th>错误</th><th>警告</th>"
           "<th>提示</th><th>备注</th></tr></thead><tbody>", *rows, "</tbody></table>"]
    freq = rule_frequencies(results)
    if freq:
        out.append("<table><thead><tr><th>规则</th><th>问题数</th><th>涉及文件</th></tr></thead><tbody>")
        out += [f'<tr><td class="rule">{_e(rule)}</td><td class="n">{n}</td><td class="n">{files}</td></tr>'
                for rule, n, files in freq]
        out.append("</tbody></table>")
    return "\n".join(out)


def _document(index: int, r: DocumentResult) -> str:
    counts = severity_counts(r)
    meta = "，".join([
        f"单位：{_e(r.unit or '未识别')}",
        f"年度：{_e(r.year if r.year is not None else '未识别')}",
        *(f'<span class="sev-{s}">{_e(label)} {counts[s]}</span>' for s, label in SEVERITY_LABELS.items()),
    ])
    out = [f'<section id="doc-{index}"><h2>{_e(r.path)}</h2><p class="meta">{meta}</p>']
    if r.error:
        out.append(f'<p class="readerr">无法读取：{_e(r.error)}</p>')
    findings = list(r.findings or ())
    if not findings:
        if not r.error:
            out.append('<p class="empty">未发现问题</p>')
        out.append("</section>")
        return "\n".join(out)
    out.append("<table><thead><tr><th>严重程度</th><th>规则</th><th>说明</th><th>证据</th>"
               "<th>位置</th></tr></thead>")
    for attachment, items in group_by_attachment(findings):
        out.append(f'<tbody><tr><td class="att" colspan="5">{_e(attachment)}</td></tr></tbody>')
        out += [_finding(f) for f in items]
    out.append("</table></section>")
    return "\n".join(out)


def _finding(f: Finding) -> str:
    """One <tbody> per finding, one row per evidence, so filtering hides it whole."""
    sev = "" if f.severity is None else str(f.severity)
    message = "" if f.message is None else str(f.message)
    evidence = list(f.evidence or ()) or [None]
    span = len(evidence)
    rows = []
    for i, ev in enumerate(evidence):
        cells = ""
        if i == 0:
            cells = (f'<td rowspan="{span}">{_severity(sev)}</td>'
                     f'<td rowspan="{span}" class="rule">{_e(f.rule)}</td>'
                     f'<td rowspan="{span}">{_marked(message_segments(message), "strong")}</td>')
        if ev is None:
            cells += "<td></td><td></td>"
        else:
            text = _marked(evidence_segments(str(getattr(ev, "text", "") or ""), message, _EVIDENCE_WIDTH))
            cells += f'<td>{text}</td><td class="loc">{_e(location_label(ev))}</td>'
        rows.append(f"<tr>{cells}</tr>")
    return (f'<tbody class="finding sev-{_e(sev)}" data-rule="{_e(f.rule)}" '
            f'data-severity="{_e(sev)}">' + "".join(rows) + "</tbody>")
