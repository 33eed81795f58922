"""Statements from sentences: every figure, what it is about, and the tree of totals and parts.

One parser for every sentence of a report, paragraph or prose table cell.  For
each amount, count, score or percentage it finds the noun phrase it quantifies
(the label), the role the sentence gives it (budget, spent, allocated …), the
year and the scope (fund level, cited document), and where it sits in a
calculation tree:

- a trigger after a figure (其中, 包括, 用于, 分别为, 为 …; the list in
  ``lexicon.toml``) or a bracket right after it opens the list of its parts;
- parts are the following figures of the same kind, separated by 、，；; the
  first separator between two parts sets the list's rank, and a stronger one
  (or the end of the sentence) closes the list, so "其中基本支出1474.25万元
  （人员经费1238.37万元、公用经费235.88万元），项目支出793.83万元" nests;
- inline numbering (1、 2、) returns to the level where 1、 began, across
  sentences; a paragraph that opens with 其中 continues the last figure of the
  previous one; numbered paragraphs under a sentence that announces them
  ("分三个项目实施：") are the parts of its figure;
- a figure written as a total after a run of parts ("，合计30万元") takes them.

Whether a list names all the parts (``closed``) is decided from the words
(等, 主要, 分别为, a residual 其他 item), a stated number of items, or — when
the words are silent — from the catalog (parts that are every component of
their total's line item) or from the figures: parts that come within 3% of
their total were meant to be all of it, while a partial 其中 names much less.  Judging the arithmetic is the
rules' job; this module only says what the report asserts.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

import regex

from jixiao.model import Figure, Location, Paragraph, Scope, Statement, Table

from .figures import chinese_to_int, doc_citations, find_figures, normalise
from .lexicon import Lexicon, load_lexicon

QUANTITY_KINDS = ("money", "count", "score", "percent")
NEAR_SUM = 0.03  # parts within this share of their total were meant to be all of it

# Characters that end a label when reading back from a figure.
_DELIMS = set("，,、：:；;。！!？?【】[]《》=＝\n\t|") | {"…"}
_OPEN_BR, _CLOSE_BR = "（(", "）)"
_SEP_RANK = {"、": 1, "，": 2, ",": 2, "；": 3, ";": 3, "。": 4, "！": 4, "？": 4, "!": 4, "?": 4, "\n": 4}
_MARKER = regex.compile(
    r"(?:(?<=^)|(?<=[\s，,。；;：:（(]))(?:(?P<arabic>[0-9]{1,2})\s*[、.．](?![0-9])|[（(](?P<paren>[0-9]{1,2})[）)]"
    r"|(?P<circled>[①-⑳])|(?P<cn>[一二三四五六七八九十]{1,2})[、.．])"
)
_LEAD_MARKER = regex.compile(
    r"^(?:\s|[0-9]{1,2}\s*[、.．)）](?![0-9])|[（(][0-9一二三四五六七八九十]{1,2}[）)][、.．]?|[①-⑳]|[一二三四五六七八九十]{1,2}[、.．是]|[-—~～·•])+"
)
_CONJ = ("以及", "并且", "此外", "另外", "还有", "尚有", "共有", "现有", "拥有", "同时", "和", "及", "与", "并", "另", "且")
# "基本支出、项目支出分别为495.05万元、393.87万元": names joined by 、 right before 分别.
_RESPECTIVE = regex.compile(r"(?P<names>[^，,。；;：:！？!?\n（）()]{2,40}?、[^，,。；;：:！？!?\n（）()]{2,60}?)分别")
_JUST_COPULA = regex.compile(r"(?:为|是|达到|达|约为|约|\s)*")
_JUST_SEPARATORS = regex.compile(r"[、，,和及与\s]*")
_AWARDED_AFTER = regex.compile(r"\s*[）)]?\s*[，,]?\s*(?:实际)?得(?:分)?(?:为)?\s*[0-9０-９]")
_ITEM_ID = regex.compile(r"[a-z][a-z0-9_]*")  # what _measure_key returns for a catalog item
_TRAIL = regex.compile(r"(?:约为|达到了|达到|共计|共有|合计为|总计为|总额为|分别为|均为|各为|为|是|达|约|有|了|的|[:：\s])+$")
_ORG_PREFIX = regex.compile(
    r"^(?:(?:本|我|该)(?:单位|部门|局|办|会|部|馆|院|委|中心|所|站|队|校|镇|乡|厅|处|项目)"
    r"|[\p{Han}（）()]{2,24}?(?:人民政府|政府|委员会|办公室|管理局|局(?!长)|宣传部|统战部|组织部|中心|学校|医院|法院|检察院|馆|站|所|队|大队))"
)
_YEARISH = regex.compile(r"(?:19|20)[0-9]{2}\s*年(?:度|末|初|底)?|[上本当今去]一?年度?(?:末|初|底)?|全年|同期")
_QUOTES = str.maketrans("", "", "“”\"‘’'「」『』")
_SHARE = regex.compile(r"^占(?P<base>.+?)的?(?:比重|比例|比率)?$")
_COUNT_AFTER = regex.compile(r"^\p{Han}[\p{Han}（）()]{0,15}?(?=[，,。；;、：:（(）)]|$|由|根据|按照|依据|是|为|在|已|均|都|将|的|和|及|共|分别|其中|包括)")
_HAS_FIGURE = regex.compile(r"[0-9０-９]|[零〇一两二三四五六七八九十百千]{1,4}(?:个|项|名|人|次|件|户|家|所|批)")
_MONEY_AFTER = regex.compile(r"^\p{Han}{2,16}?(?=于|在|已|将|由|的|被|系|是|为|[，,。；;、：:（(）)]|$)")
_DOCNO = regex.compile(r"[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*(?:第\s*)?[0-9]+\s*号")
# "…分配如下：", "…分配至各乡镇：": a clause after the figure ending in a colon introduces its parts.
_COLON_LIST = regex.compile(r"[^，,；;。:：（()）]{0,16}[:：]")
_TRIGGER_COLON = regex.compile(r"[^，,；;。:：（()）0-9]{0,8}?[:：]")
_COLON_CLOSES = ("其中", "分别为", "分别是", "具体为", "包括")
_EQUIVALENT = ("折合", "约合", "合人民币", "相当于")
_CLAUSE_SEP = regex.compile(r"[，,；;。！？!?]")
_WEAK_TRIGGERS = ("为", "即", "含", "安排", "用于")
_SENTENCE_TRIGGERS = ("其中", "包括", "分别为", "分别是", "具体为", "具体包括", "投入在", "投向", "主要用于")
_ANNOUNCE_COUNT = regex.compile(r"分(?:为)?(?P<n>[0-9一二三四五六七八九十两]{1,3})(?:个|项|类|批|部分|方面)")


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def narrative_statements(paragraphs: Iterable[Paragraph], year: int | None,
                         prose_cells: Iterable[tuple[str, Location]] = ()) -> list[Statement]:
    """Statements of every paragraph (in order) and of prose table cells, with cross-paragraph links."""
    out: list[Statement] = []
    paras = list(paragraphs)
    per_para: list[list[Statement]] = []
    for p in paras:
        stmts = parse_text(p.text, p.location, year)
        per_para.append(stmts)
    _link_paragraphs(paras, per_para)
    _link_named_parts(per_para)
    for stmts in per_para:
        out.extend(stmts)
    _inherit_level_roles(out)
    for text, loc in prose_cells:
        out.extend(parse_text(text, loc, year))
    return out


def parse_text(text: str, location: Location = Location(), year: int | None = None) -> list[Statement]:
    """The statements of one paragraph or text cell, tree links set, in order of appearance."""
    if not text or not _HAS_FIGURE.search(text):
        return []
    return _Parser(text, location, year).run()


def compat(f: Figure) -> tuple[str, ...]:
    """Figures that can be parts of one another: amounts, counts of one unit, scores."""
    if f.kind == "count":
        return ("count", f.unit)
    return (f.kind,)


# ---------------------------------------------------------------------------
# The parser of one text
# ---------------------------------------------------------------------------


@dataclass
class _Frame:
    """A list being read: the parts of ``parent`` (None at the top level)."""

    parent: Statement | None
    rank: int | None = None  # separator rank between its parts, set by the first one
    bracket: int = 0  # bracket depth the frame lives at
    is_bracket: bool = False
    trigger: str = ""
    sentence_start: int = 0
    colon: bool = False  # "其中：" — items of a colon list may be separated by ；


@dataclass
class _Marker:
    style: str
    number: int
    pos: int


class _Parser:
    def __init__(self, text: str, location: Location, year: int | None) -> None:
        self.text = text
        self.norm = normalise(text, keep="，")
        self.location = location
        self.year = year
        self.lex: Lexicon = load_lexicon()
        # 、 inside a coordinated abbreviation ("收、支总计") joins one label instead of separating two.
        self.joins = {m.start() + w.index("、") for w in self.lex.joined for m in regex.finditer(regex.escape(w), self.norm)}
        figs = find_figures(text, location)
        self.years = [f for f in figs if f.kind == "year"]
        self.figures = [f for f in figs if f.kind in QUANTITY_KINDS and f.value is not None]
        self.citations = doc_citations(text)
        self.respective = self._respective_labels()
        self.out: list[Statement] = []
        self.open_after: dict[int, str] = {}  # id(statement) -> the open word written after its list
        self.triggers: dict[int, str] = {}  # id(parent) -> trigger word
        self.trigger_pos: dict[int, int] = {}  # id(parent) -> where its list begins
        self.after_end: dict[tuple[int, int], int] = {}  # figure span -> end of a label written after it
        self.total_word: dict[int, str] = {}  # id(statement) -> the total word its label was written with
        self.head_choices: dict[int, list[Statement]] = {}  # id(sentence head) -> the sentence's other candidates
        self.colon_lists: dict[int, bool] = {}  # id(parent) -> its parts were introduced by "其中：" (a colon)
        # Strongest separator since the last amount, per bracket depth (percentages are transparent).
        self.pending: list[int] = [0]

    # -- main loop -------------------------------------------------------------
    def run(self) -> list[Statement]:
        stack: list[_Frame] = [_Frame(None)]
        depth = 0
        snapshots: dict[str, list[_Frame]] = {}
        last: Statement | None = None
        prev_end = 0
        for f in self.figures:
            gap_start, gap_end = prev_end, f.span[0]
            # 1. what stands between the previous figure and this one
            stack, depth = self._walk_gap(stack, depth, gap_start, gap_end, last, snapshots)
            # 2. the figure itself
            st = self._statement(f, prev_end)
            if st.figure.kind == "percent":
                self._attach_rate(st, last)
                self.out.append(st)
                prev_end = f.span[1]
                continue
            if self.pending[-1]:
                stack = self._separator(stack, self.pending[-1], depth)
                self.pending[-1] = 0
            self._place(st, stack)
            self.out.append(st)
            last = st
            prev_end = f.span[1]
            self._maybe_total_of_run(st, stack)
        self._after_last(prev_end, stack, last)
        self._settle_heads()
        _parallel_roles(self.out)
        _inherit_siblings(self.out)
        self._inherit_topics()
        for st in self.out:
            if st.children:
                _decide_closed(st, self)
        return self.out

    def _respective_labels(self) -> dict[tuple[int, int], str]:
        """Figure span → its label in "A、B分别为x、y": the names before 分别 go to the figures after it in turn.

        Only when the names and the figures are equally many and the figures
        follow one another with nothing but separators between them.
        """
        out: dict[tuple[int, int], str] = {}
        t = self.norm
        for m in _RESPECTIVE.finditer(t):
            start = m.start("names")
            cuts = [i for i in range(start, m.end("names")) if t[i] == "、" and i not in self.joins]
            bounds = [start, *cuts, m.end("names")]
            names = [self.text[a + (a > start):b] for a, b in zip(bounds, bounds[1:])]
            figs = [f for f in self.figures if f.span[0] >= m.end()]
            if len(names) < 2 or len(figs) < len(names) or not _JUST_COPULA.fullmatch(t[m.end():figs[0].span[0]]):
                continue
            run = figs[: len(names)]
            if all(_JUST_SEPARATORS.fullmatch(t[a.span[1]:b.span[0]]) for a, b in zip(run, run[1:])):
                out.update((f.span, n) for f, n in zip(run, names))
        return out

    # -- gaps --------------------------------------------------------------------
    def _walk_gap(self, stack: list[_Frame], depth: int, a: int, b: int, last: Statement | None,
                  snapshots: dict[str, list[_Frame]]) -> tuple[list[_Frame], int]:
        """Read the text between two figures: brackets, separators, triggers and numbering."""
        text = self.norm
        gap = text[a:b]
        # An open word right after the previous figure ("250万元等") marks its list open.
        if last is not None and last.parent is not None and regex.match(r"^\s*(?:万元|元)?\s*等", gap):
            self.open_after[id(last.parent)] = "等"
        triggers = self._gap_triggers(a, b, last)
        markers = [(m.start() + a, m) for m in _MARKER.finditer(gap)]
        mk = 0
        i = a
        while i < b:
            while mk < len(markers) and markers[mk][0] <= i:
                stack = self._marker(markers[mk][1], stack, snapshots)
                mk += 1
            if i in triggers and last is not None:
                word, anchor = triggers[i]
                # "其中：", "主要用于以下方面：": a colon closing the trigger's own clause announces a list
                colon = bool(_TRIGGER_COLON.match(text, i + len(word))) or word.endswith("如下")
                if stack[-1].parent is not anchor:
                    stack = stack + [_Frame(anchor, bracket=depth, trigger=word, sentence_start=i, colon=colon)]
                if colon and (word in _COLON_CLOSES or any(w in word for w in self.lex.to_each)):
                    self.colon_lists[id(anchor)] = True  # "其中：…", "分配至各乡镇：…" list every part
                self.triggers.setdefault(id(anchor), word)
                self.trigger_pos.setdefault(id(anchor), i + len(word))
                self.pending[-1] = 0
            c = text[i]
            if c in _OPEN_BR:
                depth += 1
                self.pending.append(0)
                between = text[last.figure.span[1]:i] if last is not None else "x"
                just_after = last is not None and regex.fullmatch(r"\s*(?:万元|元)?\s*[，,]?\s*", between) is not None
                parent = last if just_after else stack[-1].parent
                stack = stack + [_Frame(parent, bracket=depth, is_bracket=True, sentence_start=i)]
                if just_after and last is not None:
                    inner = self.lex.trigger_re.match(text[i + 1:i + 12])
                    self.triggers.setdefault(id(last), inner.group("w") if inner else "（")
            elif c in _CLOSE_BR:
                while len(stack) > 1 and stack[-1].bracket >= depth:
                    stack = stack[:-1]
                depth = max(0, depth - 1)
                if len(self.pending) > 1:
                    self.pending.pop()
            elif c in _SEP_RANK:
                self.pending[-1] = max(self.pending[-1], _SEP_RANK[c])
                if _SEP_RANK[c] >= 4:
                    stack = self._separator(stack, 4, depth)
            i += 1
        return stack, depth

    def _gap_triggers(self, a: int, b: int, last: Statement | None) -> dict[int, tuple[str, Statement]]:
        """Triggers that open a list of parts, with the figure they open it for.

        Right after a figure, the list is that figure's; a trigger opening the next
        sentence ("…29.49万元，与上年19.99万元相比有所下降。其中：…") continues the
        sentence's head figure, not the comparison figure that happens to come last.
        """
        out: dict[int, tuple[str, Statement]] = {}
        if last is None:
            return out
        a = max(a, min(self.after_end.get(last.figure.span, a), b))  # "10个机构单位，其中…": after the noun
        gap = self.norm[a:b]
        m = self.lex.trigger_re.match(gap)
        # A trigger opens a list only when the next figure follows in the same clause:
        # in "30万元用于审计；30万元…" 用于 names what the 30万元 was for.
        if m and not _CLAUSE_SEP.search(gap[m.end():]):
            word = m.group("w")
            # "为", "即", "含", "安排" open a list only right after the figure ("124.23万元，为…").
            if word not in _WEAK_TRIGGERS or regex.match(r"^\s*(?:万元|元)?\s*[，,]?\s*" + regex.escape(word), gap):
                out[a + m.start("w")] = (word, last)
        # "…分配如下：水东8万、…": a colon list announced after the figure.
        cm = _COLON_LIST.search(gap)
        if cm and not _CLAUSE_SEP.search(gap[:cm.start()]) and not _CLAUSE_SEP.search(gap[cm.end():]):
            out.setdefault(a + cm.start(), (cm.group().rstrip(":："), last))
        # A sentence (or one of its leading clauses) that opens with 其中/投入在… continues the last figure.
        for sm in regex.finditer(r"[。；;，,]", gap):
            if sm.group() in "，," and not regex.search(r"[。；;]", gap[:sm.start()]):
                continue  # a comma clause of the figure's own sentence: only right after the figure counts
            m2 = self.lex.trigger_re.match(gap[sm.end():])
            if m2 and m2.group("w") in _SENTENCE_TRIGGERS and not _CLAUSE_SEP.search(gap[sm.end() + m2.end():]):
                anchor = self._sentence_head(last) if sm.group() in "。；;" else last
                out[a + sm.end() + m2.start("w")] = (m2.group("w"), anchor)
        return out

    def _sentence_head(self, last: Statement) -> Statement:
        """The figure a sentence-opening 其中 continues.

        After a sentence that lists parts itself ("…127.65万元，其中：1、人员经费111.65万元…。其中：…")
        the new list continues its last figure; after a plain sentence it continues the
        sentence's subject figure, not a budget or last year's figure it was compared with
        ("决算为29.49万元，完成预算32.89万元的89.66%，与上年19.99万元相比有所下降。其中：…").
        """
        start = self._sentence_start(last.figure.span[0])
        in_sentence = [st for st in self.out if st.figure.span[0] >= start]
        if any(st.children or st.parent is not None for st in in_sentence):
            return last if last.role != "change" else next(
                (st for st in reversed(in_sentence) if st.role != "change" and st.figure.kind != "percent"
                 and compat(st.figure) == compat(last.figure)), last)
        heads = [st for st in in_sentence if st.parent is None and st.figure.kind != "percent" and st.role != "change"
                 and compat(st.figure) == compat(last.figure)]
        if len(heads) >= 2:
            self.head_choices[id(heads[0])] = heads  # settled once the parts are known (_settle_heads)
        return heads[0] if heads else last

    def _settle_heads(self) -> None:
        """A sentence-opening 其中 after a sentence of several amounts ("预算36.70万元，决算33.17万元。其中：…")
        lists the parts of the one they add up to, or else of the one whose role they name ("其中…实际支出…");
        the sentence's first amount when neither tells."""
        for st in self.out:
            heads = self.head_choices.get(id(st))
            kids = st.children
            if not heads or len(kids) < 2 or any(k.figure.value is None for k in kids):
                continue
            total = sum(k.figure.value for k in kids)  # type: ignore[misc]
            slack = sum(k.figure.half_unit for k in kids)
            fits = [h for h in heads if h.figure.value is not None and abs(h.figure.value - total) <= slack + h.figure.half_unit]
            if not fits:  # no amount they add up to at the precision written: one they nearly add up to
                fits = [h for h in heads if h.figure.value is not None
                        and abs(h.figure.value - total) <= NEAR_SUM * abs(h.figure.value)]
            named = {k.role for k in kids if k.role_strength >= 2}
            target = fits[0] if len(fits) == 1 else None
            if target is None and not fits and len(named) == 1:
                target = next((h for h in heads if h.role in named), None)
            if target is None or target is st:
                continue
            st.children = []
            for k in kids:
                if k.role_strength < 2:
                    k.role, k.role_strength = "", 0
                k.parent = target
                target.children.append(k)
                _inherit(k, target)
            for attr in (self.triggers, self.trigger_pos, self.colon_lists, self.open_after):
                if id(st) in attr:
                    attr[id(target)] = attr.pop(id(st))
            target.closed, st.closed = st.closed, None

    def _separator(self, stack: list[_Frame], rank: int, depth: int) -> list[_Frame]:
        """A separator between two figures: sets a new list's rank or closes lists it outranks."""
        while len(stack) > 1:
            top = stack[-1]
            if top.is_bracket:
                if rank >= 4 and top.bracket > depth:  # an unclosed bracket across a sentence end
                    stack = stack[:-1]
                    continue
                if top.parent is not None and any(s.parent is top.parent for s in self.out):
                    if top.rank is None:
                        top.rank = rank
                break
            has_parts = any(s.parent is top.parent for s in self.out) if top.parent is not None else False
            if rank >= 4:
                stack = stack[:-1]
                continue
            if not has_parts:
                break
            if top.rank is None:
                if rank >= 3 and not top.colon:
                    stack = stack[:-1]  # "其中行政编制47名；年末实有…": a semicolon ends a list not opened by a colon
                    continue
                top.rank = rank
                break
            if rank > top.rank:
                stack = stack[:-1]
                continue
            break
        return stack

    def _marker(self, m: regex.Match, stack: list[_Frame], snapshots: dict[str, list[_Frame]]) -> list[_Frame]:
        style = next(k for k in ("arabic", "paren", "circled", "cn") if m.group(k))
        raw = m.group(style)
        n = (ord(raw) - 0x245F) if style == "circled" else (int(raw) if raw.isdigit() else (chinese_to_int(raw) or 0))
        if n == 1:
            snapshots[style] = [_Frame(f.parent, f.rank, f.bracket, f.is_bracket, f.trigger) for f in stack]
        elif style in snapshots:
            stack = [_Frame(f.parent, f.rank, f.bracket, f.is_bracket, f.trigger) for f in snapshots[style]]
            self.pending[-1] = 0  # the numbering, not the full stop before it, decides the level
        return stack

    # -- statements ----------------------------------------------------------------
    def _statement(self, f: Figure, prev_end: int) -> Statement:
        raw, window_start, qualifier = self._label_window(f.span[0], prev_end)
        raw = self.respective.get(f.span, raw)
        label, total_word = self._trim(raw)
        total = bool(total_word)
        after = ""
        if f.kind == "count" or len(label) < 2:
            after = self._label_after(f)
        if after and (len(label) < 2 or f.kind == "count"):
            label = after
            self.after_end[f.span] = f.span[1] + self.norm[f.span[1]:].find(after[:2]) + len(after)
        elif len(label) < 2:
            label = ""
        sentence_start = self._sentence_start(f.span[0])
        clause = self.norm[sentence_start:f.span[0]]
        role, strength, measure = self._role_and_measure(label, clause, f)
        if total and f.kind == "money":
            # A total named with its total word is the line item the catalog names so, when it has one:
            # 支出总计 (with the carry-over at the year's end) is not 支出合计.  A generic or role-only
            # label ("支出", "收入") read as a 合计 otherwise: "支出共计…" is 支出合计.
            names = [label + total_word]
            if not measure or self.lex.is_generic(measure):
                names.append((measure or label) + "合计")
            named = next((m for m in map(_measure_key, names) if _ITEM_ID.fullmatch(m)), None)
            if named:
                measure = named
        period = self._period(f, raw, sentence_start)
        scope = Scope(level=self._level(label), document=self._document(window_start, f.span[1], qualifier))
        st = Statement(
            figure=f, label=label, measure=measure, role=role, location=self.location,
            period=period, scope=scope, source="text", sentence=self._sentence(f.span[0]),
            total=total, role_strength=strength, named_after=bool(after) and label == after,
        )
        if total_word:
            self.total_word[id(st)] = total_word
        return st

    def _label_window(self, pos: int, lo: int) -> tuple[str, int, str]:
        """The phrase before a figure back to a delimiter; a bracketed qualifier right before it is skipped."""
        t = self.norm
        j = pos - 1
        qualifier = ""
        while j >= lo and t[j] in " \u3000":
            j -= 1
        if j >= lo and t[j] in _CLOSE_BR:
            k = self._matching_open(j, lo)
            if k is not None:
                qualifier = t[k + 1:j]
                j = k - 1
        end = j + 1
        while j >= lo:
            c = t[j]
            if c in _CLOSE_BR:
                k = self._matching_open(j, lo)
                if k is not None and j - k <= 8 and k > lo and t[k - 1] not in _DELIMS:
                    j = k - 1
                    continue
                break
            if (c in _DELIMS and j not in self.joins) or c in _OPEN_BR:
                break
            j -= 1
        start = j + 1
        return self.text[start:end].strip(), start, qualifier

    def _matching_open(self, j: int, lo: int) -> int | None:
        depth = 0
        for k in range(j, max(lo - 1, j - 60), -1):
            c = self.norm[k]
            if c in _CLOSE_BR:
                depth += 1
            elif c in _OPEN_BR:
                depth -= 1
                if depth == 0:
                    return k
        return None

    def _trim(self, phrase: str) -> tuple[str, str]:
        """The measure phrase: list markers, subjects, years, leading conjunctions and trailing copulas off;
        with the total word it was written with ("" when none)."""
        s = unicodedata.normalize("NFKC", phrase).translate(_QUOTES)
        s = "".join(s.split())
        for w in self.lex.joined:
            s = s.replace(w, w.replace("、", ""))
        total = ""
        for _ in range(4):
            before = s
            s = _LEAD_MARKER.sub("", s)
            m = _ORG_PREFIX.match(s)
            if m and len(s) - m.end() >= 2:
                s = s[m.end():]
            s = _YEARISH.sub("", s) if len(_YEARISH.sub("", s)) >= 1 else s
            for w in sorted(set(self.lex.triggers) | set(_CONJ), key=len, reverse=True):
                if s.startswith(w) and len(s) > len(w):
                    s = s[len(w):]
                    break
            for w in sorted(self.lex.total_words, key=len, reverse=True):
                if s.startswith(w) and len(s) > len(w) and w not in ("总",):
                    s, total = s[len(w):], w
                    break
            s = _TRAIL.sub("", s)
            for w in sorted(self.lex.total_words, key=len, reverse=True):
                if s.endswith(w) and (len(s) > len(w) or w in ("合计", "共计", "总计", "小计")):
                    s, total = s[: len(s) - len(w)], w
                    break
            s = _TRAIL.sub("", s)
            if s == before:
                break
        return s.strip("：:，,、（(）) "), total

    def _label_after(self, f: Figure) -> str:
        """The noun after a figure: "2个业务股室", "30万元用于基建工程项目预算编制"."""
        t = self.norm[f.span[1]:f.span[1] + 40]
        t2 = regex.sub(r"^\s*(?:万元|元)?\s*", "", t)
        m = regex.match(r"^(?:主要用于|全部用于|用于|为|系|是)(?P<x>[^，,。；;、（(）)]{2,30})", t2)
        if m:
            return "".join(m.group("x").split()).translate(_QUOTES)
        if f.kind == "count":
            m = _COUNT_AFTER.match(t2)
            if m and len(m.group()) >= 2:
                return m.group().translate(_QUOTES)
        elif f.kind == "money":
            m = _MONEY_AFTER.match(t2)
            if m and len(m.group()) >= 2:
                return m.group().translate(_QUOTES)
        return ""

    def _sentence_start(self, pos: int) -> int:
        t = self.norm
        k = pos - 1
        depth = 0
        while k >= 0:
            c = t[k]
            if c in _CLOSE_BR:
                depth += 1
            elif c in _OPEN_BR:
                depth = max(0, depth - 1)
            elif c in "。！？!?\n" and depth == 0:
                return k + 1
            k -= 1
        return 0

    def _sentence(self, pos: int) -> str:
        a = self._sentence_start(pos)
        b = pos
        t = self.norm
        while b < len(t) and t[b] not in "。！？!?\n":
            b += 1
        return self.text[a:b].strip()

    def _role_and_measure(self, label: str, clause: str, f: Figure) -> tuple[str, int, str]:
        lex = self.lex
        if f.kind == "percent":
            role = "change" if self._is_change(label) else "rate"
            return role, 2, _measure_key(label)
        if f.kind == "count":
            role = "change" if self._is_change(label) else "count"
            return role, 2, _measure_key(_strip_roles(label, lex))
        if self._is_change(label):
            return "change", 2, _measure_key(_strip_roles(label, lex))
        found = [lex.role_of(m.group()) for m in lex.role_re.finditer(lex.mask(label))]
        strong = [w for w in found if w.kind in ("strip", "verb")]
        weak = [w for w in found if w.kind == "hint"]
        role, strength = "", 0
        if strong:
            role, strength = _best(strong, lex), 2
        elif f.kind == "score" and _AWARDED_AFTER.match(self.norm, f.span[1]):
            role, strength = "weight", 2  # "预算执行率（10分）得9.6分", "产出指标50分，得45.2分": the points on offer
        elif f.kind == "score":
            role, strength = "score", 1
        elif weak:
            # A hint (…支出, …经费) names money spent, weakly; the last one is the head of the compound
            # ("财政拨款支出" is spent, "…拨款收入" came in).
            role, strength = weak[-1].role, 0
        else:
            # A verb earlier in the clause governs the figure ("下达…资金755.19万元" is allocated).
            verbs = [lex.role_of(m.group()) for m in lex.role_re.finditer(lex.mask(clause[: max(0, len(clause) - len(label))]))]
            verbs = [w for w in verbs if w.kind == "verb"]
            if verbs:
                role, strength = verbs[-1].role, 1
        measure = _measure_key(_strip_roles(label, lex))
        if measure in lex.bound_verbs:
            measure = ""  # "控制在年初预算72.77万元以内": a bound, about the sentence's topic
        return role, strength, measure

    def _is_change(self, label: str) -> bool:
        lex = self.lex
        if any(m in label for m in lex.change_markers if len(m) >= 2):
            return True
        tr = lex.trend_in(label)
        return tr is not None and tr[2] + len(tr[1]) >= len(label) - 1

    def _period(self, f: Figure, raw: str, sentence_start: int) -> int | None:
        norm_raw = raw
        if self.year is not None:
            if any(w in norm_raw for w in self.lex.prev_words):
                return self.year - 1
        ys = [y for y in self.years if sentence_start <= y.span[0] < f.span[0]]
        if ys:
            return int(ys[-1].value)  # type: ignore[arg-type]
        if self.year is not None and any(w in norm_raw for w in self.lex.cur_words):
            return self.year
        return None

    def _level(self, label: str) -> str | None:
        m = self.lex.level_re.search(label)
        return self.lex.level_of(m.group("w")) if m else None

    def _document(self, a: int, b: int, qualifier: str) -> str | None:
        """A document number cited in the figure's own phrase or in a bracket right after it."""
        after = regex.match(r"\s*(?:万元|元)?\s*[（(]", self.norm[b:b + 6])
        hi = b + after.end() + 30 if after else b
        for c in self.citations:
            if a <= c.span[0] < hi and _DOCNO.search(c.title):
                return "".join(c.title.split())
        return None

    # -- tree -----------------------------------------------------------------------
    def _place(self, st: Statement, stack: list[_Frame]) -> None:
        if st.role == "change" or st.label.startswith(_EQUIVALENT):
            return  # "比上年增加10万元", "（折合370.86万元）": not a part of anything
        while len(stack) > 1:
            top = stack[-1]
            parent = top.parent
            if parent is None:
                break
            if top.is_bracket and _companion(parent, st):
                break  # "得分18分（满分20分）": goes with the figure, not into it
            if _other_role(parent, st):
                return  # "调整预算数…，其中项目支出预算…，执行3,384.44万元": a part's companion, no part
            if compat(parent.figure) == compat(st.figure) and parent is not st:
                st.parent = parent
                parent.children.append(st)
                _inherit(st, parent)
                return
            if top.is_bracket:
                break
            stack.pop()  # an unrelated figure ends the list
        # top level: no parent

    def _inherit_topics(self) -> None:
        """A figure named only by its role ("全年执行数180万元") is about the measure named before it in the sentence."""
        for i, st in enumerate(self.out):
            if st.measure or st.figure.kind == "percent" or st.total or st.children:
                continue
            start = self._sentence_start(st.figure.span[0])
            for prev in reversed(self.out[:i]):
                if prev.figure.span[0] < start:
                    break
                if prev.measure and prev.figure.kind != "percent" and compat(prev.figure) == compat(st.figure) \
                        and prev is not st.parent:
                    st.measure = prev.measure
                    if not st.scope.level and prev.scope.level:
                        st.scope = Scope(level=prev.scope.level, document=st.scope.document, project=st.scope.project)
                    break

    def _attach_rate(self, st: Statement, last: Statement | None) -> None:
        bare_share = self.norm[max(0, st.figure.span[0] - 2):st.figure.span[0]].strip().endswith("占")
        if (st.label == "占" or (bare_share and not st.label)) and last is not None and last.parent is not None:
            st.about, st.base, st.role = last, last.parent.label or "合计", "rate"  # "项目支出1661.86万元，占33.14%"
            st.parent_of_share = last.parent  # type: ignore[attr-defined]
            if st.period is None:
                st.period = last.period
            return
        if last is not None and self._share_of_budget(st, last):
            return
        m = _SHARE.match(st.label)
        if m and last is not None:
            st.about = last
            # "占本年支出合计的90%": the base keeps its total word, 支出合计 being a line item of its own.
            st.base = m.group("base") + self.total_word.get(id(st), "")
            st.role = "rate"
            if st.period is None:
                st.period = last.period
            return
        if last is not None and st.period is None:
            st.period = last.period

    def _share_of_budget(self, st: Statement, last: Statement) -> bool:
        """"决算为15.88万元，完成预算18.12万元的78.34%": the rate is the sentence's head over that budget.

        The figure before the rate is a budget (its label a verb of completion,
        then a budget word), followed by 的 and the percentage.
        """
        between = self.norm[last.figure.span[1]:st.figure.span[0]]
        if not regex.fullmatch(r"\s*(?:万元|元)?\s*的\s*", between) or last.figure.kind != "money":
            return False
        verb = next((v for v in self.lex.share_verbs if last.label.startswith(v)), None)
        rest = last.label[len(verb):] if verb else ""
        roles = [self.lex.role_of(m.group()) for m in self.lex.role_re.finditer(self.lex.mask(rest))] if rest else []
        budget = next((w.role for w in roles if w.kind == "strip" and w.role.startswith("budget")), None)
        if budget is None:
            return False
        start = self._sentence_start(last.figure.span[0])
        head = next((h for h in self.out if h is not last and h.parent is None and h.figure.kind == "money"
                     and start <= h.figure.span[0] < last.figure.span[0]), None)
        if head is None:
            return False
        last.role, last.role_strength = budget, 2
        last.measure = head.measure or last.measure  # the budget of the same money
        st.about, st.base, st.role = head, rest, "rate"
        st.parent_of_share = last  # type: ignore[attr-defined]
        if st.period is None:
            st.period = head.period
        return True

    def _maybe_total_of_run(self, st: Statement, stack: list[_Frame]) -> None:
        """"A 10万元、B 20万元，合计30万元": a total written after its parts takes them."""
        if not st.total or st.parent is not None or st.children:
            return
        start = self._sentence_start(st.figure.span[0])
        run: list[Statement] = []
        for prev in reversed(self.out[:-1]):
            if prev.figure.span[0] < start or prev.parent is not None or prev.figure.kind == "percent":
                if prev.figure.kind == "percent":
                    continue
                break
            if compat(prev.figure) != compat(st.figure):
                break
            run.append(prev)
        if len(run) < 2:
            return
        head = self.norm[st.figure.span[0] - 8:st.figure.span[0]]
        if not any(w in head for w in ("合计", "共计", "总计", "小计", "累计")):
            return
        if not _parts_of(st, run):
            return
        for p in reversed(run):
            p.parent = st
            st.children.append(p)
        if regex.search(r"等\s*[，,；;]", self.norm[run[0].figure.span[1]:st.figure.span[0]]):
            st.closed, st.closed_why = False, "等"  # "设备购置…、人员培训…等，共计支出55.86万元"
        else:
            st.closed, st.closed_why = True, "合计"

    def _after_last(self, end: int, stack: list[_Frame], last: Statement | None) -> None:
        if last is not None and last.parent is not None and regex.match(r"^\s*(?:万元|元)?\s*等", self.norm[end:end + 6]):
            self.open_after[id(last.parent)] = "等"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _best(words: list, lex: Lexicon) -> str:
    order = {r: i for i, r in enumerate(lex.precedence)}
    return min(words, key=lambda w: order.get(w.role, 99)).role


def _strip_roles(label: str, lex: Lexicon) -> str:
    """The label without role markers and verbs (hints such as 支出 stay part of the name)."""
    masked = lex.mask(label)
    keep = [True] * len(label)
    for m in lex.role_re.finditer(masked):
        if lex.role_of(m.group()).kind in ("strip", "verb"):
            for i in range(m.start(), m.end()):
                keep[i] = False
    out = "".join(c for c, k in zip(label, keep) if k)
    for w in lex.change_markers:
        if len(w) >= 2:
            out = out.replace(w, "")
    return out


_PERIOD_LEAD = regex.compile(r"^(?:本年度|本年|当年|全年)(?=\p{Han}{2})")
_SOURCE_TOTAL = regex.compile(r"^(?:上级)(?:共计|合计|总计|累计|共)?(?=\p{Han}{2})")
_LEVEL_WORDS = regex.compile(r"(?:中央|省|自治区|市|州|盟|县|区|旗|乡镇|乡|镇|街道|本)级|^(?:中央|省|市|州|县|区)(?=(?:财政)?\p{Han}{0,2}?(?:资金|补助|配套|转移支付|专项|奖补|拨款|投入))")


@lru_cache(maxsize=16384)
def _measure_key(label: str) -> str:
    """A comparable measure name: the catalog item id when the label is one, else the cleaned label.

    Level words, quotes, blanks and trailing particles go; a name of one
    character (总, 资) is no measure at all.
    """
    s = unicodedata.normalize("NFKC", label).translate(_QUOTES)
    s = "".join(s.split())
    s = _LEVEL_WORDS.sub("", s)
    s = regex.sub(r"[（(][^（）()]*[）)]$", "", s)
    s = _PERIOD_LEAD.sub("", s)  # "全年部门整体支出", "本年支出合计": the year is the period, not the measure
    s = regex.sub(r"^(?:的|之|此|该|本|上述)|(?:的|之|中)$", "", s)
    s = _SOURCE_TOTAL.sub("", s)  # "上级共下达…资金": who gave it and that it is a total say nothing of what it is
    s = s.strip("：:，,、 ")
    if len(s) <= 1:
        return ""
    if len(s) >= 3:
        from .mapping import map_header

        m = map_header(s, kinds=("item",))
        if m.mapped and m.entry_id and m.score >= 95:
            return m.entry_id
        if s.endswith("支出") and len(s) >= 5:
            # "公用经费支出": the line item 公用经费, spent (the role word stays with the role)
            m = map_header(s[:-2], kinds=("item",))
            if m.mapped and m.entry_id and m.score >= 95:
                return m.entry_id
    return s


def _companion(parent: Statement, st: Statement) -> bool:
    """In brackets after a figure, a figure of another role, both named by a role word before them,
    goes with the figure, not into it: "得分18分（满分20分）", "预算100万元（实际支出90万元）"."""
    return (parent.role != st.role and bool(parent.role) and bool(st.role) and not st.named_after
            and parent.role_strength >= 2 and st.role_strength >= 2)


_ROLE_FAMILY = {"budget_initial": "budget", "budget_adjusted": "budget", "budget": "budget"}


def _parts_of(total: Statement, run: list[Statement]) -> bool:
    """Whether the amounts before a total written after them can be its parts.

    Not when one is a change (比上年增加…) or named by a role other than the
    total's ("收入合计…，支出合计…"; "支出…，当年结余…，累计结余…"), and not
    when the total names a part of the same kind as the others ("中央资金…，
    省级资金…，市县资金合计200万元，共计…": 市县 is a level like theirs).
    """
    family = _ROLE_FAMILY.get(total.role, total.role)
    for p in run:
        if p.role == "change" or p.total:
            return False  # a change, or a total of its own ("本年收入合计…，本年支出合计…")
        if p.role and family and _ROLE_FAMILY.get(p.role, p.role) != family \
                and max(p.role_strength, total.role_strength) >= 2:
            return False
    if total.scope.level and all(p.scope.level for p in run):
        return False
    return True


def _other_role(parent: Statement, st: Statement) -> bool:
    """A figure named by a role word of another family than its would-be total's (执行 under a budget,
    满分 under a score): it goes with a part, it is none."""
    if not parent.role or not st.role or st.role_strength < 2 or parent.role_strength < 1 or st.named_after:
        return False  # a name written after the figure ("…万元用于补助发放") says what it is for, not its role
    pair = {_ROLE_FAMILY.get(parent.role, parent.role), _ROLE_FAMILY.get(st.role, st.role)}
    # Not income or spending with a carry-over: 收入总计 = 本年收入合计 + 年初结转和结余.
    return pair in ({"budget", "actual"}, {"score", "weight"})


def _inherit(child: Statement, parent: Statement) -> None:
    if child.role_strength < 2 and parent.role:
        child.role, child.role_strength = parent.role, min(1, parent.role_strength)
    if child.period is None:
        child.period = parent.period
    if not child.scope.level and parent.scope.level:
        child.scope = Scope(level=parent.scope.level, document=child.scope.document, project=child.scope.project)
    if not child.scope.project and parent.scope.project:
        child.scope = Scope(level=child.scope.level, document=child.scope.document, project=parent.scope.project)


def _parallel_roles(stmts: list[Statement]) -> None:
    """"部门预算安排基本支出3,720.00万元，项目支出800.00万元": an amount named by its hint alone (…支出) in a
    run of the sentence's amounts named alike takes the role the run's first one was given."""
    lex = load_lexicon()
    for i, st in enumerate(stmts):
        if st.role_strength != 0 or st.figure.kind != "money" or st.named_after:
            continue
        hint = next((m.group() for m in lex.role_re.finditer(lex.mask(st.label))
                     if lex.role_of(m.group()).kind == "hint"), None)
        # The amount before it at its level (both top-level, or parts of one total: "…合计4,520.00万元").
        prev = next((p for p in reversed(stmts[:i]) if p.parent is st.parent and p.figure.kind == "money"), None)
        if hint and prev is not None and prev.sentence == st.sentence and prev.role_strength >= 1 \
                and prev.role not in ("", "change", st.role) and prev.label.endswith(hint):
            st.role, st.role_strength = prev.role, 1
            for k in st.children:
                if k.role_strength < 2:
                    k.role = st.role


def _inherit_siblings(stmts: list[Statement]) -> None:
    """A top-level figure with no role word takes the role of an earlier one of the same measure.

    "下达中央级资金转移支付755.19万元。省级资金转移支付124.23万元" states two allocations.
    """
    for i, st in enumerate(stmts):
        if st.parent is not None or st.role_strength > 0 or st.figure.kind != "money":
            continue
        for prev in reversed(stmts[:i]):
            if prev.parent is None and prev.role_strength == 2 and prev.measure == st.measure and prev.figure.kind == "money":
                st.role, st.role_strength = prev.role, 1
                for k in st.children:
                    if k.role_strength < 2:
                        k.role = st.role
                break


def _inherit_level_roles(stmts: list[Statement]) -> None:
    """A fund level's money stated again without a role word takes the role it was first stated with.

    "上级共下达…资金82.70万元，其中：…市级资金32.56万元。" then, paragraphs later,
    "市级资金29.98万元，主要用于…": the second names the same money of the same
    level (inherited, so weakly: rules treat it as inferred).
    """
    lex = load_lexicon()
    first: dict[tuple[str, str], Statement] = {}
    for st in stmts:
        if st.figure.kind != "money" or not st.scope.level:
            continue
        key = ("资金" if lex.is_generic(st.measure) else st.measure, st.scope.level)
        if st.role:
            first.setdefault(key, st)
        elif st.parent is None and key in first:
            st.role, st.role_strength = first[key].role, 1


def _decide_closed(parent: Statement, parser: "_Parser | None" = None) -> None:
    """Whether ``parent``'s listed parts are all of it (True), some (False) or unknown (None)."""
    if parent.closed is not None:
        return
    lex = load_lexicon()
    kids = parent.children
    trigger = parser.triggers.get(id(parent), "") if parser else ""
    if parser and id(parent) in parser.open_after:
        parent.closed, parent.closed_why = False, parser.open_after[id(parent)]
        return
    if len(kids) == 1:
        parent.closed, parent.closed_why = False, "一项"
        return
    # Open words between the trigger and the first part ("其中主要有…").
    if parser is not None:
        first = kids[0].figure.span[0]
        head = parser.norm[parser.trigger_pos.get(id(parent), parent.figure.span[1]):first]
        for w in lex.open_words:
            if w != "等" and w in head:
                parent.closed, parent.closed_why = False, w
                return
        for k in kids:
            if k.label.endswith("等") or "等" in parser.norm[k.figure.span[1]:k.figure.span[1] + 2]:
                parent.closed, parent.closed_why = False, "等"
                return
    if trigger in lex.closed_words:
        parent.closed, parent.closed_why = True, trigger
        return
    # Not a count in 万 over exact counts: a rounded statistic whose groups may overlap
    # ("受益群众3.6万人，其中：脱贫人口8,200人，残疾人1,150人，60岁以上老人9,860人").
    if parser is not None and parser.colon_lists.get(id(parent)) and (
            parent.figure.kind == "money" or all(k.figure.scale == parent.figure.scale for k in kids)):
        if _list_runs_on(parent, parser):
            parent.closed, parent.closed_why = False, "；"  # "其中：A，B，C；D…": the list's end is not clear
            return
        parent.closed, parent.closed_why = True, f"{trigger}："  # "其中：A；B；C" enumerates the breakdown
        return
    if any(k.label.startswith(w) for k in kids for w in lex.residual_words):
        parent.closed, parent.closed_why = True, "其他"
        return
    _near_sum(parent)


def _list_runs_on(parent: Statement, parser: "_Parser") -> bool:
    """After a colon list's last part its sentence goes on with another amount of the same kind left out of it
    ("其中：中央资金…，省级资金…，市级资金…；县级财政安排配套资金80.00万元。")."""
    last = parent.children[-1]
    end = parser.norm.find("。", last.figure.span[1])
    end = len(parser.norm) if end < 0 else end
    for st in parser.out:
        if st.parent is not None or st is parent or not last.figure.span[1] <= st.figure.span[0] < end \
                or compat(st.figure) != compat(parent.figure) or st.role == "change":
            continue
        between = parser.norm[last.figure.span[1]:st.figure.span[0]]
        # The next clause after a ；, the list not closed by a bracket ("基本支出…（其中：…），项目支出…；"),
        # naming an amount like the parts: a fund level like theirs, or their role ("…；年末结转结余" is not).
        if not regex.search(r"[；;]", between) or regex.search(r"[）)]", between):
            continue
        levels = st.scope.level and all(k.scope.level for k in parent.children)
        roles = {_ROLE_FAMILY.get(k.role, k.role) for k in parent.children}
        if levels or (st.role and roles == {_ROLE_FAMILY.get(st.role, st.role)}):
            return True
    return False


def _near_sum(parent: Statement) -> None:
    if _partition(parent):
        parent.closed, parent.closed_why = True, "构成完整"
        return
    values = [k.figure.value for k in parent.children]
    if parent.figure.value is None or any(v is None for v in values):
        return
    total = parent.figure.value
    s = sum(values)  # type: ignore[arg-type]
    if total and abs(s - total) <= NEAR_SUM * abs(total):
        parent.closed, parent.closed_why = True, "合计接近"


def _partition(parent: Statement) -> bool:
    """The parts are every component the catalog gives the total's line item (三公 = 车辆 + 出国 + 接待)."""
    from .catalog import load_catalog

    entry = load_catalog().find(parent.measure, "item") if parent.measure else None
    if entry is None or not entry.components:
        return False
    return {k.measure for k in parent.children} >= set(entry.components)


# ---------------------------------------------------------------------------
# Across paragraphs
# ---------------------------------------------------------------------------

_LIST_START = regex.compile(r"^\s*(?:[0-9]{1,2}\s*[、.．](?![0-9])|[（(][0-9]{1,2}[）)]|[①-⑳])")


def _link_paragraphs(paras: list[Paragraph], per_para: list[list[Statement]]) -> None:
    lex = load_lexicon()
    for i, (p, stmts) in enumerate(zip(paras, per_para)):
        if i == 0:
            continue
        prev = per_para[i - 1]
        # A paragraph that opens with 其中 continues the last figure of the one before.
        if stmts and lex.trigger_re.match(normalise(p.text.lstrip())) and prev:
            word = lex.trigger_re.match(normalise(p.text.lstrip())).group("w")  # type: ignore[union-attr]
            if word in ("其中", "包括", "分别为", "具体为"):
                anchor = next((s for s in reversed(prev) if s.figure.kind != "percent"), None)
                if anchor is not None and anchor.children:
                    # A total already broken down: "其中，中央资金分三批下达：…" breaks down the part it names.
                    anchor = _named_part(anchor, normalise(p.text.lstrip()), stmts)
                kids = [s for s in stmts if s.parent is None and compat(s.figure) == compat(anchor.figure)] if anchor else []
                if any(k.children for k in kids):
                    kids = []  # "其中X资金106.64万元分配至各乡镇：…" names a total of its own, not a part of the figure above
                # Across a paragraph break "其中" may refer to any earlier total: link only parts that fit under it.
                if anchor is not None and kids and anchor.figure.value is not None and \
                        sum(k.figure.value or 0 for k in kids) <= anchor.figure.value * (1 + NEAR_SUM):
                    _adopt(anchor, kids, word)
    # Numbered paragraphs under an announcing sentence ("分三个项目实施：").
    i = 0
    while i < len(paras):
        text = normalise(paras[i].text).strip()
        stmts = per_para[i]
        anchor = next((s for s in reversed(stmts) if s.figure.kind == "money" and s.parent is None), None)
        if anchor is None and text.endswith((":", "：")) and _ANAPHOR.match(text):
            anchor = _referenced_total(paras, per_para, i)  # "上述资金分2个项目实施：" divides the total above
        anchor = anchor or next((s for s in reversed(stmts) if s.figure.kind == "count" and s.parent is None), None)
        if anchor is None or not text.endswith((":", "：")):
            i += 1
            continue
        items: list[Statement] = []
        j = i + 1
        while j < len(paras) and _LIST_START.match(paras[j].text):
            first = next((s for s in per_para[j] if s.parent is None and compat(s.figure) == compat(anchor.figure)), None)
            if first is not None:
                items.append(first)
            j += 1
        m0 = _ANNOUNCE_COUNT.search(text)
        announced = next((s for s in stmts if s.figure.kind == "count" and m0 and s.figure.span[0] >= m0.start()
                          and s.figure.span[1] <= m0.end()), None) if m0 else None
        if announced is not None and j > i + 1:
            announced.listed = j - i - 1
        if len(items) >= 2:
            _adopt(anchor, items, "：")
            m = _ANNOUNCE_COUNT.search(text)
            if m:
                n = chinese_to_int(m.group("n")) if not m.group("n").isdigit() else int(m.group("n"))
                if n == j - i - 1:
                    anchor.closed, anchor.closed_why = True, m.group()
                elif n is not None:
                    anchor.closed, anchor.closed_why = False, m.group()
            if anchor.closed is None:
                _decide_closed(anchor)
        i = max(j, i + 1)


# "基本支出中，人员经费820.60万元，公用经费84.50万元": the sentence breaks down an amount named before.
_NAMED_PARTS = regex.compile(r"^\s*(?:在)?(?P<x>\p{Han}[^，,。：:；;\d]{1,11}?)(?:之)?中\s*[，,：:]")


def _link_named_parts(per_para: list[list[Statement]]) -> None:
    """A sentence opening "X中，" lists parts of the latest amount of measure X before it (this paragraph or
    the one before) that has no parts yet; a complete list only when its parts are the catalog's breakdown
    of X or nearly add up to it."""
    for i, stmts in enumerate(per_para):
        done: set[str] = set()
        for st in stmts:
            m = _NAMED_PARTS.match(st.sentence)
            if not m or st.sentence in done:
                continue
            done.add(st.sentence)
            measure = _measure_key(m.group("x"))
            if not measure:
                continue
            earlier = [s for s in (per_para[i - 1] if i else []) + stmts[: stmts.index(st)] if s.sentence != st.sentence]
            anchor = next((s for s in reversed(earlier) if s.measure == measure and s.figure.value is not None
                           and s.role != "change" and s.figure.kind != "percent"), None)
            if anchor is None or anchor.children:
                continue
            kids = [s for s in stmts if s.sentence == st.sentence and s.parent is None and s is not anchor
                    and compat(s.figure) == compat(anchor.figure) and s.role != "change" and s.figure.value is not None]
            _adopt(anchor, kids, "中")  # closed when the parts are the catalog's breakdown of X, or nearly add up


def _named_part(total: Statement, text: str, stmts: list[Statement]) -> Statement | None:
    """The part of ``total`` named between a paragraph's opening 其中 and its first amount, if one is."""
    first = next((s for s in stmts if s.figure.kind != "percent"), None)
    head = text[: first.figure.span[0]] if first is not None else text
    for k in total.children:
        names = [n for n in (k.label, k.scope.level or "") if len(n) >= 2 or (n and n == k.scope.level)]
        if not k.children and any(n in head for n in names):
            return k
    return None


# A sentence about money named before ("上述资金", "以上经费", "该项资金"): its total is stated earlier.
_ANAPHOR = regex.compile(r"^\s*(?:上述|以上|前述|上列|该项?|这些)\p{Han}{0,4}?(?:资金|经费|款项|补助)")
_ANAPHOR_REACH = 3  # paragraphs back to look for the total referred to


def _referenced_total(paras: list[Paragraph], per_para: list[list[Statement]], i: int) -> Statement | None:
    """A stand-in for the total an anaphoric sentence divides: the nearest earlier total of money.

    The total keeps its place and its own parts; the stand-in carries its
    figure and location, no measure (so it is never a second statement of that
    measure), and becomes the parent of the numbered paragraphs that follow.
    """
    for k in range(i - 1, max(-1, i - 1 - _ANAPHOR_REACH), -1):
        roots = [s for s in per_para[k] if s.parent is None and s.figure.kind == "money" and s.figure.value is not None
                 and (s.total or s.children)]
        if roots:
            ref = roots[0]
            stand_in = Statement(figure=ref.figure, label=ref.label, measure="", role=ref.role, location=ref.location,
                                 period=ref.period, scope=ref.scope, source=ref.source, sentence=ref.sentence,
                                 total=True, role_strength=ref.role_strength)
            per_para[i].append(stand_in)
            return stand_in
    return None


def _adopt(parent: Statement, kids: list[Statement], trigger: str) -> None:
    if not kids:
        return
    for k in kids:
        k.parent = parent
        parent.children.append(k)
        _inherit(k, parent)
    if parent.closed is None:
        if len(parent.children) == 1:
            parent.closed, parent.closed_why = False, "一项"
        elif trigger in load_lexicon().closed_words:
            parent.closed, parent.closed_why = True, trigger
        else:
            _near_sum(parent)


def walk(statements: Iterable[Statement]) -> Iterator[Statement]:
    """Every statement once, depth first from the roots."""
    seen: set[int] = set()
    for s in statements:
        if id(s) not in seen:
            seen.add(id(s))
            yield s
