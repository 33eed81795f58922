"""year.stale: a year reference that does not fit the fiscal year evaluated.

Reports are rebuilt from last year's (or an older) file and a few years
survive the edit.  Only references whose year is meant to be the fiscal year
Y are checked, because a report legitimately names many other years (上年
决算数, 填报日期 in Y+1, document numbers such as 湘财绩〔2018〕7号):

* a cited budget document (《关于2018年部门预算的批复》) for a year other than Y
  — error when the report elsewhere cites the Y version, else warning;
* "对2019年度部门整体支出进行了绩效自评" in a 2020 report — error;
* definitional text anchored to an old year ("该指标以2017年完工的新建楼堂馆所为
  评价内容", "根据绩效办2018年对各部门…考核分数折算") — warning: framework
  boilerplate that nobody updated; Y−1 is left alone for 考核 (last year's
  assessment is what exists when the report is written) and is a remark for
  definitions.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import regex as re

import tomllib
from functools import lru_cache
from importlib import resources

from checks.registry import Message, finding, report, rule
from extract.understand.figures import doc_citations
from jixiao.model import Evidence, Finding, Location

# Precompiled: these run once per sentence or text block.
_LEAD_HAN = re.compile(r"[\p{Han}]{0,4}$")
_CONJ = re.compile(r"^(?:以及|及|和|与|并|、)")

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "year.stale"
MAX_EVIDENCE = 4
YEAR = r"((?:19|20)\d{2})"


def _any(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """The year roles' patterns, built from the words in lexicon.toml [years]."""
    from extract.understand.lexicon import load_lexicon

    w = load_lexicon().year_words
    objects, owners, acts = _any(w("evaluated_objects")), _any(w("evaluated_owners")), _any(w("evaluation_acts"))
    return {
        "budget_doc": re.compile(_any(w("budget_documents"))),
        "evaluated": re.compile(
            rf"对\s*{YEAR}\s*年(?:度)?{owners}?{objects}[^。；]{{0,12}}?{acts}"
            rf"|{YEAR}\s*年度?{objects}?绩效{acts}{_any(w('evaluation_results'))}"),
        "definition": re.compile(
            rf"{_any(w('definition_before'))}\s*{YEAR}\s*年[^。；\n]{{0,20}}?{_any(w('definition_after'))}"
            rf"|{YEAR}\s*年(?:度)?{_any(w('definition_subjects'))}"),
        "assessment": re.compile(
            rf"{_any(w('assessment_bodies'))}\s*{YEAR}\s*年(?:度)?[^。；\n]{{0,40}}?{_any(w('assessment_acts'))}"),
    }


SAME_YEAR_HINT = "（{y}年完工项目）"


@dataclass(frozen=True)
class YearRef:
    kind: str  # "budget_doc", "evaluated", "definition", "assessment"
    year: int
    text: str  # as written, with a little context
    location: Location


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。；;\n，,") + 1
    rights = [i for i in (text.find(c, end) for c in "。；;\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def year_refs(text: str, location: Location) -> list[YearRef]:
    """Every year reference in ``text`` that is meant to be the fiscal year."""
    out: list[YearRef] = []
    for cit in doc_citations(text):
        if cit.year and _patterns()["budget_doc"].search(cit.title) and "〔" not in cit.title:
            start, end = cit.span
            lead = _LEAD_HAN.search(text[max(0, start - 4):start])
            issuer = _CONJ.sub("", lead.group(0) if lead else "")
            shown = issuer + text[start:end]
            out.append(YearRef("budget_doc", cit.year, shown, location))
    for kind in ("evaluated", "definition", "assessment"):
        rx = _patterns()[kind]
        for m in rx.finditer(text):
            year = int(next(g for g in m.groups() if g))
            out.append(YearRef(kind, year, _clause(text, m.start(), m.end()), location))
    return out


def _same_year_mentions(ctx: "CheckContext", year: int, words: tuple[str, ...]) -> list[Evidence]:
    """Places that use the fiscal year in the same role (e.g. "2021年完工项目")."""
    out = []
    rx = re.compile(rf"{year}\s*年(?:度)?(?:{'|'.join(words)})[\p{{Han}}]{{0,4}}")
    for text, loc in ctx.text_blocks():
        m = rx.search(text)
        if m:
            out.append(Evidence(m.group(0), loc))
    return out


@rule(RULE, "年份与评价年度不符（引用往年预算批复、已废止的依据文件、指标说明仍为旧年份）")
def stale_years(ctx: "CheckContext") -> Iterable[Finding]:
    """A year that does not fit the fiscal year the report evaluates.

    What it flags, by the role a year plays (a report legitimately names many
    other years: 上年决算数, a 填报日期 in the next year, policy documents):
    - a cited budget reply (《关于2018年部门预算的批复》) of another year than the
      one evaluated (error when the report elsewhere cites the right one);
    - the evaluated year itself written as another year ("对2019年度部门整体支出
      进行了绩效自评", "2020年度绩效自评得分…" in a 2021 report);
    - definitions carried over from an old framework ("以2017年完工的…为评价内容")
      and assessments of a year long past;
    - the unit's own staff counted at the end of the year before
      ("2021年末实有在职人员60人" in a 2022 决算) without a comparison;
    - a basis document that a later national rule replaced before the year
      evaluated (财预〔2011〕285号, replaced by 财预〔2020〕10号; data in
      checks/superseded.toml).

    Why it matters: a stale year shows text carried over from an earlier
    report; the figures beside it may be last year's too.

    Example: a 2020 report citing 区财政《关于2018年部门预算的批复》.

    Severity: error for a budget reply or evaluated year contradicted
    elsewhere, warning otherwise, info for definitions of the year before.
    Options: none beyond --select/--ignore.
    """
    yield from _year_refs(ctx)
    yield from _staff_year_end(ctx)
    yield from _superseded(ctx)


def _year_refs(ctx: "CheckContext") -> Iterable[Finding]:
    y = ctx.year
    if y is None:
        return
    refs = [r for text, loc in ctx.text_blocks() for r in year_refs(text, loc)]
    groups: dict[tuple[str, int], list[YearRef]] = defaultdict(list)
    for r in refs:
        groups[(r.kind, r.year)].append(r)
    current_docs = [r for r in refs if r.kind == "budget_doc" and r.year == y]
    for (kind, year), found in sorted(groups.items(), key=lambda kv: kv[0][1]):
        if year == y:
            continue
        evidence = [Evidence(r.text, r.location) for r in found[:MAX_EVIDENCE]]
        if kind == "budget_doc":
            if "决算" in found[0].text and year == y - 1:
                continue
            counterpart = current_docs[:1]
            severity = "error" if counterpart else "warning"
            also = f"，而别处引用{counterpart[0].text}" if counterpart else ""
            message = f"{y}年度报告引用{found[0].text}（{year}年），应为{y}年的预算批复{also}"
            evidence += [Evidence(r.text, r.location) for r in counterpart]
        elif kind == "evaluated":
            severity = "error"
            message = f"{y}年度报告称对{year}年度支出进行评价，年份应为{y}年"
        elif kind == "definition":
            if year > y:
                continue
            severity = "warning" if year < y - 1 else "info"
            counterpart = _same_year_mentions(ctx, y, ("完工",))
            also = f"，而别处写作“{counterpart[0].text.strip('（）()')}”" if counterpart else ""
            message = f"{y}年度报告的指标说明仍以{year}年为评价内容（{found[0].text}），应为{y}年{also}"
            evidence += counterpart[:1]
        else:  # assessment
            if year >= y - 1:
                continue
            severity = "warning"
            message = f"{y}年度报告仍按{year}年的考核结果折算（{found[0].text}），应为{y}年或{y - 1}年的考核"
        yield finding(RULE, severity, message, *evidence)


STAFF = Message("year.staff", "{y}年度报告的人员数据为{year}年末：“{text}”，应为{y}年末的人数")
SUPERSEDED = Message("year.superseded", "{y}年度报告以已废止的{number}《{title}》为依据（{replaced_year}年已由{replaced_by}《{replaced_title}》替代）")
_STAFF_WORDS = ("在职", "实有", "编制", "人员", "职工", "退休")
_COMPARE = ("比", "较", "同比", "增加", "减少", "增长", "下降", "上年", "去年")


def _staff_year_end(ctx: "CheckContext") -> Iterable[Finding]:
    """The unit's own headcount dated at the end of the year before, with no comparison in its sentence."""
    y = ctx.year
    if y is None:
        return
    seen: set[str] = set()
    for st in ctx.narrative_statements:
        if st.figure.kind != "count" or st.period != y - 1 or not any(w in st.label for w in _STAFF_WORDS):
            continue
        sentence = st.sentence
        if sentence in seen:
            continue
        seen.add(sentence)
        mark = f"{y - 1}年末"
        if mark not in "".join(sentence.split()) and f"{y - 1}年底" not in "".join(sentence.split()):
            continue
        if any(w in sentence for w in _COMPARE):
            continue
        yield report(RULE, "warning", STAFF, [Evidence(sentence[:120], st.location, "stated", st.figure.span)],
                     y=y, year=y - 1, text=f"{mark}{st.label}{st.figure.text}")


@lru_cache(maxsize=1)
def _superseded_docs() -> list[dict]:
    return tomllib.loads(resources.files("checks").joinpath("superseded.toml").read_text(encoding="utf-8"))["document"]


def _superseded(ctx: "CheckContext") -> Iterable[Finding]:
    y = ctx.year
    if y is None:
        return
    for text, loc in ctx.text_blocks():
        flat = "".join(text.split()).replace("[", "〔").replace("]", "〕").replace("【", "〔").replace("】", "〕")
        for d in _superseded_docs():
            if y >= d["year"] and d["number"] in flat:
                yield report(RULE, "warning", SUPERSEDED, [Evidence(d["number"], loc, "cited")],
                             y=y, number=d["number"], title=d["title"], replaced_year=d["year"],
                             replaced_by=d["replaced_by"], replaced_title=d["replaced_title"])
