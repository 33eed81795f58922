"""Deterministic sets of generated reports: N consistent and N with a planted defect per family."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

from .api import FAMILIES, generate, write
from .expect import DocSpec, doc_spec, dump
from .model import Doc
from .plants import KINDS, plant_any


@dataclass(frozen=True)
class Item:
    family: str
    seed: int
    kind: str | None = None  # planted defect, None for a consistent report

    @property
    def id(self) -> str:
        return f"{self.family}-{self.seed}" + (f"-{self.kind}" if self.kind else "")

    def build(self) -> Doc:
        if self.kind is None:
            return generate(self.family, self.seed)
        return plant_any(self.family, self.kind, self.seed)


def kinds_for(family: str) -> list[str]:
    return [k for k, spec in KINDS.items() if family in spec.families]


def plan(per_family: int, seed: int = 0, defects: int = 0, families: Iterable[str] = FAMILIES) -> list[Item]:
    """``per_family`` consistent reports and ``defects`` planted ones per family, cycling through the family's
    defect kinds (``defects=-1``: as many as ``per_family`` but at least one of every kind)."""
    items = []
    for fi, fam in enumerate(families):
        for i in range(per_family):
            items.append(Item(fam, seed * 10000 + i))
        kinds = kinds_for(fam)
        n = max(per_family, len(kinds)) if defects < 0 else defects
        for i in range(n):
            k = kinds[(i + seed) % len(kinds)]
            items.append(Item(fam, seed * 10000 + 5000 + i, k))
    return items


def every_kind(seed: int = 0) -> list[Item]:
    """One planted report per defect kind, the families taking turns."""
    out = []
    for i, (name, spec) in enumerate(sorted(KINDS.items())):
        fam = spec.families[(i + seed) % len(spec.families)]
        out.append(Item(fam, seed * 10000 + 7000 + i, name))
    return out


HEADER = """# Generated reports (tests/synth): consistent by construction, or with exactly one planted
# contradiction.  Same format as the corpus's expectations.toml; score with
#   python3 ../shared/tools/score.py expectations.toml DIR --cmd ".venv/bin/jixiao check --format json" -v --strict
# (--strict: on a generated report every error/warning that matches no expectation is a false alarm)."""


def build_one(item: Item, out_dir: str, formats: tuple[str, ...] = ("docx", "pdf")) -> DocSpec:
    """Build, render and write one item; its expectations (picklable, for process pools)."""
    doc = item.build()
    write(doc, out_dir, formats)
    return doc_spec(doc, formats)


def write_expectations(specs: Iterable[DocSpec], out_dir: str) -> str:
    path = os.path.join(out_dir, "expectations.toml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(dump(specs, HEADER))
    return path


def write_set(items: Iterable[Item], out_dir: str, formats: tuple[str, ...] = ("docx", "pdf")) -> list[tuple[Item, Doc, DocSpec]]:
    """Build, render and write every item, and ``expectations.toml`` beside them."""
    os.makedirs(out_dir, exist_ok=True)
    done = []
    for it in items:
        doc = it.build()
        write(doc, out_dir, formats)
        done.append((it, doc, doc_spec(doc, formats)))
    write_expectations([s for _, _, s in done], out_dir)
    return done
