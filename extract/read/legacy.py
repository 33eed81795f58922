"""Legacy .doc/.wps input: converted to .docx with LibreOffice when it is installed.

Only a real office suite reads the old binary formats faithfully; without one
the file gets a clear reason instead of a guess.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadError


CONVERT_SECONDS = 120


@dataclass
class Converted:
    path: str
    tool: str


def convert_legacy(path: str, reason_if_unavailable: str) -> Converted:
    if "加密" in reason_if_unavailable:
        raise ReadError(path, reason_if_unavailable)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ReadError(path, reason_if_unavailable + "（本机未安装 LibreOffice，无法自动转换）")
    from jixiao.limits import request_time

    request_time(CONVERT_SECONDS)  # the conversion's own time limit comes on top of the file's
    out_dir = Path(tempfile.mkdtemp(prefix="jixiao-"))
    src = out_dir / ("input" + Path(path).suffix.lower())
    shutil.copyfile(path, src)  # convert a copy: inputs are never touched
    try:
        subprocess.run(
            [office, "--headless", "--convert-to", "docx", "--outdir", str(out_dir), str(src)],
            check=True, capture_output=True, timeout=CONVERT_SECONDS,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        raise ReadError(path, "旧版格式转换失败（LibreOffice 未能转换此文件）") from exc
    out = out_dir / "input.docx"
    if not out.exists():
        raise ReadError(path, "旧版格式转换失败（LibreOffice 未生成 .docx）")
    return Converted(str(out), "LibreOffice")
