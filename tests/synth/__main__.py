"""python -m synth --out DIR --per-family N --seed S [--defects [M]] [--formats docx,pdf] [--families dept,form]

Writes generated reports (.docx and .pdf) and their expectations.toml (corpus format) to DIR.
Run from ``tests/`` (or with ``tests`` on PYTHONPATH).
"""
from __future__ import annotations

import argparse
import sys
import time

from .api import FAMILIES
from .plants import KINDS
from .sets import plan, write_set


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth", description=__doc__.split("\n\n")[1])
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--per-family", type=int, default=5, help="consistent reports per family (default 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--defects", type=int, nargs="?", const=-1, default=0,
                    help="also write reports with one planted defect: M per family (default: as many as --per-family)")
    ap.add_argument("--formats", default="docx,pdf")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--list-kinds", action="store_true", help="print the defect kinds and exit")
    a = ap.parse_args(argv)
    if a.list_kinds:
        for name, k in KINDS.items():
            print(f"{name:28s} {k.rule:24s} {','.join(k.families):22s} {k.doc}")
        return 0
    defects = a.per_family if a.defects == -1 else a.defects
    fams = [f for f in a.families.split(",") if f]
    items = plan(a.per_family, a.seed, defects, fams)
    t0 = time.perf_counter()
    done = write_set(items, a.out, tuple(x for x in a.formats.split(",") if x))
    planted = sum(1 for _, d, _ in done if d.defect)
    print(f"wrote {len(done)} reports ({len(done) - planted} consistent, {planted} with a planted defect) "
          f"in {time.perf_counter() - t0:.1f} s to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
