"""Unreadable inputs give one-line ReadErrors, inputs are never modified, and a batch goes on."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from extract.read import legacy
from extract.read.errors import ReadError
from extract import load_document
from jixiao.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = FIXTURES / "xinfang-2020.docx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_bytes(marker: bool) -> bytes:
    """An OLE compound-file lookalike; encrypted OOXML carries an "EncryptedPackage" stream name."""
    name = "EncryptedPackage".encode("utf-16-le") if marker else "WordDocument".encode("utf-16-le")
    return OLE_MAGIC + b"\0" * 504 + name + b"\0" * 1024


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Legacy conversion must not depend on what this machine has installed."""
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)


def assert_read_error(path: Path, *needles: str) -> ReadError:
    with pytest.raises(ReadError) as ei:
        load_document(path)
    err = ei.value
    message = str(err)
    assert "\n" not in message
    assert message.startswith(str(path)) and err.reason in message
    for needle in needles:
        assert needle in err.reason, (needle, err.reason)
    return err


def test_missing_file(tmp_path: Path) -> None:
    assert_read_error(tmp_path / "nope.docx", "不存在")


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.docx"
    f.write_bytes(b"")
    assert_read_error(f, "为空")


def test_directory(tmp_path: Path) -> None:
    d = tmp_path / "dir.docx"
    d.mkdir()
    assert_read_error(d, "文件夹")


def test_random_bytes_named_docx(tmp_path: Path) -> None:
    f = tmp_path / "random.docx"
    f.write_bytes(bytes(range(256)) * 8)
    assert_read_error(f, "无法识别")


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    f = tmp_path / "notword.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert_read_error(f, "不是 Word")


def test_pdf_that_is_really_docx(tmp_path: Path) -> None:
    f = tmp_path / "renamed.pdf"
    shutil.copyfile(XINFANG, f)
    doc = load_document(f)
    assert doc.format == "docx" and doc.path == str(f)
    assert len(doc.tables) == 9


def test_truncated_docx(tmp_path: Path) -> None:
    f = tmp_path / "cut.docx"
    data = XINFANG.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    assert_read_error(f, "损坏")


def test_docx_with_corrupt_deflate_stream(tmp_path: Path) -> None:
    """Central directory intact, document.xml's compressed bytes garbled (zlib.error before the fix)."""
    data = bytearray(XINFANG.read_bytes())
    with zipfile.ZipFile(XINFANG) as zf:
        info = zf.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 100, start + 400):
        data[i] ^= 0x55
    f = tmp_path / "garbled.docx"
    f.write_bytes(bytes(data))
    assert_read_error(f, "损坏")


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    f = tmp_path / "badxml.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert_read_error(f, "XML")


def test_encrypted_ole(tmp_path: Path) -> None:
    f = tmp_path / "secret.docx"
    f.write_bytes(ole_bytes(marker=True))
    err = assert_read_error(f)
    assert err.reason.startswith("文件已加密")


def test_legacy_doc(tmp_path: Path) -> None:
    f = tmp_path / "old.doc"
    f.write_bytes(ole_bytes(marker=False))
    assert_read_error(f, ".doc", ".wps", "LibreOffice")


@pytest.mark.parametrize("name", ["xinfang-2020.docx", "xinfang-2020.pdf", "xuanchuan-2021.docx", "xuanchuan-2021.pdf"])
def test_fixture_inputs_unchanged(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    shutil.copy2(FIXTURES / name, f)
    before = (hashlib.sha256(f.read_bytes()).hexdigest(), os.stat(f).st_mtime_ns)
    try:
        load_document(f)
    except ReadError:
        assert "scanned" in name  # the scanned PDF has no text layer; it must still be left alone
    assert (hashlib.sha256(f.read_bytes()).hexdigest(), os.stat(f).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no lock or temp files beside it


def test_scanned_input_unchanged(scanned_read) -> None:
    """The same for the scanned sample, on the session's one OCR read of a copy (conftest.scanned_read)."""
    if scanned_read.doc is None:
        assert scanned_read.error  # no OCR engine: refused, and the file must still be left alone
    assert scanned_read.after == scanned_read.before
    assert scanned_read.folder == ["xuanchuan-2021-scanned.pdf"]  # no lock or temp files beside it


def test_xlsx_input_unchanged(tmp_path: Path) -> None:
    from openpyxl import Workbook

    f = tmp_path / "t.xlsx"
    wb = Workbook()
    wb.active.append(["编制数", "实际在职人数"])
    wb.active.append([13, 13])
    wb.save(f)
    before = (hashlib.sha256(f.read_bytes()).hexdigest(), os.stat(f).st_mtime_ns)
    assert load_document(f).format == "xlsx"
    assert (hashlib.sha256(f.read_bytes()).hexdigest(), os.stat(f).st_mtime_ns) == before


def test_cli_bad_file_does_not_stop_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a report")
    good = tmp_path / "good.docx"
    shutil.copyfile(XINFANG, good)
    rc = main(["check", "--format", "json", str(bad), str(good)])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1
    docs = {Path(d["path"]).name: d for d in out["documents"]}
    assert set(docs) == {"bad.docx", "good.docx"}
    assert docs["bad.docx"]["error"] and "无法识别" in docs["bad.docx"]["error"]
    assert docs["bad.docx"]["findings"] == []
    assert docs["good.docx"]["error"] is None
    assert docs["good.docx"]["unit"] == "区信访局" and docs["good.docx"]["year"] == 2020
    assert docs["good.docx"]["findings"], "the good file was checked"


def test_cli_corrupt_deflate_does_not_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(XINFANG.read_bytes())
    with zipfile.ZipFile(XINFANG) as zf:
        info = zf.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    data[start + 50 : start + 350] = bytes(300)
    f = tmp_path / "garbled.docx"
    f.write_bytes(bytes(data))
    rc = main(["check", "--format", "json", str(f)])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1 and "损坏" in out["documents"][0]["error"]


def test_legacy_xls_is_named_as_excel(tmp_path: Path) -> None:
    path = tmp_path / "基础数据表.xls"
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024)
    with pytest.raises(ReadError) as exc:
        load_document(str(path))
    assert "Excel" in exc.value.reason and ".xlsx" in exc.value.reason
