"""Generator of consistent budget-performance reports in many layouts, with planted defects.

    from synth import generate, plant, write
    doc = generate("form", seed=7)            # a consistent report, verified
    bad = plant(generate("dept", 3), "sum.narrative")   # one planted contradiction + its expectation
    write(doc, "out/")                        # .docx and .pdf

Run ``python -m synth --help`` (from ``tests/``) to write a whole set with its
``expectations.toml``.  Deterministic per seed.
"""
from __future__ import annotations

from .api import FAMILIES, KINDS, generate, plant, plant_any, write

__all__ = ["FAMILIES", "KINDS", "generate", "plant", "plant_any", "write"]
