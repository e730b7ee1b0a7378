"""Is this article about a tech service outage? Weighted cue groups from `cues.yaml`.

Launches, prices, deals, bans, hacks without downtime, planned maintenance, debunks and
electricity blackouts pull the score down; outage vocabulary pushes it up. Cues in the lead
(title and first paragraph) count double: they say what the story is about.
"""

from __future__ import annotations

import math
import re

from .. import grammar
from .context import Context

LEAD_WEIGHT = 2.0
MAX_HITS_PER_GROUP = 6  # per CAP_CHARS: an article should not win on repetition alone
CAP_CHARS = 3000  # longer texts (live blogs, digests) get a cap in proportion to their length,
# else the capped outage group loses to a few hits of each other group summed
OUTAGE = "outage"  # the group of outage words
# what carries a negation from one hit to the next: its object ("من") or an alternative ("أو",
# "ولا", after at most one word: "انقطاع الشبكة أو بطء الإنترنت"), normalised
NEGATION_CARRIES = grammar.pattern("relevance", "negation_carries")
NEGATOR_REACH = 16  # characters back from a hit to the start of a negator that ends right before it
# one word and "أو"/"ولا" between a negator and the hit it also negates, normalised
ALTERNATIVE = grammar.pattern("relevance", "alternative")
ALTERNATIVE_REACH = 24  # (the word and its "أو")
TITLE_WORDS = 4  # a line this long may be the title; shorter ones are datelines and site names
WORD = re.compile(r"[^\W\d_]")  # a letter: a token with one is a word
TITLE_REACH = 300  # ... looked for this far into the text


def relevance_score(ctx: Context) -> float:
    head, score = ctx.head, 0.0
    cap = MAX_HITS_PER_GROUP * max(1, math.ceil(len(ctx.text) / CAP_CHARS))
    # the names in the lead, but one told as still working ("والشبكات الخلوية تصمد") or as
    # watching the others' traffic ("«كلاودفلير» ترصد")
    names = [
        s
        for group in ("vendor", "service")
        for s, e, _ in ctx.hits(group)
        if s < head and ctx.named_working(e) is None and not ctx.named_observer(e)
    ]
    named = bool(names)
    # a cue in a title that names nothing tells what the story is about, named below or not
    # ("انقطاع الكهرباء عن مناطق واسعة في الكويت": the blackout, though the lead names «سهل»)
    title = _title_end(ctx.text)
    title_named = any(s < title for s in names)
    for name, (weight, pattern) in ctx.cues.relevance.items():
        # a line of links to other stories says nothing of this one
        found = [m for m in ctx.matches(pattern) if not ctx.in_related_links(m.start())]
        if name in ctx.cues.relevance_unless and found:
            unless, reach = ctx.cues.relevance_unless[name]
            found = [m for m in found if not unless.search(ctx.text, m.end(), m.end() + reach)]
        if name == OUTAGE and found:
            # outage words about an earlier incident ("في يوليو 2024، أوقف تحديث معيب ملايين
            # الحواسيب") are no evidence of this story's
            found = [m for m in found if not ctx.after_earlier_incident(m.start())]
        negated = ctx.cues.relevance_negated.get(name)
        if negated is not None and found:
            found = _unnegated(ctx, negated, found)
        hits = [LEAD_WEIGHT if m.start() < head else 1.0 for m in found]
        if hits and named and (title_named or found[0].start() >= title):
            weight = ctx.cues.relevance_named[name]
        most = min(cap, ctx.cues.relevance_max_hits.get(name, cap))
        score += weight * sum(sorted(hits, reverse=True)[:most])
    return score


def _title_end(text: str) -> int:
    """Where the title line ends: the first line of `TITLE_WORDS` words or more near the top
    (a dateline such as "تونس - وات" or a site's name may come first); else the first line."""
    start = 0
    while start < TITLE_REACH:
        end = text.find("\n", start)
        if end < 0:
            return len(text)
        if sum(1 for w in text[start:end].split() if WORD.search(w)) >= TITLE_WORDS:
            return end  # (words with letters: "البصرة – «ميسان نيوز»" is a dateline of three)
        start = end + 1
    return text.find("\n")


def _unnegated(
    ctx: Context, negators: re.Pattern[str], found: list[re.Match[str]]
) -> list[re.Match[str]]:
    """The hits no negator governs: one right after a negator, and one its negated neighbour
    carries the negation to ("لم نلاحظ أي بطء أو انقطاع", "لا أحد اشتكى من انقطاع")."""
    kept, carried = [], -1  # where the last negated hit ends
    for m in found:
        if _negated(ctx, negators, m.start()) or (
            carried >= 0 and NEGATION_CARRIES.fullmatch(ctx.text, carried, m.start())
        ):
            carried = m.end()
        else:
            kept.append(m)
    return kept


def _negated(ctx: Context, negators: re.Pattern[str], start: int) -> bool:
    """Whether a negator ends right before `start` ("من دون أي انقطاع", "وليس عطلا"), or before
    the alternative `start` follows ("لم تتعرض لأي اختراق أو توقف")."""
    lo = max(0, start - NEGATOR_REACH - ALTERNATIVE_REACH)
    return any(
        n.end() >= start - 1 or ALTERNATIVE.fullmatch(ctx.text, n.end(), start) is not None
        for n in negators.finditer(ctx.text, lo, start)
    )


def confidence(score: float, outage: bool) -> float:
    """How sure the verdict is: a logistic of the cue score, read for the verdict given."""
    p = 1.0 / (1.0 + math.exp(-score / 3.0))
    return round(p if outage else 1.0 - p, 3)
