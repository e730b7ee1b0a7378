"""The timeline of a record (or merged incident) as a matplotlib chart.

Phases are rows, time runs left to right: absolute clock times when the start (or a step) has a
datetime, minutes since the start otherwise. A vague step ("بعد ساعات") is a bar from its
earliest to its latest possible time; a precise one is a dot. Arabic labels must come out joined
and right to left: matplotlib >= 3.11 lays them out itself (libraqm); older versions draw glyphs
one by one left to right, so there labels go through arabic-reshaper and python-bidi first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .schema import IncidentRecord, TimelineEntry

PHASES = ("investigating", "identified", "mitigating", "monitoring", "update", "resolved")
PHASE_COLOURS = {
    "investigating": "#e53935",
    "identified": "#fb8c00",
    "mitigating": "#fdd835",
    "monitoring": "#1e88e5",
    "update": "#8e24aa",
    "resolved": "#43a047",
}


def shape_rtl(text: str) -> str:
    """Arabic in joined letter forms and visual (left-to-right) order, for naive text engines."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


@cache
def native_layout() -> bool:
    """Whether matplotlib shapes and orders complex scripts itself (built with libraqm)."""
    from matplotlib import ft2font

    return hasattr(ft2font, "__libraqm_version__")


def ar(text: str) -> str:
    """A label that matplotlib will draw as readable Arabic."""
    return text if native_layout() else shape_rtl(text)


@dataclass(frozen=True)
class Step:
    """A timeline entry placed on the axis: [lo, hi] in minutes or datetimes (lo == hi: a point)."""

    phase: str
    lo: Any
    hi: Any
    label: str

    @property
    def is_range(self) -> bool:
        return bool(self.lo != self.hi)


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def origin_of(obj: Any) -> datetime | None:
    """The start's datetime, if the record (or incident) has one."""
    start = getattr(obj, "start", None)
    return _parse(getattr(start, "datetime", None)) if start is not None else None


def place(entry: TimelineEntry, origin: datetime | None, absolute: bool) -> Step | None:
    """Where an entry goes: elapsed minutes (shifted by the origin on a clock axis) or its own
    datetime; None when neither is known."""
    lo = entry.elapsed_min if entry.elapsed_min is not None else entry.elapsed_max
    hi = entry.elapsed_max if entry.elapsed_max is not None else entry.elapsed_min
    label = ar(entry.span.text)
    if lo is not None and hi is not None and (origin is not None or not absolute):
        if origin is None:
            return Step(entry.phase, lo, hi, label)
        return Step(
            entry.phase, origin + timedelta(minutes=lo), origin + timedelta(minutes=hi), label
        )
    own = _parse(entry.datetime)
    if absolute and own is not None:
        return Step(entry.phase, own, own, label)
    return None


def steps_of(obj: Any) -> tuple[list[Step], list[TimelineEntry], bool]:
    """(placed steps, entries that could not be placed, whether the axis is clock time)."""
    entries: list[TimelineEntry] = list(getattr(obj, "timeline", None) or [])
    origin = origin_of(obj)
    absolute = origin is not None or any(_parse(e.datetime) for e in entries)
    placed: list[Step] = []
    unplaced: list[TimelineEntry] = []
    for e in entries:
        step = place(e, origin, absolute)
        if step is None:
            unplaced.append(e)
        else:
            placed.append(step)
    return placed, unplaced, absolute


def _x(value: Any, absolute: bool) -> float:
    from matplotlib.dates import date2num

    return float(date2num(value)) if absolute else float(value)


def _title(obj: Any) -> str:
    vendor = getattr(obj, "vendor", None)
    name = getattr(vendor, "name", vendor) if vendor is not None else None
    services = [getattr(s, "name", s) for s in getattr(obj, "services", None) or []]
    head = " / ".join(str(x) for x in [name, ", ".join(map(str, services))] if x)
    ident = getattr(obj, "id", None) or ", ".join(getattr(obj, "article_ids", None) or [])
    return " — ".join(x for x in (head or "timeline", ident) if x)


def _draw_steps(ax: Axes, steps: list[Step], rows: dict[str, int], absolute: bool) -> None:
    for s in steps:
        y, colour = rows[s.phase], PHASE_COLOURS.get(s.phase, "grey")
        lo, hi = _x(s.lo, absolute), _x(s.hi, absolute)
        if s.is_range:
            ax.barh(
                y,
                hi - lo,
                left=lo,
                height=0.35,
                color=colour,
                alpha=0.45,
                edgecolor=colour,
                label=f"range:{s.phase}",
            )
        else:
            ax.plot([lo], [y], "o", color=colour, markersize=8, label=f"point:{s.phase}")
        ax.annotate(
            s.label,
            ((lo + hi) / 2, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
        )


def _draw_context(ax: Axes, obj: Any, absolute: bool) -> None:
    """The start line and, when the length is known, the outage's span as a shaded band."""
    origin = origin_of(obj)
    if absolute and origin is None:
        return
    zero = _x(origin, absolute) if absolute else 0.0
    start = getattr(obj, "start", None)
    span = getattr(start, "span", None)
    ax.axvline(zero, color="black", linewidth=1, linestyle="--")
    ax.annotate(
        ar(span.text) if span else "start",
        (zero, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        fontsize=8,
    )
    duration = getattr(obj, "duration", None)
    minutes = getattr(duration, "minutes", None)
    if minutes:
        end = origin + timedelta(minutes=minutes) if absolute and origin else minutes
        right = _x(end, absolute)
        ax.axvspan(zero, right, color="grey", alpha=0.12, label="duration")
        d_span = getattr(duration, "span", None)
        note = f"duration: {ar(d_span.text)}" if d_span else f"duration: {minutes:g} min"
        ax.annotate(
            note,
            (right, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 4),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color="dimgrey",
        )


def _offset(tz: tzinfo) -> str:
    delta = tz.utcoffset(None)
    if not delta:
        return ""
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def plot_timeline(
    obj: Any, ax: Axes | None = None, records: Iterable[IncidentRecord] | None = None
) -> Axes:
    """Draw the timeline of an IncidentRecord, or of a merged incident (anything with
    `article_ids`): one row per article, its duration claims as bars and, when its `records` are
    given, each article's own steps. Returns the Axes (a new figure when `ax` is None).
    """
    if not hasattr(obj, "timeline") and hasattr(obj, "article_ids"):
        return plot_incident(obj, ax, records)
    return plot_record(obj, ax)


def plot_record(obj: Any, ax: Axes | None = None) -> Axes:
    """Phases as rows, the record's steps on a clock or minutes-since-start axis."""
    import matplotlib.pyplot as plt
    from matplotlib.dates import DateFormatter

    steps, unplaced, absolute = steps_of(obj)
    present = [p for p in PHASES if any(s.phase == p for s in steps)]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 2 + 0.7 * max(2, len(present))), layout="constrained")
    rows = {p: i for i, p in enumerate(present)}
    _draw_steps(ax, steps, rows, absolute)
    _draw_context(ax, obj, absolute)
    ax.set_yticks(range(len(present)), present)
    ax.set_ylim(max(len(present), 1) - 0.2, -0.7)  # first phase on top
    label = "minutes since the start"
    if absolute:
        # The article's own clock (its UTC offset), not matplotlib's default UTC.
        tz = next((s.lo.tzinfo for s in steps if isinstance(s.lo, datetime)), None)
        ax.xaxis.set_major_formatter(DateFormatter("%H:%M\n%d %b", tz=tz))
        label = "time" + (f" (UTC{_offset(tz)})" if tz else "")
    if unplaced:
        note = "; ".join(f"{e.phase}: {ar(e.span.text)}" for e in unplaced)
        label += f"\nnot placed (no time): {note}"
    ax.set_xlabel(label)
    ax.set_title(_title(obj), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    if not steps:
        ax.text(0.5, 0.5, "no timed steps", transform=ax.transAxes, ha="center")
    return ax


# ---------------------------------------------------------------- merged incidents


def _value_text(value: Any) -> str:
    """A claim's value (or a named thing) as a short label."""
    value = getattr(value, "value", getattr(value, "name", value))
    if hasattr(value, "model_dump"):
        return " ".join(str(v) for v in value.model_dump(exclude_none=True).values())
    return str(value)


def _short(article_id: str, width: int = 36) -> str:
    """A URL id without its scheme, as host/…/last-part when long, so row labels stay short."""
    if "://" not in article_id:
        return article_id
    parts = urlsplit(article_id)
    path = parts.path.rstrip("/")
    if len(parts.netloc + path) <= width:
        return parts.netloc + path
    return f"{parts.netloc}/…/{path.rsplit('/', 1)[-1]}"


def _start_labels(obj: Any) -> dict[str, str]:
    """Each article's start as it stated it ("2025-11-04 19:15 +03:00"), by article id."""
    out: dict[str, str] = {}
    for claim in getattr(obj, "start", None) or []:
        for support in claim.support:
            out.setdefault(support.article_id, _value_text(claim))
    return out


def _draw_durations(ax: Axes, obj: Any, rows: dict[str, int]) -> None:
    """Each article's stated duration as a thin grey bar from its start, labelled with its words."""
    for claim in getattr(obj, "duration", None) or []:
        minutes = getattr(claim.value, "minutes", None)
        if not minutes:
            continue
        for support in claim.support:
            if support.article_id not in rows:
                continue
            y = rows[support.article_id] - 0.22
            ax.barh(y, minutes, left=0, height=0.12, color="grey", alpha=0.5, label="duration")
            words = support.spans[0].text if support.spans else f"{minutes:g} min"
            ax.annotate(
                ar(words),
                (minutes, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="dimgrey",
            )


def _draw_article_steps(ax: Axes, record: IncidentRecord, y: int) -> set[str]:
    """An article's own steps on its row, minutes since its start; returns the phases drawn."""
    drawn: set[str] = set()
    for entry in record.timeline:
        step = place(entry, None, absolute=False)
        if step is None:
            continue
        colour = PHASE_COLOURS.get(step.phase, "grey")
        if step.is_range:
            ax.barh(y + 0.12, step.hi - step.lo, left=step.lo, height=0.2, color=colour, alpha=0.5)
        else:
            ax.plot([step.lo], [y + 0.12], "o", color=colour, markersize=6)
        drawn.add(step.phase)
    return drawn


def plot_incident(
    obj: Any, ax: Axes | None = None, records: Iterable[IncidentRecord] | None = None
) -> Axes:
    """One row per article of a merged incident, minutes since each article's own start."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    ids = [str(a) for a in obj.article_ids]
    rows = {aid: i for i, aid in enumerate(ids)}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.8 + 0.6 * len(ids)), layout="constrained")
    _draw_durations(ax, obj, rows)
    phases: set[str] = set()
    for record in records or []:
        if record.id in rows:
            phases |= _draw_article_steps(ax, record, rows[record.id])
    starts = _start_labels(obj)
    labels = [_short(aid) + (f"\nstart {starts[aid]}" if aid in starts else "") for aid in ids]
    ax.set_yticks(range(len(ids)), labels, fontsize=8)
    ax.set_ylim(len(ids) - 0.3, -0.7)  # first article on top
    ax.margins(x=0.18)  # room for the duration labels right of the bars
    ax.set_xlabel("minutes since each article's start")
    vendors = ", ".join(_value_text(c) for c in getattr(obj, "vendor", None) or [])
    services = ", ".join(_value_text(c) for c in getattr(obj, "services", None) or [])
    ax.set_title(" — ".join(x for x in (vendors, services, str(obj.id)) if x), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        Line2D([], [], marker="o", ls="", color=PHASE_COLOURS[p], label=p)
        for p in PHASES
        if p in phases
    ]
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax
