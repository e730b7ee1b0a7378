"""Vendor and services: which company's products failed, from the lexicon matches."""

from __future__ import annotations

from collections import defaultdict

from ..schema import Named, Span
from .context import Context

LEAD_BONUS = 2.0  # a name in the title or first paragraph is the story's subject


def _mentions(ctx: Context, group: str) -> dict[str, list[tuple[int, int]]]:
    """Canonical name -> normalised (start, end) of each mention, clitics excluded."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in ctx.doc.spans[group]:
        start = span.start_char + span[0]._.clitic
        found[span.label_].append((start, span.end_char))
    return found


def _score(positions: list[tuple[int, int]], head: int) -> float:
    return len(positions) + (LEAD_BONUS if positions and positions[0][0] < head else 0.0)


def vendor_and_services(ctx: Context) -> tuple[Named | None, list[Named]]:
    lex = ctx.lexicon
    vendor_hits = _mentions(ctx, "vendor")
    service_hits = _mentions(ctx, "service")
    scores: dict[str, float] = defaultdict(float)
    for name, pos in vendor_hits.items():
        scores[name] += _score(pos, ctx.head)
    for name, pos in service_hits.items():
        owner = lex.services[name].vendor
        if owner:
            scores[owner] += _score(pos, ctx.head)
    vendor_name = max(scores, key=lambda n: (scores[n], -_first(vendor_hits, service_hits, lex, n)),
                      default=None)
    vendor = None
    if vendor_name:
        vendor = Named.model_construct(name=vendor_name, mentions=_spans(ctx, vendor_hits.get(vendor_name, [])))
    services = [
        Named.model_construct(name=_service_name(ctx, name, vendor_name), mentions=_spans(ctx, pos))
        for name, pos in sorted(service_hits.items(), key=lambda kv: kv[1][0][0])
        if _belongs(ctx, name, vendor_name)
    ]
    return vendor, _dedupe(services)


def _first(vendor_hits: dict[str, list[tuple[int, int]]], service_hits: dict[str, list[tuple[int, int]]],
           lex: object, name: str) -> int:
    """Position of a vendor's first mention, itself or through a service (earlier wins ties)."""
    positions = [p[0] for p in vendor_hits.get(name, [])]
    services = getattr(lex, "services", {})
    positions += [p[0][0] for s, p in service_hits.items() if services[s].vendor == name]
    return min(positions, default=1 << 30)


def _belongs(ctx: Context, service: str, vendor: str | None) -> bool:
    entry = ctx.lexicon.services[service]
    if entry.generic:
        return vendor is not None and f"{vendor} API" in ctx.lexicon.services
    if entry.vendor is None:  # "Mobile network" / "Fixed network": only a telecom's
        return vendor is not None and ctx.lexicon.vendors[vendor].kind == "telecom"
    return entry.vendor == vendor


def _service_name(ctx: Context, service: str, vendor: str | None) -> str:
    """A generic alias ("واجهات برمجة التطبيقات") names the vendor's own API."""
    return f"{vendor} API" if ctx.lexicon.services[service].generic else service


def _spans(ctx: Context, positions: list[tuple[int, int]]) -> list[Span]:
    return [ctx.span(s, e) for s, e in positions]


def _dedupe(services: list[Named]) -> list[Named]:
    merged: dict[str, Named] = {}
    for s in services:
        if s.name in merged:
            merged[s.name].mentions.extend(s.mentions)
        else:
            merged[s.name] = s
    return list(merged.values())
