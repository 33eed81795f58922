"""Baselines: a reviewer's verdicts on findings, recorded by fingerprint so they hold across runs.

File format (JSON, UTF-8; shared with the HTML report's verdict export)::

    {"jixiao_baseline": 1, "created": "2024-05-01T10:00:00+08:00", "tool_version": "0.1.0",
     "entries": [{"fingerprint": "3f2a…", "rule": "sum.mismatch", "path": "报告/a.docx",
                  "unit": "区信访局", "year": 2020, "message": "…", "verdict": "确认",
                  "reviewer": "张三", "note": "已退回修改", "decided": "2024-05-01T10:00:00+08:00"}]}

- ``jixiao check --write-baseline FILE`` records every current finding with
  verdict 待核, keeping the verdict, reviewer, note and date of entries the
  file already holds (by fingerprint), and keeping entries for files not
  checked in this run; entries of checked files whose finding is gone are
  dropped.
- ``jixiao check --baseline FILE`` hides every finding whose fingerprint the
  file records, whatever its verdict, and says how many per verdict.
- ``jixiao baseline import 结果.xlsx -o FILE`` reads the reviewers' workbook
  (sheet 问题清单, columns found by their header names 指纹, 规则, 文件,
  复核意见, 复核人, 复核说明); rows whose 复核意见 is empty are skipped, since
  a finding nobody has looked at must not be hidden; an existing FILE is
  updated, not replaced.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from jixiao.model import DocumentResult
from jixiao.textsafe import display_path

FORMAT_KEY = "jixiao_baseline"
FORMAT_VERSION = 1
VERDICTS = ("确认", "误报", "忽略", "待核")
PENDING = "待核"
# Workbook header names (sheet 问题清单), as the workbook writer names them.
SHEET = "问题清单"
COL_FINGERPRINT, COL_RULE, COL_FILE, COL_VERDICT, COL_REVIEWER, COL_NOTE = "指纹", "规则", "文件", "复核意见", "复核人", "复核说明"
COL_UNIT, COL_YEAR, COL_MESSAGE, COL_DECIDED = "单位", "年度", "说明", "复核日期"
_HEADER_ROWS = 10  # the header row is looked for among the first rows


class BaselineError(Exception):
    """A baseline or workbook that cannot be used; ``str()`` is one line in Chinese naming the file."""


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Entry:
    fingerprint: str
    rule: str = ""
    path: str = ""
    unit: str | None = None
    year: int | None = None
    message: str = ""
    verdict: str = PENDING
    reviewer: str = ""
    note: str = ""
    decided: str = ""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Baseline:
    entries: dict[str, Entry] = field(default_factory=dict)  # fingerprint → entry
    created: str = ""
    tool_version: str = ""

    def to_json(self) -> dict:
        return {FORMAT_KEY: FORMAT_VERSION, "created": self.created or now(), "tool_version": self.tool_version,
                "entries": [e.to_json() for e in self.entries.values()]}

    def verdict(self, fingerprint: str) -> str | None:
        e = self.entries.get(fingerprint)
        return e.verdict if e else None


# --------------------------------------------------------------------------- reading and writing

def _version() -> str:
    from jixiao import __version__

    return __version__


def _str(value: object, key: str, shown: str, i: int, optional: bool = True) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录的「{key}」应为文字")
    return value


def load(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file strictly; BaselineError on a missing, malformed or unknown-version file."""
    shown = display_path(str(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BaselineError(f"基线文件 {shown} 不存在") from exc
    except UnicodeDecodeError as exc:
        raise BaselineError(f"基线文件 {shown} 不是 UTF-8 编码的 JSON") from exc
    except OSError as exc:
        raise BaselineError(f"无法读取基线文件 {shown}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"基线文件 {shown} 不是有效的 JSON（第{exc.lineno}行）") from exc
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise BaselineError(f"{shown} 不是 jixiao 基线文件（缺少「{FORMAT_KEY}」）")
    version = data[FORMAT_KEY]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BaselineError(f"基线文件 {shown} 的版本 {version!r} 不受支持（本版 jixiao 读取版本 {FORMAT_VERSION}）")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"基线文件 {shown} 的「entries」应为列表")
    out = Baseline(created=str(data.get("created") or ""), tool_version=str(data.get("tool_version") or ""))
    for i, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录应为对象")
        fp = raw.get("fingerprint")
        if not isinstance(fp, str) or not fp.strip():
            raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录缺少「fingerprint」")
        verdict = raw.get("verdict", PENDING)
        if verdict not in VERDICTS:
            raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录的「verdict」应为 {'/'.join(VERDICTS)} 之一，"
                                f"而不是 {verdict!r}")
        year = raw.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录的「year」应为整数或 null")
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise BaselineError(f"基线文件 {shown} 第{i + 1}条记录的「unit」应为文字或 null")
        out.entries[fp.strip()] = Entry(
            fingerprint=fp.strip(), rule=_str(raw.get("rule"), "rule", shown, i), path=_str(raw.get("path"), "path", shown, i),
            unit=unit, year=year, message=_str(raw.get("message"), "message", shown, i), verdict=verdict,
            reviewer=_str(raw.get("reviewer"), "reviewer", shown, i), note=_str(raw.get("note"), "note", shown, i),
            decided=_str(raw.get("decided"), "decided", shown, i),
        )
    return out


def save(baseline: Baseline, path: str | os.PathLike[str]) -> None:
    """Write atomically (a temporary file renamed over ``path``): an interrupted write leaves the old file."""
    baseline.tool_version = baseline.tool_version or _version()
    text = json.dumps(baseline.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".jixiao-", suffix=".tmp", dir=str(target.parent) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- from a run, and applying

def from_results(results: Iterable[DocumentResult], previous: Baseline | None = None) -> Baseline:
    """Every finding of ``results`` as an entry (待核 unless ``previous`` holds a verdict for it)."""
    previous = previous or Baseline()
    results = list(results)
    out = Baseline(created=previous.created or now(), tool_version=_version())
    checked = {display_path(r.path) for r in results if not r.error}  # an unreadable file keeps its entries
    for r in results:
        shown = display_path(r.path)
        for f in r.findings:
            if not f.fingerprint or f.fingerprint in out.entries:
                continue
            old = previous.entries.get(f.fingerprint)
            entry = Entry(fingerprint=f.fingerprint, rule=f.rule, path=shown, unit=r.unit, year=r.year,
                          message=f.message)
            if old is not None:
                entry = replace(entry, verdict=old.verdict, reviewer=old.reviewer, note=old.note, decided=old.decided)
            out.entries[f.fingerprint] = entry
    for fp, old in previous.entries.items():  # files this run did not check keep their entries
        if fp not in out.entries and old.path not in checked:
            out.entries[fp] = old
    return out


def split_by_verdict(findings: list, verdict_of: Callable[[str], str | None]) -> tuple[list, Counter]:
    """The findings no verdict covers, and the count of the others per verdict (baselines and the corpus share it)."""
    kept: list = []
    counts: Counter = Counter()
    for f in findings:
        verdict = verdict_of(f.fingerprint) if f.fingerprint else None
        if verdict is None:
            kept.append(f)
        else:
            counts[verdict] += 1
    return kept, counts


def suppress(results: list[DocumentResult], baseline: Baseline) -> tuple[list[DocumentResult], list[Counter]]:
    """Results without the findings ``baseline`` records, and per result the hidden count per verdict."""
    kept: list[DocumentResult] = []
    hidden: list[Counter] = []
    for r in results:
        findings, counts = split_by_verdict(r.findings, baseline.verdict)
        kept.append(replace(r, findings=findings) if counts else r)
        hidden.append(counts)
    return kept, hidden


def ordered_counts(counts: Counter) -> dict[str, int]:
    """Counts per verdict in the fixed order 确认, 误报, 忽略, 待核 (all four keys)."""
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def summary_line(counts: Counter) -> str:
    total = sum(counts.values())
    parts = "，".join(f"{v} {counts[v]}" for v in VERDICTS if counts.get(v))
    return f"已按基线隐藏 {total} 条问题（{parts}）" if total else "基线中没有与本次结果相同的问题"


# --------------------------------------------------------------------------- from the reviewers' workbook

def import_workbook(xlsx: str | os.PathLike[str], previous: Baseline | None = None) -> tuple[Baseline, int, int]:
    """The verdicts of a filled 问题清单 sheet merged over ``previous``; returns (baseline, imported, skipped)."""
    from openpyxl import load_workbook

    shown = display_path(str(xlsx))
    try:
        wb = load_workbook(str(xlsx), read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise BaselineError(f"工作簿 {shown} 不存在") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on a file that is not a workbook
        raise BaselineError(f"无法读取工作簿 {shown}（不是有效的 .xlsx 文件）") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise BaselineError(f"工作簿 {shown} 没有「{SHEET}」工作表")
        rows = wb[SHEET].iter_rows(values_only=True)
        header: dict[str, int] | None = None
        header_row = 0
        for n, row in enumerate(rows, start=1):
            names = {str(v).strip(): i for i, v in enumerate(row) if v is not None and str(v).strip()}
            if COL_FINGERPRINT in names and COL_VERDICT in names:
                header, header_row = names, n
                break
            if n >= _HEADER_ROWS:
                break
        if header is None:
            raise BaselineError(f"工作簿 {shown} 的「{SHEET}」中找不到含「{COL_FINGERPRINT}」和「{COL_VERDICT}」的表头行")
        out = Baseline(entries=dict((previous or Baseline()).entries), created=(previous.created if previous else "") or now(),
                       tool_version=_version())
        imported = skipped = 0
        stamp = now()

        def cell(row: tuple, name: str) -> object:
            i = header.get(name)  # type: ignore[union-attr]
            return row[i] if i is not None and i < len(row) else None

        for n, row in enumerate(rows, start=header_row + 1):
            fp = _text(cell(row, COL_FINGERPRINT))
            verdict = _text(cell(row, COL_VERDICT))
            if not fp or not verdict:
                skipped += 1 if fp else 0
                continue
            if verdict not in VERDICTS:
                raise BaselineError(f"工作簿 {shown} 第{n}行的「{COL_VERDICT}」应为 {'/'.join(VERDICTS)} 之一，而不是「{verdict}」")
            old = out.entries.get(fp)
            reviewer, note = _text(cell(row, COL_REVIEWER)), _text(cell(row, COL_NOTE))
            decided = _text(cell(row, COL_DECIDED))
            if not decided:
                unchanged = old is not None and (old.verdict, old.reviewer, old.note) == (verdict, reviewer, note)
                decided = old.decided if unchanged and old.decided else stamp
            year = cell(row, COL_YEAR)
            out.entries[fp] = Entry(
                fingerprint=fp, rule=_text(cell(row, COL_RULE)) or (old.rule if old else ""),
                path=_text(cell(row, COL_FILE)) or (old.path if old else ""),
                unit=_text(cell(row, COL_UNIT)) or (old.unit if old else None),
                year=_year(year) if year not in (None, "") else (old.year if old else None),
                message=_text(cell(row, COL_MESSAGE)) or (old.message if old else ""),
                verdict=verdict, reviewer=reviewer, note=note, decided=decided,
            )
            imported += 1
        return out, imported, skipped
    finally:
        wb.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _year(value: object) -> int | None:
    try:
        return int(float(str(value)))
    except (TypeError, ValueError):
        return None
