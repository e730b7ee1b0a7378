"""Interpreting a matched doc into an `IncidentRecord`: one module per part of the record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc

from .._version import __version__
from ..lexicon import Lexicon
from ..schema import IncidentRecord, RootCause
from . import components, entities, facts, organisations, relevance, timeline
from .context import Context, Cues


def build_record(doc: Doc, lexicon: Lexicon, cues: Cues) -> IncidentRecord:
    ctx = Context(doc, lexicon, cues)
    published = _as_datetime(doc._.published)
    score = relevance.relevance_score(ctx)
    if score <= 0:  # no subject can make it an outage: skip the rest (most items of a feed)
        return IncidentRecord(**_empty(doc._.doc_id, published, score))
    vendor, services = entities.vendor_and_services(ctx)
    vendor_kind = lexicon.vendors[vendor.name].kind if vendor else None
    comps = components.components(ctx, vendor_kind, services)
    if vendor_kind == "telecom":
        services = entities.networks_from_components(services, comps, lexicon.services)
    # an outage needs a service that failed, or an organisation no lexicon lists whose
    # service did ("توقف منظومة الرقم الوطني التابعة لمصلحة الأحوال المدنية")
    found_any = bool(vendor or services or comps)
    unlisted = None if found_any else organisations.unlisted_vendor(ctx, in_role=True)
    outage = bool(found_any or unlisted)
    base = _empty(doc._.doc_id, published, score, outage)
    if not outage:
        return IncidentRecord(**base)
    start = timeline.start(ctx, published)
    length = timeline.duration(ctx, published)
    cause = facts.root_cause(ctx)
    comps = components.what_users_lost(comps, cause, lexicon.infrastructure)
    network = bool(comps) and all(c.kind in NETWORK_KINDS for c in comps)
    found = {
        "is_outage": True,
        # else an organisation no lexicon lists ("وزارة التربية والتعليم")
        "vendor": vendor or unlisted or organisations.unlisted_vendor(ctx, companies_only=network),
        "services": services,
        "components": comps,
        "component_counts": components.component_counts(ctx, services),
        "duration": length,
        "start": start,
        "end": timeline.end(ctx, start),
        "timeline": timeline.timeline(ctx, start),
        "status": facts.status(ctx, length, vendor),
        "regions": facts.regions(ctx, vendor, services, cause),
        "reports": facts.reports(ctx, [vendor, *services] if vendor else services),
        "root_cause": cause,
    }
    return IncidentRecord(**{**base, **found})


# what only a network operator runs (a telecom's internet, calls, texts)
NETWORK_KINDS = {"network", "fixed_internet", "mobile_data", "voice_calls_telecom", "sms"}


def _empty(
    record_id: str | None, published: datetime | None, score: float, outage: bool = False
) -> dict[str, Any]:
    """The fields of a record that reports no outage (fresh lists every time)."""
    return {
        "id": record_id,
        "version": __version__,
        "published": published.date().isoformat() if published else None,
        "is_outage": False,
        "confidence": relevance.confidence(score, outage),
        "vendor": None,
        "services": [],
        "components": [],
        "component_counts": [],
        "duration": None,
        "start": None,
        "end": None,
        "timeline": [],
        "status": "unknown",
        "regions": [],
        "reports": None,
        "root_cause": RootCause(disclosed=False, text=None, span=None),
        "error": None,
    }


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None
