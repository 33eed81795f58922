"""figure.mismatch: the same figure stated twice with different values."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import of
from extract.understand.lexicon import load_lexicon
from jixiao.model import Finding, Statement

from .common import evidence, money_text, place, shown

if TYPE_CHECKING:
    from extract.understand.report import Report

RULE = "figure.mismatch"
NEITHER = Message("figure.budget_neither", "同一数据前后不一致：{where}称“{text}”，而{table}中{what}为{values}，与其均不符")
TWICE = Message("figure.twice", "同一数据前后不一致：{what}在{place_a}为{a}，在{place_b}为{b}{note}")
LEVELS = Message("figure.levels", "同一金额记为不同级次：{amount}在{place_a}记为{level_a}级（“{a}”），在{place_b}记为{level_b}级（“{b}”）")
DOCUMENT = Message("figure.document", "同一文件金额不一致：{document}在{place_a}为{a}，在{place_b}为{b}")

# Roles a figure.mismatch compares: a level of money or a count, never a rate, a change or a score.
COMPARED_ROLES = ("budget", "budget_initial", "budget_adjusted", "actual", "income", "allocation", "received",
                  "balance", "count")
# Money a level of government gives: 下达, 收到 and 到位 of one fund level are one figure.
INFLOW_ROLES = ("allocation", "received", "income")
INFLOW = "inflow"
ROLE_NAMES = {"budget": "预算数", "budget_initial": "年初预算数", "budget_adjusted": "调整后预算数", "actual": "支出（执行）数",
              "income": "收入", "allocation": "下达数", "received": "到位数", "balance": "结余", "count": "数量"}


@rule(RULE, "同一数据在不同位置（文字与表格、表格与表格）写法不一致")
def figure_mismatch(r: "Report") -> Iterator[Finding]:
    """The same figure written with different values in two places.

    What it flags: two statements of the same measure, role, period and scope
    — the same line item's spending, budget, allocation or count, for the same
    year, fund level and project — whose values differ beyond the precision
    written (narrative vs narrative, narrative vs table, table vs table).
    Also: one distinctive amount given two different fund levels (中央级 in one
    place, 省级 in another), one cited document number given two amounts, and
    a budget stated without saying which ("预算安排资金40.63万元") that equals
    none of the form's budgets (年初预算数, 调整后预算数).  Money a fund level
    or a named fund gives (下达, 收到, 到位) is one inflow whatever the verb;
    a fund level's money written again without a role keeps its first role.
    Statements whose measure is only a generic word (资金, 经费) are not
    compared, nor two figures of one sentence.

    Why it matters: a reviewer cannot tell which of two values is true; one
    of them was copied from another year, another project or another draft.

    Example: 「中央级资金转移支付124.23万元」 in 一（二） and 「下达中央级资金转移支付
    755.19万元」 in 二（一）1.

    Severity: error when both figures are explicitly labelled with their role
    (or come from tables), warning when a role was inferred from context.
    Options: none beyond --select/--ignore.
    """
    lex = load_lexicon()
    generic = set(lex.generic_measures)
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for st in r.statements:
        if st.figure.value is None or st.role not in COMPARED_ROLES or not st.measure:
            continue
        if st.measure in generic and not st.scope.level:
            continue  # "资金30万元" is no one figure; "中央资金30万元" is
        if st.figure.kind not in ("money", "count"):
            continue
        if st.figure.kind == "count" and (st.named_after or len(st.measure) < 3):
            continue  # "500户企业", "103户企业": a counted noun alone does not say which firms
        period = st.period or r.year
        role = INFLOW if st.role in INFLOW_ROLES and (st.scope.level or _named_fund(st.measure, lex)) else st.role
        # One level's money: "市级资金" and "市级资金转移支付" name it alike.
        measure = "资金" if st.scope.level and lex.is_generic(st.measure) else st.measure
        groups[(measure, role, period, st.scope.level, st.scope.project, st.figure.kind)].append(st)
    reported: set[tuple[int, int]] = set()
    for key, sts in groups.items():
        f = _first_conflict(sts, reported)
        if f is not None:
            yield f
    yield from _levels(r, generic)
    yield from _documents(r)
    yield from _budget_of_neither(r, generic)


def _named_fund(measure: str, lex) -> bool:
    """A fund named by its purpose ("就业补助资金"): what was allocated of it is what was received."""
    return measure not in lex.generic_measures and len(measure) >= 4 and measure.endswith(tuple(lex.funds))


def _line_item(measure: str) -> bool:
    from extract.understand.catalog import load_catalog

    return load_catalog().find(measure, "item") is not None


def _trusted(a: Statement, b: Statement) -> bool:
    """Both roles are reliable enough to call a difference a contradiction.

    A table cell's role is its column; a sentence's role is reliable when a
    role word labels the figure (2), usable when inherited (1), and a hint
    (…支出) only against a table.
    """
    sa = 2 if a.source == "table" else a.role_strength
    sb = 2 if b.source == "table" else b.role_strength
    if a.source == "table" or b.source == "table":
        return True
    if a.scope.level and a.scope.level == b.scope.level:
        return min(sa, sb) >= 1  # a fund level names the money: inherited roles suffice
    if sa == sb == 0 and a.role == b.role == "actual" and _line_item(a.measure):
        # "支出合计1271.88万元" and "部门整体支出1097.89万元": a spending line item the catalog names, both times
        # spent money by its own name (支出), with no budget word: one figure (inferred, so a warning).
        return True
    return min(sa, sb) >= 1 and max(sa, sb) >= 2


def _related(a: Statement, b: Statement) -> bool:
    return a is b or a in b.ancestors() or b in a.ancestors() or (a.source == b.source == "text" and a.sentence == b.sentence
                                                                  and a.location == b.location)


def _first_conflict(sts: list[Statement], reported: set[tuple[int, int]]) -> Finding | None:
    for i, a in enumerate(sts):
        for b in sts[i + 1:]:
            if _related(a, b) or (id(a), id(b)) in reported or not _trusted(a, b):
                continue
            if of(a.figure).overlaps(of(b.figure)):
                continue
            if a.source == b.source == "table" and a.location.table == b.location.table:
                continue  # one table's own cells: a sum, not a restatement
            reported.add((id(a), id(b)))
            strong = all(s.source == "table" or s.role_strength >= 2 for s in (a, b))
            name = next((s.label for s in (a, b) if s.source == "table" and s.label), a.label or b.label)  # a row names it best
            what = f"“{name}”" + (f"{ROLE_NAMES.get(a.role, '')}" if a.source == "table" or b.source == "table" else "")
            if a.scope.level:
                what = f"{a.scope.level}级" + what
            note = ""
            # The other places that state a's value (a table's total beside the sentence) are evidence too.
            same = [c for c in sts if c is not a and c is not b and not _related(c, a) and not _related(c, b)
                    and of(c.figure).overlaps(of(a.figure)) and _trusted(a, c)]
            same = sorted(same, key=lambda c: c.source != "table")[:2]  # a table's cell first: the record
            return report(RULE, "error" if strong else "warning", TWICE,
                          [evidence(a, "stated"), evidence(b, "stated")] + [evidence(c, "stated") for c in same],
                          what=what, place_a=place(a.location) or "文中", a=_written(a), place_b=place(b.location) or "另一处",
                          b=_written(b), note=note, measure=a.measure, role=a.role, level=a.scope.level or "")
    return None


def _written(st: Statement) -> str:
    return money_text(st.figure) if st.source == "table" else shown(st)


def _distinctive(st: Statement) -> bool:
    """An amount unlikely to recur by chance: two decimals, or four significant digits."""
    v = st.figure.value or 0
    digits = len(str(int(abs(v)))) + st.figure.decimals
    return st.figure.kind == "money" and (st.figure.decimals >= 2 or digits >= 4) and v != 0


def _levels(r: "Report", generic: set[str]) -> Iterator[Finding]:
    by_amount: dict[tuple, list[Statement]] = defaultdict(list)
    for st in r.statements:
        if st.scope.level and _distinctive(st) and st.measure:
            by_amount[(st.figure.value, st.measure, st.period or r.year)].append(st)
    for (_, _, _), sts in by_amount.items():
        levels = {s.scope.level for s in sts}
        if len(levels) < 2:
            continue
        a = sts[0]
        b = next(s for s in sts if s.scope.level != a.scope.level)
        if _related(a, b):
            continue
        yield report(RULE, "error", LEVELS, [evidence(a, "stated"), evidence(b, "stated")],
                     amount=a.figure.text, place_a=place(a.location) or "文中", level_a=a.scope.level or "", a=shown(a),
                     place_b=place(b.location) or "另一处", level_b=b.scope.level or "", b=shown(b))


def _documents(r: "Report") -> Iterator[Finding]:
    by_doc: dict[tuple, list[Statement]] = defaultdict(list)
    for st in r.statements:
        if st.scope.document and st.figure.kind == "money" and st.figure.value is not None:
            by_doc[(st.scope.document, st.role)].append(st)
    for (doc, _), sts in by_doc.items():
        for i, a in enumerate(sts):
            b = next((s for s in sts[i + 1:] if not of(a.figure).overlaps(of(s.figure)) and not _related(a, s)
                      and s.measure == a.measure), None)
            if b is not None:
                yield report(RULE, "warning", DOCUMENT, [evidence(a, "stated"), evidence(b, "stated")],
                             document=doc, place_a=place(a.location) or "文中", a=shown(a),
                             place_b=place(b.location) or "另一处", b=shown(b))
                break


BUDGET_VARIANTS = ("budget_initial", "budget_adjusted", "budget")


def _budget_of_neither(r: "Report", generic: set[str]) -> Iterator[Finding]:
    """A budget stated without saying which (预算安排资金40.63万元) that is none of the table's budgets.

    A form gives the 年初预算数 and the 全年（调整后）预算数 of the same money; a
    sentence that only says 预算 may mean either, so it contradicts the form
    only when it equals neither.
    """
    tables: dict[tuple, list[Statement]] = defaultdict(list)
    for st in r.table_statements:
        if st.role in BUDGET_VARIANTS and st.figure.value is not None and st.figure.kind == "money" and st.measure:
            tables[(st.measure, st.period or r.year, st.scope.project, st.scope.level)].append(st)
    reported: set[tuple] = set()
    for st in r.narrative_statements:
        if st.role != "budget" or st.role_strength < 2 or st.figure.value is None or st.figure.kind != "money":
            continue
        if not st.measure or st.measure in generic or st.parent is not None:
            continue
        key = (st.measure, st.period or r.year, st.scope.project, st.scope.level)
        rows = tables.get(key, [])
        if not rows or key in reported or any(of(st.figure).overlaps(of(t.figure)) for t in rows):
            continue
        if all(t.figure.value == 0 for t in rows):
            continue  # a row of zeros is a row left unfilled: the amounts it should hold are compared elsewhere
        reported.add(key)
        values = "、".join(f"{ROLE_NAMES.get(t.role, '预算数')}{money_text(t.figure)}" for t in rows)
        yield report(RULE, "error", NEITHER, [evidence(st, "stated")] + [evidence(t, "stated") for t in rows],
                     where=place(st.location) or "文中", text=shown(st),
                     table=place(rows[0].location) or "表", what=f"“{rows[0].label}”", values=values,
                     measure=st.measure, role=st.role, level=st.scope.level or "")
