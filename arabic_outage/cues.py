"""Cue phrases from `models/lexicons/cues.yaml`, compiled into one regex per group."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .normalize import norm

# A cue starts a word, after at most one proclitic pair; it may run on into suffixes.
_LEAD = r"(?<![\w])(?:[وف]?[بلك]?)"


def compile_cues(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest phrase first, over normalised text."""
    forms = sorted({norm(p) for p in phrases if norm(p)}, key=len, reverse=True)
    if not forms:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(f"{_LEAD}(?P<cue>{body})")


def find_cues(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
              ) -> list[tuple[int, int]]:
    """(start, end) of each cue in text[start:end], the clitic excluded."""
    stop = len(text) if end is None else end
    return [(m.start("cue"), m.end("cue")) for m in pattern.finditer(text, start, stop)]
