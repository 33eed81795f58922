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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
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
    """Index one stored text (the v2 migration's backfill); see :func:`_index_texts`."""
    _index_texts(conn, document_id, [(text_id, text, keys)], IndexMemory())


class IndexMemory:
    """What the single writer may remember between documents, because it cannot change.

    A full bucket is never joined again, so its members are fixed; a text's
    document and wording never change; the match rows a text holds change
    only through this writer, which counts what it adds.  Boilerplate
    paragraphs sit in full buckets, so after the first few dozen reports
    most look-ups are answered here and only new or unfilled buckets are
    read from SQLite.  Deleting documents (a forced re-check) breaks these
    facts: the store forgets everything then.  About 30 MB at the limit.
    """

    def __init__(self, limit: int = 30_000) -> None:
        self.limit = limit  # entries per map; past it the map starts again (bounded memory)
        self.full: dict[int, tuple[int, ...]] = {}  # bucket → its BUCKET_LIMIT members
        self.texts: dict[int, tuple[int, str]] = {}  # text id → (document id, normalised text)
        self.holding: dict[int, int] = {}  # text id → match rows it holds (exact: this writer adds them all)

    def forget(self) -> None:
        self.full.clear()
        self.texts.clear()
        self.holding.clear()

    def make_room(self, store: dict | set) -> None:
        """Start a map again once it holds ``limit`` entries: look-ups then go to SQLite until it refills."""
        if len(store) >= self.limit:
            store.clear()


def _index_texts(conn: sqlite3.Connection, document_id: int, texts: Sequence[tuple[int, str, Sequence[int]]],
                 memory: IndexMemory) -> None:
    """Put one document's texts in their buckets and record confirmed near-duplicates in both directions.

    Candidates sharing more bands are confirmed first and at most
    ``MAX_MATCHES`` are kept: a template paragraph repeated in thousands of
    reports needs a handful of witnesses (enough to call it boilerplate), not
    thousands of rows per new report.  For the same reason a text already
    holding ``MAX_REVERSE`` matches gets no row pointing back at the new one
    (only the new text's own row), and a bucket already holding
    ``BUCKET_LIMIT`` members is not joined: look-ups read only its first
    ``BUCKET_LIMIT`` members, so a further member could never be found
    through it, and every skipped row is a page the commit does not write.

    Why per document: the screening parent is the only writer and its CPU
    bounds a run.  A document's buckets are read in one statement (full ones
    come from ``memory``), shared buckets are counted with ``Counter`` (C),
    and the rows go in with one ``executemany`` each.  A document's own texts
    are never its candidates.
    """
    keys = list(dict.fromkeys(k for _, _, ks in texts for k in ks))
    members = _bucket_members(conn, [k for k in keys if k not in memory.full], memory)
    ranked: list[list[int]] = []
    for _, _, ks in texts:
        shared: Counter[int] = Counter()
        for k in ks:
            held = memory.full.get(k) or members.get(k)
            if held:
                shared.update(held)
        ranked.append([t for t, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]])
    info = _candidate_info(conn, {t for r in ranked for t in r}, memory)
    filled = {k: len(memory.full.get(k) or members.get(k) or ()) for k in keys}
    bucket_rows: list[tuple[int, int]] = []
    match_rows: list[tuple[int, int, float]] = []
    for (text_id, text, ks), candidates in zip(texts, ranked):
        for k in dict.fromkeys(ks):
            if filled[k] < BUCKET_LIMIT:
                bucket_rows.append((k, text_id))
                filled[k] += 1  # the document's later texts see the bucket fuller
        norm = similarity.normalise(text)
        found = 0
        for other_id in candidates:
            other_doc, other_norm, holding = info[other_id]
            if other_doc == document_id:
                continue
            ratio = similarity.similar(norm, other_norm)
            if ratio >= similarity.MATCH_RATIO:
                match_rows.append((text_id, other_id, ratio))
                if holding < MAX_REVERSE:
                    match_rows.append((other_id, text_id, ratio))
                    info[other_id] = (other_doc, other_norm, holding + 1)
                    memory.holding[other_id] = holding + 1
                found += 1
                if found >= MAX_MATCHES:
                    break
        memory.make_room(memory.holding)
        memory.holding[text_id] = found  # a new text: its own rows are all it holds
    conn.executemany("INSERT OR IGNORE INTO lsh_buckets(bucket, text_id) VALUES (?, ?)", bucket_rows)
    conn.executemany("INSERT OR REPLACE INTO text_matches(text_id, other_text_id, ratio) VALUES (?, ?, ?)", match_rows)


_SQL_TERMS = 500  # values per statement: under the 999 variables of old SQLite builds


def _bucket_members(conn: sqlite3.Connection, keys: Sequence[int], memory: IndexMemory) -> dict[int, list[int]]:
    """The first BUCKET_LIMIT members of each bucket by text id (the order look-ups have always used);
    full buckets are remembered."""
    members: dict[int, list[int]] = {}
    for i in range(0, len(keys), _SQL_TERMS):
        chunk = keys[i : i + _SQL_TERMS]
        sql = f"SELECT bucket, text_id FROM lsh_buckets WHERE bucket IN ({','.join('?' * len(chunk))})" \
              " ORDER BY bucket, text_id"
        for bucket, text_id in conn.execute(sql, chunk):
            members.setdefault(bucket, []).append(text_id)
    for bucket, held in members.items():
        if len(held) >= BUCKET_LIMIT:
            memory.make_room(memory.full)
            memory.full[bucket] = tuple(held[:BUCKET_LIMIT])
    return members


def _candidate_info(conn: sqlite3.Connection, ids: set[int], memory: IndexMemory) -> dict[int, tuple[int, str, int]]:
    """text id → (document id, normalised text, matches it holds, counted up to MAX_REVERSE)."""
    info: dict[int, tuple[int, str, int]] = {}
    unknown: list[int] = []
    for t in ids:
        known = memory.texts.get(t)
        holding = memory.holding.get(t)
        if known is not None and holding is not None:
            info[t] = (*known, holding)
        else:
            unknown.append(t)
    for i in range(0, len(unknown), _SQL_TERMS):
        chunk = unknown[i : i + _SQL_TERMS]
        sql = ("SELECT t.id, t.document_id, t.text, (SELECT COUNT(*) FROM (SELECT 1 FROM text_matches m"
               f" WHERE m.text_id = t.id LIMIT {MAX_REVERSE})) FROM texts t WHERE t.id IN ({','.join('?' * len(chunk))})")
        for text_id, doc_id, text, holding in conn.execute(sql, chunk):
            known = memory.texts.get(text_id)
            if known is None:
                memory.make_room(memory.texts)
                known = memory.texts[text_id] = (doc_id, similarity.normalise(text))
            memory.make_room(memory.holding)
            memory.holding.setdefault(text_id, holding)
            info[text_id] = (*known, holding)
    return info


# --------------------------------------------------------------------------- store

def _location_dict(loc: Location) -> dict:
    """Location fields that are set (dataclasses.asdict deep-copies and is 10× slower)."""
    return {name: value for name in _LOCATION_FIELDS if (value := getattr(loc, name)) is not None}


def _evidence_json(evidence: Iterable[Evidence]) -> str:
    """Text, location and, when set, the role and span renderers pair written and computed values by."""
    items = []
    for e in evidence:
        item: dict = {"text": e.text, "location": _location_dict(e.location)}
        if e.role:
            item["role"] = e.role
        if e.span:
            item["span"] = list(e.span)
        items.append(item)
    return json.dumps(items, ensure_ascii=False)


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


_NOWHERE = Location()


def _evidence_from_json(data: str) -> tuple[Evidence, ...]:
    """Evidence rows as stored; fields Location no longer has are dropped (Location.at: a report's
    findings are rebuilt here, and the dataclass constructor is several times slower)."""
    out = []
    for e in json.loads(data or "[]"):
        loc = e.get("location")
        if isinstance(loc, dict):
            try:
                location = _NOWHERE.at(**loc)
            except TypeError:  # a field Location no longer has
                location = _NOWHERE.at(**{k: v for k, v in loc.items() if k in _LOCATION_FIELDS})
        else:
            location = _NOWHERE.at(section=str(loc or "") or None)
        span = e.get("span")
        out.append(Evidence(e.get("text", ""), location, e.get("role") or "",
                            tuple(span) if isinstance(span, list) and len(span) == 2 else None))
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
        self._memory = IndexMemory()
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
                self._memory.forget()  # its texts may sit in remembered buckets
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
            stored = []
            for t in texts:
                text_id = conn.execute(
                    "INSERT INTO texts(document_id, kind, text, location) VALUES (?, ?, ?, ?)",
                    (doc_id, t.kind, t.text, t.location),
                ).lastrowid
                stored.append((int(text_id), t.text, t.keys or similarity.text_keys(t.text)))
            _index_texts(conn, doc_id, stored, self._memory)
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

    def matches(self, doc_id: int) -> list[sqlite3.Row]:
        """Confirmed near-duplicates of this document's texts in other documents, read by column name
        (sqlite3.Row: built in C, a screening run reads hundreds per document)."""
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(
            """
            SELECT t.id AS text_id, t.kind AS kind, t.text AS text, t.location AS location, m.ratio AS ratio,
                   o.id AS other_text_id, o.kind AS other_kind, o.text AS other_text, o.location AS other_location,
                   od.id AS other_doc, od.path AS other_path, od.unit AS other_unit, od.year AS other_year
            FROM texts t
            JOIN text_matches m ON m.text_id = t.id
            JOIN texts o ON o.id = m.other_text_id
            JOIN documents od ON od.id = o.document_id
            WHERE t.document_id = ?
            ORDER BY t.id, m.ratio DESC
            """,
            (doc_id,),
        ).fetchall()

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
