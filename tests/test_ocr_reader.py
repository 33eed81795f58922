"""Scanned PDFs read through OCR: same blocks, tables and findings as the text PDF.

The fixture xuanchuan-2021-scanned.pdf is a rasterised copy (150 dpi images,
no text layer) of xuanchuan-2021.pdf.  OCR is slow (~2.5 s a page), so the
document is read once per test session (conftest.scanned_read) and the pipeline test reuses it.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")

import numpy as np  # noqa: E402  (installed with the OCR engine)
from checks.context import CheckContext  # noqa: E402
from extract.read import ocr as ocr_reader  # noqa: E402
from extract.read.errors import ReadError  # noqa: E402
from extract.read.pdf import read_pdf  # noqa: E402
from extract import load_document  # noqa: E402
from jixiao.model import Document, Table  # noqa: E402
from test_cross_format import cell_agreement  # noqa: E402  (tests/ is on sys.path under pytest)

FIXTURES = Path(__file__).parent / "fixtures"
SCANNED = FIXTURES / "xuanchuan-2021-scanned.pdf"


@pytest.fixture(scope="module")
def scanned(scanned_read) -> Document:
    assert scanned_read.doc is not None, scanned_read.error
    return scanned_read.doc


def _table_with(doc: Document, text: str) -> Table:
    for t in doc.tables:
        if any(text in c for row in t.rows() for c in row):
            return t
    raise AssertionError(f"no table contains {text!r}")


def test_read_as_pdf_with_ocr_note(scanned: Document) -> None:
    assert scanned.format == "pdf"
    assert scanned.pages == 16
    assert "OCR识别：16页" in scanned.warnings


def test_read_scanned_pdf_directly(tmp_path: Path) -> None:
    """The entry point for callers that know the file is scanned: same blocks, same note."""
    import pypdfium2 as pdfium

    one = pdfium.PdfDocument.new()
    src = pdfium.PdfDocument(str(SCANNED))
    one.import_pages(src, [5])  # 附件2 基础数据表 starts here
    path = tmp_path / "page6.pdf"
    one.save(str(path))
    one.close()
    src.close()
    doc = ocr_reader.read_scanned_pdf(str(path))
    assert (doc.format, doc.pages, doc.warnings) == ("pdf", 1, ["OCR识别：1页"])
    assert "部门整体支出绩效评价基础数据表" in [p.text for p in doc.paragraphs]
    assert any(r[:2] == ["三公经费", "0.45"] for t in doc.tables for r in t.rows())


def test_attachments_found(scanned: Document) -> None:
    labels = [a.label for a in scanned.attachments]
    for label in ("附件1", "附件2", "附件3", "附件4"):
        assert label in labels


def test_indicator_row_score(scanned: Document) -> None:
    t = _table_with(scanned, "公用经费控制率")
    assert t.location.attachment == "附件1"
    row = next(r for r in t.rows() if r[4] == "公用经费控制率")
    assert (row[5], row[8]) == ("8", "6")  # 分值, 得分


def test_basic_data_public_funds(scanned: Document) -> None:
    ctx = CheckContext(scanned)
    fact = ctx.basic("public_funds", "final_cur")
    assert fact is not None and fact.value == pytest.approx(22.23)
    values = {f.measure: f.value for f in ctx.basic_facts if f.subject == "public_funds"}
    assert sorted(v for v in values.values() if v is not None) == pytest.approx([9.69, 16, 22.23])


def test_tables_agree_with_text_pdf(scanned: Document) -> None:
    text = read_pdf(str(FIXTURES / "xuanchuan-2021.pdf"))
    assert len(scanned.tables) == len(text.tables)
    for a, b in zip(scanned.tables, text.tables):
        assert (a.n_rows, a.n_cols) == (b.n_rows, b.n_cols)
    equal, total = cell_agreement(text, scanned)
    share = equal / total
    print(f"OCR vs text PDF: {equal}/{total} cells equal ({share:.1%})")
    assert total == 700
    assert share >= 0.90


def test_pipeline_findings_on_scanned(scanned: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.pipeline as pipeline

    # check_file end to end, but served the module's OCR result instead of reading again (~40 s).
    monkeypatch.setattr(pipeline, "load_document", lambda path: copy.deepcopy(scanned))
    result = pipeline.check_file(str(SCANNED))
    assert result.error is None
    by_rule: dict[str, list[str]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f.message)
    assert any("红十字" in m for m in by_rule.get("duties.foreign", []))
    assert any("我馆" in m for m in by_rule.get("identity.mismatch", []))
    assert any("公用经费控制率" in m for m in by_rule.get("score.rule_violation", []))


def test_partly_scanned_pdf_ocrs_only_the_image_pages(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    text, image = pdfium.PdfDocument(str(FIXTURES / "xuanchuan-2021.pdf")), pdfium.PdfDocument(str(SCANNED))
    mixed.import_pages(text, [0])  # 附件1 indicator table starts (text layer) ...
    mixed.import_pages(image, [1])  # ... and goes on on a scanned page
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    for pdf in (mixed, text, image):
        pdf.close()
    doc = read_pdf(str(path))
    assert doc.warnings == ["OCR识别：1页"]
    assert len(doc.tables) == 1  # the OCR'd part is stitched to the text part like any continuation
    rows = doc.tables[0].rows()
    assert any(r[4] == "预算控制率" and r[5] == "5" for r in rows)  # from the scanned page


def test_without_ocr_the_reason_says_how_to_enable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_reader, "ocr_available", lambda: False)
    with pytest.raises(ReadError) as err:
        load_document(str(SCANNED))
    assert "pip install 'jixiao[ocr]'" in err.value.reason
    assert err.value.reason.startswith("扫描版 PDF")


# --- rulings from pixels ------------------------------------------------------------


def _page(width: int = 400, height: int = 300) -> np.ndarray:
    return np.full((height, width), 255, dtype=np.uint8)


def test_rulings_of_a_drawn_grid() -> None:
    grey = _page()
    grey[50, 20:381] = 0  # top, 1 px
    grey[100:102, 20:381] = 90  # middle, 2 px grey: a line rendered between pixel rows
    grey[100, 150] = 255  # one faint pixel: the upper half comes in two pieces, still one ruling
    grey[150, 20:381] = 0
    for x in (20, 200, 380):
        grey[50:151, x] = 0
    edges = ocr_reader.find_rulings(grey, scale=2.0)
    h = sorted((round(e["top"], 1), round(e["x0"]), round(e["x1"])) for e in edges if e["orientation"] == "h")
    v = sorted((round(e["x0"], 1), round(e["top"]), round(e["bottom"])) for e in edges if e["orientation"] == "v")
    assert h == [(25.2, 10, 190), (50.5, 10, 190), (75.2, 10, 190)]
    assert v == [(10.2, 25, 76), (100.2, 25, 76), (190.2, 25, 76)]


def test_glyph_strokes_are_not_rulings() -> None:
    grey = _page()
    grey[40, 20:381] = 0
    grey[90, 20:381] = 0
    for x in (20, 380):
        grey[40:91, x] = 0
    grey[60, 100:160] = 0  # 30 pt of touching horizontal strokes inside a text box ("一一一")
    grey[70, 250:260] = 0  # a short dash, not in any text box: shorter than a ruling
    grey[45:66, 300] = 0  # a 10 pt vertical stroke touching no ruling
    edges = ocr_reader.find_rulings(grey, scale=2.0, text=[(95, 52, 165, 68)])
    assert sorted(round(e["top"]) for e in edges if e["orientation"] == "h") == [20, 45]
    assert sorted(round(e["x0"]) for e in edges if e["orientation"] == "v") == [10, 190]


@pytest.mark.parametrize("tilt", [0.4, -1.3, 2.5])
def test_skew_angle_of_a_tilted_grid(tilt: float) -> None:
    from PIL import Image

    grey = _page(800, 600)
    for y in range(100, 501, 40):
        grey[y, 50:751] = 0
    tilted = np.asarray(Image.fromarray(grey).rotate(tilt, resample=Image.BILINEAR, fillcolor=255))
    assert ocr_reader.skew_angle(tilted) == pytest.approx(-tilt, abs=0.06)
    assert abs(ocr_reader.skew_angle(ocr_reader.deskew(tilted))) <= 0.1


def test_tilted_noisy_scan_keeps_its_table() -> None:
    """A real scanner tilts the page and greys the paper; the 基础数据表 must still come out as a grid."""
    from PIL import Image

    from extract.read.pdf_tables import build_grid, find_page_tables

    pdf = ocr_reader.open_pdf(str(SCANNED))
    try:
        grey = np.asarray(pdf[5].render(scale=2.0, grayscale=True).to_numpy())
    finally:
        pdf.close()
    grey = grey[:, :, 0] if grey.ndim == 3 else grey
    tilted = np.asarray(Image.fromarray(grey).rotate(-0.7, resample=Image.BILINEAR, fillcolor=255)).astype(np.int16)
    noisy = np.clip(tilted - 25 + np.random.default_rng(0).normal(0, 12, tilted.shape), 0, 255).astype(np.uint8)
    page = ocr_reader.ocr_image(noisy, 6, 612.0, 792.0, 2.0)
    parts, _ = find_page_tables(page)
    grids = [[[c.text for c in row] for row in build_grid(p.cells)] for p in parts]
    assert [(len(g), len(g[0])) for g in grids] == [(1, 9), (18, 4)]
    assert ["三公经费", "0.45", "0.9", "0.64"] in grids[1]


def test_lone_dash_read_by_shape() -> None:
    bar = np.zeros((2, 40), dtype=np.uint8)  # a 20 pt bar at scale 2, 10 pt text
    assert ocr_reader._read_mark(bar, em=20.0) == "——"
    assert ocr_reader._read_mark(np.zeros((2, 10), dtype=np.uint8), em=20.0) == "-"


def test_chars_from_word_boxes() -> None:
    # RapidOCR item: line box, text, score, word boxes, words, word scores (pixels at scale 2)
    box = [[100, 40], [160, 40], [160, 66], [100, 66]]
    words = [[[100, 40], [120, 40], [120, 66], [100, 66]], [[120, 40], [140, 40], [140, 66], [120, 66]],
             [[140, 40], [160, 40], [160, 66], [140, 66]]]
    chars = ocr_reader.chars_from_ocr([(box, "投入(", 0.99, words, ["投", "入", "("], [1, 1, 1])], scale=2.0)
    assert [c.text for c in chars] == ["投", "入", "（"]
    assert [(c.x0, c.x1) for c in chars] == [(50, 60), (60, 70), (70, 80)]
    assert chars[0].size == pytest.approx(13 / 1.3)
    dots = ocr_reader.chars_from_ocr([(box, ".....", 0.9)], scale=2.0)
    assert [c.text for c in dots] == ["…", "…"] and (dots[0].x0, dots[1].x1) == (50, 80)
    assert [c.text for c in ocr_reader.chars_from_ocr([(box, "0.5分", 0.9)], scale=2.0)] == list("0.5分")
    assert (chars[0].top + chars[0].bottom) / 2 == pytest.approx(26.5)
