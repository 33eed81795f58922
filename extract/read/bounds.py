"""Bounds every reader keeps, so a hostile or broken file is refused early with a clear reason.

A reviewer's report is at most a few hundred pages and tables of a few
hundred rows; the caps below are one to two orders of magnitude above that
and far below what would exhaust a worker's time or memory limit
(:mod:`jixiao.limits`), which stays the last line of defence.

- Zip packages (.docx, .xlsx): each member's declared uncompressed size and
  its compression ratio are checked before anything is inflated; Python's
  zipfile never inflates more than the declared size (a member that lies
  fails its CRC), so the declared size bounds the real one.  Encrypted
  members and compression methods Office never writes are refused.
- Tables: spans and merge ranges are clamped to the table's real grid and a
  table's rows × columns are capped.
- PDF: the number of pages is capped; only pages with ink go to OCR, and a
  page is rendered only if its image stays under a pixel cap.
"""
from __future__ import annotations

import os
import stat
import zipfile

from .errors import ReadError, os_reason

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one inflated XML part (real reports: a few MB)
MAX_PACKAGE_BYTES = 256 * 1024 * 1024  # all the parts a reader inflates
MAX_RATIO = 500  # uncompressed / compressed, for parts above RATIO_FROM_BYTES (real XML: 5-35; deflate tops out near 1030)
RATIO_FROM_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 20_000
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Office writes

MAX_TABLE_CELLS = 200_000  # rows × columns of one table (real tables: a few thousand)
MAX_TABLE_COLUMNS = 1_000
MAX_DOCUMENT_CELLS = 2_000_000  # all tables of one document together

MAX_PDF_PAGES = 1_000
MAX_OCR_PAGES = 300
MAX_RENDER_PIXELS = 40_000_000  # one page image for OCR (A4 at the OCR scale: 2.0 MP)
MIN_OCR_SCALE = 0.75  # below this the characters are too small to recognise
MAX_PAGE_EDGES = 20_000  # ruling segments on one page (a ruled table page: a few hundred); more is a drawing
MAX_PAGE_SEGMENTS = 500_000  # path segments looked at on one page

TOO_BIG = "表格规模超出上限（{where}{rows} 行 × {cols} 列，上限 {cap} 个单元格）"
TOO_WIDE = "表格规模超出上限（{where}{cols} 列，上限 {cap} 列）"
TOO_MANY_CELLS = "表格规模超出上限（全部表格共 {cells} 个单元格，上限 {cap} 个）"
ZIP_BOMB = "压缩数据异常（{name} 解压后 {size}，压缩比 {ratio}:1，疑似压缩炸弹）"
ZIP_TOO_BIG = "压缩数据异常（{name} 解压后 {size}，超出上限 {cap}）"
ZIP_TOTAL = "压缩数据异常（解压后共 {size}，超出上限 {cap}）"
ZIP_ENCRYPTED = "文件已加密（压缩包内 {name} 有密码），请提供未加密的文件"
ZIP_METHOD = "压缩数据异常（{name} 使用了不支持的压缩方式 {method}）"
ZIP_MEMBERS = "压缩数据异常（压缩包内有 {n} 个部件，超出上限 {cap}）"
NOT_REGULAR = "不是普通文件（{kind}），已跳过"


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} 字节"


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def require_regular(path: str) -> os.stat_result:
    """``os.stat`` the path (never opening it); refuse pipes, devices, sockets and folders."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from exc
    except ValueError as exc:  # a NUL byte in the name
        raise ReadError(path, "文件名无效") from exc
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(path, "这是文件夹，不是文件")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(path, NOT_REGULAR.format(kind=file_kind(st.st_mode)))
    return st


def is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_zip(path: str, zf: zipfile.ZipFile, names: list[str] | None = None) -> None:
    """Refuse a package whose parts a reader would inflate (``names``; all but media when None) if hostile."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError(path, ZIP_MEMBERS.format(n=len(infos), cap=MAX_MEMBERS))
    wanted = set(names) if names is not None else None
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if wanted is not None and info.filename not in wanted:
            continue
        if wanted is None and _is_media(info.filename):
            continue
        name = info.filename[:60]
        if info.flag_bits & 0x1:
            raise ReadError(path, ZIP_ENCRYPTED.format(name=name))
        if info.compress_type not in ZIP_METHODS:
            raise ReadError(path, ZIP_METHOD.format(name=name, method=info.compress_type))
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise ReadError(path, ZIP_TOO_BIG.format(name=name, size=human_size(size), cap=human_size(MAX_MEMBER_BYTES)))
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(1, info.compress_size):
            raise ReadError(path, ZIP_BOMB.format(name=name, size=human_size(size),
                                                  ratio=size // max(1, info.compress_size)))
        total += size
        if total > MAX_PACKAGE_BYTES:
            raise ReadError(path, ZIP_TOTAL.format(size=human_size(total), cap=human_size(MAX_PACKAGE_BYTES)))


_CHUNK = 1 << 20


def read_member(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, path: str = "") -> bytes:
    """A member inflated chunk by chunk, never beyond its declared size (plus one byte to notice a lie).

    ``ZipFile.read`` inflates up to 2 GB in one call before it trims to the
    declared size; reading in chunks keeps a part that lies about its size
    from costing more than the size it declared.
    """
    info = name if isinstance(name, zipfile.ZipInfo) else zf.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise ReadError(path, ZIP_TOO_BIG.format(name=info.filename[:60], size=human_size(info.file_size),
                                                 cap=human_size(MAX_MEMBER_BYTES)))
    parts: list[bytes] = []
    got = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            got += len(chunk)
            if got > info.file_size:
                raise zipfile.BadZipFile(f"{info.filename}: more data than declared")
            parts.append(chunk)
    return b"".join(parts)


def _bounded_zip_read(self: zipfile.ZipFile, name, pwd=None) -> bytes:  # noqa: ARG001 - ZipFile.read's signature
    return read_member(self, name, getattr(self, "filename", "") or "")


class bounded_zip_reads:
    """While active, ``ZipFile.read`` (used by openpyxl) inflates chunk by chunk within declared sizes."""

    def __enter__(self) -> "bounded_zip_reads":
        self.saved = zipfile.ZipFile.read
        zipfile.ZipFile.read = _bounded_zip_read  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        zipfile.ZipFile.read = self.saved  # type: ignore[method-assign]


def _is_media(name: str) -> bool:
    low = name.lower()
    return "/media/" in low or low.startswith("docprops/thumbnail") or low.endswith(
        (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".mp4", ".bin"))


def check_table(path: str, rows: int, cols: int, where: str = "") -> None:
    """Refuse a table larger than the caps (raises ReadError)."""
    if cols > MAX_TABLE_COLUMNS:
        raise ReadError(path, TOO_WIDE.format(where=where, cols=cols, cap=MAX_TABLE_COLUMNS))
    if rows * cols > MAX_TABLE_CELLS:
        raise ReadError(path, TOO_BIG.format(where=where, rows=rows, cols=cols, cap=MAX_TABLE_CELLS))


class CellBudget:
    """Counts the cells of a document's tables against MAX_DOCUMENT_CELLS."""

    def __init__(self, path: str, cap: int = MAX_DOCUMENT_CELLS) -> None:
        self.path = path
        self.cap = cap
        self.cells = 0

    def spend(self, n: int) -> None:
        self.cells += n
        if self.cells > self.cap:
            raise ReadError(self.path, TOO_MANY_CELLS.format(cells=self.cells, cap=self.cap))
