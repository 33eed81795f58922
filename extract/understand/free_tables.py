"""Statements from tables that match no declared form.

Reports add their own tables beside the standard forms: a 资金分配及执行情况表
(项目名称 | 下达金额 | 执行金额 | 执行率), a list of projects with their budgets,
a table of funds by level.  They are read the way a reviewer reads them: the
header row gives each column a role through the same role words as sentences
(lexicon.toml: 下达 → allocation, 执行金额 → actual, 执行率 → a rate), the
first text column names the row, and a 合计/总计 row is the total of the rows
above it — the only tree such a table states, so it is closed only when the
rows under it are one flat list (no 其中 or 小计 rows, no nested numbering).
A total row is about what the table's title names ("困难群众救助补助资金分配及
执行情况表" → 困难群众救助补助资金).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao.model import Figure, Scope, Statement, Table

from .figures import normalise, parse_cell
from .lexicon import Lexicon, load_lexicon
from .statements import _best, _measure_key, _strip_roles
from .table_statements import MONEY_ROLES, as_money

_YEAR = regex.compile(r"(?:19|20)\d{2}")
# A table title's closing words, after the subject it is about ("…资金分配及执行情况表").
_TITLE_TAIL = regex.compile(r"(?:(?:分配|使用|支出|执行|安排|下达|到位|拨付|预算|决算|明细|汇总|统计|完成|及|和|与|、)*"
                            r"(?:情况)?(?:一览|明细|统计|汇总)?表?)$")
_TITLE_HEAD = regex.compile(r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]+\s*[：:.、]?\s*|^表\s*[0-9一二三四五六七八九十]+\s*[：:.、]?\s*")
_ORDINAL = regex.compile(r"^(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3}|[（(][0-9一二三四五六七八九十]{1,3}[）)])[、.．]?$")
_NESTED = regex.compile(r"^\s*(?:其中|含|包括|[（(][0-9一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}\.[0-9]|[①-⑳])")
_HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True)
class Column:
    col: int
    header: str  # as written
    role: str
    period: int | None


def free_table_statements(table: Table, year: int | None, scale: float = 1.0) -> list[Statement]:
    """One statement per value cell of a row-labelled table with role columns; 合计 rows linked to the rows they total.

    A table may set blocks side by side, each with its own label column
    (收入支出决算总表: 项目 | 决算数 | 项目 | 决算数); each block is read on its own.
    """
    lex = load_lexicon()
    found = _header(table, lex)
    if found is None:
        return []
    header_row, blocks = found
    subject = table_subject(table.title or "")
    out: list[Statement] = []
    for label_col, columns in blocks:
        rows: list[tuple[int, str, bool, dict[int, Statement]]] = []
        for r in range(header_row + 1, table.n_rows):
            written = _row_label(table, r, label_col)
            label = _LEAD_ORDINAL.sub("", written)  # "一、一般公共服务支出" names 一般公共服务支出
            if not label:
                continue
            is_total = _is_total(label, lex)
            cells: dict[int, Statement] = {}
            for c in columns:
                fig = _figure(table, r, c, scale)
                if fig is None:
                    continue
                measure = _measure_key(subject) if is_total and subject else _measure_key(_strip_roles(label, lex))
                if not measure and is_total:
                    measure = _measure_key(label)  # "本年收入合计": a total of its own name, a level of the table
                if not measure:
                    continue
                # A row named like the whole table ("自然灾害救灾资金" in its own 分配表) is one of its parts,
                # a project of that name: scoped to the row so it is never read as the whole.
                part_named_as_whole = not is_total and subject and measure == _measure_key(subject)
                st = Statement(figure=fig, label=subject if is_total and subject else label, measure=measure,
                               role=c.role, location=table.cell_location(r, c.col), period=c.period or year,
                               scope=Scope(project=label) if part_named_as_whole else Scope(),
                               source="table", sentence=f"{label}｜{c.header}", total=is_total, role_strength=2,
                               cell=(r, c.col))
                cells[c.col] = st
                out.append(st)
            if cells:
                rows.append((r, written, is_total, cells))
        if not _coded_levels(table, header_row, label_col):
            _link_total(rows, columns)
    return out


def table_subject(title: str) -> str:
    """What a table is about, from its title: "附件2：就业补助资金分配及执行情况表" → 就业补助资金."""
    s = "".join(normalise(title).split())
    s = _TITLE_HEAD.sub("", s)
    s = regex.sub(r"^[0-9]{4}年度?", "", s)
    s = _TITLE_TAIL.sub("", s)
    s = regex.sub(r"[（(][^（）()]*[）)]$", "", s)
    return s if len(s) >= 2 else ""


def column_role(header: str, lex: Lexicon) -> str | None:
    """The role a column header gives its cells: a named rate, else the strongest role word."""
    h = "".join(normalise(header).split())
    if not h or len(h) > 20:
        return None
    bare = regex.sub(r"[（(][^（）()]*[）)]$", "", h)
    if bare in lex.change_rates:
        return "change_rate"  # 增减率: (second amount − first) / first
    if bare in lex.change_amounts:
        return "change"  # 增减额: second amount − first
    if lex.rate_for(regex.sub(r"[（(][^（）()]*[）)]$", "", h)) is not None:
        return "rate"
    words = [lex.role_of(m.group()) for m in lex.role_re.finditer(lex.mask(h))]
    strong = [w for w in words if w.kind in ("strip", "verb")]
    if strong:
        role = _best(strong, lex)
        return role if role in MONEY_ROLES else None
    return None


Block = tuple[int, list[Column]]  # (label column, its role columns)


def _header(table: Table, lex: Lexicon) -> tuple[int, list[Block]] | None:
    """The header row and its blocks: role columns grouped under the label column to their left."""
    for r in range(min(_HEADER_SEARCH_ROWS, table.n_rows - 1)):
        columns: list[Column] = []
        for c, cell in enumerate(table.grid[r]):
            if cell.origin is not None and cell.origin[1] != c:
                continue  # a horizontally merged header counts once
            role = column_role(cell.text, lex)
            if role is not None:
                y = _YEAR.search(cell.text)
                columns.append(Column(c, "".join(cell.text.split()), role, int(y.group()) if y else None))
        money = [c for c in columns if c.role not in ("rate", "change", "change_rate")]
        if len(columns) < 2 or not money:
            continue
        blocks: list[Block] = []
        prev = -1
        for c in columns:
            label_col = _label_column(table, r, c.col, after=prev)
            if label_col is None and blocks:
                blocks[-1][1].append(c)  # a further role column of the block on its left
            elif label_col is None:
                return None
            elif blocks and label_col == blocks[-1][0]:
                blocks[-1][1].append(c)
            else:
                blocks.append((label_col, [c]))
            prev = c.col
        return r, blocks
    return None


def _label_column(table: Table, header_row: int, before: int, after: int = -1) -> int | None:
    """The last column between ``after`` and ``before`` whose body cells are words (not 序号)."""
    for c in range(before - 1, after, -1):
        texts = [table.text(r, c).strip() for r in range(header_row + 1, table.n_rows)]
        texts = [t for t in texts if t]
        if not texts:
            continue
        words = [t for t in texts if not _ORDINAL.match(t) and parse_cell(t) is None]
        if len(words) * 2 >= len(texts):
            return c
    return None


_LEAD_ORDINAL = regex.compile(r"^(?:[（(][0-9一二三四五六七八九十]{1,3}[）)]|[0-9一二三四五六七八九十]{1,3}[、.．])\s*(?=\S)")


_CODE = regex.compile(r"^\d{3,9}$")


def _coded_levels(table: Table, header_row: int, label_col: int) -> bool:
    """Rows numbered by 科目编码 of several lengths (201 类, 20103 款, 2010301 项) nest, whatever their labels."""
    if label_col == 0:
        return False
    codes = {len(t) for r in range(header_row + 1, table.n_rows)
             if _CODE.match(t := "".join(table.text(r, label_col - 1).split()))}
    return len(codes) >= 2


def _row_label(table: Table, r: int, label_col: int) -> str:
    """The row's name as written, list number included (it tells a nested list)."""
    label = "".join(table.text(r, label_col).split())
    if not label:  # "合计" written in the 序号 column, the label cell merged into it
        label = "".join(table.text(r, 0).split())
    return label


def _is_total(label: str, lex: Lexicon) -> bool:
    """A row named by a total word alone (合计, 总计, 小计 … in lexicon.toml), or a short "…合计"."""
    return (len(label) >= 2 and label in lex.total_words) or (label.endswith(("合计", "总计")) and len(label) <= 6)


def _figure(table: Table, r: int, c: Column, scale: float) -> Figure | None:
    cell = table.grid[r][c.col]
    if cell.origin is not None and cell.origin[0] != r:
        return None  # a vertically merged cell states its figure once
    fig = parse_cell(cell.text, table.cell_location(r, c.col))
    if fig is None or fig.value is None:
        return None
    if c.role in ("rate", "change_rate"):
        return fig if fig.kind == "percent" else None
    if fig.kind in ("money", "number"):
        return as_money(fig, scale)
    return None


def _link_total(rows: list[tuple[int, str, bool, dict[int, Statement]]], columns: list[Column]) -> None:
    """A 合计 row after a flat list of rows is their sum, column by column; a last 总计 after it and a few
    more rows (本年收入合计, 年初结转和结余, 总计) is that 合计 plus those rows."""
    totals = [i for i, row in enumerate(rows) if row[2]]
    if len(totals) == 1:
        t = totals[0]
        if t not in (0, len(rows) - 1):
            return
        _link_rows(rows[t], [row for i, row in enumerate(rows) if i != t], columns)
    elif len(totals) == 2 and totals[1] == len(rows) - 1 and totals[1] - totals[0] >= 2:
        first, last = totals
        if _link_rows(rows[first], rows[:first], columns):
            _link_rows(rows[last], rows[first:last], columns)


def _link_rows(total_row: tuple, parts: list[tuple], columns: list[Column]) -> bool:
    """Make ``parts`` the children of ``total_row``, column by column, when they are one flat list."""
    if len(parts) < 2 or any(_NESTED.match(label) for _, label, _, _ in parts):
        return False
    if any(is_total for _, _, is_total, _ in parts[1:]):
        return False  # a 小计 among them: nested
    total = total_row[3]
    for c in columns:
        if c.role in ("rate", "change_rate") or c.col not in total:
            continue
        parent = total[c.col]
        kids = [row[3].get(c.col) for row in parts]
        for k in kids:
            if k is not None:
                k.parent = parent
                parent.children.append(k)
        # Every row filled: the list is all of the total; a blank row leaves it open (≤ only).
        parent.closed, parent.closed_why = (True, "合计") if all(k is not None for k in kids) else (False, "空白行")
    return True
