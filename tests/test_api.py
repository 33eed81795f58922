"""The documented Python API: jixiao.check and jixiao.read."""
from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.model import Document, DocumentResult

FIXTURES = Path(__file__).parent / "fixtures"
XINFANG = FIXTURES / "xinfang-2020.docx"


def test_check_returns_a_document_result_with_selection():
    everything = jixiao.check(XINFANG)
    assert isinstance(everything, DocumentResult) and everything.error is None
    assert everything.unit == "区信访局" and everything.year == 2020
    assert all(f.fingerprint for f in everything.findings)
    scores = jixiao.check(str(XINFANG), select=["score"], ignore="score.over_max")
    rules = {f.rule for f in scores.findings}
    assert rules and all(r.startswith("score.") for r in rules) and "score.over_max" not in rules
    assert jixiao.check(XINFANG, select="score,rate.mismatch").findings


def test_check_never_raises_for_a_bad_file(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    r = jixiao.check(bad)
    assert r.error == "文件已损坏（压缩包结构无法读取）" and r.findings == []
    assert jixiao.check(tmp_path / "missing.pdf").error == "文件不存在"


def test_check_with_limits_runs_in_a_worker(tmp_path, monkeypatch):
    from jixiao.isolation import DELAY_ENV

    r = jixiao.check(XINFANG, timeout=60, max_memory_mb=1536)
    assert r.error is None and r.findings
    monkeypatch.setenv(DELAY_ENV, "30")
    slow = jixiao.check(XINFANG, timeout=0.5)
    assert slow.error == "处理超时（超过 0.5 秒）"


def test_unknown_selector_raises_config_error():
    with pytest.raises(jixiao.ConfigError, match="nosuch"):
        jixiao.check(XINFANG, select=["nosuch"])


def test_read_returns_the_document_or_raises_read_error(tmp_path):
    doc = jixiao.read(XINFANG)
    assert isinstance(doc, Document) and doc.format == "docx" and doc.tables and doc.attachments
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(jixiao.ReadError) as exc:
        jixiao.read(tmp_path / "empty.pdf")
    assert exc.value.reason == "文件为空（0 字节）"


def test_version_is_the_package_version():
    from importlib import metadata

    assert jixiao.__version__ == metadata.version("jixiao")
