"""The same figure written twice, and statements the figures contradict."""
from __future__ import annotations

from typing import Iterator

import regex as re

from checks.context import CheckContext
from checks.registry import finding, rule
from checks.rules.arithmetic import money_text
from extract.understand.tablefacts import fact_figure
from checks.tolerance import fmt, of, ratio
from extract.understand.mapping import map_header
from extract.understand.narrative import LabelledFigure
from jixiao.model import Evidence, Finding, Paragraph

# Words before a narrative amount that say which column of the 基础数据表 it speaks of.
ACTUAL_WORDS = ("实际使用", "实际支出", "决算", "支出为", "支出了", "已支出", "共支出", "支出总额为", "实际")
BUDGET_WORDS = ("年初预算", "预算安排", "支出预算", "预算数", "收入合计", "总收入", "资金收入", "预算总收入")
FUND_TYPES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算", "社保基金预算")
ITEMS_IN_NARRATIVE = ("public_funds", "sangong", "project_spending")


def _context(p: Paragraph, lf: LabelledFigure) -> str | None:
    """'actual' or 'budget': the nearest telling word before the figure, in its sentence first, then earlier in the paragraph."""
    text = p.text
    pos = text.find(lf.label + lf.figure.text) if lf.label else -1
    if pos < 0:
        pos = text.find(lf.figure.text)
    before = text[: max(pos, 0)]
    for fund in FUND_TYPES:
        before = before.replace(fund, "")
    start = max(before.rfind("。"), before.rfind("；"))
    for window in (before[start + 1:], before):
        best: tuple[int, str] | None = None
        for words, kind in ((ACTUAL_WORDS, "actual"), (BUDGET_WORDS, "budget")):
            for w in words:
                i = window.rfind(w)
                if i >= 0 and (best is None or i + len(w) > best[0]):
                    best = (i + len(w), kind)
        if best:
            return best[1]
    return None


def _item_of(label: str) -> str | None:
    core = label
    for w in (*ACTUAL_WORDS, *BUDGET_WORDS, *FUND_TYPES, "年度", "全年", "本年", "其中", "投入在"):
        core = core.replace(w, "") if core.replace(w, "") else core
    m = map_header(core, kinds=("item",))
    return m.entry_id if m.mapped and m.score >= 95 and m.entry_id in ITEMS_IN_NARRATIVE else None


@rule("figure.mismatch", "同一数字在不同位置（文字与表格、表格与表格）写法不一致")
def figure_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    yield from _narrative_vs_basic(ctx)
    yield from _overall_sheet_vs_narrative(ctx)


def _narrative_vs_basic(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.basic_facts:
        return
    for p, lfs in ctx.narrative:
        for lf in lfs:
            if lf.figure.kind != "money" or lf.figure.value is None:
                continue
            item = _item_of(lf.label)
            if item is None:
                continue
            kind = _context(p, lf)
            final, budget = ctx.basic(item, "final_cur"), ctx.basic(item, "budget_cur")
            ffig, bfig = fact_figure(final), fact_figure(budget)
            matches_final = ffig is not None and of(lf.figure).overlaps(of(ffig))
            matches_budget = bfig is not None and of(lf.figure).overlaps(of(bfig))
            if matches_final or (matches_budget and kind != "actual"):
                continue
            if kind == "actual" and final is not None and ffig is not None:
                note = f"（与{budget.period}数{bfig.text}相同，疑将预算数写作支出数）" if matches_budget and budget and bfig else ""
                yield finding("figure.mismatch", "warning" if matches_budget else "error",
                              f"文字与基础数据表不符：{p.location.attachment or ''}写“{lf.label}{lf.figure.text}”（支出），"
                              f"基础数据表{final.label}{final.period}数为{ffig.text}{note}",
                              Evidence(f"{lf.label}{lf.figure.text}", p.location), Evidence(ffig.text, final.location),
                              *([Evidence(bfig.text, budget.location)] if matches_budget and budget and bfig else []))
            elif kind == "budget" and budget is not None and bfig is not None and not matches_final:
                yield finding("figure.mismatch", "warning",
                              f"文字与基础数据表不符：{p.location.attachment or ''}写“{lf.label}{lf.figure.text}”（预算），"
                              f"基础数据表{budget.label}{budget.period}数为{bfig.text}",
                              Evidence(f"{lf.label}{lf.figure.text}", p.location), Evidence(bfig.text, budget.location))


SPEND_TOTAL_RE = re.compile(r"(实际使用|实际支出合计|支出合计|实际支出总额)$")


def _overall_sheet_vs_narrative(ctx: CheckContext) -> Iterator[Finding]:
    """The 整体 自评表's 全年执行数 against the total actually spent that the narrative states."""
    spent = [(p, lf) for p, lfs in ctx.narrative for lf in lfs
             if lf.figure.kind == "money" and lf.figure.value is not None and SPEND_TOTAL_RE.search(lf.label)]
    if not spent:
        return
    for sheet in ctx.sheets:
        if sheet.cls.kind != "overall_self_eval":
            continue
        executed = sheet.fund("fund_total", "executed")
        efig = fact_figure(executed)
        if executed is None or efig is None:
            continue
        for p, lf in spent:
            if of(lf.figure).overlaps(of(efig)):
                continue
            yield finding("figure.mismatch", "warning",
                          f"支出数前后不一致：{sheet.label}自评表“年度资金总额”全年执行数{efig.text}，"
                          f"而{p.location.attachment or ''}写“{lf.label}{lf.figure.text}”",
                          Evidence(efig.text, executed.location), Evidence(f"{lf.label}{lf.figure.text}", p.location))


# -- claim.contradicts_data -------------------------------------------------------

DECREASE_RE = re.compile(
    r"(?:(?P<verb>严控了?|严格控制了?|压减了?|控制了?)[“\"]?三公[”\"]?经费[”\"]?"
    r"|[“\"]?三公[”\"]?经费[”\"]?[^，。；,]{0,8}?(?P<trend>明显下降|大幅下降|有所下降|逐年下降|下降|降低|减少))"
)
STRONG_DECREASE = ("明显下降", "大幅下降", "有所下降", "下降", "降低", "减少")
DONE_RE = re.compile(r"(全部完成|圆满完成|基本完成|已完成|完成了?预定目标|完成各项任务|达到预期)")


@rule("claim.contradicts_data", "文字表述（如“三公经费明显下降”“基本完成预定目标”）与数据矛盾")
def claim_contradicts_data(ctx: CheckContext) -> Iterator[Finding]:
    yield from _sangong_claims(ctx)
    yield from _completion_claims(ctx)


def _sangong_claims(ctx: CheckContext) -> Iterator[Finding]:
    prev, cur = ctx.basic("sangong", "final_prev"), ctx.basic("sangong", "final_cur")
    pfig, cfig = fact_figure(prev), fact_figure(cur)
    if prev is None or cur is None or pfig is None or cfig is None:
        return
    if not of(cfig).lo > of(pfig).hi:
        return  # not a rise at the written precision
    for p in ctx.paragraphs:
        for m in DECREASE_RE.finditer(p.text):
            claim = m.group(0)
            sentence_start = max(p.text.rfind("。", 0, m.start()), p.text.rfind("；", 0, m.start())) + 1
            sentence = p.text[sentence_start: p.text.find("。", m.end()) if "。" in p.text[m.end():] else len(p.text)]
            if any(w in sentence for w in ("确保", "力争", "目标")):
                continue  # a goal, not a claim about what happened
            strong = bool(m.group("trend")) and m.group("trend") in STRONG_DECREASE
            rise = (cfig.value - pfig.value) / pfig.value * 100 if pfig.value else None  # type: ignore[operator]
            yield finding("claim.contradicts_data", "error" if strong else "warning",
                          f"表述与数据矛盾：{p.location.attachment or ''}称「{claim}」，但基础数据表“三公经费”由{prev.period}{money_text(pfig)}"
                          f"增至{cur.period}{money_text(cfig)}（上升{fmt(rise, 1) if rise is not None else '—'}%）",
                          Evidence(claim, p.location), Evidence(pfig.text, prev.location), Evidence(cfig.text, cur.location))
            break


def _completion_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'基本完成预定目标' while the money was barely spent (执行率 < 50%)."""
    for sheet in ctx.sheets:
        goal = sheet.goals.get("goal_actual")
        if goal is None:
            continue
        text, loc = goal
        m = DONE_RE.search("".join(text.split()))
        if not m:
            continue
        spent, budget = sheet.figure("fund_total", "executed"), sheet.figure("fund_total", "budget_full")
        if spent is None or budget is None:
            continue
        rate = ratio(of(spent, True), of(budget, True))
        if rate is None or rate.hi >= 50:
            continue
        yield finding("claim.contradicts_data", "warning",
                      f"表述与数据矛盾：{sheet.label}自评表实际完成情况写「{text.strip()}」，但全年执行数{money_text(spent)}/"
                      f"全年预算数{money_text(budget)}，资金执行率仅{fmt(rate.mid, 1)}%",
                      Evidence(text.strip(), loc), Evidence(spent.text, spent.location), Evidence(budget.text, budget.location))
