"""Incidents across articles: group the records that report the same outage, keep all evidence.

Two outage records may be one incident when they name the same vendor (or, naming none, share a
service) and their services overlap. What links them is concrete agreement, weighed: start dates
within a day (the publication date stands in for a missing start date), the same start clock, the
same report count, the same root cause; a matching duration or a shared specific component count
half. Two articles with no date at all that list the same several products count for the share of
products in common. What separates them is a contradiction: dates (or weekdays) more than a day
apart, start clocks hours apart, or, with no date to go by, precise durations more than twice
apart. Pairs are joined strongest first, and two groups join only if no pair across them
contradicts, so one vague article cannot chain two incidents together.

An `Incident` keeps every value each field took, each with the article ids and spans that support
it: two outlets giving different durations give two `duration` claims and "duration" in `conflicts`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from . import grammar
from .schema import IncidentRecord, Span

T = TypeVar("T")

DAY_TOLERANCE = 1  # start dates (or publication dates) at most this many days apart
CLOCK_LINK_MIN = 90  # start clocks this close (UTC minutes) back each other up
CLOCK_CONFLICT_MIN = 240  # ... and this far apart contradict each other
DURATION_LINK_RATIO = 1.35  # "about 2 hours" and "90 minutes" agree
DURATION_CONFLICT_RATIO = 2.0  # "about 2 hours" and "6 hours" do not
REPORTS_LINK_RATIO = 1.1
LINK_SCORE = 0.75  # evidence needed to join two records
CAUSE_LINK_OVERLAP = 0.5  # share of the shorter cause's words the other cause repeats
# Components that restate the service itself (an app's app, a telecom's internet) link nothing.
GENERIC_KINDS = {
    "other", "apps", "website", "network", "mobile_app", "web_client", "fixed_internet",
    "mobile_data", "voice_calls_telecom", "sms",
}  # fmt: skip
_STOPWORDS = set(grammar.words("merge", "stopwords"))
_DIACRITICS = re.compile(r"[\u064b-\u0652\u0640]")
_FOLDS = str.maketrans(grammar.table("merge", "letter_folds"))  # "أ" -> "ا", "ة" -> "ه" ...
_PREFIX = grammar.pattern("merge", "prefix")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Support(_Model):
    """One article's support for a value: its id and the spans stating it."""

    article_id: str
    spans: list[Span] = Field(default_factory=list)


class Claim(_Model, Generic[T]):
    """A value of a field and every article that gives it."""

    value: T
    support: list[Support] = Field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return [s.article_id for s in self.support]


class ComponentValue(_Model):
    kind: str
    service: str | None = None


class DurationValue(_Model):
    minutes: float | None = None
    qualifier: str = "exact"
    min_minutes: float | None = None


class TimeValue(_Model):
    date: str | None = None
    time: str | None = None
    timezone: str | None = None
    part_of_day: str | None = None


class ReportsValue(_Model):
    count: int
    source: str | None = None


SINGLE_VALUED = ("vendor", "duration", "start", "end", "status", "reports", "root_cause")


class Incident(_Model):
    """One outage as several articles report it; a field with two values lists both."""

    id: str = Field(description="stable: a hash of the sorted article ids")
    article_ids: list[str]
    confidence: float = Field(0.0, ge=0.0, le=1.0, description="the highest article confidence")
    published: list[Claim[str]] = Field(default_factory=list)
    vendor: list[Claim[str]] = Field(default_factory=list)
    services: list[Claim[str]] = Field(default_factory=list)
    components: list[Claim[ComponentValue]] = Field(default_factory=list)
    duration: list[Claim[DurationValue]] = Field(default_factory=list)
    start: list[Claim[TimeValue]] = Field(default_factory=list)
    end: list[Claim[TimeValue]] = Field(default_factory=list)
    status: list[Claim[str]] = Field(default_factory=list)
    regions: list[Claim[str]] = Field(default_factory=list)
    reports: list[Claim[ReportsValue]] = Field(default_factory=list)
    root_cause: list[Claim[str]] = Field(default_factory=list)
    conflicts: list[str] = Field(
        default_factory=list, description="single-valued fields the articles disagree on"
    )

    def flat(self) -> dict[str, Any]:
        """Flat columns for CSV/Parquet: each field's values joined with '; '."""

        def join(claims: list[Any], get: Any = lambda v: v) -> str:
            values = (get(c.value) for c in claims)
            return "; ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values if v)

        return {
            "id": self.id,
            "article_ids": "; ".join(self.article_ids),
            "articles": len(self.article_ids),
            "confidence": self.confidence,
            "published": join(self.published),
            "vendor": join(self.vendor),
            "services": join(self.services),
            "component_kinds": join(self.components, lambda v: v.kind),
            "duration_minutes": join(self.duration, lambda v: v.minutes),
            "start_dates": join(self.start, lambda v: v.date),
            "start_times": join(self.start, lambda v: f"{v.time} {v.timezone or ''}".strip()),
            "status": join(self.status),
            "regions": join(self.regions),
            "reports_count": join(self.reports, lambda v: v.count),
            "root_cause": join(self.root_cause),
            "conflicts": "; ".join(self.conflicts),
        }

    def _repr_html_(self) -> str:
        """The incident's fields as a table, in notebooks."""
        from .display import incident_html

        return incident_html(self)


# ---------------------------------------------------------------- features of one record


@dataclass(frozen=True)
class _Features:
    vendor: str | None
    services: frozenset[str]
    components: frozenset[tuple[str | None, str]]
    day: date | None  # the start date, else the publication date
    weekday: int | None  # from `day`, else a weekday named in the start phrase (Monday = 0)
    utc_minute: int | None
    duration: float | None  # minutes, when stated precisely (exact or approx)
    reports: int | None
    cause: frozenset[str]


_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_WEEKDAYS = {day: i for i, day in enumerate(grammar.words("merge", "weekdays"))}  # Monday = 0


def _iso_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")[:25]).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def _utc_minute(time: str | None, tz: str | None) -> int | None:
    """Minute of the day in UTC, when both the clock and its zone are known."""
    if not time or not tz:
        return None
    hours, minutes = (int(x) for x in time.split(":")[:2])
    local = hours * 60 + minutes
    if tz.upper() in ("UTC", "GMT", "Z"):
        return local
    match = _OFFSET.match(tz)
    if not match:
        return None
    offset = int(match.group(2)) * 60 + int(match.group(3))
    return (local - offset if match.group(1) == "+" else local + offset) % 1440


def _normalise(text: str) -> str:
    return _DIACRITICS.sub("", text).translate(_FOLDS)


def _weekday(day: date | None, phrase: str | None) -> int | None:
    if day is not None:
        return day.weekday()
    words = re.findall(r"\w+", _normalise(phrase or ""))
    return next((_WEEKDAYS[w] for w in words if w in _WEEKDAYS), None)


def _features(r: IncidentRecord) -> _Features:
    start = r.start
    day = _iso_day(start.date if start else None) or _iso_day(r.published)
    precise = r.duration and r.duration.qualifier in ("exact", "approx")
    return _Features(
        vendor=r.vendor.name.casefold() if r.vendor else None,
        services=frozenset(s.name.casefold() for s in r.services),
        components=frozenset(
            (c.service, c.kind) for c in r.components if c.kind not in GENERIC_KINDS
        ),
        day=day,
        weekday=_weekday(day, start.span.text if start and start.span else None),
        utc_minute=_utc_minute(start.time, start.timezone) if start else None,
        duration=r.duration.minutes if precise and r.duration else None,
        reports=r.reports.count if r.reports and r.reports.count > 0 else None,
        cause=cause_words(r.root_cause.text if r.root_cause.disclosed else None),
    )


def cause_words(text: str | None) -> frozenset[str]:
    """Content words of a root cause, lightly normalised so paraphrases share them."""
    if not text:
        return frozenset()
    words = (_PREFIX.sub("", w) for w in re.findall(r"\w+", _normalise(text)))
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOPWORDS)


# ---------------------------------------------------------------- comparing two records


def _ratio(a: float, b: float) -> float:
    return max(a, b) / min(a, b)


def compare(a: _Features, b: _Features) -> float | None:
    """How strongly two records look like one incident (>= LINK_SCORE links them); None when
    something they state rules it out."""
    if not _same_subject(a, b) or _contradict(a, b):
        return None
    score = 0.0
    if a.day is not None and b.day is not None:
        score += 2.0  # within DAY_TOLERANCE, or _contradict would have said so
    if a.utc_minute is not None and b.utc_minute is not None:
        score += 1.0 if _clock_gap(a.utc_minute, b.utc_minute) <= CLOCK_LINK_MIN else 0.0
    if a.reports and b.reports and _ratio(a.reports, b.reports) <= REPORTS_LINK_RATIO:
        score += 1.0  # a count like 28,300 is specific; two outages rarely share it
    if _same_cause(a.cause, b.cause):
        score += 1.0
    if a.duration and b.duration:
        # Round durations (an hour, two hours) are common: half a link on their own.
        score += 0.5 if _ratio(a.duration, b.duration) <= DURATION_LINK_RATIO else 0.0
    if a.components & b.components:
        score += 0.5
    return score + _undated_overlap(a, b)


def _contradict(a: _Features, b: _Features) -> bool:
    if a.day is not None and b.day is not None:
        if abs((a.day - b.day).days) > DAY_TOLERANCE:
            return True
    elif a.weekday is not None and b.weekday is not None:
        gap = abs(a.weekday - b.weekday)
        if min(gap, 7 - gap) > DAY_TOLERANCE:
            return True
    if a.utc_minute is not None and b.utc_minute is not None:
        if _clock_gap(a.utc_minute, b.utc_minute) > CLOCK_CONFLICT_MIN:
            return True
    same_day = a.day is not None and b.day is not None
    if a.duration and b.duration and not same_day:
        # With a date in common, differing durations are a conflict to show, not two outages.
        # Bounds ("more than 24 hours") are left out: they often measure something else.
        return _ratio(a.duration, b.duration) >= DURATION_CONFLICT_RATIO
    return False


def _clock_gap(a: int, b: int) -> int:
    gap = abs(a - b)
    return min(gap, 1440 - gap)


def _undated_overlap(a: _Features, b: _Features) -> float:
    """With no date at all on either side, the same several products failing together is some
    evidence (the share of services in common); one shared product is not."""
    if a.day is not None or b.day is not None or a.weekday is not None or b.weekday is not None:
        return 0.0
    shared = len(a.services & b.services)
    return shared / len(a.services | b.services) if shared >= 2 else 0.0


def _same_cause(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= 2 and shared >= CAUSE_LINK_OVERLAP * min(len(a), len(b))


def _same_subject(a: _Features, b: _Features) -> bool:
    """Same vendor (or none named and a shared service), and services that overlap."""
    if a.vendor and b.vendor and a.vendor != b.vendor:
        return False
    if a.services and b.services:
        return bool(a.services & b.services)
    return bool(a.vendor and a.vendor == b.vendor)


# ---------------------------------------------------------------- grouping


def _group(features: list[_Features]) -> list[list[int]]:
    """Constrained agglomeration: strongest links first, never across a contradiction."""
    n = len(features)
    scores = {(i, j): compare(features[i], features[j]) for i in range(n) for j in range(i + 1, n)}
    cannot = {pair for pair, score in scores.items() if score is None}
    links = sorted(
        ((s, pair) for pair, s in scores.items() if s is not None and s >= LINK_SCORE),
        key=lambda x: (-x[0], x[1]),
    )
    cluster_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, (i, j) in links:
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj or _blocked(members[ci], members[cj], cannot):
            continue
        for k in members[cj]:
            cluster_of[k] = ci
        members[ci].extend(members.pop(cj))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _blocked(xs: list[int], ys: list[int], cannot: set[tuple[int, int]]) -> bool:
    return any((min(x, y), max(x, y)) in cannot for x in xs for y in ys)


# ---------------------------------------------------------------- combining evidence


class _Claims:
    """Distinct values of one field in first-seen order, with their supporting articles."""

    def __init__(self) -> None:
        self._claims: dict[str, dict[str, Any]] = {}

    def add(self, key: str, value: Any, article_id: str, spans: Iterable[Span | None]) -> None:
        if isinstance(value, BaseModel):
            value = value.model_dump()
        claim = self._claims.setdefault(key, {"value": value, "support": []})
        support = next((s for s in claim["support"] if s["article_id"] == article_id), None)
        if support is None:
            support = {"article_id": article_id, "spans": []}
            claim["support"].append(support)
        support["spans"].extend(s.model_dump() for s in spans if s is not None)

    def result(self) -> list[dict[str, Any]]:
        """Claims, the best supported first (a stable sort keeps first-seen order on ties)."""
        return sorted(self._claims.values(), key=lambda c: -len(c["support"]))


def _combine(records: list[IncidentRecord]) -> Incident:
    fields = {name: _Claims() for name in _FIELD_NAMES}
    for r in records:
        _add_record(fields, r, r.id or "")
    article_ids = [r.id or "" for r in records]
    values = {name: claims.result() for name, claims in fields.items()}
    return Incident.model_validate(
        {
            "id": "inc-" + hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:16],
            "article_ids": article_ids,
            "confidence": max(r.confidence for r in records),
            "conflicts": [name for name in SINGLE_VALUED if len(values[name]) > 1],
            **values,
        }
    )


_FIELD_NAMES = (
    "published", "vendor", "services", "components", "duration", "start", "end", "status",
    "regions", "reports", "root_cause",
)  # fmt: skip


def _add_record(fields: Mapping[str, _Claims], r: IncidentRecord, aid: str) -> None:
    if r.published:
        fields["published"].add(r.published[:10], r.published[:10], aid, [])
    if r.vendor:
        fields["vendor"].add(r.vendor.name, r.vendor.name, aid, r.vendor.mentions)
    for s in r.services:
        fields["services"].add(s.name, s.name, aid, s.mentions)
    for c in r.components:
        value = ComponentValue(kind=c.kind, service=c.service)
        fields["components"].add(f"{c.service}|{c.kind}", value, aid, [c.span])
    if r.duration:
        d = r.duration
        value_d = DurationValue(minutes=d.minutes, qualifier=d.qualifier, min_minutes=d.min_minutes)
        fields["duration"].add(value_d.model_dump_json(), value_d, aid, [d.span])
    for name in ("start", "end"):
        point = getattr(r, name)
        if point and (point.date or point.time or point.part_of_day):
            keep = {"date", "time", "timezone", "part_of_day"}
            value_t = TimeValue(**point.model_dump(include=keep))
            fields[name].add(value_t.model_dump_json(), value_t, aid, [point.span])
    if r.status != "unknown":
        fields["status"].add(r.status, r.status, aid, [])
    for region in r.regions:
        fields["regions"].add(region.name, region.name, aid, [region.span])
    if r.reports:
        value_r = ReportsValue(count=r.reports.count, source=r.reports.source)
        fields["reports"].add(value_r.model_dump_json(), value_r, aid, [r.reports.span])
    if r.root_cause.disclosed and r.root_cause.text:
        text = r.root_cause.text
        fields["root_cause"].add(text, text, aid, [r.root_cause.span])


# ---------------------------------------------------------------- public entry points


def merge(records: Iterable[IncidentRecord | Mapping[str, Any]]) -> list[Incident]:
    """Incidents from outage records (non-outage and error records are left out), in the order of
    each incident's first article. Records without an id get one from their position."""
    outages = [_as_record(r, n) for n, r in enumerate(records)]
    kept = [r for r in outages if r.is_outage and r.error is None]
    groups = _group([_features(r) for r in kept])
    return [_combine([kept[i] for i in group]) for group in groups]


def merge_dicts(records: Iterable[Mapping[str, Any]]) -> list[Incident]:
    """`merge` for records read back from JSON."""
    return merge(records)


def _as_record(r: IncidentRecord | Mapping[str, Any], n: int) -> IncidentRecord:
    record = r if isinstance(r, IncidentRecord) else IncidentRecord.model_validate(dict(r))
    return record if record.id else record.model_copy(update={"id": f"#{n}"})
