"""Facts from row-labelled tables: the 基础数据表 and the funds block of 自评表.

Each value cell becomes a Fact keyed by catalog ids (item × measure × period),
blank cells included (value None, text ""), because "a total left empty while
its parts are filled" is itself a finding.  Row labels that map to nothing are
returned too: unmapped data is where checks go blind, so it is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.model import Fact, Figure, Location, Table

from .classify import HeaderBlock, TableClass
from .figures import parse_cell
from .mapping import Mapping, map_header

NA_TEXTS = {"—", "——", "— —", "-", "－", "/", "／", "…", "……", "… …"}


@dataclass
class Unmapped:
    text: str
    location: Location
    kind: str  # "row" or "column"
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()


@dataclass
class TableFacts:
    facts: list[Fact] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


def period_of(measure: str, year: int | None) -> str | None:
    """'final' + 2019 → '2019决算'; budget/final measures carry the year they speak of."""
    kind = {"final": "决算", "final_prev": "决算", "final_cur": "决算", "budget": "预算", "budget_prev": "预算", "budget_cur": "预算",
            "budget_initial": "年初预算", "budget_full": "全年预算", "executed": "执行"}.get(measure)
    if kind is None:
        return None
    return f"{year}{kind}" if year else kind


_LEADING_NUMBER = re.compile(r"^(?:其中[:：]?|[0-9一二三四五六七八九十]{1,2}[、.．](?![0-9])|[（(][0-9一二三四五六七八九十]{1,2}[）)])+")


def display_label(text: str) -> str:
    """A row label for messages: whitespace, leading numbering and 其中： removed ('3、公务接待' → '公务接待')."""
    squashed = "".join(text.split()).rstrip("：:")
    return _LEADING_NUMBER.sub("", squashed) or squashed


def relative_measure(measure: str, year: int | None, report_year: int | None) -> tuple[str, int | None]:
    """'final' of the report year is final_cur, of the year before final_prev; 自评表 money columns take the report year."""
    if measure in ("final", "budget") and year and report_year:
        if year == report_year:
            return f"{measure}_cur", year
        if year == report_year - 1:
            return f"{measure}_prev", year
    if measure in ("budget_initial", "budget_full", "executed") and year is None:
        return measure, report_year
    return measure, year


def _label_mapping(text: str) -> Mapping:
    return map_header(text, kinds=("item",))


def facts_from_block(table: Table, block: HeaderBlock, table_kind: str, report_year: int | None, subject_prefix: str = "") -> TableFacts:
    """Facts of one header block whose rows are labelled items (label_col) and columns measures."""
    out = TableFacts()
    if block.label_col is None:
        return out
    for col, role in block.columns.items():
        if role.mapping is not None and not role.mapping.mapped:
            out.unmapped.append(Unmapped(role.header, table.cell_location(block.header_rows[0], col), "column"))
    start, end = block.body
    last_subject: str | None = None
    for r in range(start, end):
        label_cell = table.grid[r][block.label_col]
        label = label_cell.text if label_cell.origin is None or label_cell.origin[0] == r else ""
        squashed = "".join(label.split())
        if squashed in NA_TEXTS:
            continue
        if not squashed:
            # The 财政供养人员情况 data row sits under a merged label: it belongs to the block itself.
            if block.title and r == start:
                tm = _label_mapping(block.title)
                subject = tm.entry_id if tm.mapped else "".join(block.title.split())
            else:
                continue
        else:
            m = _label_mapping(label)
            if not m.mapped:
                out.unmapped.append(Unmapped(label, table.cell_location(r, block.label_col), "row", m.ambiguous,
                                             tuple(c.entry_id for c in m.alternatives)))
                continue
            subject = m.entry_id  # type: ignore[assignment]
        last_subject = subject
        for col, role in sorted(block.columns.items()):
            cell = table.grid[r][col]
            if cell.origin is not None:
                continue
            loc = table.cell_location(r, col)
            text = cell.text.strip()
            fig = parse_cell(text, loc)
            value = fig.value if fig is not None else None
            measure, year = relative_measure(role.measure, role.year, report_year)
            out.facts.append(Fact(
                subject=subject_prefix + subject, measure=measure, value=value,
                text=fig.text if fig is not None else text, decimals=fig.decimals if fig is not None else 0,
                unit=fig.unit if fig is not None else "", period=period_of(measure, year),
                location=loc, table_kind=table_kind, label=display_label(label) or display_label(block.title or ""),
            ))
    del last_subject
    return out


def fact_figure(fact: Fact | None) -> Figure | None:
    """The written figure behind a fact (None for blanks and 'not applicable' marks)."""
    if fact is None or fact.value is None:
        return None
    return parse_cell(fact.text, fact.location)


def table_facts(table: Table, cls: TableClass, report_year: int | None) -> TableFacts:
    """All row-labelled facts of a classified table (基础数据表 blocks, 自评表 funds block)."""
    out = TableFacts()
    for block in cls.blocks:
        if block.label_col is None or any(r.measure.startswith("level") for r in block.columns.values()):
            continue
        if any(r.measure in ("goal_expected", "goal_actual") for r in block.columns.values()):
            continue
        part = facts_from_block(table, block, cls.kind, report_year)
        out.facts.extend(part.facts)
        out.unmapped.extend(part.unmapped)
    return out


def goal_texts(table: Table, cls: TableClass) -> dict[str, tuple[str, Location]]:
    """预期目标 / 实际完成情况 texts of a 自评表 (the row under their header)."""
    out: dict[str, tuple[str, Location]] = {}
    for block in cls.blocks:
        for col, role in block.columns.items():
            if role.measure in ("goal_expected", "goal_actual"):
                r = block.body[0]
                if r < table.n_rows:
                    out[role.measure] = (table.text(r, col).strip(), table.cell_location(r, col))
    return out


def table_name(table: Table) -> tuple[str, Location] | None:
    """The project or unit a 自评表 is about (项目支出名称 / 项目名称 / 单位名称 → the cell to its right)."""
    for r in range(min(3, table.n_rows)):
        row = table.grid[r]
        for c in range(len(row) - 1):
            head = "".join(row[c].text.split())
            if head in ("项目支出名称", "项目名称", "单位名称", "部门名称", "部门(单位)名称", "部门（单位）名称"):
                value = row[c + 1].text.strip()
                if value:
                    return value, table.cell_location(r, c + 1)
    return None
