"""Score arithmetic: totals between places, items against their total, scores against weights, grades."""
from __future__ import annotations

import re

import tomllib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import fmt, of, total
from extract.understand.lexicon import load_lexicon
from extract.understand.mapping import map_header
from extract.understand.scoretree import Group, ScoreTable
from jixiao.model import Evidence, Figure, Finding, Location, Statement

from .common import evidence, place

if TYPE_CHECKING:
    from extract.understand.report import Report

TOTALS = Message("score.totals", "总分不一致：{stated}", joiner="，")
GRADE = Message("score.grade", "等级与得分不符：{where}{score_label}{score}，被评为“{grade}”，但“{grade}”对应{lo}–{hi}分，{score}应为“{expected}”")
SUM = Message("score.sum", "得分合计与总分不符：{sheet} 各项得分合计{sum}分（{parts}），总分填报{total}分")
ROW_OVER = Message("score.row_over", "得分超过分值：{sheet}「{item}」分值{weight}，得分{score}")
FUND_OVER = Message("score.fund_over", "得分超过分值：{sheet}“{item}”（预算执行）分值{weight}，得分{score}")
GROUP_WEIGHTS = Message("score.group_weights", "分值合计与上级指标分值不符：{sheet}「{group}」下各项分值合计{sum}分（{parts}），{relation}其分值{weight}", joiner="、")
GROUP_SCORES = Message("score.group_scores", "得分超过上级指标分值：{sheet}「{group}」下各项得分合计{sum}分（{parts}），超过其分值{weight}", joiner="、")
TOTAL_WEIGHT = Message("score.total_weight", "分值合计与总分值不符：{sheet} 各项分值合计{sum}分（{parts}），总分值填报{total}分", joiner="、")
_AWARD = __import__("regex").compile(r"(?:计|得|给|记|满分为?)\s*([0-9]+(?:\.[0-9]+)?)\s*分")
RULE_OVER = Message("score.rule_over", "评分标准超过分值：{item}分值{weight}，但评分标准“{rule_text}”最高可得{best}分")


def sheet_name(r: "Report", st: ScoreTable) -> str:
    form = r.sheet_of(st.table)
    return f"{form.label}自评表" if form and form.name else st.table.location.label()


def _ev(fig: Figure, loc: Location | None = None, role: str = "") -> Evidence:
    return Evidence(fig.text, loc or fig.location, role)


# -- score.total_mismatch -------------------------------------------------------

def total_scores(r: "Report") -> list[tuple[str, Figure, Location, Statement | None]]:
    """Every place that states the document's total score: narrative 实得N分 and the unit's table totals."""
    lex = load_lexicon()
    out: list[tuple[str, Figure, Location, Statement | None]] = []
    stmts = r.narrative_statements
    for i, st in enumerate(stmts):
        if st.figure.kind != "score" or st.figure.value is None or st.role != "score":
            continue
        raw = st.label
        if not any(raw.endswith(t) for t in lex.score_totals) or any(p in raw for p in lex.score_parts):
            continue
        if _of_a_part(st, stmts[:i], lex):
            continue
        if st.scope.project or st.parent is not None:
            continue
        out.append((f"{st.location.attachment or ''} {st.label}{st.figure.text}".strip(), st.figure, st.location, st))
    for st in r.score_tables:
        whole = st.kind == "overall_self_eval" or (st.kind == "indicator_scores" and st.framework == "dept")
        if whole and st.total_score is not None and st.total_score.value is not None:
            loc = st.total_location or st.table.location
            out.append((f"{loc.attachment or ''} 表{st.table.location.table}总分{st.total_score.text}".strip(), st.total_score, loc, None))
    return out


def _of_a_part(st: Statement, before: list[Statement], lex) -> bool:
    """"产出指标满分50分，实际得分45.2分": a score whose clause (since the last ；/。) named a heading
    (产出, 效益 …) with its points first is that heading's score, not the document's."""
    at = st.sentence.find(st.figure.text)
    head = st.sentence[:at] if at >= 0 else ""
    clause = head[max(head.rfind(c) for c in "；;。") + 1:]
    for b in before:
        if b.sentence != st.sentence or b.figure.kind != "score" or b.role != "weight":
            continue
        k = clause.find(b.figure.text)
        # The heading right before the points: "产出指标满分50分" (not "评价指标总分值100分").
        if k >= 0 and any(p in clause[max(0, k - 12):k] for p in lex.score_parts if p != "指标") \
                and not any(t in b.label for t in lex.weight_totals):
            return True
    return False


@rule("score.total_mismatch", "总分在不同附件、表格或文字中不一致")
def total_mismatch(r: "Report") -> Iterator[Finding]:
    """The document's total score stated differently in different places.

    What it flags: the total self-score of the unit ("实得86分", "自评得分96分",
    the 总分 of the 部门整体 自评表 or of the 部门 指标评分表) with different values
    in two places.  Scores of single projects and of headings (产出得分…) are not
    totals of the document.

    Why it matters: the total decides the grade and is what the finance bureau
    records; two totals mean one attachment was not updated.

    Example: 附件3 「实得86分」, 附件5-1 「实得96分」.

    Severity: error.  Options: none beyond --select/--ignore.
    """
    yield from _form_totals(r)
    stated = total_scores(r)
    distinct: list[Figure] = []
    for _, fig, _, _ in stated:
        if not any(of(fig, True).overlaps(of(d, True)) for d in distinct):
            distinct.append(fig)
    if len(distinct) > 1:
        yield report("score.total_mismatch", "error", TOTALS,
                     [Evidence(st.label + f.text if st else (f.text if "分" in f.text else f"{f.text}分"), loc, "stated",
                               st.figure.span if st else None) for _, f, loc, st in stated],
                     stated=tuple(desc for desc, _, _, _ in stated), values=tuple(d.text for d in distinct))


FORM_TOTAL = Message("score.form_total", "总分不一致：{sheet}自评表总分行得分{table_total}分，表内文字称{text_label}{text_total}")


def _form_totals(r: "Report") -> Iterator[Finding]:
    """A project form whose own text (评价结论, 自评得分…) states another total than its 总分 row."""
    lex = load_lexicon()
    for form in r.forms:
        st = form.scores
        if st is None or st.total_score is None or st.total_score.value is None or not form.name:
            continue
        for s in r.narrative_statements:
            if s.scope.project != form.name or s.figure.kind != "score" or s.figure.value is None:
                continue
            if not any(s.label.endswith(t) for t in lex.score_totals) or any(p in s.label for p in lex.score_parts):
                continue
            if of(s.figure, True).overlaps(of(st.total_score, True)):
                continue
            yield report("score.total_mismatch", "error", FORM_TOTAL,
                         [_ev(st.total_score, st.total_location, "total"), Evidence(s.label + s.figure.text, s.location, "stated", s.figure.span)],
                         subject="sheet", sheet=form.label, table_total=st.total_score.text, text_label=s.label, text_total=s.figure.text)
            break


# -- score.grade_mismatch -------------------------------------------------------

@lru_cache(maxsize=1)
def grade_bands() -> list[tuple[tuple[str, ...], float, bool, float, bool]]:
    data = tomllib.loads(resources.files("checks").joinpath("grades.toml").read_text(encoding="utf-8"))
    return [(tuple([b["grade"], *b.get("alt_labels", [])]), b["min"], b["min_inclusive"], b["max"], b["max_inclusive"]) for b in data["bands"]]


def band_of(label: str) -> tuple[tuple[str, ...], float, bool, float, bool] | None:
    for band in grade_bands():
        if label in band[0]:
            return band
    return None


def in_band(value: float, band: tuple[tuple[str, ...], float, bool, float, bool]) -> bool:
    _, lo, lo_inc, hi, hi_inc = band
    return (value > lo or (lo_inc and value == lo)) and (value < hi or (hi_inc and value == hi))


@rule("score.grade_mismatch", "等级（优/良/中/差）与得分不符")
def grade_mismatch(r: "Report") -> Iterator[Finding]:
    """A grade the score does not earn.

    What it flags: a grade the report awards itself ("被评为“良好”等级",
    "评价等级为优") next to a total score outside that grade's band (优 ≥ 90,
    良 80–90, 中 60–80, 差 < 60, with the labels 优秀/良好/合格/不合格; bands in
    checks/grades.toml).

    Why it matters: the grade is what gets published and compared between
    units; a grade the score does not support overstates (or understates)
    the result.

    Example: 「实得96分，被评为“良好”等级」 — 96 is in the 优 band.

    Severity: error; warning when a score with decimals sits within one point
    of the band's edge.  Options: none beyond --select/--ignore.
    """
    yield from _form_grades(r)
    totals = total_scores(r)
    for c in r.claims:
        if c.kind != "grade" or c.goal:
            continue
        near = [t for t in totals if t[3] is not None and t[2] == c.location]
        if not near:
            continue
        _, fig, loc, st = min(near, key=lambda t: abs((t[3].figure.span[0] if t[3] else 0) - c.span[0]))
        band = band_of(c.direction)
        if band is None or fig.value is None or in_band(fig.value, band):
            continue
        right = next((b[0][0] + (f"（{b[0][1]}）" if len(b[0]) > 1 else "") for b in grade_bands() if in_band(fig.value, b)), None)
        lo, hi = band[1], band[3]
        severity = "warning" if fig.decimals and min(abs(fig.value - lo), abs(fig.value - hi)) < 1 else "error"
        yield report("score.grade_mismatch", severity, GRADE,
                     [Evidence(fig.text, loc, "score", st.figure.span if st else None), Evidence(c.words, c.location, "grade", c.span)],
                     where=f"{loc.attachment} " if loc.attachment else "", score_label=st.label if st else "",
                     score=fig.text, grade=c.direction, lo=fmt(lo), hi=fmt(hi), expected=right or "")


FORM_GRADE = Message("score.form_grade", "等级与得分不符：{sheet}自评表总分{score}，自评等级“{grade}”，但“{grade}”对应{lo}–{hi}分，应为“{expected}”")
_GRADE_ROW = ("自评等级", "评价等级", "绩效等级", "等级")


def _form_grades(r: "Report") -> Iterator[Finding]:
    """A form's 自评等级 row against the score of its 总分 row."""
    for form in r.forms:
        st = form.scores
        if st is None or st.total_score is None or st.total_score.value is None:
            continue
        t = form.table
        for row in range(t.n_rows):
            label = "".join(t.text(row, 0).split())
            if label not in _GRADE_ROW:
                continue
            cell = next((c for c in t.grid[row][1:] if c.origin is None and c.text.strip()), None)
            band = band_of("".join(cell.text.split())) if cell is not None else None
            if cell is None or band is None or in_band(st.total_score.value, band):
                continue
            right = next((b[0][0] + (f"（{b[0][1]}）" if len(b[0]) > 1 else "") for b in grade_bands()
                          if in_band(st.total_score.value, b)), "")
            yield report("score.grade_mismatch", "error", FORM_GRADE,
                         [_ev(st.total_score, st.total_location, "score"), Evidence(cell.text, t.cell_location(cell.row, cell.col), "grade")],
                         subject="sheet", sheet=form.label, score=st.total_score.text, grade="".join(cell.text.split()),
                         lo=fmt(band[1]), hi=fmt(band[3]), expected=right)


# -- score.sum_mismatch ---------------------------------------------------------

@rule("score.sum_mismatch", "各项得分之和与总分（小计）不符")
def sum_mismatch(r: "Report") -> Iterator[Finding]:
    """Item scores that do not add up to the total score the table states.

    What it flags: in an indicator table or a 自评表, the 总分 row's score
    against the sum of the indicator scores — plus, in a 自评表, the score of
    the 预算执行 (年度资金总额) row, which the form counts in its 100 points.
    The 总分 row is read through its header: the figure in the 得分 column is
    the total score, never the 分值 beside it.

    Why it matters: the total score is the sum of the item scores by
    definition; a different total was typed, or an item changed afterwards.

    Example: 「驻京维稳劝返专项经费」自评表 items 10+10+10+15+20+15+15 with 预算执行 10
    add to 105, 总分 95.

    Severity: error.  Options: none beyond --select/--ignore.
    """
    for st in r.score_tables:
        if st.total_score is None or st.total_score.value is None:
            continue
        rows = [x for x in st.rows if x.score is not None and x.score.value is not None]
        if not rows:
            continue
        if any(x.score is None and x.weight is not None and x.weight.value and not x.placeholder for x in st.rows):
            continue  # a weighted item left unscored: field.missing says so, and the sum cannot be checked
        figs: list[Figure] = [x.score for x in rows]  # type: ignore[misc]
        form = r.sheet_of(st.table)
        fund = form.figure("fund_total", "score") if form else None
        all_figs = ([fund] if fund is not None else []) + figs
        computed = total(all_figs, integer_exact=True)
        if of(st.total_score, True).overlaps(computed):
            continue
        parts = (f"资金执行得分{fund.text}，指标得分{'、'.join(f.text for f in figs)}" if fund is not None
                 else " + ".join(f.text for f in all_figs))
        name = sheet_name(r, st)
        yield report("score.sum_mismatch", "error", SUM,
                     [_ev(st.total_score, st.total_location, "total")] + [_ev(f, role="part") for f in all_figs[:12]],
                     subject="sheet", sheet=name, sum=fmt(computed.mid), parts=parts, total=st.total_score.text)


# -- score.over_max -------------------------------------------------------------

def _clean_group(g: Group) -> bool:
    """Only groups whose heading maps cleanly to a framework category are judged (broken headings are not evidence)."""
    m = map_header(g.label, kinds=("category",))
    return m.mapped and not m.ambiguous


def _group_label(g: Group) -> str:
    return f"{g.name}（{g.weight.text.rstrip('分')}分）" if g.weight else g.name


@rule("score.over_max", "得分超过分值，分项分值或得分超过上级指标分值，或分值合计与总分不符")
def over_max(r: "Report") -> Iterator[Finding]:
    """Scores or weights above what they may be.

    What it flags: an indicator's score above its 分值; the 预算执行 score of a
    自评表's 年度资金总额 row above its 分值 (得分 99 of 10); the items under a
    heading weighing more or less than the heading's declared points
    ("产出指标（50分）" over items weighing 30); the items under a heading
    scoring more than the heading's points; the weights of a form not adding
    up to its 总分值; a scoring rule (评分标准) that can award more than the
    row's weight.  Weights and scores are exact (10分 means ten points).

    Why it matters: a score cannot exceed its maximum; weights that do not add
    up mean the form was rebuilt from another one without its totals.

    Example: 「双随机抽查委托审计费」 年度资金总额 分值10、执行率100%、得分99.

    Severity: error; warning when the items weigh less than the heading
    declares (a row may be missing).  Options: none beyond --select/--ignore.
    """
    for st in r.score_tables:
        name = sheet_name(r, st)
        yield from _row_over_weight(st, name)
        yield from _group_weights(st, name)
        yield from _group_scores(st, name)
        yield from _total_weight(r, st, name)
    for form in r.forms:
        total_row = form.fund_total
        pts = total_row.points() if total_row is not None else None
        if pts is None:
            continue
        w, s = pts
        if of(s, True).lo > of(w, True).hi:
            yield report("score.over_max", "error", FUND_OVER, [_ev(s, role="score"), _ev(w, role="weight")],
                         sheet=f"{form.label}自评表", item=total_row.label, weight=w.text, score=s.text)  # type: ignore[union-attr]
    yield from _rules_over_weight(r)
    yield from _prose_over_weight(r)


PROSE_OVER = Message("score.prose_over", "得分超过分值：{where}“{stated}”，得分{score}高于分值{weight}")


def _prose_over_weight(r: "Report") -> Iterator[Finding]:
    """A score written next to its points in a sentence and above them: "产出指标满分50分，得52.2分",
    "决策指标18分（满分20分）" read the other way round."""
    stmts = [s for s in r.narrative_statements if s.figure.kind == "score" and s.figure.value is not None]
    for a, b in zip(stmts, stmts[1:]):
        if a.location != b.location or a.sentence != b.sentence or {a.role, b.role} != {"score", "weight"}:
            continue
        at, bt = a.sentence.find(a.figure.text), a.sentence.find(b.figure.text, a.sentence.find(a.figure.text) + 1)
        between = a.sentence[at + len(a.figure.text):bt]
        if at < 0 or bt < 0 or any(c in between for c in "；;。"):
            continue  # two headings' figures, not one heading's points and score
        pre = a.sentence[:at]
        k = max(pre.rfind("（"), pre.rfind("("))
        if a.role == "weight" and k > 0 and pre[:k].rstrip().endswith("分") and between.lstrip().startswith(("）", ")")):
            continue  # "决策指标18分（满分20分），过程指标21分": the bracketed points are the score's before them
        if a.role == "score" and not re.match(r"^\s*[（(][^（）()，,]*$", between):
            continue  # a score's points follow it only in brackets: "18分（满分20分）"
        score, weight = (a, b) if a.role == "score" else (b, a)
        if of(score.figure, True).lo > of(weight.figure, True).hi:
            yield report("score.over_max", "error", PROSE_OVER, [evidence(score, "score"), evidence(weight, "weight")],
                         where=place(score.location), stated=_quoted(a.sentence, at, bt + len(b.figure.text)),
                         score=score.figure.text, weight=weight.figure.text)


def _quoted(sentence: str, start: int, end: int) -> str:
    """The clause from its start to ``end``, with a bracket opened in it closed as written."""
    k = max(sentence.rfind(c, 0, start) for c in "，,；;：:。")
    text = sentence[k + 1:end]
    if text.count("（") > text.count("）") and sentence[end:end + 1] == "）":
        text += "）"
    return text.strip()


def _row_over_weight(st: ScoreTable, name: str) -> Iterator[Finding]:
    for x in st.rows:
        if x.score is None or x.weight is None or x.score.value is None or x.weight.value is None:
            continue
        if of(x.score, True).lo > of(x.weight, True).hi:
            yield report("score.over_max", "error", ROW_OVER, [_ev(x.score, x.score_location, "score"), _ev(x.weight, x.weight_location, "weight")],
                         subject="sheet", sheet=name, item=x.name, weight=x.weight.text, score=x.score.text)


def _group_weights(st: ScoreTable, name: str) -> Iterator[Finding]:
    for g in st.groups:
        if g.weight is None or g.weight.value is None or not g.rows or not _clean_group(g):
            continue
        cap = of(g.weight, True)
        row_weights = [x.weight for x in g.rows if x.weight is not None and x.weight.value is not None]
        sub_weights = [sub.weight for sub in st.groups if sub.parent is g and sub.weight is not None]
        if not row_weights:
            continue
        s = total(row_weights, integer_exact=True)  # type: ignore[arg-type]
        if s.overlaps(cap) or (sub_weights and total(sub_weights, integer_exact=True).overlaps(cap)):  # type: ignore[arg-type]
            continue  # a level-1 heading agreeing with its level-2 headings leaves the blame below
        over = s.lo > g.weight.value
        yield report("score.over_max", "error" if over else "warning", GROUP_WEIGHTS,
                     [Evidence(g.label, g.location, "heading")] + [_ev(w, role="part") for w in row_weights[:10]],  # type: ignore[arg-type]
                     subject="sheet", sheet=name, group=_group_label(g), sum=fmt(s.mid),
                     parts=tuple(w.text for w in row_weights), relation="超过" if over else "少于", weight=g.weight.text)  # type: ignore[union-attr]


def _group_scores(st: ScoreTable, name: str) -> Iterator[Finding]:
    """Items of a heading scored above the heading's points (附件3 过程（30分）: scores add to 59.8).

    A heading whose scored rows are exactly those of a heading already reported
    (效果 with its only child 项目效益) adds nothing and is skipped.
    """
    reported: set[tuple[int, ...]] = set()
    for g in st.groups:
        if g.weight is None or g.weight.value is None:
            continue
        scores = [x.score for x in g.rows if x.score is not None and x.score.value is not None]
        if not scores:
            continue
        s = total(scores, integer_exact=True)  # type: ignore[arg-type]
        if s.lo <= of(g.weight, True).hi:
            continue
        weights = [x.weight for x in g.rows if x.weight is not None and x.weight.value is not None]
        if weights and total(weights, integer_exact=True).lo > g.weight.value and s.hi <= total(weights, integer_exact=True).hi:  # type: ignore[arg-type]
            continue  # already reported: the item weights themselves exceed the heading
        key = tuple(x.row for x in g.rows if x.score is not None and x.score.value is not None)
        if key in reported:
            continue
        if any(x.score is not None and x.weight is not None and x.score.value is not None and x.weight.value is not None
               and of(x.score, True).lo > of(x.weight, True).hi for x in g.rows):
            continue  # an item above its own 分值 is the cause, reported as such
        reported.add(key)
        yield report("score.over_max", "error", GROUP_SCORES,
                     [Evidence(g.label, g.location, "heading")] + [_ev(x, role="part") for x in scores[:10]],  # type: ignore[arg-type]
                     subject="sheet", sheet=name, group=_group_label(g), sum=fmt(s.mid),
                     parts=tuple(x.text for x in scores), weight=g.weight.text)  # type: ignore[union-attr]


def _total_weight(r: "Report", st: ScoreTable, name: str) -> Iterator[Finding]:
    if st.total_weight is None or st.total_weight.value is None:
        return
    weights = [x.weight for x in st.rows if x.weight is not None and x.weight.value is not None]
    form = r.sheet_of(st.table)
    fund_weight = form.figure("fund_total", "weight") if form else None
    if fund_weight is not None:
        weights = [fund_weight, *weights]
    if not weights:
        return
    s = total(weights, integer_exact=True)  # type: ignore[arg-type]
    if s.overlaps(of(st.total_weight, True)):
        return
    if any(list(_group_weights(st, name))):
        return  # a heading whose items weigh more or less than it declares is the cause, reported there
    yield report("score.over_max", "error" if s.lo > st.total_weight.value else "warning", TOTAL_WEIGHT,
                 [_ev(st.total_weight, st.total_weight_location or st.total_location, "total")] + [_ev(w, role="part") for w in weights[:12]],  # type: ignore[arg-type]
                 subject="sheet", sheet=name, sum=fmt(s.mid), parts=tuple(w.text for w in weights), total=st.total_weight.text)  # type: ignore[union-attr]


def _rules_over_weight(r: "Report") -> Iterator[Finding]:
    """A scoring rule that can award more than the row's weight (三公经费变动率 weighted 2分, rule says 计5分)."""
    from checks.scoring import Proportional, Unparsed, parse_rule

    for st in r.score_tables:
        if st.kind != "indicator_scores":
            continue
        for x in st.rows:
            if not x.rule_text or not x.name or x.weight is None or x.weight.value is None:
                continue
            parsed = parse_rule(x.rule_text, x.weight.value)
            if isinstance(parsed, Proportional):
                best = parsed.weight  # "按预算执行率×8分计算" awards up to 8 at 100%, whatever the row's 分值
            else:
                best = None if isinstance(parsed, Unparsed) else parsed.max_award()
            named = [float(m.group(1)) for m in _AWARD.finditer(x.rule_text)]
            if named and (best is None or max(named) > best):
                best = max(named)  # "…以上计6分；…按比例扣分": the text names its top award
            if best is None or best <= x.weight.value + 1e-9:
                continue
            yield report("score.over_max", "error", RULE_OVER,
                         [Evidence(x.rule_text, x.location.at(col=None), "rule"), _ev(x.weight, x.weight_location, "weight")],
                         item=x.name, weight=x.weight.text, rule_text=x.rule_text, best=fmt(best))
