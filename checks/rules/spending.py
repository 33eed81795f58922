"""spend.exceeds_income: money spent above the money available."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import fmt, of
from jixiao.model import Evidence, Finding, Statement

from .common import evidence, place, shown

if TYPE_CHECKING:
    from extract.understand.report import Report

RULE = "spend.exceeds_income"
INCOME = Message("spend.income", "支出超过收入：{where}“{income}”，但“{spent}”，超出{diff}万元")
BUDGET = Message("spend.budget", "执行数超过预算数：{where}“{budget}”，但“{spent}”，超出{diff}万元")
SHEET = Message("spend.sheet", "执行数超过预算数：{sheet}自评表全年执行数{spent}，全年预算数{budget}")


@rule(RULE, "支出超过收入或可用预算")
def spend_exceeds_income(r: "Report") -> Iterator[Finding]:
    """Spending above the income or the budget available.

    What it flags: an amount spent (实际使用, 支出合计, 执行数, 决算数) above the
    income (收入合计, 总收入) or the adjusted budget (调整后预算, 全年预算数, a
    project's 预算数) that the report states for the same measure, period and
    scope — in a sentence or in a 自评表's 全年执行数 against its 全年预算数.
    Spending above the 年初预算 is not flagged: budgets are adjusted in the
    year.

    Why it matters: a unit cannot spend money it did not receive; one of the
    two figures is wrong, or money came from a source the report hides.

    Example: 「预算资金收入合计203.85万元」 and 「预算资金实际使用260.63万元」.

    Severity: error.  Options: none beyond --select/--ignore.
    """
    money = [s for s in r.narrative_statements if s.figure.kind == "money" and s.figure.value is not None]
    spent = [s for s in money if s.role == "actual" and s.role_strength >= 1]
    # Totals only: the parts of an income are its allocation, and an item's allocation may be adjusted.
    available = [s for s in money if s.role in ("income", "budget_adjusted", "budget") and s.parent is None]
    done: set[int] = set()
    for a in available:
        for s in spent:
            if id(s) in done or not _same_subject(r, a, s):
                continue
            if of(s.figure).lo >= of(a.figure).hi and not of(s.figure).overlaps(of(a.figure)):
                done.add(id(s))
                diff = fmt((s.figure.value or 0) - (a.figure.value or 0))
                message = INCOME if a.role == "income" else BUDGET
                yield report(RULE, "error", message, [evidence(a, "available"), evidence(s, "spent")],
                             where=place(s.location), income=shown(a), budget=shown(a), spent=shown(s), diff=diff)
    for sheet in r.sheets:
        spent_f, budget_f = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
        if spent_f is None or budget_f is None or spent_f.kind == "percent" or budget_f.kind == "percent":
            continue
        if of(spent_f, True).lo > of(budget_f, True).hi:
            yield report(RULE, "error", SHEET, [Evidence(budget_f.text, budget_f.location, "available"),
                                                 Evidence(spent_f.text, spent_f.location, "spent")],
                         subject="sheet", sheet=sheet.label, spent=spent_f.text, budget=budget_f.text)


def _same_subject(r: "Report", a: Statement, s: Statement) -> bool:
    """Same measure (or both the unit's totals), same period and scope, same attachment, not nested."""
    if a is s or a in s.ancestors() or s in a.ancestors():
        return False
    if a.location.attachment != s.location.attachment:
        return False
    if (a.period or r.year) != (s.period or r.year) or a.scope != s.scope:
        return False
    if a.role != "income" and a.figure.span and s.location != a.location:
        return False  # a budget is compared with spending in the same paragraph only
    return bool(a.measure) and a.measure == s.measure
