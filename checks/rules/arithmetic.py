"""Money and rate arithmetic: rates that are not numerator/denominator, parts that do
not add up, spending above what was available."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

import regex as re

from checks.context import CheckContext, SelfEvalSheet
from checks.registry import finding, rule
from checks.tolerance import fmt, of, ratio, total
from extract.understand.catalog import load_catalog
from extract.understand.narrative import LabelledFigure
from extract.understand.tablefacts import fact_figure
from jixiao.model import Evidence, Fact, Figure, Finding, Location

MEASURE_NAMES = {
    "final_prev": "上年决算数", "budget_cur": "本年预算数", "final_cur": "本年决算数", "budget_prev": "上年预算数",
    "budget_initial": "年初预算数", "budget_full": "全年预算数", "executed": "全年执行数", "score": "得分", "weight": "分值",
}


def number_text(fig: Figure) -> str:
    """The number as written, without its unit ('0.28万元' → '0.28'), for formulas in messages."""
    m = re.search(r"-?[\d,，.]+", fig.text)
    return m.group(0) if m else fig.text


def money_text(fig: Figure) -> str:
    """A money cell as written, with 万元 added only when the cell wrote no unit ('0.28万元' stays, '0.19' -> '0.19万元')."""
    return fig.text if fig.unit else f"{fig.text}万元"


def with_decimals(fig: Figure, decimals: int) -> Figure:
    """Read a figure at a sibling's precision: reports drop trailing zeros (10.1 for 10.10)."""
    return replace(fig, decimals=max(fig.decimals, decimals)) if fig.kind == "money" or fig.unit in ("万元", "") else fig


def _column_label(fact: Fact) -> str:
    return f"{fact.period or MEASURE_NAMES.get(fact.measure, fact.measure)}"


# -- rate.mismatch --------------------------------------------------------------

def _rate_finding(where: str, rate: Figure, num: Figure, den: Figure, num_name: str, den_name: str,
                  rate_loc: Location, num_loc: Location, den_loc: Location, integer_exact: bool = True) -> Finding | None:
    computed = ratio(of(num, integer_exact), of(den, integer_exact))
    if computed is None or of(rate).overlaps(computed):
        return None
    return finding("rate.mismatch", "error",
                   f"比率与数据不符：{where}{num_name}/{den_name} = {num.text}/{den.text} = {fmt(computed.mid, 1)}%，表中填报{rate.text}",
                   Evidence(rate.text, rate_loc), Evidence(num.text, num_loc), Evidence(den.text, den_loc))


@rule("rate.mismatch", "填报的比率不等于相应数据之比")
def rate_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    for sheet in ctx.sheets:
        for subject in ("fund_total", "fund_fiscal", "fund_carryover", "fund_other"):
            rate, num, den = (sheet.figure(subject, m) for m in ("execution_rate", "executed", "budget_full"))
            if rate is None or num is None or den is None or rate.kind != "percent":
                continue
            f = _rate_finding(f"{sheet.label}{_subject_name(subject)}：", rate, num, den, "全年执行数", "全年预算数",
                              rate.location, num.location, den.location)
            if f is not None:
                yield f
                break  # the 其中 row repeats the same figures
    staff = ctx.basic("staff_section", "control_rate") or ctx.basic("staff", "control_rate")
    subject = staff.subject if staff else None
    if staff is not None and subject is not None:
        rate, num, den = fact_figure(staff), fact_figure(ctx.basic(subject, "staff_actual")), fact_figure(ctx.basic(subject, "staffing_quota"))
        if rate is not None and num is not None and den is not None:
            f = _rate_finding("基础数据表 在职人员控制率：", rate, num, den, "实际在职人数", "编制数", rate.location, num.location, den.location)
            if f is not None:
                yield f
    yield from _narrative_shares(ctx)


def _subject_name(subject: str) -> str:
    entry = load_catalog().find(subject, "item")
    return entry.name if entry else subject


def _narrative_shares(ctx: CheckContext) -> Iterator[Finding]:
    """'人员经费111.65万元，占基本支出的87.47%': the share against the base named in the same paragraph."""
    for p, lfs in ctx.narrative:
        amounts = [lf for lf in lfs if lf.figure.kind == "money" and lf.figure.value is not None]
        for lf in lfs:
            if lf.figure.kind != "percent" or lf.of_figure is None or not lf.base:
                continue
            base = next((a for a in amounts if a is not lf.of_figure and _label_is(a.label, lf.base)), None)
            num = lf.of_figure.figure
            if base is None or num.value is None:
                continue
            d = max(num.decimals, base.figure.decimals)
            computed = ratio(of(with_decimals(num, d)), of(with_decimals(base.figure, d)))
            if computed is None or of(lf.figure).overlaps(computed):
                continue
            yield finding("rate.mismatch", "error",
                          f"比率与数据不符：{p.location.attachment or ''}“{lf.of_figure.label}{num.text}，占{lf.base}的{lf.figure.text}”，"
                          f"而{lf.base}为{base.figure.text}，{num.text}/{base.figure.text} = {fmt(computed.mid, 2)}%",
                          Evidence(lf.figure.text, p.location), Evidence(num.text, p.location), Evidence(base.figure.text, p.location))


def _label_is(label: str, base: str) -> bool:
    return bool(label) and (label.endswith(base) or base.endswith(label))


# -- sum.mismatch ---------------------------------------------------------------

@rule("sum.mismatch", "分项之和与合计数不符（金额、人数、项目数）")
def sum_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    yield from _narrative_sums(ctx)
    yield from _table_sums(ctx, ctx.basic_facts, "基础数据表")
    for sheet in ctx.sheets:
        yield from _table_sums(ctx, sheet.funds, f"{sheet.label}自评表")
    yield from _projects_vs_budget(ctx)


def _narrative_sums(ctx: CheckContext) -> Iterator[Finding]:
    for p, ps in ctx.part_sums:
        figs = [x.figure for x in ps.parts]
        if ps.total.figure.value is None or any(f.value is None for f in figs):
            continue
        exact_counts = ps.total.figure.kind == "count"
        d = max([ps.total.figure.decimals, *[f.decimals for f in figs]])
        tot = with_decimals(ps.total.figure, d)
        s = total([with_decimals(f, d) for f in figs], integer_exact=exact_counts)
        if of(tot, exact_counts).overlaps(s):
            continue
        parts = " + ".join(f.text for f in figs)
        yield finding("sum.mismatch", "error",
                      f"分项之和与合计不符：{p.location.attachment or ''}“{ps.total.label}{ps.total.figure.text}”，"
                      f"其中 {parts} = {fmt(s.mid)}{_unit(ps.total.figure)}，与{ps.total.figure.text}不符",
                      Evidence(ps.total.figure.text, p.location), *[Evidence(f.text, p.location) for f in figs])


def _unit(fig: Figure) -> str:
    return {"money": "万元", "count": fig.unit or ""}.get(fig.kind, fig.unit or "")


def _table_sums(ctx: CheckContext, facts: list[Fact], where: str) -> Iterator[Finding]:
    """Catalog compositions: 三公 = 车辆 + 出国 + 接待 (sum); 公用经费 ⊇ its 其中 rows (part)."""
    catalog = load_catalog()
    by_key = {(f.subject, f.measure): f for f in facts}
    measures = sorted({f.measure for f in facts if f.measure in MEASURE_NAMES and f.measure not in ("score", "weight")})
    for entry in catalog.items:
        if not entry.components:
            continue
        for m in measures:
            parent = by_key.get((entry.id, m))
            pfig = fact_figure(parent)
            if parent is None or pfig is None:
                continue
            kids = [by_key.get((c, m)) for c in entry.components]
            kfigs = [fact_figure(k) for k in kids if k is not None]
            kfigs = [k for k in kfigs if k is not None]
            if not kfigs or (entry.composition == "sum" and len(kfigs) < len(entry.components)):
                continue
            d = max([pfig.decimals, *[k.decimals for k in kfigs]])
            s = total([with_decimals(k, d) for k in kfigs], integer_exact=False)
            ptot = of(with_decimals(pfig, d))
            ok = s.overlaps(ptot) if entry.composition == "sum" else s.lo <= ptot.hi
            if ok:
                continue
            names = "；".join(k.label for k in kids if k is not None)
            relation = "之和" if entry.composition == "sum" else "之和超过合计"
            yield finding("sum.mismatch", "error",
                          f"分项{relation}：{where}“{parent.label}”{_column_label(parent)}为{pfig.text}，"
                          f"其分项（{names}）合计{fmt(s.mid)}",
                          Evidence(pfig.text, parent.location), *[Evidence(k.text, k.location) for k in kfigs])


def _projects_vs_budget(ctx: CheckContext) -> Iterator[Finding]:
    """The 项目 自评表 budgets against the 项目支出 line of the 基础数据表 (same year, same scope)."""
    sheets = ctx.project_sheets
    if len(sheets) < 2:
        return
    for sheet_measure, basic_measure, what in (("budget_initial", "budget_cur", "年初预算数"), ("executed", "final_cur", "全年执行数")):
        figs = [s.figure("fund_total", sheet_measure) for s in sheets]
        if any(f is None for f in figs):
            continue
        basic = ctx.basic("project_spending", basic_measure)
        bfig = fact_figure(basic)
        if basic is None or bfig is None:
            continue
        d = max([bfig.decimals, *[f.decimals for f in figs]])  # type: ignore[union-attr]
        s = total([with_decimals(f, d) for f in figs])  # type: ignore[arg-type]
        if s.overlaps(of(with_decimals(bfig, d))):
            continue
        yield finding("sum.mismatch", "warning",
                      f"项目自评表合计与基础数据表不符：{len(sheets)}张项目支出绩效自评表的{what}合计{fmt(s.mid)}万元"
                      f"（{' + '.join(f.text for f in figs)}），基础数据表“项目支出”{_column_label(basic)}为{money_text(bfig)}",  # type: ignore[union-attr]
                      Evidence(bfig.text, basic.location), *[Evidence(f.text, f.location) for f in figs])  # type: ignore[union-attr]


# -- spend.exceeds_income -------------------------------------------------------

INCOME_RE = re.compile(r"(收入合计|总收入|资金收入|收入总计|收入总额|预算总收入)$")
SPEND_RE = re.compile(r"(实际使用|实际支出|支出合计|支出总计|决算支出)$")


@rule("spend.exceeds_income", "支出超过收入或可用预算")
def spend_exceeds_income(ctx: CheckContext) -> Iterator[Finding]:
    by_att: dict[str | None, list[tuple[Location, LabelledFigure]]] = {}
    for p, lfs in ctx.narrative:
        for lf in lfs:
            if lf.figure.kind == "money" and lf.figure.value is not None:
                by_att.setdefault(p.location.attachment, []).append((p.location, lf))
    for att, items in by_att.items():
        incomes = [(loc, lf) for loc, lf in items if INCOME_RE.search(lf.label)]
        spends = [(loc, lf) for loc, lf in items if SPEND_RE.search(lf.label) and "预算" not in lf.label.replace("预算资金", "")]
        for (iloc, inc) in incomes[:1]:
            for (sloc, sp) in spends:
                if of(sp.figure).lo > of(inc.figure).hi:
                    yield finding("spend.exceeds_income", "error",
                                  f"支出超过收入：{att or ''}“{inc.label}{inc.figure.text}”，但“{sp.label}{sp.figure.text}”，"
                                  f"超出{fmt(sp.figure.value - inc.figure.value)}万元",
                                  Evidence(f"{inc.label}{inc.figure.text}", iloc), Evidence(f"{sp.label}{sp.figure.text}", sloc))
    for sheet in ctx.sheets:
        yield from _sheet_overspend(sheet)


def _sheet_overspend(sheet: SelfEvalSheet) -> Iterator[Finding]:
    spent, budget = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
    if spent is None or budget is None or not of(spent, True).lo > of(budget, True).hi:
        return
    yield finding("spend.exceeds_income", "error",
                  f"执行数超过预算数：{sheet.label}全年执行数{spent.text}，全年预算数{budget.text}",
                  Evidence(spent.text, spent.location), Evidence(budget.text, budget.location))
