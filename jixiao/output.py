"""Writing results to files without losing them.

- :func:`check_writable` is asked before any file is checked, so an output
  path that cannot be written is one line and exit status 2, not a
  traceback after an hour of checking.
- :func:`write_bytes` writes a regular file atomically (a temporary file in
  the same folder, renamed over the target), so an interrupted or failed
  write never leaves half a workbook nor destroys the previous one; devices
  and pipes (``-o /dev/stdout``) are written directly.
- :func:`rescue` saves the results as JSON in the temporary folder when the
  chosen output could not be written, and says where.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from jixiao.textsafe import display_path


class OutputError(Exception):
    """The output cannot be written; ``str()`` is one line in Chinese naming the path."""


def check_writable(path: str) -> None:
    shown = display_path(path)
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"无法写入输出文件 {shown}（{_os_words(exc)}）") from exc
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"无法写入输出文件 {shown}（这是一个文件夹）")
        if not os.access(p, os.W_OK):
            raise OutputError(f"无法写入输出文件 {shown}（没有写入权限）")
        if not stat.S_ISREG(st.st_mode):
            return  # a device or pipe: written directly
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"无法写入输出文件 {shown}（文件夹 {display_path(str(parent))} 不存在）")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"无法写入输出文件 {shown}（文件夹 {display_path(str(parent))} 没有写入权限）")


def os_words(exc: OSError) -> str:
    """An operating-system error while writing, in a reviewer's words."""
    return _os_words(exc)


def _os_words(exc: OSError) -> str:
    import errno

    return {
        errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "只读文件系统", errno.ENOENT: "文件夹不存在", errno.EISDIR: "这是一个文件夹",
        errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名过长", errno.EDQUOT: "超出磁盘配额",
    }.get(exc.errno or 0, "系统错误")


def _is_special(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def write_with(path: str, writer: Callable[[str], None]) -> None:
    """Let ``writer(tmp_path)`` write a temporary file next to ``path``, then rename it over ``path``."""
    shown = display_path(path)
    if _is_special(path):
        try:
            writer(path)
        except OSError as exc:
            raise OutputError(f"无法写入输出文件 {shown}（{_os_words(exc)}）") from exc
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".jixiao-", suffix=target.suffix or ".tmp", dir=str(target.parent) or ".")
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"无法写入输出文件 {shown}（{_os_words(exc)}）") from exc
    try:
        writer(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(f"无法写入输出文件 {shown}（{_os_words(exc)}）") from exc
    except BaseException:
        _unlink(tmp)
        raise


def write_bytes(path: str, data: bytes) -> None:
    def writer(p: str) -> None:
        with open(p, "wb") as fh:
            fh.write(data)
            fh.flush()
            if not _is_special(p):
                os.fsync(fh.fileno())

    write_with(path, writer)


def write_text(path: str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def rescue(text: str) -> str | None:
    """Save ``text`` (the run's JSON) in the temporary folder; its path, or None if even that failed."""
    try:
        fd, path = tempfile.mkstemp(prefix="jixiao-结果-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None
