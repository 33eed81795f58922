"""A command line a reviewer can trust (issue 13): versions, strict selection and configuration,
every format to -o, concise lines, statistics, output paths, closed pipes, unreadable files, rules."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import jixiao
from jixiao.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = str(FIXTURES / "xinfang-2020.docx")
XUANCHUAN = str(FIXTURES / "xuanchuan-2021.docx")
CLI = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())"]


@pytest.fixture(autouse=True)
def no_project_config(tmp_path, monkeypatch):
    """Run from an empty folder: the repository's own pyproject.toml is not the test's configuration."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --------------------------------------------------------------------------- version

def test_version_flag_and_attribute(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"jixiao {jixiao.__version__}"
    assert re.match(r"^\d+\.\d+", jixiao.__version__)


# --------------------------------------------------------------------------- selection and configuration

@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_selector_is_an_error_naming_it(capsys, option):
    code, out, err = run(capsys, "check", option, "score,nosuch.rule", XINFANG)
    assert code == 2 and out == ""
    assert "nosuch.rule" in err and option in err and len(err.strip().splitlines()) == 1


def test_unknown_selector_in_screen_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "screen", "--db", str(tmp_path / "c.sqlite"), "--select", "scroe", XINFANG)
    assert code == 2 and "scroe" in err


def test_corpus_rule_ids_are_known_selectors(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "duties.copied", XINFANG)
    assert code == 0 and json.loads(out)["documents"][0]["findings"] == []


@pytest.mark.parametrize("text, needles", [
    ('select = ["score"\n', ["jixiao.toml", "语法错误"]),
    ('selekt = ["score"]\n', ["jixiao.toml", "selekt"]),
    ('ignore = "score"\n', ["jixiao.toml", "ignore"]),
    ('ignore = ["nosuch.rule"]\n', ["jixiao.toml", "nosuch.rule"]),
    ('[tool.jixiao]\nselect = [1, 2]\n', ["jixiao.toml", "select"]),
])
def test_broken_configuration_is_an_error_naming_file_and_key(capsys, no_project_config, text, needles):
    (no_project_config / "jixiao.toml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", XINFANG)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    for n in needles:
        assert n in err, (n, err)


def test_pyproject_tool_table_is_read_strictly(capsys, no_project_config):
    (no_project_config / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.jixiao]\nignores = []\n', encoding="utf-8")
    code, _, err = run(capsys, "check", XINFANG)
    assert code == 2 and "pyproject.toml" in err and "ignores" in err


def test_foreign_pyproject_is_not_ours(capsys, no_project_config):
    (no_project_config / "pyproject.toml").write_text('[project\nname = "broken but not ours"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "--format", "json", XINFANG)
    assert code == 1 and err == ""


# --------------------------------------------------------------------------- formats and -o

@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "html", "xlsx"])
def test_every_format_writes_to_o(capsys, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    code, stdout, _ = run(capsys, "check", "--format", fmt, "-o", str(out), XINFANG)
    assert code == 1 and stdout == ""
    data = out.read_bytes()
    assert data
    if fmt == "xlsx":
        assert "问题清单" in openpyxl.load_workbook(out).sheetnames
        return
    text = data.decode("utf-8")
    assert "\x1b" not in text  # no colour codes in a file
    if fmt == "json":
        assert json.loads(text)["documents"][0]["unit"] == "区信访局"
    if fmt == "jsonl":
        assert json.loads(text.splitlines()[0])["unit"] == "区信访局"
    if fmt in ("text", "concise", "html"):
        assert "score.total_mismatch" in text


def test_concise_is_one_greppable_line_per_finding(capsys, tmp_path):
    shutil.copyfile(XINFANG, tmp_path / "a.docx")
    (tmp_path / "bad.docx").write_bytes(b"not a report")
    code, out, _ = run(capsys, "check", "--format", "concise", str(tmp_path))
    lines = out.splitlines()
    n_findings = len(jixiao.check(XINFANG).findings)
    finding_lines = [l for l in lines if " [error] " in l or " [warning] " in l or " [info] " in l]
    assert len(finding_lines) == n_findings
    pattern = re.compile(r"^(?P<file>[^:]+):(?P<where>[^\n]*?): (?P<rule>[a-z_]+\.[a-z_]+) \[(error|warning|info)\] \S")
    for line in finding_lines:
        assert pattern.match(line), line
        assert line.startswith(str(tmp_path / "a.docx") + ":")
    (bad,) = [l for l in lines if "bad.docx" in l]
    assert bad == f"{tmp_path / 'bad.docx'}: 无法读取：无法识别的文件格式（不是 .docx、.pdf 或 .xlsx）"
    assert code == 1


def test_statistics_counts_per_rule(capsys):
    code, out, _ = run(capsys, "check", "--statistics", XINFANG)
    findings = jixiao.check(XINFANG).findings
    expected = {}
    for f in findings:
        expected[f.rule] = expected.get(f.rule, 0) + 1
    rows = {}
    for line in out.splitlines()[:-1]:
        count, rule = line.split()[:2]
        rows[rule] = int(count)
    assert rows == expected and code == 1
    assert out.splitlines()[-1].startswith(f"共 {len(findings)} 条问题")
    code, out, _ = run(capsys, "check", "--statistics", "--format", "json", XINFANG)
    stats = json.loads(out)
    assert {s["rule"]: s["count"] for s in stats} == expected
    assert all({"rule", "severity", "count", "files", "summary"} <= set(s) for s in stats)
    code, _, err = run(capsys, "check", "--statistics", "--format", "html", XINFANG)
    assert code == 2 and "--statistics" in err


@pytest.mark.parametrize("target", ["missing-folder/out.json", "."])
def test_unwritable_output_is_one_line_and_exit_2_before_checking(capsys, tmp_path, target):
    path = str(tmp_path / target) if target != "." else str(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json", "-o", path, XINFANG)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "无法写入输出文件" in err


def test_failed_output_step_keeps_the_results(capsys, tmp_path, monkeypatch):
    import reports.xlsx_report

    def full_disk(results, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports.xlsx_report, "write_xlsx", full_disk)
    out = tmp_path / "r.xlsx"
    code, _, err = run(capsys, "check", "--format", "xlsx", "-o", str(out), XINFANG)
    assert code == 2 and not out.exists()
    assert "磁盘空间不足" in err and len(err.strip().splitlines()) == 1
    saved = Path(re.search(r"结果已另存为 (\S+\.json)", err).group(1))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["documents"][0]["unit"] == "区信访局" and data["documents"][0]["findings"]
    saved.unlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".jixiao-")] == []


def test_interrupted_output_step_keeps_the_results_and_the_old_file(capsys, tmp_path, monkeypatch):
    import reports.html_report

    out = tmp_path / "r.html"
    out.write_text("old report", encoding="utf-8")

    def interrupted(results):
        raise KeyboardInterrupt

    monkeypatch.setattr(reports.html_report, "render_html", interrupted)
    code, _, err = run(capsys, "check", "--format", "html", "-o", str(out), XINFANG)
    assert code == 2 and out.read_text(encoding="utf-8") == "old report"
    saved = Path(re.search(r"结果已另存为 (\S+\.json)", err).group(1))
    assert json.loads(saved.read_text(encoding="utf-8"))["documents"][0]["findings"]
    saved.unlink()


def test_closed_pipe_ends_quietly():
    for args in (["rules", "--format", "json"], ["check", XINFANG], ["check", "--format", "json", XINFANG]):
        proc = subprocess.run(" ".join([*map(_quote, CLI), *map(_quote, args)]) + " | head -1", shell=True,
                              capture_output=True, text=True, timeout=120)
        assert proc.stderr == "", (args, proc.stderr)
        assert len(proc.stdout.splitlines()) == 1


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)


def test_unreadable_file_is_headed_unreadable_with_its_reason(capsys, tmp_path):
    bad = tmp_path / "enc.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64)
    for args in (["check", str(bad)], ["check", "-q", str(bad)], ["check", str(bad), XUANCHUAN]):
        code, out, _ = run(capsys, *args)
        assert code == 1
        (line,) = [l for l in out.splitlines() if "enc.docx" in l and "│" not in l]
        assert line.startswith(str(bad)) and "无法读取：文件已加密" in line
        assert "错误 0" not in line


def test_reason_detail_only_with_verbose(capsys, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    code, out, _ = run(capsys, "check", "--format", "json", str(bad))
    doc = json.loads(out)["documents"][0]
    assert doc["error"] and "detail" not in doc and not re.search(r"[A-Za-z]+Error", doc["error"])
    code, out, _ = run(capsys, "check", "--format", "json", "-v", str(bad))
    assert "BadZipFile" in json.loads(out)["documents"][0]["detail"]
    code, out, _ = run(capsys, "check", "-v", str(bad))
    assert "详情：" in out


# --------------------------------------------------------------------------- rules

def test_rules_list_id_severity_summary(capsys):
    from checks.registry import selected_rules

    code, out, _ = run(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    ids = [l.split()[0] for l in lines]
    assert "score.total_mismatch" in ids and "duties.copied" in ids
    for line in lines:
        rid, severity = line.split()[:2]
        assert severity in ("error", "warning", "info")
    code, out, _ = run(capsys, "rules", "--format", "json")
    data = json.loads(out)
    assert {"id", "severity", "summary", "doc", "cross_document"} <= set(data[0])
    by_id = {r["id"]: r for r in data}
    for r in selected_rules():
        assert by_id[r.id]["doc"] == r.doc and by_id[r.id]["summary"] == r.summary


def test_rules_id_prints_the_whole_doc(capsys):
    from checks.registry import RULES

    rule = RULES["score.over_max"]
    code, out, _ = run(capsys, "rules", "score.over_max")
    assert code == 0 and out.startswith("score.over_max")
    assert rule.summary in out and rule.doc.strip() in out
    code, out, _ = run(capsys, "rules", "score.over_max", "--format", "json")
    assert json.loads(out)["doc"] == rule.doc
    code, _, err = run(capsys, "rules", "score")
    assert code == 2 and "score.over_max" in err  # a prefix: the rules it would mean are named


def test_help_lists_what_the_readme_says(capsys):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for command in ("check", "extract", "screen", "rules", "baseline"):
        with pytest.raises(SystemExit):
            main([command, "--help"] if command != "baseline" else ["baseline", "import", "--help"])
        help_text = capsys.readouterr().out
        for option in re.findall(r"(--[a-z][a-z-]+)", help_text):
            if option == "--help":
                continue
            assert option in readme, f"{command} {option} is not in the README"
