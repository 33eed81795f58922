#!/usr/bin/env python3
"""Quality of the checker: precision and recall per rule, on the real corpus and on generated reports.

    .venv/bin/python benchmarks/bench_quality.py                       # corpus + 10 consistent and 10 planted reports per family
    .venv/bin/python benchmarks/bench_quality.py --per-family 40 --seed 3 --jobs 2
    .venv/bin/python benchmarks/bench_quality.py --keep /tmp/gen -v    # keep the generated files, list every miss and alarm

Real corpus (tests/corpus/expectations.toml, .docx and .pdf): an expectation is found when a finding of
its rule names its figures; a false alarm is an error/warning finding on a figure the reviewer marked
correct (a [[doc.forbid]] hit).  Generated reports (tests/synth, .docx and .pdf): every planted defect
is an expectation; every error/warning finding that matches no expectation is a false alarm (a
consistent report has none to match).  Matching is that of shared/tools/score.py.

Per rule: found/expected, false alarms, precision = found / (found + false alarms), recall =
found / expected.  The last line is

    quality: precision P recall R on N documents

over the generated reports (N = files checked, .docx and .pdf counted apart).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from synth.expect import check_findings, judge, load  # noqa: E402
from synth.sets import build_one, plan, write_expectations  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def _build(args) -> object:
    item, out_dir = args
    return build_one(item, out_dir)


def _check(path: str) -> tuple[str, list[dict], float]:
    t = time.perf_counter()
    fs = check_findings(path)
    return path, fs, time.perf_counter() - t


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-family", type=int, default=20,
                    help="consistent reports per family (default 20); as many with a planted defect, at least one per kind")
    ap.add_argument("--defects", type=int, default=-1, help="planted reports per family (default: see --per-family)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="checker processes")
    ap.add_argument("--keep", default="", help="write the generated reports here (kept)")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss and false alarm")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()

    # ---- what to check
    corpus = [] if a.no_corpus else load(CORPUS / "expectations.toml")
    out_dir = a.keep or tempfile.mkdtemp(prefix="bench_quality_")
    items = plan(a.per_family, a.seed, a.defects)
    with ProcessPoolExecutor(max(1, a.jobs)) as ex:
        synth = list(ex.map(_build, [(it, out_dir) for it in items], chunksize=2))
        write_expectations(synth, out_dir)
        t_gen = time.perf_counter() - t0
        jobs = [str(CORPUS / fn) for spec in corpus for fn in spec.files]
        jobs += [os.path.join(out_dir, fn) for spec in synth for fn in spec.files]
        # ---- check, in parallel
        t1 = time.perf_counter()
        results = {p: (fs, dt) for p, fs, dt in ex.map(_check, jobs, chunksize=2)}
        t_check = time.perf_counter() - t1

    # ---- tally
    rows: dict[str, Counter] = defaultdict(Counter)
    lines: list[str] = []
    c_tot = Counter()
    for spec in corpus:
        for fn in spec.files:
            fs, _ = results[str(CORPUS / fn)]
            out = judge(fs, spec)
            for e in out.found:
                lvl = e.get("level", "core")
                rows[e["rule"]]["c_found"] += 1
                c_tot[f"{lvl}_found"] += 1
            for e in spec.expect:
                lvl = e.get("level", "core")
                rows[e["rule"]]["c_exp"] += 1
                c_tot[f"{lvl}_exp"] += 1
            for fb, f in out.forbid_hits:
                rows[f["rule"]]["c_fa"] += 1
                c_tot["forbid"] += 1
                lines.append(f"  corpus false alarm {fn}: {f['rule']}: {(f.get('message') or '')[:140]}")
            for e in out.missed:
                lines.append(f"  corpus missed {fn}: {e['rule']} {e['mentions']} ({e.get('level', 'core')})")
            c_tot["unexpected"] += len(out.unexpected)
    s_tot = Counter()
    clean_docs = Counter()
    for spec in synth:
        for fn in spec.files:
            fs, _ = results[os.path.join(out_dir, fn)]
            out = judge(fs, spec)
            for e in spec.expect:
                rows[e["rule"]]["s_exp"] += 1
                s_tot["exp"] += 1
            for e in out.found:
                rows[e["rule"]]["s_found"] += 1
                s_tot["found"] += 1
            for e in out.missed:
                lines.append(f"  synth missed {fn}: {e['rule']} {e['mentions']} ({e.get('kind', '')})")
            for f in out.unexpected:
                rows[f["rule"]]["s_fa"] += 1
                s_tot["fa"] += 1
                lines.append(f"  synth false alarm {fn}: {f['severity']} {f['rule']}: {(f.get('message') or '')[:140]}")
            if not spec.expect:
                clean_docs["n"] += 1
                clean_docs["clean"] += not out.unexpected

    # ---- report
    print(f"checked {len(jobs)} files ({sum(len(s.files) for s in corpus)} corpus, "
          f"{sum(len(s.files) for s in synth)} generated) with {a.jobs} processes: "
          f"generation {t_gen:.1f} s, checking {t_check:.1f} s "
          f"({1000 * sum(dt for _, dt in results.values()) / max(1, len(results)):.0f} ms/file)")
    print()
    head = f"{'rule':26s} {'corpus found/exp':>17s} {'corpus FA':>9s} {'synth found/exp':>16s} {'synth FA':>8s} {'precision':>9s} {'recall':>6s}"
    print(head)
    print("-" * len(head))
    for rule in sorted(rows):
        r = rows[rule]
        print(f"{rule:26s} {r['c_found']:>8d}/{r['c_exp']:<8d} {r['c_fa']:>9d} {r['s_found']:>7d}/{r['s_exp']:<8d} {r['s_fa']:>8d} "
              f"{_ratio(r['s_found'], r['s_found'] + r['s_fa']):>9s} {_ratio(r['s_found'], r['s_exp']):>6s}")
    print()
    if a.verbose:
        print("\n".join(lines))
        print()
    if corpus:
        print(f"corpus: core {c_tot['core_found']}/{c_tot['core_exp']}  stretch {c_tot['stretch_found']}/{c_tot['stretch_exp']}  "
              f"false alarms (forbid hits) {c_tot['forbid']}  other error/warning findings {c_tot['unexpected']}  "
              f"on {sum(len(s.files) for s in corpus)} documents")
    print(f"generated: consistent reports without an error/warning {clean_docs['clean']}/{clean_docs['n']}; "
          f"planted defects found {s_tot['found']}/{s_tot['exp']}; false alarms {s_tot['fa']}"
          + (f"; files kept in {out_dir}" if a.keep else ""))
    n_docs = sum(len(s.files) for s in synth)
    precision = s_tot["found"] / (s_tot["found"] + s_tot["fa"]) if s_tot["found"] + s_tot["fa"] else 0.0
    recall = s_tot["found"] / s_tot["exp"] if s_tot["exp"] else 0.0
    if not a.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    print(f"quality: precision {precision:.3f} recall {recall:.3f} on {n_docs} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
