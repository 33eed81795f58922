"""The catalog of indicators, framework categories, column measures and line items.

The vocabulary lives in ``catalog.toml`` (data, so an alias is a one-line
change); this module loads it once into typed, immutable objects.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

EntryKind = Literal["indicator", "category", "measure", "item"]
KINDS: tuple[EntryKind, ...] = ("indicator", "category", "measure", "item")
_SECTION: dict[str, EntryKind] = {
    "indicators": "indicator",
    "categories": "category",
    "measures": "measure",
    "items": "item",
}


@dataclass(frozen=True)
class Entry:
    """One thing a header or row label can name."""

    id: str
    kind: EntryKind
    name: str
    aliases: tuple[str, ...] = ()
    unit: str = ""
    formula: str = ""
    # indicators: framework placement, e.g. {"dept_level1": "投入", "dept_level2": "预算配置"}
    category: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    ambiguous_with: tuple[str, ...] = ()
    # categories
    level: int | None = None
    frameworks: tuple[str, ...] = ()
    # categories and items
    parent: str | None = None
    # items
    components: tuple[str, ...] = ()
    composition: Literal["sum", "part"] | None = None
    # Other complete breakdowns a form variant uses (财政资金 + 财政专户管理资金 + 单位资金 + 其他资金).
    alternatives: tuple[tuple[str, ...], ...] = ()
    section: bool = False
    # measures
    year_prefix: bool = False
    resolve: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def compositions(self) -> tuple[tuple[str, ...], ...]:
        """Every breakdown of the item: its components first, then the variants' alternatives."""
        return ((self.components,) if self.components else ()) + self.alternatives

    @property
    def spellings(self) -> tuple[str, ...]:
        """Canonical name first, then aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, eq=False)  # hashed by identity: mapping caches its index per catalog
class Catalog:
    entries: dict[str, Entry]  # key "<kind>:<id>"

    def get(self, kind: EntryKind, entry_id: str) -> Entry:
        return self.entries[f"{kind}:{entry_id}"]

    def find(self, entry_id: str, kind: EntryKind | None = None) -> Entry | None:
        if kind is not None:
            return self.entries.get(f"{kind}:{entry_id}")
        for k in KINDS:
            e = self.entries.get(f"{k}:{entry_id}")
            if e is not None:
                return e
        return None

    def of_kind(self, *kinds: EntryKind) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind in kinds]

    @property
    def indicators(self) -> list[Entry]:
        return self.of_kind("indicator")

    @property
    def categories(self) -> list[Entry]:
        return self.of_kind("category")

    @property
    def measures(self) -> list[Entry]:
        return self.of_kind("measure")

    @property
    def items(self) -> list[Entry]:
        return self.of_kind("item")

    def children(self, item_id: str) -> list[Entry]:
        """Components of an item, in catalog order."""
        parent = self.get("item", item_id)
        return [self.get("item", c) for c in parent.components]


def _entry(kind: EntryKind, entry_id: str, raw: dict) -> Entry:
    return Entry(
        id=entry_id,
        kind=kind,
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        unit=raw.get("unit", ""),
        formula=raw.get("formula", ""),
        category=dict(raw.get("category", {})),
        ambiguous_with=tuple(raw.get("ambiguous_with", ())),
        level=raw.get("level"),
        frameworks=tuple(raw.get("frameworks", ())),
        parent=raw.get("parent"),
        components=tuple(raw.get("components", ())),
        composition=raw.get("composition"),
        alternatives=tuple(tuple(a) for a in raw.get("alternatives", ())),
        section=bool(raw.get("section", False)),
        year_prefix=bool(raw.get("year_prefix", False)),
        resolve=dict(raw.get("resolve", {})),
    )


def parse_catalog(text: str) -> Catalog:
    """Build a catalog from TOML text (separate from loading so tests can feed their own)."""
    data = tomllib.loads(text)
    entries: dict[str, Entry] = {}
    for section, kind in _SECTION.items():
        for entry_id, raw in data.get(section, {}).items():
            entries[f"{kind}:{entry_id}"] = _entry(kind, entry_id, raw)
    _validate(entries)
    return Catalog(entries)


def _validate(entries: dict[str, Entry]) -> None:
    """Fail at load time on dangling references rather than at lookup time."""
    for e in entries.values():
        refs: list[str] = []
        if e.kind == "item":
            refs = [f"item:{c}" for c in e.components] + ([f"item:{e.parent}"] if e.parent else [])
        elif e.kind == "category" and e.parent:
            refs = [f"category:{e.parent}"]
        elif e.kind == "measure":
            refs = [f"measure:{m}" for m in e.resolve.values()]
        elif e.kind == "indicator":
            refs = [f"indicator:{a}" for a in e.ambiguous_with]
        for ref in refs:
            if ref not in entries:
                raise ValueError(f"catalog.toml: {e.kind} {e.id} refers to unknown {ref}")


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The packaged catalog, parsed once per process."""
    text = resources.files("extract.understand").joinpath("catalog.toml").read_text(encoding="utf-8")
    return parse_catalog(text)
