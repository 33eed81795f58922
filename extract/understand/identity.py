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
SUBJECT_RE = re.compile(rf"^(?:根据[^，。]{{0,30}}，)?([\p{{Han}}]{{2,24}}?(?:{_SUFFIX_RX}))(?:对|内设|共有|是|于|在|围绕|\d)")
YEAR_TITLE_RE = re.compile(r"[（(]?\s*((?:19|20)\d{2})\s*年(?:度)?\s*[）)]?")
TITLE_HINTS = ("报告", "自评表", "评价表", "自评")


@dataclass(frozen=True)
class Identity:
    unit: str | None
    unit_location: Location | None
    year: int | None
    year_location: Location | None

    @property
    def unit_suffix(self) -> str | None:
        return unit_suffix(self.unit)


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
                    value = _clean(row[c + 1].text)
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
    for p in doc.paragraphs:
        m = SUBJECT_RE.match(_clean(p.text))
        if m:
            return m.group(1), p.location
    return None, None


def find_year(doc: Document) -> tuple[int | None, Location | None]:
    """Fiscal year: from title lines first, else the latest year in table headers."""
    for p in doc.paragraphs:
        t = _clean(p.text)
        if len(t) <= 40 and (any(h in t for h in TITLE_HINTS) or PAREN_LINE_RE.match(t) or YEAR_LINE_RE.match(t)):
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
