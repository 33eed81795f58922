"""field.missing: a cell or field the report must fill, left blank or holding the form's own instructions."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import regex as re

from checks.registry import Message, report, rule
from checks.tolerance import fmt, of, ratio
from extract.understand.catalog import load_catalog
from extract.understand.lexicon import load_lexicon
from extract.understand.tablefacts import fact_figure
from jixiao.model import Evidence, Finding

if TYPE_CHECKING:
    from extract.understand.forms import Form
    from extract.understand.report import Report

RULE = "field.missing"
LABEL_BLANK = Message("field.label", "{where}“{label}”未填写")
TOTAL_BLANK = Message("field.total_blank", "合计数未填写：{where}“{label}”{period}数为空，而其分项已填写（{parts}）", joiner="；")
FUND_BLANK = Message("field.fund_blank", "必填项未填写：{sheet}自评表“{row}”的{column}为空，而该表已填写分值{weight}")
ROW_BLANK = Message("field.row_blank", "必填项未填写：{sheet}「{item}」有分值{weight}，但{column}为空")
TOTAL_SCORE_BLANK = Message("field.total_score", "必填项未填写：{sheet}“{label}”行得分为空，而各项指标已评分")
INSTRUCTION = Message("field.instruction", "答案栏仅有填表说明：{sheet}“{column}”栏为填表说明原文「{text}」{why}")
PLACEHOLDER = Message("field.placeholder", "模板占位行未删除：{sheet}{groups}下仍有“{names}”行", joiner="、")
NOT_NUMERIC = Message("field.not_numeric", "实际完成值未填数值：{sheet}「{item}」年度指标值{target}，实际完成值写“{actual}”")

SEVERITY = {"填报单位": "warning", "填表单位": "warning", "单位名称": "warning",
            "填表人": "info", "填报人": "info", "填报日期": "info", "填表日期": "info"}
_LABELS = "|".join(SEVERITY)
_NEXT_LABEL = r"填报单位|填表单位|单位名称|填表人|填报人|填报日期|填表日期|联系电话|单位负责人|负责人|审核人|金额单位|单位[：:]"
_BLANK = r"[\s_＿\-—－/．.…]*"
FIELD_RE = re.compile(rf"(?P<label>{_LABELS})\s*[：:](?P<value>{_BLANK})(?=(?:{_NEXT_LABEL})|$)")
COLUMN_NAMES = {"executed": "全年执行数", "score": "得分", "actual": "实际完成值", "deviation_reason": "偏差原因",
                "budget_full": "全年预算数", "weight": "分值"}


def blank_fields(text: str) -> list[str]:
    """Labels in ``text`` whose value is empty (spaces, tabs, underscores only)."""
    return [m.group("label") for m in FIELD_RE.finditer(text.strip())]


@rule(RULE, "必填项或数字留空（填报单位、合计行、自评表必填栏），或填写的是填表说明")
def field_missing(r: "Report") -> Iterator[Finding]:
    """A required field or figure left blank, or filled with the form's own instructions.

    What it flags:
    - a label line with nothing after it ("填报单位：" blank: warning; 填表人,
      填报日期: info);
    - a total left blank in a table whose parts are filled (三公经费 blank while
      公务接待 0.7);
    - in a filled 自评表 (one that carries 分值): a 年度资金总额 row without
      全年执行数 or 得分, an indicator row with a 分值 but no 得分 or no 实际完成值,
      a 总分 row without a score although the items are scored;
    - an answer cell (原因, 偏差原因, 实际完成情况) holding only the form's own
      instruction text ("…（100字以内）; 2.年中发生预算调整的…应单独说明理由") —
      an error when the figures require the answer (the budget was adjusted in
      the year, or less than 90% was spent), a warning otherwise;
    - template rows left in a filled form ("指标2：", "……": info), and an
      实际完成值 written as a word against a numeric target (info).

    Why it matters: a blank required cell means the form was not completed;
    a reviewer cannot check a score whose result was never stated.

    Example: 「总额 | 年初预算0.00 | 调整后预算3.36 | … | 原因：1.预算执行率=…（100字以内）」.

    Severity: error, warning or info as above.  Options: none beyond --select/--ignore.
    """
    yield from _label_lines(r)
    yield from _blank_totals(r)
    for form in r.forms:
        yield from _form_required(form)
        yield from _instructions(form)
        yield from _placeholders(form)
    yield from _unscored_rows(r)


def _label_lines(r: "Report") -> Iterator[Finding]:
    for p in r.paragraphs:
        if len(p.text) > 120:
            continue
        for label in blank_fields(p.text):
            where = p.location.attachment or p.location.table_title or "报告"
            yield report(RULE, SEVERITY[label], LABEL_BLANK, [Evidence(p.text.strip() or p.text, p.location, "field")],
                         where=where, label=label)


def _blank_totals(r: "Report") -> Iterator[Finding]:
    """A total left blank in a column where one of its parts is filled with a non-zero figure."""
    catalog = load_catalog()
    facts = r.basic_facts + [f for s in r.forms for f in s.facts]
    by_key = {(f.subject, f.measure, f.location.table): f for f in facts}
    for f in facts:
        entry = catalog.find(f.subject, "item")
        if entry is None or not entry.components or f.text.strip():
            continue
        kids = [by_key.get((c, f.measure, f.location.table)) for c in entry.components]
        filled = [(k, fact_figure(k)) for k in kids if k is not None]
        filled = [(k, g) for k, g in filled if g is not None and g.value]
        if not filled:
            continue
        yield report(RULE, "warning", TOTAL_BLANK,
                     [Evidence(f"{f.label}（空）", f.location, "blank")] + [Evidence(g.text, k.location, "part") for k, g in filled],
                     where=f.location.attachment or "", label=f.label, period=f.period or "",
                     parts=tuple(f"{k.label}{g.text}" for k, g in filled))


def _filled(form: "Form") -> bool:
    """A form that carries 分值 is meant to be scored."""
    st = form.scores
    return st is not None and any(x.weight is not None and x.weight.value for x in st.rows)


def _form_required(form: "Form") -> Iterator[Finding]:
    sheet = form.label
    total_row = form.fund_total
    if total_row is not None:
        weight = total_row.figure("weight")
        if weight is not None and weight.value and weight.kind != "percent":
            for role in form.schema.funds.get("required", []):
                cell = total_row.cell(role)
                if cell is not None and cell.blank:
                    yield report(RULE, "warning", FUND_BLANK, [Evidence("（空）", cell.location, "blank"),
                                                               Evidence(weight.text, weight.location, "weight")],
                                 subject="sheet", sheet=sheet, row=total_row.label, column=COLUMN_NAMES.get(role, role),
                                 weight=weight.text)
    st = form.scores
    if st is None or not _filled(form):
        return
    required = form.schema.indicators.get("required", [])
    for x in st.rows:
        if x.placeholder or x.weight is None or not x.weight.value:
            continue
        blank = []
        if "score" in required and x.score is None and x.score_location is not None:
            blank.append(("得分", x.score_location))
        if "actual" in required and x.actual_location is not None and not x.actual.strip():
            blank.append(("实际完成值", x.actual_location))
        for column, loc in blank:
            yield report(RULE, "warning", ROW_BLANK, [Evidence("（空）", loc, "blank"), Evidence(x.weight.text, x.weight_location or x.location, "weight")],
                         subject="sheet", sheet=sheet, item=_item_name(x.name), weight=x.weight.text, column=column)
    total = form.total
    scored = [x for x in st.rows if x.score is not None and x.score.value is not None]
    if total is not None and total.by_role and total.score is not None and total.score.blank and scored:
        yield report(RULE, "warning", TOTAL_SCORE_BLANK, [Evidence("（空）", total.score.location, "blank")],
                     subject="sheet", sheet=sheet, label=total.label)


def _unscored_rows(r: "Report") -> Iterator[Finding]:
    """An indicator of a scored 评分表 (not a form) with a 分值 but no 得分 while the others are scored."""
    for st in r.score_tables:
        if st.kind != "indicator_scores":
            continue
        scored = [x for x in st.rows if x.score is not None and x.score.value is not None]
        if len(scored) < 2:
            continue
        for x in st.rows:
            if x.placeholder or x.score is not None or x.score_location is None or x.weight is None or not x.weight.value:
                continue
            yield report(RULE, "warning", ROW_BLANK, [Evidence("（空）", x.score_location, "blank"),
                                                      Evidence(x.weight.text, x.weight_location or x.location, "weight")],
                         subject="sheet", sheet=st.table.location.label(), item=_item_name(x.name), weight=x.weight.text,
                         column="得分")


def _item_name(name: str) -> str:
    return re.sub(r"^指标\s*[0-9一二三四五六七八九十]+\s*[:：]", "", name) or name


def _instruction_text(text: str) -> bool:
    t = "".join(text.split())
    return bool(t) and any(m in t for m in load_lexicon().instruction_markers)


def _instructions(form: "Form") -> Iterator[Finding]:
    sheet = form.label
    reason_spec = form.schema.funds.get("reason", {})
    for row in form.funds:
        cell = row.cell(reason_spec.get("column", "deviation_reason"))
        if cell is None or not _instruction_text(cell.text):
            continue
        why, severity = "", "warning"
        initial, full, spent = row.figure("budget_initial"), row.figure("budget_full"), row.figure("executed")
        if initial is not None and full is not None and reason_spec.get("when_adjusted") \
                and not of(initial).overlaps(of(full)):
            why, severity = f"，而年初预算{initial.text}调整为{full.text}，应说明调整理由", "error"
        elif spent is not None and full is not None:
            rate = ratio(of(spent), of(full))
            limit = reason_spec.get("below_rate")
            if rate is not None and limit is not None and rate.hi < limit:
                why, severity = f"，而执行率仅{fmt(rate.mid, 1)}%，应说明原因", "error"
        yield report(RULE, severity, INSTRUCTION,
                     [Evidence(cell.text[:120], cell.location, "instruction")]
                     + [Evidence(f.text, f.location, "data") for f in (initial, full, spent) if f is not None],
                     subject="sheet", sheet=f"{sheet}自评表“{row.label}”行", column="原因", text=_excerpt(cell.text), why=why)
    for key, (text, loc) in form.goals.items():
        if _instruction_text(text):
            yield report(RULE, "warning", INSTRUCTION, [Evidence(text[:120], loc, "instruction")],
                         subject="sheet", sheet=f"{sheet}自评表", column="实际完成情况" if key == "goal_actual" else "预期目标",
                         text=_excerpt(text), why="")
    st = form.scores
    if st is not None:
        for x in st.rows:
            if x.reason and _instruction_text(x.reason):
                yield report(RULE, "warning", INSTRUCTION, [Evidence(x.reason[:120], x.reason_location or x.location, "instruction")],
                             subject="sheet", sheet=f"{sheet}自评表「{_item_name(x.name)}」", column="偏差原因",
                             text=_excerpt(x.reason), why="")


def _excerpt(text: str, n: int = 40) -> str:
    t = "".join(text.split())
    return t if len(t) <= n else t[:n] + "…"


def _placeholders(form: "Form") -> Iterator[Finding]:
    from extract.understand.targets import compare_target

    st = form.scores
    if st is None or not _filled(form):
        return
    left = [x for x in st.rows if x.placeholder]
    if left:
        groups = []
        for x in left:
            g = x.level2.name if x.level2 else (x.level1.name if x.level1 else "")
            if g and g not in groups:
                groups.append(g)
        names = tuple(dict.fromkeys(x.name for x in left))
        yield report(RULE, "info", PLACEHOLDER, [Evidence(x.name, x.location, "placeholder") for x in left[:8]],
                     subject="sheet", sheet=f"{form.label}自评表", groups="、".join(groups[:6]), names=names)
    for x in st.rows:
        if not x.target.strip() or not x.actual.strip():
            continue
        from extract.understand.figures import parse_cell

        tf, af = parse_cell(x.target), parse_cell(x.actual)
        if tf is not None and tf.value is not None and tf.kind in ("money", "count", "percent") and af is None \
                and compare_target(x.target, x.actual, x.indicator_id, x.name) is None:
            yield report(RULE, "info", NOT_NUMERIC, [Evidence(x.actual, x.actual_location or x.location, "actual"),
                                                     Evidence(x.target, x.target_location or x.location, "target")],
                         subject="sheet", sheet=f"{form.label}自评表", item=_item_name(x.name), target=x.target.strip(),
                         actual=x.actual.strip())
