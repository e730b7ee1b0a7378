"""Relative offsets between reported events: "بعد مرور نحو 12 دقيقة", "وعقب دقائق", "منذ ساعتين".

An offset is a cue plus a duration (the durations grammar reads the amount), a duration plus a
trailing cue ("لحظات بعد ذلك"), a window ending at publication ("خلال الساعات الماضية"), or a
phrase with no amount ("لاحقا"). The cue fixes what it counts from (models/temporal/offsets.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from .. import grammar as grammar_data  # (`grammar` below is this module's)
from ..schema import Anchor, Duration, Offset
from . import durations, numbers
from .data import (
    ARTICLE,
    COMMON,
    CONJUNCTIONS,
    OPTIONAL_ARTICLE,
    alt,
    compile_grammar,
    hits,
    index,
    load,
    phrase,
    starts_before,
    trigger_word,
    variants,
    words,
)
from .match import Match

REACH = 50  # characters a duration reaches left of a trailing cue ("لحظات بعد ذلك")
# an offset phrase starts a word, after an optional conjunction ("وبعد ذلك")
LEAD = grammar_data.text("offsets", "lead")


@dataclass(frozen=True)
class Cue:
    anchor: str  # previous / start / publication / auto
    within: bool = False
    event: bool = False


@dataclass(frozen=True)
class Vocab:
    before: dict[str, Cue]
    after: dict[str, Cue]
    standalone: dict[str, Cue]
    from_event: list[str]
    start_events: list[str]
    previous_events: list[str]
    recent_lead: list[str]
    recent_tail: list[str]
    auto_min: float
    auto_units: frozenset[str]
    coarse: frozenset[str]
    approx_minutes: dict[str, float]
    bounds: dict[str, tuple[float | None, float | None]]


@cache
def vocab() -> Vocab:
    data = load("offsets")

    def cues(section: str) -> dict[str, Cue]:
        out: dict[str, Cue] = {}
        for entry in data[section]:
            cue = Cue(entry["anchor"], bool(entry.get("within")), bool(entry.get("event")))
            for w in words(entry["forms"]):
                out.setdefault(w, cue)
        return out

    auto = data["auto_anchor"]
    return Vocab(
        before=cues("before"),
        after=cues("after"),
        standalone=cues("standalone"),
        from_event=words(data["from_event"]),
        start_events=words(data["start_events"]),
        previous_events=words(data["previous_events"]),
        recent_lead=words(data["recent_lead"]),
        recent_tail=words(data["recent_tail"]),
        auto_min=float(auto["start_min_minutes"]),
        auto_units=frozenset(auto["start_vague_units"]),
        coarse=frozenset(data["coarse_units"]),
        approx_minutes={k: float(v) for k, v in data["approx_minutes"].items()},
        bounds={k: (v[0], v[1]) for k, v in data["vague_bounds"].items()},
    )


@cache
def points_back() -> re.Pattern[str]:
    """An explicit pointer to the event reported before ("بعد ذلك", "بعدها", "من بيان الهيئة"):
    the cues that count from `previous` and are no window, and the events named as before."""
    v = vocab()
    forms = [
        w
        for table in (v.before, v.after)
        for w, cue in table.items()
        if cue.anchor == "previous" and not cue.within
    ] + list(v.previous_events)
    return compile_grammar(rf"(?<!\w)(?:{alt(forms)})(?!\w)")


@dataclass(frozen=True)
class Grammar:
    recent: re.Pattern[str]  # "خلال الساعات الماضية"
    alone: re.Pattern[str]  # "لاحقا"
    before: re.Pattern[str]  # the cue of "بعد مرور نحو 12 دقيقة" (the duration grammar follows)
    after: re.Pattern[str]  # the cue of "لحظات بعد ذلك", right after its duration
    trailing: re.Pattern[str]  # that cue alone, to find where the text has one (`Trailing`)
    event: re.Pattern[str]  # "... من الانقطاع": from the start; "... من ذلك": from the last update


@cache
def grammar() -> Grammar:
    v = vocab()
    unit = alt(w for w in durations.lexicon().forms)
    lead = LEAD
    return Grammar(
        recent=compile_grammar(
            rf"{lead}(?:{alt(v.recent_lead)})\s+(?P<recent>{OPTIONAL_ARTICLE}(?:\d+\s*|){OPTIONAL_ARTICLE}{unit})"
            rf"\s+(?:{alt(v.recent_tail)})(?!\w)"
        ),
        alone=compile_grammar(rf"{lead}(?P<alone>{alt(v.standalone)})(?!\w)"),
        before=compile_grammar(rf"{lead}(?P<bcue>{alt(v.before)})\s+"),
        after=compile_grammar(rf"\s+(?P<acue>{alt(v.after)})(?!\w)"),
        trailing=compile_grammar(rf"(?:{alt(v.after)})(?!\w)"),
        event=compile_grammar(
            rf"\s+(?:(?:{alt(v.from_event)})\s+(?P<event>{alt(v.start_events)})"
            rf"|(?P<prev>{alt(v.previous_events)}))(?!\w)"
        ),
    )


@cache
def forms() -> tuple[frozenset[str], frozenset[str]]:
    """(trigger words, words an offset may start with left of its trigger)."""
    v = vocab()
    phrases = [*v.before, *v.standalone, *v.after]
    trig = {trigger_word(p) for p in phrases} | set(v.recent_tail)
    lx = durations.lexicon()
    inner = [
        *lx.forms,
        *lx.hedges,
        *lx.vague_words,
        *lx.vague_quantifiers,
        *lx.one_after,
        *phrases,
        *v.recent_lead,
    ]
    left = {w for p in inner for w in p.split()}
    return frozenset(variants(trig)), frozenset(variants(left, article=True) | numbers.forms())


@cache
def _filters() -> tuple[frozenset[str], frozenset[str]]:
    """(trigger words of phrases that need no amount, words that announce an amount)."""
    v = vocab()
    lx = durations.lexicon()
    alone = frozenset(variants(trigger_word(p) for p in v.standalone))
    parts = [*lx.hedges, *lx.vague_quantifiers, *lx.vague_words]
    tails = [w for p in [*v.before, *v.after] for w in p.split()[1:]]  # "مرور", "ذلك"
    telling = {w for p in parts for w in p.split() if w not in COMMON} | set(tails)
    amounts = durations.forms() | numbers.forms() | frozenset(variants(telling))
    return alone, amounts


@cache
def _kinds() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words that open an offset phrase, first words of trailing cues, duration words)."""
    v = vocab()
    opening = frozenset().union(*openers().values())
    trailing = frozenset(variants(p.split()[0] for p in v.after))
    return opening, trailing, durations.forms() | numbers.forms()


def _worth(ntext: str, p: int) -> bool:
    """Cheap look around a trigger word before running the grammar: an amount must follow it
    ("بعد نحو ساعتين") or precede it ("لحظات بعد ذلك", "الساعات الماضية"), unless the phrase
    needs none ("لاحقا")."""
    alone, amounts = _filters()
    flat = index(ntext).flat
    after = flat[p : p + 48].split()
    if not after or after[0] in alone:
        return True
    before = flat[max(0, p - 32) : p].split()
    near = after[1:4] + [_unclitic(w) for w in before[-1:]]
    return any(w in amounts or w[0].isdigit() or w[-1].isdigit() for w in near)


def _unclitic(word: str) -> str:
    """A word without a leading conjunction ("ولحظات" -> "لحظات")."""
    return word[1:] if word[:1] in CONJUNCTIONS and len(word) > 3 and word not in _own() else word


def find_offsets(ntext: str) -> list[Match[Offset]]:
    """Every relative offset in normalised text, in text order."""
    g = grammar()
    trig, left = forms()
    out: list[Match[Offset]] = []
    end = 0
    idx = index(ntext)
    opening, trailing, amounts = _kinds()
    cues = Trailing(ntext, g)
    for p in hits(ntext, trig):
        if p < end or not _worth(ntext, p):
            continue
        word = idx.first_word(p)
        prev = idx.flat[max(0, p - 32) : p].split()[-1:]
        if word not in opening or (word in trailing and prev and _unclitic(prev[0]) in amounts):
            starts = starts_before(ntext, p, left, REACH)  # the phrase starts further left
        else:
            starts = starts_before(ntext, p, left, 8)  # at most a short lead ("وفي تحديث")
        for s in starts:
            if s < end:
                continue
            got = _at(ntext, s, p, g, cues)
            if got is not None:
                out.append(got)
                end = got.end
                break
    return out


class Trailing:
    """Where the text's trailing cues are ("بعد ذلك", "لاحقا"), so that a duration is read at a
    start only when one can follow it: one that starts after the start and ends past the trigger.
    Found from the occurrences of their first words (str.find beats a regex scan)."""

    __slots__ = ("starts", "reach")

    def __init__(self, ntext: str, g: Grammar) -> None:
        cues: list[tuple[int, int]] = []
        for w in _trailing_heads():
            i = ntext.find(w)
            while i != -1:
                m = g.trailing.match(ntext, i)
                if m is not None:
                    cues.append((i, m.end()))
                i = ntext.find(w, i + 1)
        cues.sort()
        self.starts = [q for q, _ in cues]
        self.reach = [e for _, e in cues]  # the furthest end of the cues from here on
        for k in range(len(cues) - 2, -1, -1):
            self.reach[k] = max(self.reach[k], self.reach[k + 1])

    def after(self, s: int, p: int) -> bool:
        """Can a cue start after s and end past p?"""
        k = bisect_right(self.starts, s)
        return k < len(self.starts) and self.reach[k] > p


@cache
def _trailing_heads() -> list[str]:
    """First words of the trailing cues, less those another one begins ("بعدها" after "بعد")."""
    heads = {p.split()[0] for p in vocab().after}
    return sorted(w for w in heads if not any(o != w and w.startswith(o) for o in heads))


def _at(ntext: str, s: int, p: int, g: Grammar, cues: Trailing) -> Match[Offset] | None:
    """The offset starting at s that reaches the trigger word at p."""
    v = vocab()
    first = index(ntext).first_word(s)
    kinds = openers()
    for rx, kind in ((g.recent, "recent"), (g.alone, "alone")):
        m = rx.match(ntext, s) if first in kinds[kind] else None
        if m is not None and m.end() > p:
            off = _offset(m)
            if off is not None:
                return Match(m.start(), m.end(), off)
    if first in kinds["before"]:
        c = g.before.match(ntext, s)
        d = durations.at(ntext, c.end()) if c is not None else None
        if c is not None and d is not None:
            e = g.event.match(ntext, d.end)
            end = e.end() if e is not None else d.end
            if end > p:
                cue = v.before[phrase(c.group("bcue"))]
                if e is not None and e.group("prev"):
                    cue = Cue("previous", cue.within)  # "بعد ساعتين من ذلك": from the last update
                return Match(s, end, _make(d.value, cue, e.group("event") if e else None))
    if not cues.after(s, p):
        return None  # no trailing cue can follow a duration read here
    d = durations.at(ntext, s + 1 if ntext[s] in CONJUNCTIONS and first not in _own() else s)
    a = g.after.match(ntext, d.end) if d is not None else None
    if d is not None and a is not None and a.end() > p:
        return Match(d.start, a.end(), _make(d.value, v.after[phrase(a.group("acue"))], None))
    return None


@cache
def _own() -> frozenset[str]:
    """Duration words that begin with و or ف themselves (not a conjunction)."""
    all_forms = durations.left_forms() | durations.forms()
    # a form whose rest is a form too ("ولحظات") is a clitic variant, not a word of its own
    return frozenset(w for w in all_forms if w[:1] in CONJUNCTIONS and w[1:] not in all_forms)


@cache
def openers() -> dict[str, frozenset[str]]:
    """First words (with a clitic) of each kind of offset phrase."""
    v = vocab()
    first = {"recent": v.recent_lead, "alone": list(v.standalone), "before": list(v.before)}
    return {k: frozenset(variants(p.split()[0] for p in ps)) for k, ps in first.items()}


def _offset(m: re.Match[str]) -> Offset | None:
    """A standalone phrase ("لاحقا") or a window ending at publication."""
    v = vocab()
    if "alone" in m.re.groupindex:
        return _make(None, v.standalone[phrase(m.group("alone"))], None)
    recent = phrase(m.group("recent"))
    d = durations.read(recent.removeprefix(ARTICLE)) or _vague_plural(recent)
    return _make(d, Cue("publication", within=True), None) if d else None


def _vague_plural(text: str) -> Duration | None:
    """A definite plural ("الساعات" in "خلال الساعات الماضية"): a vague number of hours."""
    unit = durations.lexicon().forms.get(text.removeprefix(ARTICLE))
    if unit is None:
        return None
    return durations.make(durations.Amount(unit[0], None), "vague")


def _make(d: Duration | None, cue: Cue, event: str | None) -> Offset:
    v = vocab()
    minutes = None if d is None else d.minutes
    if d is not None and minutes is None and d.value is not None and d.unit in v.approx_minutes:
        minutes = d.value * v.approx_minutes[d.unit]
    qualifier = "vague" if d is None else d.qualifier
    approx = (
        qualifier != "exact"
        or cue.within
        or minutes is None
        or (d is not None and d.unit in v.coarse)
    )
    lo, hi = _bounds(d, minutes, qualifier, cue)
    return Offset(
        minutes=minutes,
        approx=approx,
        relative_to=_anchor(cue, d, minutes, event),
        min_minutes=lo,
        max_minutes=hi,
    )


def _bounds(
    d: Duration | None, minutes: float | None, qualifier: str, cue: Cue
) -> tuple[float | None, float | None]:
    v = vocab()
    if minutes is None:
        if d is None:
            return None, None  # "لاحقا": no amount, no bound
        return v.bounds.get(d.unit or "moment", (None, None))
    if qualifier == "range" and d is not None:
        return d.min_minutes, minutes
    if qualifier == "at_least":
        return minutes, None
    if qualifier == "at_most" or cue.within:
        return None, minutes
    return None, None


def _anchor(cue: Cue, d: Duration | None, minutes: float | None, event: str | None) -> Anchor:
    v = vocab()
    if event or cue.event:
        return "start"
    if cue.anchor != "auto":
        return cue.anchor  # type: ignore[return-value]
    if minutes is not None and minutes >= v.auto_min:
        return "start"
    if minutes is None and d is not None and d.unit in v.auto_units:
        return "start"
    return "previous"
