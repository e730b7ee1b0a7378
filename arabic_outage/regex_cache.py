"""Compiled grammars kept on disk, so a new process does not compile them again.

The time grammars, the cue tries and the tokenizer's affix rules are about 100,000 regex
characters. CPython's `re` parses and compiles a pattern in pure Python, which was the largest part
of the cold start (about 0.4 s). What it compiles to, a list of integers for the `_sre` engine, is
fixed for one interpreter build, so it is stored in a JSON file per interpreter build and handed
straight to `_sre.compile` by later processes.

Safety: an entry is stored only after the pattern it rebuilds compares equal to `re.compile`'s
(equal patterns have the same string, flags and compiled program), and the file is keyed by the
exact Python version and `_sre.MAGIC`. Anything unexpected (no such internals, an unreadable or
foreign file, an unwritable directory) falls back to `re.compile`.

The cache lives in `$ARABIC_OUTAGE_CACHE_DIR`, else `$XDG_CACHE_HOME/arabic-outage`, else
`~/.cache/arabic-outage`; `ARABIC_OUTAGE_CACHE=0` turns it off. New entries are written once, when
the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

try:  # CPython 3.11+: the compiler's parts, and the engine's constructor
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters compile as usual
    _sre = None

# More entries than the shipped grammars need means patterns built from other lexicons pile up.
MAX_ENTRIES = 400

_entries: dict[str, list[Any]] | None = None
_dirty = False
counts = {"hits": 0, "stored": 0}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001  (as `re.compile`)
    """`re.compile(pattern, flags)`, its compiled program read from the cache when there."""
    entries = _load()
    if entries is None:
        return re.compile(pattern, flags)
    key = f"{flags}:{pattern}"
    entry = entries.get(key)
    if entry is not None and (rebuilt := _rebuild(pattern, entry)) is not None:
        counts["hits"] += 1
        return rebuilt
    compiled = re.compile(pattern, flags)
    entry = _program(pattern, flags)
    if entry is not None and _rebuild(pattern, entry) == compiled:
        _store(key, entry)
    return compiled


def cache_path() -> Path | None:
    """The cache file for this interpreter build, or None when caching is off."""
    if os.environ.get("ARABIC_OUTAGE_CACHE") == "0" or _sre is None:
        return None
    root = os.environ.get("ARABIC_OUTAGE_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    base = Path(root) if root else Path.home() / ".cache"
    if not os.environ.get("ARABIC_OUTAGE_CACHE_DIR"):
        base = base / "arabic-outage"
    impl = sys.implementation.name
    version = ".".join(map(str, sys.version_info[:3]))
    return base / f"regex-{impl}-{version}-{_sre.MAGIC}.json"


def _program(pattern: str, flags: int) -> list[Any] | None:
    """What `re._compiler.compile` hands `_sre.compile`: flags, code, groups, group names."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return [flags | parsed.state.flags, list(code), parsed.state.groups - 1, groupindex,
                indexgroup]  # fmt: skip
    except Exception:  # noqa: BLE001  (internals differ: do without the cache)
        return None


def _rebuild(pattern: str, entry: list[Any]) -> re.Pattern[str] | None:
    """The pattern from a stored program; None if `_sre` rejects it (it validates the code)."""
    try:
        return _sre.compile(pattern, *entry[:-2], entry[-2], tuple(entry[-1]))  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001
        return None


def _load() -> dict[str, list[Any]] | None:
    """The cache's entries, read once per process ({} for a new cache, None when off)."""
    global _entries
    if _entries is not None:
        return _entries
    path = cache_path()
    if path is None:
        return None
    _entries = {}
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("python") == sys.version:
            _entries = data.get("entries") or {}
    return _entries


def _store(key: str, entry: list[Any]) -> None:
    global _dirty
    assert _entries is not None
    if len(_entries) >= MAX_ENTRIES:
        _entries.clear()
    _entries[key] = entry
    counts["stored"] += 1
    if not _dirty:
        _dirty = True
        atexit.register(save)


def save() -> None:
    """Write the entries (whole, by an atomic rename); a failure leaves the cache as it was."""
    global _dirty
    path = cache_path()
    if not _dirty or path is None or _entries is None:
        return
    _dirty = False
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"python": sys.version, "entries": _entries}, fh)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
