"""Raw page content (characters and ruling edges) of a PDF, via pdfium.

pdfminer, which pdfplumber builds on, parses content streams in pure Python at
~45 ms per page on these reports; pdfium (already installed as pdfplumber's
rendering dependency) does the same in ~6 ms.  We read characters and path
segments here and hand the edges to pdfplumber's table finder, so table
detection is still pdfplumber's "lines" strategy.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from . import bounds
from .errors import ReadError

# pdfium error codes (fpdfview.h FPDF_ERR_*)
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


class Char(NamedTuple):
    """One glyph in top-down page coordinates (pdfplumber convention)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)  # pdfplumber edge dicts

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def open_pdf(path: str) -> pdfium.PdfDocument:
    """Open without writing anything; map pdfium failures to a Chinese reason."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise ReadError(path, "文件已加密（有打开密码），请提供未加密的文件") from exc
        if code == _ERR_FORMAT:
            raise ReadError(path, "文件已损坏（PDF 结构无法解析）") from exc
        raise ReadError(path, "文件已损坏，无法打开") from exc


def render_scale(width: float, height: float, wanted: float, max_pixels: int = bounds.MAX_RENDER_PIXELS) -> float:
    """The scale to render a ``width`` × ``height`` point page at: ``wanted``, lowered to keep the image under the cap."""
    width, height = abs(width), abs(height)
    if not (width > 0 and height > 0) or width != width or height != height:
        return 0.0
    pixels = width * height * wanted * wanted
    if pixels <= max_pixels:
        return wanted
    return (max_pixels / (width * height)) ** 0.5


_INK_SCALE = 0.25  # 18 dpi is enough to see whether anything is printed on a page
_INK_LEVEL = 200  # grey below this is ink


def has_ink(doc: pdfium.PdfDocument, index: int) -> bool:
    """Whether anything at all is drawn on the page (rendered small, under the pixel cap)."""
    page = doc[index]
    try:
        width, height = page.get_size()
        scale = render_scale(width, height, _INK_SCALE, max_pixels=2_000_000)
        if scale <= 0:
            return False
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            data = bitmap.to_numpy() if _numpy() else None
            if data is not None:
                return bool((data < _INK_LEVEL).any())
            buf = bytes(bitmap.buffer)
            return any(b < _INK_LEVEL for b in buf)
        finally:
            bitmap.close()
    finally:
        page.close()


def _numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def load_page(doc: pdfium.PdfDocument, index: int) -> PdfPage:
    page = doc[index]
    try:
        width, height = page.get_size()
        out = PdfPage(number=index + 1, width=width, height=height)
        out.chars = _chars(page, height)
        out.edges = _edges(page, height)
        return out
    finally:
        page.close()


def _chars(page: pdfium.PdfPage, height: float) -> list[Char]:
    tp = page.get_textpage()
    try:
        handle = tp.raw
        n = raw.FPDFText_CountChars(handle)
        rect = raw.FS_RECTF()
        out: list[Char] = []
        for i in range(n):
            code = raw.FPDFText_GetUnicode(handle, i)
            # generated = spaces/line breaks pdfium invents between runs
            if code in (0, 0xFFFE, 0xFFFF, 10, 13) or raw.FPDFText_IsGenerated(handle, i) == 1:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, i, rect):
                continue
            if code > 0x10FFFF:  # a broken ToUnicode map
                code = 0xFFFD
            if 0xD800 <= code <= 0xDFFF:  # UTF-16 halves: pair them, never keep a lone surrogate
                if 0xDC00 <= code and out and len(out[-1].text) == 1 and 0xD800 <= ord(out[-1].text) <= 0xDBFF:
                    high = ord(out[-1].text)
                    out[-1] = out[-1]._replace(text=chr(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)))
                    continue
                if code >= 0xDC00:
                    code = 0xFFFD
            elif out and len(out[-1].text) == 1 and 0xD800 <= ord(out[-1].text) <= 0xDBFF:
                out[-1] = out[-1]._replace(text="\ufffd")
            out.append(
                Char(
                    chr(code),
                    rect.left,
                    height - rect.top,
                    rect.right,
                    height - rect.bottom,
                    raw.FPDFText_GetFontSize(handle, i),
                )
            )
        if out and len(out[-1].text) == 1 and 0xD800 <= ord(out[-1].text) <= 0xDBFF:
            out[-1] = out[-1]._replace(text="\ufffd")
        return out
    finally:
        tp.close()


def _edges(page: pdfium.PdfPage, height: float) -> list[dict]:
    """Horizontal/vertical segments of every path object, as pdfplumber edges."""
    edges: list[dict] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    seen = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
        m = obj.get_matrix()
        handle = obj.raw
        pts: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        n_segments = raw.FPDFPath_CountSegments(handle)
        seen += max(0, n_segments)
        if seen > bounds.MAX_PAGE_SEGMENTS or len(edges) > bounds.MAX_PAGE_EDGES:
            return []  # a drawing or a map, not a ruled table: no table is looked for on this page
        for i in range(n_segments):
            seg = raw.FPDFPath_GetPathSegment(handle, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px = m.a * x.value + m.c * y.value + m.e
            py = m.b * x.value + m.d * y.value + m.f
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not pts:
                pts = [(px, py)]
                start = (px, py)
            else:
                _add_edge(edges, pts[-1], (px, py), height)
                pts.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, (px, py), start, height)
    return edges


def _add_edge(edges: list[dict], a: tuple[float, float], b: tuple[float, float], height: float) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.5 and abs(ax - bx) >= 0.5:
        x0, x1 = min(ax, bx), max(ax, bx)
        top = height - (ay + by) / 2
        edges.append(dict(x0=x0, x1=x1, top=top, bottom=top, width=x1 - x0, height=0.0,
                          orientation="h", object_type="line"))
    elif abs(ax - bx) < 0.5 and abs(ay - by) >= 0.5:
        top, bottom = height - max(ay, by), height - min(ay, by)
        xm = (ax + bx) / 2
        edges.append(dict(x0=xm, x1=xm, top=top, bottom=bottom, width=0.0, height=bottom - top,
                          orientation="v", object_type="line"))
