"""Is this article about a tech service outage? Weighted cue groups from `cues.yaml`.

Launches, prices, deals, bans, hacks without downtime, planned maintenance, debunks and
electricity blackouts pull the score down; outage vocabulary pushes it up. Cues in the lead
(title and first paragraph) count double: they say what the story is about.
"""

from __future__ import annotations

import math

from .context import Context

LEAD_WEIGHT = 2.0
MAX_HITS_PER_GROUP = 6  # a long article should not win on repetition alone


def relevance_score(ctx: Context) -> float:
    text, head, score = ctx.text, ctx.head, 0.0
    for weight, pattern in ctx.cues.relevance.values():
        hits = [LEAD_WEIGHT if m.start() < head else 1.0 for m in pattern.finditer(text)]
        score += weight * sum(sorted(hits, reverse=True)[:MAX_HITS_PER_GROUP])
    return score


def is_outage(ctx: Context, has_subject: bool) -> tuple[bool, float]:
    """(verdict, confidence): an outage needs outage cues to win and a service that failed."""
    score = relevance_score(ctx)
    confidence = 1.0 / (1.0 + math.exp(-score / 3.0))
    verdict = has_subject and score > 0
    return verdict, round(confidence if verdict else 1.0 - confidence, 3)
