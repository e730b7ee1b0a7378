"""What a new process would otherwise rebuild from scratch, kept on disk: compiled grammars and
parsed YAML data files.

Grammars. The time grammars, the cue tries and the tokenizer's affix rules are about 100,000 regex
characters. CPython's `re` parses and compiles a pattern in pure Python, which was the largest part
of the cold start (about 0.4 s). What it compiles to, a list of integers for the `_sre` engine, is
fixed for one interpreter build, so it is stored in a JSON file per interpreter build and handed
straight to `_sre.compile` by later processes. An entry is stored only after the pattern it
rebuilds compares equal to `re.compile`'s (equal patterns have the same string, flags and compiled
program), and the file is keyed by the exact Python version and `_sre.MAGIC`.

Data files. libyaml parses the lexicons and vocabularies (~0.15 s); a JSON copy of the parsed data,
named by a hash of the YAML file's bytes, loads about ten times faster. A copy is kept only if it
reads back equal to what YAML gave.

Anything unexpected (no such internals, an unreadable or foreign file, an unwritable directory)
falls back to `re.compile` and YAML. The cache lives in `$ARABIC_OUTAGE_CACHE_DIR`, else
`$XDG_CACHE_HOME/arabic-outage`, else `~/.cache/arabic-outage`; `ARABIC_OUTAGE_CACHE=0` turns it
off. New grammars are written once, when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

try:  # CPython 3.11+: the compiler's parts, and the engine's constructor
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters compile as usual
    _sre = None

# More entries than the shipped grammars need means patterns built from other lexicons pile up.
MAX_ENTRIES = 400

_entries: dict[str, list[Any]] | None = None
_dirty = False
counts = {"hits": 0, "stored": 0}  # grammars read from the cache / added to it
# libyaml's loader when PyYAML has it (several times faster), else the pure-Python one; both safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def load_yaml(path: Path) -> Any:
    """The YAML file at `path`, safely loaded; from its JSON copy while the file is unchanged."""
    raw = path.read_bytes()
    folder = cache_dir()
    name = f"{hashlib.blake2b(raw, digest_size=16).hexdigest()}.json"
    copy = folder / "data" / name if folder is not None else None
    if copy is not None:
        with contextlib.suppress(OSError, ValueError):
            return json.loads(copy.read_text(encoding="utf-8"))
    data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)  # noqa: S506  (a safe loader)
    if copy is not None:
        with contextlib.suppress(TypeError, ValueError):  # dates, non-string keys: no copy
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) == data:
                _write(copy, text)
    return data


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("ARABIC_OUTAGE_CACHE") == "0":
        return None
    own = os.environ.get("ARABIC_OUTAGE_CACHE_DIR")
    if own:
        return Path(own)
    root = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(root) if root else Path.home() / ".cache") / "arabic-outage"
    except RuntimeError:  # no home directory: no cache
        return None


def cache_path() -> Path | None:
    """The grammar cache for this interpreter build, or None when caching is off."""
    folder = cache_dir()
    if folder is None or _sre is None:
        return None
    version = ".".join(map(str, sys.version_info[:3]))
    return folder / f"regex-{sys.implementation.name}-{version}-{_sre.MAGIC}.json"


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
            entries = data.get("entries")
            _entries = entries if isinstance(entries, dict) else {}
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
    """Write the grammar entries; a failure leaves the cache as it was."""
    global _dirty
    path = cache_path()
    if not _dirty or path is None or _entries is None:
        return
    _dirty = False
    _write(path, json.dumps({"python": sys.version, "entries": _entries}))


def _write(path: Path, text: str) -> None:
    """Write a file whole (a temporary file, renamed), or not at all."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
