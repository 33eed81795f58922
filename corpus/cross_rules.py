"""Rules that need more than one document: they read the corpus, not a CheckContext.

Each function takes the store and the ids of the documents screened now
("seeds") and returns findings keyed by the document they belong to, which
may be an older document already in the corpus (both sides of a copy are
told).  The work done per seed is a handful of indexed queries, so the cost
grows with the run, not with the corpus.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from checks.registry import matches as rule_matches
from checks.registry import rule
from jixiao.model import Evidence, Finding, Location

from .similarity import normalise_cached
from .store import CorpusStore, StoredDocument

BOILERPLATE_UNITS = 5  # a text shared by this many different units is a template, not a copy
EXCERPT = 120
PRIOR_FINAL_SUBJECTS = {"sangong": "三公经费", "public_funds": "公用经费", "project_spending": "项目支出"}
_FINAL_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*决算")
_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")

CROSS_RULE_IDS = ("duties.copied", "submission.group")


@rule("duties.copied", "主要职能或大段叙述与另一单位的报告几乎相同", cross_document=True, severity="warning")
def _duties_copied_placeholder(ctx: object) -> Iterable[Finding]:
    """Duties or a long narrative paragraph nearly identical to another unit's report (needs the corpus).

    What it flags, in `jixiao screen`: a unit's duties text or a paragraph of 80+
    characters that matches another unit's report (MinHash candidates confirmed
    with rapidfuzz).  The same unit in another year is never flagged; text shared
    by five or more units is template text (info).

    Why it matters: a report built from a neighbour's file states the
    neighbour's work.  Severity: warning; info for template text.
    """
    return ()  # runs in `jixiao screen` over the corpus, see duties_copied()


@rule("submission.group", "同一单位同一年度分成多个文件报送，列出同组文件", cross_document=True, severity="info")
def _group_placeholder(ctx: object) -> Iterable[Finding]:
    """Files of one unit and year screened as one submission (needs the corpus).

    What it flags, in `jixiao screen`: several files with the same unit and
    fiscal year (attachments sent as separate files), listed together so that
    score.total_mismatch can compare them.  Severity: info.
    """
    return ()  # see submission_groups()


Findings = dict[int, list[Finding]]


def cross_findings(store: CorpusStore, seeds: Iterable[int], select: list[str] | None = None,
                   ignore: list[str] | None = None) -> Findings:
    """Every cross-document finding involving the seed documents, deduplicated per document."""
    seeds = list(dict.fromkeys(seeds))
    out: Findings = defaultdict(list)

    def wanted(rule_id: str) -> bool:
        return (not select or rule_matches(rule_id, select)) and not rule_matches(rule_id, ignore or [])

    if wanted("duties.copied"):
        _merge(out, duties_copied(store, seeds))
    if wanted("figure.mismatch"):
        _merge(out, prior_year_finals(store, seeds))
    if wanted("submission.group") or wanted("score.total_mismatch"):
        groups = submission_groups(store, seeds)
        _merge(out, {d: [f for f in fs if wanted(f.rule)] for d, fs in groups.items()})
    return {d: fs for d, fs in out.items() if fs}


def _merge(out: Findings, new: Findings) -> None:
    for doc_id, findings in new.items():
        seen = {(f.rule, f.message) for f in out[doc_id]}
        for f in findings:
            if (f.rule, f.message) not in seen:
                seen.add((f.rule, f.message))
                out[doc_id].append(f)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


def _unit_key(unit: str | None) -> str:
    return normalise_cached(unit or "")


# --------------------------------------------------------------------------- duties.copied

def duties_copied(store: CorpusStore, seeds: list[int]) -> Findings:
    """Texts nearly identical to another unit's; both documents get a finding naming the other.

    The same unit in another year legitimately repeats its duties, so pairs
    are compared by unit name; unidentified units are left alone.
    """
    out: Findings = defaultdict(list)
    counterparts: list[int] = []
    for doc_id in seeds:
        found, others = _copied_for(store, doc_id)
        out[doc_id].extend(found)
        counterparts += others
    for doc_id in dict.fromkeys(counterparts):
        if doc_id not in out:
            out[doc_id].extend(_copied_for(store, doc_id)[0])
    return out


def _copied_for(store: CorpusStore, doc_id: int) -> tuple[list[Finding], list[int]]:
    """Warnings per other unit for copied texts; one info finding for template texts."""
    doc = store.document(doc_id)
    own_unit = _unit_key(doc.unit)
    if not own_unit:
        return [], []
    rows = store.matches(doc_id)
    units_per_text: dict[int, set[str]] = defaultdict(lambda: {own_unit})
    for r in rows:
        if r["other_unit"]:
            units_per_text[r["text_id"]].add(_unit_key(r["other_unit"]))
    by_other: dict[int, list[dict]] = defaultdict(list)
    boilerplate: dict[int, dict] = {}
    for r in rows:
        other_unit = _unit_key(r["other_unit"])
        if not other_unit or other_unit == own_unit:
            continue
        if len(units_per_text[r["text_id"]]) >= BOILERPLATE_UNITS:
            boilerplate.setdefault(r["text_id"], r)
        else:
            by_other[r["other_doc"]].append(r)
    findings = []
    for pairs in by_other.values():
        findings += _copied_findings(doc, pairs)
    if boilerplate:
        findings.append(_boilerplate_finding(doc, list(boilerplate.values()), units_per_text))
    return findings, list(by_other)


def _own_evidence(doc: StoredDocument, p: dict) -> Evidence:
    return Evidence(_excerpt(p["text"]), Location(file=doc.path, section=p["location"]))


def _other_evidence(p: dict) -> Evidence:
    return Evidence(_excerpt(p["other_text"]), Location(
        file=p["other_path"], section=f"{Path(p['other_path']).name} · {p['other_location']}"))


def _copied_findings(doc: StoredDocument, pairs: list[dict]) -> list[Finding]:
    other = pairs[0]
    where = f"「{other['other_path']}」（{other['other_unit']}）"
    out: list[Finding] = []
    duties = [p for p in pairs if p["kind"] == "duties"][:1]
    paragraphs: dict[int, dict] = {}
    for p in pairs:
        if p["kind"] == "paragraph" and p["text_id"] not in paragraphs:
            paragraphs[p["text_id"]] = p  # best match first (ordered by ratio)
    if duties:
        p = duties[0]
        target = "的文本" if p["other_kind"] == "duties" else "中的一段文字"
        out.append(Finding("duties.copied", "warning", f"主要职能与{where}{target}相似度 {round(p['ratio'])}%",
                           (_own_evidence(doc, p), _other_evidence(p))))
    if paragraphs:
        group = list(paragraphs.values())
        ratios = [round(p["ratio"]) for p in group]
        span = f"{min(ratios)}%" if min(ratios) == max(ratios) else f"{min(ratios)}%–{max(ratios)}%"
        evidence = [e for p in group[:3] for e in (_own_evidence(doc, p), _other_evidence(p))]
        out.append(Finding("duties.copied", "warning",
                           f"{len(group)} 段叙述与{where}中的文字几乎相同（相似度 {span}）", tuple(evidence)))
    return out


def _boilerplate_finding(doc: StoredDocument, texts: list[dict], units_per_text: dict[int, set[str]]) -> Finding:
    """Text shared by many units is a template: worth a note, not a warning per unit."""
    shared = max(len(units_per_text[p["text_id"]]) for p in texts)
    what = "主要职能及" if any(p["kind"] == "duties" for p in texts) else ""
    examples = "、".join(dict.fromkeys(f"「{Path(p['other_path']).name}」（{p['other_unit']}）" for p in texts[:3]))
    message = (f"{what}{len(texts)} 段文字与至少 {shared - 1} 个其他单位的报告相同或几乎相同，"
               f"属多个单位共用的通用表述（如 {examples}）")
    evidence = tuple(_own_evidence(doc, p) for p in texts[:3])
    return Finding("duties.copied", "info", message, evidence)


# --------------------------------------------------------------------------- figure.mismatch across years

def final_year(fact: dict, report_year: int | None) -> int | None:
    """The year whose 决算数 a fact states: from its period ("2019决算") or its measure."""
    period = fact.get("period") or ""
    m = _FINAL_PERIOD.search(period)
    if m:
        return int(m.group(1))
    if report_year is None:
        return None
    measure = fact.get("measure") or ""
    if measure == "final_prev":
        return report_year - 1
    if measure in ("final_cur", "final"):
        return report_year
    return None


def half_unit(fact: dict) -> float:
    """Half a unit of the last written digit, in the unit of ``value`` (scale read off text/value)."""
    decimals = int(fact.get("decimals") or 0)
    scale = 1.0
    m = _NUMBER.search(fact.get("text") or "")
    if m and fact.get("value") is not None:
        try:
            written = float(m.group(0).replace(",", "").replace("，", ""))
        except ValueError:
            written = 0.0
        if written:
            scale = abs(float(fact["value"]) / written)
    return 0.5 * 10 ** (-decimals) * scale


def agree(a: dict, b: dict) -> bool:
    """Equal at the precision each was written with: the ± half-unit ranges of the two overlap.

    Ranges that only touch (0.28 and 0.29) do not count: no single amount rounds to both.
    """
    if a.get("value") is None or b.get("value") is None:
        return True
    tolerance = half_unit(a) + half_unit(b)
    return abs(float(a["value"]) - float(b["value"])) < tolerance * (1 - 1e-9)


def _shown(fact: dict) -> str:
    text = (fact.get("text") or "").strip()
    if "元" in text or fact.get("value") is None:
        return text
    scale = half_unit(fact) / (0.5 * 10 ** (-int(fact.get("decimals") or 0)))
    return f"{text}{'元' if abs(scale - 1e-4) < 1e-9 else '万元'}"


def prior_year_finals(store: CorpusStore, seeds: list[int]) -> Findings:
    """A year-Y report's 上年决算数 must equal the year-(Y−1) report's 决算数 of the same unit."""
    out: Findings = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for doc_id in seeds:
        doc = store.document(doc_id)
        if not doc.unit or doc.year is None or doc.error:
            continue
        pairs.update((doc.id, o.id) for o in store.documents_of(doc.unit, doc.year - 1))
        pairs.update((n.id, doc.id) for n in store.documents_of(doc.unit, doc.year + 1))
    subjects = list(PRIOR_FINAL_SUBJECTS)
    for newer_id, older_id in sorted(pairs):
        newer, older = store.document(newer_id), store.document(older_id)
        if newer.error or older.error:
            continue
        prev = older.year
        stated = [f for f in store.facts(newer.id, subjects) if final_year(f, newer.year) == prev]
        if not stated:
            continue
        actual = [f for f in store.facts(older.id, subjects) if final_year(f, older.year) == prev]
        for subject, name in PRIOR_FINAL_SUBJECTS.items():
            theirs = [f for f in actual if f["subject"] == subject and f.get("value") is not None]
            if not theirs:
                continue
            for mine in (f for f in stated if f["subject"] == subject and f.get("value") is not None):
                if any(agree(mine, t) for t in theirs):
                    continue
                t = theirs[0]
                message = (f"{prev}年{name}决算数前后年度不一致：本报告（{newer.year}年度）填报 {_shown(mine)}，"
                           f"「{older.path}」（{older.year}年度报告）填报 {_shown(t)}")
                out[newer.id].append(Finding("figure.mismatch", "error", message, (
                    Evidence(mine.get("text") or "", Location(file=newer.path, section=mine.get("location"))),
                    Evidence(t.get("text") or "", Location(
                        file=older.path, section=f"{Path(older.path).name} · {t.get('location') or ''}")),
                )))
    return out


# --------------------------------------------------------------------------- submission groups

def submission_groups(store: CorpusStore, seeds: list[int]) -> Findings:
    """Name the other files of a unit's submission; compare their total scores."""
    out: Findings = defaultdict(list)
    keys = {store.document(d).group_key for d in seeds} - {None}
    for key in sorted(keys):
        members = [m for m in store.group_members(key) if not m.error]
        if len(members) < 2:
            continue
        names = "、".join(Path(m.path).name for m in members)
        first = members[0]
        for m in members:
            out[m.id].append(Finding(
                "submission.group", "info",
                f"同一单位同一年度的 {len(members)} 个文件视为一次报送（分组 {first.unit}·{first.year}）：{names}",
            ))
        totals = {m.id: store.facts(m.id, ["total_score"]) for m in members}
        for m in members:
            mine = [f for f in totals[m.id] if f.get("value") is not None][:1]
            for o in members:
                theirs = [f for f in totals[o.id] if f.get("value") is not None][:1]
                if o.id == m.id or not mine or not theirs or agree(mine[0], theirs[0]):
                    continue
                out[m.id].append(Finding(
                    "score.total_mismatch", "error",
                    f"总分与同组文件「{o.path}」不一致：本文件 {mine[0]['text']}，该文件 {theirs[0]['text']}",
                    (Evidence(mine[0]["text"] or "", Location(file=m.path, section=mine[0].get("location"))),
                     Evidence(theirs[0]["text"] or "", Location(
                         file=o.path, section=f"{Path(o.path).name} · {theirs[0].get('location') or ''}"))),
                ))
    return out
