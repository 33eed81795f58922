"""Indicator tables (指标评分表, and the 绩效指标 block of 自评表) as a weighted hierarchy.

Real tables are untidy: merged level cells are often imitated by blank cells,
a page break repeats "过程（40分）", a row may be shifted left by a broken
merge, scores sometimes sit one column off inside a horizontal merge, and
weights are written either in their own 分值 column or inside the label
("预算执行（26分）").  This module absorbs all that once, so score rules see
clean groups: level-1 → level-2 → indicator rows, each with declared weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from jixiao.model import Figure, Location, Table

from .classify import HeaderBlock, TableClass
from .figures import parse_cell
from .mapping import map_header, normalise_header, split_weight

_WEIGHT_IN_LABEL = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]")
TOTAL_LABELS = ("总分", "合计", "总计")
SUBTOTAL_LABELS = ("小计",)  # a heading's own total row inside the table: no indicator
# A template row a filled form should not keep: "指标2：", "……", "...".
_PLACEHOLDER = re.compile(r"^(?:指标\s*[0-9一二三四五六七八九十]+\s*[:：]?|[…\.。·]{2,}|[-—]{1,2})$")


@dataclass
class Group:
    """A level-1 or level-2 heading with the weight it declares."""

    level: int
    name: str  # normalised, e.g. "过程"
    label: str  # as written, e.g. "过\n程\n（40分）"
    weight: Figure | None
    location: Location
    rows: list["IndicatorRow"] = field(default_factory=list)
    parent: "Group | None" = None


@dataclass
class IndicatorRow:
    row: int
    name: str  # as written, whitespace collapsed
    indicator_id: str | None  # catalog id, None when unmapped
    weight: Figure | None
    score: Figure | None
    rule_text: str
    description: str
    target: str
    actual: str
    location: Location  # of the name cell
    weight_location: Location | None
    score_location: Location | None
    level1: Group | None = None
    level2: Group | None = None
    reason: str = ""  # 偏差原因分析及改进措施, as written
    target_location: Location | None = None
    actual_location: Location | None = None
    reason_location: Location | None = None
    placeholder: bool = False  # a template row left in the form ("指标2：", "……")


@dataclass
class ScoreTable:
    table: Table
    kind: str
    framework: str | None
    rows: list[IndicatorRow]
    groups: list[Group]  # level-1 and level-2, in order
    total_weight: Figure | None = None
    total_score: Figure | None = None
    total_location: Location | None = None  # of the total score (else of the total weight)
    total_weight_location: Location | None = None

    @property
    def level1(self) -> list[Group]:
        return [g for g in self.groups if g.level == 1]

    @property
    def level2(self) -> list[Group]:
        return [g for g in self.groups if g.level == 2]


def _squash(text: str) -> str:
    return "".join(text.split())


def label_weight(text: str, location: Location) -> Figure | None:
    """The weight written inside a label: '产出\\n指标\\n(50分)' -> 50."""
    m = _WEIGHT_IN_LABEL.search(_squash(text))
    if not m:
        return None
    return parse_cell(m.group(1) + "分", location)


def _cell(table: Table, r: int, c: int | None) -> tuple[str, Location | None, bool]:
    """Text of a slot, its location, and whether the slot starts a cell here (not a vertical continuation)."""
    if c is None or c >= len(table.grid[r]):
        return "", None, False
    cell = table.grid[r][c]
    if cell.origin is not None:
        origin = table.grid[cell.origin[0]][cell.origin[1]]
        fresh = cell.origin[0] == r  # horizontal continuation: same row
        return origin.text, table.cell_location(*cell.origin), fresh
    return cell.text, table.cell_location(r, c), True


def _number(table: Table, r: int, c: int | None) -> tuple[Figure | None, Location | None]:
    """A numeric cell; a horizontally merged slot yields its origin's number (scores slip one column in real tables)."""
    text, loc, fresh = _cell(table, r, c)
    if not fresh or loc is None:
        return None, None
    if table.grid[r][c].origin is not None and table.grid[r][c].origin[0] != r:  # type: ignore[index]
        return None, None
    fig = parse_cell(text, loc)
    if fig is None or fig.value is None:
        return None, loc
    return fig, loc


def _roles(block: HeaderBlock) -> dict[str, int]:
    """measure → column; weights keyed 'weight1'/'weight2'/'weight3'/'weight' by their level."""
    out: dict[str, int] = {}
    for col, role in sorted(block.columns.items()):
        key = role.measure
        if key == "weight" and role.level:
            key = f"weight{role.level}"
        out.setdefault(key, col)
    return out


def build_score_table(table: Table, cls: TableClass) -> ScoreTable | None:
    """The hierarchy of the block that has level columns (一级/二级/三级指标)."""
    block = next((b for b in cls.blocks if any(r.measure.startswith("level") for r in b.columns.values())), None)
    if block is None:
        return None
    roles = _roles(block)
    if "weight3" not in roles and "weight" in roles:
        roles["weight3"] = roles["weight"]  # a lone 分值 column weighs the indicator rows
    c1, c2, c3 = roles.get("level1"), roles.get("level2"), roles.get("level3")
    leaf = "level3"
    if c3 is None:
        # The deepest level a table has is its leaves: a summary by 一级指标 (投入 | 10 | 7.50) scores its rows.
        leaf = "level2" if c2 is not None else "level1"
        c3 = roles["level3"] = roles.pop(leaf)
        c1, c2 = (c1, None) if leaf == "level2" else (None, None)
        if "weight3" not in roles and f"weight{leaf[-1]}" in roles:
            roles["weight3"] = roles[f"weight{leaf[-1]}"]
    st = ScoreTable(table=table, kind=cls.kind, framework=cls.framework, rows=[], groups=[])
    g1: Group | None = None
    g2: Group | None = None
    # A header repeated after a page break starts another block with the same columns: the
    # indicator rows (and the level-1 heading merged across the break) continue through it.
    same = [b for b in cls.blocks if b.body[0] >= block.body[0] and _roles(b).keys() >= {leaf}
            and {c: r.measure for c, r in b.columns.items()} == {c: r.measure for c, r in block.columns.items()}]
    body_rows = [r for b in same for r in range(*b.body)]
    for r in body_rows:
        first_text = _squash(table.text(r, 0))
        if any(first_text.startswith(t) for t in TOTAL_LABELS):
            _read_total(st, table, r, roles.get("weight3", roles.get("weight")), roles.get("score"))
            break
        if any(_squash(table.text(r, c)).startswith(SUBTOTAL_LABELS) for c in range(table.n_cols)
               if (table.grid[r][c].origin or (r, c))[0] == r):
            continue  # "小计": the sum of the heading's rows above, not one more indicator
        # A row shifted left by a broken merge: the indicator name sits in an earlier column.
        shift = _row_shift(table, r, c1, c2, c3)
        def col(name: str) -> int | None:
            c = roles.get(name)
            return None if c is None else c - shift

        if shift == 0:
            for level, c, wkey in ((1, c1, "weight1"), (2, c2, "weight2")):
                text, loc, fresh = _cell(table, r, c)
                wfig, wloc = _number(table, r, roles.get(wkey)) if wkey in roles else (None, None)
                if not fresh or loc is None:
                    continue
                name = split_weight(text)[0]
                if not (name or wfig):
                    continue
                if re.fullmatch(r"[\d.]+分?", _squash(text)):
                    continue  # a stretched total, handled below
                weight = wfig or label_weight(text, loc)
                current = g1 if level == 1 else g2
                if current is not None and name and name == current.name:
                    if current.weight is None and weight is not None:
                        current.weight = weight
                    continue  # a page break repeated the heading
                if current is not None and not name and weight is None:
                    continue
                g = Group(level=level, name=name or (current.name if current else ""), label=_squash(text), weight=weight, location=wloc if (wfig and not name) else loc)
                st.groups.append(g)
                if level == 1:
                    g1, g2 = g, None
                else:
                    g.parent = g1
                    g2 = g
        name_text, name_loc, fresh = _cell(table, r, col("level3"))
        if name_loc is None:
            continue
        c3_cell = table.grid[r][col("level3")]  # type: ignore[index]
        if c3_cell.origin is not None and c3_cell.origin[1] in (c1, c2):
            if _lone_total(st, table, r, c3_cell.origin):
                break
            stretched = _stretched_indicator(st, table, r, c3_cell.origin, roles, col)
            if stretched is not None:
                g1, g2 = stretched.level1, None  # "预算执行率" over 一级–三级 with its own 分值 and 得分
            continue  # a heading cell stretched over the row, not an indicator
        weight, wloc = _number(table, r, col("weight3")) if "weight3" in roles else (None, None)
        if weight is None and fresh:
            weight = label_weight(name_text, name_loc)
            wloc = name_loc if weight else None
        score, sloc = _number(table, r, col("score"))
        if score is None:
            shifted, shifted_loc = _shifted_score(table, r, col("score"))
            if shifted is not None:
                score, sloc = shifted, shifted_loc
        name = _squash(name_text) if fresh else ""
        if not name and score is None and weight is None:
            continue
        if not name and st.rows and st.rows[-1].level1 is g1 and st.rows[-1].level2 is g2:
            # A continuation line of a multi-row indicator (xuanchuan 附件3): its score belongs to the indicator above.
            prev = st.rows[-1]
            if score is not None and prev.score is None:
                prev.score, prev.score_location = score, sloc
            elif score is not None:
                st.rows.append(_row(r, prev.name, prev.indicator_id, None, score, "", "", "", "", sloc or name_loc, None, sloc, g1, g2, continuation=True))
            continue
        # Rows of a table whose leaves are 一级/二级 headings name categories (投入, 产出), not indicators.
        kinds = ("indicator",) if leaf == "level3" else ("indicator", "category")
        mapping = map_header(name_text, kinds=kinds, framework=cls.framework) if name else None
        rule_text = _squash(_cell(table, r, col("rule"))[0]) if "rule" in roles else ""
        desc = _cell(table, r, col("description"))[0] if "description" in roles else ""
        target = _cell(table, r, col("target"))[0] if "target" in roles else ""
        actual = _cell(table, r, col("actual"))[0] if "actual" in roles else ""
        row = _row(r, split_weight(name_text)[0] if name else "", mapping.entry_id if mapping and mapping.mapped else None,
                   weight, score, rule_text, desc, target, actual, name_loc, wloc, sloc, g1, g2)
        row.placeholder = bool(_PLACEHOLDER.match(row.name or name)) and weight is None and score is None \
            and not _squash(target) and not _squash(actual)
        if "deviation_reason" in roles:
            row.reason, row.reason_location, _ = _cell(table, r, col("deviation_reason"))
        if "target" in roles:
            row.target_location = _cell(table, r, col("target"))[1]
        if "actual" in roles:
            row.actual_location = _cell(table, r, col("actual"))[1]
        st.rows.append(row)
    for row in st.rows:
        for g in (row.level1, row.level2):
            if g is not None:
                g.rows.append(row)
    return st


def _lone_total(st: ScoreTable, table: Table, r: int, origin: tuple[int, int]) -> bool:
    """A last row holding only a number stretched over the columns ('100'): the table's total weight."""
    text = table.grid[origin[0]][origin[1]].text
    fig = parse_cell(text, table.cell_location(*origin))
    if fig is None or fig.value is None or fig.kind not in ("number", "score"):
        return False
    # One number for the whole table: its 分值 total (the score, if any, is not written).
    st.total_weight, st.total_location = fig, table.cell_location(*origin)
    st.total_weight_location = st.total_location
    return True


def _row(r, name, indicator_id, weight, score, rule_text, desc, target, actual, loc, wloc, sloc, g1, g2, continuation=False) -> IndicatorRow:
    return IndicatorRow(row=r, name=name, indicator_id=indicator_id, weight=None if continuation else weight, score=score,
                        rule_text=rule_text, description=desc, target=target, actual=actual, location=loc,
                        weight_location=None if continuation else wloc, score_location=sloc, level1=g1, level2=g2)


def _row_shift(table: Table, r: int, c1: int | None, c2: int | None, c3: int) -> int:
    """How far left of the 三级指标 column this row's indicator name sits (0 normally).

    A broken merge leaves a row with fewer physical cells, padded on the right
    by horizontal continuations; only such a row may be shifted, and only as
    far as its padding allows.
    """
    row = table.grid[r]
    padding = 0
    for cell in reversed(row):
        if cell.origin is not None and cell.origin[0] == r:
            padding += 1
        else:
            break
    if padding == 0:
        return 0
    for c in range(0, c3):
        if row[c].origin is not None:
            continue
        text = row[c].text
        if not _squash(text):
            continue
        m = map_header(text, kinds=("indicator", "category"))
        if m.mapped and m.kind == "indicator" and m.score >= 90 and 0 < c3 - c <= padding:
            return c3 - c
    return 0


def _shifted_score(table: Table, r: int, c: int | None) -> tuple[Figure | None, Location | None]:
    """A score written one column left inside a horizontal merge ('10 | <' under 指标说明/得分)."""
    if c is None or c >= len(table.grid[r]):
        return None, None
    cell = table.grid[r][c]
    if cell.origin is None or cell.origin[0] != r:
        return None, None
    return _number(table, r, cell.origin[1])


def _read_total(st: ScoreTable, table: Table, r: int, wcol: int | None = None, scol: int | None = None) -> None:
    """The 总分 row through its header's column roles: the 分值 column is the total weight, the 得分 column the score.

    Only when both are blank and exactly two figures sit elsewhere in the row
    (a broken merge, "总分 | 100 | 95") are they taken in order; a lone figure
    outside those columns is not guessed at, and a blank score stays blank.
    """
    def fresh(c: int | None) -> tuple[Figure | None, Location | None]:
        if c is None or c >= len(table.grid[r]) or table.grid[r][c].origin is not None:
            return None, None
        loc = table.cell_location(r, c)
        f = parse_cell(table.grid[r][c].text, loc)
        return (f, loc) if f is not None and f.value is not None else (None, loc)

    w, wloc = fresh(wcol)
    sc, sloc = fresh(scol)
    if w is not None or sc is not None:
        st.total_weight, st.total_score = w, sc
        st.total_location = (sloc if sc is not None else None) or wloc
        st.total_weight_location = wloc if w is not None else None
        return
    figs: list[tuple[Figure, Location]] = []
    for c in range(1, len(table.grid[r])):
        f, loc = fresh(c)
        if f is not None and loc is not None:
            figs.append((f, loc))
    if len(figs) == 2:
        st.total_weight, st.total_score = figs[0][0], figs[1][0]
        st.total_location, st.total_weight_location = figs[1][1], figs[0][1]


def group_name(text: str) -> str:
    return normalise_header(text)


def _stretched_indicator(st: ScoreTable, table, r: int, origin: tuple[int, int], roles: dict,
                         col) -> "IndicatorRow | None":
    """A row whose name is one cell stretched over every level column and which has its own 分值 and 得分
    ("预算执行率 | 100% | 95.90% | 10 | 9.59" in a 项目 自评表): a heading of one indicator, counted in the totals."""
    weight, wloc = _number(table, r, col("weight3")) if "weight3" in roles else (None, None)
    score, sloc = _number(table, r, col("score"))
    text = _squash(table.text(*origin))
    if weight is None or score is None or not text or any(text.startswith(t) for t in TOTAL_LABELS):
        return None
    loc = table.cell_location(*origin)
    g = Group(level=1, name=split_weight(text)[0], label=text, weight=weight, location=wloc or loc)
    st.groups.append(g)
    mapping = map_header(text, kinds=("indicator", "category"))
    row = _row(r, split_weight(text)[0], mapping.entry_id if mapping.mapped else None, weight, score, "", "",
               _cell(table, r, col("target"))[0] if "target" in roles else "",
               _cell(table, r, col("actual"))[0] if "actual" in roles else "", loc, wloc, sloc, g, None)
    st.rows.append(row)
    return row
