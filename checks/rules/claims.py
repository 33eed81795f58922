"""claim.contradicts_data: a sentence the report's own figures contradict."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from checks.registry import Message, report, rule
from checks.tolerance import fmt, of, ratio
from jixiao.model import Evidence, Finding, Statement

from .common import evidence, money_text, place

if TYPE_CHECKING:
    from extract.understand.report import Report

RULE = "claim.contradicts_data"
TREND = Message("claim.trend", "表述与数据矛盾：{where}称「{claim}」，但{what}由{prev_year}年{prev}{move}{cur_year}年{cur}（{change}）")
DONE = Message("claim.done", "表述与数据矛盾：{sheet}自评表实际完成情况写「{claim}」，但全年执行数{spent}/全年预算数{budget}，资金执行率仅{rate}%")

PAID = Message("claim.paid", "表述与数据矛盾：{sheet}自评表实际完成情况称「{claim}」，但全年执行数{spent}/全年预算数{budget}，执行率{rate}%")
MOVES = {"up": "增至", "down": "降至", "flat": "变为"}
DONE_RATE_LIMIT = 50.0  # below this share of the budget spent, "完成" is contradicted


@rule(RULE, "文字表述（如“三公经费明显下降”“基本完成预定目标”）与数据矛盾")
def claim_contradicts_data(r: "Report") -> Iterator[Finding]:
    """A statement about the figures that the figures contradict.

    What it flags: a claim that a measure fell, rose or stayed flat ("“三公经费”
    明显下降", "严控了“三公经费”", "办公费有所增加") when the report's own figures
    of that measure for the year and the year before (table or text, same role)
    moved the other way beyond written precision; a 自评表 that says the work
    was done ("基本完成预定目标", "全部完成") while less than half of its budget
    was spent.  Claims inside goals ("确保…逐年下降") are not claims about the
    year.  The words are data (``trends``, ``claims`` in lexicon.toml); any
    measure is checked, not only 三公经费.

    Why it matters: the narrative is what readers quote; a claim the tables
    disprove misleads them.

    Example: 「“三公经费”明显下降」 while the 基础数据表 gives 三公经费 0.28万元 in
    2019 and 0.19 … 0.64万元 in 2020.

    Severity: error for an explicit trend word, warning for a verb of control
    (严控了) and for completion claims.  Options: none beyond --select/--ignore.
    """
    yield from _trends(r)
    yield from _done(r)
    yield from _paid_in_text(r)


def _series(r: "Report", measure: str) -> tuple[Statement, Statement] | None:
    """The measure's figures for the year before and the year evaluated (actual preferred, then budget)."""
    if r.year is None:
        return None
    for roles in (("actual",), ("budget", "budget_initial", "budget_adjusted")):
        cur = prev = None
        for st in r.table_statements + r.narrative_statements:  # tables first: they are the record
            if st.measure != measure or st.role not in roles or st.figure.value is None or st.figure.kind != "money":
                continue
            year = st.period or (r.year if st.source == "text" else None)
            if year == r.year and cur is None:
                cur = st
            elif year == r.year - 1 and prev is None:
                prev = st
        if cur is not None and prev is not None:
            return prev, cur
    return None


def _in_sentence(r: "Report", c) -> tuple[Statement, Statement] | None:
    """A comparison written in the claim's own sentence: the figure compared with, and the sentence's head figure."""
    same = [s for s in r.narrative_statements if s.location == c.location and s.figure.kind == "money"
            and s.figure.value is not None and s.figure.span[0] >= c.span[0] - 200 and s.figure.span[1] <= c.span[1]]
    prev = next((s for s in same if c.span[0] <= s.figure.span[0] < c.span[1]), None)
    if prev is None:
        return None
    start = c.span[0] - len(c.sentence)
    head = next((s for s in same if s is not prev and s.figure.span[0] < prev.figure.span[0] and s.role != "change"
                 and s.sentence == prev.sentence), None)
    return (prev, head) if head is not None else None


def _trends(r: "Report") -> Iterator[Finding]:
    reported: set[tuple] = set()
    for c in r.claims:
        if c.kind != "trend" or c.goal or (c.measure, c.location) in reported:
            continue
        series = _in_sentence(r, c) if not c.measure else _series(r, c.measure)
        if series is None:
            continue
        prev, cur = series
        a, b = of(prev.figure), of(cur.figure)
        rose, fell = a.hi <= b.lo and not a.overlaps(b), b.hi <= a.lo and not a.overlaps(b)
        contradicted = (c.direction == "down" and rose) or (c.direction == "up" and fell) or (c.direction == "flat" and (rose or fell))
        if not contradicted:
            continue
        reported.add((c.measure, c.location))
        pv, cv = prev.figure.value or 0, cur.figure.value or 0
        change = f"{'上升' if cv > pv else '下降'}{fmt(abs(cv - pv) / pv * 100, 1)}%" if pv else ("上升" if cv > pv else "下降")
        yield report(RULE, "error" if c.strong else "warning", TREND,
                     [Evidence(c.words, c.location, "claim", c.span), evidence(prev, "before"), evidence(cur, "after")],
                     where=place(c.location), claim=c.words, what=f"“{cur.label or c.subject}”",
                     prev_year=str(r.year - 1), prev=money_text(prev.figure), move="增至" if cv > pv else "降至",  # type: ignore[operator]
                     cur_year=str(r.year), cur=money_text(cur.figure), change=change, measure=c.measure)


PAID_TEXT = Message("claim.paid_text", "表述与数据矛盾：{where}称「{claim}」，但“{rate_label}{rate}”（{spent_label}{spent}，{budget_label}{budget}）")


def _paid_in_text(r: "Report") -> Iterator[Finding]:
    """A narrative claim that the money was all paid out, against the execution rate the report states."""
    from extract.understand.lexicon import load_lexicon

    lex = load_lexicon()
    rates = [s for s in r.narrative_statements if s.figure.kind == "percent" and s.figure.value is not None
             and lex.rate_for(s.label) is not None and "执行" in s.label]
    for p in r.paragraphs:
        flat = "".join(p.text.split())
        word = next((w for w in lex.paid_words if w in flat and not _negated(flat, flat.find(w))
                     and not flat[flat.find(w) + len(w):].startswith("到位")), None)  # 拨付到位: received, not spent
        if word is None:
            continue
        rate = next((s for s in rates if s.location.attachment == p.location.attachment), None)
        if rate is None or of(rate.figure).hi >= 100:
            continue
        same = [s for s in r.narrative_statements if s.location == rate.location and s.sentence == rate.sentence
                and s.figure.kind == "money"]
        spent = next((s for s in same if s.role == "actual"), None)
        budget = next((s for s in same if s.role in ("budget", "budget_adjusted")), None)
        if spent is None or budget is None:
            continue
        yield report(RULE, "warning", PAID_TEXT,
                     [Evidence(word, p.location, "claim"), evidence(rate, "rate"), evidence(spent, "spent"), evidence(budget, "budget")],
                     where=place(p.location), claim=word, rate_label=rate.label, rate=rate.figure.text,
                     spent_label=spent.label, spent=spent.figure.text, budget_label=budget.label, budget=budget.figure.text)
        return


def _negated(text: str, pos: int) -> bool:
    """"资金尚未支付完毕": a negation just before the claim word."""
    return any(n in text[max(0, pos - 3):pos] for n in ("未", "没有", "不", "无"))


def _done(r: "Report") -> Iterator[Finding]:
    from extract.understand.lexicon import load_lexicon

    paid_words = load_lexicon().paid_words
    for sheet in r.sheets:
        goal = sheet.goals.get("goal_actual")
        if goal is None:
            continue
        text, loc = goal
        flat = "".join(text.split())
        paid = next((w for w in paid_words if w in flat and not _negated(flat, flat.find(w))), None)
        spent, budget = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
        if paid and spent is not None and budget is not None and spent.kind != "percent" and budget.kind != "percent":
            rate = ratio(of(spent, True), of(budget, True))
            if rate is not None and rate.hi < 100 - 1e-9:
                yield report(RULE, "warning", PAID,
                             [Evidence(text.strip()[:120], loc, "claim", None), Evidence(spent.text, spent.location, "spent"),
                              Evidence(budget.text, budget.location, "budget")],
                             subject="sheet", sheet=sheet.label, claim=paid, spent=money_text(spent),
                             budget=money_text(budget), rate=fmt(rate.mid, 2))
                continue
        claim = next((c for c in r.claims if c.kind == "done" and not c.goal and c.location == loc), None)
        if claim is None:
            continue
        spent, budget = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
        if spent is None or budget is None or spent.kind == "percent" or budget.kind == "percent":
            continue
        rate = ratio(of(spent, True), of(budget, True))
        if rate is None or rate.hi >= DONE_RATE_LIMIT:
            continue
        yield report(RULE, "warning", DONE,
                     [Evidence(claim.sentence, loc, "claim", None), Evidence(spent.text, spent.location, "spent"),
                      Evidence(budget.text, budget.location, "budget")],
                     subject="sheet", sheet=sheet.label, claim=claim.sentence, spent=money_text(spent),
                     budget=money_text(budget), rate=fmt(rate.mid, 1))
