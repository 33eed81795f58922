"""Extraction speed and memory: read_docx, read_pdf per page, check_file, and a 64× report's peak memory.

Run: .venv/bin/python benchmarks/bench_extract.py [--runs N] [--copies N]

Each figure beside a floor measured in the same run, with PASS/FAIL against its target:

1. read_docx on a ~54-page report (xinfang-2020.docx's body twice). Floor: the lxml parse of its
   word/document.xml. Target: ≤ 60 ms.
2. read_pdf per page on the two PDF fixtures. Floor: pypdfium2 opening the file and taking each
   page's text (get_textpage().get_text_range()). Target: ≤ 25 ms/page.
3. check_file (read + all rules) per fixture, repeated in one process (text caches warm): information.
4. Peak memory of check_file on xinfang-2020.docx's body repeated --copies times (default 64, ~1,700
   pages), in a fresh process: that process's peak RSS (VmHWM). Floor: a fresh process parsing the same
   word/document.xml with lxml. Target: ≤ 250 MB.

A script, not a test: it prints PASS/FAIL and always exits 0.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.read.docx import read_docx  # noqa: E402
from extract.read.pdf import read_pdf  # noqa: E402
from jixiao.pipeline import check_file  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PDFS = ("xinfang-2020.pdf", "xuanchuan-2021.pdf")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE_PAGES = 27  # xinfang-2020.docx as Word lays it out

DOCX_TARGET_MS = 60.0
PDF_TARGET_MS_PER_PAGE = 25.0
BIG_TARGET_MB = 250.0
BIG_COPIES = 64


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


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


def pdfium_text(path: str) -> int:
    """The floor of reading a text PDF: open it and take every page's text with pypdfium2."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return n
    finally:
        pdf.close()


@dataclass
class DocxFigure:
    read_ms: float
    floor_ms: float
    tables: int
    w_tbl: int
    heap_mb: float

    @property
    def ratio(self) -> float:
        return self.read_ms / self.floor_ms


def docx_figure(runs: int) -> DocxFigure:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.docx"
        xml, n_tables = make_big_docx(big)
        floor = median_ms(lambda: etree.fromstring(xml), runs)
        read = median_ms(lambda: read_docx(str(big)), runs)
        doc = read_docx(str(big))
        return DocxFigure(read, floor, len(doc.tables), n_tables, peak_mb(lambda: read_docx(str(big))))


@dataclass
class PdfFigure:
    name: str
    pages: int
    read_ms: float  # whole file
    floor_ms: float  # whole file
    heap_mb: float

    @property
    def per_page(self) -> float:
        return self.read_ms / self.pages

    @property
    def floor_per_page(self) -> float:
        return self.floor_ms / self.pages


def pdf_figures(runs: int) -> list[PdfFigure]:
    out = []
    for name in PDFS:
        path = str(FIXTURES / name)
        pages = pdfium_text(path) or 1
        floor = median_ms(lambda: pdfium_text(path), runs)
        total = median_ms(lambda: read_pdf(path), runs)
        out.append(PdfFigure(name, pages, total, floor, peak_mb(lambda: read_pdf(path))))
    return out


def pdf_total(figures: list[PdfFigure]) -> tuple[float, float, int]:
    """ms/page of read_pdf and of the floor over all the PDF fixtures' pages together."""
    pages = sum(f.pages for f in figures)
    return sum(f.read_ms for f in figures) / pages, sum(f.floor_ms for f in figures) / pages, pages


# Peak resident memory of the current process. Not ru_maxrss: Linux keeps that across execve, so a
# child started by this (large) benchmark process would report the parent's peak.
HWM = """
def peak_kib():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
"""

# check_file on one file in a fresh process; prints a JSON line of its peak RSS and wall time.
BIG_CHECK = HWM + """
import json, sys, time
t0 = time.perf_counter()
from jixiao.pipeline import check_file
base = peak_kib()
t = time.perf_counter()
result = check_file(sys.argv[1])
wall = time.perf_counter() - t
print(json.dumps({"peak_kib": peak_kib(), "import_peak_kib": base,
                  "seconds": wall, "import_seconds": t - t0, "error": result.error,
                  "findings": len(result.findings)}))
"""

# The memory floor: a fresh process that only parses the same word/document.xml with lxml (tree kept).
LXML_RSS = HWM + """
import sys, zipfile
from lxml import etree
with zipfile.ZipFile(sys.argv[1]) as zf:
    root = etree.fromstring(zf.read("word/document.xml"))
print(peak_kib())
"""


@dataclass
class BigFigure:
    copies: int
    xml_mb: float
    tables: int
    peak_mb: float  # peak RSS (VmHWM) of the checking process
    import_mb: float  # peak RSS after importing jixiao.pipeline, before the check
    seconds: float
    error: str | None
    findings: int
    floor_mb: float  # peak RSS of a process that only parses the same document.xml with lxml


def big_figure(copies: int = BIG_COPIES) -> BigFigure:
    """Peak RSS of check_file on xinfang-2020.docx's body repeated ``copies`` times, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / f"xinfang-x{copies}.docx"
        xml, n_tables = make_big_docx(big, copies)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", BIG_CHECK, str(big)], cwd=ROOT, env=env, capture_output=True,
                             text=True, check=True)
        got = json.loads(out.stdout.strip().splitlines()[-1])
        floor = subprocess.run([sys.executable, "-c", LXML_RSS, str(big)], cwd=ROOT, env=env, capture_output=True,
                               text=True, check=True)
    return BigFigure(copies, len(xml) / 2**20, n_tables, got["peak_kib"] / 1024, got["import_peak_kib"] / 1024,
                     got["seconds"], got["error"], got["findings"], int(floor.stdout.split()[-1]) / 1024)


def describe_big(b: BigFigure) -> str:
    from jixiao.limits import DEFAULT_SECONDS

    if b.error:
        outcome = f"REFUSED by the checker: {b.error}"
    else:
        outcome = f"checked, {b.findings} findings"
    limits = (f"within a worker's time limit ({DEFAULT_SECONDS:g} s)"
              if b.seconds <= DEFAULT_SECONDS else
              f"LONGER than the worker's time limit ({DEFAULT_SECONDS:g} s): `jixiao check` would stop it")
    return (f"{b.copies}× xinfang-2020.docx (~{b.copies * SAMPLE_PAGES:,} pages, {b.tables} w:tbl elements, "
            f"{b.xml_mb:.1f} MB of XML): {outcome} in {b.seconds:.1f} s; {limits}; "
            f"{b.import_mb:.0f} MB after imports")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median reported)")
    ap.add_argument("--copies", type=int, default=BIG_COPIES, help="copies of xinfang-2020.docx in the memory check")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)
    print(f"median of {runs} runs")

    d = docx_figure(runs)
    print(f"lxml parse of document.xml, 2× xinfang-2020 (floor)   {d.floor_ms:7.1f} ms")
    print(f"read_docx 2× xinfang-2020.docx (~54 pages, {d.tables} tables) {d.read_ms:7.1f} ms  ({d.ratio:.1f}x floor)  "
          f"target ≤ {DOCX_TARGET_MS:g} ms: {verdict(d.read_ms <= DOCX_TARGET_MS)}  "
          f"[{d.w_tbl} w:tbl elements; peak heap {d.heap_mb:.1f} MB (≤ 50 MB)]")

    pdfs = pdf_figures(runs)
    for f in pdfs:
        ratio = f.per_page / f.floor_per_page
        print(f"pypdfium2 text of {f.name} ({f.pages} pages) (floor)  {f.floor_per_page:7.1f} ms/page")
        print(f"read_pdf {f.name} ({f.pages} pages)                   {f.per_page:7.1f} ms/page  ({ratio:.1f}x floor)  "
              f"target ≤ {PDF_TARGET_MS_PER_PAGE:g} ms/page: {verdict(f.per_page <= PDF_TARGET_MS_PER_PAGE)}  "
              f"[{f.read_ms:.0f} ms total; peak heap {f.heap_mb:.1f} MB (≤ 50 MB)]")
    per_page, floor_pp, pages = pdf_total(pdfs)
    print(f"read_pdf, all {pages} pages together                    {per_page:7.1f} ms/page  "
          f"({per_page / floor_pp:.1f}x floor {floor_pp:.2f} ms/page)  "
          f"target ≤ {PDF_TARGET_MS_PER_PAGE:g} ms/page: {verdict(per_page <= PDF_TARGET_MS_PER_PAGE)}")

    for name in ("xinfang-2020.docx", "xuanchuan-2021.docx", "xinfang-2020.pdf"):
        path = str(FIXTURES / name)
        total = median_ms(lambda: check_file(path), runs)
        print(f"check_file {name}, repeated (caches warm)      {total:7.0f} ms  "
              f"[information; peak heap {peak_mb(lambda: check_file(path)):.1f} MB; "
              f"the cold-cache figure is bench_startup.py's]")

    b = big_figure(args.copies)
    print(f"peak RSS, lxml parse of the same document.xml (floor)  {b.floor_mb:7.1f} MB")
    print(f"peak RSS, check_file {b.copies}× xinfang-2020.docx, fresh process {b.peak_mb:7.1f} MB  "
          f"({b.peak_mb / b.floor_mb:.1f}x floor)  target ≤ {BIG_TARGET_MB:g} MB: {verdict(b.peak_mb <= BIG_TARGET_MB and not b.error)}")
    print(f"  {describe_big(b)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
