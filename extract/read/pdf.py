"""Read a text PDF into the shared Document model (format "pdf").

Blocks come out in reading order: one Paragraph per logical paragraph outside
tables (wrapped lines re-joined), one Table per ruled table with continuation
parts on following pages stitched in.  Attachment/section labels and table
titles are left to ``extract.understand.structure``.  The input file is only read.
"""
from __future__ import annotations

from jixiao.model import Document

from .errors import ReadError
from .pdf_layout import build_document
from .pdf_page import PdfPage, load_page, open_pdf

SCANNED = "扫描版 PDF（没有文字层），需安装 OCR 组件：pip install 'jixiao[ocr]'"


def read_pdf(path: str) -> Document:
    """Read ``path``; raises ReadError for encrypted or corrupt files, and for scanned ones without OCR.

    Pages without a text layer are OCR'd when the optional engine is installed.
    """
    from .ocr import ocr_available, ocr_page

    pdf = open_pdf(path)
    try:
        n_pages = len(pdf)
        pages = [_load(pdf, i, path) for i in range(n_pages)]
        empty = [p.number for p in pages if not any(c.text.strip() for c in p.chars)]
        ocr = bool(empty) and ocr_available()
        if ocr:
            for number in empty:
                pages[number - 1] = ocr_page(pdf, number - 1)
    finally:
        pdf.close()
    if len(empty) == n_pages and not ocr:
        raise ReadError(path, SCANNED)
    doc = build_document(path, pages)
    if ocr:
        doc.warnings.append(f"OCR识别：{len(empty)}页")
    elif empty:
        doc.warnings.append(
            f"第{'、'.join(map(str, empty))}页没有文字层（可能是扫描页），其内容未能提取；"
            "安装 OCR 组件（pip install 'jixiao[ocr]'）后可识别"
        )
    return doc


def _load(pdf, index: int, path: str) -> PdfPage:
    try:
        return load_page(pdf, index)
    except ReadError:
        raise
    except Exception as exc:  # pdfium raises bare errors on damaged page streams
        raise ReadError(path, f"文件已损坏（第{index + 1}页无法解析）") from exc

