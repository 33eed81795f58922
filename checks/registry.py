"""Rules registered under stable ids, selected and ignored the way ruff does it.

A rule is a pure function ``(ctx: CheckContext) -> Iterable[Finding]``.  Its id
(``score.total_mismatch``) never changes once published: reviewers filter on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from jixiao.model import Finding, Severity

if TYPE_CHECKING:
    from .context import CheckContext

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str  # one line, Chinese: what the rule flags
    func: RuleFunc
    cross_document: bool = False  # needs the corpus; run by `jixiao screen`


RULES: dict[str, Rule] = {}


def rule(rule_id: str, summary: str, *, cross_document: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES and RULES[rule_id].func is not func:
            # Several functions may serve one id (e.g. score.over_max has four
            # causes); keep them all under the same id.
            prev = RULES[rule_id]
            RULES[rule_id] = Rule(rule_id, prev.summary, _chain(prev.func, func), cross_document)
        else:
            RULES[rule_id] = Rule(rule_id, summary, func, cross_document)
        return func

    return register


def _chain(a: RuleFunc, b: RuleFunc) -> RuleFunc:
    def both(ctx: "CheckContext") -> Iterable[Finding]:
        yield from a(ctx)
        yield from b(ctx)

    return both


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """'score' and 'score.' select every score.* rule; 'ALL' selects all."""
    for p in patterns:
        p = p.strip()
        if not p:
            continue
        if p.upper() == "ALL" or rule_id == p or rule_id.startswith(p.rstrip(".") + "."):
            return True
    return False


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    load_all()
    select = list(select or [])
    ignore = list(ignore or [])
    out = []
    for rid in sorted(RULES):
        if select and not matches(rid, select):
            continue
        if matches(rid, ignore):
            continue
        out.append(RULES[rid])
    return out


def load_all() -> None:
    """Import every rule module so its decorators run."""
    import importlib
    import pkgutil

    from . import rules as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")


def finding(rule_id: str, severity: Severity, message: str, *evidence) -> Finding:
    """Shorthand used by rule modules."""
    return Finding(rule=rule_id, severity=severity, message=message, evidence=tuple(evidence))
