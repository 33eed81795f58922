"""Evidence in context: the part of a table or the sentence each finding cites.

A reviewer decides whether a finding is true by looking at the place it comes
from.  While the :class:`~jixiao.model.Document` is alive, :func:`build_excerpts`
cuts, for every finding, the rows of each cited table (its header rows and the
cited rows, merged cells kept merged, cut rows marked) and the sentences of
each cited paragraph (with the character spans of the cited text), from the
document model and the finding's evidence only (never from its message).

Excerpts are plain JSON values (dicts, lists, strings, ints) so they pickle
cheaply from worker processes and survive a JSON round trip unchanged.  The
shapes (keys absent when empty)::

    table excerpt:
      {"kind": "table", "table": 8, "title": "…", "attachment": "附件4-2", "section": "…",
       "page": 25, "n_rows": 20, "n_cols": 9,
       "rows": [{"row": 0, "cells": [CELL, …]}, {"gap": [4, 8]}, …],
       "items": [{"e": 0, "row": 3, "col": 6, "row_label": "年度资金总额", "col_label": "执行率",
                  "text": "66.4%"}, …]}
      CELL: {"text": "…", "row": r, "col": c, "rowspan": n, "colspan": n,
             "head": true, "cited": [evidence indices], "cut": true, "gap": true}
      (a "gap" cell stands for omitted columns; "cut" means the text was shortened)

    text excerpt:
      {"kind": "text", "attachment": "附件3", "path": ["附件3", "五、社会保险基金预算支出情况"],
       "section": "…", "paragraph": 1, "page": 9, "text": "…sentence…",
       "marks": [[start, end, [evidence indices]], …], "items": [{"e": 0}, …]}

``items`` list the evidence indices (into ``Finding.evidence``) an excerpt
shows; evidence that no excerpt covers (a file-level remark, a location the
document no longer has) is rendered from the evidence alone.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jixiao.model import Cell, Document, Evidence, Finding, Paragraph, Table

Excerpt = dict[str, Any]

CELL_CHARS = 40  # a context cell's text is cut to this many characters
CITED_CELL_CHARS = 160  # a cited cell keeps more
SENTENCE_CHARS = 220  # a sentence longer than this is cut around the cited text
WHOLE_MARK = 80  # a cited text this long is the whole passage: shown, not highlighted
MAX_COLS = 12  # wider tables keep their label columns and the cited columns
HEADING_CHARS = 24  # a heading that is a whole paragraph is cut for the path
ROW_LABEL_CHARS = 20  # a row name longer than this is a description

_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORDY = re.compile(r"[^\W\d_]")
_PURE_NUMBER = re.compile(r"^[\d.,%‰+\-－]+$")
_NUMERIC_CELL = re.compile(r"^[\s\d.,%‰＋+\-－—/()（）万元分个人次项年月日]*$")


def build_excerpts(doc: Document, findings: Iterable[Finding]) -> dict[str, list[Excerpt]]:
    """Excerpts per finding fingerprint (findings without one are skipped)."""
    index = _DocIndex(doc)
    out: dict[str, list[Excerpt]] = {}
    _HEADERS.clear()
    _REGIONS.clear()
    for f in findings:
        if not f.fingerprint or f.fingerprint in out:
            continue
        try:
            excerpts = finding_excerpts(index, f.evidence)
        except Exception:  # noqa: BLE001 - context is a help; a finding must never be lost over it
            excerpts = []
        if excerpts:
            out[f.fingerprint] = excerpts
    _HEADERS.clear()  # the caches hold for one document only (ids of its tables)
    _REGIONS.clear()
    return out


def finding_excerpts(index: "_DocIndex", evidence: tuple[Evidence, ...]) -> list[Excerpt]:
    """One excerpt per cited table and per cited paragraph, in the order the evidence first names them."""
    groups: dict[tuple, list[int]] = {}
    for i, ev in enumerate(evidence):
        loc = ev.location
        if loc.table is not None and index.table(loc.table) is not None:
            key: tuple = ("table", loc.table)
        else:
            para = index.paragraph(ev)
            if para is None:
                continue
            key = ("text", id(para))
        groups.setdefault(key, []).append(i)
    out: list[Excerpt] = []
    for key, items in groups.items():
        if key[0] == "table":
            out.append(table_excerpt(index.table(key[1]), [(i, evidence[i]) for i in items]))
        else:
            para = index.paragraph(evidence[items[0]])
            out.append(text_excerpt(para, index.path_of(para), [(i, evidence[i]) for i in items]))
    return out


# --------------------------------------------------------------------------- document index

class _DocIndex:
    """Tables by number, paragraphs by location, and each paragraph's heading path."""

    def __init__(self, doc: Document) -> None:
        self.tables: dict[int, Table] = {}
        self.by_location: dict[Any, Paragraph] = {}
        self.by_key: dict[tuple, Paragraph] = {}
        self.paths: dict[int, list[str]] = {}
        stack: list[tuple[int, str]] = []
        attachment = None
        for block in doc.blocks:
            loc = block.location
            if isinstance(block, Table):
                if loc.table is not None:
                    self.tables.setdefault(loc.table, block)
                continue
            if loc.attachment != attachment:
                attachment, stack = loc.attachment, []
            level = block.heading_level
            if level is not None and level > 0:
                while stack and stack[-1][0] >= level:
                    stack.pop()
            path = [attachment] if attachment else []
            path += [h for _, h in stack]
            self.paths[id(block)] = path
            if level is not None and level > 0:
                stack.append((level, _heading(block.text)))
            self.by_location.setdefault(loc, block)
            self.by_key.setdefault((loc.attachment, loc.section, loc.paragraph, loc.page), block)
            self.by_key.setdefault((loc.attachment, loc.section, loc.paragraph, None), block)

    def table(self, number: int | None) -> Table | None:
        return self.tables.get(number) if number is not None else None

    def paragraph(self, ev: Evidence) -> Paragraph | None:
        loc = ev.location
        para = self.by_location.get(loc)
        if para is None:
            para = self.by_key.get((loc.attachment, loc.section, loc.paragraph, loc.page)) \
                or self.by_key.get((loc.attachment, loc.section, loc.paragraph, None))
        if para is None and loc.attachment is None and loc.section is None and loc.paragraph is None:
            return None
        return para

    def path_of(self, para: Paragraph) -> list[str]:
        return self.paths.get(id(para), [])


def _heading(text: str) -> str:
    """A heading as a path element: its first clause, cut when the heading runs into body text."""
    text = " ".join(text.split())
    m = _SENTENCE_END.search(text)
    if m and m.start() > 0:
        text = text[:m.start()]
    return text if len(text) <= HEADING_CHARS else text[:HEADING_CHARS - 1] + "…"


def _squash(text: str) -> str:
    return "".join((text or "").split())


_CJK = r"\u2010-\u206f\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


@lru_cache(maxsize=8192)
def flat(text: str) -> str:
    """A cell's text on one line: blanks between Chinese characters (line breaks, spacing typed
    to stretch a heading such as "投   入") dropped, other runs of blanks made one space."""
    return " ".join(_CJK_GAP.sub("", text or "").split())


def _clip(text: str, limit: int) -> tuple[str, bool]:
    text = flat(text)
    if len(text) <= limit:
        return text, False
    return text[:limit - 1] + "…", True


# --------------------------------------------------------------------------- tables

def _slot(table: Table, r: int, c: int) -> Cell | None:
    if 0 <= r < len(table.grid) and 0 <= c < len(table.grid[r]):
        return table.grid[r][c]
    return None


def _origin(table: Table, r: int, c: int) -> Cell | None:
    """The merge origin of slot (r, c), or the slot itself."""
    cell = _slot(table, r, c)
    if cell is not None and cell.origin is not None:
        return _slot(table, *cell.origin) or cell
    return cell


_REGIONS: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}


def _region(table: Table, r: int, c: int) -> tuple[int, int, int, int]:
    """(first row, last row, first col, last col) of the physical cell covering slot (r, c)."""
    key = (id(table), r, c)
    hit = _REGIONS.get(key)
    if hit is None:
        hit = _REGIONS[key] = _find_region(table, r, c)
    return hit


def _find_region(table: Table, r: int, c: int) -> tuple[int, int, int, int]:
    cell = _slot(table, r, c)
    if cell is None:
        return r, r, c, c
    origin = _origin(table, r, c) or cell
    r0, c0 = origin.row, origin.col
    r1, c1 = r0 + max(1, origin.rowspan) - 1, c0 + max(1, origin.colspan) - 1
    if not (r0 <= r <= r1 and c0 <= c <= c1):  # inconsistent spans from a reader: treat as its own cell
        return r, r, c, c
    return r0, r1, c0, c1


_HEADERS: dict[int, tuple[Table, list[list[int]]]] = {}


def _header_groups(table: Table) -> list[list[int]]:
    """Runs of consecutive header rows (the catalog's view when available), once per table per build."""
    hit = _HEADERS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    groups = _find_header_groups(table)
    _HEADERS[id(table)] = (table, groups)
    return groups


def _find_header_groups(table: Table) -> list[list[int]]:
    try:
        from extract.understand.classify import find_header_rows

        rows = sorted(set(find_header_rows(table)))
    except Exception:  # noqa: BLE001 - a table the classifier cannot read still gets its first row
        rows = []
    if not rows and table.n_rows > 1 and not any(_PURE_NUMBER.match(_squash(c.text)) for c in table.grid[0]):
        rows = [0]  # a first row of labels only ("项目", "2020年决算数") heads the table
    groups: list[list[int]] = []
    for r in rows:
        if groups and groups[-1][-1] == r - 1:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _is_number(text: str) -> bool:
    t = _squash(text)
    return bool(t) and bool(_NUMBER.search(t)) and bool(_NUMERIC_CELL.match(t))


def _agrees(evidence_text: str, cell_text: str) -> bool:
    """The evidence text is what the cell says (whole, part of it, or the same figures)."""
    want, have = _squash(evidence_text), _squash(cell_text)
    if not want or not have:
        return False
    if want in have or (len(have) >= 2 and have in want):
        return True
    numbers = _NUMBER.findall(want)
    return bool(numbers) and numbers == _NUMBER.findall(have)


def _cited_cell(table: Table, r: int, col: int | None, text: str) -> tuple[int, int] | None:
    """The slot evidence at row r stands in: column ``col``, or the one cell of the row that holds its text.

    When the cell at ``col`` does not say the evidence text but exactly one
    other cell of the row does, that cell is taken (a location off by a column
    must not show the reviewer the wrong figure).
    """
    if not (0 <= r < len(table.grid)):
        return None
    if col is not None:
        cell = _origin(table, r, col)
        if cell is None:
            return None
        if not text.strip() or _agrees(text, cell.text) or "（空）" in text:
            return r, col
    holders = [c.col for c in table.grid[r]
               if not (c.origin is not None and c.origin[0] == r) and _agrees(text, c.text)]
    if len(holders) == 1:
        return r, holders[0]
    return (r, col) if col is not None else None


def _row_label(table: Table, r: int, c: int) -> str:
    """The name of row r as seen from column c: the nearest short text to the left that starts in
    this row and is not a number (a long text there is a description, not a name)."""
    names: list[str] = []
    for col in range(c - 1, -1, -1):
        cell = _origin(table, r, col)
        if cell is None or cell.row != r or cell.col != col:
            continue  # merged from above (a group label) or from the left (seen already)
        text = flat(cell.text).rstrip("：:")
        if _WORDY.search(text) and not _is_number(text):  # "—" or "…" names nothing
            if len(text) <= ROW_LABEL_CHARS:
                return text
            names.append(text)
    return _clip(names[-1], ROW_LABEL_CHARS)[0] if names else ""


def _col_label(table: Table, groups: list[list[int]], r: int, c0: int, c1: int) -> str:
    """The header text above columns c0..c1 in the header rows that govern row r ('' if they differ)."""
    group = next((g for g in reversed(groups) if g[0] < r), None)
    if group is None or r in group:
        return ""
    labels = set()
    for c in range(c0, c1 + 1):
        parts: list[str] = []
        for hr in group:
            cell = _origin(table, hr, c)
            text = flat(cell.text) if cell else ""
            if text and text not in parts:
                parts.append(text)
        labels.add(" ".join(parts))
    return _clip(labels.pop(), CELL_CHARS)[0] if len(labels) == 1 else ""


def _runs(values: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for v in values:
        if runs and runs[-1][-1] == v - 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return runs


def _fill_small_gaps(values: set[int], gap: int = 1) -> list[int]:
    """Sorted values with gaps of at most ``gap`` filled: a "⋯" should stand for something worth cutting."""
    out = sorted(values)
    filled: list[int] = []
    for v in out:
        if filled and 1 < v - filled[-1] <= gap + 1:
            filled.extend(range(filled[-1] + 1, v))
        filled.append(v)
    return filled


def table_excerpt(table: Table, items: list[tuple[int, Evidence]]) -> Excerpt:
    """Header rows and cited rows of ``table`` with the cited cells marked."""
    groups = _header_groups(table)
    header_rows = {r for g in groups for r in g}
    cited: dict[tuple[int, int], list[int]] = {}
    cited_rows: set[int] = set()
    item_out: list[dict] = []
    for i, ev in items:
        loc = ev.location
        r = loc.row
        if r is None or not (0 <= r < table.n_rows):
            item_out.append({"e": i})
            continue
        cited_rows.add(r)
        slot = _cited_cell(table, r, loc.col, ev.text)
        entry: dict[str, Any] = {"e": i, "row": r}
        if slot is not None:
            origin = _origin(table, *slot)
            key = (origin.row, origin.col) if origin else slot
            cited.setdefault(key, []).append(i)
            entry["col"] = slot[1]
            label = _row_label(table, r, _region(table, *slot)[2])
            if label:
                entry["row_label"] = label
            _, _, c0, c1 = _region(table, *slot)
            head = _col_label(table, groups, r, c0, c1)
            if head:
                entry["col_label"] = head
            entry["text"] = _clip(origin.text if origin else ev.text, CITED_CELL_CHARS)[0]
        else:
            entry["text"] = _clip(ev.text, CITED_CELL_CHARS)[0]
        item_out.append(entry)

    rows = {0} | cited_rows
    for r in cited_rows:
        group = next((g for g in reversed(groups) if g[0] <= r), None)
        if group:
            rows.update(group)
    rows = {r for r in rows if 0 <= r < table.n_rows}
    row_list = _fill_small_gaps(rows)

    n_cols = table.n_cols
    if n_cols <= MAX_COLS:
        col_list = list(range(n_cols))
    else:
        cols = {0, 1} | {c for _, c in cited} | {it["col"] for it in item_out if "col" in it}
        col_list = _fill_small_gaps({c for c in cols if 0 <= c < n_cols})

    out_rows = _grid_rows(table, row_list, col_list, header_rows, cited, cited_rows)
    loc = table.location
    ex: Excerpt = {"kind": "table", "table": loc.table, "title": table.title or loc.table_title,
                   "attachment": loc.attachment, "section": loc.section, "page": loc.page,
                   "n_rows": table.n_rows, "n_cols": n_cols, "rows": out_rows, "items": item_out}
    return {k: v for k, v in ex.items() if v is not None}


def _grid_rows(table: Table, row_list: list[int], col_list: list[int], header_rows: set[int],
               cited: dict[tuple[int, int], list[int]], cited_rows: set[int]) -> list[dict]:
    """The visible rows, each merged cell drawn once per block of consecutive visible rows and columns."""
    row_runs, col_runs = _runs(row_list), _runs(col_list)
    n_cols, n_rows = table.n_cols, table.n_rows
    out: list[dict] = []
    if row_list and row_list[0] > 0:
        out.append({"gap": [0, row_list[0] - 1]})
    for ri, run in enumerate(row_runs):
        if ri:
            out.append({"gap": [row_runs[ri - 1][-1] + 1, run[0] - 1]})
        run_first, run_last = run[0], run[-1]
        for r in run:
            cells: list[dict] = []
            for ci, crun in enumerate(col_runs):
                if ci or crun[0] > 0:
                    cells.append({"gap": True, "text": "⋯"})
                crun_first, crun_last = crun[0], crun[-1]
                for c in crun:
                    r0, r1, c0, c1 = _region(table, r, c)
                    first_r = r0 if r0 > run_first else run_first
                    first_c = c0 if c0 > crun_first else crun_first
                    if r != first_r or c != first_c:
                        continue  # drawn by the cell above or to the left
                    origin = _origin(table, r, c)
                    marks = cited.get((r0, c0))
                    text, cut = _clip(origin.text if origin is not None else "",
                                      CITED_CELL_CHARS if marks else CELL_CHARS)
                    cell: dict[str, Any] = {"text": text, "row": r0, "col": c0}
                    rowspan = min(r1, run_last) - first_r + 1
                    colspan = min(c1, crun_last) - first_c + 1
                    if rowspan > 1:
                        cell["rowspan"] = rowspan
                    if colspan > 1:
                        cell["colspan"] = colspan
                    if r in header_rows:
                        cell["head"] = True
                    if marks:
                        cell["cited"] = list(marks)
                    if cut:
                        cell["cut"] = True
                    cells.append(cell)
            if col_runs and col_runs[-1][-1] < n_cols - 1:
                cells.append({"gap": True, "text": "⋯"})
            row: dict[str, Any] = {"row": r, "cells": cells}
            if r in cited_rows:
                row["cited"] = True
            out.append(row)
    if row_list and row_list[-1] < n_rows - 1:
        out.append({"gap": [row_list[-1] + 1, n_rows - 1]})
    return out


# --------------------------------------------------------------------------- text

def _find(text: str, needle: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """First occurrence of ``needle`` in ``text`` not overlapping a span already taken."""
    if not needle:
        return None
    start = 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return None
        span = (i, i + len(needle))
        if not any(a < span[1] and span[0] < b for a, b in taken):
            return span
        start = i + 1


def _spans_of(text: str, ev: Evidence, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the evidence stands in the paragraph text: its span, its text, or the figures it names."""
    if ev.span and 0 <= ev.span[0] < ev.span[1] <= len(text):
        return [tuple(ev.span)]  # type: ignore[list-item]
    needle = (ev.text or "").strip()
    span = _find(text, needle, taken)
    if span:
        return [span]
    if needle and " ".join(needle.split()) != needle:
        span = _find(text, " ".join(needle.split()), taken)
        if span:
            return [span]
    out: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(needle):
        # a figure of the evidence, with the unit written after it when the text has it too
        tail = needle[m.end():m.end() + 2]
        for candidate in (m.group() + tail, m.group() + tail[:1], m.group()):
            span = _find_number(text, candidate, taken + out)
            if span:
                out.append(span)
                break
    return out


def _find_number(text: str, figure: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    for m in re.finditer(re.escape(figure), text):
        a, b = m.span()
        if a > 0 and (text[a - 1].isdigit() or text[a - 1] == "."):
            continue
        if figure[-1].isdigit() and b < len(text) and (text[b].isdigit() or (text[b] == "." and text[b + 1:b + 2].isdigit())):
            continue
        if not any(x < b and a < y for x, y in taken):
            return a, b
    return None


def _sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


def text_excerpt(para: Paragraph, path: list[str], items: list[tuple[int, Evidence]]) -> Excerpt:
    """The sentences of ``para`` that hold the cited text, with the cited spans marked."""
    text = para.text or ""
    marks: list[tuple[int, int, int]] = []
    taken: list[tuple[int, int]] = []
    for i, ev in items:
        for a, b in _spans_of(text, ev, taken):
            taken.append((a, b))
            marks.append((a, b, i))
    pieces = _cut(text, marks)
    out_text = ""
    out_marks: list[list] = []
    for k, (a, b) in enumerate(pieces):
        if k or a > 0:
            out_text += "…"
        shift = len(out_text) - a
        out_text += text[a:b]
        for ma, mb, i in marks:
            if a <= ma and mb <= b and mb - ma <= WHOLE_MARK:
                out_marks.append([ma + shift, mb + shift, i])
    if pieces and pieces[-1][1] < len(text.rstrip()):
        out_text += "…"
    merged: dict[tuple[int, int], list[int]] = {}
    for a, b, i in out_marks:
        merged.setdefault((a, b), []).append(i)
    loc = para.location
    ex: Excerpt = {"kind": "text", "attachment": loc.attachment, "path": path or None, "section": loc.section,
                   "paragraph": loc.paragraph, "page": loc.page, "text": _tidy(out_text),
                   "marks": [[a, b, idx] for (a, b), idx in sorted(merged.items())] or None,
                   "items": [{"e": i} for i, _ in items]}
    return {k: v for k, v in ex.items() if v is not None}


def _tidy(text: str) -> str:
    """Newlines inside a paragraph become spaces (same length, so mark spans stay valid)."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _cut(text: str, marks: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Character ranges to show: the sentences holding marks, each cut to SENTENCE_CHARS around them."""
    sentences = _sentences(text)
    if not marks:
        a, b = sentences[0]
        return [(a, min(b, a + SENTENCE_CHARS))]
    keep = [s for s in sentences if any(ma < s[1] and s[0] < mb for ma, mb, _ in marks)]
    # a mark running over a sentence end keeps the sentences in between
    merged: list[list[int]] = []
    for a, b in keep:
        if merged and merged[-1][1] >= a:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[tuple[int, int]] = []
    for a, b in merged:
        # leading blanks of a sentence are not worth showing
        while a < b and text[a].isspace():
            a += 1
        if b - a <= SENTENCE_CHARS:
            out.append((a, b))
            continue
        inside = [(ma, mb) for ma, mb, _ in marks if a <= ma < b]
        lo = min(ma for ma, _ in inside) if inside else a
        hi = max(mb for _, mb in inside) if inside else a
        if hi - lo >= SENTENCE_CHARS:
            out.append((lo, min(b, lo + SENTENCE_CHARS)))
            continue
        room = SENTENCE_CHARS - (hi - lo)
        start = max(a, lo - room // 3)
        end = min(b, start + SENTENCE_CHARS)
        start = max(a, end - SENTENCE_CHARS)
        out.append((start, end))
    return out
