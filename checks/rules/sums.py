"""sum.mismatch: a total against its own parts, at the precision the report wrote."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import finest_half, fmt, of, total
from jixiao.model import Finding, Statement

from .common import evidence, money_text, number_text, place, shown, table_column

if TYPE_CHECKING:
    from extract.understand.report import Report

RULE = "sum.mismatch"
CLOSED = Message("sum.closed", "分项之和与合计不符：{where}“{total_label}{total}”，其中{parts} = {sum}{unit}，与{total}不符")
EXCEEDS = Message("sum.exceeds", "分项之和超过合计：{where}“{total_label}{total}”，所列分项{parts} = {sum}{unit}，超过合计")
ROW = Message("sum.row", "分项之和与合计不符：{where}“{total_label}”各列与其分项不符：{columns}", joiner="；")
PROJECTS = Message("sum.projects",
                   "项目自评表合计与基础数据表不符：{n}张项目支出绩效自评表的{column}合计{sum}万元（{parts}），基础数据表“项目支出”{basic_column}为{basic}")


@rule(RULE, "分项之和与合计数不符（金额、人数、项目数）")
def sum_mismatch(r: "Report") -> Iterator[Finding]:
    """Parts that do not add up to their total.

    What it flags: a total the report states together with its parts — in a
    sentence (其中…, 包括…, 用于…, brackets, numbered paragraphs), in a table
    (the 合计 row over a flat list of rows, in any table, a catalog composition
    such as 三公经费 = 公务用车 + 出国 + 接待, 年度资金总额 over its 其中 rows), or
    numbered paragraphs under a sentence that refers to a total above
    ("上述资金分2个项目实施：") — when the parts do
    not add up.  Each total is checked against its own parts only, never
    against its grand-children, and at the precision the report wrote: a
    figure stands for ± half a unit of its last written digit, and a list is
    read at the finest precision among its figures (10.1 beside 13.46 is 10.10).
    A list that names every part must add up exactly; a list that names only
    some (其中 with one part, a list ending in 等, 主要…) must not exceed the
    total.

    Why it matters: a total that is not the sum of its parts means one of the
    figures is wrong, and a reviewer cannot tell which without the ledger.

    Example: 「基本支出2956.36万元，其中：工资福利支出2424.00万元，商品和服务支出
    432.65万元，对个人和家庭的补助93.12万元，其他资本性支出6.5万元」 — the parts
    add to 2956.27.

    Severity: error.  Also: the 年初预算数 of all 项目支出绩效自评表 against the
    基础数据表's 项目支出 (warning: a project may be funded outside it).

    Options: none beyond --select/--ignore.
    """
    rows: dict[tuple, list[Finding]] = {}
    for st in r.statements:
        if not st.children:
            continue
        f = _check_tree(st)
        if f is None:
            continue
        if st.source == "table":
            # One finding per table row: the columns of one total row fail together.
            rows.setdefault((st.location.table, st.location.row), []).append(f)
        else:
            yield f
    for fs in rows.values():
        yield fs[0] if len(fs) == 1 else _row_finding(fs)
    yield from _projects_vs_budget(r)
    yield from _year_balance(r)
    yield from _budget_adjustments(r)


BALANCE = Message("sum.balance", "收支不平衡：{where}“收入合计{income}”（含{carry_in}），而支出合计{spent} + {carry_out_label}{carry_out} = {sum}万元，与收入合计不符")
GRAND = Message("sum.balance", "收支不平衡：{where}“{label}{total}”，而支出合计{spent} + {carry_out_label}{carry_out} = {sum}万元，与{label}不符")


def _year_balance(r: "Report") -> Iterator[Finding]:
    """The year's balance in the text: what came in with last year's carry-over = 支出合计 + 年末结转结余.

    What came in is either an income total naming the carry-over from last
    year among its parts, or the grand total (收入总计/支出总计, "收、支总计均为…",
    catalog item grand_total).  Only when each side is stated once for the
    year evaluated; a warning, since a 决算 may also carry 结余分配 or
    用事业基金弥补收支差额 that the sentences leave out.
    """
    from extract.understand.lexicon import load_lexicon

    lex = load_lexicon()
    texts = [s for s in r.narrative_statements if s.figure.kind == "money" and s.figure.value is not None
             and s.period in (None, r.year)]
    # The unit's own totals only: "财政拨款收、支总计" is the balance of one source of funds.
    incomes = [s for s in texts if s.role == "income" and s.total and s.parent is None and s.measure in ("", "grand_total")
               and any(any(w in k.label for w in lex.carryover_in) for k in s.children)]
    grand = [s for s in texts if s.measure == "grand_total" and s.total and s.parent is None]
    spent = [s for s in texts if s.measure == "total_spending" and s.role == "actual" and s.total]
    out = [s for s in texts if s.role == "balance" and any(s.label.startswith(w) for w in lex.carryover_out)]
    if len({s.figure.value for s in spent}) != 1 or len({s.figure.value for s in out}) != 1:
        return
    if len(incomes) == 1:
        whole = incomes[0]
    elif not incomes and len({s.figure.value for s in grand}) == 1:
        whole = grand[0]
    else:
        return
    spend, carry = spent[0], out[0]
    figs = [whole.figure, spend.figure, carry.figure]
    half = finest_half(figs) if len({f.scale for f in figs}) == 1 else None
    parts = total([spend.figure, carry.figure], integer_exact=False, half=half)
    if parts.overlaps(of(whole.figure, half=half)):
        return
    ev = [evidence(whole, "total"), evidence(spend, "part"), evidence(carry, "part")]
    common = dict(where=place(whole.location), spent=spend.figure.text, carry_out_label=carry.label,
                  carry_out=carry.figure.text, sum=fmt(parts.mid, 4))
    if not incomes:
        label = "收、支总计" if whole.label == "收支" else f"{whole.label}总计"
        yield report(RULE, "warning", GRAND, ev, label=label, total=whole.figure.text, **common)
        return
    k = next(k for k in whole.children if any(w in k.label for w in lex.carryover_in))
    prev = "上年" if r.year is not None and k.period == r.year - 1 and not k.label.startswith("上年") else ""
    yield report(RULE, "warning", BALANCE, ev, income=whole.figure.text, carry_in=f"{prev}{k.label}{k.figure.text}",
                 **common)


ADJUSTED = Message("sum.adjusted", "预算调整前后不符：{where}“{initial_label}{initial}”{steps}，应为{sum}万元，而“{adjusted_label}{adjusted}”")


def _budget_adjustments(r: "Report") -> Iterator[Finding]:
    """调整后预算 = 年初预算 + 追加 − 调减, within one paragraph.

    Only when the paragraph states an initial budget, then nothing but
    adjustments (each named by a word of lexicon [balance] adjust_up /
    adjust_down), then the adjusted budget, all of one measure.  A warning:
    a 全年预算 may also take in last year's carry-over without saying so.
    """
    from extract.understand.lexicon import load_lexicon

    lex = load_lexicon()
    by_para: dict = {}
    for s in r.narrative_statements:
        if s.figure.kind == "money" and s.figure.value is not None and s.parent is None:
            by_para.setdefault(s.location, []).append(s)
    for stmts in by_para.values():
        for i, start in enumerate(stmts):
            if start.role != "budget_initial":
                continue
            steps: list[tuple[int, Statement]] = []
            for s in stmts[i + 1:]:
                sign = _adjust_sign(s.label, lex) if s.role == "change" else 0
                if sign:
                    steps.append((sign, s))
                    continue
                if s.role == "budget_adjusted" and steps and s.measure == start.measure:
                    f = _adjustment_finding(start, steps, s)
                    if f is not None:
                        yield f
                break


def _adjust_sign(label: str, lex) -> int:
    down = any(w in label for w in lex.adjust_down)
    up = any(w in label for w in lex.adjust_up)
    return 0 if up == down else (1 if up else -1)


def _adjustment_finding(start: Statement, steps: list[tuple[int, Statement]], end: Statement) -> Finding | None:
    figs = [start.figure, end.figure] + [s.figure for _, s in steps]
    half = finest_half(figs) if len({f.scale for f in figs}) == 1 else None
    expected = of(start.figure, half=half)
    for sign, s in steps:
        step = of(s.figure, half=half)
        expected = expected + step if sign > 0 else expected - step
    if expected.overlaps(of(end.figure, half=half)):
        return None
    text = "".join(f"{'+' if sign > 0 else '−'}“{s.label}{s.figure.text}”" for sign, s in steps)
    ev = [evidence(start, "part")] + [evidence(s, "part") for _, s in steps] + [evidence(end, "total")]
    return report(RULE, "warning", ADJUSTED, ev, where=place(end.location), initial_label=start.label,
                  initial=start.figure.text, steps=text, sum=fmt(expected.mid, 4), adjusted_label=end.label,
                  adjusted=end.figure.text)


def _row_finding(fs: list[Finding]) -> Finding:
    """Several columns of one total row that do not add up, as one finding."""
    first = fs[0].arg
    cols = tuple(f"{a['column']}{a['total']}（其中{'、'.join(a['parts'])}，合计{a['sum']}{a['unit']}）"
                 for a in (f.arg for f in fs))
    evidence = [e for f in fs for e in f.evidence]
    return report(RULE, "error", ROW, evidence, where=first["where"], total_label=first["total_label"], columns=cols,
                  totals=tuple(f.arg["total"] for f in fs), sums=tuple(f.arg["sum"] for f in fs))


def _check_tree(parent: Statement) -> Finding | None:
    kids = [k for k in parent.children if k.figure.value is not None]
    if parent.figure.value is None or len(kids) != len(parent.children) or not kids:
        return None
    figs = [parent.figure] + [k.figure for k in kids]
    # Reports drop trailing zeros, so a list is read at its finest precision — among figures written in one unit
    # (a 元 figure beside its 万元 rounding does not make the 万元 figure exact).
    scales = {f.scale for f in figs}
    half = finest_half(figs) if len(scales) == 1 else None
    whole = of(parent.figure, integer_exact=True, half=half) if parent.figure.kind != "money" else of(parent.figure, half=half)
    parts = total([k.figure for k in kids], integer_exact=parent.figure.kind != "money", half=half)
    if parent.closed is True:
        if parts.overlaps(whole):
            return None
        message = CLOSED
    else:
        if parts.lo <= whole.hi or abs(parts.lo - whole.hi) < 1e-9:
            return None
        message = EXCEEDS
    unit = "万元" if parent.figure.kind == "money" else (parent.figure.unit or "")
    ev = [evidence(parent, "total")] + [evidence(k, "part") for k in kids]
    return report(
        RULE, "error", message, ev,
        where=place(parent.location) + ("" if parent.source == "text" else " "),
        total_label=parent.label, total=_written(parent),
        parts=tuple(_part(k) for k in kids), sum=fmt(parts.mid, 4 if parent.figure.kind == "money" else 2),
        unit=unit, closed_why=parent.closed_why, column=table_column(parent),
    )


def _written(st: Statement) -> str:
    return money_text(st.figure) if st.source == "table" else st.figure.text


def _part(st: Statement) -> str:
    return f"{st.label}{number_text(st.figure)}" if st.source == "table" and st.label else st.figure.text


def _projects_vs_budget(r: "Report") -> Iterator[Finding]:
    """The 项目 自评表 budgets against the 项目支出 line of the 基础数据表 (same year, same scope)."""
    from extract.understand.tablefacts import fact_figure

    sheets = r.project_sheets
    if len(sheets) < 2:
        return
    for sheet_measure, basic_measure, column in (("budget_initial", "budget_cur", "年初预算数"), ("executed", "final_cur", "全年执行数")):
        figs = [s.figure("fund_total", sheet_measure) for s in sheets]
        if any(f is None for f in figs):
            continue
        basic = r.basic("project_spending", basic_measure)
        bfig = fact_figure(basic)
        if basic is None or bfig is None:
            continue
        half = finest_half([bfig, *figs])  # type: ignore[list-item]
        s = total(figs, half=half)  # type: ignore[arg-type]
        if s.overlaps(of(bfig, half=half)):
            continue
        from jixiao.model import Evidence

        yield report(RULE, "warning", PROJECTS,
                     [Evidence(bfig.text, basic.location, "total")] + [Evidence(f.text, f.location, "part") for f in figs],  # type: ignore[union-attr]
                     n=len(sheets), column=column, sum=fmt(s.mid), parts=tuple(f.text for f in figs),  # type: ignore[union-attr]
                     basic_column=basic.period or column, basic=money_text(bfig))
