"""Tests for the report renderers: JSON contract, terminal, xlsx, HTML."""
from __future__ import annotations

import io
import json

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from jixiao.model import DocumentResult, Evidence, Finding, Location
from reports.highlight import evidence_segments, excerpt, figure_spans, group_by_attachment, message_figures
from reports.html_report import render_html, write_html
from reports.json_report import dumps, to_json, write_jsonl
from reports.terminal import render
from reports.xlsx_report import write_xlsx

LOC3 = Location(attachment="附件3", section="六、部门整体支出绩效情况", paragraph=1)
LOC51 = Location(attachment="附件5-1", section="三、预算支出主要绩效及评价结论", paragraph=1)
LOC_TABLE = Location(attachment="附件4", table=2, table_title="部门整体支出绩效自评表", row=5, col=3)

TOTAL = Finding(
    "score.total_mismatch", "error", "总分不一致：附件3 实得86分，附件5-1 实得96分",
    (Evidence("实得86分", LOC3), Evidence("实得96分", LOC51)),
)
RATE = Finding(
    "rate.mismatch", "warning", "26.64/30 = 88.8%，表中填报 66.4%",
    (Evidence("预算执行率 66.4%", LOC_TABLE),),
)
STALE = Finding(
    "year.stale", "info", "2020年度报告中出现“2018年度”",
    (Evidence("根据2018年度工作安排", Location(attachment="附件3", section="一、基本情况", paragraph=2)),),
)
SCRIPT = Finding("identity.mismatch", "warning", "<script>alert('我馆')</script>", ())


def sample() -> list[DocumentResult]:
    return [
        DocumentResult("reports/xinfang-2020.docx", "区信访局", 2020, None, [TOTAL, RATE, STALE], seconds=1.5),
        DocumentResult("reports/empty.docx", None, None, "文件为空（0 字节）", []),
        DocumentResult("reports/odd.pdf", "区文化馆", 2021, None, [SCRIPT]),
    ]


def terminal(results: list[DocumentResult], verbosity: int = 1) -> str:
    console = Console(record=True, width=120)
    render(results, console, verbosity)
    return console.export_text()


# --- JSON -------------------------------------------------------------------

def test_json_contract_shape() -> None:
    out = to_json(sample())
    assert list(out) == ["version", "documents"]
    assert out["version"] == 1
    doc = out["documents"][0]
    assert list(doc) == ["path", "unit", "year", "error", "findings"]
    assert (doc["path"], doc["unit"], doc["year"], doc["error"]) == (
        "reports/xinfang-2020.docx", "区信访局", 2020, None)
    finding = doc["findings"][0]
    assert list(finding) == ["rule", "severity", "message", "evidence"]
    assert finding["rule"] == "score.total_mismatch"
    assert finding["severity"] == "error"
    assert finding["message"] == "总分不一致：附件3 实得86分，附件5-1 实得96分"
    assert finding["evidence"] == [
        {"text": "实得86分", "location": "附件3 · 六、部门整体支出绩效情况 · 第1段"},
        {"text": "实得96分", "location": "附件5-1 · 三、预算支出主要绩效及评价结论 · 第1段"},
    ]
    empty = out["documents"][1]
    assert empty == {"path": "reports/empty.docx", "unit": None, "year": None,
                     "error": "文件为空（0 字节）", "findings": []}
    assert json.loads(dumps(sample())) == out
    assert "区信访局" in dumps(sample())  # not \u-escaped


def test_jsonl_one_document_per_line() -> None:
    fh = io.StringIO()
    write_jsonl(sample(), fh)
    lines = fh.getvalue().splitlines()
    assert len(lines) == 3
    assert [json.loads(line) for line in lines] == to_json(sample())["documents"]


# --- terminal ---------------------------------------------------------------

def test_terminal_shows_rule_message_evidence_and_location() -> None:
    text = terminal(sample())
    assert "score.total_mismatch" in text
    assert TOTAL.message in text
    assert "实得86分" in text.replace(TOTAL.message, "")
    assert LOC3.label() in text and LOC51.label() in text
    assert "文件为空（0 字节）" in text
    assert "<script>alert('我馆')</script>" in text  # brackets are not rich markup
    # Grouping: 附件3 heads the findings, 附件4 next, "其他" for no attachment.
    assert text.index("附件3\n") < text.index("附件4\n")
    assert "其他" in text
    # Summary table and rule frequencies only because several files were checked.
    assert "汇总" in text and "最常见的规则" in text
    assert "汇总" not in terminal(sample()[:1])


def test_terminal_info_evidence_only_when_verbose() -> None:
    assert "根据2018年度工作安排" not in terminal(sample(), 1)
    verbose = terminal(sample(), 2)
    assert "根据2018年度工作安排" in verbose
    assert "用时 1.50 秒" in verbose


def test_terminal_quiet_omits_evidence() -> None:
    text = terminal(sample(), 0)
    assert "reports/xinfang-2020.docx" in text
    assert "错误 1" in text  # counts by severity on the document's one line
    assert TOTAL.message not in text and RATE.message not in text  # no finding lines
    assert LOC3.label() not in text and "预算执行率" not in text
    assert "文件为空（0 字节）" in text


def test_terminal_highlights_message_figures_in_evidence() -> None:
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    render(sample()[:1], console)
    styled = console.export_text(styles=True)
    bold = "\x1b[1m"
    assert f"{bold}86分" in styled
    assert f"{bold}66.4%" in styled


def test_terminal_survives_odd_data() -> None:
    long_text = "前文" * 300 + "实得86分" + "后文" * 300
    odd = [
        DocumentResult("", None, None, None, [
            Finding("x.unknown", "fatal", "", (Evidence("", Location()),)),  # type: ignore[arg-type]
            Finding("score.total_mismatch", "error", "实得86分", (Evidence(long_text, LOC3),)),
        ]),
        DocumentResult("b.pdf", error="[red]坏[/red]"),
    ]
    for v in (-1, 0, 1, 2, 5):
        text = terminal(odd, v)
    assert "[red]坏[/red]" in text
    line = next(line for line in terminal(odd).splitlines() if "实得86分" in line and "前文" in line)
    assert len(line) < 200 and "…" in line


# --- highlighting -----------------------------------------------------------

def test_figures_skip_reference_numbers() -> None:
    assert message_figures("附件3 实得86分，附件5-1 表2 第3段 88.8%") == message_figures("86 88.8")
    assert figure_spans("共１３人，合计2,038.50万元") == [(1, 4), (7, 17)]


def test_evidence_marks_only_figures_named_in_message() -> None:
    segs = evidence_segments("年初预算30万元，执行26.64万元，执行率66.4%", "表中填报 66.4%")
    assert [p for p, marked in segs if marked] == ["66.4%"]


def test_excerpt_centres_on_first_figure() -> None:
    text = "甲" * 500 + "86分" + "乙" * 500
    cut, spans = excerpt(text, [(500, 503)], 160)
    assert len(cut) <= 162 and cut.startswith("…") and cut.endswith("…")
    assert [cut[a:b] for a, b in spans] == ["86分"]


def test_group_by_attachment_natural_order() -> None:
    def at(label: str | None) -> Finding:
        return Finding("r", "info", "m", (Evidence("t", Location(attachment=label)),))
    groups = group_by_attachment([at("附件10"), at(None), at("附件4-2"), at("附件4-1"), at("附件2")])
    assert [g for g, _ in groups] == ["附件2", "附件4-1", "附件4-2", "附件10", "其他"]


@settings(max_examples=60, deadline=None)
@given(st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_renderers_never_raise(message: str, evidence: str, unit: str | None) -> None:
    r = DocumentResult(evidence[:20], unit, None, None,
                       [Finding("r.x", "warning", message, (Evidence(evidence, Location(section=unit)),))])
    terminal([r, r], 2)
    assert render_html([r]).count("<script>") == 1


# --- xlsx -------------------------------------------------------------------

def test_xlsx_rows_header_filter(tmp_path) -> None:
    path = tmp_path / "out.xlsx"
    formula = Finding("claim.contradicts_data", "warning", "=SUM(A1:A2) 三公经费明显下降", ())
    results = sample() + [DocumentResult("c.docx", "区财政局\x07", 2021, None, [formula])]
    write_xlsx(results, path, extra_units=[{"unit": "区档案馆", "year": 2020, "备注": "未提交"}])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["问题清单", "单位汇总"]

    ws = wb["问题清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("单位", "年度", "文件", "规则", "严重程度", "说明", "位置", "证据")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:H{len(rows)}"
    assert len(rows) == 1 + 3 + 1 + 1 + 1  # findings + read.error + script + formula
    total = next(r for r in rows if r[3] == "score.total_mismatch")
    assert total[:6] == ("区信访局", 2020, "reports/xinfang-2020.docx", "score.total_mismatch", "错误", TOTAL.message)
    assert total[6] == f"{LOC3.label()}\n{LOC51.label()}"
    assert total[7] == "实得86分\n实得96分"
    read_error = next(r for r in rows if r[2] == "reports/empty.docx")
    assert read_error[3:6] == ("read.error", "错误", "文件为空（0 字节）")
    assert {r[3] for r in rows[1:]} == {"score.total_mismatch", "rate.mismatch", "year.stale",
                                        "read.error", "identity.mismatch", "claim.contradicts_data"}
    formula_row = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "claim.contradicts_data")
    assert formula_row[5].data_type == "s" and formula_row[5].value.startswith("=SUM")
    assert formula_row[0].value == "区财政局"  # control character dropped
    assert formula_row[5].alignment.wrap_text

    units = list(wb["单位汇总"].iter_rows(values_only=True))
    assert units[0] == ("单位", "年度", "文件", "错误", "警告", "提示", "读取错误", "备注")
    assert units[1][:7] == ("区信访局", 2020, "reports/xinfang-2020.docx", 1, 1, 1, None)
    assert units[2][6] == "文件为空（0 字节）"
    assert units[-1] == ("区档案馆", 2020, None, None, None, None, None, "未提交")
    assert wb["单位汇总"].freeze_panes == "A2"
    assert wb["单位汇总"].auto_filter.ref == f"A1:H{len(units)}"


def test_xlsx_empty_run(tmp_path) -> None:
    path = tmp_path / "empty.xlsx"
    write_xlsx([], path)
    rows = list(openpyxl.load_workbook(path)["问题清单"].iter_rows(values_only=True))
    assert len(rows) == 1


# --- HTML -------------------------------------------------------------------

def test_html_escapes_and_contains_every_finding(tmp_path) -> None:
    page = render_html(sample())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;我馆&#x27;)&lt;/script&gt;" in page
    for f in (TOTAL, RATE, STALE, SCRIPT):
        assert f'data-rule="{f.rule}"' in page
    assert page.count('<tbody class="finding') == 4
    assert "实得<mark>86分</mark>" in page
    assert LOC51.label() in page
    assert "文件为空（0 字节）" in page
    path = tmp_path / "out.html"
    write_html(sample(), path)
    assert path.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("evil", ['"><img src=x onerror=alert(1)>', "</script><script>x()</script>"])
def test_html_attribute_and_script_escaping(evil: str) -> None:
    r = DocumentResult(evil, evil, None, evil, [Finding(evil, "warning", evil, (Evidence(evil, LOC3),))])
    page = render_html([r])
    assert evil not in page
    assert page.count("<script>") == 1  # only the page's own filter script
