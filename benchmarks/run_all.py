"""The speed issue's targets in one run, each beside its floor measured in the same run.

Run: .venv/bin/python benchmarks/run_all.py [--runs N] [--files N]

1. `jixiao check` cold start until the work begins, against `python -c pass` (bench_startup.py).
2. check_file of xinfang-2020.docx in a process that has checked another report, against the lxml
   parse of the same file (bench_startup.py).
3. read_docx of a ~54-page report, against the lxml parse (bench_extract.py).
4. read_pdf per page over the PDF fixtures, against pypdfium2's text per page (bench_extract.py).
5. Peak RSS of check_file on a 64× report in a fresh process, against a process that only parses the
   same document.xml with lxml (bench_extract.py).
6. Screening --files generated reports (default 300) with 2 workers: files/s and the parent's CPU per
   file (bench_screen.py).

Prints one table (figure, measured, floor, ratio, target, PASS/FAIL). A measurement, not a test:
it always exits 0. Each script also runs on its own.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_extract as ex  # noqa: E402 - also puts the repository root first on sys.path
import bench_screen as sc  # noqa: E402
import bench_startup as st  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per timed figure (median reported)")
    ap.add_argument("--files", type=int, default=300, help="generated reports to screen")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)
    rows: list[tuple[str, str, str, str, str, str]] = []
    began = time.perf_counter()
    load = os.getloadavg()
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {runs} runs", flush=True)

    def step(name: str) -> None:
        print(f"  [{time.perf_counter() - began:6.1f} s] {name}", file=sys.stderr, flush=True)

    step("cold start")
    floor, start, _whole = st.cold_start(runs)
    above = start - floor
    rows.append(("`jixiao check` cold start, until the work begins", f"{start:.1f} ms",
                 f"{floor:.1f} ms (`python -c pass`)", f"floor + {above:.1f} ms",
                 f"≤ floor + {st.STARTUP_TARGET_MS:g} ms", st.verdict(above <= st.STARTUP_TARGET_MS)))

    step("warm check")
    lxml, checks = st.warm_check(runs)
    check = statistics.median(checks)
    rows.append(("check_file xinfang-2020.docx after another report", f"{check:.1f} ms",
                 f"{lxml:.1f} ms (lxml parse)", f"{check / lxml:.1f}x", f"≤ {st.CHECK_TARGET_MS:g} ms",
                 st.verdict(check <= st.CHECK_TARGET_MS)))
    rows.append(("  same, against the floor", "", "", f"{check / lxml:.1f}x", f"≤ {st.CHECK_TARGET_RATIO:g}x floor",
                 st.verdict(check / lxml <= st.CHECK_TARGET_RATIO)))

    step("read_docx")
    d = ex.docx_figure(runs)
    rows.append((f"read_docx 2× xinfang-2020.docx (~54 pages, {d.tables} tables)", f"{d.read_ms:.1f} ms",
                 f"{d.floor_ms:.1f} ms (lxml parse)", f"{d.ratio:.1f}x", f"≤ {ex.DOCX_TARGET_MS:g} ms",
                 ex.verdict(d.read_ms <= ex.DOCX_TARGET_MS)))

    step("read_pdf")
    per_page, floor_pp, pages = ex.pdf_total(ex.pdf_figures(runs))
    rows.append((f"read_pdf, {pages} pages of the 2 PDF fixtures", f"{per_page:.1f} ms/page",
                 f"{floor_pp:.2f} ms/page (pypdfium2 text)", f"{per_page / floor_pp:.1f}x",
                 f"≤ {ex.PDF_TARGET_MS_PER_PAGE:g} ms/page", ex.verdict(per_page <= ex.PDF_TARGET_MS_PER_PAGE)))

    step("64× memory")
    b = ex.big_figure()
    rows.append((f"peak RSS, check_file {b.copies}× xinfang-2020.docx (~{b.copies * ex.SAMPLE_PAGES:,} pages)",
                 f"{b.peak_mb:.0f} MB" + (" (refused)" if b.error else ""), f"{b.floor_mb:.0f} MB (lxml parse)",
                 f"{b.peak_mb / b.floor_mb:.1f}x", f"≤ {ex.BIG_TARGET_MB:g} MB",
                 ex.verdict(b.peak_mb <= ex.BIG_TARGET_MB and not b.error)))

    step(f"screening {args.files} files")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        sc.generate(folder, args.files)
        f = sc.screen_figure(folder, Path(tmp) / "corpus.sqlite", sc.TARGET_WORKERS, rerun=False)
    rows.append((f"screening {f.checked} .docx, {f.workers} workers", f"{f.rate:.1f} files/s", "—", "—",
                 f"≥ {sc.RATE_TARGET:g} files/s", sc.verdict(f.rate >= sc.RATE_TARGET)))
    rows.append(("  parent CPU per file", f"{f.cpu_ms:.1f} ms", "—", "—", f"≤ {sc.PARENT_CPU_TARGET_MS:g} ms",
                 sc.verdict(f.cpu_ms <= sc.PARENT_CPU_TARGET_MS)))
    step("done")

    head = ("figure", "measured", "floor", "ratio", "target", "result")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(cell or " " for cell in r) + " |")
    print()
    print(f"64× report: {ex.describe_big(b)}")
    print(f"screening: {f.checked} files in {f.seconds:.1f} s; after the last file {f.tail_seconds:.2f} s "
          f"(cross rules, report); unreadable {f.unreadable}")
    end = os.getloadavg()
    print(f"load average at the end {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}; {time.perf_counter() - began:.0f} s in all")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a measurement, not a test: say what broke, exit 0
        import traceback

        traceback.print_exc()
    raise SystemExit(0)
