"""Hostile and broken inputs, generated (never stored): every class issue 15 names.

Each generator writes files into a folder and returns :class:`Case` objects
saying what a correct run gives for them: ``reason`` lists words one of which
the file's one-line reason must contain; ``readable`` says the file must be
read (no reason); neither means "a result or a reason, either is fine".

Classes:

- ``sample``: the bundled sample reports, unchanged (their findings must come back).
- ``flip``: one byte of a sample flipped (xor with a random non-zero byte) at spread offsets.
- ``truncate``: a sample cut at spread offsets.
- ``xml_flip``: one byte of a sample's word/document.xml flipped, repackaged (reaches the XML parser and the rules).
- ``xlsx_mutation``: byte flips and truncations of a generated workbook.
- ``zip_bomb``: a part declaring GBs (docx and xlsx), a high-ratio part, a part that lies about its size.
- ``zip_hostile``: an encrypted part, an unsupported compression method, a broken central directory.
- ``xml_attack``: XXE (file:// entity), billion laughs, deep nesting, nested tables.
- ``docx_span``: gridSpan 100000000, 1e30, 2**31, negative, text; gridBefore huge; 2000 × 2000 declared grid.
- ``xlsx_merge``: a merge over the whole sheet, merges beyond the data, a hyperlink over the whole sheet.
- ``pdf_pages``: 2,000 blank pages, 600 blank pages, a huge MediaBox with ink, a page with ink and no text.
- ``special``: a named pipe called x.docx, a device (symlink to /dev/zero) called x.pdf, a folder called x.docx,
  a dangling symlink.
- ``names``: file names with bytes that are not UTF-8, control sequences, rich markup.
- ``injection``: documents whose text holds rich markup ("[red]", "[/]", "[link=…]"), terminal escapes,
  bidi overrides, spreadsheet formulas ("=cmd|…") and HTML ("<script>").

Run as a script to write the whole set (or ``--sample N``) into a folder::

    python tests/hostile_inputs.py /tmp/hostile [--sample 300] [--seed 0]
"""
from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = ["xinfang-2020.docx", "xuanchuan-2021.docx", "xinfang-2020.pdf", "xuanchuan-2021.pdf"]
# The scanned sample is left out of mutations: each mutant would spend half a minute in OCR.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Case:
    path: Path
    cls: str
    reason: tuple[str, ...] = ()  # the reason must contain one of these
    readable: bool = False  # must be read (no reason)
    findings: bool = False  # must have findings
    regular: bool = True  # a regular file (hashed before and after)
    note: str = ""


# --------------------------------------------------------------------------- building blocks

def offsets(size: int, n: int, rng: random.Random) -> list[int]:
    """``n`` offsets spread over ``size`` bytes: the first bytes, evenly spaced ones, and random ones."""
    fixed = [0, 1, 2, 3, 4, 8, 16, 30, 64, 200, size // 2, size - 22, size - 10, size - 1]
    even = [size * i // n for i in range(n)]
    rand = [rng.randrange(size) for _ in range(n)]
    out = sorted({o for o in fixed + even + rand if 0 <= o < size})
    return out


def flip(data: bytes, offset: int, rng: random.Random) -> bytes:
    b = bytearray(data)
    b[offset] ^= rng.randrange(1, 256)
    return bytes(b)


def docx_bytes(document_xml: str | bytes) -> bytes:
    """A minimal .docx package around ``document_xml``."""
    body = document_xml.encode("utf-8") if isinstance(document_xml, str) else document_xml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                    '</Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                    '</Relationships>')
        zf.writestr("word/document.xml", body)
    return buf.getvalue()


def doc_xml(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def para(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def cell(text: str, tcpr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{para(text)}</w:tc>"


def table(rows: list[str], grid_cols: int | None = 3, trpr: str = "") -> str:
    grid = "" if grid_cols is None else "<w:tblGrid>" + "<w:gridCol w:w=\"1000\"/>" * grid_cols + "</w:tblGrid>"
    return "<w:tbl>" + grid + "".join(f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{r}</w:tr>" for r in rows) + "</w:tbl>"


REPORT_BODY = (para("附件2") + para("部门整体支出绩效评价基础数据表") + para("填报单位：区信访局")
               + table([cell("项目") + cell("预算数") + cell("决算数"),
                        cell("三公经费") + cell("10.5") + cell("12.3"),
                        cell("合计") + cell("20") + cell("21")]))


@dataclass
class RawEntry:
    name: str
    data: bytes  # as stored (already compressed for method 8)
    method: int = 0
    crc: int = 0
    uncompressed: int | None = None
    flags: int = 0


def raw_zip(entries: list[RawEntry], cut_directory: bool = False) -> bytes:
    """A zip written byte by byte, so sizes, flags and methods can lie."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        size = e.uncompressed if e.uncompressed is not None else len(e.data)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, e.flags, e.method, 0, 0x21, e.crc & 0xFFFFFFFF,
                           len(e.data), size & 0xFFFFFFFF, len(name), 0)
        out += name + e.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, e.flags, e.method, 0, 0x21,
                               e.crc & 0xFFFFFFFF, len(e.data), size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0, offset)
        central += name
    cd_offset = len(out)
    if cut_directory:
        central = central[: len(central) // 2]
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def deflate_zeros(megabytes: int) -> bytes:
    """Raw deflate of ``megabytes`` MB of b'0' (XML-ish filler): built from one repeated flushed block."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"0" * (1 << 20)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    return first + again * (megabytes - 1) + comp.flush()


def stored(data: bytes) -> RawEntry:
    return RawEntry("", data, 0, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes) -> RawEntry:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(data) + comp.flush()
    return RawEntry(name, packed, 8, zlib.crc32(data), len(data))


def xlsx_bytes(merge: str = "", hyperlink: str = "", sheet_xml: bytes | None = None) -> bytes:
    """A small workbook (a 基础数据表-like sheet) from openpyxl, its sheet XML edited when asked."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "附件2"
    rows = [["部门整体支出绩效评价基础数据表"], ["填报单位：区信访局"], ["项目", "预算数", "决算数"],
            ["三公经费", 10.5, 12.3], ["公用经费", 20, 19.5], ["合计", 30.5, 31.8]]
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    if not (merge or hyperlink or sheet_xml is not None):
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                if sheet_xml is not None:
                    data = sheet_xml
                else:
                    text = data.decode("utf-8")
                    extra = ""
                    if merge:
                        extra += f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'
                    text = text.replace("</sheetData>", "</sheetData>" + extra, 1)
                    if hyperlink:
                        text = text.replace("<pageMargins", f'<hyperlinks><hyperlink ref="{hyperlink}" display="x" location="A1"/></hyperlinks><pageMargins', 1)
                    data = text.encode("utf-8")
            zf.writestr(info.filename, data)
    return out.getvalue()


def pdf_bytes(pages: int, media: tuple[float, float] = (595, 842), content: bytes = b"") -> bytes:
    """A PDF of ``pages`` pages sharing one content stream (empty by default)."""
    objs: list[bytes] = []
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    for _ in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {media[0]:g} {media[1]:g}] /Contents 3 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    xref = []
    for i, body in enumerate(objs, start=1):
        xref.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in xref)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


# --------------------------------------------------------------------------- classes

Generator = Callable[[Path, random.Random, int], list[Case]]


def gen_sample(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for name in SAMPLES:
        p = d / f"sample-{name}"
        p.write_bytes((FIXTURES / name).read_bytes())
        out.append(Case(p, "sample", readable=True, findings=True))
    return out


def gen_flip(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for name in SAMPLES:
        data = (FIXTURES / name).read_bytes()
        for off in offsets(len(data), n, rng):
            p = d / f"flip-{off:07d}-{name}"
            p.write_bytes(flip(data, off, rng))
            out.append(Case(p, "flip"))
    return out


def gen_truncate(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for name in SAMPLES:
        data = (FIXTURES / name).read_bytes()
        for off in offsets(len(data), n, rng):
            p = d / f"cut-{off:07d}-{name}"
            p.write_bytes(data[:off])
            out.append(Case(p, "truncate", reason=("文件为空",) if off == 0 else ()))
    return out


def gen_xml_flip(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for name in SAMPLES:
        if not name.endswith(".docx"):
            continue
        src = zipfile.ZipFile(FIXTURES / name)
        xml = src.read("word/document.xml")
        for off in offsets(len(xml), n, rng):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for info in src.infolist():
                    data = src.read(info.filename)
                    zf.writestr(info.filename, flip(xml, off, rng) if info.filename == "word/document.xml" else data)
            p = d / f"xmlflip-{off:07d}-{name}"
            p.write_bytes(buf.getvalue())
            out.append(Case(p, "xml_flip"))
    return out


def gen_xlsx_mutation(d: Path, rng: random.Random, n: int) -> list[Case]:
    data = xlsx_bytes()
    base = d / "xlsx-base.xlsx"
    base.write_bytes(data)
    out = [Case(base, "xlsx_mutation", readable=True)]
    for off in offsets(len(data), n, rng):
        p = d / f"xlsx-flip-{off:06d}.xlsx"
        p.write_bytes(flip(data, off, rng))
        out.append(Case(p, "xlsx_mutation"))
        p = d / f"xlsx-cut-{off:06d}.xlsx"
        p.write_bytes(data[:off])
        out.append(Case(p, "xlsx_mutation"))
    return out


def _package_with(member: RawEntry, kind: str) -> bytes:
    """A docx or xlsx package whose main part is ``member`` (other parts real)."""
    if kind == "docx":
        base = zipfile.ZipFile(io.BytesIO(docx_bytes(doc_xml(REPORT_BODY))))
        main = "word/document.xml"
    else:
        base = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
        main = "xl/worksheets/sheet1.xml"
    entries = []
    for info in base.infolist():
        if info.filename == main:
            member.name = main
            entries.append(member)
        else:
            entries.append(deflated(info.filename, base.read(info.filename)))
    return raw_zip(entries)


def gen_zip_bomb(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    bomb = deflate_zeros(3500)  # 3.5 GB of '0' in about 3.5 MB (CRC left wrong: it must never be checked)
    small = deflate_zeros(100)  # 100 MB, ratio ~1000
    for kind in ("docx", "xlsx"):
        p = d / f"bomb-declared-3500mb.{kind}"
        p.write_bytes(_package_with(RawEntry("", bomb, 8, 0, 3500 << 20), kind))
        out.append(Case(p, "zip_bomb", reason=("压缩数据异常",)))
        p = d / f"bomb-ratio-100mb.{kind}"
        p.write_bytes(_package_with(RawEntry("", small, 8, 0, 100 << 20), kind))
        out.append(Case(p, "zip_bomb", reason=("压缩数据异常",)))
        p = d / f"bomb-liar.{kind}"  # declares 2 KB, inflates to 3.5 GB
        p.write_bytes(_package_with(RawEntry("", bomb, 8, 0, 2048), kind))
        out.append(Case(p, "zip_bomb", reason=("损坏", "压缩数据异常")))
    # Many parts, each under the caps, together above them (xlsx: openpyxl would read them all).
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    entries = [deflated(i.filename, base.read(i.filename)) for i in base.infolist()]
    part = deflate_zeros(60)
    entries += [RawEntry(f"xl/printerSettings/extra{i}.xml", part, 8, 0, 60 << 20) for i in range(6)]
    p = d / "bomb-many-parts.xlsx"
    p.write_bytes(raw_zip(entries))
    out.append(Case(p, "zip_bomb", reason=("压缩数据异常",)))
    return out


def gen_zip_hostile(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    xml = doc_xml(REPORT_BODY).encode("utf-8")
    for kind in ("docx", "xlsx"):
        main = deflated("", xml)
        main.flags = 0x1  # "encrypted"
        p = d / f"zip-encrypted-part.{kind}"
        p.write_bytes(_package_with(main, kind))
        out.append(Case(p, "zip_hostile", reason=("加密",)))
        for method in (9, 12, 14, 99):  # deflate64, bzip2, lzma, unknown
            e = RawEntry("", zlib.compress(xml)[2:-4], method, zlib.crc32(xml), len(xml))
            p = d / f"zip-method-{method}.{kind}"
            p.write_bytes(_package_with(e, kind))
            out.append(Case(p, "zip_hostile", reason=("压缩数据异常", "损坏")))
    p = d / "zip-cut-directory.docx"
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(doc_xml(REPORT_BODY))))
    p.write_bytes(raw_zip([deflated(i.filename, base.read(i.filename)) for i in base.infolist()], cut_directory=True))
    out.append(Case(p, "zip_hostile"))
    p = d / "zip-no-document.docx"
    p.write_bytes(raw_zip([deflated("word/other.xml", b"<x/>")]))
    out.append(Case(p, "zip_hostile", reason=("不是 Word",)))
    return out


def gen_xml_attack(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>'
    p = d / "xml-xxe.docx"
    p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + '<w:p><w:r><w:t>&xxe;&net;</w:t></w:r></w:p>', xxe)))
    out.append(Case(p, "xml_attack", note="no-passwd"))
    lol = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10 if i else "lol"}">' for i in range(10))
    p = d / "xml-billion-laughs.docx"
    p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>', f"<!DOCTYPE w:document [{lol}]>")))
    out.append(Case(p, "xml_attack"))
    for depth in (300, 3000, 100_000):
        p = d / f"xml-deep-sdt-{depth}.docx"
        inner = "<w:sdt><w:sdtContent>" * depth + para("深") + "</w:sdtContent></w:sdt>" * depth
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + inner)))
        out.append(Case(p, "xml_attack"))
        p = d / f"xml-deep-run-{depth}.docx"
        inner = "<w:p>" + "<w:hyperlink>" * depth + "<w:r><w:t>深</w:t></w:r>" + "</w:hyperlink>" * depth + "</w:p>"
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + inner)))
        out.append(Case(p, "xml_attack"))
    for depth in (20, 200):
        inner = para("内")
        for _ in range(depth):
            inner = table([cell("a") + "<w:tc>" + inner + para("x") + "</w:tc>"], 2)
        p = d / f"xml-nested-tables-{depth}.docx"
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + inner)))
        out.append(Case(p, "xml_attack"))
    p = d / "xml-not-xml.docx"
    p.write_bytes(docx_bytes(b"\x00\xff not xml at all <<<"))
    out.append(Case(p, "xml_attack", reason=("XML",)))
    p = d / "xml-utf16-garbage.docx"
    p.write_bytes(docx_bytes("<?xml version='1.0' encoding='UTF-16'?><a/>".encode("utf-8")))
    out.append(Case(p, "xml_attack"))
    return out


def gen_docx_span(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for val in ("100000000", "1e30", "2147483648", "99999999999999999999999999999999", "-5", "abc", "0"):
        rows = [cell("项目") + cell("预算数", f'<w:gridSpan w:val="{val}"/>') + cell("决算数"),
                cell("三公经费") + cell("10.5") + cell("12.3")]
        p = d / f"span-gridspan-{val[:12]}.docx"
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 3))))
        out.append(Case(p, "docx_span", readable=True))
        p = d / f"span-nogrid-{val[:12]}.docx"
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, None))))
        out.append(Case(p, "docx_span", readable=True))
    for val in ("100000000", "2147483648"):
        rows = [cell("a") + cell("b"), cell("c") + cell("d")]
        p = d / f"span-gridbefore-{val}.docx"
        p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 2, f'<w:gridBefore w:val="{val}"/><w:gridAfter w:val="{val}"/>'))))
        out.append(Case(p, "docx_span", readable=True))
    rows = [cell("a", '<w:vMerge w:val="restart"/>') + cell("b")] + [cell("", "<w:vMerge/>") + cell(str(i)) for i in range(200)]
    p = d / "span-vmerge-long.docx"
    p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 2))))
    out.append(Case(p, "docx_span", readable=True))
    # A declared grid far beyond the caps: 2,000 columns (only the declaration is large).
    rows = [cell("a", '<w:gridSpan w:val="2000"/>')] * 150
    p = d / "span-declared-2000-cols.docx"
    p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 2000))))
    out.append(Case(p, "docx_span", reason=("表格规模超出上限",)))
    # 500 × 500 real cells: above the per-table cap.
    rows = ["".join(cell(str(rng.randrange(10**6))) for _ in range(500)) for _ in range(500)]
    p = d / "span-500x500.docx"
    p.write_bytes(docx_bytes(doc_xml(REPORT_BODY + table(rows, 500))))
    out.append(Case(p, "docx_span", reason=("表格规模超出上限",)))
    return out


def gen_xlsx_merge(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    for ref in ("A1:XFD1048576", "A3:C1048576", "B2:XFD2", "Z100:XFD1048576", "A1:A1", "C3:A1", "A0:B2", "ZZZZ1:A1"):
        safe = ref.replace(":", "-")
        p = d / f"xlsx-merge-{safe}.xlsx"
        p.write_bytes(xlsx_bytes(merge=ref))
        out.append(Case(p, "xlsx_merge"))
    p = d / "xlsx-hyperlink-whole-sheet.xlsx"
    p.write_bytes(xlsx_bytes(hyperlink="A1:XFD1048576"))
    out.append(Case(p, "xlsx_merge"))
    # Values at the two far corners with a diagonal between: bands far wider than the cap.
    cells = "".join(f'<row r="{r}"><c r="{col}{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                    for r, col in ((1, "A"), (2, "XFD"), (3, "A"), (4, "XFD")))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{cells}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>')
    p = d / "xlsx-far-corners.xlsx"
    p.write_bytes(xlsx_bytes(sheet_xml=sheet.encode()))
    out.append(Case(p, "xlsx_merge"))
    return out


def gen_pdf_pages(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    p = d / "pdf-2000-blank-pages.pdf"
    p.write_bytes(pdf_bytes(2000))
    out.append(Case(p, "pdf_pages", reason=("页数超出上限",)))
    p = d / "pdf-600-blank-pages.pdf"
    p.write_bytes(pdf_bytes(600))
    out.append(Case(p, "pdf_pages", reason=("空白",)))
    p = d / "pdf-huge-mediabox.pdf"
    p.write_bytes(pdf_bytes(1, (200000, 200000), b"0 0 0 rg 1000 1000 150000 150000 re f"))
    out.append(Case(p, "pdf_pages"))
    p = d / "pdf-huge-mediabox-3-pages.pdf"
    p.write_bytes(pdf_bytes(3, (14400, 14400), b"0 0 0 rg 100 100 14000 14000 re f"))
    out.append(Case(p, "pdf_pages"))
    p = d / "pdf-zero-mediabox.pdf"
    p.write_bytes(pdf_bytes(2, (0, 0), b"0 0 0 rg 0 0 10 10 re f"))
    out.append(Case(p, "pdf_pages"))
    p = d / "pdf-ink-no-text.pdf"
    p.write_bytes(pdf_bytes(1, (595, 842), b"0 0 0 RG 2 w 72 700 m 520 700 l S 72 600 m 520 600 l S"))
    out.append(Case(p, "pdf_pages"))
    p = d / "pdf-no-pages.pdf"
    p.write_bytes(pdf_bytes(0))
    out.append(Case(p, "pdf_pages"))
    return out


def gen_special(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    fifo = d / "special-pipe.docx"
    os.mkfifo(fifo)
    out.append(Case(fifo, "special", reason=("不是普通文件",), regular=False))
    dev = d / "special-device.pdf"
    os.symlink("/dev/zero", dev)
    out.append(Case(dev, "special", reason=("不是普通文件",), regular=False))
    folder = d / "special-folder.docx"
    folder.mkdir()
    dangling = d / "special-dangling.xlsx"
    os.symlink(d / "does-not-exist.xlsx", dangling)
    out.append(Case(dangling, "special", reason=("不存在",), regular=False))
    return out


def gen_names(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    data = (FIXTURES / "xuanchuan-2021.docx").read_bytes()
    for raw in (b"name-\xff\xfe-not-utf8.docx", b"name-\x1b[31mred\x1b[0m-\x07bell.docx", b"name-[red]markup[bold.docx",
                b"name-[link=http:x]link.docx", b"name-\xe2\x80\xaebidi-xcod.docx", b"name-\xc3(-half.pdf"):
        p = Path(os.fsdecode(os.path.join(os.fsencode(str(d)), raw)))
        p.write_bytes(data if raw.endswith(b".docx") else b"%PDF-1.4\n%%EOF\n")
        out.append(Case(p, "names", readable=raw.endswith(b".docx")))
    return out


INJECTION_TEXTS = [
    "[red]红色[/red]", "[/]", "[link=file:///etc/passwd]点此[/link]", "[bold]粗体", "\x1b[31m转义\x1b[0m",
    "\x1b]8;;http://evil.example/\x1b\\链接\x1b]8;;\x1b\\", "\u202e倒序文字", "=cmd|' /C calc'!A0", "+SUM(1,2)",
    "-2+3", "@SUM(A1)", "<script>alert(1)</script>", "</td><img src=x onerror=alert(1)>", "\x07\x08\x7f\x9b",
]


def gen_injection(d: Path, rng: random.Random, n: int) -> list[Case]:
    out = []
    texts = list(INJECTION_TEXTS)
    xml_safe = [t for t in texts if all(ch in "\t\n\r" or ord(ch) >= 0x20 for ch in t) and "\x7f" not in t]
    body = (para("附件2") + para("部门整体支出绩效评价基础数据表") + para("填报单位：" + xml_safe[0])
            + "".join(para(t) for t in xml_safe)
            + table([cell("项目") + cell("预算数") + cell("决算数")]
                    + [cell(t) + cell("10") + cell("12") for t in xml_safe]
                    + [cell("合计") + cell("20") + cell("21")]))
    p = d / "inject-markup.docx"
    p.write_bytes(docx_bytes(doc_xml(body)))
    out.append(Case(p, "injection", readable=True))
    # Control characters are not allowed in XML 1.0; a workbook's inline strings carry what openpyxl accepts.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "附件2"
    ws.append(["部门整体支出绩效评价基础数据表"])
    ws.append(["项目", "预算数", "决算数"])
    for t in xml_safe:
        ws.append([t, 10, 12])
    ws.append(["合计", 20, 21])
    p = d / "inject-markup.xlsx"
    wb.save(p)
    out.append(Case(p, "injection", readable=True))
    return out


CLASSES: dict[str, Generator] = {
    "sample": gen_sample,
    "flip": gen_flip,
    "truncate": gen_truncate,
    "xml_flip": gen_xml_flip,
    "xlsx_mutation": gen_xlsx_mutation,
    "zip_bomb": gen_zip_bomb,
    "zip_hostile": gen_zip_hostile,
    "xml_attack": gen_xml_attack,
    "docx_span": gen_docx_span,
    "xlsx_merge": gen_xlsx_merge,
    "pdf_pages": gen_pdf_pages,
    "special": gen_special,
    "names": gen_names,
    "injection": gen_injection,
}
MUTATION_CLASSES = {"flip", "truncate", "xml_flip", "xlsx_mutation"}


def generate(out: Path, per_sample: int = 64, sample: int | None = None, seed: int = 0,
             classes: list[str] | None = None) -> list[Case]:
    """Write the cases into ``out``; with ``sample``, keep every hostile case and a seeded sample of mutations.

    ``per_sample`` sets how many offsets each sample is mutated at (before sampling).
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name in classes or list(CLASSES):
        d = out / name
        d.mkdir(exist_ok=True)
        cases += CLASSES[name](d, rng, per_sample)
    if sample is not None:
        fixed = [c for c in cases if c.cls not in MUTATION_CLASSES]
        mutants = [c for c in cases if c.cls in MUTATION_CLASSES]
        keep = max(0, sample - len(fixed))
        chosen = set(id(c) for c in random.Random(seed).sample(mutants, min(keep, len(mutants))))
        for c in mutants:
            if id(c) not in chosen:
                c.path.unlink()
        cases = fixed + [c for c in mutants if id(c) in chosen]
    return cases


def main(argv: list[str] | None = None) -> int:
    import argparse
    from collections import Counter

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--sample", type=int, default=None, help="keep every hostile case and a sample of mutations, N in all")
    ap.add_argument("--per-sample", type=int, default=64, help="offsets per sample for flips and truncations")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    cases = generate(Path(args.out), args.per_sample, args.sample, args.seed)
    for cls, k in sorted(Counter(c.cls for c in cases).items()):
        print(f"{cls:15} {k}")
    print(f"{'total':15} {len(cases)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
