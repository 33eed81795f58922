"""Evidence in context (reports.excerpt) on the sample reports: table cuts, merged cells, cited cells, sentences."""
from __future__ import annotations

import json
import pickle
import re
from dataclasses import replace

import pytest

from jixiao.model import Cell, Document, DocumentResult, Evidence, Finding, Location, Paragraph, Table
from jixiao.pipeline import check_file
from reports.excerpt import MAX_COLS, build_excerpts
from reports.highlight import excerpts_of
from reports.html_report import render_html, table_html, text_html
from ruletools import FIXTURES


@pytest.fixture(scope="module", params=["xinfang-2020.docx", "xinfang-2020.pdf"])
def xinfang_result(request) -> DocumentResult:
    return check_file(str(FIXTURES / request.param))


def finding(result: DocumentResult, rule: str, *words: str) -> Finding:
    return next(f for f in result.findings if f.rule == rule and all(w in f.message for w in words))


def cells(ex: dict, row: int) -> list[dict]:
    return next(r["cells"] for r in ex["rows"] if r.get("row") == row)


def cell_at(ex: dict, row: int, col: int) -> dict:
    """The drawn cell whose origin is (row, col), in the first visible row that draws it."""
    for r in ex["rows"]:
        for c in r.get("cells", ()):
            if c.get("row") == row and c.get("col") == col:
                return c
    raise KeyError((row, col))


def test_every_finding_on_the_samples_has_context(xinfang_result: DocumentResult) -> None:
    assert xinfang_result.excerpts
    for f in xinfang_result.findings:
        excerpts = excerpts_of(xinfang_result, f)
        assert excerpts, f.message
        covered = {it["e"] for ex in excerpts for it in ex["items"]}
        assert covered == set(range(len(f.evidence))), f.message


def test_rate_finding_shows_its_row_under_the_header_with_cited_cells(xinfang_result: DocumentResult) -> None:
    f = finding(xinfang_result, "rate.mismatch", "接访专项经费")
    [ex] = excerpts_of(xinfang_result, f)
    assert (ex["kind"], ex["table"], ex["attachment"], ex["title"]) == ("table", 8, "附件4-2", "预算支出绩效自评表")
    assert [r.get("row", r.get("gap")) for r in ex["rows"]] == [0, 1, 2, 3, [4, 19]]
    # merged cells drawn merged: the project name spans the row, 项目资金 spans the two visible rows of its five
    assert cell_at(ex, 0, 1) == {"text": "接访专项经费", "row": 0, "col": 1, "colspan": 8}
    assert cell_at(ex, 2, 0)["rowspan"] == 2 and cell_at(ex, 2, 0)["text"] == "项目资金（万元）"
    assert all(c.get("col") != 0 for c in cells(ex, 3))  # covered by the merged cell above
    # the cited cells, each with the evidence index that cites it
    cited = {(c["row"], c["col"]): (c["text"], c["cited"]) for c in cells(ex, 3) if c.get("cited")}
    assert cited == {(3, 6): ("66.4%", [0]), (3, 4): ("26.64", [1]), (3, 3): ("30", [2])}
    assert all(c.get("head") for c in cells(ex, 2))
    assert [(it["row_label"], it["col_label"]) for it in ex["items"]] == [
        ("年度资金总额", "执行率"), ("年度资金总额", "全年执行数"), ("年度资金总额", "全年预算数")]
    if xinfang_result.path.endswith(".pdf"):
        assert ex["page"] == 25


def test_merged_cells_are_split_at_cut_rows_and_kept_merged_inside(xinfang_result: DocumentResult) -> None:
    f = finding(xinfang_result, "score.over_max", "驻京维稳劝返专项经费", "效益指标")
    ex = excerpts_of(xinfang_result, f)[0]  # five identical sheets merged into one finding: the first sheet's table
    assert [r.get("row", r.get("gap")) for r in ex["rows"]] == [0, [1, 8], 9, [10, 13], 14, 15, 16, 17, [18, 19]]
    # 绩效指标 spans rows 9-18: drawn once for row 9 and again, over four rows, after the cut
    first, second = [c for r in ex["rows"] for c in r.get("cells", ()) if c.get("text") == "绩效指标"]
    assert first.get("rowspan", 1) == 1 and second["rowspan"] == 4
    assert cell_at(ex, 14, 1) == {"text": "效益指标（30分）", "row": 14, "col": 1, "rowspan": 4, "cited": [0]}
    assert [(c["row"], c["text"]) for r in ex["rows"] for c in r.get("cells", ()) if c.get("cited")] == [
        (14, "效益指标（30分）"), (14, "15"), (15, "20"), (17, "15")]


def test_evidence_a_column_off_is_shown_on_the_cell_that_says_it(xinfang_result: DocumentResult) -> None:
    f = finding(xinfang_result, "score.sum_mismatch", "驻京维稳劝返专项经费")
    total = next(i for i, e in enumerate(f.evidence) if e.text == "95")
    ex = excerpts_of(xinfang_result, f)[0]
    item = next(it for it in ex["items"] if it["e"] == total)
    assert (item["row"], item["text"]) == (19, "95")  # 总分 | 100 | 95: the score sits a column off its header
    assert cell_at(ex, 19, item["col"])["cited"] == [total]


def test_text_finding_shows_the_sentence_with_cited_figures_and_section_path(xinfang_result: DocumentResult) -> None:
    f = finding(xinfang_result, "sum.mismatch", "社保基金")
    [ex] = excerpts_of(xinfang_result, f)
    assert ex["kind"] == "text" and ex["path"] == ["附件3", "五、社会保险基金预算支出情况"] and ex["paragraph"] == 1
    marked = [(ex["text"][a:b], idx) for a, b, idx in ex["marks"]]
    assert marked == [("30.23万元", [0]), ("13.46万", [1]), ("6.73万", [2]), ("10.1万元", [3])]
    assert ex["text"].startswith("2020年度社保基金预算支出30.23万元")
    html = text_html(ex)
    assert "<mark>30.23万元</mark>" in html and "五、社会保险基金预算支出情况" in html
    assert re.search(r'<span class="part where">第1段</span>', html)


def test_table_excerpt_html_draws_merges_highlights_and_cut_rows(xinfang_result: DocumentResult) -> None:
    f = finding(xinfang_result, "rate.mismatch", "接访专项经费")
    [ex] = excerpts_of(xinfang_result, f)
    html = table_html(ex)
    assert '<td colspan="8">接访专项经费</td>' in html
    assert '<td rowspan="2" class="head">项目资金（万元）</td>' in html
    assert '<td class="cited" title="第4行第7列">66.4%</td>' in html
    assert '<td class="cited" title="第4行第5列">26.64</td>' in html
    assert "⋯ 第5–20行略" in html
    assert '<span class="part">附件4-2</span><span class="part">表8「预算支出绩效自评表」</span>' in html
    assert html.count('class="cited"') == 3
    # the computed value beside the written one, when the finding's arguments carry it
    html = table_html(ex, computed="88.8%", written=0)
    assert '66.4%<span class="calc">应为 88.8%</span>' in html


def test_excerpts_survive_json_and_pickle(xinfang_result: DocumentResult) -> None:
    again = json.loads(json.dumps(xinfang_result.excerpts, ensure_ascii=False))
    assert again == xinfang_result.excerpts
    assert pickle.loads(pickle.dumps(xinfang_result)).excerpts == xinfang_result.excerpts
    page = render_html([xinfang_result], generated=_FIXED)
    assert render_html([replace(xinfang_result, excerpts=again)], generated=_FIXED) == page
    # The JSON contract is unchanged: excerpts are not part of it.
    assert "excerpts" not in xinfang_result.to_json()


def test_excerpts_are_small(xinfang_result: DocumentResult) -> None:
    size = len(json.dumps(xinfang_result.excerpts, ensure_ascii=False).encode("utf-8"))
    assert size < 4_000 * len(xinfang_result.findings)


# --- synthetic documents ------------------------------------------------------

from datetime import datetime, timezone  # noqa: E402

_FIXED = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


def _table(rows: list[list[str]], no: int = 1) -> Table:
    grid = [[Cell(t, r, c) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    return Table(grid, Location(file="x.docx", attachment="附件2", table=no, table_title="基础数据表"), "基础数据表")


def test_wide_tables_keep_label_and_cited_columns() -> None:
    width = MAX_COLS + 6
    header = ["项目", "说明"] + [f"{2000 + c}年" for c in range(width - 2)]
    body = [["公用经费", "—"] + [str(c) for c in range(width - 2)] for _ in range(3)]
    t = _table([header, *body])
    doc = Document("x.docx", "docx", [t])
    ev = Evidence("9", t.cell_location(2, 11))
    f = Finding("sum.mismatch", "error", "m", (ev,), fingerprint="fp")
    [ex] = build_excerpts(doc, [f])["fp"]
    row = cells(ex, 2)
    assert [c.get("col", "⋯") for c in row] == [0, 1, "⋯", 11, "⋯"]
    assert cell_at(ex, 2, 11)["cited"] == [0]
    assert ex["items"][0]["col_label"] == "2009年" and ex["items"][0]["row_label"] == "公用经费"
    assert table_html(ex).count('class="gapcol"') == 3 * 2  # header row and two body rows


def test_findings_without_document_place_fall_back_to_evidence() -> None:
    t = _table([["项目", "数"], ["公用经费", "8.5"]])
    p = Paragraph("公用经费8.5万元。", Location(file="x.docx", attachment="附件3", section="一、情况", paragraph=1))
    doc = Document("x.docx", "docx", [p, t])
    f = Finding("figure.mismatch", "warning", "m", (
        Evidence("8.5", t.cell_location(1, 1)),
        Evidence("8.5万元", p.location),
        Evidence("读取说明", Location(file="x.docx")),       # no place in the document
        Evidence("?", Location(attachment="附件9", table=7, row=0, col=0)),  # a table the document lacks
    ), fingerprint="fp")
    no_fp = replace(f, fingerprint="")
    out = build_excerpts(doc, [f, no_fp])
    assert list(out) == ["fp"]
    kinds = [(ex["kind"], [it["e"] for it in ex["items"]]) for ex in out["fp"]]
    assert kinds == [("table", [0]), ("text", [1])]
    result = DocumentResult("x.docx", findings=[f], excerpts=out)
    assert excerpts_of(result, replace(f, evidence=f.evidence[:1])) == []  # excerpt names evidence it lacks
    page = render_html([result], generated=_FIXED)
    assert "读取说明" in page and "附件9" in page  # shown from the evidence alone


def test_computed_value_stands_beside_the_written_one_in_every_format(xinfang_result: DocumentResult, tmp_path) -> None:
    """With the arguments a converted rule fills (expected value, role of the written figure)."""
    import io

    import openpyxl
    from rich.console import Console

    from reports.terminal import render
    from reports.xlsx_report import write_xlsx

    rate = finding(xinfang_result, "rate.mismatch", "接访专项经费")
    social = finding(xinfang_result, "sum.mismatch", "社保基金")
    roles = ("stated", "numerator", "denominator")
    rate2 = replace(rate, args=(("stated", "66.4%"), ("expected", "88.8%")),
                    evidence=tuple(replace(e, role=r) for e, r in zip(rate.evidence, roles)))
    social2 = replace(social, args=(("total", "30.23万元"), ("expected", "30.29万元")),
                      evidence=(replace(social.evidence[0], role="total"), *social.evidence[1:]))
    result = replace(xinfang_result, findings=[rate2, social2])

    page = render_html([result], generated=_FIXED)
    assert '66.4%<span class="calc">应为 88.8%</span>' in page
    assert '<mark>30.23万元</mark><span class="calc">应为 30.29万元</span>' in page
    out = io.StringIO()
    render([result], Console(file=out, width=200), 1)
    text = out.getvalue()
    assert "执行率 66.4%（应为 88.8%）" in text and "30.23万元（应为 30.29万元）" in text
    write_xlsx([result], tmp_path / "r.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx")["问题清单"].iter_rows(values_only=True))
    evidence = rows[1][rows[0].index("证据（位置：原文）")]
    assert "  第4行第7列（年度资金总额｜执行率）：66.4%（应为 88.8%）" in evidence.split("\n")
