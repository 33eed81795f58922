"""Self-scores against the indicator's own scoring rule, applied to the report's own data.

The rule is read from the row (checks.scoring), the value is computed from the
基础数据表 by the formulas in checks/formulas.toml, and a finding is raised only
when every legitimate reading (step rounding, step unit, base) disagrees with
the self-score.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from checks.context import CheckContext, SelfEvalSheet
from checks.registry import finding, rule
from checks.rules.common import number_text
from extract.understand.tablefacts import fact_figure
from checks.scoring import Proportional, Unparsed, parse_rule
from checks.tolerance import Interval, fmt, of, ratio
from extract.understand.scoretree import IndicatorRow, ScoreTable
from jixiao.model import Evidence, Fact, Finding


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


def _dept_rows(ctx: CheckContext) -> Iterator[tuple[ScoreTable, IndicatorRow]]:
    for st in ctx.score_tables:
        if st.kind == "indicator_scores":
            for r in st.rows:
                if r.rule_text and r.name:
                    yield st, r


@rule("score.rule_violation", "自评分与该指标评分标准按报告数据计算的得分不符")
def rule_violation(ctx: CheckContext) -> Iterator[Finding]:
    for st, row in _dept_rows(ctx):
        if row.indicator_id is None or row.score is None or row.score.value is None:
            continue
        parsed = parse_rule(row.rule_text, row.weight.value if row.weight else None)
        if isinstance(parsed, Unparsed):
            continue
        computed = compute(ctx, row.indicator_id)
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
        expected = fmt(allowed[0]) if allowed[0] == allowed[1] else f"{fmt(allowed[0])}～{fmt(allowed[1])}"
        base_note = "" if definitional else f"（指标说明按{_definition_text(row.indicator_id)}计算，报告未提供，此处按{c.base}计算）"
        others = "".join(f"；按{v[0].base}为{v[0].text}" for v in verdicts[1:])
        yield finding("score.rule_violation", severity,
                      f"自评分与评分标准不符：{row.name}（分值{row.weight.text if row.weight else '—'}）= {c.base} = {c.text}{others}{base_note}，"
                      f"按评分标准“{parsed.describe()}”应得{expected}分，自评{row.score.text}分",
                      Evidence(row.score.text, row.score_location or row.location), Evidence(row.rule_text, row.location.at(col=None)),
                      *[Evidence(f.text, f.location) for f in c.facts])
    yield from _execution_scores(ctx)


def _definition_text(indicator_id: str) -> str:
    for base in formulas()[indicator_id]["bases"]:
        if base.get("definition"):
            return base["text"]
    return "定义口径"


def _execution_scores(ctx: CheckContext) -> Iterator[Finding]:
    """自评表 预算执行 score = 执行率 × 分值, recomputed with the rate the table's own money gives.

    The table rarely prints this rule; it is inferred when another sheet of the
    same report scores exactly its written rate × weight below 100%.
    """
    sheets = ctx.sheets
    if not any(_proportional_evidence(s) for s in sheets):
        return
    for sheet in sheets:
        score, weight = sheet.figure("fund_total", "score"), sheet.figure("fund_total", "weight")
        spent, budget = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
        if None in (score, weight, spent, budget):
            continue
        r = ratio(of(spent, True), of(budget, True))  # type: ignore[arg-type]
        if r is None:
            continue
        expected = Interval(min(r.lo, 100) / 100 * weight.value, min(r.hi, 100) / 100 * weight.value)  # type: ignore[union-attr]
        unit = 10 ** -score.decimals  # type: ignore[union-attr]
        if Interval(score.value - unit, score.value + unit).overlaps(expected):  # type: ignore[union-attr]
            continue  # within rounding or truncation of the last written digit (85.55% × 10 written 8.5)
        yield finding("score.rule_violation", "warning",
                      f"预算执行得分与执行率不符：{sheet.label}全年执行数/全年预算数 = {spent.text}/{budget.text} = {fmt(r.mid, 1)}%，"  # type: ignore[union-attr]
                      f"按执行率×分值（{weight.text}）应得{fmt(expected.mid, 2)}分，表中得分{score.text}",  # type: ignore[union-attr]
                      Evidence(score.text, score.location), Evidence(spent.text, spent.location), Evidence(budget.text, budget.location))  # type: ignore[union-attr]


def _proportional_evidence(sheet: SelfEvalSheet) -> bool:
    rate, score, weight = (sheet.figure("fund_total", m) for m in ("execution_rate", "score", "weight"))
    if rate is None or score is None or weight is None or rate.value is None or rate.value >= 100:
        return False
    return of(score).overlaps(of(rate).scale(weight.value / 100))  # type: ignore[operator]


@rule("score.over_max", "得分超过分值，分项分值或得分超过上级指标分值，或分值合计与总分不符")
def rule_awards_over_weight(ctx: CheckContext) -> Iterator[Finding]:
    """A scoring rule that can award more than the row's weight (三公经费变动率 weighted 2分, rule says 计5分)."""
    for st, row in _dept_rows(ctx):
        if row.weight is None or row.weight.value is None:
            continue
        parsed = parse_rule(row.rule_text, row.weight.value)
        if isinstance(parsed, Unparsed) or isinstance(parsed, Proportional):
            continue
        best = parsed.max_award()
        if best is None or best <= row.weight.value + 1e-9:
            continue
        yield finding("score.over_max", "error",
                      f"评分标准超过分值：{row.name}分值{row.weight.text}，但评分标准“{row.rule_text}”最高可得{fmt(best)}分",
                      Evidence(row.rule_text, row.location.at(col=None)), Evidence(row.weight.text, row.weight_location or row.location))


@rule("score.rule_unparsed", "无法解读的评分标准（该指标的自评分未复算）")
def rule_unparsed(ctx: CheckContext) -> Iterator[Finding]:
    for st, row in _dept_rows(ctx):
        if row.indicator_id is None or row.score is None:
            continue
        parsed = parse_rule(row.rule_text, row.weight.value if row.weight else None)
        if isinstance(parsed, Unparsed):
            yield finding("score.rule_unparsed", "info",
                          f"无法按评分标准复算“{row.name}”的自评分：{parsed.reason}（评分标准：“{row.rule_text[:60]}”）",
                          Evidence(row.rule_text[:80], row.location.at(col=None)))
