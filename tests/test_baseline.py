"""Verdicts and baselines (issue 13): written from a run, re-applied, imported from the reviewers' workbook,
stored in the corpus by `screen`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.baseline import VERDICTS, load
from jixiao.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = FIXTURES / "xinfang-2020.docx"
SENTENCE = "总计192.78万元，其中工资福利支出183.25万元、商品和服务支出9.53万元。"


@pytest.fixture(autouse=True)
def empty_cwd(tmp_path, monkeypatch):
    d = tmp_path / "cwd"
    d.mkdir()
    monkeypatch.chdir(d)


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def plant_contradiction(path: Path) -> None:
    """Edit a copy with python-docx: 9.53 → 19.53, so 183.25 + 19.53 no longer makes 192.78."""
    import docx

    d = docx.Document(str(path))
    for p in d.paragraphs:
        if p.text == SENTENCE:
            for r in p.runs:
                if "9.53" in r.text:
                    r.text = r.text.replace("9.53", "19.53")
                    break
            else:  # the figure spans runs: rewrite the paragraph in its first run
                p.runs[0].text = SENTENCE.replace("9.53", "19.53")
                for r in p.runs[1:]:
                    r.text = ""
            assert p.text == SENTENCE.replace("9.53", "19.53")
            break
    else:
        raise AssertionError("sentence not found in the sample")
    d.save(str(path))


def test_baseline_hides_everything_it_records_and_a_new_contradiction_still_shows(capsys, tmp_path):
    report = tmp_path / "report.docx"
    shutil.copyfile(XINFANG, report)
    baseline = tmp_path / "baseline.json"

    assert main(["check", "-q", "--write-baseline", str(baseline), str(report)]) == 1
    capsys.readouterr()
    recorded = load(baseline)
    code, before = run_json(capsys, str(report))
    fingerprints = {f["fingerprint"] for f in before["documents"][0]["findings"]}
    assert set(recorded.entries) == fingerprints and len(fingerprints) > 10
    assert {e.verdict for e in recorded.entries.values()} == {"待核"}

    code, data = run_json(capsys, "--baseline", str(baseline), str(report))
    (doc,) = data["documents"]
    assert doc["findings"] == [] and code == 0
    assert doc["suppressed"]["待核"] == len(before["documents"][0]["findings"])
    assert data["suppressed"] == doc["suppressed"]

    plant_contradiction(report)
    code, data = run_json(capsys, "--baseline", str(baseline), str(report))
    shown = data["documents"][0]["findings"]
    assert code == 1 and shown
    assert all(f["fingerprint"] not in recorded.entries for f in shown)
    new = [f for f in shown if f["rule"] == "sum.mismatch" and "19.53" in f["message"]]
    assert new, [f["message"] for f in shown]


def test_rewriting_a_baseline_keeps_reviewers_verdicts(capsys, tmp_path):
    baseline = tmp_path / "b.json"
    main(["check", "-q", "--write-baseline", str(baseline), str(XINFANG)])
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["jixiao_baseline"] == 1 and data["created"] and data["tool_version"]
    first = data["entries"][0]
    assert set(first) == {"fingerprint", "rule", "path", "unit", "year", "message", "verdict", "reviewer", "note", "decided"}
    first.update(verdict="误报", reviewer="张三", note="口径不同", decided="2024-05-01T10:00:00+08:00")
    data["entries"].append({"fingerprint": "0" * 16, "rule": "sum.mismatch", "path": "其他单位.docx", "unit": None,
                            "year": None, "message": "别的文件", "verdict": "确认", "reviewer": "李四", "note": "",
                            "decided": ""})
    baseline.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["check", "-q", "--write-baseline", str(baseline), str(XINFANG)])
    capsys.readouterr()
    again = load(baseline)
    kept = again.entries[first["fingerprint"]]
    assert (kept.verdict, kept.reviewer, kept.note, kept.decided) == ("误报", "张三", "口径不同", "2024-05-01T10:00:00+08:00")
    assert again.entries["0" * 16].reviewer == "李四"  # a file this run did not check keeps its entries


def test_summary_counts_hidden_findings_per_verdict(capsys, tmp_path):
    baseline = tmp_path / "b.json"
    main(["check", "-q", "--write-baseline", str(baseline), str(XINFANG)])
    data = json.loads(baseline.read_text(encoding="utf-8"))
    for e, verdict in zip(data["entries"], ["确认", "确认", "误报", "忽略"]):
        e["verdict"] = verdict
    baseline.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    code = main(["check", "--baseline", str(baseline), str(XINFANG)])
    out = capsys.readouterr().out
    pending = len(data["entries"]) - 4
    assert f"已按基线隐藏 {len(data['entries'])} 条问题（确认 2，误报 1，忽略 1，待核 {pending}）" in out
    assert code == 0 and "未发现问题" in out
    code, js = run_json(capsys, "--baseline", str(baseline), str(XINFANG))
    assert js["suppressed"] == {"确认": 2, "误报": 1, "忽略": 1, "待核": pending}
    main(["check", "--format", "concise", "--baseline", str(baseline), str(XINFANG)])
    assert capsys.readouterr().out.strip().endswith(f"待核 {pending}）")


@pytest.mark.parametrize("content, needle", [
    ("not json", "不是有效的 JSON"),
    ('{"entries": []}', "不是 jixiao 基线文件"),
    ('{"jixiao_baseline": 2, "entries": []}', "版本 2 不受支持"),
    ('{"jixiao_baseline": 1, "entries": {}}', "entries"),
    ('{"jixiao_baseline": 1, "entries": [{"verdict": "确认"}]}', "fingerprint"),
    ('{"jixiao_baseline": 1, "entries": [{"fingerprint": "ab", "verdict": "同意"}]}', "verdict"),
])
def test_malformed_baseline_is_one_line_and_exit_2(capsys, tmp_path, content, needle):
    baseline = tmp_path / "b.json"
    baseline.write_text(content, encoding="utf-8")
    for option in ("--baseline", "--write-baseline"):
        code = main(["check", option, str(baseline), str(XINFANG)])
        captured = capsys.readouterr()
        assert code == 2 and captured.out == ""
        assert len(captured.err.strip().splitlines()) == 1 and needle in captured.err and "b.json" in captured.err
    assert baseline.read_text(encoding="utf-8") == content  # never overwritten


def test_missing_baseline_is_exit_2(capsys, tmp_path):
    assert main(["check", "--baseline", str(tmp_path / "nope.json"), str(XINFANG)]) == 2
    assert "不存在" in capsys.readouterr().err


def reviewers_workbook(path: Path, rows: list[dict], header_at: int = 2) -> None:
    """A filled 问题清单 as reviewers return it: columns by name, in the writer's order or not."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    other = wb.create_sheet("单位汇总")
    other.append(["单位"])
    columns = ["单位", "年度", "文件", "规则", "严重程度", "说明", "复核意见", "复核人", "复核说明", "指纹"]
    for _ in range(header_at - 1):
        ws.append(["某某市财政局绩效自评复核"])
    ws.append(columns)
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)


def test_baseline_import_keeps_who_decided_what(capsys, tmp_path):
    code, data = run_json(capsys, str(XINFANG))
    findings = data["documents"][0]["findings"]
    rows = []
    for i, f in enumerate(findings[:5]):
        rows.append({"单位": "区信访局", "年度": 2020, "文件": "xinfang-2020.docx", "规则": f["rule"], "说明": f["message"],
                     "指纹": f["fingerprint"], "复核意见": VERDICTS[i % 4] if i < 4 else None,
                     "复核人": "王五" if i < 4 else None, "复核说明": f"第{i}条" if i < 4 else None})
    rows.append({"文件": "bad.docx", "规则": "read.error", "说明": "无法读取"})  # no fingerprint: skipped
    book = tmp_path / "结果.xlsx"
    reviewers_workbook(book, rows)
    out = tmp_path / "b.json"
    code = main(["baseline", "import", str(book), "-o", str(out)])
    msg = capsys.readouterr().out
    assert code == 0 and "已导入 4 条复核意见" in msg and "跳过未填写复核意见的 1 行" in msg
    b = load(out)
    assert len(b.entries) == 4  # the row nobody reviewed is not hidden
    for i, f in enumerate(findings[:4]):
        e = b.entries[f["fingerprint"]]
        assert (e.verdict, e.reviewer, e.note, e.rule, e.year) == (VERDICTS[i % 4], "王五", f"第{i}条", f["rule"], 2020)
        assert e.decided
    code, shown = run_json(capsys, "--baseline", str(out), str(XINFANG))
    assert len(shown["documents"][0]["findings"]) == len(findings) - 4

    # A second workbook updates the file, keeping what it does not mention.
    rows2 = [dict(rows[4], **{"复核意见": "确认", "复核人": "赵六"})]
    book2 = tmp_path / "结果2.xlsx"
    reviewers_workbook(book2, rows2, header_at=1)
    assert main(["baseline", "import", str(book2), "-o", str(out)]) == 0
    b2 = load(out)
    assert len(b2.entries) == 5 and b2.entries[findings[4]["fingerprint"]].reviewer == "赵六"
    assert b2.entries[findings[0]["fingerprint"]].decided == b.entries[findings[0]["fingerprint"]].decided


def test_baseline_import_errors(capsys, tmp_path):
    book = tmp_path / "bad.xlsx"
    reviewers_workbook(book, [{"指纹": "abc", "复核意见": "同意"}])
    assert main(["baseline", "import", str(book), "-o", str(tmp_path / "b.json")]) == 2
    err = capsys.readouterr().err
    assert "第3行" in err and "复核意见" in err and "同意" in err
    wb = Workbook()
    wb.active.title = "别的表"
    wb.save(tmp_path / "nosheet.xlsx")
    assert main(["baseline", "import", str(tmp_path / "nosheet.xlsx"), "-o", str(tmp_path / "b.json")]) == 2
    assert "问题清单" in capsys.readouterr().err
    (tmp_path / "notxlsx.xlsx").write_bytes(b"garbage")
    assert main(["baseline", "import", str(tmp_path / "notxlsx.xlsx"), "-o", str(tmp_path / "b.json")]) == 2
    assert "无法读取工作簿" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_screen_stores_verdicts_so_a_rescreen_shows_only_what_is_new(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(XINFANG, folder / "report.docx")
    db = tmp_path / "c.sqlite"
    baseline = tmp_path / "b.json"
    main(["check", "-q", "--write-baseline", str(baseline), str(folder / "report.docx")])
    capsys.readouterr()
    n = len(load(baseline).entries)

    code = main(["screen", "--db", str(db), "--workers", "1", "--format", "json", "--baseline", str(baseline), str(folder)])
    out = capsys.readouterr()
    (doc,) = [json.loads(line) for line in out.out.splitlines()]
    assert doc["findings"] == [] and doc["suppressed"]["待核"] == n and code == 0
    assert f"已按基线隐藏 {n} 条问题" in out.err

    plant_contradiction(folder / "report.docx")
    code = main(["screen", "--db", str(db), "--workers", "1", "--format", "json", str(folder)])  # no --baseline now
    # The run's file first; the earlier version follows, listed for the cross-document submission.group.
    doc = [json.loads(line) for line in capsys.readouterr().out.splitlines()][0]
    assert doc["findings"] and all(f["fingerprint"] not in load(baseline).entries for f in doc["findings"])
    assert any("19.53" in f["message"] for f in doc["findings"])
