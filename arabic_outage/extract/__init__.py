"""Interpreting a matched doc into an `IncidentRecord`: one module per part of the record."""

from __future__ import annotations

from datetime import date, datetime

from spacy.tokens import Doc

from .._version import __version__
from ..lexicon import Lexicon
from ..schema import IncidentRecord, RootCause
from . import components, entities, facts, relevance, timeline
from .context import Context, Cues


def build_record(doc: Doc, lexicon: Lexicon, cues: Cues) -> IncidentRecord:
    ctx = Context(doc, lexicon, cues)
    published = _as_datetime(doc._.published)
    vendor, services = entities.vendor_and_services(ctx)
    vendor_kind = lexicon.vendors[vendor.name].kind if vendor else None
    comps = components.components(ctx, vendor_kind, services)
    if vendor_kind == "telecom":
        services = entities.networks_from_components(services, comps)
    outage, confidence = relevance.is_outage(ctx, has_subject=bool(vendor or services or comps))
    record_id = doc._.doc_id
    pub = published.date().isoformat() if published else None
    if not outage:
        return IncidentRecord.model_construct(
            id=record_id,
            version=__version__,
            published=pub,
            is_outage=False,
            confidence=confidence,
            vendor=None,
            services=[],
            components=[],
            component_counts=[],
            duration=None,
            start=None,
            end=None,
            timeline=[],
            status="unknown",
            regions=[],
            reports=None,
            root_cause=RootCause.model_construct(disclosed=False, text=None, span=None),
            error=None,
        )
    start = timeline.start(ctx, published)
    length = timeline.duration(ctx)
    return IncidentRecord.model_construct(
        id=record_id,
        version=__version__,
        published=pub,
        is_outage=True,
        confidence=confidence,
        vendor=vendor,
        services=services,
        components=comps,
        component_counts=components.component_counts(ctx, services),
        duration=length,
        start=start,
        end=timeline.end(ctx, start),
        timeline=timeline.timeline(ctx, start),
        status=facts.status(ctx, length),
        regions=facts.regions(ctx, vendor),
        reports=facts.reports(ctx),
        root_cause=facts.root_cause(ctx),
        error=None,
    )


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None
