"""Operations on findings as data: fingerprints and merging of repeats.

Both read the finding's rule, template and arguments, never its message text,
so they survive rewording and rule order.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace

from jixiao.model import Finding

# Location words inside a message; a fingerprint must not depend on them.
_POSITION = re.compile(r"第\d+(?:行|列|段|页)|表\d+")


def fingerprint(f: Finding, unit: str | None, year: int | None) -> str:
    """Stable id of a finding: rule, the document's unit, year and attachment, and its arguments.

    Arguments whose key starts with "_" are presentation only and left out;
    line, row and page numbers never enter, so a verdict recorded against a
    fingerprint survives re-running and edits elsewhere in the document.
    """
    parts = [f.rule, unit or "", str(year or ""), f.attachment or ""]
    if f.args:
        parts += [f"{k}={v!r}" for k, v in sorted(f.args) if not k.startswith("_")]
    else:
        parts.append(_POSITION.sub("", f.message))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def with_fingerprints(findings: list[Finding], unit: str | None, year: int | None) -> list[Finding]:
    return [f if f.fingerprint else replace(f, fingerprint=fingerprint(f, unit, year)) for f in findings]


def _joined(names: list[str]) -> str:
    """"附件4-2「甲」自评表" + "附件4-2「乙」自评表" → "附件4-2「甲」「乙」（2张表相同）自评表"."""
    prefix = os.path.commonprefix(names)
    suffix = os.path.commonprefix([n[len(prefix):][::-1] for n in names])[::-1]
    if prefix.endswith("「") and suffix.startswith("」"):
        mids = [n[len(prefix):len(n) - len(suffix)] for n in names]
        return prefix + "」「".join(mids) + f"」（{len(names)}张表相同）" + suffix[1:]
    return "、".join(names) + f"（{len(names)}张表相同）"


def merge_repeated(findings: list[Finding]) -> list[Finding]:
    """One finding for a flaw repeated identically across several sheets of one report.

    Five 项目自评表 built from one faulty template give five findings that differ
    only in the argument named by ``Finding.subject`` (the project); a reviewer
    wants one, naming all five.
    """
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    for f in findings:
        if f.subject and f.args:
            rest = tuple((k, v) for k, v in f.args if k != f.subject and not k.startswith("_"))
            key: tuple = (f.rule, f.severity, f.template, f.subject, rest)
        else:
            key = (id(f),)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    out: list[Finding] = []
    for key in order:
        group = groups[key]
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        subject = first.subject
        names = [str(g.arg.get(subject, "")) for g in group]
        value = str(first.arg.get(subject, ""))
        if f"「{value}」" in first.message:
            message = first.message.replace(f"「{value}」", "".join(f"「{n}」" for n in names) + f"（{len(group)}张表相同）", 1)
        else:
            message = first.message.replace(value, _joined(names), 1)
        args = tuple((k, tuple(names) if k == subject else v) for k, v in first.args)
        evidence = tuple(e for g in group for e in g.evidence)
        out.append(replace(first, message=message, args=args, evidence=evidence))
    return out
