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
    sp.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file (default 300; 0 = none)")
    sp.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                    help="memory a worker may add while reading one file (default 2048; 0 = none)")
    sp.add_argument("--xlsx", metavar="OUT", help="also write an Excel workbook of the findings")
    sp.add_argument("--format", choices=["text", "json"], default="text",
                    help="text: summary table; json: one JSON document per line on stdout")
    sp.add_argument("--dask", metavar="ADDRESS", help="run the files on a Dask cluster ('local' starts one)")
    sp.add_argument("--select", action="append", help="rule ids or prefixes to report (comma-separated)")
    sp.add_argument("--ignore", action="append", help="rule ids or prefixes to leave out")
    sp.add_argument("--force", action="store_true", help="check files again even if already in the corpus")
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
    from jixiao.config import load_config

    from .dask_runner import DaskUnavailable
    from .screen import ScreenOptions, screen

    config = load_config(select=_split(args.select), ignore=_split(args.ignore))
    options = ScreenOptions(
        db=args.db, timeout=args.timeout or None, max_memory_mb=args.max_memory or None, force=args.force,
        dask=args.dask, select=config.select, ignore=config.ignore,
    )
    if args.workers is not None:
        if args.workers < 1:
            print("jixiao: --workers 至少为 1", file=sys.stderr)
            return EXIT_USAGE
        options.workers = args.workers
    err = Console(stderr=True)
    holder: list[Progress] = []
    try:
        outcome = screen(args.paths, options, progress=_progress_factory(err, holder))
    except (CorpusError, DaskUnavailable) as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        for p in holder:
            p.stop()
    if outcome.files == 0:
        print("jixiao: 没有找到可检查的文件（.docx/.pdf/.xlsx）", file=sys.stderr)
        return EXIT_USAGE
    if args.xlsx:
        from reports.xlsx_report import write_xlsx

        write_xlsx(outcome.results, args.xlsx)
    if args.format == "json":
        from reports.json_report import write_jsonl

        write_jsonl(outcome.results, sys.stdout)
        render_summary(outcome, err, db=args.db)
    else:
        render_summary(outcome, Console(), db=args.db)
    return EXIT_FINDINGS if outcome.failed else EXIT_OK


def render_summary(outcome, console: Console, db: str = "") -> None:
    """Units × findings by severity, the most frequent rules, unreadable files."""
    rate = outcome.checked / outcome.seconds if outcome.seconds else 0.0
    console.print(
        f"共 {outcome.files} 个文件：新检查 {outcome.checked}，已在语料库跳过 {outcome.skipped}，"
        f"无法读取 {outcome.unreadable}；用时 {outcome.seconds:.1f} 秒（{rate:.1f} 个/秒）"
        + (f"；语料库 {db}" if db else "")
    )
    if outcome.rechecked:
        console.print(f"规则已更新，重新检查 {outcome.rechecked} 个语料库中已有的文件（其结果由旧版规则得出）。")
    extra = len(outcome.results) - sum(1 for r in outcome.results if r.path in outcome.run_paths)
    if extra > 0:
        console.print(f"另有语料库中 {extra} 个文件因跨文件检查而列出。")

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
        table.add_row(unit, str(year), str(c["files"]), _n(c["error"], "red"), _n(c["warning"], "yellow"),
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
            rt.add_row(rule_id, labels.get(severity[rule_id], severity[rule_id]), str(n), str(docs[rule_id]))
        console.print(rt)
    bad = [r for r in outcome.results if r.error]
    if bad:
        console.print(Text("无法读取的文件：", style="bold red"))
        for r in bad[:TOP_UNITS]:
            console.print(Text(f"  {r.path}：{r.error}"))
        if len(bad) > TOP_UNITS:
            console.print(f"  …另有 {len(bad) - TOP_UNITS} 个")


def _n(value: int, style: str) -> Text:
    return Text(str(value), style=style) if value else Text("")
