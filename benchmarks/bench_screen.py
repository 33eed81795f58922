"""Throughput of `jixiao screen`: reports per second with 1 and N worker processes.

Generates distinct variants of the fixture .docx files (unit names and a marker
rewritten so every file has its own sha256 and unit) in a temporary directory,
then screens them into a fresh corpus per run.  Target: ≥ 20 .docx/s on 2 cores.

    .venv/bin/python benchmarks/bench_screen.py               # 300 files, 1 and 2 workers
    .venv/bin/python benchmarks/bench_screen.py --files 1000 --workers 1 2 4
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
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


def generate(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        src, unit = SOURCES[i % len(SOURCES)]
        place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)]
        out.append(make_variant(src, folder / f"r{i:05d}.docx", {unit: f"{place}{unit}"}, marker=str(i)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print(f"CPU: {os.cpu_count()} · files: {args.files}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, args.files)
        print(f"generated in {time.perf_counter() - t:.1f} s")
        for workers in args.workers:
            db = Path(tmp) / f"corpus-{workers}.sqlite"
            t, cpu = time.perf_counter(), time.process_time()
            out = screen([str(folder)], ScreenOptions(db=str(db), workers=workers))
            elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
            bad = sum(1 for r in out.results if r.error)
            n_cross = sum(1 for r in out.results for f in r.findings if f.rule == "duties.copied")
            print(f"workers={workers}: {out.checked} files in {elapsed:.2f} s → {out.checked / elapsed:.1f} files/s"
                  f" (unreadable {bad}, duties.copied findings {n_cross}, corpus {db.stat().st_size / 1e6:.1f} MB)")
            # The parent records, indexes and runs the cross rules; its CPU competes with the workers'.
            print(f"  parent CPU {cpu / max(out.checked, 1) * 1000:.1f} ms/file")
            t = time.perf_counter()
            again = screen([str(folder)], ScreenOptions(db=str(db), workers=workers))
            print(f"  re-run (all skipped by hash, cross rules again): {time.perf_counter() - t:.2f} s,"
                  f" skipped {again.skipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
