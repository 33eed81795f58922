"""Render a generated report as a text PDF with reportlab.

Text is set in the built-in CID font STSong-Light (no font file needed; its
text layer extracts back as the original characters).  Tables are drawn as
one stroked rectangle per cell, a merged cell being a single spanned
rectangle, so a "lines"-strategy table finder sees the real ruling.  Long
tables continue on the next page, with the header rows repeated or not; a
merged cell cut by a page break leaves a blank continuation rectangle on the
next page, as word processors do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from .model import Doc, PageBreak, Para, Table

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


_NO_START = set("，。、；：？！）》」』”’%％,.;:)]")
# Latin letters and ASCII digits run together (UAX #14 AL/NU); full-width digits break like ideographs (ID).
_UNIT = re.compile(r"[0-9A-Za-z.,%]+|.", re.S)


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, _font(), size)


def wrap(text: str, size: float, avail: float, indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``avail`` (the first one ``indent`` narrower).

    Latin/number runs are not split; a closing mark never starts a line.
    Explicit newlines are kept.
    """
    lines: list[str] = []
    for k, chunk in enumerate(text.split("\n")):
        units = _UNIT.findall(chunk)
        cur: list[str] = []
        cur_w = 0.0
        room = avail - (indent if k == 0 else 0.0)
        for u in units:
            w = width(u, size)
            if cur and cur_w + w > room:
                if u[0] in _NO_START and len(cur) > 1:
                    # a closing mark may not start a line: the unit before it goes down with it
                    carry = cur.pop()
                    lines.append("".join(cur))
                    cur, cur_w, room = [carry], width(carry, size), avail
                else:
                    lines.append("".join(cur))
                    cur, cur_w, room = [], 0.0, avail
            if not cur and w > room:  # a run longer than the line: split by characters
                for ch in u:
                    cw = width(ch, size)
                    if cur and cur_w + cw > room:
                        lines.append("".join(cur))
                        cur, cur_w, room = [], 0.0, avail
                    cur.append(ch)
                    cur_w += cw
                continue
            cur.append(u)
            cur_w += w
        lines.append("".join(cur))
    return lines


@dataclass
class _Style:
    size: float
    align: str  # left | center | right
    indent: float  # first-line indent in characters
    before: float
    after: float


STYLES = {
    "title": _Style(17, "center", 0, 6, 12),
    "subtitle": _Style(13, "center", 0, 0, 8),
    "h1": _Style(12.5, "left", 0, 6, 3),
    "h2": _Style(12, "left", 0, 3, 2),
    "h3": _Style(12, "left", 2, 2, 2),
    "body": _Style(12, "left", 2, 0, 2),
    "center": _Style(13, "center", 0, 4, 4),
    "right": _Style(12, "right", 0, 2, 2),
    "note": _Style(10, "left", 0, 2, 2),
    "attach": _Style(12.5, "left", 0, 0, 6),
}


class _Writer:
    def __init__(self, path: str, doc: Doc) -> None:
        self.pagesize = landscape(A4) if doc.variant.get("landscape") else A4
        self.c = Canvas(path, pagesize=self.pagesize, pageCompression=1)
        self.c.setTitle(doc.title)
        self.c.setAuthor("")
        self.left = 72.0 if not doc.variant.get("wide_margin") else 90.0
        self.right = self.pagesize[0] - self.left
        self.top = self.pagesize[1] - 72.0
        self.bottom = 72.0
        self.y = self.top
        self.page = 1
        self.page_numbers = doc.variant.get("page_numbers", "dash")
        self.started = False  # anything drawn on the current page

    # ---- pages
    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = self.top
        self.started = False

    def _footer(self) -> None:
        if self.page_numbers == "none":
            return
        label = {"dash": f"- {self.page} -", "plain": str(self.page), "cn": f"第{self.page}页"}[self.page_numbers]
        self.c.setFont(_font(), 9)
        self.c.drawCentredString(self.pagesize[0] / 2, 40, label)

    def finish(self) -> None:
        self._footer()
        self.c.save()

    # ---- paragraphs
    def para(self, p: Para) -> None:
        st = STYLES[p.style]
        text = p.text
        if not text.strip():
            self.y -= st.size
            return
        avail = self.right - self.left
        lines = wrap(text, st.size, avail, st.indent * st.size)
        lead = st.size * 1.5
        if self.started:
            self.y -= st.before
        for i, line in enumerate(lines):
            if self.y - lead < self.bottom:
                self.new_page()
            self.y -= lead
            self.c.setFont(_font(), st.size)
            base = self.y + (lead - st.size) / 2 + 0.12 * st.size
            if st.align == "center":
                self.c.drawCentredString((self.left + self.right) / 2, base, line)
            elif st.align == "right":
                self.c.drawRightString(self.right, base, line)
            else:
                x = self.left + (st.indent * st.size if i == 0 else 0)
                self.c.drawString(x, base, line)
            self.started = True
        self.y -= st.after

    # ---- tables
    def table(self, t: Table) -> None:
        size = t.font
        avail = self.right - self.left
        n_cols = max(len(r) for r in t.rows)
        rel = t.widths or [1.0] * n_cols
        total = sum(rel)
        colw = [avail * w / total for w in rel]
        xs = [self.left]
        for w in colw:
            xs.append(xs[-1] + w)
        n_rows = len(t.rows)
        span = {}  # origin -> (r1, c1)
        covered = set()
        for r0, c0, r1, c1 in t.merges:
            span[(r0, c0)] = (r1, c1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        pad_x, pad_y, lead = 2.5, 2.0, size * 1.3
        cells = []  # (r0, c0, r1, c1, lines, align)
        for r in range(n_rows):
            for c in range(n_cols):
                if (r, c) in covered:
                    continue
                r1, c1 = span.get((r, c), (r, c))
                text = t.cell_text(r, c) if c < len(t.rows[r]) else ""
                w = xs[c1 + 1] - xs[c] - 2 * pad_x
                lines = wrap(text, size, w) if text else []
                numeric = bool(re.fullmatch(r"[\s\d０-９.,，%％．≥≤<>=\-—/（）()分万元个人次]*", text))
                cells.append((r, c, r1, c1, lines, "center" if numeric or r < t.header_rows else "left"))
        heights = [lead + 2 * pad_y] * n_rows
        for r0, c0, r1, c1, lines, _ in cells:
            if r0 == r1:
                heights[r0] = max(heights[r0], len(lines) * lead + 2 * pad_y)
        for r0, c0, r1, c1, lines, _ in cells:
            if r1 > r0:
                need = len(lines) * lead + 2 * pad_y
                have = sum(heights[r0:r1 + 1])
                if need > have:
                    heights[r1] += need - have
        need_of = {(r0, c0): len(lines) * lead + 2 * pad_y for r0, c0, r1, c1, lines, _ in cells}
        spans_at = [(r0, r1, need_of[(r0, c0)]) for r0, c0, r1, c1, _, _ in cells if r1 > r0]

        if self.started:
            self.y -= 4
        first_need = sum(heights[: min(n_rows, max(t.header_rows, 1) + 1)])
        if self.started and self.y - first_need < self.bottom:
            self.new_page()
        pages = self._paginate(heights, spans_at, t.header_rows if t.repeat_header else 0, t.header_rows)
        # draw, page by page
        self.c.setLineWidth(0.6)
        for pi, rows in enumerate(pages):
            if pi > 0:
                self.new_page()
            ytop = self.y if pi == 0 else self.top
            pos = {}
            yy = ytop
            for rr in rows:
                real = -1 - rr if rr < 0 else rr
                pos[rr] = (yy, heights[real])
                yy -= heights[real]
            body = [rr for rr in rows if rr >= 0]
            for r0, c0, r1, c1, lines, align in cells:
                if (-1 - r0) in pos and (-1 - r1) in pos:  # a repeated header cell
                    top = pos[-1 - r0][0]
                    bottom = pos[-1 - r1][0] - pos[-1 - r1][1]
                    self._cell(xs[c0], xs[c1 + 1], top, top - bottom, lines, align, size, lead, pad_x, pad_y)
                seg = [rr for rr in body if r0 <= rr <= r1]
                if not seg:
                    continue
                top = pos[seg[0]][0]
                bottom = pos[seg[-1]][0] - pos[seg[-1]][1]
                show = lines if seg[0] == r0 else []
                self._cell(xs[c0], xs[c1 + 1], top, top - bottom, show, align, size, lead, pad_x, pad_y)
            self.y = yy
            self.started = True
        self.y -= 6

    def _paginate(self, heights, spans_at, repeat: int, n_header: int) -> list[list[int]]:
        """Rows per page (a negative entry -1-r is header row r repeated), never cutting a merged cell's text."""
        n = len(heights)
        pages: list[list[int]] = []
        cur: list[int] = []
        y = self.y
        r = 0
        while r < n:
            h = heights[r]
            body = [x for x in cur if x >= 0]
            if y - h < self.bottom and body:
                b = r
                changed = True
                while changed:
                    changed = False
                    for s0, s1, need in spans_at:
                        if s0 < b <= s1 and sum(heights[s0:b]) < need and s0 > body[0]:
                            b, changed = s0, True
                if b <= n_header and not pages:
                    b = 0  # only the header would stay: the whole table starts on the next page
                cur = [x for x in cur if x < 0 or x < b]
                pages.append(cur)
                cur = [-1 - k for k in range(repeat)] if b >= repeat else []
                y = self.top - sum(heights[k] for k in range(repeat) if b >= repeat)
                r = b
                continue
            cur.append(r)
            y -= h
            r += 1
        pages.append(cur)
        return pages

    def _cell(self, x0, x1, top, h, lines, align, size, lead, pad_x, pad_y) -> None:
        self.c.rect(x0, top - h, x1 - x0, h, stroke=1, fill=0)
        self.c.setFont(_font(), size)
        ty = top - pad_y
        block = len(lines) * lead
        if block < h - 2 * pad_y:  # centre vertically
            ty = top - (h - block) / 2
        for line in lines:
            ty -= lead
            base = ty + (lead - size) / 2 + 0.12 * size
            if align == "center":
                self.c.drawCentredString((x0 + x1) / 2, base, line)
            else:
                self.c.drawString(x0 + pad_x, base, line)


def render_pdf(doc: Doc, path: str) -> None:
    w = _Writer(path, doc)
    for b in doc.blocks:
        if isinstance(b, Para):
            w.para(b)
        elif isinstance(b, Table):
            w.table(b)
        elif isinstance(b, PageBreak):
            if w.started:
                w.new_page()
    w.finish()
