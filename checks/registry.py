"""Rules registered under stable ids, documented, selected and ignored the way ruff does it.

A rule is a pure function ``(report) -> Iterable[Finding]`` registered with
:func:`rule`.  Its id (``score.total_mismatch``) never changes once published:
reviewers filter on it.  The function's docstring is the rule's documentation
(``jixiao rules ID`` prints it): what it flags, why it matters, an example in
Chinese, its severity and the options that change it.  Messages are built from
a :class:`Message` template and named arguments, never by hand, so the
arguments travel with the finding (JSON ``args``, fingerprints, merging).
"""
from __future__ import annotations

import inspect
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from jixiao.model import ArgValue, Evidence, Finding, Severity

if TYPE_CHECKING:
    from .context import CheckContext

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str  # one line, Chinese: what the rule flags (shown beside each finding)
    func: RuleFunc
    cross_document: bool = False  # needs the corpus; run by `jixiao screen`
    severity: Severity = "error"  # the most severe level the rule reports
    doc: str = ""  # English text with a Chinese example: what, why, example, options

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, summary: str, *, cross_document: bool = False,
         severity: Severity = "error") -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` under ``rule_id``; its docstring becomes the rule's documentation."""

    def register(func: RuleFunc) -> RuleFunc:
        doc = inspect.cleandoc(func.__doc__ or "")
        if rule_id in RULES and RULES[rule_id].func is not func:
            # Several functions may serve one id (e.g. score.over_max has several
            # causes); keep them all under the same id, the first one's doc leading.
            prev = RULES[rule_id]
            RULES[rule_id] = Rule(rule_id, prev.summary, _chain(prev.func, func), cross_document,
                                  prev.severity, prev.doc or doc)
        else:
            RULES[rule_id] = Rule(rule_id, summary, func, cross_document, severity, doc)
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


def unknown_selectors(patterns: Iterable[str]) -> list[str]:
    """Selectors that match no registered rule (a typo must not silently select nothing)."""
    load_all()
    return [p for p in patterns if p.strip() and not any(matches(rid, [p]) for rid in RULES)]


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
    """Import every rule module so its decorators run (the corpus rules included)."""
    import importlib
    import pkgutil

    from . import rules as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")


class Message:
    """A message template with a stable id: ``Message("sum.closed", "…{total}…")``.

    ``str.format`` fields name the arguments; tuples are joined with ``joiner``
    in the message while the finding keeps them as tuples.
    """

    def __init__(self, template_id: str, text: str, joiner: str = " + ") -> None:
        self.id = template_id
        self.text = text
        self.joiner = joiner
        self.fields = tuple(f for _, f, _, _ in string.Formatter().parse(text) if f)

    def render(self, args: dict[str, Any]) -> str:
        shown = {k: (self.joiner.join(str(x) for x in v) if isinstance(v, (tuple, list)) else ("" if v is None else v))
                 for k, v in args.items()}
        return self.text.format(**shown)


def _freeze(v: Any) -> ArgValue:
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)  # type: ignore[return-value]
    if v is None or isinstance(v, (str, int, float)):
        return v
    return str(v)


def report(rule_id: str, severity: Severity, message: Message, evidence: Iterable[Evidence] = (),
           *, subject: str | None = None, **args: Any) -> Finding:
    """A finding whose message is ``message`` filled with ``args``, which it keeps."""
    missing = [f for f in message.fields if f not in args]
    if missing:
        raise KeyError(f"{message.id}: missing arguments {missing}")
    return Finding(rule=rule_id, severity=severity, message=message.render(args), evidence=tuple(evidence),
                   template=message.id, args=tuple((k, _freeze(v)) for k, v in args.items()), subject=subject)


def finding(rule_id: str, severity: Severity, message: str, *evidence: Evidence) -> Finding:
    """A finding with a prepared message and no arguments (remarks such as read.note)."""
    return Finding(rule=rule_id, severity=severity, message=message, evidence=tuple(evidence))
