"""Claims: sentences that say how a figure moved or that the work was done.

"“三公经费”明显下降", "严控了“三公经费”", "基本完成预定目标" assert something the
figures can contradict.  A claim keeps the measure it names (through the same
measure key as statements), its direction, the words as written and where it
stands; a trend inside a goal ("确保呈逐年下降趋势") is marked as a goal, not a
claim about the year.  The words are data (``trends`` and ``claims`` in
lexicon.toml).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from jixiao.model import Location, Paragraph

from .figures import normalise
from .lexicon import load_lexicon
from .statements import _measure_key

_SENTENCE = regex.compile(r"[^。！？!?；;\n]+")
_SUBJECT_STOP = set("，,、：:；;（）()【】《》")
_QUOTE = str.maketrans("", "", "“”\"‘’'「」『』")


@dataclass(frozen=True)
class Claim:
    kind: str  # "trend", "done" or "grade"
    direction: str  # "down", "up", "flat" for trends; "done" for completion; the grade (良好) for grades
    words: str  # the claim as written ("“三公经费”明显下降")
    measure: str  # measure key of what it is about ('' for completion claims)
    subject: str  # the noun phrase as written
    strong: bool  # an explicit trend word (下降) rather than a verb of control (严控了)
    goal: bool  # stated as a goal or instruction, not as what happened
    sentence: str
    location: Location
    span: tuple[int, int]


def find_claims(paragraphs: Iterable[Paragraph], prose_cells: Iterable[tuple[str, Location]] = ()) -> list[Claim]:
    out: list[Claim] = []
    for p in paragraphs:
        out.extend(claims_in(p.text, p.location))
    for text, loc in prose_cells:
        out.extend(claims_in(text, loc))
    return out


def claims_in(text: str, location: Location) -> list[Claim]:
    lex = load_lexicon()
    norm = normalise(text)
    out: list[Claim] = []
    for sm in _SENTENCE.finditer(norm):
        s0, sentence = sm.start(), sm.group()

        def goal(pos: int) -> bool:
            """A goal word earlier in the same clause ("确保呈逐年下降趋势")."""
            clause_start = max(sentence.rfind(c, 0, pos) for c in "，,：:") + 1
            return any(w in sentence[clause_start:pos] for w in lex.goal_words)

        # Trend words: the subject is the phrase right before the word.
        for direction, words in lex.trends:
            for w in words:
                if w not in sentence:
                    continue
                for m in _literal(w).finditer(sentence):
                    if any(m.start() > o.start() and m.end() <= o.end() for o in _longer(sentence, w, lex)):
                        continue
                    start = _subject_start(sentence, m.start())
                    subject = sentence[start:m.start()].translate(_QUOTE).strip()
                    # "与上年19.99万元相比有所下降": a comparison with a figure; the claim is about the sentence's
                    # own figure, resolved by the rule from the statements of this sentence.
                    measure = "" if regex.search(r"[0-9]", subject) else _measure_key(_strip_change(subject, lex))
                    if not measure and not regex.search(r"[0-9]", subject):
                        continue
                    after = sentence[m.end():m.end() + 6]
                    if regex.match(r"\s*[0-9]", after):
                        continue  # "下降20%": a change with its figure, a statement, not a bare claim
                    out.append(Claim("trend", direction, text[s0 + start:s0 + m.end()].strip(),
                                     measure, subject, True, goal(m.start()), text[s0:s0 + len(sentence)].strip(),
                                     location, (s0 + start, s0 + m.end())))
        for v in lex.control_verbs:
            if v not in sentence:
                continue
            for m in _literal(v).finditer(sentence):
                subject = _subject_after(sentence, m.end())
                measure = _measure_key(subject)
                if measure:
                    out.append(Claim("trend", "down", sentence[m.start():m.end() + len(subject) + 2].strip("，,。 "),
                                     measure, subject, False, goal(m.start()), text[s0:s0 + len(sentence)].strip(),
                                     location, (s0 + m.start(), s0 + m.end() + len(subject))))
        for m in _grade_re().finditer(sentence):
            g = m.group("g")
            out.append(Claim("grade", g, g, "", "", True, goal(m.start()), text[s0:s0 + len(sentence)].strip(),
                             location, (s0 + m.start("g"), s0 + m.end("g"))))
        for w in sorted(lex.claims_done, key=len, reverse=True):
            i = sentence.find(w)
            if i >= 0:
                out.append(Claim("done", "done", w, "", "", True, goal(i),
                                 text[s0:s0 + len(sentence)].strip(), location, (s0 + i, s0 + i + len(w))))
                break
    return _dedupe(out)


@lru_cache(maxsize=1)
def _grade_re() -> regex.Pattern:
    """"被评为“良好”等级", "评价等级为优": a grade after a verb of grading, quoted or followed by 等级/级."""
    lex = load_lexicon()
    verbs = "|".join(regex.escape(v) for v in sorted(lex.grade_verbs, key=len, reverse=True))
    long = "|".join(regex.escape(g) for g in sorted(lex.grades, key=len, reverse=True) if len(g) > 1)
    short = "|".join(regex.escape(g) for g in lex.grades if len(g) == 1)
    return regex.compile(rf"(?:{verbs})\s*(?:[“\"「『'‘]\s*(?P<g>{long}|{short})\s*[”\"」』'’]|(?P<g>{long})|(?P<g>{short})(?=\s*(?:等级|等次|级|档|[。，；,;]|$)))")


def _longer(sentence: str, w: str, lex) -> list[regex.Match]:
    """Occurrences of longer trend words containing ``w`` (明显下降 contains 下降)."""
    longer = [x for _, ws in lex.trends for x in ws if w in x and x != w]
    return [m for x in longer if x in sentence for m in _literal(x).finditer(sentence)]


@lru_cache(maxsize=1024)
def _literal(word: str) -> regex.Pattern:
    """A compiled pattern matching ``word`` literally (compiled once per process: claims scan every sentence)."""
    return regex.compile(regex.escape(word))


def _subject_start(sentence: str, pos: int) -> int:
    j = pos - 1
    while j >= 0 and sentence[j] not in _SUBJECT_STOP:
        j -= 1
    return j + 1


def _subject_after(sentence: str, pos: int) -> str:
    j = pos
    while j < len(sentence) and sentence[j] not in _SUBJECT_STOP and sentence[j] not in "和及与":
        j += 1
    return sentence[pos:j].translate(_QUOTE).strip()


def _strip_change(subject: str, lex) -> str:
    out = subject
    for w in sorted(lex.change_markers, key=len, reverse=True):
        i = out.find(w)
        if i > 0:
            out = out[:i]
    out = regex.sub(r"(?:有所|明显|大幅|逐年|持续|均|都|也|已|较|比|呈|支出|总额|额)+$", "", out)
    return out


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.kind, c.location, c.span)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
