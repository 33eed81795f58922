"""Who wrote the report and which fiscal year it evaluates.

Both are printed in several places (填报单位, 单位名称 cells, a "（区信访局）"
line under a title, the subject of the first sentence, "2020年度…报告"); the
first reliable source wins, and the name's suffix gives the unit type.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import regex as re

from jixiao.model import Document, Location

ORG_SUFFIXES = (
    "委员会", "办公室", "中心", "红十字会", "联合会", "宣传部", "统战部", "组织部",
    "局", "委", "办", "部", "会", "院", "馆", "所", "站", "队", "校", "镇", "乡", "厅", "处", "中学", "小学",
)
_SUFFIX_RX = "|".join(sorted(map(re.escape, ORG_SUFFIXES), key=len, reverse=True))
ORG_RE = re.compile(rf"((?:中共|中国共产党)?[\p{{Han}}]{{1,16}}?(?:{_SUFFIX_RX}))")
FIELD_RE = re.compile(r"(?:填报单位|单位名称|部门[（(]单位[）)]名称|部门名称|单位)\s*[：:]\s*([\p{Han}（）()]{2,30})")
PAREN_LINE_RE = re.compile(r"^[（(]([\p{Han}]{2,30})[）)]$")
YEAR_LINE_RE = re.compile(r"^[（(]((?:19|20)\d{2})年度?[）)]$")  # the （2020年度） line under a 自评表 title
# "（盖章）" and a following field ("单位：万元", "填报日期：…") run into the unit once spaces are removed.
_STAMP_RE = re.compile(r"[（(](?:盖章|公章|签章)[）)]")
_NEXT_FIELD_RE = re.compile(r"(?<=\p{Han})(?=(?:金额单位|单位|填报日期|填表日期|日期|填表人|联系人|联系电话)[：:])")
SUBJECT_RE = re.compile(rf"^(?:根据[^，。]{{0,30}}，)?([\p{{Han}}]{{2,24}}?(?:人民政府|{_SUFFIX_RX}))(?:对|内设|共有|是|于|在|围绕|\d)")
_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,2}[、.．](?![0-9])|[①-⑳])+")
YEAR_TITLE_RE = re.compile(r"[（(]?\s*((?:19|20)\d{2})\s*年(?:度)?\s*[）)]?")
TITLE_HINTS = ("报告", "自评表", "评价表", "自评", "情况说明", "决算")
TITLE_UNIT_RE = re.compile(rf"^([\p{{Han}}]{{2,24}}?(?:人民政府|{_SUFFIX_RX}))(?=[（(\d]|关于|\p{{Han}}{{0,12}}(?:年度|绩效|自评|决算|报告))")


@dataclass(frozen=True)
class Identity:
    unit: str | None
    unit_location: Location | None
    year: int | None
    year_location: Location | None

    @property
    def unit_suffix(self) -> str | None:
        return unit_suffix(self.unit)

    @property
    def places(self) -> list[tuple[str, str]]:
        """The unit's places, highest first: [("县", "金寨县"), ("镇", "麻埠镇")]."""
        return place_chain(self.unit or "")[0]


# ---------------------------------------------------------------------------
# Places: a suffix grammar of Chinese administrative names
# ---------------------------------------------------------------------------

# Suffix -> level.  Longest first when matching; a place is at least two characters before its suffix
# except for the one-character county names that exist (沙县, 易县 …: a known stem + 县).
PLACE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("特别行政区", "省"), ("自治区", "省"), ("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("街道", "街道"),
    ("社区", "社区"), ("省", "省"), ("市", "市"), ("州", "州"), ("盟", "盟"), ("县", "县"), ("区", "区"), ("旗", "旗"),
    ("乡", "乡"), ("镇", "镇"), ("村", "村"),
)
# Rank of a level: places of one rank are alternatives to each other (a 镇 is not the report's 乡).
RANK = {"省": 5, "市": 4, "州": 4, "盟": 4, "县": 3, "区": 3, "旗": 3, "乡": 2, "镇": 2, "街道": 2, "村": 1, "社区": 1}
# A suffix character followed by these starts another word, not a place (市场, 县级, 镇长, 区域 …).
_NOT_PLACE_AFTER = {
    "市": set("场政民容长直属内级区"), "县": set("级长城直属内区域"), "区": set("域级长内外县"), "镇": set("长级区"),
    "乡": set("长级镇村"), "村": set("民长级委"), "省": set("级长内外直属"), "州": set("长级"), "旗": set("帜"),
}
# Words that may follow a place although they start with a character _NOT_PLACE_AFTER excludes (县城乡…).
_WORDS_AFTER_PLACE = ("城乡",)
# A suffix character preceded by these ends a common word, not a place (农村 in 农业农村局, 城乡).
_NOT_PLACE_BEFORE = {"村": set("农"), "乡": set("城")}
# A place stem holds none of these (they join words: 住房和城乡).
_NOT_IN_STEM = set("的在对了和与及并为是将已由从向、，,")
# One-character county stems exist (沙县, 南县, 渠县) only at the start of a name.
_SHORT_STEM_LEVELS = ("县",)
_SUFFIX_RX = re.compile("|".join(re.escape(s) for s, _ in PLACE_SUFFIXES))
_SUFFIX_LEVEL = dict(PLACE_SUFFIXES)


def place_chain(name: str) -> tuple[list[tuple[str, str]], str]:
    """Split a name into its places and the rest: 金寨县麻埠镇人民政府 → [(县, 金寨县), (镇, 麻埠镇)], 人民政府.

    Reads left to right: each place is a stem of two to eight characters and a
    level suffix; the rest (the organisation) is what follows the last place.
    """
    t = "".join(name.split())
    t = re.sub(r"^(?:中共|中国共产党)", "", t)
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(t):
        best = None
        for m in _SUFFIX_RX.finditer(t, pos):
            stem = t[pos:m.start()]
            suffix = m.group()
            if len(stem) > 8 or any(c in _NOT_IN_STEM for c in stem):
                break
            short_ok = len(stem) == 1 and pos == 0 and suffix in _SHORT_STEM_LEVELS
            if len(stem) < 2 and not short_ok:
                continue
            nxt = t[m.end():m.end() + 1]
            if nxt and nxt in _NOT_PLACE_AFTER.get(suffix[-1], set()) and not t.startswith(_WORDS_AFTER_PLACE, m.end()):
                continue
            if stem and len(suffix) == 1 and stem[-1] in _NOT_PLACE_BEFORE.get(suffix, set()):
                continue
            best = m
            break
        if best is None:
            break
        out.append((_SUFFIX_LEVEL[best.group()], t[pos:best.end()]))
        pos = best.end()
    return out, t[pos:]


def unit_suffix(unit: str | None) -> str | None:
    """The generic tail of a unit name that self-references use (局, 部, 会, 中心 …)."""
    if not unit:
        return None
    for suffix in ("中心", "委员会", "办公室"):
        if unit.endswith(suffix):
            return {"委员会": "委", "办公室": "办"}.get(suffix, suffix)
    return unit[-1]


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _unit_from_tables(doc: Document) -> tuple[str, Location] | None:
    for t in doc.tables:
        for r, row in enumerate(t.grid):
            for c, cell in enumerate(row[:-1]):
                head = _clean(cell.text)
                if head in ("单位名称", "填报单位", "主管部门", "实施单位", "部门（单位）名称", "部门(单位)名称"):
                    value = re.sub(r"^[0-9A-Za-z]+[-—－]", "", _clean(row[c + 1].text))  # "219001-…镇人民政府": a budget code
                    if value and value != head and ORG_RE.fullmatch(value):
                        return value, t.cell_location(r, c + 1)
    return None


def find_unit(doc: Document) -> tuple[str | None, Location | None]:
    for p in doc.paragraphs:
        m = FIELD_RE.search(_NEXT_FIELD_RE.sub(" ", _STAMP_RE.sub("", _clean(p.text))))
        if m and ORG_RE.fullmatch(m.group(1)):
            return m.group(1), p.location
    found = _unit_from_tables(doc)
    if found:
        return found
    for p in doc.paragraphs:
        m = PAREN_LINE_RE.match(_clean(p.text))
        if m and ORG_RE.fullmatch(m.group(1)):
            return m.group(1), p.location
    # A title line that opens with the unit ("宣城市宣州区应急管理局(…)转移支付2022年度绩效自评报告").
    for p in doc.paragraphs[:8]:
        t = _clean(p.text)
        if len(t) <= 90 and any(h in t for h in TITLE_HINTS):
            m = TITLE_UNIT_RE.match(t)
            if m and place_chain(m.group(1))[0]:
                return m.group(1), p.location
    # The subject most sentences open with ("（二）金寨县麻埠镇人民政府2023年度下达…"): a majority, so one
    # sentence copied from another unit's report does not decide who wrote it.
    subjects: Counter[str] = Counter()
    first_at: dict[str, Location] = {}
    for p in doc.paragraphs:
        m = SUBJECT_RE.match(_LEAD.sub("", _clean(p.text)))
        if m:
            subjects[m.group(1)] += 1
            first_at.setdefault(m.group(1), p.location)
    if subjects:
        unit = max(subjects, key=lambda u: (subjects[u], -list(first_at).index(u)))
        return unit, first_at[unit]
    return None, None


def find_year(doc: Document) -> tuple[int | None, Location | None]:
    """Fiscal year: from title lines first, else the latest year in table headers."""
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        # A title a PDF wrapped over two lines ("…补助资" / "金绩效自评报告") is read joined too.
        lines = [_clean(p.text)] + ([_clean(p.text + paras[i + 1].text)] if i + 1 < len(paras) else [])
        for t in lines:
            if len(t) <= 90 and (any(h in t for h in TITLE_HINTS) or PAREN_LINE_RE.match(t) or YEAR_LINE_RE.match(t)):
                m = YEAR_TITLE_RE.search(t)
                if m and (t.startswith(m.group(0)) or "年度" in m.group(0)):
                    return int(m.group(1)), p.location
    years: Counter[int] = Counter()
    first: dict[int, Location] = {}
    for t in doc.tables:
        for r, row in enumerate(t.grid[:3]):
            for c, cell in enumerate(row):
                for m in re.finditer(r"((?:19|20)\d{2})年(?:度)?(?:实际|决算|预算)", _clean(cell.text)):
                    y = int(m.group(1))
                    years[y] += 1
                    first.setdefault(y, t.cell_location(r, c))
    if years:
        y = max(years)
        return y, first[y]
    return None, None


def identify(doc: Document) -> Identity:
    unit, uloc = find_unit(doc)
    year, yloc = find_year(doc)
    return Identity(unit=unit, unit_location=uloc, year=year, year_location=yloc)
