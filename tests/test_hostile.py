"""Hostile and broken input (issue 15): generated files, checked through the command line in one run.

For every input: no traceback, exit status 0/1/2, a result or a one-line Chinese reason, the input
unchanged, and no file reaching the time or memory limit (the readers' own bounds must stop it first).

The sample is seeded and sized for CI (``JIXIAO_HOSTILE_SAMPLE``, default 300 files: every hostile case
plus a sample of byte flips and truncations); ``JIXIAO_HOSTILE_SAMPLE=0`` runs the whole generated set.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from hostile_inputs import Case, generate
from jixiao.textsafe import display_path

SAMPLE = int(os.environ.get("JIXIAO_HOSTILE_SAMPLE", "300"))
SEED = int(os.environ.get("JIXIAO_HOSTILE_SEED", "15"))
BUDGET = float(os.environ.get("JIXIAO_HOSTILE_BUDGET", "240"))  # seconds for the whole run on 2 cores
CLI = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())"]
# Reasons that mean a limit, not a reader bound, stopped the file.
LIMIT_REASONS = ("处理超时", "内存超限", "处理进程异常退出", "处理失败")
ENGLISH = re.compile(r"Error\b|Exception|Traceback|errno|\bline \d+|[A-Z][a-z]+[A-Z]\w+:")
CJK = re.compile(r"[\u4e00-\u9fff]")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = generate(folder, per_sample=64, sample=SAMPLE or None, seed=SEED)
    before = {c.path: sha(c.path) for c in cases if c.regular}
    start = time.monotonic()
    proc = subprocess.run([*CLI, "check", "--format", "jsonl", "--workers", "2", "--timeout", "60",
                           "--max-memory", "1536", str(folder)],
                          capture_output=True, timeout=BUDGET * 2, cwd=folder)
    elapsed = time.monotonic() - start
    docs = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    counts = Counter(c.cls for c in cases)
    print(f"\nhostile suite: {len(cases)} files in {elapsed:.1f} s; per class: {dict(sorted(counts.items()))}")
    return cases, before, proc, elapsed, {d["path"]: d for d in docs}, docs


def doc_of(case: Case, by_path: dict) -> dict:
    return by_path[display_path(str(case.path))]


def test_run_ends_within_budget_without_traceback(run):
    cases, _, proc, elapsed, _, docs = run
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1, 2)
    assert "Traceback" not in err and "Error" not in err, err[-2000:]
    assert elapsed < BUDGET, f"{len(cases)} files took {elapsed:.0f} s"


def test_every_input_has_a_result_or_a_reason(run):
    cases, _, _, _, by_path, docs = run
    assert len(docs) == len(cases)
    assert set(by_path) == {display_path(str(c.path)) for c in cases}
    for c in cases:
        d = doc_of(c, by_path)
        assert d["error"] is not None or isinstance(d["findings"], list)


def test_reasons_are_one_chinese_line_and_no_limit_was_needed(run):
    cases, _, _, _, by_path, _ = run
    for c in cases:
        reason = doc_of(c, by_path)["error"]
        if reason is None:
            continue
        assert "\n" not in reason and CJK.search(reason), (c.path.name, reason)
        assert not ENGLISH.search(reason), (c.path.name, reason)
        assert not reason.startswith(LIMIT_REASONS), (c.cls, c.path.name, reason)


def test_expected_outcome_per_class(run):
    cases, _, _, _, by_path, _ = run
    wrong = []
    for c in cases:
        d = doc_of(c, by_path)
        if c.readable and d["error"]:
            wrong.append((c.path.name, "should be read", d["error"]))
        if c.findings and not d["findings"]:
            wrong.append((c.path.name, "should have findings", ""))
        if c.reason and not (d["error"] and any(r in d["error"] for r in c.reason)):
            wrong.append((c.path.name, f"reason with one of {c.reason}", d["error"]))
    assert not wrong, wrong


def test_inputs_are_unchanged_and_nothing_is_left_beside_them(run):
    cases, before, _, _, _, _ = run
    for path, digest in before.items():
        assert sha(path) == digest, path
    listed = {c.path for c in cases}
    for d in {c.path.parent for c in cases}:
        for p in d.iterdir():
            assert p in listed or p.is_dir(), f"left behind: {p}"


def test_entities_are_never_expanded(run):
    _, _, proc, _, _, _ = run
    out = proc.stdout.decode("utf-8")
    assert "root:" not in out and "lollollol" not in out


def test_samples_and_one_of_each_hanging_file_in_one_folder(tmp_path):
    """Issue 15's "done when": the samples' findings and a reason (or a bounded result) for every other file."""
    import random

    from hostile_inputs import docx_bytes, doc_xml, REPORT_BODY, cell, table, gen_sample, gen_zip_bomb, pdf_bytes, xlsx_bytes

    rng = random.Random(0)
    samples = gen_sample(tmp_path, rng, 0)
    (tmp_path / "blank-2000-pages.pdf").write_bytes(pdf_bytes(2000))
    rows = [cell("项目") + cell("预算数", '<w:gridSpan w:val="100000000"/>') + cell("决算数")]
    (tmp_path / "gridspan-100000000.docx").write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 3))))
    (tmp_path / "merge-whole-sheet.xlsx").write_bytes(xlsx_bytes(merge="A1:XFD1048576"))
    bombs = gen_zip_bomb(tmp_path, rng, 0)
    os.mkfifo(tmp_path / "x.docx")
    start = time.monotonic()
    proc = subprocess.run([*CLI, "check", "--format", "json", str(tmp_path)], capture_output=True, timeout=300)
    elapsed = time.monotonic() - start
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    docs = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    for c in samples:
        assert docs[c.path.name]["findings"] and docs[c.path.name]["error"] is None
    assert "页数超出上限" in docs["blank-2000-pages.pdf"]["error"]
    assert "不是普通文件" in docs["x.docx"]["error"]
    for c in bombs:
        assert any(r in docs[c.path.name]["error"] for r in c.reason)
    assert docs["gridspan-100000000.docx"]["error"] is None and docs["merge-whole-sheet.xlsx"]["error"] is None
    assert set(docs) == {p.name for p in tmp_path.iterdir()} and elapsed < 120
