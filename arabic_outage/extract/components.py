"""Affected components: lexicon terms in the text, and the items of enumerations.

An enumeration ("شملت المحادثات، وتسجيل الدخول، وواجهة البحث ...") is split on commas and "و";
an item is kept when the lexicon types it, or when most of its list is typed (a list of
features names features even where our vocabulary has a gap; those items get kind "other" or the
kind of their head word).
"""

from __future__ import annotations

import re

from ..normalize import norm
from ..pipeline import PROCLITICS
from ..schema import Component, ComponentCount, Named
from .context import Context

ITEM_SPLIT = re.compile(r"\s*(?:[،,؛;]\s*(?:و(?=\S))?|\s+و(?=[^\s]{3,}))\s*|\s+(?:فضلا عن|إضافة إلى|اضافه الي|الى جانب|بالإضافة إلى)\s+")
LIST_END = re.compile(r"[.!?؟\n:]")
MAX_ITEM_WORDS = 6
COUNT = re.compile(r"(?P<num>\d+|واحد|اثنين|ثلاث\w*|اربع\w*|خمس\w*|ست\w*|سبع\w*|ثماني\w*|تسع\w*|عشر\w*)?\s*"
                   r"مكون(?:ا|ات|ين)?(?:\s+(?P<one>واحد|واحدا))?")


def components(ctx: Context, services: list[Named]) -> list[Component]:
    found: dict[tuple[int, int], Component] = {}
    for span in ctx.doc.spans["component"]:
        start = span.start_char + span[0]._.clitic
        found[(start, span.end_char)] = _component(ctx, start, span.end_char, span.label_, services)
    for start, end, kind in _enumerated(ctx):
        if not any(s <= start < e or start <= s < end for s, e in found):
            found[(start, end)] = _component(ctx, start, end, kind, services)
    return [found[k] for k in sorted(found)]


def _component(ctx: Context, start: int, end: int, kind: str, services: list[Named]) -> Component:
    return Component.model_construct(
        text=ctx.source.original[slice(*ctx.source.to_original(start, end))],
        kind=kind, service=_nearest_service(ctx, start, services), span=ctx.span(start, end),
    )


def _nearest_service(ctx: Context, pos: int, services: list[Named]) -> str | None:
    """The service named closest before the component (else the first one named)."""
    if not services:
        return None
    o_pos = ctx.source.to_original(pos, pos + 1)[0]
    best, best_at = services[0].name, -1
    for s in services:
        for m in s.mentions:
            if best_at < m.start <= o_pos:
                best, best_at = s.name, m.start
    return best


def _enumerated(ctx: Context) -> list[tuple[int, int, str]]:
    """Items of lists introduced by an enumeration cue, with a kind."""
    text, out = ctx.text, []
    for m in ctx.cues.enumeration_lead.finditer(text):
        end_m = LIST_END.search(text, m.end())
        stop = end_m.start() if end_m else len(text)
        items = _split(text, m.end(), stop)
        typed = [(s, e, ctx.lexicon.components.get(_bare(text[s:e]))) for s, e in items]
        known = sum(1 for *_, k in typed if k)
        if len(items) < 3 or known * 2 < len(items):
            continue
        for s, e, kind in typed:
            out.append((s, e, kind or _head_kind(ctx, text[s:e])))
    return out


def _split(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    items, pos = [], start
    for sep in ITEM_SPLIT.finditer(text, start, stop):
        items.append((pos, sep.start()))
        pos = sep.end()
    items.append((pos, stop))
    out = []
    for s, e in items:
        while s < e and text[s] in " \t\"'(":
            s += 1
        while e > s and text[e - 1] in " \t\"'":
            e -= 1
        if s < e and len(text[s:e].split()) <= MAX_ITEM_WORDS:
            out.append((s, e))
    return out


def _bare(item: str) -> str:
    """An item without a leading clitic, as the lexicon spells it."""
    item = norm(item)
    for clitic in PROCLITICS:
        if item.startswith(clitic) and len(item) > len(clitic) + 2:
            return item[len(clitic):]
    return item


def _head_kind(ctx: Context, item: str) -> str:
    words = _bare(item).split()
    return ctx.lexicon.components.get(words[0], "other") if words else "other"


def component_counts(ctx: Context, services: list[Named]) -> list[ComponentCount]:
    from ..temporal import parse_number

    out = []
    for m in COUNT.finditer(ctx.text):
        word = m.group("num") or m.group("one")
        count = parse_number(word) if word else None
        if count is None:
            continue
        start, end = (m.start(), m.end()) if m.group("num") else (m.start(), m.end())
        service = _service_after(ctx, m.end(), services) or _nearest_service(ctx, start, services)
        out.append(ComponentCount.model_construct(service=service, count=int(count), span=ctx.span(start, end)))
    return out


def _service_after(ctx: Context, pos: int, services: list[Named]) -> str | None:
    """A service named within a few words after "... مكونا" ("داخل ChatGPT", "من واجهات ...")."""
    o_pos = ctx.source.to_original(pos - 1, pos)[1]
    best, best_at = None, o_pos + 40
    for s in services:
        for m in s.mentions:
            if o_pos <= m.start < best_at:
                best, best_at = s.name, m.start
    return best
