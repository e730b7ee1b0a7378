"""The temporal grammar: Arabic numbers, durations, points in time and relative offsets.

Finders work on normalised text (`arabic_outage.normalize`) and return `Match`es in its
coordinates; the `parse_*` helpers normalise a phrase themselves and map spans back to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVar

from ..normalize import Normalized, normalize
from ..schema import Duration, Span, TimePoint
from .durations import _find as _find_durations
from .durations import find_durations
from .match import Match
from .numbers import find_numbers, fraction
from .offsets import find_offsets
from .times import as_date, find_times

__all__ = [
    "Match",
    "find_durations",
    "find_numbers",
    "find_offsets",
    "find_times",
    "parse_duration",
    "parse_number",
    "parse_time",
]

T = TypeVar("T")


def _best(matches: Sequence[Match[T]]) -> Match[T] | None:
    """The match covering most of the input (the earliest on ties)."""
    best: Match[T] | None = None
    for m in matches:
        if best is None or (m.end - m.start) > (best.end - best.start):
            best = m
    return best


def _span(n: Normalized, m: Match[T]) -> Span:
    start, end = n.to_original(m.start, m.end)
    return Span(start=start, end=end, text=n.original[start:end])


def parse_number(text: str) -> float | None:
    """A number phrase's value: "ثلاثة وعشرون" -> 23.0, "٣٫٥" -> 3.5, "ثلاثة أرباع" -> 0.75."""
    n = normalize(text)
    whole = fraction(n.text)
    if whole is not None:
        return whole
    best = _best(find_numbers(n.text))
    return None if best is None else float(best.value)


def parse_duration(text: str) -> Duration | None:
    """A duration phrase: "قرابة ساعتين" -> minutes=120, qualifier="approx", unit="hour"."""
    n = normalize(text)
    best = _best(_find_durations(n.text, standalone=True))
    if best is None:
        return None
    value: Duration = best.value
    return value.model_copy(update={"span": _span(n, best)})


def parse_time(text: str, published: date | datetime | str | None = None) -> TimePoint | None:
    """A point in time: "مساء الثلاثاء" -> the Tuesday on or before `published`, evening."""
    n = normalize(text)
    best = _best(find_times(n.text, as_date(published)))
    if best is None:
        return None
    value: TimePoint = best.value
    return value.model_copy(update={"span": _span(n, best)})
