"""Read scanned PDF pages through OCR into the same blocks as text PDFs.

A scanned page is turned into the raw material the text-layer reader works
on — glyphs (:class:`Char`) and ruling edges — so paragraph joining, table
detection (pdfplumber's "lines" strategy), merged cells, wrapped cell lines and
cross-page stitching are exactly those of ``pdf_reader``.  Glyphs come from
RapidOCR's per-character boxes; rulings are found in the rendered image as long
thin runs of dark pixels (plain numpy, no OpenCV code of ours).

RapidOCR (``pip install 'jixiao[ocr]'``) is optional: its ONNX models ship in
the wheel, so nothing is downloaded at run time.
"""
from __future__ import annotations

import functools
from typing import Any, Sequence

import pypdfium2 as pdfium

try:
    import numpy as np
except ImportError:  # comes with the optional OCR engine; without it only ocr_available() is used
    np = None  # type: ignore[assignment]

from jixiao.model import Document

from .pdf_page import Char, PdfPage, open_pdf, render_scale

# Render scale (1.0 = 72 dpi).  Measured on xuanchuan-2021-scanned.pdf (150 dpi
# scan, 16 pages, 2 cores), table cells equal to the text PDF / paragraphs equal:
# 1.0: 91.0% / 42 of 52, 1.8 s a page (a "——" cell lost, a row joined);
# 1.5: 94.1% / 46, 1.9 s;  2.0: 94.6% / 49, 2.1 s;  2.5: 94.7% / 42, 3.0 s.
# Recognition, not rendering, dominates the time, so 2.0 costs little.
SCALE = 2.0

_DARK = 110  # summed darkness (255 - grey) of two neighbouring pixels that counts as ink
_MIN_H = 18.0  # points: shortest horizontal ruling (narrowest column, longer than any glyph stroke)
_MIN_V = 10.0  # points: shortest vertical ruling (a one-line row); short ones must touch two rulings
_LONG_V = 30.0  # points: a vertical run this long is a ruling without further evidence
_MAX_THICK = 3.0  # points: thicker dark runs are fills or pictures, not rulings
_TEXT_MARGIN = 0.2  # share of an OCR box's height at top and bottom where rulings may still run
_CELL_INSET = 2.0  # points kept clear of a cell's rulings when looking for ink in it
_MIN_INK = 6  # dark pixels: fewer in an empty cell is noise
_MIN_MARK = 3.0  # points: an ink patch smaller than this both ways is a speck
_MIN_CELL_SCORE = 0.8  # recogniser confidence for a lone mark (it invents figures below that)
_MAX_SKEW = 3.0  # degrees of scanner tilt looked for
_SKEW_STRIPS = 16  # vertical strips whose row profiles are shifted against each other
_HEIGHT_PER_SIZE = 1.3  # OCR line boxes are padded: box height ≈ 1.3 × font size


def ocr_available() -> bool:
    """True when the optional OCR engine can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # ImportError, or a broken onnxruntime/OpenCV install
        return False
    return True


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """One engine per process: loading the three ONNX models takes about a second."""
    import logging

    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # it warns on every page without text
    return engine


def read_scanned_pdf(path: str) -> Document:
    """OCR every page of ``path`` and assemble the Document as the text reader does."""
    from .pdf_layout import build_document

    from jixiao.limits import request_ocr_pages

    from .bounds import MAX_OCR_PAGES
    from .errors import ReadError

    pdf = open_pdf(path)
    try:
        if len(pdf) > MAX_OCR_PAGES:
            raise ReadError(path, f"需要识别的扫描页超出上限（{len(pdf)} 页，上限 {MAX_OCR_PAGES} 页）")
        request_ocr_pages(len(pdf))
        pages = [ocr_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    doc = build_document(path, pages)
    doc.warnings.append(f"OCR识别：{len(pages)}页")
    return doc


def ocr_page(pdf: pdfium.PdfDocument, index: int, scale: float | None = None) -> PdfPage:
    """The page's glyphs and rulings, recovered from its rendered image (``scale`` defaults to SCALE)."""
    from .bounds import MIN_OCR_SCALE

    page = pdf[index]
    try:
        width, height = page.get_size()
        # A huge MediaBox must not become a gigapixel image: lower the scale to the pixel cap, and
        # give up on the page (ValueError, reported by the reader) when characters would be too small.
        scale = render_scale(width, height, scale or SCALE)
        if scale < MIN_OCR_SCALE:
            raise ValueError(f"page {index + 1}: {width}x{height} points is too large to render")
        bitmap = page.render(scale=scale, grayscale=True)
        grey = bitmap.to_numpy().copy()
    finally:
        page.close()
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    return ocr_image(grey, index + 1, width, height, scale)


def ocr_image(grey: np.ndarray, number: int, width: float, height: float, scale: float) -> PdfPage:
    """A page from its greyscale rendering (``scale`` pixels per point)."""
    grey = deskew(grey)
    out = PdfPage(number=number, width=width, height=height)
    rgb = np.repeat(grey[:, :, None], 3, axis=2)
    result, _ = _engine()(rgb, use_cls=False, return_word_box=True)
    out.chars = chars_from_ocr(result or [], scale)
    out.edges = find_rulings(grey, scale, _text_boxes(result or []))
    out.chars += _blank_cell_text(out, grey, scale)
    return out


def skew_angle(grey: np.ndarray) -> float:
    """Page tilt in degrees (positive: lines run down to the right), from row-profile sharpness.

    Text lines and rulings give the sharpest horizontal ink profile when the
    image is sheared back by the right slope; the profile is built from
    vertical strips shifted against each other, so each candidate costs a few
    interpolations rather than an image rotation.
    """
    ink = (grey < 160).astype(np.float32)
    h, w = ink.shape
    strips = max(2, min(_SKEW_STRIPS, w // 32))
    bounds = np.linspace(0, w, strips + 1).astype(int)
    profiles = [ink[:, a:b].sum(axis=1) for a, b in zip(bounds, bounds[1:])]
    centres = [(a + b) / 2 - w / 2 for a, b in zip(bounds, bounds[1:])]

    rows = np.arange(h, dtype=np.float64)

    def sharpness(deg: float) -> float:
        t = np.tan(np.radians(deg))
        total = np.zeros(h)
        for prof, x in zip(profiles, centres):
            total += np.interp(rows + x * t, rows, prof)  # sub-pixel shift: whole pixels tie over 0.1°
        return float(np.dot(total, total))

    coarse = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.25, coarse + 0.25 + 1e-9, 0.05), key=sharpness))


def deskew(grey: np.ndarray) -> np.ndarray:
    """The page turned level.  Rulings must run along pixel rows and columns to be found, and
    a scanner's usual tilt (0.3° is already 3 points across a table) breaks them into steps."""
    from PIL import Image

    angle = skew_angle(grey)
    if abs(angle) < 0.1:  # below one search step; 0.1° drifts under a point across a table
        return grey
    level = Image.fromarray(grey).rotate(angle, resample=Image.BILINEAR, fillcolor=255)
    return np.asarray(level)


def _blank_cell_text(page: PdfPage, grey: np.ndarray, scale: float) -> list[Char]:
    """Recognise ink in table cells the text detector left empty.

    PP-OCR's detector skips lone short marks — a score "7", a "——" for not
    applicable — which are exactly what a score table is made of.  Each empty
    cell holding ink gets its ink cropped and recognised on its own.
    """
    from .pdf_tables import find_page_tables

    parts, _ = find_page_tables(page)
    sizes = sorted(c.size for c in page.chars)
    size = sizes[len(sizes) // 2] if sizes else 10.0
    inset = _CELL_INSET * scale
    out: list[Char] = []
    for part in parts:
        for cell in part.cells:
            if not cell.blank:
                continue
            x0, y0 = int(cell.x0 * scale + inset), int(cell.top * scale + inset)
            x1, y1 = int(cell.x1 * scale - inset), int(cell.bottom * scale - inset)
            if x1 <= x0 or y1 <= y0:
                continue
            ink = grey[y0:y1, x0:x1] < 128
            if ink.sum() < _MIN_INK:
                continue
            rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
            bx0, bx1 = x0 + int(cols[0]), x0 + int(cols[-1]) + 1
            by0, by1 = y0 + int(rows[0]), y0 + int(rows[-1]) + 1
            if max(bx1 - bx0, by1 - by0) < _MIN_MARK * scale:
                continue  # a speck
            text = _read_mark(grey[by0:by1, bx0:bx1], size * scale)
            if not text:
                continue
            mid = (by0 + by1) / 2
            g_top, g_bottom = mid / scale - 0.46 * size, mid / scale + 0.46 * size
            out += [Char(ch, a, g_top, b, g_bottom, size) for ch, a, b in _split(text, bx0 / scale, bx1 / scale)]
    return out


def _read_mark(patch: np.ndarray, em: float) -> str:
    """Text of one isolated ink patch (pixels; ``em`` = font size in pixels), or "" when unsure.

    A thin bar is a dash, told by shape: the recogniser reads a lone dash as
    "11" or "1-" with high confidence, and a phantom figure in a score table
    is worse than a missing one.  Anything else is recognised on a white
    canvas (no neighbouring rulings) and kept only when confident.
    """
    h, w = patch.shape
    if h <= max(3.0, 0.25 * em):
        if w < 0.3 * em:
            return ""
        return "-" if w < 0.7 * em else "—" * max(1, round(w / em))
    pad = int(0.5 * em)
    height = max(h + 4, int(1.2 * em))
    canvas = np.full((height, w + 2 * pad), 255, dtype=np.uint8)
    y = (height - h) // 2
    canvas[y : y + h, pad : pad + w] = patch
    result, _ = _engine()(np.repeat(canvas[:, :, None], 3, axis=2), use_det=False, use_cls=False)
    if not result:
        return ""
    text, score = "".join(str(result[0][0]).split()), float(result[0][1])
    return text if score >= _MIN_CELL_SCORE else ""


def _text_boxes(result: Sequence[Sequence[Any]]) -> list[tuple[int, int, int, int]]:
    """Pixel rectangles (x0, y0, x1, y1) of recognised glyphs, without the box padding where rulings may run."""
    out = []
    for item in result:
        ys = [p[1] for p in item[0]]
        y0, y1 = min(ys), max(ys)
        pad = _TEXT_MARGIN * (y1 - y0)
        words = item[3] if len(item) >= 5 and item[3] else [item[0]]
        for wbox in words:
            xs = [p[0] for p in wbox]
            out.append((int(min(xs)), int(y0 + pad), int(max(xs)), int(y1 - pad)))
    return out


# --- glyphs -----------------------------------------------------------------


def chars_from_ocr(result: Sequence[Sequence[Any]], scale: float) -> list[Char]:
    """Per-character glyphs in page points from RapidOCR's word-box output.

    A line box is padded around the ink; the font size is estimated from its
    height and each glyph gets the box's vertical centre ± half a size, so that
    line grouping and the wrap heuristics see text-layer-like geometry.
    """
    out: list[Char] = []
    for item in result:
        box, text = item[0], item[1]
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        top, bottom = min(ys) / scale, max(ys) / scale
        size = max((bottom - top) / _HEIGHT_PER_SIZE, 1.0)
        mid = (top + bottom) / 2
        g_top, g_bottom = mid - 0.46 * size, mid + 0.46 * size
        pieces = [p for p in _pieces(item, min(xs) / scale, max(xs) / scale, scale, text) if p[0].strip()]
        for ch, x0, x1 in _full_width(pieces):
            out.append(Char(ch, x0, g_top, x1, g_bottom, size))
    return out


def _ellipsis(pieces: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A run of three or more dots is the ellipsis …… (the recogniser reads it as "....." or "。。。")."""
    out: list[tuple[str, float, float]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and pieces[j][0] in ".。·…":
            j += 1
        if j - i >= 3 or (j > i and all(p[0] == "…" for p in pieces[i:j])):
            x0, x1 = pieces[i][1], pieces[j - 1][2]
            mid = (x0 + x1) / 2
            out += [("…", x0, mid), ("…", mid, x1)]
            i = j
        else:
            out.append(pieces[i])
            i += 1
    return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _full_width(pieces: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """Chinese punctuation the recogniser returns in ASCII form: parentheses in a Han line, quotes next to Han, ellipses.

    Reports type （20分） and “三公经费”; the recogniser often says (20分) and
    "三公经费".  Only cosmetic for the figure parsers (they accept both), but it
    keeps OCR'd text equal to the typed original.
    """
    pieces = _ellipsis(pieces)
    out = list(pieces)
    text = [p[0] for p in pieces]
    if not any(_is_han(ch) for ch in text):
        return out
    opened = False
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        new = ch
        if ch == "(":
            new = "（"
        elif ch == ")":
            new = "）"
        elif ch in "\"“”" and (_is_han(prev) or _is_han(nxt)):
            new = "”" if opened else "“"
        if new in "“”":
            opened = new == "“"
        out[i] = (new, pieces[i][1], pieces[i][2])
    return out


def _pieces(item: Sequence[Any], x0: float, x1: float, scale: float, text: str) -> list[tuple[str, float, float]]:
    """(character, x0, x1) for each character: word boxes when given, else proportional widths."""
    if len(item) >= 5 and item[3] and len(item[3]) == len(item[4]):
        out: list[tuple[str, float, float]] = []
        for wbox, word in zip(item[3], item[4]):
            wx = [p[0] for p in wbox]
            out += _split(word, min(wx) / scale, max(wx) / scale)
        return out
    return _split(text, x0, x1)


def _split(text: str, x0: float, x1: float) -> list[tuple[str, float, float]]:
    weights = [0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text]
    total = sum(weights) or 1.0
    out = []
    x = x0
    for ch, w in zip(text, weights):
        step = (x1 - x0) * w / total
        out.append((ch, x, x + step))
        x += step
    return out


# --- rulings ----------------------------------------------------------------


def find_rulings(grey: np.ndarray, scale: float, text: Sequence[tuple[int, int, int, int]] = ()) -> list[dict]:
    """Horizontal and vertical ruling lines of a rendered page as pdfplumber edges (points).

    Runs lying inside recognised text (``text``: glyph rectangles in pixels)
    are dropped: strokes of neighbouring glyphs line up into long runs ("——",
    a row of 一) that would pass for rulings.  Text is not erased beforehand,
    since in tight rows its boxes overlap the real rulings.
    """
    ink = 255 - grey.astype(np.int16)
    # A one-pixel line drawn between pixel rows shows as two half-grey rows: sum neighbours.
    h_mask = (ink[:-1, :] + ink[1:, :]) >= _DARK
    v_mask = (ink[:, :-1] + ink[:, 1:]) >= _DARK
    h = [s for s in _segments(h_mask, _MIN_H * scale, _MAX_THICK * scale) if not _in_text(s, text, vertical=False)]
    v = [s for s in _segments(v_mask.T, _MIN_V * scale, _MAX_THICK * scale) if not _in_text(s, text, vertical=True)]
    edges = [_h_edge(y, a, b, scale) for y, a, b in h]
    horiz = [(e["top"], e["x0"], e["x1"]) for e in edges]
    for x, a, b in v:
        e = _v_edge(x, a, b, scale)
        if e["height"] >= _LONG_V or _touches(e, horiz, 1.5):
            edges.append(e)
    return edges


def _in_text(seg: tuple[float, int, int], text: Sequence[tuple[int, int, int, int]], vertical: bool) -> bool:
    """Most of the run lies inside glyph rectangles."""
    pos, a, b = seg
    spans = []
    for x0, y0, x1, y1 in text:
        if vertical:
            if x0 <= pos <= x1:
                spans.append((max(y0, a), min(y1, b)))
        elif y0 <= pos <= y1:
            spans.append((max(x0, a), min(x1, b)))
    covered = 0
    reach = a
    for s0, s1 in sorted(spans):
        s0 = max(s0, reach)
        if s1 > s0:
            covered += s1 - s0
            reach = s1
    return covered >= 0.6 * (b - a)


def _touches(v: dict, horiz: list[tuple[float, float, float]], tol: float) -> bool:
    """A short vertical run is a ruling only if it joins two horizontal rulings (a glyph stroke does not)."""
    x = v["x0"]

    def hit(y: float) -> bool:
        return any(abs(hy - y) <= tol and hx0 - tol <= x <= hx1 + tol for hy, hx0, hx1 in horiz)

    return hit(v["top"]) and hit(v["bottom"])


def _segments(mask: np.ndarray, min_len: float, max_thick: float) -> list[tuple[float, int, int]]:
    """Runs along axis 1 at least ``min_len`` pixels long, merged over adjacent rows.

    Returns (row centre, start, end) in pixels, ``end`` exclusive.
    """
    # Breaks are not closed here: that would chain glyph strokes into rulings, and
    # pdfplumber joins collinear pieces of a broken ruling anyway (join_tolerance).
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(diff == 1)
    rows_e, ends = np.nonzero(diff == -1)  # same order as starts: row-major, one end per start
    keep = (ends - starts) >= min_len
    runs = zip(rows_s[keep].tolist(), starts[keep].tolist(), ends[keep].tolist())
    # Group runs of neighbouring rows that overlap into one ruling.
    open_: list[list[float]] = []  # [first_row, last_row, start, end]
    done: list[list[float]] = []
    for row, a, b in runs:
        merged = [row, row, a, b]
        still = []
        for seg in open_:
            if seg[1] < row - 1:
                done.append(seg)
            elif seg[1] == row - 1 and min(b, seg[3]) - max(a, seg[2]) > 0.5 * min(b - a, seg[3] - seg[2]):
                # a run may bridge several pieces of the row above (a line with a faint pixel)
                merged = [min(merged[0], seg[0]), row, min(merged[2], seg[2]), max(merged[3], seg[3])]
            else:
                still.append(seg)
        open_ = still + [merged]
    done += open_
    out = []
    for first, last, a, b in done:
        if last - first + 1 <= max_thick:
            # +1: the mask pairs pixel rows r and r+1, so a line on row r+0.5.. shows at r
            out.append(((first + last) / 2 + 1.0, int(a), int(b)))
    return out


def _h_edge(y: float, a: int, b: int, scale: float) -> dict:
    top = y / scale
    x0, x1 = a / scale, b / scale
    return dict(x0=x0, x1=x1, top=top, bottom=top, width=x1 - x0, height=0.0, orientation="h", object_type="line")


def _v_edge(x: float, a: int, b: int, scale: float) -> dict:
    xm = x / scale
    top, bottom = a / scale, b / scale
    return dict(x0=xm, x1=xm, top=top, bottom=bottom, width=0.0, height=bottom - top, orientation="v", object_type="line")
