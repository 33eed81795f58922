"""The data model every stage shares.

Flow: a reader turns a file into a :class:`Document` (ordered blocks: paragraphs
and tables, each with a :class:`Location`); ``extract`` derives figures and
facts from it; ``checks`` turn facts into :class:`Finding` objects; ``reports``
render :class:`DocumentResult` objects.  Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal, Union

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    """Where a block, cell or figure sits, precise enough for a person to find it."""

    file: str = ""
    attachment: str | None = None  # printed label, e.g. "附件3", "附件4-2"
    section: str | None = None  # heading text, e.g. "六、部门整体支出绩效情况"
    table: int | None = None  # 1-based index of the table in the document
    table_title: str | None = None
    row: int | None = None  # 0-based grid row
    col: int | None = None  # 0-based grid column
    paragraph: int | None = None  # 1-based paragraph number within the section
    page: int | None = None  # 1-based PDF page

    def at(self, **changes: object) -> "Location":
        """A copy with some fields changed (hot: every table cell gets one; dataclasses.replace is 5x slower)."""
        for key in changes:
            if key not in self.__dataclass_fields__:
                raise TypeError(f"Location has no field {key!r}")
        new = object.__new__(Location)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def label(self) -> str:
        """Human-readable location in Chinese, e.g. '附件3 · 六、… · 第1段'."""
        parts: list[str] = []
        if self.attachment:
            parts.append(self.attachment)
        if self.table is not None:
            title = f"「{self.table_title}」" if self.table_title else ""
            parts.append(f"表{self.table}{title}")
        elif self.section:
            parts.append(self.section)
        if self.row is not None and self.col is not None:
            parts.append(f"第{self.row + 1}行第{self.col + 1}列")
        elif self.row is not None:
            parts.append(f"第{self.row + 1}行")
        if self.paragraph is not None and self.table is None:
            parts.append(f"第{self.paragraph}段")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        return " · ".join(parts) if parts else (self.file or "")


@dataclass(slots=True)
class Cell:
    """One slot of a table's logical grid.

    A merged cell occupies several slots: the top-left one is the origin
    (``rowspan``/``colspan`` > 1), the others are continuations pointing back to
    it through ``origin`` and repeat its text so that row-wise reading works.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    origin: tuple[int, int] | None = None  # (row, col) of the merge origin if continuation

    @property
    def is_continuation(self) -> bool:
        return self.origin is not None


@dataclass
class Table:
    grid: list[list[Cell]]
    location: Location
    title: str | None = None  # caption paragraph(s) just above, or a one-cell title table
    _locations: dict[tuple[int, int], Location] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def text(self, row: int, col: int) -> str:
        if 0 <= row < len(self.grid) and 0 <= col < len(self.grid[row]):
            return self.grid[row][col].text
        return ""

    def row_texts(self, row: int) -> list[str]:
        return [c.text for c in self.grid[row]]

    def rows(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.grid]

    def cell_location(self, row: int, col: int) -> Location:
        key = (row, col)
        loc = self._locations.get(key)
        if loc is None:
            loc = self._locations[key] = self.location.at(row=row, col=col)
        return loc

    def origins(self) -> Iterator[Cell]:
        """Each physical cell once (continuations skipped)."""
        for r in self.grid:
            for c in r:
                if not c.is_continuation:
                    yield c


@dataclass
class Paragraph:
    text: str
    location: Location
    heading_level: int | None = None  # 1 for 一、, 2 for （一）, 3 for 1、, None for body


Block = Union[Paragraph, Table]


@dataclass
class Attachment:
    label: str  # "附件3" or, when unnumbered, the title
    title: str | None
    first_block: int  # index into Document.blocks


@dataclass
class Document:
    path: str
    format: str  # "docx", "pdf", "xlsx", ...
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)  # non-fatal reading remarks

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def full_text(self) -> str:
        return "\n".join(b.text for b in self.paragraphs)


FigureKind = Literal["money", "percent", "score", "count", "year", "date", "number", "grade", "na"]


@dataclass(frozen=True)
class Figure:
    """A number as the report wrote it.

    ``decimals`` is the count of digits written after the point, which sets the
    precision at which the figure may be compared (± half a unit of the last
    written digit).  Money is normalised to 万元 in ``value``.
    """

    kind: FigureKind
    value: float | None  # None for not-applicable markers
    text: str  # exactly as written, e.g. "203.85万元", "85.5%", "１３人"
    unit: str = ""  # normalised unit: 万元, %, 分, 人, 个, 年, ...
    decimals: int = 0
    span: tuple[int, int] = (0, 0)  # character span in the source text
    location: Location = field(default_factory=Location)
    scale: float = 1.0  # factor from the written number to ``value`` (1e-4 for 元 → 万元)

    @property
    def half_unit(self) -> float:
        """Half a unit of the last written digit, in ``value``'s unit."""
        return 0.5 * 10 ** (-self.decimals) * self.scale


StatementRole = Literal[
    "", "budget", "budget_initial", "budget_adjusted", "actual", "income", "allocation", "received",
    "balance", "change", "rate", "score", "weight", "count", "target", "completion",
]


@dataclass(frozen=True)
class Scope:
    """Whose money or result a statement is about, beyond the report's unit itself."""

    level: str | None = None  # fund level: 中央 / 省 / 市 / 县 / 乡 / 本级
    document: str | None = None  # a document number the statement cites: 柳财农〔2023〕15号
    project: str | None = None  # the project of a 项目 form, or a named project

    def __bool__(self) -> bool:
        return bool(self.level or self.document or self.project)


@dataclass(eq=False)
class Statement:
    """One figure the report asserts, and what it asserts it about.

    Narrative and tables produce the same kind of object.  ``measure`` is the
    catalog id when the label maps to one, else the label without its role,
    period and scope words; ``period`` is the year spoken of (None: the year
    evaluated).  A statement is a node of a calculation tree: ``children`` are
    the parts the report lists under it, ``closed`` says whether they are all
    of its parts (True), only some (False) or cannot be told (None).
    """

    figure: Figure
    label: str  # the noun phrase as written (trimmed)
    measure: str
    role: str  # one of StatementRole
    location: Location
    period: int | None = None
    scope: Scope = field(default_factory=Scope)
    source: Literal["text", "table"] = "text"
    sentence: str = ""  # the sentence (text) or the row label and column header (table)
    parent: "Statement | None" = None
    children: list["Statement"] = field(default_factory=list)
    closed: bool | None = None
    closed_why: str = ""  # the word or fact that made the list closed or open
    total: bool = False  # written as a total (合计, 共计 …)
    role_strength: int = 0  # 2 written in the label, 1 inherited or weak, 0 none
    about: "Statement | None" = None  # for a share ("占基本支出的87.47%"): the statement it divides
    base: str | None = None  # for a share: the label of the whole
    cell: tuple[int, int] | None = None  # (row, col) for table statements
    named_after: bool = False  # the label follows the figure ("2个业务股室", "30万元用于审计")
    listed: int | None = None  # for a count that announces items ("分两个项目实施："): how many follow

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def text(self) -> str:
        return self.figure.text

    def ancestors(self) -> Iterator["Statement"]:
        p = self.parent
        while p is not None:
            yield p
            p = p.parent


@dataclass(frozen=True)
class Fact:
    """A value the report states for an indicator or measure, with its source."""

    subject: str  # canonical indicator / line item id, e.g. "sangong", "staff_control_rate"
    measure: str  # canonical measure id, e.g. "final_current", "weight", "score"
    value: float | None
    text: str
    decimals: int = 0
    unit: str = ""
    period: str | None = None  # e.g. "2020决算", "2021预算"
    location: Location = field(default_factory=Location)
    table_kind: str | None = None
    label: str = ""  # the header text as written (row header)


@dataclass(frozen=True)
class Evidence:
    """One place a finding rests on: the text as written there and where it stands.

    ``role`` says what the item is to the finding ("total", "part", "stated",
    "expected", "subject" …) so renderers can pair written and computed values;
    ``span`` is the character span of ``text`` inside the paragraph or cell
    text at ``location`` when known, for highlighting without re-searching.
    """

    text: str
    location: Location
    role: str = ""
    span: tuple[int, int] | None = None

    def to_json(self) -> dict:
        out: dict = {"text": self.text, "location": self.location.label()}
        if self.role:
            out["role"] = self.role
        return out


ArgValue = Union[str, int, float, None, tuple]


@dataclass(frozen=True)
class Finding:
    """A contradiction, as Arelle logs one: a code, a message template and its named arguments.

    ``args`` hold the figures as written, the expected values and the names
    compared; ``message`` is the template filled with them.  ``fingerprint``
    identifies the finding across runs (rule, the document's unit/year/
    attachment, and the arguments), never by line or page, so a reviewer's
    verdict survives re-running and edits elsewhere in the document.
    ``subject`` names the args key whose value may differ between otherwise
    identical findings (the project of one of several 自评表), so repeats merge.
    """

    rule: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()
    template: str = ""
    args: tuple[tuple[str, ArgValue], ...] = ()
    fingerprint: str = ""
    subject: str | None = None

    @property
    def attachment(self) -> str | None:
        for e in self.evidence:
            if e.location.attachment:
                return e.location.attachment
        return None

    @property
    def arg(self) -> dict[str, ArgValue]:
        return dict(self.args)

    def to_json(self) -> dict:
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": [e.to_json() for e in self.evidence],
        }
        if self.fingerprint:
            out["fingerprint"] = self.fingerprint
        if self.template:
            out["template"] = self.template
        if self.args:
            out["args"] = {k: list(v) if isinstance(v, tuple) else v for k, v in self.args}
        return out


@dataclass
class DocumentResult:
    """What checking one file produced: the unit of every report format."""

    path: str
    unit: str | None = None
    year: int | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    # Evidence in context per finding fingerprint (reports.excerpt): the cited table rows and
    # sentences, cut while the Document was at hand; plain JSON values; empty when not built.
    excerpts: dict[str, list[dict]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "unit": self.unit,
            "year": self.year,
            "error": self.error,
            "findings": [f.to_json() for f in self.findings],
        }
