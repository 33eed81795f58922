"""attachment.missing: an attachment the report lists but does not contain.

Reports end with "报告应包括以下附件：" and a numbered list, or a line
"附件：绩效评价基础数据表".  Each listed title is looked for among the
attachment titles, table titles and short title-like paragraphs, fuzzily
(rapidfuzz) and through the equivalences reviewers accept:

* a 基础数据表 / 基础数据汇总表 is any title containing 基础数据;
* a 项目支出绩效自评表 is satisfied by 预算支出绩效自评表 (the provincial form
  names projects 预算支出);
* a 部门整体支出绩效自评表 or 绩效评价指标评分表 is satisfied by any 指标表 /
  评分表 / 指标框架 / 自评表 whose header has a 得分 or 自评分 column: the
  scored indicator table *is* the self-evaluation of the whole department;
* a "X情况表" (政府性基金预算支出情况表) needs a title naming X.

When the narrative says the topic is 无 (section "三、政府性基金预算支出情况"
followed by "无") a missing table is a remark (info); otherwise a warning,
since the list is often template text the writer did not adapt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import regex as re
from rapidfuzz import fuzz

from checks.registry import Message, report, rule
from jixiao.model import Document, Evidence, Finding, Location, Paragraph, Table

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "attachment.missing"
INTRO_RE = re.compile(r"(?:应|须|需)?包括(?:以下|如下|下列)附件\s*[：:]?\s*$")
INLINE_RE = re.compile(r"^\s*附\s*件\s*[：:]\s*(?P<list>.+)$")
ITEM_RE = re.compile(r"^\s*(?:[0-9０-９]+\s*[、.．)）]|[（(][0-9０-９一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*(?P<title>.+?)\s*$")
NOTE_RE = re.compile(r"[（(][^）)]*[）)]")
MIN_RATIO = 85
NIL_RE = re.compile(r"^\s*(?:无|无此项|未发生|没有|不涉及|本年度无|本单位无)[^\p{Han}]*$|^\s*无[。．.]?\s*$")
SCORE_HEAD = ("得分", "自评分", "评分")
TOPIC_TRIM = re.compile(r"(?:情况)?(?:汇总)?表$")


@dataclass(frozen=True)
class Listed:
    title: str  # as written, numbering and notes removed
    text: str  # the list line as written
    location: Location


_LABEL = re.compile(r"^附件\s*[0-9０-９\-－]*\s*[：:]?")


def _norm(title: str) -> str:
    t = NOTE_RE.sub("", title)
    t = _LABEL.sub("", t)
    return "".join(t.split()).rstrip("。；;，,")


def listed_attachments(paragraphs: list[Paragraph]) -> list[Listed]:
    """Titles the report says it attaches, in order."""
    out: list[Listed] = []
    for i, p in enumerate(paragraphs):
        text = p.text.strip()
        if INTRO_RE.search(text):
            for q in paragraphs[i + 1:i + 15]:
                if q.location.attachment != p.location.attachment:
                    break
                m = ITEM_RE.match(q.text)
                if not m:
                    break
                out.append(Listed(_norm(m.group("title")), q.text.strip(), q.location))
            continue
        m = INLINE_RE.match(text)
        if m and len(text) <= 80:
            for part in re.split(r"[、；;，,]|\s{2,}", m.group("list")):
                part = ITEM_RE.match(part).group("title") if ITEM_RE.match(part) else part
                if _norm(part).endswith("表"):
                    out.append(Listed(_norm(part), text, p.location))
    return out


@dataclass(frozen=True)
class Present:
    title: str
    scored: bool  # a table with a 得分 / 自评分 column


def _scored(t: Table) -> bool:
    head = "".join("".join(r) for r in t.rows()[:3])
    return any(h in head for h in SCORE_HEAD)


def present_titles(doc: Document, listed: Iterable[Listed] = ()) -> list[Present]:
    """Titles of what the document contains: attachments, tables, short title lines.

    The list lines themselves (``listed``) are not evidence of presence.
    """
    skip = {(x.text, x.location) for x in listed}
    out: list[Present] = []
    scored_titles = {_norm(t.title) for t in doc.tables if t.title and _scored(t)}
    for a in doc.attachments:
        if a.title:
            out.append(Present(_norm(a.title), _norm(a.title) in scored_titles))
    for t in doc.tables:
        if t.title:
            out.append(Present(_norm(t.title), _scored(t)))
        first = _norm(t.text(0, 0))
        if first.endswith("表") and len(first) <= 30:
            out.append(Present(first, _scored(t)))
    for p in doc.paragraphs:
        t = _norm(p.text)
        if (p.text.strip(), p.location) in skip:
            continue
        if 4 <= len(t) <= 30 and t.endswith("表"):
            out.append(Present(t, False))
    return out


def _satisfied(listed: str, present: list[Present]) -> bool:
    if "基础数据" in listed:
        return any("基础数据" in p.title for p in present)
    if re.search(r"(?:项目|预算)支出.*(?:自评|评价|评分)表", listed):
        return any(re.search(r"(?:项目|预算)支出.*(?:自评|评价|评分)表", p.title) for p in present)
    if re.search(r"(?:部门整体|整体支出|指标).*(?:自评|评分)表", listed):
        return any(
            p.scored and re.search(r"指标|评分|自评|框架", p.title) and "基础数据" not in p.title
            for p in present
        )
    topic = TOPIC_TRIM.sub("", listed)
    for p in present:
        if topic and topic in p.title:
            return True
        if fuzz.ratio(listed, p.title) >= MIN_RATIO or (
            len(p.title) >= 6 and fuzz.partial_ratio(listed, p.title) >= 95 and len(listed) <= len(p.title) + 2
        ):
            return True
    return False


def topic_is_nil(listed: str, paragraphs: list[Paragraph]) -> Paragraph | None:
    """The heading of a narrative section on the listed topic whose body says 无."""
    topic = TOPIC_TRIM.sub("", listed)
    if len(topic) < 4:
        return None
    for i, p in enumerate(paragraphs):
        if p.heading_level is None or topic not in _norm(p.text):
            continue
        body = [q for q in paragraphs[i + 1:i + 3] if q.text.strip()]
        if body and body[0].heading_level is None and NIL_RE.match(body[0].text):
            return p
    return None


MISSING = Message("attachment.missing", "报告列明附件“{title}”，但文中未见该表{note}")
NIL = Message("attachment.nil", "报告列明附件“{title}”，文中未附；正文称该项为“无”，可不附表但宜注明")


@rule(RULE, "报告列明的附件未附", severity="warning")
def missing_attachments(ctx: "CheckContext") -> Iterable[Finding]:
    """An attachment the report lists but does not contain.

    What it flags: a title in the report's own list of attachments ("报告应包括
    以下附件：1.…", "附件：…") that matches no attachment, table title or title
    line of the document (fuzzily, and through the equivalences reviewers
    accept: a 预算支出绩效自评表 is a 项目支出绩效自评表, a scored 指标表 is the
    部门整体 评分表).

    Why it matters: the listed attachments are part of the submission; one
    that is missing cannot be reviewed.

    Example: 「附件：部门整体支出绩效评价指标体系评分表」 with no such table.

    Severity: warning; info when the narrative says the topic is 无, or when
    the document ends mid-sentence (an excerpt or a cut file: the attachment
    may lie beyond the cut).  Options: none beyond --select/--ignore.
    """
    paragraphs = ctx.paragraphs
    listed = listed_attachments(paragraphs)
    if not listed:
        return
    present = present_titles(ctx.doc, listed)
    for item in listed:
        if not item.title or _satisfied(item.title, present):
            continue
        nil = topic_is_nil(item.title, paragraphs)
        evidence = [Evidence(item.text, item.location, "listed")]
        if nil is not None:
            body = paragraphs[paragraphs.index(nil) + 1]
            evidence += [Evidence(nil.text.strip(), nil.location, "context"), Evidence(body.text.strip(), body.location, "context")]
            yield report(RULE, "info", NIL, evidence, title=item.title)
        elif ctx.truncated:
            yield report(RULE, "info", MISSING, evidence, title=item.title, note="（文档在末尾中断，该附件可能在未取得的部分）")
        else:
            yield report(RULE, "warning", MISSING, evidence, title=item.title, note="")
