"""The temporal grammar: Arabic numbers, durations, points in time and relative offsets.

Finders work on normalised text (`arabic_outage.normalize`) and return `Match`es in its
coordinates; the `parse_*` helpers normalise a phrase themselves and map spans back to it.
"""

from __future__ import annotations

from datetime import date, datetime

from ..normalize import normalize
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


def _best(matches: list[Match], size: int) -> Match | None:  # type: ignore[type-arg]
    """The match covering most of the input (the earliest on ties)."""
    best = None
    for m in matches:
        if best is None or (m.end - m.start) > (best.end - best.start):
            best = m
    return best if best is not None and size else None


def _span(norm_text: object, m: Match) -> Span:  # type: ignore[type-arg]
    n = norm_text  # Normalized
    start, end = n.to_original(m.start, m.end)  # type: ignore[attr-defined]
    return Span.model_construct(start=start, end=end, text=n.original[start:end])  # type: ignore[attr-defined]


def parse_number(text: str) -> float | None:
    """ "ثلاثة وعشرون" -> 23.0, "٣٫٥" -> 3.5, "نصف" -> 0.5, "ثلاثة أرباع" -> 0.75."""
    n = normalize(text)
    whole = fraction(n.text)
    if whole is not None:
        return whole
    best = _best(find_numbers(n.text), len(n.text))
    return None if best is None else float(best.value)


def parse_duration(text: str) -> Duration | None:
    """ "قرابة ساعتين" -> Duration(minutes=120, qualifier="approx", unit="hour", value=2, ...)."""
    n = normalize(text)
    best = _best(_find_durations(n.text, standalone=True), len(n.text))
    if best is None:
        return None
    value: Duration = best.value
    return value.model_copy(update={"span": _span(n, best)})


def parse_time(text: str, published: date | datetime | str | None = None) -> TimePoint | None:
    """ "مساء الثلاثاء" -> TimePoint(date=the Tuesday on or before `published`, part_of_day=...)."""
    n = normalize(text)
    best = _best(find_times(n.text, as_date(published)), len(n.text))
    if best is None:
        return None
    value: TimePoint = best.value
    return value.model_copy(update={"span": _span(n, best)})
