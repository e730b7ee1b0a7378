"""The rules' language data: regex sources, word lists and character tables, one YAML file per
code module under `models/grammar/` (`timeline.yaml` for extract/timeline.py).

The code keeps the logic and the assembly of its regexes; every Arabic piece of them lives in
these files. An entry is a string (a regex source, a piece of one a module assembles, or a single
word or letter), a list of strings (words), or a mapping of strings (a character table). Each
file is parsed once per process.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from . import disk_cache
from .paths import models_dir


def path(module: str) -> Path:
    """The data file of one module: `models/grammar/<module>.yaml`."""
    return models_dir() / "grammar" / f"{module}.yaml"


@cache
def load(module: str) -> dict[str, Any]:
    """One module's data file, parsed."""
    file = path(module)
    data = disk_cache.load_yaml(file)
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping of entries")
    return data


def _entry(module: str, name: str) -> Any:
    data = load(module)
    try:
        return data[name]
    except KeyError:
        raise KeyError(f"{path(module)} has no entry {name!r}") from None


def text(module: str, name: str) -> str:
    """A string entry: a regex source, a piece of one, or a word or letter."""
    value = _entry(module, name)
    if not isinstance(value, str):
        raise TypeError(f"{path(module)}: entry {name!r} is not a string")
    return value


def pattern(module: str, name: str, flags: int = 0) -> re.Pattern[str]:
    """A string entry compiled as a regex (through the compiled-grammar cache)."""
    return disk_cache.compile(text(module, name), flags)


def words(module: str, name: str) -> tuple[str, ...]:
    """A list entry, in its order."""
    value = _entry(module, name)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise TypeError(f"{path(module)}: entry {name!r} is not a list of strings")
    return tuple(value)


def table(module: str, name: str) -> dict[str, str]:
    """A mapping entry of strings (a character table), in its order."""
    value = _entry(module, name)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError(f"{path(module)}: entry {name!r} is not a mapping of strings")
    return dict(value)
