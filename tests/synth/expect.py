"""Matching findings against expectations, with the semantics of ``shared/tools/score.py``.

A finding *matches* an expectation when its rule id is the expected one and
its text (message, then every evidence text and location) contains every
mention; a mention that is a number matches that number alone ("13" matches
"13人" but not "13.46" or "213").  A *forbid* is hit by an error or warning
finding whose rule starts with one of the forbid's prefixes and whose text
contains every mention.

Findings are dicts of the JSON contract (``DocumentResult.to_json()["findings"]``
or ``jixiao check --format json``).  Expectation files use the corpus format::

    [[doc]]
    files = ["a.docx", "a.pdf"]
    [[doc.expect]]
    rule = "sum.mismatch"
    mentions = ["755.19", "370.83"]
    level = "core"
    [[doc.forbid]]
    rules = ["count."]
    mentions = ["28"]
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

NUM = re.compile(r"^-?\d+(\.\d+)?%?$")
ALARM = ("error", "warning")


def mentioned(text: str, m: str) -> bool:
    if NUM.match(m):
        return re.search(r"(?<![\d.])" + re.escape(m) + r"(?!\d|\.\d)", text) is not None
    return m in text


def finding_text(f: dict) -> str:
    parts = [f.get("message") or ""]
    for e in f.get("evidence") or []:
        parts.append(str(e.get("text") or ""))
        parts.append(str(e.get("location") or ""))
    return "\n".join(parts)


def matches(f: dict, rule: str, mentions: Iterable[str]) -> bool:
    if f.get("rule") != rule:
        return False
    text = finding_text(f)
    return all(mentioned(text, m) for m in mentions)


def hits_forbid(f: dict, rules: Iterable[str], mentions: Iterable[str]) -> bool:
    if f.get("severity") not in ALARM:
        return False
    if not any((f.get("rule") or "").startswith(r) for r in rules):
        return False
    text = finding_text(f)
    return all(mentioned(text, m) for m in mentions)


@dataclass
class DocSpec:
    """One [[doc]] of an expectations file."""

    files: list[str]
    expect: list[dict] = field(default_factory=list)
    forbid: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.files[0]).stem


def load(path: str | Path) -> list[DocSpec]:
    with open(path, "rb") as fh:
        spec = tomllib.load(fh)
    return [DocSpec(d["files"], d.get("expect", []), d.get("forbid", [])) for d in spec["doc"]]


@dataclass
class Outcome:
    """How one file's findings compare with its expectations."""

    found: list[dict] = field(default_factory=list)  # expectations matched
    missed: list[dict] = field(default_factory=list)  # expectations not matched
    forbid_hits: list[tuple[dict, dict]] = field(default_factory=list)  # (forbid, finding)
    unexpected: list[dict] = field(default_factory=list)  # error/warning findings matching no expectation

    @property
    def alarms(self) -> list[dict]:
        return [f for f in self.unexpected]


def judge(findings: list[dict], spec: DocSpec) -> Outcome:
    out = Outcome()
    for e in spec.expect:
        if any(matches(f, e["rule"], e["mentions"]) for f in findings):
            out.found.append(e)
        else:
            out.missed.append(e)
    for fb in spec.forbid:
        for f in findings:
            if hits_forbid(f, fb["rules"], fb["mentions"]):
                out.forbid_hits.append((fb, f))
                break
    for f in findings:
        if f.get("severity") not in ALARM:
            continue
        if any(matches(f, e["rule"], e["mentions"]) for e in spec.expect):
            continue
        out.unexpected.append(f)
    return out


# --------------------------------------------------------------------------- writing


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _arr(xs: Iterable[str]) -> str:
    return "[" + ", ".join(_q(x) for x in xs) + "]"


def dump(docs: Iterable[DocSpec], header: str = "") -> str:
    """Expectations in the corpus TOML format."""
    out = [header.rstrip() + "\n"] if header else []
    for d in docs:
        out.append("[[doc]]")
        out.append(f"files = {_arr(d.files)}")
        for e in d.expect:
            out.append("")
            out.append("[[doc.expect]]")
            out.append(f"rule = {_q(e['rule'])}")
            out.append(f"mentions = {_arr(e['mentions'])}")
            out.append(f"level = {_q(e.get('level', 'core'))}")
            if e.get("kind"):
                out.append(f"kind = {_q(e['kind'])}")
            if e.get("note"):
                out.append(f"note = {_q(e['note'])}")
        for fb in d.forbid:
            out.append("")
            out.append("[[doc.forbid]]")
            out.append(f"rules = {_arr(fb['rules'])}")
            out.append(f"mentions = {_arr(fb['mentions'])}")
            if fb.get("note"):
                out.append(f"note = {_q(fb['note'])}")
        out.append("")
    return "\n".join(out) + "\n"


def doc_spec(doc, formats: Iterable[str] = ("docx", "pdf")) -> DocSpec:
    """The expectations of a generated report (``synth.model.Doc``)."""
    return DocSpec([f"{doc.name}.{x}" for x in formats],
                   [{"rule": e.rule, "mentions": list(e.mentions), "level": e.level, "kind": e.kind, "note": e.note}
                    for e in doc.expects],
                   [{"rules": list(f.rules), "mentions": list(f.mentions), "note": f.note} for f in doc.forbids])


def check_findings(path: str) -> list[dict]:
    """Run the checker in-process on one file; the findings as contract dicts (an unreadable file: one error finding)."""
    from jixiao.pipeline import check_file
    res = check_file(str(path)).to_json()
    if res.get("error"):
        return [{"rule": "read.error", "severity": "error", "message": res["error"], "evidence": []}]
    return res.get("findings") or []
