"""Read a text PDF into the shared Document model (format "pdf").

Blocks come out in reading order: one Paragraph per logical paragraph outside
tables (wrapped lines re-joined), one Table per ruled table with continuation
parts on following pages stitched in.  Attachment/section labels and table
titles are left to ``extract.understand.structure``.  The input file is only read.
"""
from __future__ import annotations

from jixiao.limits import request_ocr_pages
from jixiao.model import Document

from . import bounds
from .errors import ReadError
from .pdf_layout import build_document
from .pdf_page import PdfPage, has_ink, load_page, open_pdf

SCANNED = "扫描版 PDF（没有文字层），需安装 OCR 组件：pip install 'jixiao[ocr]'"
TOO_MANY_PAGES = "PDF 页数超出上限（{n} 页，上限 {cap} 页）"
TOO_MANY_SCANNED = "需要识别的扫描页超出上限（{n} 页，上限 {cap} 页）"
BLANK = "PDF 没有任何内容（{n} 页均为空白）"
OVERSIZED = "PDF 页面尺寸异常（{n} 页均过大，无法识别）"


def read_pdf(path: str) -> Document:
    """Read ``path``; raises ReadError for encrypted or corrupt files, and for scanned ones without OCR.

    Pages without a text layer are OCR'd when the optional engine is installed,
    but only pages with ink (a blank page is skipped, not recognised), and not
    more than ``bounds.MAX_OCR_PAGES``.  Before OCR starts the reader asks for
    the time it needs (:func:`jixiao.limits.request_ocr_pages`).
    """
    from .ocr import ocr_available, ocr_page

    pdf = open_pdf(path)
    skipped: list[int] = []
    try:
        n_pages = len(pdf)
        if n_pages > bounds.MAX_PDF_PAGES:
            raise ReadError(path, TOO_MANY_PAGES.format(n=n_pages, cap=bounds.MAX_PDF_PAGES))
        if n_pages == 0:
            raise ReadError(path, "PDF 没有页面")
        pages = [_load(pdf, i, path) for i in range(n_pages)]
        textless = [p.number for p in pages if not any(c.text.strip() for c in p.chars)]
        empty = [n for n in textless if _has_ink(pdf, n - 1, path)]
        if textless and not empty and len(textless) == n_pages:
            raise ReadError(path, BLANK.format(n=n_pages))
        ocr = bool(empty) and ocr_available()
        if ocr:
            if len(empty) > bounds.MAX_OCR_PAGES:
                raise ReadError(path, TOO_MANY_SCANNED.format(n=len(empty), cap=bounds.MAX_OCR_PAGES))
            request_ocr_pages(len(empty))
            for number in empty:
                page = _ocr(ocr_page, pdf, number - 1, path)
                if page is None:
                    skipped.append(number)
                else:
                    pages[number - 1] = page
    finally:
        pdf.close()
    if empty and len(empty) == n_pages and not ocr:
        raise ReadError(path, SCANNED)
    if skipped and len(skipped) == len(textless) == n_pages:
        raise ReadError(path, OVERSIZED.format(n=n_pages))
    doc = build_document(path, pages)
    if ocr:
        if len(empty) > len(skipped):
            doc.warnings.append(f"OCR识别：{len(empty) - len(skipped)}页")
        if skipped:
            doc.warnings.append(f"第{'、'.join(map(str, skipped))}页尺寸异常（图像过大），未能识别")
    elif empty:
        doc.warnings.append(
            f"第{'、'.join(map(str, empty))}页没有文字层（可能是扫描页），其内容未能提取；"
            "安装 OCR 组件（pip install 'jixiao[ocr]'）后可识别"
        )
    return doc


def _has_ink(pdf, index: int, path: str) -> bool:
    try:
        return has_ink(pdf, index)
    except ReadError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # pdfium raises bare errors on damaged page streams
        raise ReadError(path, f"文件已损坏（第{index + 1}页无法解析）") from exc


def _ocr(ocr_page, pdf, index: int, path: str) -> PdfPage | None:
    try:
        return ocr_page(pdf, index)
    except ReadError:
        raise
    except MemoryError:
        raise
    except ValueError:
        return None  # the page image would be too large to render
    except Exception as exc:
        raise ReadError(path, f"文件已损坏（第{index + 1}页无法识别）") from exc


def _load(pdf, index: int, path: str) -> PdfPage:
    try:
        return load_page(pdf, index)
    except ReadError:
        raise
    except Exception as exc:  # pdfium raises bare errors on damaged page streams
        raise ReadError(path, f"文件已损坏（第{index + 1}页无法解析）") from exc

