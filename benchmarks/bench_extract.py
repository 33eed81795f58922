"""Extraction speed: read_docx on a ~50-page report, read_pdf per page on the fixtures.

Run: .venv/bin/python benchmarks/bench_extract.py [--runs N]
Targets: read_docx ≤ 60 ms for ~50 pages / 30 tables; read_pdf ≤ 40 ms per page.
The raw lxml parse of document.xml is printed beside read_docx as the floor.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Callable

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.read.docx import read_docx  # noqa: E402
from extract.read.pdf import read_pdf  # noqa: E402
from jixiao.pipeline import check_file  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: imports, file cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak Python heap while ``fn`` runs (tracemalloc; C buffers of lxml/pdfium not included)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def make_big_docx(dest: Path, copies: int = 2) -> tuple[bytes, int]:
    """Repeat xinfang-2020.docx's body (27 pages, 15 tables) ``copies`` times."""
    src = FIXTURES / "xinfang-2020.docx"
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml")
        others = {n: zf.read(n) for n in zf.namelist() if n != "word/document.xml"}
    root = etree.fromstring(xml)
    body = root.find(f"{W}body")
    content = [el for el in body if el.tag != f"{W}sectPr"]
    sect = body.find(f"{W}sectPr")
    for _ in range(copies - 1):
        for el in content:
            if sect is not None:
                sect.addprevious(etree.fromstring(etree.tostring(el)))
            else:
                body.append(etree.fromstring(etree.tostring(el)))
    big = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", big)
        for name, data in others.items():
            zf.writestr(name, data)
    n_tables = len(body.findall(f"{W}tbl"))
    return big, n_tables


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median reported)")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)

    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.docx"
        xml, n_tables = make_big_docx(big)
        parse = median_ms(lambda: etree.fromstring(xml), runs)
        docx_ms = median_ms(lambda: read_docx(str(big)), runs)
        doc = read_docx(str(big))
        rows.append((f"read_docx 2× xinfang-2020.docx (~54 pages, {len(doc.tables)} tables)", f"{docx_ms:.1f} ms",
                     "≤ 60 ms", f"lxml parse of document.xml (floor) {parse:.1f} ms; {n_tables} w:tbl elements; "
                     f"peak heap {peak_mb(lambda: read_docx(str(big))):.1f} MB (≤ 50 MB)"))

    for name in ("xinfang-2020.pdf", "xuanchuan-2021.pdf"):
        path = str(FIXTURES / name)
        pages = read_pdf(path).pages or 1
        total = median_ms(lambda: read_pdf(path), runs)
        rows.append((f"read_pdf {name} ({pages} pages)", f"{total / pages:.1f} ms/page", "≤ 40 ms/page",
                     f"{total:.0f} ms total; peak heap {peak_mb(lambda: read_pdf(path)):.1f} MB (≤ 50 MB)"))

    for name in ("xinfang-2020.docx", "xuanchuan-2021.docx", "xinfang-2020.pdf"):
        path = str(FIXTURES / name)
        total = median_ms(lambda: check_file(path), runs)
        rows.append((f"check_file {name} (read + all rules)", f"{total:.0f} ms", "≤ 100 ms (20 docs/s on 2 cores)",
                     f"peak heap {peak_mb(lambda: check_file(path)):.1f} MB"))

    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"median of {runs} runs")
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
