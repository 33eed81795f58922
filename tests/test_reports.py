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
from reports.highlight import compared_figures, figure_spans, group_by_attachment, message_segments
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
    assert "六、部门整体支出绩效情况 › 第1段" in text  # under the 附件3 group: the attachment is not repeated
    assert "附件5-1 › 三、预算支出主要绩效及评价结论 › 第1段" in text
    assert "附件4 › 表2「部门整体支出绩效自评表」" not in text and "表2「部门整体支出绩效自评表」" in text
    assert "第6行第4列 预算执行率 66.4%" in text
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
    assert "第1段" not in text and "预算执行率" not in text
    assert "文件为空（0 字节）" in text


def test_terminal_bolds_only_the_compared_figures() -> None:
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    render(sample()[:1], console)
    styled = console.export_text(styles=True)
    bold = "\x1b[1m"
    assert f"{bold}86分" in styled and f"{bold}96分" in styled
    assert f"{bold}66.4%" in styled
    assert f"{bold}88.8%" not in styled  # named in the message, but no evidence or argument compares it
    assert f"{bold}5-1" not in styled and f"{bold}3 " not in styled  # 附件5-1, 附件3 are places


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
    line = next(line for line in terminal(odd).splitlines() if "前文" in line)
    assert len(line) < 200 and "…" in line


def test_piped_output_is_not_hard_wrapped() -> None:
    long = Finding("sum.mismatch", "error", "分项之和与合计不符：" + "其中某某经费支出" * 20 + " 13.46万 + 6.73万 = 20.19万元",
                   (Evidence("13.46万", LOC3),))
    out = io.StringIO()
    render([DocumentResult("a.docx", "区信访局", 2020, None, [long])], Console(file=out, width=80), 1)
    assert long.message in out.getvalue().splitlines()[3]  # one line, longer than 80 columns


FORBIDDEN_START = tuple("，。、；：）」』》】”%")


@pytest.mark.parametrize("width", [80, 60])
def test_terminal_wraps_chinese_at_allowed_places(width: int) -> None:
    f = Finding("rate.mismatch", "error",
                "比率与数据不符：附件4-2「接访专项经费」年度资金总额：全年执行数/全年预算数 = 26.64/30 = 88.8%，"
                "表中填报66.4%，附件4-1 · 表3「预算支出绩效评价共性指标体系框架（参考）」 · 第18行第2列所列，"
                "得分合计与总分不符，以下说明文字较长，需要换行，不能让标点出现在行首。" * 2,
                (Evidence("66.4%", LOC_TABLE), Evidence("实得86分", LOC3)))
    console = Console(record=True, width=width, force_terminal=True, color_system=None)
    render([DocumentResult("reports/a.docx", "区信访局", 2020, None, [f])], console, 1)
    lines = console.export_text().splitlines()
    assert all(len(line) <= width * 2 for line in lines)
    from rich.cells import cell_len
    assert all(cell_len(line) <= width for line in lines)
    assert not [line for line in lines if line.strip().startswith(FORBIDDEN_START)]
    text = "\n".join(lines)
    assert "全年执行数/全年预算数 = 26.64/30 = 88.8%" in text  # a formula is never broken
    location = "附件4-1 · 表3「预算支出绩效评价共性指标体系框架（参考）」 · 第18行第2列"
    if width >= 80:
        assert location in text  # nor a location
    else:  # a location wider than the line breaks only between its parts
        assert all(part in text for part in location.split(" · "))


# --- highlighting -----------------------------------------------------------

def test_compared_figures_come_from_arguments_and_evidence() -> None:
    with_args = Finding("rate.mismatch", "error", "2020年度：26.64/30 = 88.8%，表中填报66.4%（附件4-2 表8）",
                        (Evidence("66.4%", LOC_TABLE, role="stated"),),
                        args=(("numerator", "26.64"), ("denominator", "30"), ("expected", "88.8%"),
                              ("stated", "66.4%"), ("project", "接访专项经费"), ("_where", "附件4-2 表8")))
    assert compared_figures(with_args) == ["26.64", "30", "88.8%", "66.4%"]
    marked = [p for p, m in message_segments(with_args) if m]
    assert marked == ["26.64", "30", "88.8%", "66.4%"]  # not 2020, not 4-2, not 8
    without = Finding("score.total_mismatch", "error", "总分不一致：附件3 实得86分，附件5-1 实得96分，表1总分100",
                      (Evidence("86分", LOC3), Evidence("96分", LOC51), Evidence("100分", LOC_TABLE),
                       Evidence("根据部门整体支出绩效评价指标体系和绩效检查情况，区信访局绩效评价指标总分值100分", LOC3)))
    assert [p for p, m in message_segments(without) if m] == ["86分", "96分", "100"]


def test_figure_spans_respect_number_boundaries_and_references() -> None:
    text = "2020年预算20万元，附件20-1 表20，第20行，合计120，20%"
    assert [text[a:b] for a, b in figure_spans(text, ["20"])] == ["20", "20"]
    assert [text[a:b] for a, b in figure_spans(text, ["20万元", "20"])] == ["20万元", "20"]
    assert figure_spans("共１３人", ["13人"]) == [(1, 4)]


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
    console = Console(record=True, width=40, force_terminal=True)
    render([r], console, 2)
    assert render_html([r]).count("<script>") == 1


# --- xlsx -------------------------------------------------------------------

HEADERS = ("单位", "年度", "文件", "规则", "严重程度", "说明", "规则说明", "附件", "证据（位置：原文）",
           "复核意见", "复核人", "复核说明", "指纹")


def test_xlsx_rows_header_filter(tmp_path) -> None:
    path = tmp_path / "out.xlsx"
    formula = Finding("claim.contradicts_data", "warning", "=SUM(A1:A2) 三公经费明显下降", ())
    results = sample() + [DocumentResult("c.docx", "区财政局\x07", 2021, None, [formula])]
    write_xlsx(results, path, extra_units=[{"unit": "区档案馆", "year": 2020, "备注": "未提交"}])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["问题清单", "单位汇总", "规则说明"]

    ws = wb["问题清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    col = {h: i for i, h in enumerate(HEADERS)}
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{len(rows)}"
    assert len(rows) == 1 + 3 + 1 + 1 + 1  # findings + read.error + script + formula
    total = next(r for r in rows if r[col["规则"]] == "score.total_mismatch")
    assert total[:4] == ("区信访局", 2020, "reports/xinfang-2020.docx", "score.total_mismatch")
    assert total[col["附件"]] == "附件3"
    assert total[col["规则说明"]] == "总分在不同附件、表格或文字中不一致"
    assert (total[col["严重程度"]], total[col["说明"]]) == ("错误", TOTAL.message)
    # each evidence line pairs its location with its text
    assert total[col["证据（位置：原文）"]].split("\n") == [
        "附件3 › 六、部门整体支出绩效情况 › 第1段：实得86分",
        "附件5-1 › 三、预算支出主要绩效及评价结论 › 第1段：实得96分"]
    rate = next(r for r in rows if r[col["规则"]] == "rate.mismatch")
    assert rate[col["证据（位置：原文）"]].split("\n") == [
        "附件4 › 表2「部门整体支出绩效自评表」", "  第6行第4列：预算执行率 66.4%"]
    read_error = next(r for r in rows if r[2] == "reports/empty.docx")
    assert (read_error[col["规则"]], read_error[col["严重程度"]], read_error[col["说明"]]) == (
        "read.error", "错误", "文件为空（0 字节）")
    formula_row = next(r for r in ws.iter_rows(min_row=2) if r[col["规则"]].value == "claim.contradicts_data")
    message = formula_row[col["说明"]]
    assert message.data_type == "s" and message.value.startswith("=SUM") and message.alignment.wrap_text
    assert formula_row[0].value == "区财政局"  # control character dropped
    assert formula_row[col["文件"]].hyperlink.target.startswith("file:///")

    units = list(wb["单位汇总"].iter_rows(values_only=True))
    assert units[0] == ("单位", "年度", "文件", "错误", "警告", "提示", "读取错误", "备注")
    assert units[1][:7] == ("区信访局", 2020, "reports/xinfang-2020.docx", 1, 1, 1, None)
    assert units[2][6] == "文件为空（0 字节）"
    assert units[-1] == ("区档案馆", 2020, None, None, None, None, None, "未提交")
    assert wb["单位汇总"].freeze_panes == "A2"
    assert wb["单位汇总"].auto_filter.ref == f"A1:H{len(units)}"
    rules = list(wb["规则说明"].iter_rows(values_only=True))
    assert ("score.total_mismatch", "总分在不同附件、表格或文字中不一致", 1) in rules


def test_xlsx_reviewer_columns_and_page_setup(tmp_path) -> None:
    path = tmp_path / "out.xlsx"
    fingerprinted = [DocumentResult("a.docx", "区信访局", 2020, None,
                                    [Finding("score.total_mismatch", "error", "m", (), fingerprint="abc123")])]
    write_xlsx(sample() + fingerprinted, path)
    ws = openpyxl.load_workbook(path)["问题清单"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    assert rows[-1][col["指纹"]] == "abc123"
    [dv] = ws.data_validations.dataValidation
    letter = openpyxl.utils.get_column_letter(col["复核意见"] + 1)
    assert dv.type == "list" and dv.formula1 == '"确认,误报,忽略,待核"'
    assert str(dv.sqref) == f"{letter}2:{letter}{len(rows)}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_area == f"'问题清单'!$A$1:$L${len(rows)}"  # the fingerprint column is not printed
    assert ws.row_dimensions[1].height == 30
    assert all(ws.row_dimensions[i].height >= 14 for i in range(2, len(rows) + 1))  # wrapped text shows


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
    assert page.count('<article class="finding') == 4
    assert "实得<b class=\"fig\">86分</b>" in page
    assert '<span class="part">三、预算支出主要绩效及评价结论</span>' in page
    assert "文件为空（0 字节）" in page
    path = tmp_path / "out.html"
    write_html(sample(), path)
    assert path.read_text(encoding="utf-8").count("<article") == 4


@pytest.mark.parametrize("evil", ['"><img src=x onerror=alert(1)>', "</script><script>x()</script>"])
def test_html_attribute_and_script_escaping(evil: str) -> None:
    r = DocumentResult(evil, evil, None, evil, [Finding(evil, "warning", evil, (Evidence(evil, LOC3),),
                                                        fingerprint=evil)])
    page = render_html([r])
    assert evil not in page
    assert page.count("<script>") == 1  # only the page's own script (the data block is typed JSON)


def test_html_page_is_offline_and_prints_whole_findings() -> None:
    page = render_html(sample())
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not [u for u in ("http://", "https://", "//fonts.", "src=\"") if u in page]
    assert "@page" in page and "break-inside: avoid" in page
    assert "@media print" in page and ".controls" in page
    # one stable anchor per finding, a TOC by attachment with counts, the rule's summary beside it
    r = DocumentResult("a.docx", "区信访局", 2020, None, [
        Finding("score.total_mismatch", "error", "m1", (Evidence("86分", LOC3),), fingerprint="fp1"),
        Finding("score.total_mismatch", "error", "m2", (Evidence("96分", LOC51),), fingerprint="fp1"),
        Finding("rate.mismatch", "warning", "m3", (Evidence("66.4%", LOC_TABLE),), fingerprint="fp3")])
    page = render_html([r])
    assert 'id="f-fp1"' in page and 'id="f-fp1-2"' in page and 'id="f-fp3"' in page
    assert '<a href="#doc-1-att-1">附件3 <span class="count">1</span></a>' in page
    assert '<a href="#doc-1-att-3">附件5-1 <span class="count">1</span></a>' in page
    assert '<span class="rule-sum">总分在不同附件、表格或文字中不一致</span>' in page
    assert page.count('<button type="button" data-verdict="确认"') == 3 and 'data-verdict="忽略"' not in page
