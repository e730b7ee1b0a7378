"""The public record: pydantic models whose JSON Schema (`schema.json`) is the contract.

Every extracted value carries a `Span` into the ORIGINAL input text: `text[start:end] == span.text`.
Field names follow the issue that defines the record; additions are optional fields only, so the
exported schema stays backwards compatible.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

Qualifier = Literal["exact", "approx", "at_least", "at_most", "vague", "range"]
Phase = Literal["investigating", "identified", "mitigating", "monitoring", "resolved", "update"]
Status = Literal["resolved", "ongoing", "unknown"]
PartOfDay = Literal["dawn", "morning", "noon", "afternoon", "evening", "night"]
Anchor = Literal["previous", "start", "publication"]
ComponentKind = Literal[
    "chat",
    "login",
    "search",
    "file_upload",
    "voice",
    "image_generation",
    "video_generation",
    "research",
    "agents",
    "code",
    "browser",
    "custom_assistants",
    "connectors",
    "apps",
    "api",
    "web_client",
    "mobile_app",
    "desktop_app",
    "messaging",
    "media_upload",
    "calls",
    "status_updates",
    "feed",
    "stories",
    "notifications",
    "payments",
    "email",
    "storage",
    "website",
    "dns",
    "cdn",
    "compute",
    "network",
    "mobile_data",
    "fixed_internet",
    "sms",
    "voice_calls_telecom",
    "other",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Characters [start, end) of the original input, and the text found there."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Named(_Model):
    """A canonical (English) name with every place the text names it."""

    name: str
    mentions: list[Span] = Field(default_factory=list)
    listed: bool = Field(
        True, description="false: no lexicon entry; the name is as the text writes it"
    )


class Component(_Model):
    text: str = Field(description="the component as written, without a leading clitic")
    kind: ComponentKind
    service: str | None = None
    span: Span


class ComponentCount(_Model):
    service: str | None = None
    count: int
    span: Span


class Duration(_Model):
    minutes: float | None = Field(None, description="null when vague; the upper bound of a range")
    qualifier: Qualifier = "exact"
    min_minutes: float | None = Field(None, description="lower bound of a range")
    unit: Literal["second", "minute", "hour", "day", "week", "month", "year"] | None = None
    value: float | None = Field(None, description="amount in `unit` (months and years keep it)")
    iso: str | None = Field(None, description="ISO 8601 duration, e.g. PT2H")
    span: Span | None = None


class TimePoint(_Model):
    date: str | None = Field(None, description="YYYY-MM-DD when stated or resolvable")
    time: str | None = Field(None, description="HH:MM, 24h")
    timezone: str | None = Field(None, description="UTC or an offset like +03:00")
    part_of_day: PartOfDay | None = None
    datetime: str | None = Field(None, description="ISO datetime when date and time are known")
    span: Span | None = None


class Offset(_Model):
    minutes: float | None = Field(None, description="null for a vague offset ('عقب دقائق')")
    approx: bool = False
    relative_to: Anchor = "previous"
    min_minutes: float | None = None
    max_minutes: float | None = None


class TimelineEntry(_Model):
    phase: Phase
    offset: Offset | None = None
    elapsed_min: float | None = Field(None, description="minutes since the start, lower bound")
    elapsed_max: float | None = Field(None, description="minutes since the start, upper bound")
    datetime: str | None = None
    span: Span


class Region(_Model):
    name: str
    span: Span


class Reports(_Model):
    count: int
    source: str | None = None
    span: Span


class RootCause(_Model):
    disclosed: bool = False
    text: str | None = None
    span: Span | None = None


class IncidentRecord(_Model):
    """One article's incident, every value linked to the characters it came from."""

    id: str | None = None
    version: str = Field(description="arabic-outage version that produced the record")
    published: str | None = None
    is_outage: bool = False
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    vendor: Named | None = None
    services: list[Named] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    component_counts: list[ComponentCount] = Field(default_factory=list)
    duration: Duration | None = None
    start: TimePoint | None = None
    end: TimePoint | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    status: Status = "unknown"
    regions: list[Region] = Field(default_factory=list)
    reports: Reports | None = None
    root_cause: RootCause = Field(default_factory=RootCause)
    error: str | None = Field(None, description="why no record could be extracted, if so")
    # The article the spans point into; kept for display, never serialised.
    _text: str | None = PrivateAttr(default=None)

    @property
    def source_text(self) -> str | None:
        return self._text

    def _repr_html_(self) -> str:
        """The highlighted article beside a field table, in notebooks."""
        from .display import record_html

        return record_html(self)


SCHEMA_FILE = "schema.json"


def json_schema() -> dict[str, object]:
    """The JSON Schema of `IncidentRecord`, as exported to `arabic_outage/schema.json`."""
    return IncidentRecord.model_json_schema()
