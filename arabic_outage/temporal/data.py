"""The temporal vocabularies (models/temporal/*.yaml), normalised once, and the regex helpers
every finder builds its grammar with.

Finders never scan a whole article with their big grammar regex: CPython's `re` tries such a
pattern at every position, which costs far more than `str.find` over a few literal stems. Each
finder therefore lists trigger stems (digits, unit stems, weekday stems ...), finds them with
`str.find`, and runs its compiled grammar only in small windows around them (`windows`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import yaml

from ..normalize import norm
from ..paths import models_dir

# Letters that may be glued to the front of a word: conjunctions and prepositions.
CLITICS = "وفبلك"


@cache
def load(name: str) -> dict[str, Any]:
    """One YAML file of models/temporal, parsed (entries are normalised by the caller)."""
    path = models_dir() / "temporal" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def words(items: Iterable[Any]) -> list[str]:
    """Normalised, de-duplicated phrases, longest first (so alternations prefer them)."""
    seen = {norm(str(item)) for item in items}
    seen.discard("")
    return sorted(seen, key=lambda w: (-len(w), w))


def alt(items: Iterable[str]) -> str:
    """A non-capturing alternation of normalised phrases; a space matches any whitespace run."""
    parts = [r"\s+".join(re.escape(p) for p in w.split()) for w in words(items)]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def unnamed(pattern: str) -> str:
    """`pattern` with its named groups made anonymous, to embed it twice in one regex."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def stems_of(phrases: Iterable[str], size: int = 3) -> list[str]:
    """Trigger stems for a vocabulary: each phrase's first `size` letters, dropping any stem
    that another stem starts (finding the shorter one finds both)."""
    raw = sorted({w[:size] for w in words(phrases)}, key=len)
    out: list[str] = []
    for stem in raw:
        if not any(stem.startswith(s) for s in out):
            out.append(stem)
    return sorted(out)


def cores(word: str) -> tuple[str, ...]:
    """The word without a leading clitic and/or article: the forms a lexicon lists."""
    out = [word]
    rest = word[1:] if len(word) > 2 and word[0] in CLITICS else ""
    if rest:
        out.append(rest)
    for w in (word, rest):
        if w.startswith("ال") and len(w) > 3:
            out.append(w[2:])
    if word.startswith("لل") and len(word) > 3:
        out.append(word[2:])
    return tuple(out)


_WORD = re.compile(r"\w*")


def word_at(text: str, p: int) -> tuple[int, int]:
    """The [start, end) of the word (letters and digits) around position p."""
    s = p
    while s > 0 and p - s < _MAX_WORD and (text[s - 1].isalnum() or text[s - 1] == "_"):
        s -= 1
    m = _WORD.match(text, p)
    return s, m.end() if m else p


# --- trigger scanning ----------------------------------------------------------------------------

_cache_text: str = ""
_cache_hits: dict[str, list[int]] = {}


def _positions(text: str, stem: str) -> list[int]:
    global _cache_text, _cache_hits
    if text is not _cache_text and text != _cache_text:
        _cache_text, _cache_hits = text, {}
    hits = _cache_hits.get(stem)
    if hits is None:
        hits = []
        i = text.find(stem)
        while i != -1:
            hits.append(i)
            i = text.find(stem, i + 1)
        _cache_hits[stem] = hits
    return hits


def anchors(text: str, stems: Sequence[str]) -> list[int]:
    """Sorted positions of every occurrence of any stem (cached per text, shared by finders)."""
    out: list[int] = []
    for stem in stems:
        out.extend(_positions(text, stem))
    out.sort()
    return out


def windows(text: str, stems: Sequence[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [lo, hi) regions around the stems, widened to whole words at both ends."""
    out: list[tuple[int, int]] = []
    for p in anchors(text, stems):
        lo, hi = _widen(text, max(0, p - before), min(len(text), p + after))
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


_MAX_WORD = 30  # widen at most this far: a longer run without spaces is not a word


def _widen(text: str, lo: int, hi: int) -> tuple[int, int]:
    stop = max(0, lo - _MAX_WORD)
    while lo > stop and not text[lo - 1].isspace():
        lo -= 1
    stop = min(len(text), hi + _MAX_WORD)
    while hi < stop and not text[hi].isspace():
        hi += 1
    return lo, hi
