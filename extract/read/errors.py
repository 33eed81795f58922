"""Why a file could not be read, in one line a reviewer understands."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into a Document.

    ``reason`` is a short Chinese phrase (文件为空, 文件已加密 …); ``str()`` gives
    the one-line message naming the file, used verbatim in every output.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
