"""Recognise what a table is and where its header rows and columns are.

Checks need facts, and facts need to know which column holds 分值 and which
holds 得分 — which differs from report to report.  Header rows are found by
mapping cell texts to catalog measures, so one table may hold several header
blocks (a 自评表 has a 项目资金 block, a 年度总体目标 block and a 绩效指标
block, each with its own columns).  The table kind follows from the measures
seen, with the title (or the caller's context text) as a tiebreaker and as
the only clue for header-less continuation tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from jixiao.model import Cell, Table

from .catalog import load_catalog
from .mapping import Mapping, map_header, normalise_header
from .figures import parse_cell

TableKind = Literal["indicator_scores", "basic_data", "project_self_eval", "overall_self_eval", "other"]
TABLE_KINDS: tuple[TableKind, ...] = ("indicator_scores", "basic_data", "project_self_eval", "overall_self_eval", "other")

LEVELS = {"level1": 1, "level2": 2, "level3": 3}
_FUNDS = {"budget_initial", "budget_full", "executed", "execution_rate"}
_BASIC = {
    "staffing_quota", "staff_actual", "control_rate", "final", "final_prev", "final_cur",
    "budget", "budget_prev", "budget_cur", "approved_area", "actual_area", "area_control_rate",
    "budget_investment", "actual_investment", "investment_control_rate",
}
_SCORING = {"weight", "score", "rule", "description", "definition"}
_NUMERIC = re.compile(r"^[\d\s.,%％万元分人个-]+$")
_MAX_HEADER_CONTINUATION_LEN = 6


@dataclass(frozen=True)
class ColumnRole:
    """What one column of a header block holds."""

    col: int
    measure: str  # catalog measure id, e.g. "weight", "final_prev"
    header: str  # header text as written (rows joined)
    level: int | None = None  # for a 分值 column right after 一级/二级/三级指标: that level
    year: int | None = None  # from "2019年决算数"
    mapping: Mapping | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class HeaderBlock:
    """One header (one or two rows) and the body rows it governs."""

    header_rows: tuple[int, ...]
    body: tuple[int, int]  # [start, end) row range
    columns: dict[int, ColumnRole]
    label_col: int | None = None  # column of row labels (items) when the block has no level columns
    title: str | None = None  # unmapped text left of the measures, e.g. "经费控制情况", "项目资金（万元）"

    def col_of(self, measure: str, level: int | None = None) -> int | None:
        for c, role in self.columns.items():
            if role.measure == measure and (level is None or role.level == level):
                return c
        return None

    @property
    def measures(self) -> set[str]:
        return {r.measure for r in self.columns.values()}


@dataclass(frozen=True)
class TableClass:
    kind: TableKind
    header_rows: tuple[int, ...]
    blocks: tuple[HeaderBlock, ...]
    reason: str  # short English note on why, for debugging and reports
    # indicator framework for map_header(framework=...): "dept", "proj2013", "proj2020", "selfeval"
    framework: str | None = None

    @property
    def columns(self) -> dict[int, ColumnRole]:
        """Column roles of the main block (the one with level columns, else the first)."""
        for b in self.blocks:
            if b.measures & LEVELS.keys():
                return b.columns
        return self.blocks[0].columns if self.blocks else {}

    def block_for_row(self, row: int) -> HeaderBlock | None:
        for b in self.blocks:
            if b.body[0] <= row < b.body[1]:
                return b
        return None


def _row_cells(table: Table, r: int) -> list[Cell]:
    """Cells of row r that start there or continue from above, skipping horizontal repeats."""
    out: list[Cell] = []
    for c in table.grid[r]:
        if c.origin is not None and c.origin[0] == r and c.origin[1] != c.col:
            continue  # horizontal continuation of a cell already seen in this row
        out.append(c)
    return out


def _is_origin_here(cell: Cell, r: int) -> bool:
    return cell.origin is None or cell.origin[0] == r


@lru_cache(maxsize=4096)
def _map_measure(text: str, year: int | None = None) -> Mapping:
    return map_header(text, kinds=("measure",), year=year)


def _row_measures(table: Table, r: int) -> tuple[int, int]:
    """(mapped, non-empty) counts over the cells that start in row r."""
    mapped = nonempty = 0
    for c in _row_cells(table, r):
        if not _is_origin_here(c, r) or not normalise_header(c.text):
            continue
        nonempty += 1
        if _map_measure(c.text).mapped:
            mapped += 1
    return mapped, nonempty


def _is_header_row(table: Table, r: int) -> bool:
    mapped, nonempty = _row_measures(table, r)
    return mapped >= 2 and mapped * 2 >= nonempty


def _continues_header(table: Table, r: int) -> bool:
    """Row r completes the header above it: short, non-numeric, and joins into measures.

    E.g. xuanchuan-2021 附件3: "一级 | 二级" over "指标 | 指标".
    """
    if r >= table.n_rows or _is_header_row(table, r):
        return False
    joined = 0
    for c in _row_cells(table, r):
        if not _is_origin_here(c, r):
            continue
        t = normalise_header(c.text)
        if not t:
            continue
        if len(t) > _MAX_HEADER_CONTINUATION_LEN or _NUMERIC.match(t):
            return False
        above = table.text(r - 1, c.col)
        if not _map_measure(above + c.text).mapped:
            return False
        joined += 1
    return joined >= 1


def _header_groups(table: Table) -> list[tuple[int, ...]]:
    groups: list[tuple[int, ...]] = []
    r = 0
    while r < table.n_rows:
        if _is_header_row(table, r):
            if _continues_header(table, r + 1):
                groups.append((r, r + 1))
                r += 2
                continue
            groups.append((r,))
        r += 1
    return groups


def find_header_rows(table: Table) -> list[int]:
    """Rows that hold column headers, including second rows of two-row headers."""
    return [r for g in _header_groups(table) for r in g]


def _column_text(table: Table, rows: tuple[int, ...], col: int) -> str:
    """Header text of a column over the block's header rows, vertical repeats dropped."""
    parts: list[str] = []
    for r in rows:
        cell = table.grid[r][col] if col < len(table.grid[r]) else None
        if cell is None or (r != rows[0] and not _is_origin_here(cell, r)):
            continue
        parts.append(cell.text)
    return "".join(parts)


def _block_columns(table: Table, rows: tuple[int, ...], year: int | None) -> tuple[dict[int, ColumnRole], int | None, str | None]:
    columns: dict[int, ColumnRole] = {}
    prev_key: tuple | None = None
    last_level: int | None = None
    first_mapped: int | None = None
    unmapped_left: list[tuple[int, str]] = []
    for col in range(table.n_cols):
        key = tuple(
            (table.grid[r][col].origin or (r, col)) if col < len(table.grid[r]) else None for r in rows
        )
        if key == prev_key:
            continue  # same merged header cell as the column to the left
        prev_key = key
        text = _column_text(table, rows, col)
        m = _map_measure(text, year)
        if not m.mapped and len(rows) > 1:
            for r in reversed(rows):
                alone = _map_measure(table.text(r, col), year)
                if alone.mapped:
                    m = alone
                    break
        if not m.mapped or m.entry_id is None:
            if first_mapped is None and normalise_header(text):
                unmapped_left.append((col, text))
            elif first_mapped is None:
                unmapped_left.append((col, ""))
            continue
        if first_mapped is None:
            first_mapped = col
        level = LEVELS.get(m.entry_id)
        if level is not None:
            last_level = level
            role_level = level
        elif m.entry_id == "weight" and last_level is not None and columns.get(col - 1) and columns[col - 1].measure in LEVELS:
            role_level = last_level
        else:
            role_level = None
        columns[col] = ColumnRole(col, m.entry_id, text, role_level, m.year, m)
    has_levels = any(r.measure in LEVELS for r in columns.values())
    label_col = unmapped_left[-1][0] if unmapped_left and not has_levels else None
    title = next((t for _, t in unmapped_left if t), None)
    return columns, label_col, title


def _blocks(table: Table, groups: list[tuple[int, ...]], year: int | None) -> list[HeaderBlock]:
    blocks: list[HeaderBlock] = []
    for i, rows in enumerate(groups):
        end = groups[i + 1][0] if i + 1 < len(groups) else table.n_rows
        columns, label_col, title = _block_columns(table, rows, year)
        body = (rows[-1] + 1, end)
        labels = _label_column_under_money_header(table, columns, body)
        if labels is not None and not any(r.measure in LEVELS for r in columns.values()):
            del columns[labels]
            label_col = labels
        blocks.append(HeaderBlock(rows, body, columns, label_col, title))
    return blocks


_MONEY_MEASURE = re.compile(r"^(?:budget|final|executed)")


def _label_column_under_money_header(table: Table, columns: dict[int, ColumnRole], body: tuple[int, int]) -> int | None:
    """The leftmost money column whose body holds only words: the row labels under a header that names the money.

    "预算执行情况 | 年度预算数（万元） | 年初预算 | 调整后预算数 …" over "… | 总额 | 35.60 | 43.76 …":
    the cells under 年度预算数（万元） are 总额 and 其中：财政资金, so that column names the rows.
    """
    if not columns:
        return None
    col = min(columns)
    if not _MONEY_MEASURE.match(columns[col].measure):
        return None
    texts = [table.text(r, col).strip() for r in range(*body) if col < len(table.grid[r])]
    texts = [t for t in texts if t]
    if len(texts) < 2 or any(parse_cell(t) is not None for t in texts):
        return None
    return col if any(_map_label(t).mapped for t in texts) else None


@lru_cache(maxsize=4096)
def _map_label(text: str) -> Mapping:
    return map_header(text, kinds=("item",))


def _table_text(table: Table, rows: int = 3) -> str:
    """Text of the first rows (标题, 项目名称/单位名称 lines) for kind hints."""
    return normalise_header("".join(c.text for r in table.grid[:rows] for c in r if c.origin is None))


def _self_eval_kind(table: Table, title: str) -> tuple[TableKind, str]:
    if re.search(r"部门整体|整体支出|单位整体", title):
        return "overall_self_eval", "title names 整体支出"
    if "项目支出" in title or ("项目" in title and "自评" in title):
        return "project_self_eval", "title names 项目支出"
    head = _table_text(table)
    if re.search(r"项目(支出)?名称|项目资金", head):
        return "project_self_eval", "rows name a 项目"
    if re.search(r"单位名称|部门名称|整体资金|部门整体", head):
        return "overall_self_eval", "rows name a 单位 / 整体资金"
    return "project_self_eval", "budget and indicator blocks (default 项目)"


def _kind_from_title(title: str) -> tuple[TableKind, str]:
    if "基础数据" in title:
        return "basic_data", "title only: 基础数据表"
    if "自评表" in title:
        if re.search(r"部门整体|整体支出", title):
            return "overall_self_eval", "title only: 整体支出自评表"
        return "project_self_eval", "title only: 自评表"
    if re.search(r"指标(体系)?(框架|表)|评分表|共性指标", title):
        return "indicator_scores", "title only: 指标表/评分表"
    return "other", "no header rows recognised"


def classify_table(table: Table, context_text: str = "", year: int | None = None) -> TableClass:
    """Kind, header rows and column roles of a table.

    ``context_text``: the caption paragraph or one-cell title table just above,
    when the reader did not put it in ``table.title``.  ``year``: the report
    year, so that "2019年决算数" becomes final_prev in a 2020 report.
    """
    title = normalise_header(" ".join(t for t in (table.title or "", context_text) if t))
    groups = _header_groups(table)
    header_rows = [r for g in groups for r in g]
    blocks = _blocks(table, groups, year)
    measures = set().union(*(b.measures for b in blocks)) if blocks else set()
    levels = measures & LEVELS.keys()
    if len(measures & _FUNDS) >= 2 and levels:
        kind, why = _self_eval_kind(table, title)
    elif len(levels) >= 2 and measures & _SCORING:
        kind, why = "indicator_scores", "level columns with 分值/得分/评分标准"
    elif levels and {"weight", "score"} <= measures:
        kind, why = "indicator_scores", "one level column with 分值 and 得分 (a summary by 一级指标)"
    elif len(measures & _BASIC) >= 2:
        kind, why = "basic_data", "编制数/决算数/预算数 columns"
    elif len(levels) >= 2 and measures & {"target", "actual"}:
        kind, why = _self_eval_kind(table, title)
    else:
        kind, why = _kind_from_title(title)
        if header_rows and kind == "other":
            why = "header rows without a known combination of measures"
    framework = _framework(table, kind, blocks, title)
    return TableClass(kind, tuple(header_rows), tuple(blocks), why, framework)


_FRAMEWORK_OF = {"dept_2013": "dept", "project_2013": "proj2013", "project_2020": "proj2020", "project_self_eval": "selfeval"}


def _framework(table: Table, kind: TableKind, blocks: list[HeaderBlock], title: str) -> str | None:
    """Which indicator framework the level-1/2 labels belong to (votes of their categories).

    Needed because one label names different indicators in different frameworks
    (预算执行率: 部门 预算完成率 vs 项目 预算执行率).
    """
    if kind in ("project_self_eval", "overall_self_eval"):
        return "selfeval"
    if kind != "indicator_scores":
        return None
    votes: dict[str, float] = {}
    catalog = load_catalog()
    for b in blocks:
        level_cols = [c for c, r in b.columns.items() if r.measure in ("level1", "level2")]
        seen: set[str] = set()
        for r in range(*b.body):
            for c in level_cols:
                cell = table.grid[r][c] if c < len(table.grid[r]) else None
                if cell is None or not _is_origin_here(cell, r):
                    continue
                m = map_header(cell.text, kinds=("category",))
                if not m.mapped or m.entry_id in seen:
                    continue
                seen.add(m.entry_id)
                fws = catalog.get("category", m.entry_id).frameworks
                for fw in fws:
                    votes[fw] = votes.get(fw, 0.0) + 1.0 / len(fws)
    if "部门整体" in title:
        votes["dept_2013"] = votes.get("dept_2013", 0.0) + 1.0
    if not votes:
        return None
    return _FRAMEWORK_OF.get(max(votes, key=lambda k: votes[k]))
