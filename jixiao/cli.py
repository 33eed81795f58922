"""Command line: `jixiao check`, `extract`, `screen`, `rules`, `baseline import`.

Exit status (shared/spec/findings.md): 0 no error finding, 1 at least one
error finding (or an unreadable file), 2 the command itself could not run
(bad arguments, configuration, baseline or output path; an interrupted run).

Every file is read in a worker process under a time and memory limit
(:mod:`jixiao.isolation`); every string from a document or a file name shown
on a terminal is stripped of control characters and never read as markup
(:mod:`jixiao.textsafe`); every reason is one line in Chinese, the machine's
own words only with ``-v``.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

FORMATS = ["text", "concise", "json", "jsonl", "html", "xlsx"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, as the spec says
        self.print_usage(sys.stderr)
        print(f"jixiao: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class UsageError(Exception):
    """A one-line Chinese message; the command stops with exit status 2."""


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _version() -> str:
    from jixiao import __version__

    return __version__


class _VersionAction(argparse.Action):
    """`--version`, the version looked up only when asked for (importlib.metadata costs 20-30 ms)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show program's version number and exit"):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser._print_message(f"jixiao {_version()}\n", sys.stdout)
        parser.exit()


def _add_limits(p: argparse.ArgumentParser) -> None:
    from jixiao.limits import DEFAULT_MEMORY_MB, DEFAULT_OCR_PAGE_SECONDS, DEFAULT_SECONDS

    p.add_argument("--timeout", type=float, default=DEFAULT_SECONDS, metavar="S",
                   help=f"seconds allowed per file (default {DEFAULT_SECONDS:g}, plus --ocr-page-timeout per scanned page; 0 = none)")
    p.add_argument("--ocr-page-timeout", type=float, default=DEFAULT_OCR_PAGE_SECONDS, metavar="S",
                   help=f"seconds added to a file's limit per page read by OCR (default {DEFAULT_OCR_PAGE_SECONDS:g})")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"memory a worker may add while reading one file (default {DEFAULT_MEMORY_MB}; 0 = none)")


SCREEN_HELP = "bulk screening into a corpus, with cross-document checks"


def build_parser(screen: bool = True) -> argparse.ArgumentParser:
    """The command line; ``screen=False`` puts a stand-in for `screen` (listed in the help, never run).

    The real `screen` parser lives in corpus.screen_cli, which imports the corpus, the cross-document
    rules and rich's progress bars: only a command line that names `screen` pays for them.
    """
    ap = _Parser(prog="jixiao", description="预算绩效自评报告一致性检查 (budget performance self-evaluation report checker)")
    ap.add_argument("--version", action=_VersionAction)
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="show what the tool reads from a report: attachments, sections, tables, figures")
    ex.add_argument("file")
    ex.add_argument("--format", choices=["text", "json"], default="text")
    ex.add_argument("--facts", action="store_true", help="list mapped facts and unmapped headers instead of the raw structure")
    ex.add_argument("-v", "--verbose", action="store_true", help="with an unreadable file, also what the machine said")
    _add_limits(ex)

    ck = sub.add_parser("check", help="report internal contradictions")
    ck.add_argument("paths", nargs="+", metavar="PATH")
    ck.add_argument("--format", choices=FORMATS, default="text",
                    help="text (default), concise (one line per finding), json, jsonl (one document per line, "
                         "written as each file completes), html, xlsx (needs -o)")
    ck.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of standard output (any format)")
    ck.add_argument("--select", action="append", help="rule ids or prefixes to run (comma-separated; e.g. score,rate.mismatch)")
    ck.add_argument("--ignore", action="append", help="rule ids or prefixes to skip")
    ck.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead of the findings")
    ck.add_argument("--baseline", metavar="FILE", help="hide the findings this baseline file records")
    ck.add_argument("--write-baseline", metavar="FILE",
                    help="record the current findings in FILE (verdict 待核; verdicts already in FILE are kept)")
    ck.add_argument("--workers", type=int, default=None, metavar="N",
                    help="worker processes (default: CPU count, at most one per file; 0 = in this process, no limits)")
    _add_limits(ck)
    ck.add_argument("-q", "--quiet", action="store_true", help="one line per file")
    ck.add_argument("-v", "--verbose", action="store_true", help="also info evidence, timings and why a file could not be read")

    rl = sub.add_parser("rules", help="list the rules (id, severity, summary); with an id, its documentation")
    rl.add_argument("rule", nargs="?", metavar="ID")
    rl.add_argument("--format", choices=["text", "json"], default="text")

    bl = sub.add_parser("baseline", help="baseline files: import reviewers' verdicts from a workbook")
    bsub = bl.add_subparsers(dest="baseline_command", required=True, parser_class=_Parser)
    imp = bsub.add_parser("import", help="turn a filled 问题清单 workbook into a baseline file")
    imp.add_argument("workbook", metavar="XLSX")
    imp.add_argument("-o", "--output", required=True, metavar="FILE", help="baseline file to write (updated if it exists)")

    if screen:
        from corpus.screen_cli import add_screen_parser

        add_screen_parser(sub)
    else:
        sub.add_parser("screen", help=SCREEN_HELP)
    return ap


# --------------------------------------------------------------------------- entry point

_exit_code = EXIT_OK  # what a closed pipe ends with: the status known when output started


def main(argv: list[str] | None = None) -> int:
    global _exit_code
    _exit_code = EXIT_OK
    try:
        code = _main(argv)
        _flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return _exit_code
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("已中断")
        return EXIT_USAGE


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(screen="screen" in argv).parse_args(argv)
    if args.command == "extract":
        from jixiao.extract_cli import run_extract

        return run_extract(args)
    if args.command == "check":
        return run_check(args)
    if args.command == "rules":
        return run_rules(args)
    if args.command == "baseline":
        return run_baseline_import(args)
    if args.command == "screen":
        from corpus.screen_cli import run_screen

        return run_screen(args)
    return EXIT_USAGE  # pragma: no cover


def _flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_stdout() -> None:
    """After the reader of a pipe went away: point stdout at /dev/null so the final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _err(message: str) -> None:
    from jixiao.textsafe import clean

    try:
        print(f"jixiao: {clean(message)}", file=sys.stderr)
    except (OSError, ValueError):
        pass


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end a run the way Ctrl-C does: what completed is still written."""
    def stop(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    saved = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                saved[sig] = signal.signal(sig, stop)
            except (ValueError, OSError):  # not the main thread
                pass
        yield
    finally:
        for sig, handler in saved.items():
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):
                pass


def _limits(args: argparse.Namespace):
    from jixiao.limits import Limits

    if args.timeout is not None and args.timeout < 0:
        raise UsageError("--timeout 不能为负数")
    if args.max_memory is not None and args.max_memory < 0:
        raise UsageError("--max-memory 不能为负数")
    if args.ocr_page_timeout is not None and args.ocr_page_timeout < 0:
        raise UsageError("--ocr-page-timeout 不能为负数")
    return Limits(seconds=args.timeout or None, ocr_page_seconds=args.ocr_page_timeout,
                  memory_mb=args.max_memory or None)


# --------------------------------------------------------------------------- check

def run_check(args: argparse.Namespace) -> int:
    from extract.read import expand_paths
    from jixiao.config import ConfigError, load_config
    from jixiao.output import OutputError, check_writable

    try:
        config = load_config(select=_split(args.select), ignore=_split(args.ignore))
    except ConfigError as exc:
        raise UsageError(f"配置错误：{exc}") from exc
    limits = _limits(args)
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx 需要 -o 指定输出文件")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError("--statistics 只能与 --format text 或 json 一起使用")
    baseline = None
    if args.baseline:
        from jixiao.baseline import BaselineError, load

        try:
            baseline = load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from exc
    previous = None
    try:
        if args.output:
            check_writable(args.output)
        if args.write_baseline:
            check_writable(args.write_baseline)
            previous = _previous_baseline(args.write_baseline)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    files = expand_paths(args.paths)
    if not files:
        raise UsageError("没有找到可检查的文件（.docx/.pdf/.xlsx）")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 0:
        raise UsageError("--workers 不能为负数")

    run = _CheckRun(args, config, limits, files, workers, baseline)
    with _interruptible():
        run.execute()
    return run.finish(previous)


def _previous_baseline(path: str):
    from jixiao.baseline import BaselineError, load

    if not os.path.exists(path):
        return None
    try:
        return load(path)
    except BaselineError as exc:
        raise UsageError(f"{exc}；--write-baseline 不会覆盖它") from exc


class _CheckRun:
    """One `jixiao check`: files checked under limits, results kept whatever happens to the output."""

    def __init__(self, args, config, limits, files: list[str], workers: int, baseline) -> None:
        from jixiao.work import Batch

        self.args = args
        self.files = files
        self.baseline = baseline
        self.batch = Batch(files, config, limits, workers)
        self.done: dict[int, object] = {}  # index → Checked
        self.interrupted = False
        self._stream = None

    # -- checking
    def execute(self) -> None:
        progress = self._progress()
        self._open_stream()
        try:
            for checked in self.batch.run():
                self.done[checked.index] = checked
                self._stream_one(checked)
                if progress:
                    progress[0].update(progress[1], advance=1)
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            if progress:
                progress[0].stop()

    def _progress(self):
        if self.args.format not in ("text", "concise") or len(self.files) < 2 or self.args.quiet:
            return None
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        p = Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                     console=Console(stderr=True), transient=True)
        task = p.add_task("check", total=len(self.files))
        p.start()
        return p, task

    def _open_stream(self) -> None:
        """JSON lines go out as each file completes (to -o or standard output)."""
        if self.args.format != "jsonl":
            return
        if self.args.output:
            try:
                self._stream = open(self.args.output, "w", encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"无法写入输出文件 {_shown(self.args.output)}（{_os_words(exc)}）") from exc
        else:
            self._stream = sys.stdout

    def _stream_one(self, checked) -> None:
        if self._stream is None:
            return
        from reports.json_report import line

        result, hidden = self._suppressed(checked.result)
        text = line(result, hidden, checked.detail if self.args.verbose else "")
        try:
            self._stream.write(text + "\n")
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError:
            self._stream = None  # the results are still written at the end, or rescued

    def _suppressed(self, result):
        if self.baseline is None:
            return result, None
        from jixiao.baseline import suppress

        (kept,), (hidden,) = suppress([result], self.baseline)
        return kept, hidden

    # -- results and output
    def results(self) -> list:
        from jixiao.work import INTERRUPTED_REASON, NOT_STARTED_REASON

        out = dict(self.done)
        for c in self.batch.unfinished(INTERRUPTED_REASON, NOT_STARTED_REASON):
            out.setdefault(c.index, c)
        return [out[i] for i in sorted(out)]

    def finish(self, previous) -> int:
        global _exit_code
        from jixiao.baseline import suppress

        from jixiao.textsafe import shown_path

        checked = self.results()
        raw = [shown_path(c.result) for c in checked]  # every output holds text, never undecodable bytes
        details = {i: c.detail for i, c in enumerate(checked) if c.detail} if self.args.verbose else {}
        hidden = None
        shown = raw
        if self.baseline is not None:
            shown, hidden = suppress(raw, self.baseline)
        failed = any(r.error or any(f.severity == "error" for f in r.findings) for r in shown)
        code = EXIT_USAGE if self.interrupted else (EXIT_FINDINGS if failed else EXIT_OK)
        _exit_code = code
        ok = True
        if self.args.write_baseline:
            ok = self._write_baseline([r for r, c in zip(raw, checked) if c.index in self.done], previous) and ok
        ok = self._emit(shown, hidden, details) and ok
        if self.interrupted:
            left = len(self.files) - len(self.done)
            _err(f"检查被中断：已完成 {len(self.done)} 个文件，未完成 {left} 个（已在结果中列出）")
        return code if ok else EXIT_USAGE

    def _write_baseline(self, results, previous) -> bool:
        from jixiao.baseline import from_results, save

        baseline = from_results(results, previous)
        try:
            save(baseline, self.args.write_baseline)
        except OSError as exc:
            _err(f"无法写入基线文件 {_shown(self.args.write_baseline)}（{_os_words(exc)}）")
            return False
        if self.args.format in ("text", "concise") and not self.args.quiet:
            _err(f"已将 {len(baseline.entries)} 条问题记入基线文件 {self.args.write_baseline}")
        return True

    def _emit(self, results, hidden, details) -> bool:
        """Write the chosen format; on failure save the results as JSON elsewhere and say where."""
        from jixiao.output import OutputError
        from reports.json_report import dumps

        fmt = self.args.format
        try:
            if self.args.statistics:
                self._statistics(results)
            elif fmt == "jsonl":
                self._finish_stream(results, hidden, details)
            elif fmt == "json":
                self._write(dumps(results, suppressed=hidden, details=details, interrupted=self.interrupted) + "\n")
            elif fmt == "concise":
                from reports.concise import render

                self._write(render(results, details) + self._hidden_note(hidden))
            elif fmt == "html":
                from reports.html_report import render_html

                self._write(render_html(results))
            elif fmt == "xlsx":
                self._xlsx(results)
            else:
                self._text(results, hidden, details)
            return True
        except BrokenPipeError:
            raise
        except (OutputError, OSError, KeyboardInterrupt) as exc:
            saved = _rescue(dumps(results, suppressed=hidden, details=details, interrupted=True))
            why = str(exc) if isinstance(exc, OutputError) else (
                "写出结果时被中断" if isinstance(exc, KeyboardInterrupt) else f"无法写出结果（{_os_words(exc)}）")
            where = f"；结果已另存为 {saved}" if saved else ""
            _err(f"{why}{where}")
            return False

    def _write(self, text: str) -> None:
        from jixiao.output import write_text

        if self.args.output:
            write_text(self.args.output, text)
        else:
            sys.stdout.write(text)

    def _finish_stream(self, results, hidden, details) -> None:
        if self._stream is None and self.args.output:
            raise OSError(5, "stream lost")
        if self._stream is not None and self._stream is not sys.stdout:
            self._stream.close()
        # Files an interruption left unfinished get their line too.
        if self.interrupted:
            from reports.json_report import line

            extra = "".join(line(r, hidden[i] if hidden else None) + "\n" for i, r in enumerate(results)
                            if i not in self.done)
            if self.args.output:
                with open(self.args.output, "a", encoding="utf-8") as fh:
                    fh.write(extra)
            else:
                sys.stdout.write(extra)

    def _xlsx(self, results) -> None:
        from jixiao.output import write_with
        from reports.xlsx_report import write_xlsx

        write_with(self.args.output, lambda p: write_xlsx(results, p))

    def _statistics(self, results) -> None:
        from reports import statistics

        if self.args.format == "json":
            self._write(json.dumps(statistics.to_json(results), ensure_ascii=False, indent=2) + "\n")
        else:
            self._write(statistics.render(results))

    def _hidden_note(self, hidden) -> str:
        if hidden is None:
            return ""
        from jixiao.baseline import summary_line

        total: Counter = Counter()
        for c in hidden:
            total.update(c)
        return summary_line(total) + "\n"

    def _text(self, results, hidden, details) -> None:
        import io

        from rich.console import Console

        if self.args.output:
            buf = io.StringIO()
            console = Console(file=buf, width=120, no_color=True, force_terminal=False, highlight=False,
                              emoji=False, color_system=None)
            render_text(results, console, self.verbosity, details, hidden)
            self._write(buf.getvalue())
        else:
            render_text(results, Console(highlight=False, emoji=False), self.verbosity, details, hidden)

    @property
    def verbosity(self) -> int:
        return 0 if self.args.quiet else (2 if self.args.verbose else 1)


def _shown(path: str) -> str:
    from jixiao.textsafe import display_path

    return display_path(path)


def _os_words(exc: OSError) -> str:
    from jixiao.output import os_words

    return os_words(exc)


def _rescue(text: str) -> str | None:
    from jixiao.output import rescue

    return rescue(text)


def render_text(results, console, verbosity: int = 1, details: dict[int, str] | None = None, hidden=None) -> None:
    """The terminal report: each document (an unreadable one headed 无法读取 with its reason), then a summary.

    Every string is cleaned of control characters first (:func:`jixiao.textsafe.safe_result`).
    """
    from rich.text import Text

    from jixiao.textsafe import clean, safe_result
    from reports import terminal

    safe = [safe_result(r) for r in results]
    for i, r in enumerate(safe):
        if r.error:
            line = Text(r.path, style="bold")
            line.append("  无法读取：", style="bold red")
            line.append(r.error, style="red")
            if details and details.get(i):
                line.append(f"（详情：{clean(details[i])}）", style="dim")
            if verbosity >= 1:
                console.rule(style="dim")
            console.print(line, soft_wrap=True)  # one line, however narrow the terminal
        else:
            terminal.render([r], console, verbosity=verbosity)
    if len(safe) > 1:
        summary = getattr(terminal, "render_summary", None) or getattr(terminal, "_render_summary", None)
        if summary is not None:
            if verbosity > 0:
                console.print()
            summary(safe, console)
    if hidden is not None:
        from jixiao.baseline import summary_line

        total: Counter = Counter()
        for c in hidden:
            total.update(c)
        console.print(Text(summary_line(total), style="dim"))


# --------------------------------------------------------------------------- rules

def run_rules(args: argparse.Namespace) -> int:
    import corpus.cross_rules  # noqa: F401  registers the cross-document rules
    from checks.registry import RULES, selected_rules

    rules = selected_rules()
    if args.rule:
        r = RULES.get(args.rule)
        if r is None:
            close = [x.id for x in rules if x.id.startswith(args.rule)]
            hint = f"（以此开头的规则：{'、'.join(close)}）" if close else "（jixiao rules 列出全部规则）"
            raise UsageError(f"没有规则 {args.rule}{hint}")
        if args.format == "json":
            print(json.dumps(_rule_json(r), ensure_ascii=False, indent=2))
        else:
            print(f"{r.id}  [{r.severity}]{'  （需语料库，由 jixiao screen 运行）' if r.cross_document else ''}")
            print(r.summary)
            if r.doc:
                print()
                print(r.doc)
        return EXIT_OK
    if args.format == "json":
        print(json.dumps([_rule_json(r) for r in rules], ensure_ascii=False, indent=2))
    else:
        for r in rules:
            print(f"{r.id:26} {r.severity:8} {r.summary}{'（需语料库）' if r.cross_document else ''}")
    return EXIT_OK


def _rule_json(r) -> dict:
    return {"id": r.id, "severity": r.severity, "summary": r.summary, "cross_document": r.cross_document,
            "doc": r.doc}


# Kept for callers of the earlier name.
run_rules_list = run_rules


# --------------------------------------------------------------------------- baseline import

def run_baseline_import(args: argparse.Namespace) -> int:
    from jixiao.baseline import BaselineError, import_workbook, load, save
    from jixiao.output import OutputError, check_writable
    from jixiao.textsafe import display_path

    try:
        check_writable(args.output)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    previous = None
    if os.path.exists(args.output):
        try:
            previous = load(args.output)
        except BaselineError as exc:
            raise UsageError(f"{exc}；不会覆盖它") from exc
    try:
        baseline, imported, skipped = import_workbook(args.workbook, previous)
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    try:
        save(baseline, args.output)
    except OSError as exc:
        raise UsageError(f"无法写入基线文件 {display_path(args.output)}（{_os_words(exc)}）") from exc
    counts = Counter(e.verdict for e in baseline.entries.values())
    shown = "，".join(f"{v} {counts[v]}" for v in ("确认", "误报", "忽略", "待核") if counts.get(v))
    print(f"已导入 {imported} 条复核意见（跳过未填写复核意见的 {skipped} 行）；"
          f"基线文件 {display_path(args.output)} 共 {len(baseline.entries)} 条（{shown or '无'}）")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
