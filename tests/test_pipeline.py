"""The per-file unit of work: findings merged across sheets, corpus record, never raising."""
from __future__ import annotations

from pathlib import Path

from dataclasses import replace

from checks.registry import Message, report
from jixiao.findings import fingerprint, merge_repeated
from jixiao.model import Evidence, Finding, Location
from jixiao.pipeline import analyse_file, check_file

FIXTURES = Path(__file__).parent / "fixtures"


_MSG = Message("t.over", "分值合计不符：附件4-2「{sheet}」自评表「{group}」下各项分值合计{sum}分")


def _f(sheet: str, total: str, rule: str = "score.over_max", group: str = "满意度指标（10分）") -> Finding:
    return report(rule, "error", _MSG, [Evidence(total, Location(attachment="附件4-2"))], subject="sheet",
                  sheet=sheet, group=group, sum=total)


def test_merge_repeated_names_every_sheet():
    merged = merge_repeated([_f("甲项目", "20"), _f("乙项目", "20"), _f("丙项目", "25")])
    assert [f.message for f in merged] == [
        "分值合计不符：附件4-2「甲项目」「乙项目」（2张表相同）自评表「满意度指标（10分）」下各项分值合计20分",
        "分值合计不符：附件4-2「丙项目」自评表「满意度指标（10分）」下各项分值合计25分",
    ]
    assert merged[0].arg["sheet"] == ("甲项目", "乙项目")
    assert len(merged[0].evidence) == 2


def test_merge_keeps_different_rules_apart():
    a, b = _f("甲", "20", "score.over_max"), _f("乙", "20", "score.sum_mismatch")
    assert merge_repeated([a, b]) == [a, b]


def test_fingerprint_ignores_positions_and_order_but_not_figures():
    a = _f("甲项目", "20")
    moved = replace(a, evidence=(Evidence("20", Location(attachment="附件4-2", table=9, row=3)),))
    assert fingerprint(a, "区信访局", 2020) == fingerprint(moved, "区信访局", 2020)
    assert fingerprint(a, "区信访局", 2020) != fingerprint(_f("甲项目", "25"), "区信访局", 2020)
    assert fingerprint(a, "区信访局", 2020) != fingerprint(a, "区信访局", 2021)


def test_template_flaw_reported_once_on_real_report():
    result = check_file(str(FIXTURES / "xinfang-2020.docx"))
    satisfaction = [f for f in result.findings if f.rule == "score.over_max" and "满意度指标（10分）" in f.message and "附件4-2" in f.message]
    assert len(satisfaction) == 1
    assert "（5张表相同）" in satisfaction[0].message
    assert {e.location.table for e in satisfaction[0].evidence} == {5, 6, 7, 8, 9}


def test_corpus_record_of_a_real_report():
    analysis = analyse_file(str(FIXTURES / "xuanchuan-2021.pdf"))
    rec = analysis.record
    assert rec is not None and len(rec.sha256) == 64
    assert rec.unit == "中共麻阳苗族县委宣传部" and rec.year == 2021
    assert rec.unit_type == "xuanchuan"  # profile id from checks/profiles.toml
    assert "红十字" in rec.duties_text
    pf = [f for f in rec.facts if f["subject"] == "public_funds" and f["measure"] == "final_cur"]
    assert pf and pf[0]["value"] == 22.23


def test_unreadable_file_is_a_result_not_an_exception(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    analysis = analyse_file(str(bad))
    assert analysis.record is None
    assert analysis.result.error and "损坏" in analysis.result.error


def test_reading_notes_become_info_findings():
    from checks.context import CheckContext
    from checks.rules.reading import reading_notes
    from jixiao.model import Document, Paragraph

    doc = Document(path="scan.pdf", format="pdf", blocks=[Paragraph("附件1", Location(file="scan.pdf"))],
                   warnings=["OCR识别：16页"])
    (f,) = reading_notes(CheckContext(doc))
    assert (f.rule, f.severity) == ("read.note", "info")
    assert f.message.startswith("OCR识别：16页") and "以原件核对" in f.message
    assert not list(reading_notes(CheckContext(Document(path="a.docx", format="docx"))))
