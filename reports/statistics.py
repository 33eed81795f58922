"""`--statistics`: how many findings each rule gave, instead of the findings themselves.

Text, one rule per line, most frequent first (as ruff prints it)::

       12  sum.mismatch               [error]   3 个文件  各项之和与合计不符
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.model import DocumentResult

_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str  # the most severe level the rule reported in these results
    count: int
    files: int
    summary: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "count": self.count, "files": self.files,
                "summary": self.summary}


def _summaries() -> dict[str, str]:
    try:
        import corpus.cross_rules  # noqa: F401  registers the cross-document rules
        from checks.registry import selected_rules

        return {r.id: r.summary for r in selected_rules()}
    except Exception:  # noqa: BLE001 - a summary is a nicety; counting must not fail
        return {}


def count_rules(results: Iterable[DocumentResult]) -> list[RuleCount]:
    counts: Counter = Counter()
    files: dict[str, set[int]] = {}
    severity: dict[str, str] = {}
    for i, r in enumerate(results):
        for f in r.findings:
            counts[f.rule] += 1
            files.setdefault(f.rule, set()).add(i)
            if _ORDER.get(f.severity, 9) < _ORDER.get(severity.get(f.rule, ""), 9):
                severity[f.rule] = f.severity
    summaries = _summaries()
    rows = [RuleCount(rule, severity.get(rule, ""), n, len(files[rule]), summaries.get(rule, ""))
            for rule, n in counts.items()]
    rows.sort(key=lambda c: (-c.count, c.rule))
    return rows


def render(results: Iterable[DocumentResult]) -> str:
    results = list(results)
    rows = count_rules(results)
    unreadable = sum(1 for r in results if r.error)
    out = [f"{c.count:>6}  {c.rule:<26} [{c.severity}]{' ' * (8 - len(c.severity))}{c.files:>4} 个文件  {c.summary}"
           for c in rows]
    total = sum(c.count for c in rows)
    out.append(f"共 {total} 条问题，{len(rows)} 条规则，{len(results)} 个文件" + (f"（无法读取 {unreadable} 个）" if unreadable else ""))
    return "\n".join(out) + "\n"


def to_json(results: Iterable[DocumentResult]) -> list[dict]:
    return [c.to_json() for c in count_rules(results)]
