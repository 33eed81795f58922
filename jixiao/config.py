"""Which rules run: command line over jixiao.toml over [tool.jixiao] in pyproject.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CheckConfig:
    select: list[str] = field(default_factory=list)  # empty = all rules
    ignore: list[str] = field(default_factory=list)


def _read_table(path: Path) -> dict | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("jixiao")
    return data.get("tool", {}).get("jixiao", data)


def load_config(start: Path | None = None, select: list[str] | None = None, ignore: list[str] | None = None) -> CheckConfig:
    """Nearest jixiao.toml or pyproject.toml with [tool.jixiao], walking up from ``start``."""
    cfg = CheckConfig()
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        table = None
        for name in ("jixiao.toml", "pyproject.toml"):
            p = d / name
            if p.is_file():
                table = _read_table(p)
                if table is not None:
                    break
        if table is not None:
            cfg.select = list(table.get("select", []))
            cfg.ignore = list(table.get("ignore", []))
            break
    if select:
        cfg.select = list(select)
    if ignore:
        cfg.ignore = cfg.ignore + list(ignore)
    return cfg
