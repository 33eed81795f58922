"""`jixiao screen`: the command line over corpus.screen, with progress and a summary table."""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from . import cross_rules  # noqa: F401  registers the cross-document rule ids for `jixiao rules`
from jixiao.textsafe import clean, display_path

from .store import DEFAULT_DB, CorpusError
from .worker import WorkResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
TOP_UNITS = 30
TOP_RULES = 10


def add_screen_parser(subparsers) -> argparse.ArgumentParser:
    sp = subparsers.add_parser("screen", help="bulk screening into a corpus, with cross-document checks")
    sp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    sp.add_argument("--workers", type=int, default=None, help="worker processes (default: CPU count)")
    sp.add_argument("--db", default=DEFAULT_DB, help=f"corpus SQLite file (default: ./{DEFAULT_DB})")
    from jixiao.cli import _add_limits

    _add_limits(sp)
    sp.add_argument("--xlsx", metavar="OUT", help="also write an Excel workbook of the findings")
    sp.add_argument("--format", choices=["text", "json"], default="text",
                    help="text: summary table; json: one JSON document per line on stdout")
    sp.add_argument("--dask", metavar="ADDRESS", help="run the files on a Dask cluster ('local' starts one)")
    sp.add_argument("--select", action="append", help="rule ids or prefixes to report (comma-separated)")
    sp.add_argument("--ignore", action="append", help="rule ids or prefixes to leave out")
    sp.add_argument("--force", action="store_true", help="check files again even if already in the corpus")
    sp.add_argument("--baseline", metavar="FILE",
                    help="store this baseline's verdicts in the corpus; findings with a verdict are not shown again")
    return sp


def _split(values: list[str] | None) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} 个/秒" if speed else "— 个/秒", style="progress.data.speed")


def _progress_factory(console: Console, holder: list) -> Callable[[int, int], Callable[[WorkResult], None]]:
    def start(total: int, skipped: int) -> Callable[[WorkResult], None]:
        progress = Progress(
            TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
            TextColumn("剩余"), TimeRemainingColumn(), TextColumn("失败 {task.fields[failed]}"),
            TextColumn(f"（已在语料库跳过 {skipped}）" if skipped else ""),
            console=console, transient=True,
        )
        task = progress.add_task("screen", total=total, failed=0)
        progress.start()
        holder.append(progress)
        failed = [0]

        def advance(work: WorkResult) -> None:
            if work.result.error:
                failed[0] += 1
            progress.update(task, advance=1, failed=failed[0])

        return advance

    return start


def run_screen(args: argparse.Namespace) -> int:
    from jixiao.cli import UsageError, _limits
    from jixiao.config import ConfigError, load_config
    from jixiao.output import OutputError, check_writable

    from .dask_runner import DaskUnavailable
    from .screen import ScreenOptions, screen

    try:
        config = load_config(select=_split(args.select), ignore=_split(args.ignore))
    except ConfigError as exc:
        raise UsageError(f"配置错误：{exc}") from exc
    limits = _limits(args)
    options = ScreenOptions(
        db=args.db, timeout=limits.seconds, max_memory_mb=limits.memory_mb, force=args.force,
        dask=args.dask, select=config.select, ignore=config.ignore, ocr_page_seconds=limits.ocr_page_seconds,
    )
    if args.workers is not None:
        if args.workers < 1:
            raise UsageError("--workers 至少为 1")
        options.workers = args.workers
    if args.xlsx:
        try:
            check_writable(args.xlsx)
        except OutputError as exc:
            raise UsageError(str(exc)) from exc
    if args.baseline:
        from jixiao.baseline import BaselineError, load

        try:
            options.verdicts = list(load(args.baseline).entries.values())
        except BaselineError as exc:
            raise UsageError(str(exc)) from exc
    err = Console(stderr=True, highlight=False, emoji=False)
    holder: list[Progress] = []
    try:
        outcome = screen(args.paths, options, progress=_progress_factory(err, holder))
    except (CorpusError, DaskUnavailable) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        for p in holder:
            p.stop()
    if outcome.files == 0:
        raise UsageError("没有找到可检查的文件（.docx/.pdf/.xlsx）")
    code = EXIT_FINDINGS if outcome.failed else EXIT_OK
    import jixiao.cli as cli

    cli._exit_code = code
    # JSON lines first: a workbook that cannot be written must not cost the results.
    if args.format == "json":
        from reports.json_report import line

        for r, hidden in zip(outcome.results, outcome.suppressed or [None] * len(outcome.results)):
            sys.stdout.write(line(r, hidden if options.verdicts or hidden else None) + "\n")
            sys.stdout.flush()
    ok = True
    if args.xlsx:
        ok = _write_workbook(outcome.results, args.xlsx)
    render_summary(outcome, err if args.format == "json" else Console(highlight=False, emoji=False), db=args.db)
    return code if ok else EXIT_USAGE


def _write_workbook(results, path: str) -> bool:
    from jixiao.cli import _err
    from jixiao.output import OutputError, rescue, write_with
    from jixiao.textsafe import shown_path
    from reports.json_report import dumps
    from reports.xlsx_report import write_xlsx

    rows = [shown_path(r) for r in results]
    try:
        write_with(path, lambda p: write_xlsx(rows, p))
        return True
    except (OutputError, OSError, KeyboardInterrupt) as exc:
        saved = rescue(dumps(rows))
        why = str(exc) if isinstance(exc, OutputError) else "无法写出工作簿"
        _err(why + (f"；结果已另存为 {saved}" if saved else ""))
        return False


def render_summary(outcome, console: Console, db: str = "") -> None:
    """Units × findings by severity, the most frequent rules, unreadable files."""
    rate = outcome.checked / outcome.seconds if outcome.seconds else 0.0
    console.print(Text(
        f"共 {outcome.files} 个文件：新检查 {outcome.checked}，已在语料库跳过 {outcome.skipped}，"
        f"无法读取 {outcome.unreadable}；用时 {outcome.seconds:.1f} 秒（{rate:.1f} 个/秒）"
        + (f"；语料库 {display_path(db)}" if db else "")
    ))
    if outcome.rechecked:
        console.print(Text(f"规则已更新，重新检查 {outcome.rechecked} 个语料库中已有的文件（其结果由旧版规则得出）。"))
    extra = len(outcome.results) - sum(1 for r in outcome.results if r.path in outcome.run_paths)
    if extra > 0:
        console.print(Text(f"另有语料库中 {extra} 个文件因跨文件检查而列出。"))
    hidden: Counter = Counter()
    for c in outcome.suppressed or []:
        hidden.update(c)
    if hidden:
        from jixiao.baseline import summary_line

        console.print(Text(summary_line(hidden) + "（复核意见保存在语料库中）"))

    units: dict[tuple[str, object], Counter] = defaultdict(Counter)
    for r in outcome.results:
        c = units[(r.unit or "（未识别单位）", r.year or "")]
        c["files"] += 1
        c["unreadable"] += 1 if r.error else 0
        for f in r.findings:
            c[f.severity] += 1
    table = Table(title="各单位问题数", title_justify="left")
    for name, justify in (("单位", "left"), ("年度", "right"), ("文件", "right"), ("错误", "right"),
                          ("警告", "right"), ("提示", "right"), ("无法读取", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    ranked = sorted(units.items(), key=lambda kv: (-kv[1]["error"], -kv[1]["unreadable"], -kv[1]["warning"], str(kv[0])))
    for (unit, year), c in ranked[:TOP_UNITS]:
        table.add_row(Text(clean(unit)), str(year), str(c["files"]), _n(c["error"], "red"), _n(c["warning"], "yellow"),
                      str(c["info"] or ""), _n(c["unreadable"], "red"))
    if len(ranked) > TOP_UNITS:
        table.caption = f"另有 {len(ranked) - TOP_UNITS} 个单位未列出（见 --xlsx 工作簿）"
    console.print(table)

    rules: Counter = Counter()
    docs: Counter = Counter()
    severity: dict[str, str] = {}
    for r in outcome.results:
        for rule_id in {f.rule for f in r.findings}:
            docs[rule_id] += 1
        for f in r.findings:
            rules[f.rule] += 1
            severity.setdefault(f.rule, f.severity)
    if rules:
        rt = Table(title="最常见的问题", title_justify="left")
        for name, justify in (("规则", "left"), ("严重程度", "left"), ("次数", "right"), ("文件数", "right")):
            rt.add_column(name, justify=justify)  # type: ignore[arg-type]
        labels = {"error": "错误", "warning": "警告", "info": "提示"}
        for rule_id, n in rules.most_common(TOP_RULES):
            rt.add_row(Text(rule_id), labels.get(severity[rule_id], severity[rule_id]), str(n), str(docs[rule_id]))
        console.print(rt)
    bad = [r for r in outcome.results if r.error]
    if bad:
        console.print(Text("无法读取的文件：", style="bold red"))
        for r in bad[:TOP_UNITS]:
            console.print(Text(f"  {display_path(r.path)}：{clean(r.error)}"))
        if len(bad) > TOP_UNITS:
            console.print(f"  …另有 {len(bad) - TOP_UNITS} 个")


def _n(value: int, style: str) -> Text:
    return Text(str(value), style=style) if value else Text("")
