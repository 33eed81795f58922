"""Unit types and their duty vocabulary (data in profiles.toml).

A unit's name shows its type (…宣传部, …信访局, …红十字会); its 主要职能 use that
type's vocabulary.  ``score_duties`` counts, per type, the distinct keywords a
text uses, so a duties section copied from another kind of unit stands out.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("profiles.toml")


@dataclass(frozen=True)
class UnitProfile:
    id: str
    label: str
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    name_suffixes: tuple[str, ...] = ()

    def matches_name(self, unit_name: str) -> bool:
        return any(n in unit_name for n in self.names) or any(unit_name.endswith(s) for s in self.name_suffixes)

    def keywords_in(self, text: str) -> list[str]:
        """Distinct keywords found in ``text``; a keyword inside a longer found one counts once."""
        found = [k for k in self.keywords if k in text]
        return [k for k in found if not any(k != o and k in o for o in found)]


@lru_cache(maxsize=1)
def profiles() -> tuple[UnitProfile, ...]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        UnitProfile(
            id=t["id"],
            label=t["label"],
            names=tuple(t.get("names", ())),
            keywords=tuple(dict.fromkeys(t.get("keywords", ()))),
            name_suffixes=tuple(t.get("name_suffixes", ())),
        )
        for t in data["type"]
    )


def profile(type_id: str) -> UnitProfile | None:
    return next((p for p in profiles() if p.id == type_id), None)


def unit_type(unit_name: str | None) -> str | None:
    """The type id of a unit from its name (first matching profile), or None."""
    if not unit_name:
        return None
    name = "".join(unit_name.split())
    for p in profiles():
        if p.matches_name(name):
            return p.id
    return None


def score_duties(text: str) -> list[tuple[str, int]]:
    """(type id, number of distinct keywords found), best first; types with no hit left out."""
    scores = [(p.id, len(p.keywords_in(text))) for p in profiles()]
    return sorted((s for s in scores if s[1] > 0), key=lambda s: -s[1])


__all__ = ["UnitProfile", "profiles", "profile", "unit_type", "score_duties"]
