"""HTML views for notebooks: the article with its evidence highlighted, and compact field tables.

`record_html` draws the article right-to-left and highlights every span the record points at.
Spans may nest or overlap (a component inside a service mention), so the text is cut at every span
boundary and each piece lists all the fields that cover it. Only inline styles are used: notebook
viewers on code hosts strip `<style>` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas as pd

    from .schema import Duration, IncidentRecord, Span, TimelineEntry, TimePoint

# One colour per kind of evidence; the legend shows only the kinds a record has.
COLOURS: dict[str, str] = {
    "vendor": "#ffd54f",
    "service": "#81d4fa",
    "component": "#a5d6a7",
    "duration": "#f48fb1",
    "time": "#ce93d8",
    "offset": "#ffab91",
    "region": "#b0bec5",
    "reports": "#e6ee9c",
    "root_cause": "#d7ccc8",
}

# The Arabic script blocks, as a character-class range (escapes the regex engine reads)
_ARABIC = r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# A Latin run: from a Latin letter to the last Latin letter or digit before Arabic or a line end,
# the stretch the bidi algorithm lays out left to right anyway ("Microsoft 365", "GPT-4o (API").
# Isolating it keeps that order even when highlight boundaries cut it into pieces.
_LATIN_RUN = re.compile(f"[A-Za-z](?:[^\\n{_ARABIC}]*[A-Za-z0-9])?")
# An Arabic phrase inside a table value ("ميزة البحث المعمق (Research)", "مساء الثلاثاء عند
# الساعة 7:15"), isolated right-to-left as a whole, up to the separators the tables put between
# values (→ · ; | and line ends).
_ARABIC_RUN = re.compile(f"[{_ARABIC}][^\\n→·;|]*[^\\s→·;|]|[{_ARABIC}]")
_FONT = "'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',Tahoma,sans-serif"


@dataclass(frozen=True)
class Highlight:
    """One span of evidence: `kind` picks the colour, `field` and `value` make the hover label."""

    kind: str
    field: str
    value: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return f"{self.field}: {self.value}"


@dataclass(frozen=True)
class Segment:
    """Characters [start, end) of the text and the highlights covering all of them, outer first."""

    start: int
    end: int
    covers: tuple[int, ...]


# ---------------------------------------------------------------------------------------------
# Values as short strings (shared by the hover labels, the tables and the plots)


def fmt_minutes(minutes: float | None) -> str:
    if minutes is None:
        return "?"
    return f"{minutes:g} min"


def fmt_duration(d: Duration) -> str:
    if d.qualifier == "range" and d.min_minutes is not None:
        return f"{d.min_minutes:g}–{fmt_minutes(d.minutes)} (range)"
    return f"{fmt_minutes(d.minutes)} ({d.qualifier})" if d.minutes is not None else d.qualifier


def fmt_timepoint(t: TimePoint) -> str:
    if t.datetime:
        return t.datetime
    parts = [t.date, t.time, t.timezone, t.part_of_day]
    return " ".join(p for p in parts if p) or "?"


def fmt_offset(e: TimelineEntry) -> str:
    o = e.offset
    if o is None:
        return ""
    if o.minutes is None:
        amount = "vague"
        if o.min_minutes is not None or o.max_minutes is not None:
            amount = f"{o.min_minutes or 0:g}–{fmt_minutes(o.max_minutes)}"
    else:
        amount = ("≈" if o.approx else "") + f"+{fmt_minutes(o.minutes)}"
    return f"{amount} after {o.relative_to}"


def fmt_entry(e: TimelineEntry) -> str:
    """E.g. "resolved, +12 min after previous, elapsed 12–15 min"."""
    parts = [e.phase, fmt_offset(e)]
    if e.elapsed_min is not None or e.elapsed_max is not None:
        lo, hi = e.elapsed_min, e.elapsed_max
        parts.append(
            f"elapsed {fmt_minutes(lo)}" if lo == hi else f"elapsed {lo or 0:g}–{fmt_minutes(hi)}"
        )
    if e.datetime:
        parts.append(e.datetime)
    return ", ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# Highlights and segments


def highlights(record: IncidentRecord) -> list[Highlight]:
    """Every span of `record` in field order, whether or not it points inside the text."""
    found: list[Highlight] = []

    def add(kind: str, field: str, value: str, span: Span | None) -> None:
        if span is not None:
            found.append(Highlight(kind, field, value, span.start, span.end, span.text))

    if record.vendor:
        for m in record.vendor.mentions:
            add("vendor", "vendor", record.vendor.name, m)
    for s in record.services:
        for m in s.mentions:
            add("service", "service", s.name, m)
    for c in record.components:
        add("component", "component", c.kind + (f" ({c.service})" if c.service else ""), c.span)
    for cc in record.component_counts:
        add("component", "component_count", f"{cc.count} ({cc.service or '?'})", cc.span)
    if record.duration:
        add("duration", "duration", fmt_duration(record.duration), record.duration.span)
    for name in ("start", "end"):
        point: TimePoint | None = getattr(record, name)
        if point:
            add("time", name, fmt_timepoint(point), point.span)
    for i, e in enumerate(record.timeline):
        add("offset", f"timeline[{i}]", fmt_entry(e), e.span)
    for r in record.regions:
        add("region", "region", r.name, r.span)
    if record.reports:
        add(
            "reports",
            "reports",
            f"{record.reports.count} ({record.reports.source or '?'})",
            record.reports.span,
        )
    rc = record.root_cause
    add("root_cause", "root_cause", rc.text or ("disclosed" if rc.disclosed else "?"), rc.span)
    return found


def latin_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each Latin run ("ChatGPT." -> "ChatGPT")."""
    return [m.span() for m in _LATIN_RUN.finditer(text)]


def segments(text: str, spans: Sequence[Highlight]) -> list[Segment]:
    """`text` cut at every highlight and Latin-run boundary; spans outside the text are ignored."""
    usable = [i for i, h in enumerate(spans) if 0 <= h.start < h.end <= len(text)]
    cuts = {0, len(text)}
    for i in usable:
        cuts.update((spans[i].start, spans[i].end))
    for a, b in latin_runs(text):
        cuts.update((a, b))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        covering = [i for i in usable if spans[i].start <= a and b <= spans[i].end]
        # Outer (longer) spans first, so the innermost one paints the background.
        covering.sort(key=lambda i: (-(spans[i].end - spans[i].start), i))
        out.append(Segment(a, b, tuple(covering)))
    return out


# ---------------------------------------------------------------------------------------------
# HTML pieces


def _mark(text: str, seg: Segment, spans: Sequence[Highlight]) -> str:
    covers = [spans[i] for i in seg.covers]
    inner = covers[-1]
    # Outer spans show as stacked underlines under the innermost span's background.
    shadows = [f"inset 0 -{3 * (n + 1)}px 0 {COLOURS[h.kind]}" for n, h in enumerate(covers[:-1])]
    style = f"background:{COLOURS[inner.kind]};color:inherit;padding:1px 0;border-radius:2px"
    if shadows:
        style += ";box-shadow:" + ",".join(reversed(shadows))
    title = "\n".join(h.label for h in covers)
    ids = " ".join(f"h{i}" for i in seg.covers)
    kinds = " ".join(dict.fromkeys(h.kind for h in covers))
    return (
        f'<mark class="ao-hl" data-hl="{ids}" data-fields="{escape(kinds)}" '
        f'title="{escape(title)}" style="{style}">{escape(text[seg.start : seg.end])}</mark>'
    )


def _in_runs(seg: Segment, runs: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in runs if a <= seg.start and seg.end <= b), None)


def article_html(text: str, spans: Sequence[Highlight]) -> str:
    """The article's body: highlighted segments, Latin runs isolated in `<bdi dir="ltr">`."""
    runs = latin_runs(text)
    parts: list[str] = []
    open_run: tuple[int, int] | None = None
    for seg in segments(text, spans):
        run = _in_runs(seg, runs)
        if run != open_run:
            if open_run is not None:
                parts.append("</bdi>")
            if run is not None:
                parts.append('<bdi dir="ltr">')
            open_run = run
        piece = text[seg.start : seg.end]
        parts.append(_mark(text, seg, spans) if seg.covers else escape(piece))
    if open_run is not None:
        parts.append("</bdi>")
    return "".join(parts)


def legend_html(kinds: Iterable[str]) -> str:
    chips = "".join(
        f'<span class="ao-legend-item" data-kind="{k}" style="background:{COLOURS[k]};'
        f'padding:1px 6px;margin:0 4px 4px 0;border-radius:3px;display:inline-block">{k}</span>'
        for k in COLOURS
        if k in set(kinds)
    )
    return (
        f'<div class="ao-legend" dir="ltr" style="font-size:12px;margin-bottom:6px">{chips}</div>'
    )


def _isolate_arabic(text: str) -> str:
    """Escaped text with each Arabic run in `<bdi dir="rtl">`, for left-to-right cells."""
    out, pos = [], 0
    for m in _ARABIC_RUN.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<bdi dir="rtl">{escape(m.group())}</bdi>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _cell(value: object) -> str:
    """A table cell; a list shows one item a line."""
    items = value if isinstance(value, list) else [value]
    text = "<br>".join(_isolate_arabic("" if v is None else str(v)) for v in items)
    return f'<td style="text-align:left;padding:2px 6px">{text}</td>'


def table_html(rows: Iterable[tuple[str, object]], caption: str = "") -> str:
    """A two-column field/value table; values are escaped and keep their own direction."""
    body = "".join(
        f'<tr><th style="text-align:left;padding:2px 6px;font-weight:600;vertical-align:top">'
        f"{escape(name)}</th>{_cell(value)}</tr>"
        for name, value in rows
    )
    cap = f"<caption style='text-align:left;font-weight:600'>{escape(caption)}</caption>"
    return (
        f'<table class="ao-fields" dir="ltr" style="border-collapse:collapse;font-size:12px">'
        f"{cap if caption else ''}{body}</table>"
    )


def _evidenced(value: str, span: Span | None) -> str:
    return f"{value} · {span.text}" if span else value


def record_rows(record: IncidentRecord) -> Iterator[tuple[str, object]]:
    """The record's fields as (name, short value) pairs, empty ones left out."""
    r = record
    yield "id", r.id
    yield "published", r.published
    yield "is_outage", f"{r.is_outage} (confidence {r.confidence:.2f})"
    yield "vendor", r.vendor.name if r.vendor else None
    yield "services", ", ".join(s.name for s in r.services)
    yield "components", [f"{c.text} → {c.kind}" for c in r.components]
    yield "component_counts", ", ".join(f"{c.count} ({c.service})" for c in r.component_counts)
    if r.duration:
        yield "duration", _evidenced(fmt_duration(r.duration), r.duration.span)
    for name in ("start", "end"):
        point: TimePoint | None = getattr(r, name)
        if point:
            yield name, _evidenced(fmt_timepoint(point), point.span)
    yield "status", r.status
    for i, e in enumerate(r.timeline):
        yield f"timeline[{i}]", fmt_entry(e)
    yield "regions", ", ".join(x.name for x in r.regions)
    yield "reports", f"{r.reports.count} ({r.reports.source})" if r.reports else None
    yield "root_cause", r.root_cause.text if r.root_cause.disclosed else "not disclosed"
    yield "error", r.error


def _filled(rows: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(k, v) for k, v in rows if v not in (None, "", [])]


def record_html(record: IncidentRecord) -> str:
    """The article (right-to-left, evidence highlighted, with a legend) beside a field table.

    Without the article (a record loaded from JSON), only the table.
    """
    table = table_html(_filled(record_rows(record)), caption=f"IncidentRecord {record.id or ''}")
    text = record.source_text
    if text is None:
        note = "<p style='font-size:11px;color:#666'>(no article text: table only)</p>"
        return f'<div class="ao-record">{table}{note}</div>'
    spans = highlights(record)
    kinds = {h.kind for h in spans if 0 <= h.start < h.end <= len(text)}
    article = (
        f'<div class="ao-article" dir="rtl" lang="ar" style="flex:2 1 420px;white-space:pre-wrap;'
        f"line-height:1.9;font-family:{_FONT};font-size:15px;border:1px solid #ddd;"
        f'border-radius:4px;padding:8px 12px">'
        f"{article_html(text, spans)}</div>"
    )
    return (
        f'<div class="ao-record">{legend_html(kinds)}'
        f'<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">'
        f'{article}<div style="flex:1 1 260px">{table}</div></div></div>'
    )


# ---------------------------------------------------------------------------------------------
# Generic models (merged incidents) and lists


_EVIDENCE = ("span", "spans", "mentions")


def _compact(value: Any) -> str:
    """A short text form of a field value. Spans are evidence, not content, so they are dropped;
    a `{value, ...}` pair (a claim and its support) reads "value (support)"."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if k not in _EVIDENCE and v not in (None, [], {})}
        if "value" in kept and len(kept) > 1:
            rest = ", ".join(_compact(v) for k, v in kept.items() if k != "value")
            return f"{_compact(kept['value'])} ({rest})"
        if len(kept) == 1:
            return _compact(next(iter(kept.values())))
        return "{" + ", ".join(f"{k}: {_compact(v)}" for k, v in kept.items()) + "}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _field_value(value: Any) -> object:
    """A list of structured items stays a list (one per line in a table); the rest is compacted."""
    if isinstance(value, list) and any(isinstance(v, (BaseModel, dict)) for v in value):
        return [_compact(v) for v in value]
    return _compact(value)


def model_rows(model: BaseModel) -> list[tuple[str, object]]:
    fields = type(model).model_fields
    return _filled((name, _field_value(getattr(model, name))) for name in fields)


def _numbered(rows: list[tuple[str, object]], ids: list[str]) -> list[tuple[str, object]]:
    """Article ids (often long URLs) written once as "#1 id", then cited as "#1" in values."""

    def cite(value: object) -> object:
        if isinstance(value, list):
            return [cite(v) for v in value]
        text = str(value)
        for n, aid in sorted(enumerate(ids, 1), key=lambda p: -len(p[1])):
            text = text.replace(aid, f"#{n}")
        return text

    listed = [f"#{n} {aid}" for n, aid in enumerate(ids, 1)]
    return [(k, listed if k == "article_ids" else cite(v)) for k, v in rows]


def incident_html(incident: BaseModel) -> str:
    """A merged incident (or any pydantic model) as a field table."""
    rows = model_rows(incident)
    ids = getattr(incident, "article_ids", None)
    # Short ids ("a1") could occur inside values by chance; only long ones are cited by number.
    if isinstance(ids, list) and all(isinstance(a, str) and len(a) >= 12 for a in ids):
        rows = _numbered(rows, ids)
    return table_html(rows, caption=type(incident).__name__)


# The columns of a list of records shown as a table (`to_dataframe` has them all).
SUMMARY_COLUMNS = (
    "id", "is_outage", "vendor", "services", "component_count", "duration_minutes",
    "duration_qualifier", "start_date", "status", "regions", "reports_count", "error",
)  # fmt: skip


def summary_row(item: BaseModel) -> dict[str, object]:
    """One table row: the flattened record, or the compacted fields of another model."""
    from .frames import model_row, record_row
    from .schema import IncidentRecord

    if isinstance(item, IncidentRecord):
        row = record_row(item)
        return {k: row[k] for k in SUMMARY_COLUMNS}
    return model_row(item)


def records_html(items: Sequence[BaseModel], max_rows: int = 200) -> str:
    """Records (or incidents) as one table, one row each."""
    rows = [summary_row(x) for x in items[:max_rows]]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f'<th style="padding:2px 6px;text-align:left">{escape(c)}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(_compact(row.get(c))) for c in columns) + "</tr>" for row in rows
    )
    more = len(items) - len(rows)
    tail = f"<p style='font-size:11px'>… {more} more</p>" if more > 0 else ""
    return (
        f'<div class="ao-records"><table dir="ltr" style="border-collapse:collapse;font-size:12px">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}</div>"
    )


class RecordList(list[BaseModel]):
    """A list of records or incidents that shows as a table in a notebook."""

    def _repr_html_(self) -> str:
        return records_html(self)

    def to_dataframe(self) -> pd.DataFrame:
        from .frames import to_dataframe

        return to_dataframe(self)


def page_html(body: str, title: str = "arabic-outage") -> str:
    """A standalone UTF-8 page around a fragment, to save or open in a browser."""
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="font-family:sans-serif;margin:16px">{body}</body></html>'
    )
