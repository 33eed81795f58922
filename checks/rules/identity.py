"""identity.mismatch: the report calls itself something other than the unit.

Two symptoms of a report built from another unit's text:

* self-references 我X / 本X whose X does not fit the unit's name (a 宣传部
  writing 我馆, 我会, 我办).  Generic forms (我单位, 本部门 …) always fit;
  我县/我市/我区 are jurisdictions, not the unit; 我所 may be the accounting
  firm that wrote the report, so it is at most a remark.
* the unit named at another administrative level ("认定市信访局绩效目标…" in a
  区信访局 report).  A higher body may be named legitimately: inside a cited
  title (《怀化市信访局调拨资金审批流程》), qualified by a place name
  (湖南省怀化市信访局), or as the source of an instruction (根据市信访局要求).
  Error when the mention is the subject of the report's own work (…市信访局绩效目标…,
  or a sentence about 本单位); otherwise warning, or info for a higher level body.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

import regex as re

from checks.registry import Message, finding, report, rule
from extract.understand.identity import unit_suffix
from jixiao.model import Evidence, Finding, Location

if TYPE_CHECKING:
    from checks.context import CheckContext

RULE = "identity.mismatch"
MAX_EVIDENCE = 3

SELF_CHARS = ("中心", "局", "委", "办", "馆", "会", "院", "部", "站", "所", "队", "校", "镇", "乡", "厅")
# 我X / 本X followed by these characters is another word (我部门, 本办法, 本会计年度, 我所在 …).
NOT_SELF_AFTER: dict[str, str] = {
    "局": "限面势部",
    "委": "托员屈",
    "办": "法理公事成好",
    "馆": "",
    "会": "议计同上在对",
    "院": "校子",
    "部": "门分署位",
    "站": "点在立",
    "所": "在有属得需知以说做能述谓列提用要示",
    "队": "伍列",
    "校": "对正验准",
    "镇": "守压定静",
    "乡": "镇村",
    "厅": "",
    "中心": "思工任",
}
SELF_RE = re.compile(r"(?<![自])([我本])(" + "|".join(SELF_CHARS) + r")")
ALIAS_RE = re.compile(r"以下简称[“\"「『]?([\p{Han}]{2,20})[”\"」』]?")
# Which self-reference characters fit a unit, beyond 我 + its own suffix.
COMPATIBLE: dict[str, set[str]] = {
    "委": {"委", "会"},  # …委员会 may say 我委 or 我会
    "会": {"会", "委"},
    "学": {"校"},
    "校": {"校"},
    "办": {"办"},
    "院": {"院"},
}
ACCOUNTING_FIRM = "所"
# Named bodies a self-reference might stand for (a subordinate 图书馆 in a 局's
# report): their presence makes a foreign token probable rather than proven.
NAMED_BODY: dict[str, str] = {
    "馆": r"(?:图书|文化|博物|纪念|档案|美术|科技|体育)馆",
    "会": r"(?:红十字|联合|委员|协|学|基金|商|工)会(?!议|计)",
    "办": r"(?:政府|编|信访|扶贫|综治|文明|人防|金融|招商)办(?!公|法|理)",
    "院": r"(?:法|检察|医|卫生|研究|设计|学)院",
    "校": r"(?:学|党|技|职)校|[小中]学",
    "所": r"(?:事务|研究|财政|司法|派出|服务|管理)所",
    "站": r"(?:推广|服务|文化|工作|检测|监测)站",
    "中心": r"[\p{Han}]{2,8}中心",
    "局": r"[\p{Han}]{2,8}局",
    "委": r"[\p{Han}]{2,8}委(?:员会)?",
    "队": r"(?:大|中|支)队",
}

LEVELS = "省市区县州"
# Words right before a level character that name another body on purpose.
RELATION_BEFORE = ("根据", "按照", "依据", "依照", "经", "由", "向", "报", "配合", "协助", "接受", "上级", "及", "和", "与", "、", "请示")
RELATION_AFTER = ("要求", "交办", "转办", "下达", "转交", "批复", "通知", "的要求", "部署", "督办", "安排", "领导", "指导",
                  "拨付", "下拨", "分配", "印发", "制定", "考核", "检查")
# The mention is the report's own subject: directly followed by its own work …
OWN_AFTER = re.compile(r"^(?:的)?(?:绩效|自评|整体支出|部门预算|单位预算|年度预算|(?:19|20)\d{2}年度?(?:预算|部门|整体|绩效))")
# … or in a sentence that speaks of the unit itself.
OWN_SENTENCE = ("本单位", "本部门", "我单位", "自评")
RANK = {"省": 3, "市": 2, "州": 2, "区": 1, "县": 1}


@dataclass(frozen=True)
class Hit:
    token: str
    text: str
    location: Location


def _allowed(unit: str, aliases: Iterable[str]) -> set[str]:
    from extract.understand.identity import place_chain

    allowed: set[str] = set()
    for name in (unit, *aliases):
        suffix = unit_suffix(name) or ""
        allowed |= COMPATIBLE.get(suffix, {suffix})
        for ch in SELF_CHARS:
            if name.endswith(ch):
                allowed.add(ch)
        # A place's own government writes 我镇/我乡/我区/我县: "…镇人民政府" is the 镇.
        chain, rest = place_chain(name)
        if chain and rest in ("人民政府", "政府", "办事处", "街道办事处", ""):
            allowed.add(chain[-1][1][-1])
    return allowed


def self_references(text: str) -> Iterator[tuple[str, int]]:
    """(token, start) for each 我X/本X that reads as the writer naming itself."""
    for m in SELF_RE.finditer(text):
        ch = m.group(2)
        after = text[m.end():m.end() + 1]
        if after and after in NOT_SELF_AFTER.get(ch, "") and not text[m.end() + 1:m.end() + 2].isdigit():
            continue  # 校对, 局面 … are words; "我校对2019年度…" is still 我校 + 对
        if m.group(1) == "本" and ch not in ("局", "办", "馆", "院", "中心", "站", "队", "校", "厅"):
            continue  # 本会/本部/本所/本委/本镇 read as other words too often
        yield m.group(0), m.start()


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。；;！？\n") + 1
    rights = [i for i in (text.find(c, end) for c in "。；;！？\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def _named_body(ch: str, texts: list[tuple[str, Location]]) -> str | None:
    pattern = NAMED_BODY.get(ch)
    if not pattern:
        return None
    rx = re.compile(r"[\p{Han}]{0,6}?" + pattern)
    for text, _ in texts:
        m = rx.search(text)
        if m:
            return m.group(0)
    return None


@rule(RULE, "报告自称或称谓与本单位不符（如部门报告中出现“我馆”，区级单位称“市”，主语为另一个乡镇）")
def identity_mismatch(ctx: "CheckContext") -> Iterable[Finding]:
    """The report names or calls itself something other than its own unit.

    What it flags, from the report's own identity (the unit and its places at
    every level — 省/自治区/市/州/盟/县/区/旗/乡/镇/街道/村/社区 — read from the
    title, 填报单位 lines, table cells and the subject most sentences open with):
    - a sentence whose subject is another place of the same level inside the
      same higher places ("金寨县白塔畈镇人民政府2023年度下达…" in a 麻埠镇 report);
    - the unit named at another administrative level as the subject of its own
      work ("市信访局绩效目标…" in a 区信访局 report);
    - a self-reference of another kind of body (我馆 in a 局's or 部's report).
    Superior bodies (县财政局, 市委), partners, sources of funds and places
    served are never flagged: only the subject of a statement about the
    report's own money, staff or results contradicts it.

    Why it matters: reports are written from last year's file or a
    neighbour's; a sentence naming another unit as its subject was not
    rewritten, and its figures may not be this unit's.

    Example: a 金寨县麻埠镇人民政府 report: 「金寨县白塔畈镇人民政府2023年度下达上级资金
    转移支付755.19万元」.

    Severity: error for another same-level place or the unit at another level
    in subject position, or a self-reference of another kind; warning when
    the foreign self-reference may name a body the report mentions (我馆 beside
    图书馆); info for 我所 (also the accounting firm) and higher-level bodies.
    Options: none beyond --select/--ignore.
    """
    yield from _self_references(ctx)
    yield from _levels(ctx)
    yield from _places(ctx)


def _self_references(ctx: "CheckContext") -> Iterable[Finding]:
    unit = ctx.unit
    if not unit:
        return
    texts = list(ctx.text_blocks())
    aliases = [m.group(1) for text, _ in texts for m in ALIAS_RE.finditer(text)]
    allowed = _allowed(unit, aliases)
    hits: dict[str, list[Hit]] = defaultdict(list)
    for text, loc in texts:
        for token, start in self_references(text):
            if token[1:] not in allowed:
                hits[token].append(Hit(token, _sentence(text, start, start + len(token)), loc))
    if not hits:
        return
    expected = "我" + (unit_suffix(unit) or "单位")
    for token, found in hits.items():
        ch = token[1:]
        if ch == ACCOUNTING_FIRM:
            severity = "info"
            why = "（“我所”也可能指出具报告的会计师事务所）"
        elif named := _named_body(ch, texts):
            severity = "warning"
            why = f"（文中另提及“{named}”，也可能指该单位）"
        else:
            severity = "error"
            why = ""
        message = (
            f"报告自称“{token}”（{len(found)}处），与本单位（{unit}）不符，"
            f"应为“{expected}”或“本单位”{why}"
        )
        evidence = [Evidence(h.text, h.location) for h in found[:MAX_EVIDENCE]]
        if ctx.identity.unit_location is not None:
            evidence.append(Evidence(unit, ctx.identity.unit_location))
        yield finding(RULE, severity, message, *evidence)


# ---------------------------------------------------------------------------
# Administrative level
# ---------------------------------------------------------------------------


def level_and_core(unit: str) -> tuple[str, str] | None:
    """('区', '信访局') for 区信访局 / 鹤城区信访局; ('县', '委宣传部') for …县委宣传部."""
    name = "".join(unit.split())
    for i in range(len(name) - 1, -1, -1):
        if name[i] in LEVELS:
            core = name[i + 1:]
            if len(core) >= 2:
                return name[i], core
            return None
    return None


def _inside_title(text: str, pos: int) -> bool:
    return text.count("《", 0, pos) > text.count("》", 0, pos)


def place_names(texts: Iterable[str], unit: str) -> set[str]:
    """Names used as places: X in 省X市 / 市X区 / 自治区X市, X of the unit's full name, X at a title's start."""
    places: set[str] = set()
    rx = re.compile(r"(?:省|自治区|市|州|自治州)([\p{Han}]{2,4}?)(?:市|区|县|州|自治县)")
    title_rx = re.compile(r"《([\p{Han}]{2,4}?)(?:省|市|区|县|州)")
    for text in texts:
        places |= {m.group(1) for m in rx.finditer(text)}
        places |= {m.group(1) for m in title_rx.finditer(text)}
    lc = level_and_core(unit)
    if lc:
        level, core = lc
        full_rx = re.compile(r"([\p{Han}]{2,4}?)" + re.escape(level + core))
        for text in texts:
            places |= {m.group(1) for m in full_rx.finditer(text) if m.group(1)[-1] not in "的在对了"}
    return places


def _qualified(text: str, pos: int, places: set[str]) -> bool:
    """The level character at ``pos`` is part of a longer place name or a list of levels."""
    before = text[max(0, pos - 6):pos]
    if before and before[-1] in LEVELS + "、":
        return True  # 省市信访局, 省、市信访局
    return any(before.endswith(p) for p in places) or before.endswith(("自治", "省"))


def _levels(ctx: "CheckContext") -> Iterable[Finding]:
    unit = ctx.unit
    lc = level_and_core(unit) if unit else None
    if not unit or not lc:
        return
    level, core = lc
    texts = list(ctx.text_blocks())
    places = place_names([t for t, _ in texts], unit)
    rx = re.compile(rf"([{LEVELS}])" + re.escape(core))
    seen: set[str] = set()
    for text, loc in texts:
        for m in rx.finditer(text):
            if m.group(1) == level or _inside_title(text, m.start()) or _qualified(text, m.start(), places):
                continue
            before = text[max(0, m.start() - 4):m.start()]
            after = text[m.end():m.end() + 4]
            if before.endswith(RELATION_BEFORE) or after.startswith(RELATION_AFTER):
                continue
            sentence = _sentence(text, m.start(), m.end())
            mention = m.group(0)
            own = bool(OWN_AFTER.match(text[m.end():m.end() + 12])) or any(
                w in sentence for w in (*OWN_SENTENCE, "我" + (unit_suffix(unit) or "单位"))
            )
            if own:
                severity = "error"
            elif RANK[m.group(1)] > RANK[level]:
                severity = "info"  # a higher body, probably named on purpose
            else:
                severity = "warning"
            key = f"{mention}|{loc.attachment}"
            if key in seen:
                continue
            seen.add(key)
            message = (
                f"报告称“{mention}”，而本单位为{unit}（{level}级）"
                + ("，此处所述为本单位自身的工作" if own else "")
            )
            evidence = [Evidence(sentence, loc)]
            if ctx.identity.unit_location is not None:
                evidence.append(Evidence(unit, ctx.identity.unit_location))
            yield finding(RULE, severity, message, *evidence)


# ---------------------------------------------------------------------------
# Another place of the same level as the subject of a sentence
# ---------------------------------------------------------------------------

PLACE_SUBJECT = Message("identity.place", "报告的主语为另一{level}：“{sentence}”以{mention}为主语，而本报告为{unit}（{own}）")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
# A subject opens a sentence or a clause ("根据…要求，蓬源区住房和城乡建设局对2022年度…").
_CLAUSE = re.compile(r"[^。；;！？!?\n，,]+")
_LEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[、.．](?![0-9])|[①-⑳]|\s)*")
# What follows the subject when the sentence is about the unit's own money, staff or results.
_OWN_FOLLOW = re.compile(
    r"^(?:(?:19|20)[0-9]{2}\s*年度?|本年度?|全年|年度)?\s*(?:共|已|全年|累计|实际)?\p{Han}{0,10}?"
    r"(?:下达|收到|安排|实施|完成|开展|支出|收入|预算|决算|资金|编制|实有|在职|共有|绩效|自评|整体支出|项目|对|内设|核定"
    r"|为独立|是独立|属于|所属|下设|设有|现有)"
)


def _places(ctx: "CheckContext") -> Iterable[Finding]:
    from extract.understand.identity import RANK

    own = ctx.identity.places
    if not own or not ctx.unit:
        return
    own_by_level = {RANK[level]: name for level, name in own}
    seen: set[str] = set()
    for text, loc in ctx.text_blocks():
        for sm in _CLAUSE.finditer(text):
            sentence = sm.group()
            body = sentence[_LEAD.match(sentence).end():]
            chain = _subject_chain(body)
            if not chain:
                continue
            conflict = _conflict(chain, own_by_level, RANK)
            if conflict is None:
                continue
            level, theirs, ours = conflict
            if theirs in seen:
                continue
            seen.add(theirs)
            yield report(RULE, "error", PLACE_SUBJECT,
                         [Evidence(sentence.strip()[:120], loc, "subject", (sm.start(), sm.end())),
                          *([Evidence(ctx.unit, ctx.identity.unit_location, "unit")] if ctx.identity.unit_location else [])],
                         level=_LEVEL_NAMES.get(level, "地方"), sentence=sentence.strip()[:60], mention=theirs, unit=ctx.unit, own=ours)


_HAN_RUN = re.compile(r"\p{Han}+")
_NAME_END = re.compile(r"人民政府|政府|委员会|办事处|[局委办院馆站所队校会部]|中心|(?=[0-9])")


def _subject_chain(body: str) -> list[tuple[str, str]]:
    """The places of the organisation a clause opens with, when what follows is the report's own business.

    The name may end at any organisation suffix ("…和社会" inside "…和社会保障局"):
    the shortest name followed by the unit's own business wins.
    """
    from extract.understand.identity import place_chain

    start = 2 if body.startswith("中共") else 0
    han = _HAN_RUN.match(body)
    limit = min(han.end() if han else 0, start + 32)
    for m in _NAME_END.finditer(body, start + 2, limit + 1):
        chain, _ = place_chain(body[:m.end()])
        if chain and _OWN_FOLLOW.match(body[m.end():]):
            return chain
    return []


_LEVEL_NAMES = {"省": "省", "市": "市", "州": "州", "县": "县", "区": "区", "旗": "旗", "乡": "乡镇", "镇": "乡镇",
                "街道": "街道", "村": "村", "社区": "社区", "盟": "盟"}


def _conflict(chain: list[tuple[str, str]], own: dict[int, str], rank: dict[str, int]) -> tuple[str, str, str] | None:
    """The first level where the mention names another place while every higher level it names agrees."""
    for level, name in chain:
        r = rank[level]
        ours = own.get(r)
        if ours is None:
            continue
        if name == ours:
            continue
        higher = [(lv, nm) for lv, nm in chain if rank[lv] > r]
        if all(own.get(rank[lv]) in (None, nm) for lv, nm in higher) and r == min(own):
            return level, name, ours
        return None
    return None
