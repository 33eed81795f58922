"""Throughput of `jixiao screen`: reports per second with 1 and N worker processes.

Generates distinct variants of the fixture .docx files (unit names and a marker
rewritten so every file has its own sha256 and unit) in a temporary directory,
then screens them into a fresh corpus per run.  Targets: ≥ 20 .docx/s with 2
workers on 2 cores, the parent's CPU ≤ 10 ms per file, flat as the corpus grows:
for every block of --block files (default 1,000) the rate and the parent's CPU
per file are printed as the parent records them.

    .venv/bin/python benchmarks/bench_screen.py                          # 300 files, 1 and 2 workers
    .venv/bin/python benchmarks/bench_screen.py --files 10000 --workers 2  # per-1,000 figures to 10,000
    .venv/bin/python benchmarks/bench_screen.py --files 1000 --workers 1 2 4

A script, not a test: it prints PASS/FAIL for the 2-worker run and always exits 0.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.screen import ScreenOptions, screen  # noqa: E402
from corpus.variants import make_variant  # noqa: E402

SOURCES = [
    (ROOT / "tests/fixtures/xinfang-2020.docx", "区信访局"),
    (ROOT / "tests/fixtures/xuanchuan-2021.docx", "中共麻阳苗族县委宣传部"),
]
PLACES = "东南西北中上下前后左右"

RATE_TARGET = 20.0  # files/s with 2 workers on 2 cores
PARENT_CPU_TARGET_MS = 10.0  # parent CPU per file
TARGET_WORKERS = 2


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def generate(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        src, unit = SOURCES[i % len(SOURCES)]
        place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)]
        out.append(make_variant(src, folder / f"r{i:05d}.docx", {unit: f"{place}{unit}"}, marker=str(i)))
    return out


@dataclass
class Block:
    first: int  # 1-based number of the block's first file
    last: int
    seconds: float
    parent_cpu: float  # seconds

    @property
    def rate(self) -> float:
        return (self.last - self.first + 1) / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.parent_cpu / (self.last - self.first + 1) * 1000


@dataclass
class ScreenFigure:
    workers: int
    checked: int
    seconds: float  # the whole screen() call: hashing, workers, recording, cross rules, report
    parent_cpu: float  # seconds of the parent's CPU over the whole call
    unreadable: int
    copied: int  # duties.copied findings
    corpus_mb: float
    tail_seconds: float  # after the last file was recorded: cross rules and the report
    tail_cpu: float
    blocks: list[Block] = field(default_factory=list)
    rerun_seconds: float | None = None
    rerun_skipped: int = 0

    @property
    def rate(self) -> float:
        return self.checked / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.parent_cpu / max(self.checked, 1) * 1000


def screen_figure(folder: Path, db: Path, workers: int, block: int = 1000, rerun: bool = True) -> ScreenFigure:
    """Screen ``folder`` into a fresh corpus ``db``; per ``block`` files, the rate and parent CPU as recorded."""
    blocks: list[Block] = []
    mark: dict[str, float] = {}

    def progress(total: int, skipped: int):
        n = 0
        mark["t"], mark["cpu"] = time.perf_counter(), time.process_time()
        mark["first"] = 1

        def on_result(work) -> None:  # called after the parent has recorded the file
            nonlocal n
            n += 1
            if n % block == 0 or n == total:
                t, cpu = time.perf_counter(), time.process_time()
                blocks.append(Block(int(mark["first"]), n, t - mark["t"], cpu - mark["cpu"]))
                mark["t"], mark["cpu"], mark["first"] = t, cpu, n + 1

        return on_result

    t, cpu = time.perf_counter(), time.process_time()
    out = screen([str(folder)], ScreenOptions(db=str(db), workers=workers), progress=progress)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    tail = time.perf_counter() - mark.get("t", time.perf_counter())
    tail_cpu = time.process_time() - mark.get("cpu", time.process_time())
    fig = ScreenFigure(
        workers=workers, checked=out.checked, seconds=elapsed, parent_cpu=cpu,
        unreadable=sum(1 for r in out.results if r.error),
        copied=sum(1 for r in out.results for f in r.findings if f.rule == "duties.copied"),
        corpus_mb=db.stat().st_size / 1e6, tail_seconds=tail, tail_cpu=tail_cpu, blocks=blocks,
    )
    if rerun:
        t = time.perf_counter()
        again = screen([str(folder)], ScreenOptions(db=str(db), workers=workers))
        fig.rerun_seconds, fig.rerun_skipped = time.perf_counter() - t, again.skipped
    return fig


def print_figure(f: ScreenFigure) -> None:
    target = f.workers == TARGET_WORKERS
    print(f"workers={f.workers}: {f.checked} files in {f.seconds:.2f} s → {f.rate:.1f} files/s"
          + (f"  target ≥ {RATE_TARGET:g} files/s: {verdict(f.rate >= RATE_TARGET)}" if target else "  (information)")
          + f"  (unreadable {f.unreadable}, duties.copied findings {f.copied}, corpus {f.corpus_mb:.1f} MB)")
    # The parent records, indexes and runs the cross rules; its CPU competes with the workers'.
    print(f"  parent CPU {f.cpu_ms:.1f} ms/file"
          + (f"  target ≤ {PARENT_CPU_TARGET_MS:g} ms/file: {verdict(f.cpu_ms <= PARENT_CPU_TARGET_MS)}" if target else ""))
    if len(f.blocks) > 1:
        print("  per block, as recorded (first block includes the workers' start):")
        for b in f.blocks:
            print(f"    files {b.first:>6}–{b.last:<6} {b.rate:6.1f} files/s  parent CPU {b.cpu_ms:5.1f} ms/file")
    print(f"  after the last file (cross rules, report): {f.tail_seconds:.2f} s, parent CPU {f.tail_cpu:.2f} s")
    if f.rerun_seconds is not None:
        print(f"  re-run (all skipped by hash, cross rules again): {f.rerun_seconds:.2f} s, skipped {f.rerun_skipped}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--block", type=int, default=1000, help="files per block in the per-block figures")
    ap.add_argument("--no-rerun", action="store_true", help="skip the re-run where every file is skipped by hash")
    args = ap.parse_args()
    print(f"CPU: {os.cpu_count()} · files: {args.files} · load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, args.files)
        print(f"generated in {time.perf_counter() - t:.1f} s")
        for workers in args.workers:
            print_figure(screen_figure(folder, Path(tmp) / f"corpus-{workers}.sqlite", workers, args.block,
                                       rerun=not args.no_rerun))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
