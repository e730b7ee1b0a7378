"""Cue phrases from `models/lexicons/cues.yaml`, compiled into one regex per group."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .normalize import norm

# A cue starts a word, after optional proclitics and article ("و", "ب", "ال", "وبال", "لل"), and
# ends a word unless it is written with a trailing "*" (a stem: "تعطل*" also finds "تعطلت").
_LEAD = r"(?<![\w])[وف]?(?:[بك]?ال|لل|[بلك])?"
_WORD_END = r"(?!\w)"


def _form(phrase: str) -> str:
    stem = phrase.endswith("*")
    body = re.escape(norm(phrase.rstrip("*"))).replace(r"\ ", r"\s+")
    return body if stem else body + _WORD_END


def compile_cues(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest phrase first, over normalised text."""
    forms = sorted({_form(p) for p in phrases if norm(p.rstrip("*"))}, key=len, reverse=True)
    if not forms:
        return re.compile(r"(?!x)x")
    return re.compile(f"{_LEAD}(?P<cue>{'|'.join(forms)})")


def find_cues(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """(start, end) of each cue in text[start:end], the clitic excluded."""
    stop = len(text) if end is None else end
    return [(m.start("cue"), m.end("cue")) for m in pattern.finditer(text, start, stop)]
