"""Figures in sentences, with what they are about.

Checks that compare the narrative with the tables need to know that the 16万元
in "公用经费16万元" is 公用经费, that "人员经费111.65万元，占基本支出的87.47%"
states a rate of one figure over another, that "内设机构7个，分别为……" promises
seven names and that "总计192.78万元，其中……" promises a sum.  This module
finds those structures; judging them is the checks' job.
"""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import regex

from jixiao.model import Figure, Location

from .figures import find_figures, normalise

# Precompiled: these run once per sentence or text block.
_ETC = regex.compile(r"(?:等(?:[0-9一二三四五六七八九十]+[个项家所])?(?:单位|部门|机构)?)$")
_TRIGGER = regex.compile(r"分别|包括|包含|即|为|有|[:：]")
_DIGIT = regex.compile(r"[0-9０-９]")
_OPENERS = regex.compile(r"[\s（(]*")
_COLON = regex.compile(r"\s*[:：]?\s*")

__all__ = [
    "Enumeration",
    "LabelledFigure",
    "PartSum",
    "enumerations",
    "find_grades",
    "labelled_figures",
    "part_sums",
    "split_sentences",
]

# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_TERMINATORS = "。；;！!？?"
_OPEN = "（(【["
_CLOSE = "）)】]"
_MAX_PAREN = 100  # a terminator this far inside an unclosed paren still ends the sentence


def split_sentences(text: str, *, line_breaks: bool = True) -> list[tuple[str, int]]:
    """Sentences split on 。；！？ and line breaks, with their start offsets.

    Pass ``line_breaks=False`` for text whose line breaks are layout (PDF
    lines), not structure.

    A terminator inside parentheses does not end the sentence: in
    "127.65万元，（其中：……14.31万元。）预算总支出……" the parenthesis belongs
    to the sentence it explains.  Terminators are not part of the sentence;
    surrounding blanks are stripped (the offset points at the first kept char).
    """
    out: list[tuple[str, int]] = []
    start = 0
    depth = 0
    opened_at = 0

    def emit(end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            out.append((stripped, start + piece.find(stripped)))

    for i, c in enumerate(text):
        if c in _OPEN:
            if depth == 0:
                opened_at = i
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        ends = c in _TERMINATORS and (depth == 0 or i - opened_at > _MAX_PAREN)
        if ends or (c == "\n" and line_breaks):
            emit(i)
            start = i + 1
            depth = 0
    emit(len(text))
    return out


def _sentence_at(sentences: list[tuple[str, int]], pos: int) -> int:
    for k, (s, s0) in enumerate(sentences):
        if s0 <= pos < s0 + len(s):
            return k
    return -1


# --------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------

_GRADE = regex.compile(
    r"(?:评为|评定为|评价为|评价结果为|评价等级为|等级为|等次为|定为|结果为|属于)\s*"
    r"(?:[“\"「『'‘]\s*(?P<q>不合格|优秀|良好|合格|优|良|中|差)\s*[”\"」』'’]"
    r"|(?P<w>不合格|优秀|良好|合格)|(?P<s>优|良|中|差)(?=\s*(?:等级|等次|级|档)))"
)


def find_grades(text: str, location: Location = Location()) -> list[Figure]:
    """Grades the text awards ("被评为“良好”等级"): Figure kind "grade", text 良好."""
    out = []
    for m in _GRADE.finditer(text):
        name = next(n for n in ("q", "w", "s") if m.group(n))
        span = m.span(name)
        out.append(Figure(kind="grade", value=None, text=m.group(name), unit="等级",
                          span=span, location=location))
    return out


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledFigure:
    """A figure and the noun phrase the sentence gives it.

    ``label`` is trimmed to the measure ("实得", "公用经费"); ``phrase`` is the
    untrimmed stretch before the figure.  For a share ("占基本支出的87.47%"),
    ``of_figure`` is the figure the share is of (the amount before it) and
    ``base`` the whole it is a share of ("基本支出"), so a rate check can test
    of_figure / <base figure> = figure.
    """

    label: str
    figure: Figure
    sentence: str
    phrase: str = ""
    of_figure: "LabelledFigure | None" = None
    base: str | None = None


_DELIMS = set("，,、：:；;。！!？?（）()【】[]《》=＝\n\t \u3000") | {"…"}
_COUNTED_UNITS = {"人", "个", "项", "次", "件", "户", "家", "篇", "场", "期", "批", "台", "辆",
                  "册", "份", "人次"}
_LEAD_MARKER = regex.compile(
    r"^(?:[0-9０-９]{1,2}\s*[、.．]|[①-⑳]|[一二三四五六七八九十]+[、是]|[-—~～\s])+"
)
_ORG_SUBJECT = regex.compile(
    r"^(?:(?:本|我|该)(?:单位|部门|局|办|会|部|馆|院|委|中心|所|站)(?:（单位）|\(单位\))?"
    r"|[\u4e00-\u9fff]{0,12}?(?:局(?!长)|宣传部|委员会|人民政府|政府|中心|单位))"
)
_LEAD_WORDS = regex.compile(
    r"^(?:其中|包括|分别为|分别是|分别|即|共有|共计|共|现实有|现有|还有|尚有|此外|另外|另|以及|及|和|与|并且|并"
    r"|主要用于|用于|投入在|投入于|投入)"
)
_TRAIL_WORDS = regex.compile(r"(?:约为|达到|共计|共有|为|是|达|约|有|了|[:：])$")
_AFTER_INDICATOR = regex.compile(r"^.+?指标(?=.{2,}$)")
_TOPIC_BEFORE_ACTUAL = regex.compile(r"^.*资金(?=实际)")
_AFTER_NOUN_END = regex.compile(r"根据|按照|依据|是|为|在|已|均|都|将|由|的")
_SHARE = regex.compile(r"^占(?P<base>.+?)的?$")


def _window_before(text: str, lo: int, pos: int) -> str:
    """The text between the last delimiter (or ``lo``) and ``pos``.

    A short parenthesised qualifier such as 因公出国（境）费 stays in the phrase.
    """
    j = pos - 1
    while j >= lo:
        c = text[j]
        if c in "）)":
            k = j - 1
            while k >= max(lo, j - 6) and text[k] not in _DELIMS:
                k -= 1
            if k >= lo and text[k] in "（(" and k < j - 1 and k > lo and text[k - 1] not in _DELIMS:
                j = k - 1
                continue
            break
        if c in _DELIMS:
            break
        j -= 1
    return text[j + 1:pos]


def _window_after(text: str, pos: int, hi: int, limit: int = 12) -> str:
    j = pos
    while j < hi and j - pos < limit and text[j] not in _DELIMS and not text[j].isdigit():
        j += 1
    return text[pos:j]


def _strip_repeatedly(pattern: regex.Pattern, s: str, keep_min: int = 2) -> str:
    while True:
        m = pattern.search(s)
        if not m or len(s) - len(m.group()) < keep_min:
            return s
        s = s[: m.start()] + s[m.end():]


def trim_label(phrase: str) -> str:
    """Trim the stretch before a figure to the measure it names.

    "区信访局绩效评价指标总分值" → "总分值"; "我办基本支出为" → "基本支出";
    "其中养老保险缴费支出" → "养老保险缴费支出"; "预算资金实际使用" → "实际使用".
    """
    s = phrase.strip()
    s = _LEAD_MARKER.sub("", s)
    m = _ORG_SUBJECT.match(s)
    if m and len(s) - m.end() >= 2:
        s = s[m.end():]
    s = _strip_repeatedly(_LEAD_WORDS, s)
    s = _strip_repeatedly(_TRAIL_WORDS, s)
    for pattern in (_AFTER_INDICATOR, _TOPIC_BEFORE_ACTUAL):
        m = pattern.match(s)
        if m and len(s) - m.end() >= 2:
            s = s[m.end():]
    return s.strip()


def _is_quantity(f: Figure) -> bool:
    return f.kind in ("money", "count", "score", "number")


def labelled_figures(text: str, location: Location = Location()) -> list[LabelledFigure]:
    """Every figure of ``text`` with its label (cached: several rules and part_sums ask for the same paragraph)."""
    return list(_labelled_figures(text, location))


@lru_cache(maxsize=4096)
def _labelled_figures(text: str, location: Location) -> tuple[LabelledFigure, ...]:
    return tuple(_label_all(text, location))


def _label_all(text: str, location: Location) -> list[LabelledFigure]:
    """Every figure of ``text`` with its label, sentence by sentence.

    A count is labelled by the noun it counts when one follows ("2个业务股室"
    → 业务股室), else by the phrase before it ("内设机构7个" → 内设机构).
    Grades ("被评为“良好”等级") come as Figure kind "grade" labelled 等级.
    """
    figures = sorted(find_figures(text, location) + find_grades(text, location),
                     key=lambda f: f.span)
    sentences = split_sentences(text)
    out: list[LabelledFigure] = []
    for s, s0 in sentences:
        s1 = s0 + len(s)
        in_sentence = [f for f in figures if s0 <= f.span[0] < s1]
        prev_end = s0
        done: list[LabelledFigure] = []
        for f in in_sentence:
            phrase = _window_before(text, prev_end, f.span[0])
            if f.kind == "grade":
                lf = LabelledFigure("等级", f, s, phrase)
            else:
                label = trim_label(phrase)
                if f.kind == "count" and f.unit in _COUNTED_UNITS:
                    after = _AFTER_NOUN_END.split(_window_after(text, f.span[1], s1), 1)[0]
                    if len(after) >= 2:
                        label = after
                of_figure = base = None
                if f.kind == "percent":
                    share = _SHARE.match(label)
                    if share:
                        base = share.group("base")
                        of_figure = next((p for p in reversed(done)
                                          if p.figure.kind in ("money", "count", "score")), None)
                lf = LabelledFigure(label, f, s, phrase, of_figure, base)
            done.append(lf)
            out.append(lf)
            prev_end = f.span[1]
    return out


# --------------------------------------------------------------------------
# Enumerations: "内设机构7个，分别为办公室、新闻室……"
# --------------------------------------------------------------------------


@dataclass
class Enumeration:
    """A stated count and the list that follows it; len(items) should equal count."""

    count: Figure
    noun: str
    items: list[str]
    sentence: str
    location: Location = field(default_factory=Location)


_ENUM_TRIGGER = regex.compile(
    r"^\s*[，,]?\s*(?:分别为|分别是|分别|包括|包含|即|为|有)?\s*[:：]?\s*"
)
_ITEM_SPLIT = regex.compile(r"[、，,；;]|以及")
_UNIT_SUFFIXES = ("办公室", "中心", "室", "股", "科", "所", "队", "站", "组", "部", "处", "局")


def _ends_with_suffix(s: str) -> bool:
    return len(s) >= 2 and s.endswith(_UNIT_SUFFIXES)


def _split_run_together(piece: str) -> list[str]:
    """"文化文艺和电影股文明创建指导股" → two names, cut after each unit suffix.

    Only cut where both sides are names ending in a unit suffix, so
    "复查复核办公室办案专项" stays whole.
    """
    if not _ends_with_suffix(piece):
        return [piece]
    parts: list[str] = []
    start = 0
    for p in range(2, len(piece) - 1):
        left, right = piece[start:p], piece[p:]
        if _ends_with_suffix(left) and _ends_with_suffix(right):
            parts.append(left)
            start = p
    parts.append(piece[start:])
    return parts


def _clean_item(item: str) -> str:
    item = item.strip().strip("“”\"'‘’")
    item = _ETC.sub("", item)
    return item.strip()


def enumerations(text: str, location: Location = Location()) -> list[Enumeration]:
    """Stated counts followed by the named list ("共实施5个项目支出，分别是：……").

    Lists of figures are part sums, not enumerations (see :func:`part_sums`).
    Names written without separators are split on unit suffixes only while
    the list is shorter than the stated count.
    """
    out: list[Enumeration] = []
    sentences = split_sentences(text)
    labelled = labelled_figures(text, location)
    for lf in labelled:
        f = lf.figure
        if f.kind != "count" or f.unit not in _COUNTED_UNITS or f.value is None:
            continue
        k = _sentence_at(sentences, f.span[0])
        if k < 0:
            continue
        s, s0 = sentences[k]
        s1 = s0 + len(s)
        after_noun = _window_after(text, f.span[1], s1, limit=20)
        rest_start = f.span[1] + len(after_noun)
        rest = normalise(text[rest_start:s1])
        m = _ENUM_TRIGGER.match(rest)
        trigger = m.group() if m else ""
        if not _TRIGGER.search(trigger):
            continue
        list_text = text[rest_start + len(trigger):s1]
        if not list_text or _DIGIT.search(list_text):
            continue
        items = [c for c in (_clean_item(x) for x in _ITEM_SPLIT.split(list_text)) if c]
        if len(items) < 2:
            continue
        if len(items) < f.value:
            split = [p for it in items for p in _split_run_together(it)]
            if len(split) <= f.value:
                items = split
        noun = after_noun if len(after_noun) >= 2 else trim_label(lf.phrase)
        out.append(Enumeration(f, noun, items, s, location))
    return out


# --------------------------------------------------------------------------
# Part sums: "总计192.78万元，其中工资福利支出183.25万元、商品和服务支出9.53万元"
# --------------------------------------------------------------------------


@dataclass
class PartSum:
    """A total and the parts the sentence says make it up."""

    total: LabelledFigure
    parts: list[LabelledFigure]
    sentence: str
    trigger: str = "其中"

    @property
    def parts_total(self) -> float:
        return sum(p.figure.value or 0.0 for p in self.parts)

    @property
    def difference(self) -> float:
        """Sum of the parts minus the total, in the total's unit."""
        return self.parts_total - (self.total.figure.value or 0.0)

    @property
    def tolerance(self) -> float:
        """Largest difference the written precision explains (interval arithmetic).

        Each figure stands for ± half a unit of its last written digit; counts
        and zeros are exact.
        """
        return _slack(self.total.figure) + sum(_slack(p.figure) for p in self.parts)

    @property
    def coarsest_decimals(self) -> int:
        """Fewest decimals written among the non-zero figures (the sum's precision)."""
        figs = [self.total.figure] + [p.figure for p in self.parts]
        written = [f.decimals for f in figs if f.value]
        return min(written, default=0)

    @property
    def rounded_mismatch(self) -> bool:
        """Sum and total differ once both are rounded to the coarsest precision.

        Stricter than :attr:`tolerance`: 13.46+6.73+10.1 = 30.29 is within the
        summed half-units of 30.23 (0.065) yet reads 30.3 against 30.2.
        """
        q = Decimal(1).scaleb(-self.coarsest_decimals)
        total = Decimal(repr(self.total.figure.value or 0.0))
        parts = sum((Decimal(repr(p.figure.value or 0.0)) for p in self.parts), Decimal(0))
        return total.quantize(q, ROUND_HALF_UP) != parts.quantize(q, ROUND_HALF_UP)


def _slack(f: Figure) -> float:
    return 0.0 if f.kind == "count" or not f.value else f.half_unit


_PART_TRIGGER = regex.compile(r"其中|包括|分别为|分别是|分别")
_SKIPPED_KINDS = ("percent", "year", "date", "grade")


def _compatible(total: Figure, part: Figure) -> bool:
    if total.kind != part.kind:
        return False
    return total.kind == "money" or total.unit == part.unit


def _marker_re(k: int) -> regex.Pattern:
    return regex.compile(
        rf"(?:(?<=^)|(?<=[，,。；;：:\s]))(?:{k}\s*[、.．]|[（(]{k}[）)]|{chr(0x245F + k)})"
    )


def part_sums(text: str, location: Location = Location()) -> list[PartSum]:
    """Totals followed by 其中/包括/分别 and their parts.

    The total is the last amount or count before the trigger in the same
    sentence (a sentence that opens with 其中 continues the previous one).
    Parts are the following figures of the same kind and unit; shares
    ("占基本支出的87.47%") and years are skipped, an incompatible figure ends
    the list, as does the paren the trigger opened in "（其中：……）".  A list
    numbered 1、2、 may run over several sentences.  Only lists of two or more
    parts are returned.
    """
    sentences = split_sentences(text)
    labelled = labelled_figures(text, location)
    out: list[PartSum] = []
    for m in _PART_TRIGGER.finditer(text):
        t = m.start()
        k = _sentence_at(sentences, t)
        if k < 0:
            continue
        s, s0 = sentences[k]
        s1 = s0 + len(s)
        before = [lf for lf in labelled if s0 <= lf.figure.span[0] and lf.figure.span[1] <= t
                  and lf.figure.kind in ("money", "count", "score")]
        first_sentence = s0
        if not before and _OPENERS.fullmatch(text[s0:t]) and k > 0:
            ps, ps0 = sentences[k - 1]
            before = [lf for lf in labelled if ps0 <= lf.figure.span[0] < ps0 + len(ps)
                      and lf.figure.kind in ("money", "count", "score")]
            first_sentence = ps0
        if not before:
            continue
        total = before[-1]
        after = text[m.end():]
        lead = _COLON.match(after)
        pos = m.end() + (lead.end() if lead else 0)
        parts: list[LabelledFigure]
        if _marker_re(1).match(text, pos):
            parts, end = _numbered_parts(text, pos, labelled, total.figure)
        else:
            limit = s1
            if t > 0 and text[t - 1] in "（(":
                close = _matching_close(text, t - 1)
                if close is not None:
                    limit = min(limit, close)
            parts = []
            for lf in labelled:
                f = lf.figure
                if f.span[0] < pos or f.span[0] >= limit:
                    continue
                if f.kind in _SKIPPED_KINDS:
                    continue
                if not _compatible(total.figure, f):
                    break
                parts.append(lf)
            end = parts[-1].figure.span[1] if parts else pos
        if len(parts) < 2:
            continue
        k_end = _sentence_at(sentences, end - 1)
        sent_end = sentences[k_end][1] + len(sentences[k_end][0]) if k_end >= 0 else end
        out.append(PartSum(total, parts, text[first_sentence:sent_end], m.group()))
    return out


def _matching_close(text: str, open_pos: int) -> int | None:
    depth = 0
    for i in range(open_pos, min(len(text), open_pos + 400)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return None


def _numbered_parts(
    text: str, pos: int, labelled: list[LabelledFigure], total: Figure
) -> tuple[list[LabelledFigure], int]:
    """Parts of a list numbered 1、2、…: the first compatible figure of each item."""
    parts: list[LabelledFigure] = []
    start = pos
    end = pos
    for k in range(1, 21):
        m = _marker_re(k).search(text, start, min(len(text), start + 600))
        if not m:
            break
        nxt = _marker_re(k + 1).search(text, m.end(), min(len(text), m.end() + 600))
        stop = nxt.start() if nxt else len(text)
        part = next((lf for lf in labelled
                     if m.end() <= lf.figure.span[0] < stop
                     and lf.figure.kind not in _SKIPPED_KINDS), None)
        if part is None or not _compatible(total, part.figure):
            break
        parts.append(part)
        end = part.figure.span[1]
        start = m.end()
    return parts, end
