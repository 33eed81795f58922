"""The standard forms as declared schemas, and every instance of them in a report.

A schema (one TOML file per form family in this folder) says which cells
identify a form, which rows its 项目资金 block has and how its total is formed,
which cells a filled form must fill, which template rows it must not keep, and
what its notes may fix.  Columns are read through the catalog's column
measures, so provincial variants (调整预算数 for 全年预算数, 权重 for 分值, a
原因 column) are data.  Reading an instance:

- each row of the 项目资金 block is aligned to its header by the kind of value
  each column expects (amounts, a percentage, points, text), so a row that
  lost a cell in the document is read one column over instead of putting a
  执行率 in the 执行数 column;
- the total row (总分/合计) is read through the column roles of its header: a
  blank score stays blank, never replaced by the 分值 beside it;
- notes under the form (注：一级指标分值统一设置为…) give declared weights.

Checks the forms imply live in the rule modules; this module only reads.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from jixiao.model import Document, Fact, Figure, Location, Paragraph, Table

from ..classify import HeaderBlock, TableClass
from ..figures import normalise, parse_cell
from ..mapping import map_header, split_weight
from ..scoretree import ScoreTable
from ..tablefacts import display_label, fact_figure, goal_texts, table_name

# What each column role expects, for aligning rows to their header.
EXPECTS = {
    "budget_initial": "amount", "budget_full": "amount", "executed": "amount", "budget": "amount",
    "execution_rate": "percent", "weight": "points", "score": "points", "deviation_reason": "text",
}


@dataclass(frozen=True)
class FormSchema:
    family: str
    name: str
    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    name_cells: tuple[str, ...]
    funds: dict
    indicators: dict
    total: dict
    notes: dict
    variants: tuple[tuple[str, frozenset[str]], ...]
    roles: dict = field(default_factory=dict)  # column measure -> statement role, where the form fixes it

    def __hash__(self) -> int:
        return hash(self.family)


@lru_cache(maxsize=1)
def load_schemas() -> tuple[FormSchema, ...]:
    out = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        d = tomllib.loads(entry.read_text(encoding="utf-8"))
        out.append(FormSchema(
            family=d["family"], name=d["name"], kinds=tuple(d.get("kinds", [])), titles=tuple(d.get("titles", [])),
            name_cells=tuple(d.get("name_cells", [])), funds=d.get("funds", {}), indicators=d.get("indicators", {}),
            total=d.get("total", {}), notes=d.get("notes", {}),
            variants=tuple((v["id"], frozenset(v["columns"])) for v in d.get("variants", [])),
            roles=dict(d.get("roles", {})),
        ))
    return tuple(out)


def schema_for(kind: str) -> FormSchema | None:
    return next((s for s in load_schemas() if kind in s.kinds), None)


@dataclass
class FormCell:
    """One cell of a form, by the role its column gives it."""

    role: str
    text: str
    figure: Figure | None
    location: Location

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def value(self) -> float | None:
        return self.figure.value if self.figure is not None else None


@dataclass
class FundRow:
    item: str  # catalog item id ("fund_total", "fund_fiscal" …) or the label when unknown
    label: str
    row: int
    cells: dict[str, FormCell]
    shift: int = 0  # columns the row's values sit away from its header (a lost cell)

    def cell(self, role: str) -> FormCell | None:
        return self.cells.get(role)

    def figure(self, role: str) -> Figure | None:
        c = self.cells.get(role)
        return c.figure if c is not None and c.figure is not None and c.figure.value is not None else None

    def points(self) -> tuple[Figure, Figure] | None:
        """(分值, 得分) of the row when both are written as points (not a rate slipped into the column)."""
        w, s = self.figure("weight"), self.figure("score")
        if w is None or s is None or w.kind == "percent" or s.kind == "percent":
            return None
        return w, s


@dataclass
class FormTotal:
    """The 总分/合计 row, read through the column roles of its header."""

    label: str
    row: int
    weight: FormCell | None
    score: FormCell | None
    by_role: bool  # False when the figures sat outside the 分值/得分 columns and were taken in order


@dataclass
class Note:
    text: str
    location: Location
    weights: dict[str, tuple[Figure, str]]  # level-1 name (normalised) -> (weight, name as written)


@dataclass
class Form:
    """An instance of a declared form schema: its cells by role."""

    schema: FormSchema
    table: Table
    cls: TableClass
    name: str | None
    name_location: Location | None
    variant: str
    funds: list[FundRow]
    goals: dict[str, tuple[str, Location]]
    scores: ScoreTable | None
    total: FormTotal | None
    notes: list[Note]
    facts: list[Fact] = field(default_factory=list)

    # -- reading -------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.schema.family

    @property
    def label(self) -> str:
        return f"{self.table.location.attachment or ''}「{self.name}」" if self.name else self.table.location.label()

    @property
    def fund_total(self) -> FundRow | None:
        return next((r for r in self.funds if r.item == self.schema.funds.get("total", "fund_total")), None)

    @property
    def fund_parts(self) -> list[FundRow]:
        total = self.fund_total
        return [r for r in self.funds if r is not total]

    def fund(self, subject: str, measure: str) -> Fact | None:
        for f in self.facts:
            if f.subject == subject and f.measure == measure:
                return f
        return None

    def figure(self, subject: str, measure: str) -> Figure | None:
        """A funds-block figure by item and role, read from the aligned row."""
        row = next((r for r in self.funds if r.item == subject), None)
        if row is not None:
            return row.figure(measure)
        return fact_figure(self.fund(subject, measure))

    @property
    def declared_weights(self) -> dict[str, tuple[Figure, str, Location]]:
        out: dict[str, tuple[Figure, str, Location]] = {}
        for n in self.notes:
            for k, (fig, written) in n.weights.items():
                out.setdefault(k, (fig, written, n.location))
        return out


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def read_forms(doc: Document, classified: list[tuple[Table, TableClass]], facts: dict[int, list[Fact]],
               score_tables: dict[int, ScoreTable]) -> list[Form]:
    """Every form instance of the document (one or many; .docx, .pdf, scanned .pdf and .xlsx alike)."""
    out = []
    for table, cls in classified:
        schema = schema_for(cls.kind)
        if schema is None or schema.family in ("basic_data", "indicator_scores"):
            continue
        named = table_name(table)
        funds = _fund_rows(table, cls, schema)
        st = score_tables.get(id(table))
        out.append(Form(
            schema=schema, table=table, cls=cls, name=named[0] if named else None,
            name_location=named[1] if named else None, variant=_variant(schema, cls),
            funds=funds, goals=goal_texts(table, cls), scores=st,
            total=_total_row(table, cls, schema), notes=_notes(doc, table, schema),
            facts=facts.get(id(table), []),
        ))
    return out


def score_table_total(table: Table, cls: TableClass, schema: FormSchema | None) -> FormTotal | None:
    """The total row of an indicator table (exposed for the score table builder)."""
    return _total_row(table, cls, schema)


def _variant(schema: FormSchema, cls: TableClass) -> str:
    measures = set().union(*(b.measures for b in cls.blocks)) if cls.blocks else set()
    best = max(schema.variants, key=lambda v: (len(v[1] & measures) - len(v[1] - measures)), default=None)
    return best[0] if best else ""


def _funds_block(cls: TableClass) -> HeaderBlock | None:
    return next((b for b in cls.blocks if b.measures & {"executed", "budget_full", "budget_initial"}
                 and not any(m.startswith("level") for m in b.measures)), None)


def _kind_of(fig: Figure | None, text: str) -> str | None:
    """The kind of value a cell holds: amount, percent, points, text (None when blank or a dash)."""
    t = text.strip()
    if not t:
        return None
    if fig is None:
        return "text" if regex.search(r"\p{Han}{2,}", t) else None
    if fig.kind == "na":
        return None
    if fig.kind == "percent":
        return "percent"
    if fig.kind in ("money",):
        return "amount"
    if fig.kind in ("number", "score", "count"):
        return "number"
    return None


def _fits(expect: str, got: str | None) -> int:
    if got is None:
        return 0
    if expect == "amount":
        return 1 if got in ("amount", "number") else -1
    if expect == "percent":
        return 1 if got == "percent" else (0 if got == "number" else -1)
    if expect == "points":
        return 1 if got == "number" else -1
    if expect == "text":
        return 1 if got == "text" else (-1 if got in ("amount", "percent") else 0)
    return 0


def _origin_text(table: Table, r: int, c: int) -> tuple[str, Location, bool]:
    """Text of slot (r, c), its location, and whether it is a fresh value in this row."""
    if c < 0 or c >= len(table.grid[r]):
        return "", table.cell_location(r, max(0, c)), False
    cell = table.grid[r][c]
    if cell.origin is not None:
        return "", table.cell_location(*cell.origin), False  # a continuation carries no new value
    return cell.text, table.cell_location(r, c), True


def _row_shift(table: Table, r: int, roles: dict[int, str]) -> int:
    """How many columns this row's values sit away from their header (0 unless another reading fits clearly better)."""
    scores = {}
    for shift in (0, -1, 1):
        total = 0
        for c, role in roles.items():
            expect = EXPECTS.get(role)
            if expect is None:
                continue
            text, loc, fresh = _origin_text(table, r, c + shift)
            if not fresh:
                continue
            total += _fits(expect, _kind_of(parse_cell(text, loc), text))
        scores[shift] = total
    best = max(scores, key=lambda s: (scores[s], s == 0))
    return best if scores[best] >= scores[0] + 2 else 0


def _fund_rows(table: Table, cls: TableClass, schema: FormSchema) -> list[FundRow]:
    block = _funds_block(cls)
    if block is None:
        return []
    roles = {c: r.measure for c, r in block.columns.items() if r.measure in EXPECTS}
    first_role_col = min(roles) if roles else table.n_cols
    out: list[FundRow] = []
    start, end = block.body
    for r in range(start, end):
        label, label_loc = _row_label(table, r, first_role_col)
        if not label:
            continue
        m = map_header(label, kinds=("item",))
        item = m.entry_id if m.mapped and m.entry_id else ""
        if not item.startswith("fund_"):
            if out and (item or label):
                # A row of another block (年度总体目标 …) ends the funds rows.
                if not any(ch.isdigit() for ch in "".join(table.row_texts(r))):
                    break
            if not out:
                continue
            item = item or display_label(label)
        shift = _row_shift(table, r, roles)
        cells: dict[str, FormCell] = {}
        for c, role in roles.items():
            text, loc, fresh = _origin_text(table, r, c + shift)
            if not fresh:
                text = ""
                loc = table.cell_location(r, c + shift) if 0 <= c + shift < len(table.grid[r]) else loc
            fig = parse_cell(text, loc) if text.strip() else None
            cells[role] = FormCell(role, text.strip(), fig if fig is None or fig.kind != "na" else fig, loc)
        out.append(FundRow(item, display_label(label), r, cells, shift))
    return out


def _row_label(table: Table, r: int, before: int) -> tuple[str, Location | None]:
    """The row's label: the last non-empty fresh text cell left of the first value column."""
    for c in range(min(before, len(table.grid[r])) - 1, -1, -1):
        cell = table.grid[r][c]
        if cell.origin is not None and cell.origin[0] != r:
            continue
        text = table.grid[cell.origin[0]][cell.origin[1]].text if cell.origin else cell.text
        if text.strip() and not regex.fullmatch(r"[\d.,%\s/-]+", text.strip()):
            return text, table.cell_location(r, c)
    return "", None


def _indicator_block(cls: TableClass) -> HeaderBlock | None:
    return next((b for b in cls.blocks if any(m.startswith("level") for m in b.measures)), None)


def _total_row(table: Table, cls: TableClass, schema: FormSchema | None) -> FormTotal | None:
    labels = tuple(schema.total.get("labels", ())) if schema else ("总分", "合计", "总计")
    block = _indicator_block(cls) or (cls.blocks[-1] if cls.blocks else None)
    if block is None:
        return None
    wcol = next((c for c, r in sorted(block.columns.items()) if r.measure == "weight"), None)
    scol = next((c for c, r in sorted(block.columns.items()) if r.measure == "score"), None)
    for r in range(block.body[0], table.n_rows):
        first = "".join(table.text(r, 0).split())
        if not any(first.startswith(t) for t in labels):
            continue
        w = _total_cell(table, r, wcol, "weight")
        s = _total_cell(table, r, scol, "score")
        if (w is None or w.blank) and (s is None or s.blank):
            # The figures sit outside the 分值/得分 columns (a broken merge): take them in order.
            figs = []
            for c in range(1, len(table.grid[r])):
                text, loc, fresh = _origin_text(table, r, c)
                fig = parse_cell(text, loc) if fresh and text.strip() else None
                if fig is not None and fig.value is not None:
                    figs.append(FormCell("", text.strip(), fig, loc))
            if len(figs) == 2:
                return FormTotal(first, r, FormCell("weight", figs[0].text, figs[0].figure, figs[0].location),
                                 FormCell("score", figs[1].text, figs[1].figure, figs[1].location), False)
            return FormTotal(first, r, None, None, False) if figs else FormTotal(first, r, w, s, True)
        return FormTotal(first, r, w, s, True)
    return None


def _total_cell(table: Table, r: int, c: int | None, role: str) -> FormCell | None:
    if c is None:
        return None
    text, loc, fresh = _origin_text(table, r, c)
    if not fresh:
        text = ""
        loc = table.cell_location(r, c)
    fig = parse_cell(text, loc) if text.strip() else None
    return FormCell(role, text.strip(), fig, loc)


# -- notes -----------------------------------------------------------------------------

_NOTE_START = regex.compile(r"^\s*(?:注|说明|备注|填表说明)\s*[:：]?")
_WEIGHT_PAIR = regex.compile(r"(?P<name>[\p{Han}“”\"]{2,16}?)\s*(?P<w>[0-9]+(?:\.[0-9]+)?)\s*分")


def _notes(doc: Document, table: Table, schema: FormSchema) -> list[Note]:
    """Notes under (or inside) the form: 注/说明 paragraphs right after it, and 注 cells."""
    texts: list[tuple[str, Location]] = []
    blocks = doc.blocks
    try:
        i = next(k for k, b in enumerate(blocks) if b is table)
    except StopIteration:
        i = -1
    if i >= 0:
        for b in blocks[i + 1:i + 8]:
            if isinstance(b, Table):
                break
            if isinstance(b, Paragraph) and _NOTE_START.match(b.text):
                texts.append((b.text, b.location))
    for c in table.origins():
        if _NOTE_START.match(c.text):
            texts.append((c.text, table.cell_location(c.row, c.col)))
    phrases = tuple(schema.notes.get("level1_weights", ()))
    return [Note(t, loc, _declared_weights(t, phrases, loc)) for t, loc in texts]


def _declared_weights(text: str, phrases: tuple[str, ...], loc: Location) -> dict[str, tuple[Figure, str]]:
    norm = normalise(text)
    at = min((norm.find(p) for p in phrases if p in norm), default=-1)
    if at < 0:
        return {}
    tail = norm[at:]
    colon = regex.search(r"[为:：]", tail)
    tail = tail[colon.end():] if colon else tail
    stop = regex.search(r"[。；;]|[,，](?![^,，。；;]*?\d+\s*分)", tail)
    tail = tail[:stop.start()] if stop else tail
    out: dict[str, tuple[Figure, str]] = {}
    for m in _WEIGHT_PAIR.finditer(tail):
        name = m.group("name").strip("“”\"、，, ")
        fig = parse_cell(m.group("w") + "分", loc)
        if fig is not None and name:
            out[level_key(name)] = (fig, name)
    return out


def level_key(name: str) -> str:
    """A comparable level-1 name: 产出指标(50分) / 产出 / 产出指标 → 产出; 预算资金执行率 → 预算执行."""
    n = split_weight(name)[0]
    n = regex.sub(r"[“”\"（）()\s]", "", n)
    if "执行" in n:
        return "预算执行"
    if "满意" in n:
        return "满意度"
    n = regex.sub(r"(?:指标|类)$", "", n)
    return n
