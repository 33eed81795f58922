"""The HTML report in headless Chromium: the script runs without error, filters and counts work,
verdicts made in the page round-trip through a baseline file, print hides the controls.

One browser for the module, driven over the DevTools protocol on a pipe (tests/chromium.py).
Chromium is Debian's ``chromium``; when it is missing it is installed with apt-get (as root),
otherwise the module is skipped with the reason.  Set JIXIAO_NO_BROWSER=1 to skip it.
"""
from __future__ import annotations

import json
import re
import time
from datetime import datetime
from pathlib import Path

import pytest

from jixiao.pipeline import check_file
from reports.html_report import render_html
from ruletools import FIXTURES

chromium = pytest.importorskip("chromium")

SAMPLES = ("xinfang-2020.docx", "xinfang-2020.pdf", "xuanchuan-2021.docx")
BASELINE_KEYS = {"fingerprint", "rule", "path", "unit", "year", "message", "verdict", "reviewer", "note", "decided"}


@pytest.fixture(scope="module")
def results():
    return [check_file(str(FIXTURES / name)) for name in SAMPLES]


@pytest.fixture(scope="module")
def page_url(results, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "结果.html"
    path.write_text(render_html(results), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser():
    try:
        b = chromium.Browser()
    except chromium.Unavailable as exc:
        pytest.skip(f"no Chromium for the browser tests: {exc}")
    yield b
    b.close()


@pytest.fixture()
def page(browser, page_url):
    """The report freshly loaded, with no verdicts left from an earlier test."""
    browser.open(page_url)
    browser.eval("localStorage.clear()")
    browser.open(page_url)
    return browser


def shown(b) -> int:
    return int(b.eval("document.documentElement.getAttribute('data-shown')"))


def counts(b, kind: str) -> dict[str, int]:
    return b.eval(f"""Object.fromEntries([...document.querySelectorAll("[data-count^='{kind}:']")]
                      .map(e => [e.dataset.count.slice({len(kind) + 1}), Number(e.textContent)]))""")


def visible(b, selector: str = "article.finding") -> list[dict]:
    return b.eval(f"""[...document.querySelectorAll('{selector}')].filter(e => !e.hidden && e.offsetParent !== null)
                      .map(e => ({{id: e.id, rule: e.dataset.rule, severity: e.dataset.severity}}))""")


def test_script_runs_without_error_and_shows_the_controls(page, results) -> None:
    total = sum(len(r.findings) for r in results)
    assert page.errors() == []
    assert page.eval("document.getElementById('controls').hidden") is False
    assert page.eval("document.querySelectorAll('.verdicts:not([hidden])').length") == total
    assert shown(page) == total == len(visible(page))
    by_sev = {s: sum(1 for r in results for f in r.findings if f.severity == s) for s in ("error", "warning", "info")}
    assert counts(page, "severity") == by_sev


def test_severity_filter_hides_findings_and_updates_counts(page, results) -> None:
    total = sum(len(r.findings) for r in results)
    infos = sum(1 for r in results for f in r.findings if f.severity == "info")
    before = counts(page, "rule")
    page.eval("document.querySelector('input[data-filter=severity][value=info]').click()")
    assert shown(page) == total - infos
    assert {f["severity"] for f in visible(page)} == {"error", "warning"}
    after = counts(page, "rule")
    assert after["score.rule_unparsed"] == 0 < before["score.rule_unparsed"]
    assert counts(page, "severity")["info"] == infos  # a severity's own count stays: it says what ticking it shows
    # the TOC counts what is shown; an attachment with nothing shown is hidden
    toc = page.eval("""[...document.querySelectorAll('#doc-1 nav.toc a')].map(a => [a.textContent.trim(),
                        a.className, document.querySelector(a.getAttribute('href')).hidden])""")
    assert all((cls == "empty") == hidden for _, cls, hidden in toc)
    assert sum(int(text.split()[-1]) for text, _, _ in toc) == sum(
        1 for f in results[0].findings if f.severity != "info")
    assert page.errors() == []


def test_rule_filter_and_search(page, results) -> None:
    page.eval("document.getElementById('rules-none').click()")
    assert shown(page) == 0
    page.eval("document.querySelector('input[data-filter=rule][value=\"rate.mismatch\"]').click()")
    rate = [f for r in results for f in r.findings if f.rule == "rate.mismatch"]
    assert shown(page) == len(rate) and {f["rule"] for f in visible(page)} == {"rate.mismatch"}
    assert sum(counts(page, "severity").values()) == len(rate)
    page.eval("document.getElementById('rules-all').click()")
    page.eval("{ const q = document.getElementById('q'); q.value = '社保基金'; q.dispatchEvent(new Event('input')); }")
    assert {f["rule"] for f in visible(page)} == {"sum.mismatch"}
    assert page.errors() == []


def test_anchor_to_a_filtered_finding_shows_it(page, page_url, results) -> None:
    target = next(f for f in results[0].findings if f.severity == "error")
    page.eval("document.querySelector('input[data-filter=severity][value=error]').click()")
    assert f"f-{target.fingerprint}" not in {f["id"] for f in visible(page)}
    page.eval(f"location.hash = '#f-{target.fingerprint}'")
    time.sleep(0.2)
    assert f"f-{target.fingerprint}" in {f["id"] for f in visible(page)}


def test_verdicts_round_trip_through_a_baseline_file(page, page_url, results, tmp_path) -> None:
    first = results[0]
    confirmed, dismissed, pending = first.findings[0], first.findings[1], results[2].findings[0]
    page.eval("{ const r = document.getElementById('reviewer'); r.value = '张三'; r.dispatchEvent(new Event('change')); }")
    for f, verdict in ((confirmed, "确认"), (dismissed, "误报"), (pending, "待核")):
        page.eval(f"document.querySelector('#f-{f.fingerprint} button[data-verdict=\"{verdict}\"]').click()")
    page.eval(f"""{{ const n = document.querySelector('#f-{dismissed.fingerprint} input.note');
                  n.value = '表内已更正'; n.dispatchEvent(new Event('change', {{bubbles: true}})); }}""")
    assert page.eval(f"document.querySelector('#f-{confirmed.fingerprint} button[data-verdict=\"确认\"]')"
                     ".getAttribute('aria-pressed')") == "true"

    # export through the page's button: the browser downloads the baseline file
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page.allow_downloads(str(downloads))
    mark = len(page.events)
    page.eval("document.getElementById('export').click()")
    deadline = time.monotonic() + 15
    files: list[Path] = []
    while time.monotonic() < deadline and not files:
        files = [p for p in downloads.iterdir() if p.suffix == ".json"]
        time.sleep(0.05)
    assert files, [e["method"] for e in page.events[mark:]]
    time.sleep(0.2)
    baseline = json.loads(files[0].read_text(encoding="utf-8"))

    assert set(baseline) == {"jixiao_baseline", "created", "tool_version", "entries"}
    assert baseline["jixiao_baseline"] == 1 and baseline["tool_version"]
    datetime.fromisoformat(baseline["created"].replace("Z", "+00:00"))
    entries = {e["fingerprint"]: e for e in baseline["entries"]}
    assert {fp: e["verdict"] for fp, e in entries.items()} == {
        confirmed.fingerprint: "确认", dismissed.fingerprint: "误报", pending.fingerprint: "待核"}
    for e in baseline["entries"]:
        assert set(e) == BASELINE_KEYS
        assert e["reviewer"] == "张三"
        datetime.fromisoformat(e["decided"].replace("Z", "+00:00"))
    d = entries[dismissed.fingerprint]
    assert (d["rule"], d["path"], d["unit"], d["year"], d["message"], d["note"]) == (
        dismissed.rule, first.path, first.unit, first.year, dismissed.message, "表内已更正")
    assert entries[pending.fingerprint]["path"] == results[2].path
    assert entries[pending.fingerprint]["unit"] == results[2].unit

    # the verdicts are kept by the page across a reload, and the verdict filter finds them
    page.open(page_url)
    page.eval("{ const v = document.getElementById('verdict-filter'); v.value = '误报'; v.dispatchEvent(new Event('change')); }")
    # the .docx and .pdf of one report give the same finding the same fingerprint: one verdict serves both
    assert [f["id"] for f in visible(page)] == [f"f-{dismissed.fingerprint}", f"f-{dismissed.fingerprint}-2"]

    # a fresh browser profile gets them back by importing the file
    page.eval("localStorage.clear()")
    page.open(page_url)
    assert page.eval("window.jixiao.baseline().entries.length") == 0
    doc = page.send("DOM.getDocument")["root"]["nodeId"]
    node = page.send("DOM.querySelector", {"nodeId": doc, "selector": "#import-file"})["nodeId"]
    page.send("DOM.setFileInputFiles", {"nodeId": node, "files": [str(files[0])]})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and page.eval("window.jixiao.baseline().entries.length") < 3:
        time.sleep(0.05)
    again = page.eval("window.jixiao.baseline()")
    assert [(e["fingerprint"], e["verdict"], e["note"]) for e in again["entries"]] == [
        (e["fingerprint"], e["verdict"], e["note"]) for e in baseline["entries"]]
    assert "已导入 3 条" in page.eval("document.getElementById('status').textContent")
    assert page.errors() == []


def test_print_hides_controls_and_keeps_findings_whole(page, tmp_path) -> None:
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        style = page.eval("""(() => { const a = document.querySelector('article.finding');
            return {controls: getComputedStyle(document.getElementById('controls')).display,
                    buttons: getComputedStyle(a.querySelector('.verdicts')).display,
                    breakInside: getComputedStyle(a).breakInside}; })()""")
    finally:
        page.send("Emulation.setEmulatedMedia", {"media": ""})
    assert style == {"controls": "none", "buttons": "none", "breakInside": "avoid"}
    # what is printed is what the filters show (two findings here, to keep the test quick)
    page.eval("document.getElementById('rules-none').click()")
    page.eval("document.querySelector('input[data-filter=rule][value=\"rate.mismatch\"]').click()")
    pdf = tmp_path / "print.pdf"
    page.pdf(pdf)
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        size = doc[0].get_size()
        assert abs(size[0] - 595) < 2 and abs(size[1] - 842) < 2  # A4 from @page
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    assert "rate.mismatch" in text and "score.over_max" not in text
    if re.search(r"[\u4e00-\u9fff]", text):  # the machine has Chinese fonts: the controls are not printed
        assert "比率与数据不符" in text and "导出复核结果" not in text


def test_page_loads_nothing_from_the_network(browser, page_url) -> None:
    browser.send("Network.enable")
    mark = len(browser.events)
    try:
        browser.open(page_url)
    finally:
        browser.send("Network.disable")
    urls = [e["params"]["request"]["url"] for e in browser.events[mark:] if e.get("method") == "Network.requestWillBeSent"]
    assert urls and all(re.match(r"(file|data|blob):", u) for u in urls), urls


def test_without_script_the_page_is_a_static_report(browser, page_url) -> None:
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(page_url)
        state = browser.eval("""[getComputedStyle(document.getElementById('controls')).display,
            getComputedStyle(document.querySelector('.verdicts')).display,
            [...document.querySelectorAll('article.finding')].filter(a => a.offsetParent !== null).length]""")
    except RuntimeError:  # evaluation itself is refused while scripts are disabled on some builds
        pytest.skip("Runtime.evaluate disabled with scripts")
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False})
    assert state[0] == "none" and state[1] == "none"  # no dead controls
    assert state[2] > 50  # every finding is there

