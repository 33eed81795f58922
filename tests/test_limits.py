"""Limits on every path and nothing lost (issue 15): time and memory per file, interrupted runs,
results streamed as they complete, file names that are not UTF-8, no markup or control injection."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from jixiao.cli import main
from jixiao.isolation import DELAY_ENV, WorkerPool
from jixiao.limits import Limits

import pool_jobs

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = FIXTURES / "xinfang-2020.docx"
XUANCHUAN = FIXTURES / "xuanchuan-2021.docx"
CLI = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())"]


@pytest.fixture(autouse=True)
def empty_cwd(tmp_path, monkeypatch):
    d = tmp_path / "cwd"
    d.mkdir()
    monkeypatch.chdir(d)


# --------------------------------------------------------------------------- the pool

def test_memory_limit_on_resident_memory_and_on_sudden_allocations():
    pool = WorkerPool(pool_jobs.allocate, pool_jobs.failed, 2, Limits(seconds=60, memory_mb=200))
    items = [("small", 20, 0.0), ("creeping", 800, 2.0), ("sudden", 4000, 0.0), ("after", 20, 0.0)]
    out = sorted(pool.run(items))
    assert out == sorted(["small", "creeping: 内存超限（超过 200 MB）", "sudden: 内存超限（超过 200 MB）", "after"])


def test_time_limit_and_a_job_asking_for_more_time():
    pool = WorkerPool(pool_jobs.sleep_then, pool_jobs.failed, 2, Limits(seconds=0.5, ocr_page_seconds=1))
    start = time.monotonic()
    out = sorted(pool.run([("stuck", 0, 30), ("granted", 2, 1.0), ("quick", 0, 0)]))
    assert out == ["granted", "quick", "stuck: 处理超时（超过 0.5 秒）"]
    assert time.monotonic() - start < 10


# --------------------------------------------------------------------------- check under limits

def test_check_limits_each_file_and_goes_on(capsys, tmp_path, monkeypatch):
    for i in range(3):
        shutil.copyfile(XINFANG, tmp_path / f"r{i}.docx")
    monkeypatch.setenv(DELAY_ENV, "30")
    start = time.monotonic()
    code = main(["check", "--format", "json", "--timeout", "0.5", "--workers", "2", str(tmp_path)])
    docs = json.loads(capsys.readouterr().out)["documents"]
    assert [d["error"] for d in docs] == ["处理超时（超过 0.5 秒）"] * 3 and code == 1
    assert time.monotonic() - start < 15


def test_jsonl_lines_arrive_as_files_complete(tmp_path):
    for i in range(3):
        shutil.copyfile(XUANCHUAN, tmp_path / f"r{i}.docx")
    env = dict(os.environ, **{DELAY_ENV: "1.5"})
    proc = subprocess.Popen([*CLI, "check", "--format", "jsonl", "--workers", "1", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        first = json.loads(proc.stdout.readline())
        running = proc.poll() is None
        rest = [json.loads(line) for line in proc.stdout]
    finally:
        proc.wait(60)
    assert running, "the first document must be written before the last one is checked"
    assert first["unit"] and len(rest) == 2 and proc.returncode == 1


@pytest.mark.parametrize("fmt", ["json", "xlsx", "jsonl"])
def test_interrupted_check_writes_what_completed_and_lists_the_rest(tmp_path, fmt):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        shutil.copyfile(XUANCHUAN, folder / f"r{i}.docx")
    out = tmp_path / f"out.{fmt}"
    env = dict(os.environ, **{DELAY_ENV: "2"})
    proc = subprocess.Popen([*CLI, "check", "--format", fmt, "-o", str(out), "--workers", "1", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    time.sleep(5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "检查被中断" in err and "Traceback" not in err
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        docs, interrupted = data["documents"], data["interrupted"]
        assert interrupted is True
    elif fmt == "jsonl":
        docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        ws = openpyxl.load_workbook(out)["单位汇总"]
        docs = [{"path": row[2], "error": row[6]} for row in ws.iter_rows(min_row=2, values_only=True) if row[2]]
    assert sorted(Path(d["path"]).name for d in docs) == [f"r{i}.docx" for i in range(4)]
    unfinished = [d for d in docs if d["error"]]
    assert unfinished and all(d["error"] in ("未完成：检查被中断", "未检查：检查被中断") for d in unfinished)


# --------------------------------------------------------------------------- file names

BAD_NAME = b"\xe6\x8a\xa5\xe5\x91\x8a-\xff\xfe-\x1b[31m.docx"  # 报告-<not UTF-8>-<ESC>[31m.docx


def bad_named_copy(folder: Path) -> Path:
    p = Path(os.fsdecode(os.path.join(os.fsencode(str(folder)), BAD_NAME)))
    shutil.copyfile(XUANCHUAN, p)
    return p


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "html", "xlsx"])
def test_names_that_are_not_utf8_are_shown_with_replacement_characters(capsys, tmp_path, fmt):
    bad_named_copy(tmp_path)
    out = tmp_path / f"out.{fmt}"
    code = main(["check", "--format", fmt, "-o", str(out), str(tmp_path)])
    assert code == 1
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(out)
        text = "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    else:
        text = out.read_text(encoding="utf-8")
    assert "报告-\ufffd\ufffd-" in text or "报告-&#xfffd;&#xfffd;-" in text
    assert "\x1b" not in text


def test_screen_with_names_that_are_not_utf8_writes_json_lines_and_workbook(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad_named_copy(folder)
    book = tmp_path / "out.xlsx"
    code = main(["screen", "--db", str(tmp_path / "c.sqlite"), "--workers", "1", "--format", "json", "--xlsx", str(book),
                 str(folder)])
    out = capsys.readouterr()
    (doc,) = [json.loads(line) for line in out.out.splitlines()]
    assert "报告-\ufffd\ufffd-" in doc["path"] and doc["findings"] and code == 1
    assert book.exists() and "\x1b" not in out.err


# --------------------------------------------------------------------------- markup and control characters

INJECTED = ["[red]红色[/red]", "[/]", "[link=file:///etc/passwd]点此[/link]", "\u202e倒序", "[bold]粗"]
ESCAPES = "\x1b[31m转义\x1b[0m\x1b]8;;http://evil.example/\x1b\\链接\x07\x08\x9b"


def injected_workbook(path: Path) -> None:
    """A workbook whose text carries rich markup and a bidi override (XML cannot carry control characters)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "附件2"
    ws.append(["部门整体支出绩效评价基础数据表"])
    ws.append(["填报单位：[bold]区信访局[/]"])
    ws.append(["项目", "预算数", "决算数"])
    for t in INJECTED:
        ws.append([t, 10, 12])
    ws.append(["合计", 20, 21])
    wb.save(path)


@pytest.mark.parametrize("command", [["check"], ["check", "-v"], ["check", "--format", "concise"], ["extract"],
                                     ["extract", "--facts"]])
def test_terminal_output_shows_markup_as_written_and_no_control_characters(tmp_path, command):
    folder = Path(os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), b"[red]in\x1b[31m")))
    folder.mkdir()
    book = folder / "inject-[blink]x\x07.xlsx"
    injected_workbook(book)
    env = dict(os.environ, COLUMNS="250")
    for colour in ("0", "1"):
        env.pop("NO_COLOR", None)
        env.pop("FORCE_COLOR", None)
        env["FORCE_COLOR" if colour == "1" else "NO_COLOR"] = "1"
        proc = subprocess.run([*CLI, *command, str(book)], capture_output=True, env=env, timeout=120)
        out = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
        assert proc.returncode in (0, 1), out
        assert "Traceback" not in out and "MarkupError" not in out
        assert "\x1b]" not in out and "\x07" not in out and "\u202e" not in out  # no OSC link, bell or bidi override
        if colour == "0":
            assert "\x1b" not in out
            assert "[blink]x" in out and "[red]in" in out  # markup in a file name, shown as written
            if command[0] == "extract" and "--facts" not in command:
                assert "[red]红色[/red]" in out and "[/]" in out and "[link=file:///etc/passwd" in out


def test_terminal_report_strips_control_characters_from_every_string():
    import io

    from rich.console import Console

    from jixiao.cli import render_text
    from jixiao.model import DocumentResult, Evidence, Finding, Location

    loc = Location(file="a.pdf", attachment="附件3" + ESCAPES, section="一、" + ESCAPES, table=1, table_title=ESCAPES,
                   row=1, col=2)
    f = Finding("sum.mismatch", "error", "合计不符" + ESCAPES, (Evidence("12" + ESCAPES, loc),))
    results = [DocumentResult(path="a\x1b[2J.pdf", unit="单位" + ESCAPES, year=2020, findings=[f]),
               DocumentResult(path="b.pdf", error="无法读取" + ESCAPES)]
    for colour in (False, True):
        buf = io.StringIO()
        console = Console(file=buf, width=200, force_terminal=colour, color_system="truecolor" if colour else None)
        render_text(results, console, verbosity=2, details={1: "ValueError: " + ESCAPES})
        text = buf.getvalue()
        assert "\x1b]" not in text and "\x07" not in text and "\x08" not in text and "\x9b" not in text
        assert "\x1b[2J" not in text and "\x1b[31m转义" not in text
        if not colour:
            assert "\x1b" not in text and "\ufffd[31m转义" in text
