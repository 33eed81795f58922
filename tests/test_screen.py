"""Bulk screening end to end: bad files, restart after SIGKILL, time limit, outputs, Dask."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus import worker
from corpus.screen import ScreenOptions, screen
from corpus.store import CorpusStore
from corpus.variants import make_variant
from jixiao.cli import main
from jixiao.pipeline import file_sha256

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = FIXTURES / "xinfang-2020.docx"
XUANCHUAN = FIXTURES / "xuanchuan-2021.docx"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    shutil.copy(XUANCHUAN, d)
    (d / "corrupt.docx").write_bytes(os.urandom(4096))
    (d / "empty.docx").write_bytes(b"")
    return d


def _db_rows(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT sha256, error FROM documents").fetchall()
    finally:
        conn.close()


def test_bad_files_are_reported_and_every_other_file_checked(folder, tmp_path):
    db = tmp_path / "c.sqlite"
    out = screen([str(folder)], ScreenOptions(db=str(db), workers=2))
    by_name = {Path(r.path).name: r for r in out.results}
    assert set(by_name) == {"xinfang-2020.docx", "xuanchuan-2021.docx", "corrupt.docx", "empty.docx"}
    assert by_name["empty.docx"].error == "文件为空（0 字节）"
    assert "无法识别的文件格式" in by_name["corrupt.docx"].error
    assert by_name["xinfang-2020.docx"].error is None and by_name["xinfang-2020.docx"].unit == "区信访局"
    assert by_name["xuanchuan-2021.docx"].error is None and by_name["xuanchuan-2021.docx"].year == 2021
    assert out.checked == 4 and out.unreadable == 2 and out.failed
    assert len(_db_rows(db)) == 4

    again = screen([str(folder)], ScreenOptions(db=str(db), workers=2))
    assert again.checked == 0 and again.skipped == 4
    assert [r.to_json() for r in again.results] == [r.to_json() for r in out.results]

    forced = screen([str(folder)], ScreenOptions(db=str(db), workers=1, force=True))
    assert forced.checked == 4 and len(_db_rows(db)) == 4


def test_cli_exit_status_json_lines_and_workbook(folder, tmp_path, capsys):
    from openpyxl import load_workbook

    db, xlsx = tmp_path / "c.sqlite", tmp_path / "out.xlsx"
    code = main(["screen", str(folder), "--db", str(db), "--workers", "2", "--format", "json", "--xlsx", str(xlsx)])
    assert code == 1  # unreadable files
    lines = capsys.readouterr().out.splitlines()
    docs = [json.loads(line) for line in lines]
    assert len(docs) == 4 and {Path(d["path"]).name for d in docs} >= {"corrupt.docx", "empty.docx"}

    wb = load_workbook(xlsx, read_only=True)
    rows = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    expected = sum(len(d["findings"]) + (1 if d["error"] else 0) for d in docs)
    assert len(rows) == expected
    messages = {r[5] for r in rows}
    for d in docs:
        for f in d["findings"]:
            assert f["message"] in messages
    assert len(list(wb["单位汇总"].iter_rows(min_row=2))) == 4


def test_ignore_leaves_out_rules_and_a_clean_selection_exits_zero(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    assert main(["screen", str(d), "--db", str(tmp_path / "c.sqlite"), "--workers", "1",
                 "--select", "attachment.missing,duties.copied"]) == 0
    assert "共 1 个文件" in capsys.readouterr().out


def test_copied_text_between_real_reports_is_found_through_the_pipeline(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    make_variant(XINFANG, d / "dangan-2020.docx", {"区信访局": "区档案馆"})
    out = screen([str(d)], ScreenOptions(db=str(tmp_path / "c.sqlite"), workers=2, select=["duties.copied"]))
    by_name = {Path(r.path).name: r for r in out.results}
    assert by_name["dangan-2020.docx"].unit == "区档案馆"
    copied = by_name["dangan-2020.docx"].findings
    assert copied and all(f.rule == "duties.copied" for f in copied)
    assert any("xinfang-2020.docx" in f.message and "区信访局" in f.message for f in copied)
    assert any("dangan-2020.docx" in f.message for f in by_name["xinfang-2020.docx"].findings)


def test_two_files_of_one_submission_are_grouped(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    make_variant(XINFANG, d / "xinfang-2020-attachments.docx", marker="copy")
    out = screen([str(d)], ScreenOptions(db=str(tmp_path / "c.sqlite"), workers=1, select=["submission.group"]))
    for r in out.results:
        (g,) = r.findings
        assert "xinfang-2020-attachments.docx" in g.message and "区信访局" in g.message


def test_a_file_over_the_time_limit_is_killed_and_reported(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    monkeypatch.setenv(worker.DELAY_ENV, "30")
    out = screen([str(d)], ScreenOptions(db=str(tmp_path / "c.sqlite"), workers=1, timeout=0.5))
    (r,) = out.results
    assert r.error == "处理超时（超过 0.5 秒）"
    # A timeout depends on the machine, so the next run tries the file again.
    monkeypatch.delenv(worker.DELAY_ENV)
    again = screen([str(d)], ScreenOptions(db=str(tmp_path / "c.sqlite"), workers=1, timeout=60))
    assert again.checked == 1 and again.results[0].error is None
    assert len(_db_rows(tmp_path / "c.sqlite")) == 1


def test_memory_error_in_a_worker_becomes_a_reason(monkeypatch):
    import jixiao.pipeline

    def explode(path, config=None, **options):
        raise MemoryError

    monkeypatch.setattr(jixiao.pipeline, "analyse_file", explode)
    res = worker.process_file(str(XINFANG), "x", max_memory_mb=64)
    assert res.result.error == "内存超限（超过 64 MB）" and res.recycle


def test_memory_guard_turns_a_huge_allocation_into_memory_error():
    code = (
        "from corpus.pool import _limit_memory\n"
        "_limit_memory(64)\n"
        "try:\n"
        "    b = bytearray(512 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('guarded')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "guarded", out.stderr


def test_run_killed_with_sigkill_resumes_and_records_every_file_once(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    n = 10
    for i in range(n):
        make_variant(XINFANG if i % 2 else XUANCHUAN, d / f"r{i:02d}.docx", marker=str(i))
    db = tmp_path / "c.sqlite"
    cmd = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())",
           "screen", str(d), "--db", str(db), "--workers", "1"]
    env = dict(os.environ, **{worker.DELAY_ENV: "0.4"})
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    recorded = 0
    try:
        for _ in range(600):
            if proc.poll() is not None:
                break
            try:
                recorded = len(_db_rows(db))
            except sqlite3.Error:
                recorded = 0
            if recorded >= 3:
                break
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: our own session only
        proc.wait()
    assert 3 <= recorded < n, "the run must be killed part way"

    out = screen([str(d)], ScreenOptions(db=str(db), workers=2))
    assert out.skipped >= recorded and out.checked + out.skipped == n
    rows = _db_rows(db)
    assert sorted(sha for sha, _ in rows) == sorted(file_sha256(str(p)) for p in d.iterdir())
    assert all(error is None for _, error in rows)


def test_dask_local_cluster_gives_the_same_results(folder, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = screen([str(folder)], ScreenOptions(db=str(tmp_path / "a.sqlite"), workers=2))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        remote = screen([str(folder)], ScreenOptions(db=str(tmp_path / "b.sqlite"), dask=cluster.scheduler_address))
    assert remote.checked == 4
    assert [r.to_json() for r in remote.results] == [r.to_json() for r in local.results]
    with CorpusStore(tmp_path / "b.sqlite") as store:
        assert store.count() == 4


def test_missing_dask_gives_a_clear_message(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    code = main(["screen", str(folder), "--db", str(tmp_path / "c.sqlite"), "--dask", "local"])
    assert code == 2
    assert "pip install 'jixiao[dask]'" in capsys.readouterr().err


def test_files_checked_by_other_rules_are_checked_again(tmp_path, capsys):
    from corpus.version import tool_version

    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINFANG, d)
    db = tmp_path / "c.sqlite"
    first = screen([str(d)], ScreenOptions(db=str(db), workers=1))
    assert first.checked == 1 and first.rechecked == 0

    def stored() -> list[tuple]:
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT tool_version, COUNT(*) FROM documents GROUP BY tool_version").fetchall()
        finally:
            conn.close()

    assert stored() == [(tool_version(), 1)]
    same = screen([str(d)], ScreenOptions(db=str(db), workers=1))
    assert same.checked == 0 and same.skipped == 1 and same.rechecked == 0

    for old in ("0.0.1+000000000000", None):  # another release; a row from before schema v3
        conn = sqlite3.connect(db)
        conn.execute("UPDATE documents SET tool_version = ?", (old,))
        conn.commit()
        conn.close()
        again = screen([str(d)], ScreenOptions(db=str(db), workers=1))
        assert again.checked == again.rechecked == 1 and again.skipped == 0
        assert [r.to_json() for r in again.results] == [r.to_json() for r in first.results]
        assert stored() == [(tool_version(), 1)]

    conn = sqlite3.connect(db)
    conn.execute("UPDATE documents SET tool_version = 'old'")
    conn.commit()
    conn.close()
    assert main(["screen", str(d), "--db", str(db), "--workers", "1"]) in (0, 1)
    assert "规则已更新，重新检查 1 个" in capsys.readouterr().out
