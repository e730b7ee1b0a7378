"""Status, regions, report counts and root cause: one short rule each over cues and lexicons."""

from __future__ import annotations

import re

from ..schema import Region, Reports, RootCause, Status
from .context import Context

CLAUSE_END = re.compile(r"[.!?؟\n،,؛:]")
CAUSE_MAX = 160  # characters; a cause is a phrase, not a paragraph
REPORT_WINDOW = 60


def status(ctx: Context) -> Status:
    """The last resolved/ongoing cue decides; a partial recovery stays ongoing."""
    last: tuple[int, Status] = (-1, "unknown")
    for name, pattern in ctx.cues.status.items():
        for m in pattern.finditer(ctx.text):
            value: Status = "resolved" if name == "resolved" else "ongoing"
            if m.start() > last[0]:
                last = (m.start(), value)
    return last[1]


def regions(ctx: Context) -> list[Region]:
    out: dict[str, Region] = {}
    for span in ctx.doc.spans["region"]:
        start = span.start_char + span[0]._.clitic
        out.setdefault(span.label_, Region.model_construct(name=span.label_, span=ctx.span(start, span.end_char)))
    return list(out.values())


def reports(ctx: Context) -> Reports | None:
    """The largest number of user reports given near a report word."""
    text, best = ctx.text, None
    numbers = ctx.doc._.temporal.numbers if ctx.doc._.temporal else []
    cue_starts = [m.start() for m in ctx.cues.reports.finditer(text)]
    for num in numbers:
        value = num.value
        if value < 100 or value != int(value) or 1900 <= value <= 2100:
            continue  # counts of reports are large; years are not counts
        if not any(num.end <= c <= num.end + REPORT_WINDOW or c <= num.start <= c + 20 for c in cue_starts):
            continue
        if best is None or value > best[0]:
            best = (value, num.start, num.end)
    if best is None:
        return None
    return Reports.model_construct(count=int(best[0]), source=_source(ctx), span=ctx.span(best[1], best[2]))


def _source(ctx: Context) -> str | None:
    for name, pattern in ctx.cues.report_sources.items():
        if pattern.search(ctx.text):
            return name
    return None


def root_cause(ctx: Context) -> RootCause:
    text = ctx.text
    for m in ctx.cues.root_cause_lead.finditer(text):
        end_m = CLAUSE_END.search(text, m.end())
        stop = min(end_m.start() if end_m else len(text), m.end() + CAUSE_MAX)
        start = m.end()
        while start < stop and text[start] in " :\"'":
            start += 1
        phrase = text[start:stop].strip()
        if len(phrase.split()) < 2 or _generic(ctx, phrase):
            continue
        return RootCause.model_construct(disclosed=True, text=ctx.span(start, start + len(phrase)).text,
                                         span=ctx.span(start, start + len(phrase)))
    return RootCause.model_construct(disclosed=False, text=None, span=None)


def _generic(ctx: Context, phrase: str) -> bool:
    """"خلل تقني" and the like name no cause; neither does a cause that is only a pronoun."""
    m = ctx.cues.root_cause_generic.match(phrase)
    return bool(m) and len(phrase[m.end():].split()) <= 2
