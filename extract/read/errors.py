"""Why a file could not be read, in one line a reviewer understands."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into a Document.

    ``reason`` is a short Chinese phrase (文件为空, 文件已加密 …); ``str()`` gives
    the one-line message naming the file, used verbatim in every output.  What
    the underlying library said (English, exception names) is never part of
    the reason: it is the exception's ``__cause__``, shown only with ``-v``
    (see :func:`detail`).
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        global last_error
        last_error = self


# The most recent ReadError made in this process: a worker reads one file at a
# time, so after a failed read this holds its cause for ``-v``.
last_error: ReadError | None = None


def detail(exc: BaseException | None) -> str:
    """The root cause of ``exc`` as the machine put it (for ``-v``), or ''."""
    seen = 0
    cause = exc
    while isinstance(cause, ReadError) and cause.__cause__ is not None and seen < 20:
        cause = cause.__cause__
        seen += 1
    if cause is None or isinstance(cause, ReadError):
        return ""
    text = f"{type(cause).__name__}: {cause}".replace("\n", " ").replace("\r", " ")
    return text[:300]


def os_reason(exc: OSError) -> str:
    """An operating-system error in a reviewer's words."""
    import errno

    return {
        errno.ENOENT: "文件不存在",
        errno.EACCES: "没有读取权限",
        errno.EPERM: "没有读取权限",
        errno.EISDIR: "这是文件夹，不是文件",
        errno.ELOOP: "符号链接循环，无法打开",
        errno.ENAMETOOLONG: "文件名过长，无法打开",
        errno.EIO: "读取出错（磁盘或网络故障）",
        errno.ENXIO: "设备不可用，无法打开",
    }.get(exc.errno or 0, "无法打开文件（系统错误）")
