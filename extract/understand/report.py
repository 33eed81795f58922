"""A report, understood: everything a rule may ask about one document, computed once.

Rules are pure functions of a :class:`Report`.  It holds the document and
what the understanding layer makes of it — the unit and year, the
statements (every figure the report asserts, narrative and tables alike, as
calculation trees), the forms, the indicator score tables.  Expensive views
are cached properties, so a rule that does not need them costs nothing, and
no rule re-reads the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
import re
from typing import Iterator

from .classify import TableClass, classify_table
from .identity import Identity, identify
from .narrative import Enumeration, enumerations
from .scoretree import ScoreTable, build_score_table
from .tablefacts import TableFacts, Unmapped, fact_figure, goal_texts, table_facts, table_name
from jixiao.model import Document, Fact, Figure, Location, Paragraph, Scope, Statement, Table

from .claims import Claim, find_claims
from .lexicon import load_lexicon
from .forms import Form, read_forms
from .statements import narrative_statements
from .free_tables import free_table_statements
from .table_statements import fact_statements, money_scale


SelfEvalSheet = Form  # the old name of a form instance

_PROSE = re.compile(r"[\u4e00-\u9fff]{4,}.*[，。；,;]")


class Report:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    # -- who and when -------------------------------------------------------
    @cached_property
    def identity(self) -> Identity:
        return identify(self.doc)

    @property
    def unit(self) -> str | None:
        return self.identity.unit

    @property
    def year(self) -> int | None:
        return self.identity.year

    @cached_property
    def unit_type(self) -> str | None:
        from checks.profiles import unit_type

        return unit_type(self.unit) if self.unit else None

    @cached_property
    def duties(self) -> tuple[str, Location] | None:
        from .duties import duties_text

        return duties_text(self.doc)

    @property
    def duties_text(self) -> str:
        return self.duties[0] if self.duties else ""

    # -- blocks ---------------------------------------------------------------
    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.doc.paragraphs

    @property
    def tables(self) -> list[Table]:
        return self.doc.tables

    def text_blocks(self) -> Iterator[tuple[str, Location]]:
        """Every piece of text with its location: paragraphs, then non-empty table cells (each merged cell once)."""
        for p in self.doc.paragraphs:
            yield p.text, p.location
        for t in self.doc.tables:
            for c in t.origins():
                if c.text.strip():
                    yield c.text, t.cell_location(c.row, c.col)

    @cached_property
    def classified(self) -> list[tuple[Table, TableClass]]:
        return [(t, classify_table(t, t.title or "", year=self.year)) for t in self.doc.tables]

    # -- tables as facts ------------------------------------------------------
    @cached_property
    def score_tables(self) -> list[ScoreTable]:
        out = []
        for t, cls in self.classified:
            if cls.kind in ("indicator_scores", "project_self_eval", "overall_self_eval"):
                st = build_score_table(t, cls)
                if st is not None and st.rows:
                    out.append(st)
        return out

    @cached_property
    def _table_facts(self) -> list[tuple[Table, TableClass, TableFacts]]:
        return [(t, cls, table_facts(t, cls, self.year)) for t, cls in self.classified if cls.kind != "other"]

    @cached_property
    def basic_facts(self) -> list[Fact]:
        """Facts of the 基础数据表 (first one wins when a report repeats it)."""
        for _, cls, tf in self._table_facts:
            if cls.kind == "basic_data" and tf.facts:
                return tf.facts
        return []

    def basic(self, subject: str, measure: str) -> Fact | None:
        for f in self.basic_facts:
            if f.subject == subject and f.measure == measure:
                return f
        return None

    def sheet_of(self, table: Table) -> Form | None:
        return next((s for s in self.sheets if s.table is table), None)

    @cached_property
    def forms(self) -> list[Form]:
        """Every instance of a declared form (项目支出绩效自评表, 部门整体支出绩效自评表)."""
        scores = {id(st.table): st for st in self.score_tables}
        facts = {id(t): tf.facts for t, _, tf in self._table_facts}
        return read_forms(self.doc, self.classified, facts, scores)

    @property
    def sheets(self) -> list[Form]:
        return self.forms

    @property
    def project_sheets(self) -> list[Form]:
        return [s for s in self.forms if s.kind == "project_self_eval"]

    @cached_property
    def facts(self) -> list[Fact]:
        out: list[Fact] = []
        for _, _, tf in self._table_facts:
            out.extend(tf.facts)
        return out

    @cached_property
    def unmapped(self) -> list[Unmapped]:
        out: list[Unmapped] = []
        for _, _, tf in self._table_facts:
            out.extend(tf.unmapped)
        for st in self.score_tables:
            if st.kind == "indicator_scores":
                for row in st.rows:
                    if row.name and row.indicator_id is None and row.weight is not None:
                        out.append(Unmapped(row.name, row.location, "indicator"))
        return out

    @cached_property
    def truncated(self) -> bool:
        """The document stops mid-sentence: an excerpt or a cut file, so what it lists may lie beyond the cut."""
        def body(b: object) -> bool:  # an editor's note wholly in brackets is not the text's own end
            if not isinstance(b, Paragraph):
                return True
            t = "".join(b.text.split())
            bracketed = len(t) >= 2 and t[0] in "(（[【" and t.rstrip("。.")[-1] in ")）]】"
            return bool(t) and not bracketed

        last = next((b for b in reversed(self.doc.blocks) if body(b)), None)
        if not isinstance(last, Paragraph):
            return False
        text = "".join(last.text.split())
        if len(text) < 15:
            return False  # a date, a signature, a page number
        return text[-1] not in "。！？!?；;：:）)”」』》…" and not text.endswith(("日", "年", "月"))

    # -- statements -------------------------------------------------------------
    @cached_property
    def narrative_statements(self) -> list[Statement]:
        """Every figure asserted in sentences: paragraphs and prose table cells.

        A sentence inside a 项目 form speaks of that project: its statements take the form's project as scope.
        """
        out = narrative_statements(self.doc.paragraphs, self.year, self.prose_cells())
        projects = {f.table.location.table: f.name for f in self.forms if f.kind == "project_self_eval" and f.name}
        generic = set(load_lexicon().generic_measures)
        for st in out:
            name = projects.get(st.location.table) if st.location.table is not None else None
            if name and not st.scope.project:
                st.scope = Scope(level=st.scope.level, document=st.scope.document, project=name)
            # "全年实际支出34.47万元" in a form's own cell is the form's 年度资金总额 (a top-level figure, no item named)
            if name and st.parent is None and st.figure.kind == "money" and (not st.measure or st.measure in generic) \
                    and st.role in ("actual", "budget", "budget_adjusted") and st.role_strength >= 1 and not st.scope.level:
                st.measure = "fund_total"
        return out

    def prose_cells(self) -> list[tuple[str, Location]]:
        """Table cells that are sentences with figures (a 自评表's 实际完成情况), each once."""
        out = []
        for t in self.doc.tables:
            for c in t.origins():
                text = c.text.strip()
                if len(text) >= 12 and _PROSE.search(text) and any(ch.isdigit() for ch in text):
                    out.append((text, t.cell_location(c.row, c.col)))
        return out

    @cached_property
    def table_statements(self) -> list[Statement]:
        """Every value of the 基础数据表 and the 自评表 funds blocks, linked by catalog compositions."""
        out: list[Statement] = []
        for t, cls, tf in self._table_facts:
            if not tf.facts:
                continue
            project = None
            if cls.kind == "project_self_eval":
                sheet = self.sheet_of(t)
                project = sheet.name if sheet and sheet.name else f"表{t.location.table}"
            out.extend(fact_statements(tf.facts, project, self._money_scale(t)))
        out.extend(self.free_table_statements)
        return out

    @cached_property
    def free_table_statements(self) -> list[Statement]:
        """Value cells of the tables that match no form, read through their header's role words."""
        out: list[Statement] = []
        for t, cls in self.classified:
            if cls.kind == "other":
                out.extend(free_table_statements(t, self.year, self._money_scale(t)))
        return out

    def _money_scale(self, t: Table) -> float:
        head = [t.title or ""] + [c.text for row in t.grid[:6] for c in row if len(c.text) <= 20] + self._unit_line(t)
        return money_scale(head)

    def _unit_line(self, table: Table) -> list[str]:
        """The short line just above a table ("单位：元"), which states its money unit."""
        blocks = self.doc.blocks
        i = next((k for k, b in enumerate(blocks) if b is table), 0)
        return [b.text for b in blocks[max(0, i - 2):i] if isinstance(b, Paragraph) and len(b.text) <= 30]

    @cached_property
    def statements(self) -> list[Statement]:
        return self.narrative_statements + self.table_statements

    @cached_property
    def enumerations(self) -> list[Enumeration]:
        """Stated counts with the names listed after them ("内设机构7个，分别为办公室、…")."""
        return [e for p in self.doc.paragraphs for e in enumerations(p.text, p.location)]

    @cached_property
    def claims(self) -> list[Claim]:
        """Sentences saying how a figure moved or that the work was done."""
        cells = [(c.text.strip(), t.cell_location(c.row, c.col)) for t in self.doc.tables for c in t.origins()
                 if len(c.text.strip()) >= 4]
        return find_claims(self.doc.paragraphs, cells)

