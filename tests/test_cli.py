"""The command line as reviewers and scripts use it: contract, exit codes, rule selection."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from jixiao.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = str(FIXTURES / "xinfang-2020.docx")
XUANCHUAN = str(FIXTURES / "xuanchuan-2021.docx")


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_contract_and_exit_status(capsys):
    code, data = run_json(capsys, XINFANG)
    assert code == 1  # the sample has error findings
    assert data["version"] == 1
    (doc,) = data["documents"]
    assert set(doc) == {"path", "unit", "year", "error", "findings"}
    assert doc["unit"] == "区信访局" and doc["year"] == 2020 and doc["error"] is None
    for f in doc["findings"]:
        assert {"rule", "severity", "message", "evidence", "fingerprint"} <= set(f) <= {"rule", "severity", "message", "evidence", "fingerprint", "template", "args"}
        assert f["severity"] in ("error", "warning", "info")
        for e in f["evidence"]:
            assert {"text", "location"} <= set(e) <= {"text", "location", "role"} and e["location"]
    total = [f for f in doc["findings"] if f["rule"] == "score.total_mismatch"]
    assert total and "86" in total[0]["message"] and "96" in total[0]["message"]


def test_select_and_ignore_prefixes(capsys):
    _, data = run_json(capsys, "--select", "score", XINFANG)
    rules = {f["rule"] for f in data["documents"][0]["findings"]}
    assert rules and all(r.startswith("score.") for r in rules)
    _, data = run_json(capsys, "--select", "score,rate.mismatch", "--ignore", "score.over_max", XINFANG)
    rules = {f["rule"] for f in data["documents"][0]["findings"]}
    assert "rate.mismatch" in rules and "score.over_max" not in rules and "score.sum_mismatch" in rules


def test_select_with_no_error_rule_exits_zero(capsys):
    code, data = run_json(capsys, "--select", "header.unmapped", XINFANG)
    assert code == 0
    assert all(f["severity"] == "info" for f in data["documents"][0]["findings"])


def test_config_file_ignores_rules(tmp_path, monkeypatch, capsys):
    (tmp_path / "jixiao.toml").write_text('ignore = ["score", "identity.mismatch"]\n', encoding="utf-8")
    report = tmp_path / "r.docx"
    shutil.copyfile(XINFANG, report)
    monkeypatch.chdir(tmp_path)
    _, data = run_json(capsys, str(report))
    rules = {f["rule"] for f in data["documents"][0]["findings"]}
    assert rules and not any(r.startswith("score.") or r == "identity.mismatch" for r in rules)


def test_folder_with_bad_file_goes_on(tmp_path, capsys):
    shutil.copyfile(XUANCHUAN, tmp_path / "good.docx")
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("ignored: not a report", encoding="utf-8")
    code, data = run_json(capsys, str(tmp_path))
    by_name = {Path(d["path"]).name: d for d in data["documents"]}
    assert set(by_name) == {"good.docx", "empty.docx"}
    assert by_name["empty.docx"]["error"] == "文件为空（0 字节）"
    assert by_name["good.docx"]["error"] is None and by_name["good.docx"]["findings"]
    assert code == 1


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "yaml", XINFANG])
    assert exc.value.code == 2
    assert main(["check", "--format", "xlsx", XINFANG]) == 2  # xlsx needs -o


def test_xlsx_and_html_outputs(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["check", "--format", "xlsx", "-o", str(out), XINFANG, XUANCHUAN]) == 1
    wb = openpyxl.load_workbook(out)
    rows = list(wb["问题清单"].iter_rows(values_only=True))
    assert len(rows) > 20 and any(r and "score.total_mismatch" in r for r in rows)
    html_out = tmp_path / "out.html"
    main(["check", "--format", "html", "-o", str(html_out), XINFANG])
    page = html_out.read_text(encoding="utf-8")
    assert "score.total_mismatch" in page and "总分不一致" in page and "86分</mark>" in page


def test_terminal_summary_quiet_and_verbose(capsys):
    main(["check", XINFANG])
    out = capsys.readouterr().out
    assert "区信访局" in out and "score.total_mismatch" in out and "附件3" in out
    main(["check", "-q", XINFANG, XUANCHUAN])
    quiet = capsys.readouterr().out
    assert "xuanchuan-2021.docx" in quiet and "—— 附件" not in quiet


def test_extract_json_and_facts(capsys):
    assert main(["extract", "--format", "json", XUANCHUAN]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["label"] for a in data["attachments"]] == ["附件1", "附件2", "附件3", "附件4"]
    tables = [b for b in data["blocks"] if b["type"] == "table"]
    assert tables[0]["rows"] == 18 and tables[0]["cols"] == 9
    assert any(f["text"] == "127.65万元" for f in data["figures"])
    assert main(["extract", "--facts", "--format", "json", XUANCHUAN]) == 0
    facts = json.loads(capsys.readouterr().out)
    pf = [f for f in facts["facts"] if f["subject"] == "public_funds" and f["measure"] == "final_cur"]
    assert pf and pf[0]["value"] == 22.23 and pf[0]["period"] == "2021决算"
    names = [r["indicator"] for t in facts["indicator_tables"] for r in t["indicators"]]
    assert "public_expense_control_rate" in names


def test_extract_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf at all")
    assert main(["extract", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "无法识别" in err and "\n" not in err.strip()


def test_rules_listing(capsys):
    assert main(["rules", "--format", "json"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    spec = {"score.total_mismatch", "score.sum_mismatch", "score.over_max", "score.rule_violation", "score.grade_mismatch",
            "rate.mismatch", "sum.mismatch", "spend.exceeds_income", "figure.mismatch", "claim.contradicts_data",
            "duties.foreign", "duties.copied", "identity.mismatch", "year.stale", "count.mismatch", "field.missing",
            "attachment.missing"}
    assert spec <= ids
