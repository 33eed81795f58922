"""Self-scores against the indicator's own scoring rule, applied to the report's own data.

The rule is read from the row (checks.scoring), the value is computed from the
基础数据表 by the formulas in checks/formulas.toml, and a finding is raised only
when every legitimate reading (step rounding, step unit, base) disagrees with
the self-score.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterator

from checks.context import CheckContext, SelfEvalSheet
from checks.registry import Message, report, rule
from checks.rules.common import number_text
from extract.understand.tablefacts import fact_figure
from checks.scoring import Proportional, Unparsed, parse_rule
from checks.tolerance import Interval, fmt, of, ratio
from extract.understand.scoretree import IndicatorRow, ScoreTable
from jixiao.model import Evidence, Fact, Figure, Finding, Location


@lru_cache(maxsize=1)
def formulas() -> dict[str, dict]:
    return tomllib.loads(resources.files("checks").joinpath("formulas.toml").read_text(encoding="utf-8"))


@dataclass
class Computed:
    value: Interval
    text: str  # "9.53/8.5 = 112.12%"
    base: str  # "公用经费决算数/预算数"
    definition: bool
    facts: list[Fact]
    stated: list[Evidence] = field(default_factory=list)  # the sentence that states the value, when read from text


def _fact(ctx: CheckContext, ref: str) -> Fact | None:
    subject, measure = ref.split(".")
    return ctx.basic(subject, measure)


def compute(ctx: CheckContext, indicator_id: str) -> list[Computed]:
    """Every value of the indicator the report's data allows, one per available base."""
    spec = formulas().get(indicator_id)
    if spec is None:
        return []
    out: list[Computed] = []
    for base in spec["bases"]:
        if spec["kind"] == "ratio":
            num, den = _fact(ctx, base["num"]), _fact(ctx, base["den"])
            nf, df = fact_figure(num), fact_figure(den)
            if nf is None or df is None:
                continue
            r = ratio(of(nf, True), of(df, True))
            if r is None:
                continue
            point = nf.value / df.value * 100 if df.value else r.mid  # type: ignore[operator]
            out.append(Computed(r, f"{number_text(nf)}/{number_text(df)} = {fmt(point, 2)}%", base["text"], base.get("definition", False), [num, den]))  # type: ignore[list-item]
        else:
            cur, prev = _fact(ctx, base["cur"]), _fact(ctx, base["prev"])
            cf, pf = fact_figure(cur), fact_figure(prev)
            if cf is None or pf is None:
                continue
            r = ratio(of(cf, True) - of(pf, True), of(pf, True))
            if r is None:
                continue
            point = (cf.value - pf.value) / pf.value * 100 if pf.value else r.mid  # type: ignore[operator]
            out.append(Computed(r, f"({number_text(cf)}-{number_text(pf)})/{number_text(pf)} = {fmt(point, 2)}%", base["text"], base.get("definition", False), [cur, prev]))  # type: ignore[list-item]
    return out


def stated_value(ctx: CheckContext, row: IndicatorRow) -> list[Computed]:
    """The indicator's value as the report's own text states it ("预算执行率为95.16%"), when no table gives its data.

    Only a sentence outside the score tables whose rate is labelled with the
    row's own indicator name, for the year evaluated, and stated once (two
    different values leave it unknown).
    """
    name = _bare(row.name)
    if len(name) < 4 or not name.endswith("率"):
        return []
    score_tables = {st.table.location.table for st in ctx.score_tables}
    found = [s for s in ctx.narrative_statements
             if s.role == "rate" and s.figure.kind == "percent" and s.figure.value is not None
             and _bare(s.label).endswith(name) and (s.period is None or s.period == ctx.year)
             and not (s.location.table is not None and s.location.table in score_tables)]
    values = {s.figure.value for s in found}
    if len(values) != 1:
        return []
    s = found[0]
    out = [Computed(of(s.figure), s.figure.text, f"报告所述{row.name}", True, [],
                    [Evidence(s.figure.text, s.location, "data", s.figure.span)])]
    # The amounts the sentence divides are another legitimate reading (the rate itself may be the typo).
    from extract.understand.lexicon import load_lexicon

    rd = load_lexicon().rate_for(s.label)
    same = [t for t in ctx.narrative_statements if t.location == s.location and t.sentence == s.sentence
            and t.figure.kind == "money" and t.figure.value is not None]
    num = next((t for role in (rd.numerator if rd else ()) for t in same if t.role == role), None)
    den = next((t for role in (rd.denominator if rd else ()) for t in same if t.role == role), None)
    if num is not None and den is not None:
        r = ratio(of(num.figure, True), of(den.figure, True))
        if r is not None:
            out.append(Computed(r, f"{number_text(num.figure)}/{number_text(den.figure)} = {fmt(r.mid, 2)}%",
                                f"{num.label}/{den.label}", True, [],
                                [Evidence(num.figure.text, num.location, "data", num.figure.span),
                                 Evidence(den.figure.text, den.location, "data", den.figure.span)]))
    return out


def _bare(label: str) -> str:
    return "".join(ch for ch in label if ch not in " “”\"'‘’「」")


def _dept_rows(ctx: CheckContext) -> Iterator[tuple[ScoreTable, IndicatorRow]]:
    for st in ctx.score_tables:
        if st.kind == "indicator_scores":
            for r in st.rows:
                if r.rule_text and r.name:
                    yield st, r


RULE = "score.rule_violation"
FORMULA = Message("rule.formula", "自评分与评分标准不符：{item}（分值{weight}）= {base} = {computed}{others}{base_note}，按评分标准“{rule}”应得{expected}分，自评{score}分")
EXECUTION = Message("rule.execution", "预算执行得分与执行率不符：{sheet}全年执行数/全年预算数 = {spent}/{budget} = {rate}%{stated_rate}，按{basis}（{weight}）应得{expected}分，表中得分{score}")
NOTE_WEIGHTS = Message("rule.note_weights", "一级指标分值与表注规定不符：{sheet}表注规定{declared}，表中为{actual}", joiner="、")
MET_DEDUCTED = Message("rule.met_deducted", "完成目标却扣分且未说明原因：{sheet}「{item}」年度指标值{target}，实际完成值{actual}，分值{weight}，得分{score}，偏差原因栏为空")
MISSED_FULL = Message("rule.missed_full", "未完成目标却得满分：{sheet}「{item}」年度指标值{target}，实际完成值{actual}，得分{score}（满分{weight}）")


@rule(RULE, "自评分与该指标评分标准按报告数据计算的得分不符")
def rule_violation(r: CheckContext) -> Iterator[Finding]:
    """A self-score that the indicator's own scoring rule, applied to the report's own data, does not give.

    What it flags:
    - a 部门 指标评分表 row whose 评分标准 (parsed into a rule: thresholds,
      step deductions, bands, proportional) gives another score for the value
      the report's 基础数据表 yields (formulas in checks/formulas.toml);
    - a 自评表's 预算执行 score that is not 执行率 × 分值 (capped at 分值), with
      the rate recomputed from the form's own money (its 其中 rows when the
      total row is empty);
    - 一级指标 weights that differ from those the form's own note fixes
      ("注：一级指标分值统一设置为：产出指标50分、效益指标30分…");
    - an indicator whose 实际完成值 meets its 年度指标值 yet loses points with
      no 偏差原因, and one that misses its target yet keeps full points.

    Why it matters: a self-score is only credible if the rule the form states
    gives it; otherwise the total and the grade are inflated or arbitrary.

    Example: 公用经费控制率 9.53 / 8.5 = 112.1%, rule "每超出1%扣1分" gives 0 of
    3, self-scored 3.

    Severity: error when the rule is written in the document (评分标准, 表注);
    warning when only the national default applies (预算执行 score without a
    note), when a reading of the rule is ambiguous, or for target/score
    mismatches.  Options: none beyond --select/--ignore.
    """
    yield from _formula_rows(r)
    yield from _execution_scores(r)
    yield from _note_weights(r)
    yield from _targets_and_scores(r)


def _formula_rows(ctx: CheckContext) -> Iterator[Finding]:
    for st, row in _dept_rows(ctx):
        if row.indicator_id is None or row.score is None or row.score.value is None:
            continue
        if row.weight is not None and row.weight.value is not None and of(row.score, True).lo > of(row.weight, True).hi:
            continue  # above its 分值: score.over_max says so
        parsed = parse_rule(row.rule_text, row.weight.value if row.weight else None)
        if isinstance(parsed, Unparsed):
            continue
        if isinstance(parsed, Proportional) and parsed.weight is not None and row.weight is not None \
                and row.weight.value is not None and parsed.weight > row.weight.value + 1e-9:
            continue  # the rule awards more than the row's 分值: score.over_max says so, the score cannot be judged by it
        computed = compute(ctx, row.indicator_id) or stated_value(ctx, row)
        if not computed:
            continue
        verdicts = []
        for c in computed:
            lo_rng, hi_rng = parsed.evaluate(c.value.lo), parsed.evaluate(c.value.hi)
            if lo_rng is None or hi_rng is None:
                verdicts = []
                break
            allowed = (min(lo_rng.lo, hi_rng.lo), max(lo_rng.hi, hi_rng.hi))
            cap = row.weight.value if row.weight and row.weight.value is not None else allowed[1]
            allowed = (min(allowed[0], cap), min(allowed[1], cap))
            ok = allowed[0] - 0.005 <= row.score.value <= allowed[1] + 0.005
            # "每超出1%" read as points or as relative percent only differs away from a 0 or 100% threshold.
            threshold = getattr(parsed, "threshold", None)
            ambiguous = (lo_rng.ambiguous_step_unit or hi_rng.ambiguous_step_unit) and threshold not in (0, 100)
            verdicts.append((c, allowed, ok, ambiguous))
        if not verdicts or any(ok for _, _, ok, _ in verdicts):
            continue  # some legitimate reading gives the self-score
        c, allowed, _, ambiguous = verdicts[0]
        definitional = any(v[0].definition for v in verdicts)
        severity = "error" if definitional and not ambiguous else "warning"
        expected = fmt(allowed[0]) if fmt(allowed[0]) == fmt(allowed[1]) else f"{fmt(allowed[0])}～{fmt(allowed[1])}"
        base_note = "" if definitional else f"（指标说明按{_definition_text(row.indicator_id)}计算，报告未提供，此处按{c.base}计算）"
        others = "".join(f"；按{v[0].base}为{v[0].text}" for v in verdicts[1:])
        yield report(RULE, severity, FORMULA,
                     [Evidence(row.score.text, row.score_location or row.location, "score"),
                      Evidence(row.rule_text, row.location.at(col=None), "rule"),
                      *[Evidence(f.text, f.location, "data") for f in c.facts], *c.stated],
                     item=row.name, weight=row.weight.text if row.weight else "—", base=c.base, computed=c.text,
                     others=others, base_note=base_note, rule=parsed.describe(), expected=expected, score=row.score.text)


def _definition_text(indicator_id: str) -> str:
    for base in formulas()[indicator_id]["bases"]:
        if base.get("definition"):
            return base["text"]
    return "定义口径"


_RATE_RULE_NOTE = ("执行率×分值", "执行率*分值", "执行率×权重", "执行率*权重", "按执行率", "执行率乘以", "×分值", "*分值")


def _money(form: SelfEvalSheet, role: str) -> tuple[Figure | None, list[Figure]]:
    """The total row's amount in a column, or — when the total row is empty or zero — the sum of its 其中 rows."""
    total_row = form.fund_total
    fig = total_row.figure(role) if total_row else None
    if fig is not None and fig.value:
        return fig, [fig]
    parts = [p.figure(role) for p in form.fund_parts]
    parts = [p for p in parts if p is not None and p.value is not None and p.kind != "percent"]
    if not parts:
        return fig, [fig] if fig is not None else []
    s = sum(p.value for p in parts)  # type: ignore[misc]
    return Figure(kind="money", value=s, text=fmt(s, 4), unit="万元", decimals=max(p.decimals for p in parts),
                  location=parts[0].location), parts


def _execution_scores(ctx: CheckContext) -> Iterator[Finding]:
    """自评表 预算执行 score = min(执行率, 100%) × 分值, recomputed with the rate the form's own money gives."""
    note_says = any(any(w in "".join(n.text.split()) for w in _RATE_RULE_NOTE) for f in ctx.forms for n in f.notes)
    for form in ctx.forms:
        total_row = form.fund_total
        pts = total_row.points() if total_row is not None else None
        if pts is None:
            continue
        weight, score = pts
        if of(score, True).lo > of(weight, True).hi:
            continue  # above its 分值: score.over_max says so
        spent, spent_figs = _money(form, "executed")
        budget, budget_figs = _money(form, "budget_full")
        if budget is None or not budget.value:
            budget, budget_figs = _money(form, "budget_initial")
        if spent is None or budget is None:
            continue
        r = ratio(of(spent, True), of(budget, True))
        if r is None:
            continue
        expected = Interval(min(r.lo, 100) / 100 * weight.value, min(r.hi, 100) / 100 * weight.value)  # type: ignore[operator]
        unit = 10 ** -score.decimals
        # Written at its last digit the score may be rounded (± half a unit) or truncated (up to a unit below):
        # 85.55% × 10 = 8.555 written 8.5 holds; 93.02% × 10 = 9.30 written 10 does not.
        if expected.lo - unit < score.value <= expected.hi + unit / 2 + 1e-9:  # type: ignore[operator]
            continue
        own_note = any(any(w in "".join(n.text.split()) for w in _RATE_RULE_NOTE) for n in form.notes)
        yield report(RULE, "error" if own_note or note_says else "warning", EXECUTION,
                     [Evidence(score.text, score.location, "score")] + [Evidence(f.text, f.location, "spent") for f in spent_figs]
                     + [Evidence(f.text, f.location, "budget") for f in budget_figs],
                     subject="sheet", sheet=form.label, spent=spent.text, budget=budget.text, rate=fmt(r.mid, 1),
                     stated_rate=f"（表中执行率{stated.text}）" if (stated := total_row.figure("execution_rate")) is not None else "",
                     basis="表注规定的执行率×分值" if own_note or note_says else "执行率×分值", weight=weight.text,
                     expected=fmt(expected.mid, 2), score=score.text)


def _note_weights(ctx: CheckContext) -> Iterator[Finding]:
    """The level-1 weights a form's note fixes, against the weights the form uses."""
    from extract.understand.forms import level_key

    for form in ctx.forms:
        declared = form.declared_weights
        if not declared:
            continue
        actual: dict[str, tuple[Figure, str, Location]] = {}
        if form.scores is not None:
            for g in form.scores.level1:
                if g.weight is not None and g.weight.value is not None:
                    actual.setdefault(level_key(g.name or g.label), (g.weight, g.label, g.location))
        fund_w = form.fund_total.figure("weight") if form.fund_total else None
        if fund_w is not None and fund_w.kind != "percent":
            actual.setdefault("预算执行", (fund_w, "预算执行", fund_w.location))
        wrong = [(k, declared[k], actual[k]) for k in declared if k in actual
                 and not of(declared[k][0], True).overlaps(of(actual[k][0], True))]
        if not wrong:
            continue
        note_loc = next(iter(declared.values()))[2]
        yield report(RULE, "error", NOTE_WEIGHTS,
                     [Evidence(form.notes[0].text[:120], note_loc, "rule")] + [Evidence(a[1], a[2], "weight") for _, _, a in wrong],
                     subject="sheet", sheet=f"{form.label}自评表",
                     declared=tuple(f"{d[1]}{d[0].text}" for _, d, _ in wrong),
                     actual=tuple(f"{a[1].replace(chr(10), '')}（{fmt(a[0].value or 0)}分）" if a[0].text not in a[1] else a[1]
                                  for _, _, a in wrong))


def _targets_and_scores(ctx: CheckContext) -> Iterator[Finding]:
    """An indicator that meets its target but loses points unexplained, or misses it and keeps full points."""
    from extract.understand.targets import compare_target

    for form in ctx.forms:
        st = form.scores
        if st is None:
            continue
        for row in st.rows:
            if row.score is None or row.weight is None or row.score.value is None or row.weight.value is None:
                continue
            verdict = compare_target(row.target, row.actual, row.indicator_id, row.name)
            if verdict is None:
                continue
            full = of(row.score, True).overlaps(of(row.weight, True))
            if verdict == "met" and not full and row.score.value < row.weight.value and not row.reason.strip():
                yield report(RULE, "warning", MET_DEDUCTED,
                             [Evidence(row.score.text, row.score_location or row.location, "score"),
                              Evidence(row.actual, row.actual_location or row.location, "actual"),
                              Evidence(row.target, row.target_location or row.location, "target")],
                             subject="sheet", sheet=f"{form.label}自评表", item=row.name or "（未命名指标）",
                             target=row.target.strip(), actual=row.actual.strip(), weight=row.weight.text, score=row.score.text)
            elif verdict == "missed" and full:
                yield report(RULE, "warning", MISSED_FULL,
                             [Evidence(row.score.text, row.score_location or row.location, "score"),
                              Evidence(row.actual, row.actual_location or row.location, "actual"),
                              Evidence(row.target, row.target_location or row.location, "target")],
                             subject="sheet", sheet=f"{form.label}自评表", item=row.name or "（未命名指标）",
                             target=row.target.strip(), actual=row.actual.strip(), weight=row.weight.text, score=row.score.text)


@rule("score.rule_unparsed", "无法解读的评分标准（该指标的自评分未复算）", severity="info")
def rule_unparsed(ctx: CheckContext) -> Iterator[Finding]:
    """A scoring rule (评分标准) the parser cannot read, so that self-score was not recomputed.

    What it flags: a 指标评分表 row with a 评分标准 text none of the known rule
    patterns (thresholds, step deductions, bands, proportional, checklists)
    reads.  Info only: it says where the checker went blind.

    Example: 「根据实际情况酌情打分」.  Severity: info.
    """
    for st, row in _dept_rows(ctx):
        if row.indicator_id is None or row.score is None:
            continue
        parsed = parse_rule(row.rule_text, row.weight.value if row.weight else None)
        if isinstance(parsed, Unparsed):
            yield report("score.rule_unparsed", "info", UNPARSED, [Evidence(row.rule_text[:80], row.location.at(col=None), "rule")],
                         item=row.name, reason=parsed.reason, rule_text=row.rule_text[:60])


UNPARSED = Message("rule.unparsed", "无法按评分标准复算“{item}”的自评分：{reason}（评分标准：“{rule_text}”）")
