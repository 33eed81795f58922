"""Command line: `jixiao extract`, `jixiao check`, `jixiao screen`, `jixiao rules`.

Exit status (shared/spec/findings.md): 0 no error finding, 1 at least one
error finding (or an unreadable file), 2 the command itself could not run.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extract.read import expand_paths

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, as the spec says
        self.print_usage(sys.stderr)
        print(f"jixiao: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="jixiao", description="预算绩效自评报告一致性检查 (budget performance self-evaluation report checker)")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="show what the tool reads from a report: attachments, sections, tables, figures")
    ex.add_argument("file")
    ex.add_argument("--format", choices=["text", "json"], default="text")
    ex.add_argument("--facts", action="store_true", help="list mapped facts and unmapped headers instead of the raw structure")

    ck = sub.add_parser("check", help="report internal contradictions")
    ck.add_argument("paths", nargs="+", metavar="PATH")
    ck.add_argument("--format", choices=["text", "json", "html", "xlsx"], default="text")
    ck.add_argument("-o", "--output", help="file to write (required for xlsx; html/json default to stdout)")
    ck.add_argument("--select", action="append", help="rule ids or prefixes to run (comma-separated; e.g. score,rate.mismatch)")
    ck.add_argument("--ignore", action="append", help="rule ids or prefixes to skip")
    ck.add_argument("-q", "--quiet", action="store_true", help="one line per file")
    ck.add_argument("-v", "--verbose", action="store_true", help="also info evidence and timings")

    rl = sub.add_parser("rules", help="list the rule ids")
    rl.add_argument("--format", choices=["text", "json"], default="text")

    from corpus.screen_cli import add_screen_parser

    add_screen_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        from jixiao.extract_cli import run_extract

        return run_extract(args)
    if args.command == "check":
        return run_check(args)
    if args.command == "rules":
        return run_rules_list(args)
    if args.command == "screen":
        from corpus.screen_cli import run_screen

        return run_screen(args)
    return EXIT_USAGE  # pragma: no cover


def run_check(args: argparse.Namespace) -> int:
    from jixiao.config import load_config
    from jixiao.pipeline import check_file

    config = load_config(select=_split(args.select), ignore=_split(args.ignore))
    files = expand_paths(args.paths)
    if not files:
        print("jixiao: 没有找到可检查的文件（.docx/.pdf/.xlsx）", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "xlsx" and not args.output:
        print("jixiao: --format xlsx 需要 -o 指定输出文件", file=sys.stderr)
        return EXIT_USAGE
    results = []
    if args.format == "text" and len(files) > 1 and not args.quiet:
        from rich.progress import track

        iterator = track(files, description="检查中", transient=True, console=_stderr_console())
    else:
        iterator = files
    for f in iterator:
        results.append(check_file(f, config))

    if args.format == "json":
        from reports.json_report import to_json

        _emit(json.dumps(to_json(results), ensure_ascii=False, indent=2), args.output)
    elif args.format == "html":
        from reports.html_report import render_html

        _emit(render_html(results), args.output)
    elif args.format == "xlsx":
        from reports.xlsx_report import write_xlsx

        write_xlsx(results, args.output)
    else:
        from rich.console import Console

        from reports.terminal import render

        render(results, Console(), verbosity=0 if args.quiet else (2 if args.verbose else 1))
    failed = any(r.error or any(f.severity == "error" for f in r.findings) for r in results)
    return EXIT_FINDINGS if failed else EXIT_OK


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def run_rules_list(args: argparse.Namespace) -> int:
    from checks.registry import selected_rules

    rules = selected_rules()
    if args.format == "json":
        print(json.dumps([{"id": r.id, "summary": r.summary, "cross_document": r.cross_document} for r in rules], ensure_ascii=False, indent=2))
    else:
        for r in rules:
            print(f"{r.id:28} {r.summary}{'（需语料库）' if r.cross_document else ''}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
