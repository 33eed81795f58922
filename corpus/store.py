"""The corpus: one SQLite file remembering every document screened.

Why SQLite: one file a reviewer can copy, indexed look-ups at 100,000
documents, and transactions, so a run killed at any point loses at most the
files in flight.  Each document (row, findings, facts, texts, similarity
index, matches) is written in one transaction by a single writer, and
``sha256 UNIQUE`` makes a restarted run record every file exactly once.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS`` is an
ordered list and a database at version *n* runs migrations *n+1…* on open.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from jixiao.model import DocumentResult, Evidence, Finding, Location
from jixiao.textsafe import display_path, shown_path

from . import similarity

DEFAULT_DB = "jixiao-corpus.sqlite"
MIN_PARAGRAPH_CHARS = 60  # normalised characters for a paragraph to count as narrative
BUCKET_LIMIT = 32  # members read per LSH bucket: boilerplate buckets grow large
MAX_CANDIDATES = 32  # candidates confirmed with rapidfuzz per text, most shared bands first
MAX_MATCHES = 12  # confirmed matches kept per new text (≥ BOILERPLATE_UNITS, with room for same-unit years)
MAX_REVERSE = 2 * MAX_MATCHES  # matches a text may hold before new copies stop pointing back at it
_LOCATION_FIELDS = tuple(f.name for f in fields(Location))
# Form instructions printed in every template ("说明：…", "注：…") are not the unit's narrative.
_NOTE = re.compile(r"^(?:填表|填报)?(?:说明|注|备注)\s*\d*\s*[:：]")


class CorpusError(Exception):
    """The corpus file cannot be used (newer schema, not a database …); message in Chinese."""


@dataclass
class IndexedText:
    """A text kept for cross-document comparison, with its LSH bucket keys."""

    kind: str  # 'duties' | 'paragraph'
    text: str
    location: str
    keys: list[int] = field(default_factory=list)


@dataclass
class StoredDocument:
    id: int
    path: str
    sha256: str
    unit: str | None
    unit_type: str | None
    year: int | None
    group_key: str | None
    error: str | None
    seconds: float | None
    tool_version: str | None = None  # corpus.version.tool_version() of the run that checked it; None before v3


def group_key(unit: str | None, year: int | None) -> str | None:
    """Files of one submission share unit and year (attachments sent as separate files)."""
    if not unit or year is None:
        return None
    return f"{similarity.normalise(unit)}·{year}"


def indexable_texts(duties_text: str, paragraphs: Sequence[tuple[str, str]], with_keys: bool = True) -> list[IndexedText]:
    """Duties text plus long narrative paragraphs (not the paragraph the duties came from)."""
    out: list[IndexedText] = []
    duties_norm = similarity.normalise(duties_text)
    if duties_norm:
        out.append(IndexedText("duties", duties_text, "主要职能"))
    seen: set[str] = set()
    for text, location in paragraphs:
        norm = similarity.normalise(text)
        if len(norm) < MIN_PARAGRAPH_CHARS or norm in seen or _NOTE.match(text.strip()):
            continue
        if duties_norm and (duties_norm in norm or norm in duties_norm):
            continue
        seen.add(norm)
        out.append(IndexedText("paragraph", text, location))
    if with_keys:
        for t in out:
            t.keys = similarity.text_keys(t.text)
    return out


# --------------------------------------------------------------------------- schema

def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run DDL statements one by one: executescript() would commit the migration's transaction."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _script(conn, 
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            unit TEXT,
            unit_type TEXT,
            year INTEGER,
            group_key TEXT,
            error TEXT,
            checked_at TEXT NOT NULL,
            seconds REAL
        );
        CREATE INDEX documents_unit_year ON documents(unit, year);
        CREATE INDEX documents_group ON documents(group_key);
        CREATE TABLE findings (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            evidence_json TEXT NOT NULL
        );
        CREATE INDEX findings_document ON findings(document_id);
        CREATE INDEX findings_rule ON findings(rule);
        CREATE TABLE facts (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            subject TEXT,
            measure TEXT,
            period TEXT,
            value REAL,
            text TEXT,
            decimals INTEGER,
            location TEXT
        );
        CREATE INDEX facts_document ON facts(document_id, subject);
        CREATE TABLE texts (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('duties', 'paragraph')),
            text TEXT NOT NULL,
            location TEXT
        );
        CREATE INDEX texts_document ON texts(document_id);
        """
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Similarity index: LSH buckets (band key → text) and confirmed matches; backfilled."""
    _script(conn, 
        """
        CREATE TABLE lsh_buckets (
            bucket INTEGER NOT NULL,
            text_id INTEGER NOT NULL REFERENCES texts(id) ON DELETE CASCADE,
            PRIMARY KEY (bucket, text_id)
        ) WITHOUT ROWID;
        CREATE INDEX lsh_buckets_text ON lsh_buckets(text_id);
        CREATE TABLE text_matches (
            text_id INTEGER NOT NULL REFERENCES texts(id) ON DELETE CASCADE,
            other_text_id INTEGER NOT NULL REFERENCES texts(id) ON DELETE CASCADE,
            ratio REAL NOT NULL,
            PRIMARY KEY (text_id, other_text_id)
        ) WITHOUT ROWID;
        CREATE INDEX text_matches_other ON text_matches(other_text_id);
        """
    )
    rows = conn.execute("SELECT id, document_id, text FROM texts ORDER BY id").fetchall()
    for text_id, document_id, text in rows:
        _index_text(conn, text_id, document_id, text, similarity.text_keys(text))


def _v3(conn: sqlite3.Connection) -> None:
    """What produced each document's findings; NULL for rows stored before (checked again by screen)."""
    conn.execute("ALTER TABLE documents ADD COLUMN tool_version TEXT")


def _v4(conn: sqlite3.Connection) -> None:
    """Findings as data (fingerprint, template, arguments) and reviewers' verdicts by fingerprint."""
    _script(conn,
        """
        ALTER TABLE findings ADD COLUMN fingerprint TEXT;
        ALTER TABLE findings ADD COLUMN template TEXT;
        ALTER TABLE findings ADD COLUMN args_json TEXT;
        CREATE INDEX findings_fingerprint ON findings(fingerprint);
        CREATE TABLE verdicts (
            fingerprint TEXT PRIMARY KEY,
            rule TEXT,
            path TEXT,
            unit TEXT,
            year INTEGER,
            message TEXT,
            verdict TEXT NOT NULL CHECK (verdict IN ('确认', '误报', '忽略', '待核')),
            reviewer TEXT,
            note TEXT,
            decided TEXT
        ) WITHOUT ROWID;
        """
    )


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def _index_text(conn: sqlite3.Connection, text_id: int, document_id: int, text: str, keys: Sequence[int]) -> None:
    """Put a text in its buckets and record confirmed near-duplicates in both directions.

    Candidates sharing more bands are confirmed first and at most
    ``MAX_MATCHES`` are kept: a template paragraph repeated in thousands of
    reports needs a handful of witnesses (enough to call it boilerplate), not
    thousands of rows per new report.  For the same reason a text already
    holding ``MAX_REVERSE`` matches gets no row pointing back at the new one
    (only the new text's own row), and a bucket already holding
    ``BUCKET_LIMIT`` members is not joined: look-ups read only its first
    ``BUCKET_LIMIT`` members, so a further member could never be found
    through it, and every skipped row is a page the commit does not write.
    """
    if not keys:
        return
    full = {bucket for (bucket,) in conn.execute(_full_buckets_sql(len(keys)), keys)}
    candidates = conn.execute(_candidates_sql(len(keys)), [*keys, text_id, MAX_CANDIDATES]).fetchall()
    conn.executemany("INSERT OR IGNORE INTO lsh_buckets(bucket, text_id) VALUES (?, ?)",
                     [(k, text_id) for k in keys if k not in full])
    norm = similarity.normalise(text)
    matches: list[tuple[int, int, float]] = []
    found = 0
    for other_id, other_doc, other_text, other_full in candidates:
        if other_doc == document_id:
            continue
        ratio = similarity.similar(norm, similarity.normalise_cached(other_text))
        if ratio >= similarity.MATCH_RATIO:
            matches.append((text_id, other_id, ratio))
            if not other_full:
                matches.append((other_id, text_id, ratio))
            found += 1
            if found >= MAX_MATCHES:
                break
    conn.executemany("INSERT OR REPLACE INTO text_matches(text_id, other_text_id, ratio) VALUES (?, ?, ?)", matches)


@lru_cache(maxsize=8)
def _full_buckets_sql(n_keys: int) -> str:
    """The keys whose bucket holds BUCKET_LIMIT members already (a row at offset BUCKET_LIMIT - 1)."""
    return " UNION ALL ".join(
        "SELECT * FROM (SELECT bucket FROM lsh_buckets WHERE bucket = ? LIMIT 1 OFFSET %d)" % (BUCKET_LIMIT - 1)
        for _ in range(n_keys)
    )


@lru_cache(maxsize=8)
def _candidates_sql(n_keys: int) -> str:
    """One statement per text: members of each bucket (capped), ranked by bands shared, with their text
    and whether they hold MAX_REVERSE matches already."""
    members = " UNION ALL ".join(
        "SELECT text_id FROM (SELECT text_id FROM lsh_buckets WHERE bucket = ? LIMIT %d)" % BUCKET_LIMIT
        for _ in range(n_keys)
    )
    return (
        "SELECT t.id, t.document_id, t.text, EXISTS (SELECT 1 FROM text_matches m WHERE m.text_id = t.id"
        f" LIMIT 1 OFFSET {MAX_REVERSE - 1}) FROM (SELECT text_id, COUNT(*) AS shared FROM ({members})"
        " WHERE text_id != ? GROUP BY text_id ORDER BY shared DESC, text_id LIMIT ?) AS c"
        " JOIN texts t ON t.id = c.text_id ORDER BY c.shared DESC, t.id"
    )


# --------------------------------------------------------------------------- store

def _location_dict(loc: Location) -> dict:
    """Location fields that are set (dataclasses.asdict deep-copies and is 10× slower)."""
    return {name: value for name in _LOCATION_FIELDS if (value := getattr(loc, name)) is not None}


def _evidence_json(evidence: Iterable[Evidence]) -> str:
    return json.dumps([{"text": e.text, "location": _location_dict(e.location)} for e in evidence],
                      ensure_ascii=False)


def _args_json(args: Sequence[tuple[str, object]]) -> str | None:
    if not args:
        return None
    return json.dumps([[k, v] for k, v in args], ensure_ascii=False)


def _freeze(v: object) -> object:
    return tuple(_freeze(x) for x in v) if isinstance(v, list) else v


def _args_from_json(data: str | None) -> tuple:
    if not data:
        return ()
    try:
        return tuple((str(k), _freeze(v)) for k, v in json.loads(data))
    except (ValueError, TypeError):
        return ()


def _evidence_from_json(data: str) -> tuple[Evidence, ...]:
    out = []
    for e in json.loads(data or "[]"):
        loc = e.get("location")
        if isinstance(loc, dict):
            try:
                location = Location(**loc)
            except TypeError:  # a field removed from Location since it was stored
                location = Location(**{k: v for k, v in loc.items() if k in _LOCATION_FIELDS})
        else:
            location = Location(section=str(loc or "") or None)
        out.append(Evidence(e.get("text", ""), location))
    return tuple(out)


class CorpusStore:
    """Read and write the corpus; the screening parent is its only writer."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise CorpusError(f"无法打开语料库 {self.path}：{exc}") from exc
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    # -- lifecycle
    def __enter__(self) -> "CorpusStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Run the missing migrations, each in its own transaction with its version bump."""
        current = self.version
        if current > SCHEMA_VERSION:
            raise CorpusError(f"语料库 {self.path} 由更新版本的 jixiao 创建（结构版本 {current}），请升级 jixiao")
        for number in range(current + 1, target + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[number - 1](self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    # -- writing
    def record(
        self,
        result: DocumentResult,
        sha256: str,
        *,
        unit_type: str | None = None,
        facts: Sequence[dict] = (),
        texts: Sequence[IndexedText] = (),
        replace: bool = False,
        tool_version: str | None = None,
    ) -> int:
        """Store one checked document with everything derived from it, atomically; returns its id."""
        result = shown_path(result)  # SQLite text is UTF-8: file names that are not become U+FFFD
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if replace:
                conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))
            cur = conn.execute(
                "INSERT INTO documents(path, sha256, unit, unit_type, year, group_key, error, checked_at, seconds,"
                " tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.path, sha256, result.unit, unit_type, result.year, group_key(result.unit, result.year),
                 result.error, datetime.now(timezone.utc).isoformat(timespec="seconds"), result.seconds,
                 tool_version),
            )
            doc_id = int(cur.lastrowid)
            conn.executemany(
                "INSERT INTO findings(document_id, rule, severity, message, evidence_json, fingerprint, template,"
                " args_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, f.rule, f.severity, f.message, _evidence_json(f.evidence), f.fingerprint or None,
                  f.template or None, _args_json(f.args)) for f in result.findings],
            )
            conn.executemany(
                "INSERT INTO facts(document_id, subject, measure, period, value, text, decimals, location)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, f.get("subject"), f.get("measure"), f.get("period"), f.get("value"), f.get("text"),
                  f.get("decimals"), f.get("location")) for f in facts],
            )
            for t in texts:
                text_id = conn.execute(
                    "INSERT INTO texts(document_id, kind, text, location) VALUES (?, ?, ?, ?)",
                    (doc_id, t.kind, t.text, t.location),
                ).lastrowid
                _index_text(conn, int(text_id), doc_id, t.text, t.keys or similarity.text_keys(t.text))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return doc_id

    def update_path(self, doc_id: int, path: str) -> None:
        self.conn.execute("UPDATE documents SET path = ? WHERE id = ?", (display_path(path), doc_id))

    # -- verdicts
    def import_verdicts(self, entries: Iterable) -> int:
        """Store reviewers' verdicts (``jixiao.baseline.Entry`` objects) by fingerprint; a later one replaces."""
        rows = [(e.fingerprint, e.rule, e.path, e.unit, e.year, e.message, e.verdict, e.reviewer, e.note, e.decided)
                for e in entries]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO verdicts(fingerprint, rule, path, unit, year, message, verdict, reviewer,"
                " note, decided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return len(rows)

    def verdicts(self) -> dict[str, str]:
        """fingerprint → verdict for every verdict the corpus holds."""
        return dict(self.conn.execute("SELECT fingerprint, verdict FROM verdicts"))

    # -- reading
    _DOC_COLUMNS = "id, path, sha256, unit, unit_type, year, group_key, error, seconds, tool_version"

    def lookup(self, sha256: str) -> StoredDocument | None:
        row = self.conn.execute(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return StoredDocument(*row) if row else None

    def document(self, doc_id: int) -> StoredDocument:
        row = self.conn.execute(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return StoredDocument(*row)

    def documents_of(self, unit: str, year: int) -> list[StoredDocument]:
        rows = self.conn.execute(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE unit = ? AND year = ? ORDER BY id",
                                 (unit, year))
        return [StoredDocument(*r) for r in rows]

    def group_members(self, key: str) -> list[StoredDocument]:
        rows = self.conn.execute(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE group_key = ? ORDER BY path", (key,))
        return [StoredDocument(*r) for r in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def facts(self, doc_id: int, subjects: Sequence[str] | None = None) -> list[dict]:
        sql = "SELECT subject, measure, period, value, text, decimals, location FROM facts WHERE document_id = ?"
        params: list[object] = [doc_id]
        if subjects:
            sql += f" AND subject IN ({','.join('?' * len(subjects))})"
            params += list(subjects)
        keys = ("subject", "measure", "period", "value", "text", "decimals", "location")
        return [dict(zip(keys, r)) for r in self.conn.execute(sql, params)]

    def matches(self, doc_id: int) -> list[dict]:
        """Confirmed near-duplicates of this document's texts in other documents."""
        rows = self.conn.execute(
            """
            SELECT t.id, t.kind, t.text, t.location, m.ratio,
                   o.id, o.kind, o.text, o.location, od.id, od.path, od.unit, od.year
            FROM texts t
            JOIN text_matches m ON m.text_id = t.id
            JOIN texts o ON o.id = m.other_text_id
            JOIN documents od ON od.id = o.document_id
            WHERE t.document_id = ?
            ORDER BY t.id, m.ratio DESC
            """,
            (doc_id,),
        )
        keys = ("text_id", "kind", "text", "location", "ratio", "other_text_id", "other_kind", "other_text",
                "other_location", "other_doc", "other_path", "other_unit", "other_year")
        return [dict(zip(keys, r)) for r in rows]

    def load_result(self, doc_id: int) -> DocumentResult:
        doc = self.document(doc_id)
        findings = [
            Finding(rule, severity, message, _evidence_from_json(ev), template=template or "",
                    args=_args_from_json(args), fingerprint=fp or "")
            for rule, severity, message, ev, fp, template, args in self.conn.execute(
                "SELECT rule, severity, message, evidence_json, fingerprint, template, args_json FROM findings"
                " WHERE document_id = ? ORDER BY rowid",
                (doc_id,),
            )
        ]
        return DocumentResult(path=doc.path, unit=doc.unit, year=doc.year, error=doc.error, findings=findings,
                              seconds=doc.seconds or 0.0)
