"""Score arithmetic: totals across attachments, item sums, weights and caps, grades."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Iterator

from checks.context import CheckContext
from checks.registry import finding, rule
from checks.tolerance import consistent, fmt, of, total
from extract.understand.mapping import map_header
from extract.understand.scoretree import Group, IndicatorRow, ScoreTable
from jixiao.model import Evidence, Figure, Finding, Location

TOTAL_LABELS = ("实得", "得分", "自评得分", "自评分", "总得分", "综合得分", "评价得分", "自评总分")


def _ev(fig: Figure, loc: Location | None = None) -> Evidence:
    return Evidence(fig.text, loc or fig.location)


def _where(st: ScoreTable) -> str:
    return st.table.location.label()


def _sheet_name(ctx: CheckContext, st: ScoreTable) -> str:
    sheet = ctx.sheet_of(st.table)
    return f"{sheet.label}自评表" if sheet and sheet.name else _where(st)


# -- score.total_mismatch -------------------------------------------------------

def total_statements(ctx: CheckContext) -> list[tuple[str, Figure, Location]]:
    """Every place that states the document's total score: narrative 实得N分 and 整体 table totals."""
    out: list[tuple[str, Figure, Location]] = []
    for p, lfs in ctx.narrative:
        for lf in lfs:
            if lf.figure.kind == "score" and any(lf.label.endswith(t) for t in TOTAL_LABELS):
                out.append((f"{p.location.attachment or ''} {lf.label}{lf.figure.text}".strip(), lf.figure, p.location))
    for st in ctx.score_tables:
        whole = st.kind == "overall_self_eval" or (st.kind == "indicator_scores" and st.framework == "dept")
        if whole and st.total_score is not None and st.total_score.value is not None:
            loc = st.total_location or st.table.location
            out.append((f"{loc.attachment or ''} 表{st.table.location.table}总分{st.total_score.text}".strip(), st.total_score, loc))
    return out


@rule("score.total_mismatch", "总分在不同附件、表格或文字中不一致")
def total_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    stated = total_statements(ctx)
    distinct: list[tuple[str, Figure, Location]] = []
    for s in stated:
        if not any(of(s[1], True).overlaps(of(d[1], True)) for d in distinct):
            distinct.append(s)
    if len(distinct) > 1:
        parts = "，".join(desc for desc, _, _ in stated)
        yield finding("score.total_mismatch", "error", f"总分不一致：{parts}",
                      *[Evidence(f.text if "分" in f.text else f"{f.text}分", loc) for _, f, loc in stated])


# -- score.grade_mismatch -------------------------------------------------------

@lru_cache(maxsize=1)
def grade_bands() -> list[tuple[tuple[str, ...], float, bool, float, bool]]:
    data = tomllib.loads(resources.files("checks").joinpath("grades.toml").read_text(encoding="utf-8"))
    return [(tuple([b["grade"], *b.get("alt_labels", [])]), b["min"], b["min_inclusive"], b["max"], b["max_inclusive"]) for b in data["bands"]]


def band_of(label: str) -> tuple[tuple[str, ...], float, bool, float, bool] | None:
    for band in grade_bands():
        if label in band[0]:
            return band



def in_band(value: float, band: tuple[tuple[str, ...], float, bool, float, bool]) -> bool:
    _, lo, lo_inc, hi, hi_inc = band
    return (value > lo or (lo_inc and value == lo)) and (value < hi or (hi_inc and value == hi))


@rule("score.grade_mismatch", "等级（优/良/中/差）与得分不符")
def grade_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    for p, lfs in ctx.narrative:
        grades = [lf for lf in lfs if lf.figure.kind == "grade"]
        scores = [lf for lf in lfs if lf.figure.kind == "score" and any(lf.label.endswith(t) for t in TOTAL_LABELS)]
        for g in grades:
            near = [s for s in scores if s.sentence == g.sentence] or scores
            if not near:
                continue
            s = near[-1]
            band = band_of(g.figure.text)
            if band is None or s.figure.value is None or in_band(s.figure.value, band):
                continue
            right = next((b[0][0] + (f"（{b[0][1]}）" if len(b[0]) > 1 else "") for b in grade_bands() if in_band(s.figure.value, b)), None)
            lo, hi = band[1], band[3]
            severity = "warning" if s.figure.decimals and abs(s.figure.value - lo) < 1 else "error"
            yield finding("score.grade_mismatch", severity,
                          f"等级与得分不符：{p.location.attachment + ' ' if p.location.attachment else ''}{s.label}{s.figure.text}，被评为“{g.figure.text}”，"
                          f"但“{g.figure.text}”对应{fmt(lo)}–{fmt(hi)}分，{s.figure.text}应为“{right}”",
                          Evidence(s.figure.text, p.location), Evidence(g.figure.text, p.location))


# -- score.sum_mismatch ---------------------------------------------------------

def _scored_rows(st: ScoreTable) -> list[IndicatorRow]:
    return [r for r in st.rows if r.score is not None and r.score.value is not None]


@rule("score.sum_mismatch", "各项得分之和与总分（小计）不符")
def sum_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    for st in ctx.score_tables:
        if st.total_score is None or st.total_score.value is None:
            continue
        rows = _scored_rows(st)
        if not rows:
            continue
        figs = [r.score for r in rows]  # type: ignore[misc]
        extra: list[tuple[str, Figure]] = []
        sheet = ctx.sheet_of(st.table)
        fund = sheet.figure("fund_total", "score") if sheet else None
        if fund is not None:
            extra.append(("预算执行", fund))
        all_figs = [f for _, f in extra] + figs  # type: ignore[list-item]
        computed = total(all_figs, integer_exact=True)
        if consistent(st.total_score, computed, integer_exact=True):
            continue
        items = " + ".join(f.text for f in all_figs)
        name = _sheet_name(ctx, st)
        parts = f"（资金执行得分{extra[0][1].text}，指标得分{'、'.join(f.text for f in figs)}）" if extra else f"（{items}）"
        yield finding("score.sum_mismatch", "error",
                      f"得分合计与总分不符：{name} 各项得分合计{fmt(computed.mid)}分{parts}，总分填报{st.total_score.text}分",
                      _ev(st.total_score, st.total_location), *[_ev(f) for f in all_figs[:12]])


# -- score.over_max -------------------------------------------------------------

def _clean_group(g: Group) -> bool:
    """Only groups whose heading maps cleanly to a framework category are judged (broken headings are not evidence)."""
    m = map_header(g.label, kinds=("category",))
    return m.mapped and not m.ambiguous


@rule("score.over_max", "得分超过分值，分项分值或得分超过上级指标分值，或分值合计与总分不符")
def over_max(ctx: CheckContext) -> Iterator[Finding]:
    for st in ctx.score_tables:
        name = _sheet_name(ctx, st)
        yield from _row_over_weight(st, name)
        yield from _group_weights(st, name)
        yield from _group_scores(st, name)
        yield from _total_weight(ctx, st, name)


def _row_over_weight(st: ScoreTable, name: str) -> Iterator[Finding]:
    for r in st.rows:
        if r.score is None or r.weight is None or r.score.value is None or r.weight.value is None:
            continue
        if of(r.score, True).lo > of(r.weight, True).hi:
            yield finding("score.over_max", "error",
                          f"得分超过分值：{name}「{r.name}」分值{r.weight.text}，得分{r.score.text}",
                          _ev(r.score, r.score_location), _ev(r.weight, r.weight_location))


def _group_label(g: Group) -> str:
    return f"{g.name}（{g.weight.text.rstrip('分')}分）" if g.weight else g.name


def _group_weights(st: ScoreTable, name: str) -> Iterator[Finding]:
    for g in st.groups:
        if g.weight is None or g.weight.value is None or not g.rows or not _clean_group(g):
            continue
        cap = of(g.weight, True)
        row_weights = [r.weight for r in g.rows if r.weight is not None and r.weight.value is not None]
        sub_weights = [sub.weight for sub in st.groups if sub.parent is g and sub.weight is not None]
        if not row_weights:
            continue
        s = total(row_weights, integer_exact=True)  # type: ignore[arg-type]
        if s.overlaps(cap) or (sub_weights and total(sub_weights, integer_exact=True).overlaps(cap)):  # type: ignore[arg-type]
            continue  # a level-1 heading agreeing with its level-2 headings leaves the blame below
        over = s.lo > g.weight.value
        yield finding("score.over_max", "error" if over else "warning",
                      f"分值合计与上级指标分值不符：{name}「{_group_label(g)}」下各项分值合计{fmt(s.mid)}分"
                      f"（{'、'.join(w.text for w in row_weights)}），{'超过' if over else '少于'}其分值{g.weight.text}",  # type: ignore[union-attr]
                      Evidence(g.label, g.location), *[_ev(w) for w in row_weights[:10]])  # type: ignore[arg-type]


def _group_scores(st: ScoreTable, name: str) -> Iterator[Finding]:
    """Items of a heading scored above the heading's points (附件3 过程（30分）: scores add to 59.8).

    A heading whose scored rows are exactly those of a heading already reported
    (效果 with its only child 项目效益) adds nothing and is skipped.
    """
    reported: set[tuple[int, ...]] = set()
    for g in st.groups:
        if g.weight is None or g.weight.value is None:
            continue
        scores = [r.score for r in g.rows if r.score is not None and r.score.value is not None]
        if not scores:
            continue
        s = total(scores, integer_exact=True)  # type: ignore[arg-type]
        if s.lo <= of(g.weight, True).hi:
            continue
        weights = [r.weight for r in g.rows if r.weight is not None and r.weight.value is not None]
        if weights and total(weights, integer_exact=True).lo > g.weight.value and s.hi <= total(weights, integer_exact=True).hi:  # type: ignore[arg-type]
            continue  # already reported: the item weights themselves exceed the heading
        key = tuple(r.row for r in g.rows if r.score is not None and r.score.value is not None)
        if key in reported:
            continue
        reported.add(key)
        yield finding("score.over_max", "error",
                      f"得分超过上级指标分值：{name}「{_group_label(g)}」下各项得分合计{fmt(s.mid)}分"
                      f"（{'、'.join(x.text for x in scores)}），超过其分值{g.weight.text}",  # type: ignore[union-attr]
                      Evidence(g.label, g.location), *[_ev(x) for x in scores[:10]])  # type: ignore[arg-type]


def _total_weight(ctx: CheckContext, st: ScoreTable, name: str) -> Iterator[Finding]:
    if st.total_weight is None or st.total_weight.value is None:
        return
    weights = [r.weight for r in st.rows if r.weight is not None and r.weight.value is not None]
    sheet = ctx.sheet_of(st.table)
    fund_weight = sheet.figure("fund_total", "weight") if sheet else None
    if fund_weight is not None:
        weights = [fund_weight, *weights]
    if not weights:
        return
    s = total(weights, integer_exact=True)  # type: ignore[arg-type]
    if s.overlaps(of(st.total_weight, True)):
        return
    yield finding("score.over_max", "error" if s.lo > st.total_weight.value else "warning",
                  f"分值合计与总分值不符：{name} 各项分值合计{fmt(s.mid)}分（{'、'.join(w.text for w in weights)}），"  # type: ignore[union-attr]
                  f"总分值填报{st.total_weight.text}分",
                  _ev(st.total_weight, st.total_location), *[_ev(w) for w in weights[:12]])  # type: ignore[arg-type]
