"""Start-up and warm-check speed, each against a floor measured in the same run.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]

1. Cold start of `jixiao check FILE.docx` up to the moment the work begins (the parent has parsed
   its arguments, read the configuration, expanded the paths and built the batch; Batch.run is
   where it stops), against `python -c pass`. Target: ≤ 150 ms above the floor.
   The whole command (worker process included) is printed beside it, for information.
2. check_file on xinfang-2020.docx in a fresh process that has already checked another report
   (xuanchuan-2021.docx), so nothing of this report is cached; one process per run. Floor: the
   lxml parse of the same file's word/document.xml. Targets: ≤ 100 ms and ≤ 6× the floor.

Medians of --runs runs (default 7). A script, not a test: it prints PASS/FAIL and always exits 0.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "xinfang-2020.docx"
OTHER = ROOT / "tests" / "fixtures" / "xuanchuan-2021.docx"

STARTUP_TARGET_MS = 150.0
CHECK_TARGET_MS = 100.0
CHECK_TARGET_RATIO = 6.0

# The parent of `jixiao check`, stopped where the work begins.
UNTIL_WORK = """
import sys
import jixiao.work

def _stop(self):
    raise SystemExit(0)
    yield

jixiao.work.Batch.run = _stop
from jixiao.cli import main
main(["check", sys.argv[1]])
"""

# One run of check_file in a process that has checked another report first; prints ms.
WARM_CHECK = """
import sys, time
from jixiao.pipeline import check_file
check_file(sys.argv[2])
t = time.perf_counter()
result = check_file(sys.argv[1])
print((time.perf_counter() - t) * 1000)
assert result.error is None, result.error
"""

LXML_FLOOR = """
import sys, time, zipfile
from lxml import etree
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    with zipfile.ZipFile(sys.argv[1]) as zf:
        etree.fromstring(zf.read("word/document.xml"))
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(times[len(times) // 2])
"""


def wall_ms(argv: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)  # warm-up: page cache, .pyc files
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def printed_ms(argv: list[str]) -> float:
    out = subprocess.run(argv, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def cold_start(runs: int) -> tuple[float, float, float]:
    """Medians in ms: `python -c pass` (floor), `jixiao check` until the work begins, the whole command."""
    py = sys.executable
    floor = wall_ms([py, "-c", "pass"], runs)
    start = wall_ms([py, "-c", UNTIL_WORK, str(SAMPLE)], runs)
    whole = wall_ms([py, "-m", "jixiao.cli", "check", str(SAMPLE)], max(3, runs // 2))
    return floor, start, whole


def warm_check(runs: int) -> tuple[float, list[float]]:
    """The lxml floor (ms) and check_file times (ms) of SAMPLE after OTHER, one fresh process per run."""
    py = sys.executable
    lxml = printed_ms([py, "-c", LXML_FLOOR, str(SAMPLE), str(max(runs, 9))])
    checks = [printed_ms([py, "-c", WARM_CHECK, str(SAMPLE), str(OTHER)]) for _ in range(runs)]
    return lxml, checks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs

    floor, start, whole = cold_start(runs)
    above = start - floor
    print(f"python -c pass (floor)                       {floor:7.1f} ms")
    print(f"jixiao check, until the work begins          {start:7.1f} ms  "
          f"= floor + {above:.1f} ms ({start / floor:.1f}x)  target ≤ floor + {STARTUP_TARGET_MS:g} ms: "
          f"{verdict(above <= STARTUP_TARGET_MS)}")
    print(f"jixiao check {SAMPLE.name}, whole command {whole:7.1f} ms  (worker included; information)")

    lxml, checks = warm_check(runs)
    check = statistics.median(checks)
    ratio = check / lxml
    print(f"lxml parse of {SAMPLE.name} (floor)     {lxml:7.1f} ms")
    print(f"check_file {SAMPLE.name}, after another  {check:7.1f} ms  "
          f"({ratio:.1f}x floor; min {min(checks):.1f}, max {max(checks):.1f})  "
          f"target ≤ {CHECK_TARGET_MS:g} ms: {verdict(check <= CHECK_TARGET_MS)}, "
          f"≤ {CHECK_TARGET_RATIO:g}x floor: {verdict(ratio <= CHECK_TARGET_RATIO)}")


if __name__ == "__main__":
    main()
