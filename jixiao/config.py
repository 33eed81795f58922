"""Which rules run: command line over jixiao.toml over [tool.jixiao] in pyproject.toml.

The nearest ``jixiao.toml`` (keys at the top level or under ``[tool.jixiao]``)
or ``pyproject.toml`` with a ``[tool.jixiao]`` table, walking up from the
current directory, is the project's configuration.  It is read strictly: a
TOML syntax error, an unknown key, a value of the wrong type or a selector
that names no rule is a :class:`ConfigError` naming the file and the key, and
the command stops (exit status 2) rather than checking with half a
configuration.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# key → what it holds (for the error message)
KNOWN_KEYS = {
    "select": "规则编号或前缀的列表",
    "ignore": "规则编号或前缀的列表",
}


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line in Chinese naming the file and the key."""


@dataclass
class CheckConfig:
    select: list[str] = field(default_factory=list)  # empty = all rules
    ignore: list[str] = field(default_factory=list)
    source: str | None = None  # the file the defaults came from


def _shown(path: Path) -> str:
    from jixiao.textsafe import display_path

    return display_path(str(path))


def _read_table(path: Path) -> dict | None:
    """The jixiao table of ``path`` (None when the file has none); raises ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"配置文件 {_shown(path)} 不是 UTF-8 编码") from exc
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {_shown(path)}") from exc
    ours = path.name != "pyproject.toml" or "tool.jixiao" in text
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if not ours:
            return None  # someone else's broken pyproject.toml: not ours to judge
        where = f"第{exc.lineno}行" if getattr(exc, "lineno", None) else ""
        raise ConfigError(f"配置文件 {_shown(path)} 有语法错误{('（' + where + '）') if where else ''}") from exc
    tool = data.get("tool")
    table = tool.get("jixiao") if isinstance(tool, dict) else None
    if path.name == "pyproject.toml":
        if table is None:
            return None
    elif table is None:
        table = data
    elif set(data) != {"tool"} or set(tool) != {"jixiao"}:
        extra = next(iter(sorted(k for k in data if k != "tool") or sorted(k for k in tool if k != "jixiao")))
        raise ConfigError(f"配置文件 {_shown(path)} 有未知的设置项「{extra}」（可用：{'、'.join(KNOWN_KEYS)}）")
    if not isinstance(table, dict):
        raise ConfigError(f"配置文件 {_shown(path)} 的 [tool.jixiao] 应为表")
    return table


def unknown_selectors(values: list[str]) -> list[str]:
    """Selectors naming no rule, the corpus rules (duties.copied, submission.group) included."""
    if not any(v.strip() for v in values):
        return []  # nothing to look up: the rules (and the corpus) stay unimported
    import corpus.cross_rules  # noqa: F401  registers the cross-document rule ids
    from checks.registry import unknown_selectors as unknown

    return unknown(values)


def _validate(path: Path, table: dict) -> tuple[list[str], list[str]]:
    out: dict[str, list[str]] = {"select": [], "ignore": []}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"配置文件 {_shown(path)} 有未知的设置项「{key}」（可用：{'、'.join(KNOWN_KEYS)}）")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"配置文件 {_shown(path)} 的「{key}」应为{KNOWN_KEYS[key]}，"
                              f"例如 {key} = [\"score\"]")
        bad = unknown_selectors(value)
        if bad:
            raise ConfigError(f"配置文件 {_shown(path)} 的「{key}」中有不存在的规则：{'、'.join(bad)}"
                              "（jixiao rules 列出全部规则）")
        out[key] = [v.strip() for v in value if v.strip()]
    return out["select"], out["ignore"]


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The nearest configuration file with its jixiao table, or None."""
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        for name in ("jixiao.toml", "pyproject.toml"):
            p = d / name
            if p.is_file():
                table = _read_table(p)
                if table is not None:
                    return p, table
    return None


def load_config(start: Path | None = None, select: list[str] | None = None, ignore: list[str] | None = None) -> CheckConfig:
    """Project defaults from the nearest configuration file, then the command line's selectors.

    Raises ConfigError for a broken file and for selectors (from the file or
    the command line) that match no rule.
    """
    cfg = CheckConfig()
    found = find_config(start)
    if found is not None:
        path, table = found
        cfg.select, cfg.ignore = _validate(path, table)
        cfg.source = str(path)
    for option, values in (("--select", select), ("--ignore", ignore)):
        bad = unknown_selectors(values or [])
        if bad:
            raise ConfigError(f"{option} 中有不存在的规则：{'、'.join(bad)}（jixiao rules 列出全部规则）")
    if select:
        cfg.select = list(select)
    if ignore:
        cfg.ignore = cfg.ignore + list(ignore)
    return cfg
