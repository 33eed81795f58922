"""Open any supported report file as a Document (format only: no domain words here).

The format is sniffed from the bytes, not trusted from the extension: reports
arrive renamed (.pdf that is a .docx, .doc that is a .docx), and a clear reason
beats a parser traceback.
"""
from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

from jixiao.model import Document

from . import bounds
from .errors import ReadError, os_reason

SUPPORTED_SUFFIXES = {".docx", ".pdf", ".xlsx", ".doc", ".wps", ".docm"}


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given (even unsupported ones, so they get a reason), folders walked for reports.

    In a folder, every entry with a report's suffix that is not itself a
    folder is listed, pipes and devices included, so that each gets its
    reason instead of vanishing; symbolic links to folders are not followed.
    """
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                str(f)
                for f in sorted(path.rglob("*"))
                if f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(("~$", ".")) and not _is_dir(f)
            )
        else:
            out.append(p)
    return out


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: str) -> str:
    """Return 'docx', 'xlsx', 'pdf', 'ole' (legacy Office or encrypted OOXML) or raise."""
    st = bounds.require_regular(path)  # a pipe or device is refused before it is opened
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from exc
    if st.st_size == 0 or not head:
        raise ReadError(path, "文件为空（0 字节）")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    bounds.check_zip(path, zf, ["word/document.xml"])
                    return "docx"
                if "xl/workbook.xml" in names:
                    bounds.check_zip(path, zf)
                    return "xlsx"
        except NotImplementedError as exc:  # a zip "version needed" or feature zipfile does not know
            raise ReadError(path, "压缩数据异常（不支持的压缩包格式）") from exc
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, RuntimeError, IndexError,
                UnicodeError, struct.error) as exc:
            raise ReadError(path, "文件已损坏（压缩包结构无法读取）") from exc
        raise ReadError(path, "压缩包不是 Word 或 Excel 文件（缺少 word/document.xml）")
    raise ReadError(path, "无法识别的文件格式（不是 .docx、.pdf 或 .xlsx）")


def _ole_reason(path: str) -> str:
    """Tell an encrypted OOXML package from a legacy .doc/.wps/.xls file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from exc
    if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
        return "文件已加密（有打开密码），请提供未加密的文件"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") + b"\x00\x00" in data:
        return "旧版 Excel 格式（.xls/.et），请另存为 .xlsx 后再检查"
    return "旧版 Word/WPS 格式（.doc/.wps），请另存为 .docx 后再检查"


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a report into blocks; raises ReadError with a one-line reason."""
    path = str(path)
    kind = sniff(path)
    if kind == "ole":
        from .legacy import convert_legacy

        reason = _ole_reason(path)
        if "Excel" in reason:
            raise ReadError(path, reason)
        converted = convert_legacy(path, reason)
        doc = _read_kind(converted.path, "docx", display=path)
        doc.warnings.append(f"由旧版格式转换读取：{converted.tool}")
        return doc
    return _read_kind(path, kind, display=path)


def _read_kind(path: str, kind: str, display: str) -> Document:
    try:
        if kind == "docx":
            from .docx import read_docx

            doc = read_docx(path)
        elif kind == "pdf":
            from .pdf import read_pdf

            doc = read_pdf(path)
        elif kind == "xlsx":
            from .xlsx import read_xlsx

            doc = read_xlsx(path)
        else:  # pragma: no cover - sniff() only returns the kinds above
            raise ReadError(display, f"不支持的格式 {kind}")
    except ReadError as exc:
        if exc.path != display:
            raise ReadError(display, exc.reason) from exc
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError, IndexError,
            TypeError, AttributeError, UnicodeError, OverflowError, LookupError) as exc:
        raise ReadError(display, "文件已损坏，无法解析") from exc
    except RecursionError as exc:
        raise ReadError(display, "文档结构嵌套过深，无法读取") from exc
    except NotImplementedError as exc:  # a zip compression method Office never writes
        raise ReadError(display, "压缩数据异常（不支持的压缩方式）") from exc
    except RuntimeError as exc:  # zipfile: "File is encrypted, password required"; lxml/pdfium internals
        reason = "文件已加密，请提供未加密的文件" if "encrypted" in str(exc).lower() else "文件已损坏，无法解析"
        raise ReadError(display, reason) from exc
    doc.path = display
    return doc
