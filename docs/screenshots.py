"""Make the screenshots the README links: HTML on screen and in print, the workbook printed, the terminal.

    .venv/bin/python docs/screenshots.py

Needs Chromium (Debian's ``chromium``) and, for the workbook picture only,
LibreOffice (``apt-get install libreoffice-calc``; not a project dependency);
Chinese fonts (``fonts-noto-cjk``) make the pictures readable.  Pillow (pulled
in by the test extra) joins print pages side by side.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pypdfium2  # noqa: E402
from PIL import Image  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.terminal_theme import DEFAULT_TERMINAL_THEME  # noqa: E402

from chromium import Browser  # noqa: E402
from jixiao.pipeline import check_file  # noqa: E402
from reports.html_report import render_html  # noqa: E402
from reports.terminal import render  # noqa: E402
from reports.xlsx_report import write_xlsx  # noqa: E402

DOCS = ROOT / "docs"
# Punctuation of East Asian ambiguous width (“ ” · … › —) is one column in a terminal, as rich counts it;
# a CJK font draws it two columns wide, so it comes from a Latin mono font scaled to half an em.
TERMINAL_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@font-face {{ font-family: "narrow-punct"; src: local("DejaVu Sans Mono"); size-adjust: 83%;
             unicode-range: U+00B7, U+2010-2027, U+2039-203A, U+2500-257F; }}
@font-face {{ font-family: "narrow-punct"; font-weight: bold; src: local("DejaVu Sans Mono Bold"); size-adjust: 83%;
             unicode-range: U+00B7, U+2010-2027, U+2039-203A, U+2500-257F; }}
body {{ margin: 0; background: #fff; }}
pre {{ margin: 0; padding: 14px 16px; display: block; overflow: hidden; color: #000; background: #fbfbfb;
      border: 1px solid #ccc; box-sizing: border-box;
      font-family: "narrow-punct", "Noto Sans Mono CJK SC", "Sarasa Mono SC", monospace; font-size: 15px; line-height: 1.35; }}
</style></head><body><pre>{code}</pre></body></html>"""
SAMPLES = ["tests/fixtures/xinfang-2020.pdf", "tests/fixtures/xuanchuan-2021.docx"]


def pdf_pages_png(pdf: Path, out: Path, pages: int = 2, scale: float = 1.4) -> None:
    """The first pages of a PDF side by side, as one PNG."""
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [doc[i].render(scale=scale).to_pil() for i in range(min(pages, len(doc)))]
    finally:
        doc.close()
    gap = 24
    width = sum(im.width for im in images) + gap * (len(images) + 1)
    height = max(im.height for im in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (200, 204, 210))
    x = gap
    for im in images:
        sheet.paste(im, (x, gap))
        x += im.width + gap
    sheet.save(out, optimize=True)


def clip(b: Browser, selector: str, out: Path, pad: int = 8, max_height: int = 1400) -> None:
    """A screenshot of the element ``selector`` (first match)."""
    box = b.eval(f"""(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();
        return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }})()""")
    x, y, w, h = box
    params = {"format": "png", "captureBeyondViewport": True,
              "clip": {"x": max(0, x - pad), "y": max(0, y - pad), "width": w + 2 * pad,
                       "height": min(h + 2 * pad, max_height), "scale": 1}}
    import base64

    out.write_bytes(base64.b64decode(b.send("Page.captureScreenshot", params)["data"]))


def main() -> None:
    results = [check_file(str(ROOT / p)) for p in SAMPLES]
    for r, p in zip(results, SAMPLES):
        r.path = p  # shown relative to the repository
    work = Path(tempfile.mkdtemp(prefix="jixiao-shots-"))
    page = work / "结果.html"
    page.write_text(render_html(results), encoding="utf-8")

    with Browser(width=1280, height=1500) as b:
        b.open(page.as_uri())
        b.eval("localStorage.clear()")
        b.open(page.as_uri())
        # a reviewer at work: two verdicts made, 提示 filtered out
        first = results[0].findings
        b.eval("{ const r = document.getElementById('reviewer'); r.value = '张三'; r.dispatchEvent(new Event('change')); }")
        b.eval("document.querySelector('input[data-filter=severity][value=info]').click()")
        b.eval("""{ const shown = [...document.querySelectorAll('article.finding')].filter(a => !a.hidden);
                   shown[0].querySelector('button[data-verdict="确认"]').click();
                   shown[1].querySelector('button[data-verdict="误报"]').click();
                   const n = shown[1].querySelector('input.note'); n.value = '评分标准按本行分值2分执行，已核对';
                   n.dispatchEvent(new Event('change', {bubbles: true})); }""")
        b.screenshot(DOCS / "html-screen.png", full_page=False)
        # evidence in context: a table cut with merged and cited cells, and a sentence
        rate = next(f for f in first if f.rule == "rate.mismatch")
        text = next(f for f in first if f.rule == "sum.mismatch" and "社保" in f.message)
        over = next(f for f in first if f.rule == "score.over_max" and "效益指标" in f.message)
        clip(b, f"#f-{over.fingerprint}", DOCS / "html-table.png")
        b.eval(f"""{{ const a = document.querySelector('#f-{rate.fingerprint}'),
                     t = document.querySelector('#f-{text.fingerprint}'); a.after(t); }}""")
        clip(b, f"#f-{rate.fingerprint}", work / "rate.png")
        clip(b, f"#f-{text.fingerprint}", work / "text.png")
        stack([work / "rate.png", work / "text.png"], DOCS / "html-evidence.png")
        b.open(page.as_uri())  # print the page as it opens (verdicts kept in the browser show)
        b.pdf(work / "print.pdf")
        pdf_pages_png(work / "print.pdf", DOCS / "html-print.png")
        b.eval("localStorage.clear()")

        # the terminal at 80 columns, as rich records it (its HTML export, drawn in a monospace font
        # whose Chinese glyphs are exactly two columns wide, as in a terminal)
        console = Console(record=True, width=80, force_terminal=True, color_system="truecolor", file=io.StringIO())
        render(results[:1], console, 1)
        html = work / "terminal.html"
        html.write_text(console.export_html(theme=DEFAULT_TERMINAL_THEME, inline_styles=True,
                                            code_format=TERMINAL_HTML), encoding="utf-8")
        b.set_size(1000, 1400)
        b.open(html.as_uri())
        # 80 columns of the font (box-drawing glyphs of a CJK font are two columns wide: cut there)
        col = b.eval("(() => { const s = document.createElement('span'); s.textContent = '0'.repeat(80);"
                     " document.querySelector('pre').appendChild(s); const w = s.getBoundingClientRect().width;"
                     " s.remove(); return w; })()")
        b.eval(f"document.querySelector('pre').style.width = '{col + 32}px'")
        clip(b, "pre", DOCS / "terminal-80.png", pad=0, max_height=1500)

    # the workbook as LibreOffice prints it (landscape, fitted to the width, header row repeated)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        xlsx = work / "结果.xlsx"
        write_xlsx(results, xlsx)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                       check=True, capture_output=True, timeout=180)
        pdf_pages_png(work / "结果.pdf", DOCS / "workbook-print.png", pages=2, scale=1.2)
    else:
        print("LibreOffice not found: docs/workbook-print.png not made", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)


def stack(parts: list[Path], out: Path) -> None:
    images = [Image.open(io.BytesIO(p.read_bytes())) for p in parts]
    width = max(im.width for im in images)
    sheet = Image.new("RGB", (width, sum(im.height for im in images)), (255, 255, 255))
    y = 0
    for im in images:
        sheet.paste(im, (0, y))
        y += im.height
    sheet.save(out, optimize=True)


if __name__ == "__main__":
    main()
