"""Durations: "قرابة ساعتين", "لأكثر من أربع ساعات", "لبضع ساعات", "من نصف الساعة إلى ساعة واحدة".

One regex per shape (a range, a single measure with its hedges, a clock range) built from
models/temporal/units.yaml; Python then checks what a regex cannot cheaply say: a bare "ساعة" is
a duration only after a cue ("لمدة ساعة", "بعد ساعة"), "الساعة" alone is a clock word, "يوم
الاثنين" is a day, not a duration.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

from .. import grammar
from ..schema import Duration, Qualifier
from . import numbers, times
from .data import (
    ARTICLE,
    CONJUNCTIONS,
    OPTIONAL_ARTICLE,
    alt,
    compile_grammar,
    hits,
    index,
    load,
    phrase,
    starts_before,
    unnamed,
    variants,
    words,
)
from .match import Match

REACH = 60  # characters a duration reaches left of its unit word
EVERY_REACH = 20  # "كل" and a number before a unit: how often ("كل 3 ساعات")


UnitName = Literal["second", "minute", "hour", "day", "week", "month", "year"]
HOUR_REACH = 24  # characters back from a clock's minutes to its hour ("الساعة 7 و")
# a rate, not a length, right after a duration ("ساعتين يومياً", "ثلاث ساعات في اليوم"), normalised
PER_PERIOD = grammar.pattern("durations", "per_period")
FRACTIONS = grammar.words("durations", "fractions")  # "ونصف", "نصف الساعة"
PREPOSITION = grammar.text("durations", "preposition")  # (a character set) "بساعتين", "لأكثر"
AND_THEN = grammar.text("durations", "and_then")  # "ساعة ونصف"
FRACTION_PLURALS = grammar.text("durations", "fraction_plurals")  # "وثلاثة أرباع"
EXCEPT = grammar.text("durations", "except")  # "إلا ربعاً"
EXCEPT_WORD = grammar.text("durations", "except_word")
MINUS_FRACTIONS = grammar.text("durations", "minus_fractions")
ACCUSATIVE_ENDING = grammar.text("durations", "accusative_ending")
MOMENT_LEAD = grammar.text("durations", "moment_lead")  # "في لحظات", "للحظات"
MOMENT_AGAIN = grammar.pattern("durations", "moment_again")  # "لحظة بلحظة": no length
MOMENT_REACH = 8  # characters back from a moment word to the one it repeats
WORD_START = grammar.text("durations", "word_start")  # (after a glued "و" or "ف")
DAY_WORD = grammar.text("durations", "day_word")  # "يوم الجمعة"
CLOCK_RANGE_OPENERS = grammar.words("durations", "clock_range_openers")  # "من", "بين"
BETWEEN = grammar.text("durations", "between")
BETWEEN_OPENERS = grammar.words("durations", "between_openers")  # "بين", "ما بين"
AND = grammar.text("durations", "and")
HOUR_WORD = grammar.text("durations", "hour_word")  # "الساعة"
TODAY = grammar.text("durations", "today")
EVERY = grammar.text("durations", "every")  # "كل 3 ساعات"
EACH_OF = frozenset(grammar.words("durations", "each_of"))  # "كل منها"
_RANGE_MARKS = "-–" + AND  # what joins a range's sides right after the first


@dataclass(frozen=True, slots=True)
class Unit:
    name: UnitName
    seconds: float | None  # None for months and years (no fixed length)
    months: int  # 1 for month, 12 for year, 0 otherwise
    iso: str


@dataclass(frozen=True, slots=True)
class Amount:
    """A measured amount: `value` of `unit` (vague when value is None)."""

    unit: Unit | None
    value: float | None

    @property
    def minutes(self) -> float | None:
        if self.unit is None or self.value is None or self.unit.seconds is None:
            return None
        minutes = self.value * self.unit.seconds / 60
        # "ساعتين و10 دقائق" is 2 + 1/6 hours, whose float is a hair under 130 minutes
        whole = round(minutes)
        return float(whole) if abs(minutes - whole) < 1e-9 else minutes


@dataclass(frozen=True)
class Lexicon:
    forms: dict[str, tuple[Unit, str]]  # unit form -> (unit, "one" | "two" | "plural")
    units: dict[str, Unit]
    hedges: dict[str, Qualifier]
    post: dict[str, Qualifier]
    cues_lead: list[str]
    cues_context: frozenset[str]
    one_after: list[str]
    vague_words: list[str]
    moment_of: list[str]  # "لحظة كتابة هذا الخبر": the moment of writing, no length
    point_after: frozenset[str]  # "ساعة متأخرة": an hour told as early or late is a when
    all_through: list[str]  # "طوال", "طيلة" before a night or day: all through it
    all_through_spans: list[str]
    vague_quantifiers: list[str]
    range_open: list[str]
    range_to: list[str]
    clock_range_to: list[str]  # "من الساعة 23h50 إلى غاية الساعة 3h20"
    range_words: frozenset[str]  # words that open or join a range, with clitics
    blockers: frozenset[str]  # words after a bare unit that make it a date ("يوم الاثنين")
    # "إلى حدود الساعة" (Maghrebi: as of now): this hedge on a definite unit, after these words
    so_far_hedges: frozenset[str]
    so_far_leads: frozenset[str]


@cache
def lexicon() -> Lexicon:
    data = load("units")
    forms: dict[str, tuple[Unit, str]] = {}
    units: dict[str, Unit] = {}
    for name, spec in data["units"].items():
        minutes = spec["minutes"]
        unit = Unit(
            cast(UnitName, name),
            None if minutes is None else round(minutes * 60, 6),
            {"month": 1, "year": 12}.get(name, 0),
            spec["iso"],
        )
        units[name] = unit
        for number in ("singular", "dual", "plural"):
            for w in words(spec[number]):
                forms.setdefault(w, (unit, {"singular": "one", "dual": "two"}.get(number, number)))
    hedges = {w: q for q, ws in data["hedges_before"].items() for w in words(ws)}
    post = {w: q for q, ws in data["hedges_after"].items() for w in words(ws)}
    cal = load("calendar")
    moment_of = words(data["moment_of"])
    point_after = frozenset(words(data["point_after"]))
    blockers = {
        *words(w for ws in cal["weekdays"].values() for w in ws),
        *words(w for ws in cal["months"].values() for w in ws),
        # "العشر الأواخر من شهر رمضان": a Hijri month's name (its first word) after the unit
        *(w.split()[0] for w in words(w for ws in cal["hijri_months"].values() for w in ws)),
        *words(w for r in cal["relative_days"] for w in r["forms"]),
        *moment_of,  # "حتى ساعة إعداد هذا الخبر": a moment, not an hour
        *point_after,  # "في ساعة متأخرة": when, not how long
    }
    ctx = {w.split()[-1] for w in words(data["cues_context"] + data["cues_lead"])}
    ctx |= {w.split()[-1] for w in hedges}
    return Lexicon(
        forms,
        units,
        hedges,
        post,
        words(data["cues_lead"]),
        frozenset(ctx),
        words(data["one_after"]),
        words(data["vague_words"]),
        moment_of,
        point_after,
        words(data["all_through"]),
        words(data["all_through_spans"]),
        words(data["vague_quantifiers"]),
        words(data["range_open"]),
        words(data["range_to"]),
        words(data["clock_range_to"]),
        frozenset(
            variants(
                w for p in data["range_open"] + data["range_to"] for w in words([p])[0].split()
            )
        ),
        frozenset(blockers),
        frozenset(words(data["so_far"]["hedges"])),
        frozenset(variants(words(data["so_far"]["after"]))),
    )


@cache
def measure_pattern() -> str:
    """Number? + unit (+ "واحدة"/"كاملة") (+ "ونصف" / "إلا ربع" / "و30 دقيقة")."""
    lx = lexicon()
    num = numbers.run_pattern()
    unit = alt(lx.forms)
    two = alt(w for w, (_, n) in lx.forms.items() if n == "two")
    frac = alt(FRACTIONS)
    article, prep = OPTIONAL_ARTICLE, PREPOSITION
    return (
        rf"(?:(?P<num>{num})\s+|){prep}?(?P<unit>{article}{unit})(?!\w)"
        rf"(?:\s+(?P<one>{alt(lx.one_after)})(?!\w)|)"
        # ("ساعة ونصف الساعة": the unit said again after its fraction)
        rf"(?:{AND_THEN}(?P<frac>{article}{frac})(?:\s+{article}{unit}|)(?!\w)"
        # "ساعتين وثلاثة أرباع الساعة": a fraction in words, its unit said again or not
        rf"|{AND_THEN}(?P<fracs>{num}\s+{FRACTION_PLURALS})(?:\s+{article}{unit})?(?!\w)"
        rf"|{EXCEPT}(?P<minus>{MINUS_FRACTIONS}){ACCUSATIVE_ENDING}(?!\w)"
        rf"|{AND_THEN}(?P<num2>{num})\s+(?P<unit2>{unit})(?!\w)"
        rf"|{AND_THEN}(?P<unit3>{two})(?!\w)|)"
    )


@cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    prep = PREPOSITION
    hedge = rf"(?:{prep}?(?P<hedge>{alt(lx.hedges)})\s+|)"  # (optional, as are post and anon_hedge)
    post = rf"(?:\s+(?P<post>{alt(lx.post)})(?!\w)|)"
    vague = (
        rf"{prep}?(?P<vq>{alt(lx.vague_quantifiers)})\s+{prep}?(?P<vunit>{alt(lx.forms)})(?!\w)"
        rf"|(?P<moment>{MOMENT_LEAD}{alt(lx.vague_words)})(?!\w)"
        rf"(?!\s+(?:{alt(lx.moment_of)})(?!\w))"
        rf"|(?P<through>(?:{alt(lx.all_through)})\s+(?:{alt(lx.all_through_spans)})"
        rf"(?:\s+(?:{alt(times.vocab().weekdays)})|))(?!\w)"
    )
    single = (
        rf"{WORD_START}(?:(?P<cue>{alt(lx.cues_lead)})\s+|){hedge}"
        rf"(?:{vague}|{measure_pattern()}){post}"
    )
    side = rf"(?:{unnamed(measure_pattern())}|{numbers.run_pattern()})"
    anon_hedge = rf"(?:{prep}?{alt(lx.hedges)}\s+|)"
    rng = (
        rf"{WORD_START}(?:(?P<ropen>{alt(lx.range_open)})\s+|){anon_hedge}(?P<lo>{side})"
        rf"\s*(?P<conn>{alt(lx.range_to)})\s*{anon_hedge}(?P<hi>{side}){unnamed(post)}"
    )
    clock = unnamed(times.clock_pattern())
    # A side may name its day ("الساعة 22h30 من مساء الجمعة إلى غاية الساعة 2h15 من صباح السبت")
    # ... or the day relative to publication ("من التاسعة مساء أمس الأحد حتى الواحدة من صباح اليوم")
    weekday = alt(times.vocab().weekdays)
    day = rf"(?:\s+(?:(?:{alt(_relative_days())})(?:\s+{weekday})?|{DAY_WORD}{weekday})(?!\w)|)"
    # ... or its time zone ("من الساعة 9 صباحاً بتوقيت القاهرة وحتى الواحدة ظهراً")
    zone = rf"(?:\s+{unnamed(times.zone_pattern())}|)"
    # "و" joins two clocks only after "بين" ("بين التاسعة والحادية عشرة صباحاً"); a comma may
    # stand before "إلى" ("من الساعة 9h40 صباحا بتوقيت الجزائر، إلى غاية الساعة 11h10")
    clock_range = (
        rf"{WORD_START}(?:(?P<copen>{'|'.join(CLOCK_RANGE_OPENERS)})\s+|)(?P<c1>{clock})(?P<d1>{day})"
        rf"{zone}(?:(?:\s*[،,])?\s+(?:{alt(lx.clock_range_to)})\s+|\s*(?P<cand>{AND})\s*)"
        rf"(?P<c2>{clock})"
        rf"(?P<d2>{day})"
    )
    return (
        compile_grammar(single),
        compile_grammar(rng),
        compile_grammar(clock_range),
        compile_grammar(measure_pattern()),
    )


def at(ntext: str, pos: int) -> Match[Duration] | None:
    """The longest duration starting at pos; a bare unit counts (the caller saw a cue)."""
    single, rng, clock_range, _ = _regexes()
    m = single.match(ntext, pos)
    best = _single(m, standalone=False, cued=True) if m is not None else None
    if _may_be_range(ntext, pos, m):
        for rx, reader in ((rng, _range), (clock_range, _clock_range)):
            r = rx.match(ntext, pos)
            got = reader(r) if r is not None else None
            if got is not None and (best is None or got.end > best.end):
                best = got
    return best


def read(text: str) -> Duration | None:
    """The duration a whole phrase states (bare units allowed: the caller saw a cue)."""
    single, rng, clock_range, _ = _regexes()
    for rx, reader in ((rng, _range), (clock_range, _clock_range)):
        m = rx.fullmatch(text)
        got = reader(m) if m is not None else None
        if got is not None:
            return got.value
    m = single.fullmatch(text)
    got = _single(m, standalone=True) if m is not None else None
    return got.value if got is not None else None


@cache
def forms() -> frozenset[str]:
    """Trigger words: unit forms (any clitic, the article) and the words of vague phrases."""
    lx = lexicon()
    vague = [w for phrase in lx.vague_words for w in phrase.split() if len(w) > 2]
    return frozenset(variants(lx.forms, article=True) | variants([*vague, *lx.all_through_spans]))


@cache
def left_forms() -> frozenset[str]:
    """Words that may stand left of the unit inside a duration (numbers, hedges, cues)."""
    lx = lexicon()
    phrases = [
        *lx.hedges,
        *lx.cues_lead,
        *lx.vague_quantifiers,
        *lx.range_open,
        *lx.range_to,
        *lx.one_after,
        *lx.forms,
        *lx.vague_words,
        *lx.all_through,
        *FRACTIONS,
        EXCEPT_WORD,
    ]
    parts = {w for phrase in phrases for w in phrase.split()}
    return frozenset(variants(parts, article=True) | numbers.forms())


# --- reading a match ------------------------------------------------------------------------------


def amount(m: re.Match[str]) -> tuple[Amount, int] | None:
    """The amount a `measure_pattern` match states, and where its number starts."""
    lx = lexicon()
    unit_text = phrase(m.group("unit"))
    definite = unit_text.startswith(ARTICLE) and unit_text not in lx.forms
    unit, number = lx.forms[unit_text[len(ARTICLE) :] if definite else unit_text]
    start = m.start("unit")
    value: float | None
    if m.group("num") is not None:
        toks = numbers.tokens(m.string, m.start("num"), m.end("num"))
        parts = numbers.compose(toks)
        if not parts or parts[-1][1] != len(toks) - 1:
            return None
        value = parts[-1][2]
        first = parts[-1][0]  # a number after another ("2025 ثلاث ساعات") starts at its token
        start = toks[first].start if first else m.start("num")
        if definite and value >= 1:
            return None  # "3 الساعات" is not a phrase; "نصف الساعة" is
    elif definite and number != "two" and not _hedged_hour(m, number):
        return None  # "الساعة" (clock word), "الساعات الماضية" (a window, see offsets)
    else:
        value = {"one": 1.0, "two": 2.0}.get(number)
    if value is None:
        return Amount(unit, None), start
    if m.group("frac"):
        value += numbers.lexicon()[phrase(m.group("frac")).removeprefix(ARTICLE)].value
    elif m.group("fracs"):
        toks = numbers.tokens(m.string, m.start("fracs"), m.end("fracs"))
        parts = numbers.compose(toks)
        if not parts or not 0 < parts[-1][2] < 1:
            return None  # "وثلاثة أرباع" is under one unit; anything else is another number
        value += parts[-1][2]
    elif m.group("minus"):
        value -= numbers.lexicon()[phrase(m.group("minus"))].value
    elif m.group("unit2"):
        extra = _second_part(m, unit)
        if extra is None:
            return None
        value += extra
    elif m.group("unit3"):
        other, _ = lx.forms[phrase(m.group("unit3"))]
        value += _convert(2.0, other, unit) or 0.0
    return Amount(unit, value), start


def _after_hour(text: str, pos: int) -> bool:
    """Whether `pos` follows "و" (as a clitic or a word) right after the hour of a clock: an
    ordinal ("السابعة و45"), or a number after "الساعة" ("الساعة 7 و45")."""
    if text.startswith(AND, pos):
        pos += 1  # (a match may hold its clitic)
    elif not text.endswith(AND, 0, pos):
        return False
    before = text[max(0, pos - HOUR_REACH) : pos - 1].split()
    if not before:
        return False
    if before[-1].startswith(ARTICLE) and before[-1] in times.vocab().hours:
        return True
    return before[-1].isdigit() and len(before) > 1 and before[-2] == HOUR_WORD


def _hedged_hour(m: re.Match[str], number: str) -> bool:
    """ "استمر قرابة الساعة": a hedge before a definite singular unit makes it about one (not
    "قرابة الساعة العاشرة" nor "نحو الساعة 3", a time)."""
    if number != "one" or not m.groupdict().get("hedge") or phrase(m.group("unit")) == TODAY:
        return False  # ("حوالي اليوم": today)
    nxt = _next_word(m.string, m.end("unit"))
    return not (nxt[:1].isdigit() or nxt in times.vocab().hours or nxt in lexicon().blockers)


def _second_part(m: re.Match[str], unit: Unit) -> float | None:
    """The second amount of "ساعة و30 دقيقة", in the first one's unit."""
    other, number = lexicon().forms[phrase(m.group("unit2"))]
    parts = numbers.compose(numbers.tokens(m.string, m.start("num2"), m.end("num2")))
    if len(parts) != 1:
        return None
    return _convert(parts[0][2], other, unit)


def _convert(value: float, src: Unit, dst: Unit) -> float | None:
    if src.seconds is not None and dst.seconds is not None:
        return value * src.seconds / dst.seconds
    if src.months and dst.months:
        return value * src.months / dst.months
    return None


def make(amount_: Amount, qualifier: Qualifier, low: Amount | None = None) -> Duration:
    unit, value = amount_.unit, amount_.value
    if value is None:
        qualifier = "vague"
    return Duration(
        minutes=amount_.minutes,
        qualifier=qualifier,
        min_minutes=low.minutes if low is not None else None,
        unit=unit.name if unit else None,
        value=value,
        iso=iso(amount_),
        span=None,
    )


def iso(a: Amount) -> str | None:
    """ISO 8601 duration: PT2H, PT1H30M, P2D, P3W, P2M, P1Y6M."""
    if a.unit is None or a.value is None:
        return None
    if a.unit.seconds is None:  # months and years keep their unit
        if a.unit.months == 12 and a.value != int(a.value):
            years, months = divmod(round(a.value * 12, 6), 12)
            return f"P{_num(years)}Y{_num(months)}M" if years else f"P{_num(months)}M"
        return f"P{_num(a.value)}{a.unit.iso}"
    seconds = round(a.value * a.unit.seconds, 6)
    if a.unit.name == "week" and seconds % 604800 == 0:
        return f"P{_num(seconds / 604800)}W"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join(f"{_num(v)}{c}" for v, c in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)
    out = "P" + (f"{_num(days)}D" if days else "") + (f"T{time}" if time else "")
    return out if out != "P" else "PT0S"


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


# --- finding -------------------------------------------------------------------------------------


def find_durations(ntext: str) -> list[Match[Duration]]:
    """Every duration in normalised text (span=None; the caller maps spans)."""
    return _find(ntext, standalone=False)


def _find(ntext: str, standalone: bool) -> list[Match[Duration]]:
    regexes = _regexes()[:3]
    left = left_forms()
    out: list[Match[Duration]] = []
    end = 0
    for p in hits(ntext, forms()):
        if p < end:
            continue
        for s in starts_before(ntext, p, left, REACH):
            if s < end:
                continue
            got = _at(ntext, s, p, standalone, regexes)
            if got is None and s == p and ntext[p] in CONJUNCTIONS:
                got = _at(ntext, p + 1, p, standalone, regexes)  # "وساعتين"
            if got is not None and got.value.unit == "minute" and _after_hour(ntext, got.start):
                got = None  # "الساعة السابعة و45 دقيقة مساءً": a clock's minutes, not a length
            if got is not None and PER_PERIOD.match(ntext, got.end):
                got = None  # "التغذية لأكثر من ساعتين يومياً": a daily ration, not a length
            if got is not None:
                out.append(got)
                end = got.end
                break
    return _with_clock_ranges(ntext, out)


def _with_clock_ranges(ntext: str, found: list[Match[Duration]]) -> list[Match[Duration]]:
    """Add the clock ranges that hold no unit word ("من العاشرة صباحاً حتى الواحدة ظهراً"), which
    the unit words above cannot find, where they overlap nothing found."""
    clock_range = _regexes()[2]
    starts = [f.start for f in found]  # (found are in text order and do not overlap)
    extra = []
    for pos in _clock_openers(ntext):
        r = clock_range.match(ntext, pos)
        got = _clock_range(r) if r is not None else None
        if got is not None and not _overlaps(found, starts, got):
            extra.append(got)
    return sorted(found + extra, key=lambda f: f.start) if extra else found


def _overlaps(found: list[Match[Duration]], starts: list[int], m: Match[Duration]) -> bool:
    """Does `m` overlap one of `found` (in text order, not overlapping)? In log time."""
    i = bisect_left(starts, m.end)  # found[:i] start before m ends
    return i > 0 and found[i - 1].end > m.start


_WORD = re.compile(r"\w")


def _every_before(ntext: str, start: int) -> bool:
    """ "كل" right before `start`, or before a number right before it ("كل 3 ساعات") or "each of
    them" ("مدة كل منها دقيقتان")."""
    words = ntext[max(0, start - EVERY_REACH) : start].split()
    if words[-1:] == [EVERY]:
        return True
    return (
        len(words) >= 2
        and words[-2] == EVERY
        and (words[-1][0].isdigit() or words[-1] in numbers.forms() or words[-1] in EACH_OF)
    )


def _clock_openers(ntext: str) -> list[int]:
    """Where a clock range may open: "من"/"بين" (a word, or after "و"/"ف") before a clock hour
    or digits. Each opener's regex starts with its literal word, which the engine finds by a
    fast scan, where a lookbehind first would be tried at every position."""
    found = []
    for rx in _clock_opener_regexes():
        for m in rx.finditer(ntext):
            p = m.start()
            if p == 0 or ntext[p - 1] in CONJUNCTIONS or not _WORD.match(ntext, p - 1):
                found.append(p)
    return sorted(found)


@cache
def _clock_opener_regexes() -> tuple[re.Pattern[str], ...]:
    hours = alt(times.vocab().hours)
    ahead = rf"\s+(?=\d|(?:{hours})(?!\w))"
    return tuple(compile_grammar(word + ahead) for word in CLOCK_RANGE_OPENERS)


def _at(
    ntext: str, s: int, p: int, standalone: bool, regexes: tuple[re.Pattern[str], ...]
) -> Match[Duration] | None:
    """The longest duration starting at s that reaches the unit word at p."""
    single, rng, clock_range = regexes
    m = single.match(ntext, s)
    best = _single(m, standalone) if m is not None and m.end() > p else None
    if _may_be_range(ntext, s, m):
        # (a range after a length cue: "استمر نحو نصف ساعة إلى ساعة" ranges from "نحو")
        at = _after_cue(m) if m is not None and m.group("cue") else s
        for rx, reader in ((rng, _range), (clock_range, _clock_range)):
            if rx is clock_range and HOUR_WORD not in ntext[s : p + 8]:
                continue
            r = rx.match(ntext, at)
            got = reader(r) if r is not None and r.end() > p else None
            if got is not None and (best is None or got.end > best.end):
                best = got
    return best


def _may_be_range(ntext: str, s: int, single: re.Match[str] | None) -> bool:
    """Only try the range grammars where a range can start or continue."""
    lx = lexicon()
    if single is None or index(ntext).first_word(s) in lx.range_words:
        return True
    rest = ntext[single.end() : single.end() + 6].lstrip()
    return rest[:1] in _RANGE_MARKS or rest.split(" ", 1)[0] in lx.range_words


def _after_cue(m: re.Match[str]) -> int:
    """Where the duration after a lead cue begins ("لمدة 3 ساعات": at "3")."""
    start = m.end("cue")
    while m.string[start].isspace():
        start += 1
    return start


def _single(m: re.Match[str], standalone: bool, cued: bool = False) -> Match[Duration] | None:
    """A single duration; `cued`: an outer cue ("بعد", "منذ") licenses a bare unit."""
    lx = lexicon()
    start = m.start()
    if _every_before(m.string, start):
        return None  # "يشهد كل سنة انقطاعات", "كل 3 ساعات": how often, not how long
    if m.group("cue"):  # "لمدة 3 ساعات": the cue licenses the duration but is not part of it
        start = _after_cue(m)
    if m.group("moment") and MOMENT_AGAIN.search(m.string, max(0, start - MOMENT_REACH), start):
        return None  # "تابع العطل لحظة بلحظة": moment by moment
    if m.group("vq"):
        unit, _ = lx.forms.get(phrase(m.group("vunit")), (None, ""))
        if unit is None:
            return None
        return Match(start, m.end(), make(Amount(unit, None), "vague"))
    if m.group("moment"):
        return Match(start, m.end(), make(Amount(None, None), "vague"))
    if m.group("through"):  # "طوال ليلة الأحد": the phrase whole, its lead word included
        return Match(m.start("through"), m.end(), make(Amount(None, None), "vague"))
    got = amount(m)
    if got is None:
        return None
    a, num_start = got
    hedge, post = m.group("hedge"), m.group("post")
    bare = m.group("num") is None
    if bare and not _licensed(m, hedge, lx, standalone, cued):
        return None
    if not bare and m.group("num") and num_start > m.start("num"):
        start, hedge = num_start, None  # "2025 ثلاث ساعات": only the number next to the unit
    qualifier: Qualifier = "exact"
    if hedge:
        qualifier = lx.hedges[_strip_clitic(phrase(hedge), lx.hedges)]
    elif post:
        qualifier = lx.post[phrase(post)]
    return Match(start, m.end(), make(a, qualifier))


def _licensed(
    m: re.Match[str], hedge: str | None, lx: Lexicon, standalone: bool, cued: bool = False
) -> bool:
    """May a unit without a number stand here as a duration? A phrase given alone ("ثانية")
    may; in running text a bare singular needs a cue ("لمدة ساعة", "بعد يوم")."""
    unit_text = phrase(m.group("unit"))
    if (
        hedge
        and phrase(hedge) in lx.so_far_hedges
        and unit_text.startswith(ARTICLE)
        and _prev_word(m.string, m.start()) in lx.so_far_leads
    ):
        return False  # "ولم تصدر ميتا أي تعليق إلى حدود الساعة": as of now, not an hour
    _, number = lx.forms.get(unit_text.removeprefix(ARTICLE), (None, "one"))
    nxt = _next_word(m.string, m.end("unit"))
    if number == "one":
        if (
            nxt in lx.blockers
            or nxt[:1].isdigit()
            or (nxt.startswith(ARTICLE) and nxt[len(ARTICLE) :] in lx.blockers)
        ):
            return False  # "يوم الاثنين", "عام 2025", "شهر مارس"
        if m.group("one") or m.group("frac") or m.group("minus") or m.group("unit2"):
            return True
        if nxt.startswith(ARTICLE) and nxt not in lx.range_words:
            # "يوم الرواتب", "ساعة الذروة": the day/hour of something ("إلى" is no article:
            # "منذ أكثر من ساعة إلى حدود كتابة هذه السطور")
            return False
    elif (
        number == "plural"
        and nxt.startswith(ARTICLE)
        and nxt not in lx.range_words  # ("أشارت عقب دقائق إلى أنها": "إلى" is no article)
        and not m.group("one")
    ):
        return False  # "ساعات العمل", "أيام الأسبوع": a noun phrase, not a length
    elif number == "plural" and nxt in lx.point_after:
        return False  # "في ساعات متأخرة من الليل": when, not how long
    if number != "one":
        return True
    if hedge or m.group("cue") or cued:
        return True
    if standalone and m.start() == 0 and not m.string[m.end() :].strip():
        return True
    prev = _prev_word(m.string, m.start())
    return prev in lx.cues_context or prev[1:] in lx.cues_context


def _strip_clitic(word: str, table: dict[str, Qualifier]) -> str:
    return word if word in table else word[1:]


def _prev_word(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and i - j < 20 and (text[j - 1].isalnum()):
        j -= 1
    return text[j:i]


def _next_word(text: str, pos: int) -> str:
    i = pos
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    j = i
    while j < n and j - i < 20 and (text[j].isalnum()):
        j += 1
    return text[i:j]


def _side(text: str) -> Amount | float | None:
    """One side of a range: an amount with a unit, or a bare number."""
    _, _, _, measure = _regexes()
    m = measure.fullmatch(text)
    if m is not None:
        got = amount(m)
        return got[0] if got else None
    parts = numbers.compose(numbers.tokens(text, 0, len(text)))
    return parts[0][2] if len(parts) == 1 else None


def _range(m: re.Match[str]) -> Match[Duration] | None:
    ropen, conn = m.group("ropen"), m.group("conn")
    lo, hi = _side(m.group("lo")), _side(m.group("hi"))
    if lo is None or hi is None or (isinstance(lo, float) and isinstance(hi, float)):
        return None
    if conn == AND and ropen not in BETWEEN_OPENERS and not (ropen or "").endswith(BETWEEN):
        return None  # "3 و4 ساعات" without بين is not a range
    if conn in ("-", "–") and not isinstance(lo, float):
        return None
    if isinstance(lo, float):
        assert isinstance(hi, Amount)
        lo = Amount(hi.unit, lo)
    if isinstance(hi, float):
        hi = Amount(lo.unit, hi)
    if lo.value is None or hi.value is None or lo.unit is None or hi.unit is None:
        return None
    if (lo.minutes or 0) > (hi.minutes or 0) and lo.unit.seconds and hi.unit.seconds:
        return None
    return Match(m.start(), m.end(), make(hi, "range", low=lo))


def _clock_range(m: re.Match[str]) -> Match[Duration] | None:
    """A clock range ("من الساعة 23h55 إلى الساعة 3h15"): the difference, exact. A side whose half
    of the day is not said is read in the half that makes the range shortest ("من 11 إلى 2")."""
    if m.group("cand") and m.group("copen") != BETWEEN:
        return None
    a, b = times.clock_reading(m.group("c1")), times.clock_reading(m.group("c2"))
    if a is None or b is None or not (a[2] or b[2]):
        return None
    days = _days_between(m.group("d1"), m.group("d2"))
    if days is None:
        spans = [(second - first) % 1440 for first in _halves(a) for second in _halves(b)]
    else:  # both days named: the range may span more than one night
        spans = [days * 1440 + second - first for first in _halves(a) for second in _halves(b)]
    minutes = min((span for span in spans if span > 0), default=0)
    if not minutes:
        return None
    return Match(
        m.start(), m.end(), make(Amount(lexicon().units["minute"], float(minutes)), "exact")
    )


def _days_between(first: str, second: str) -> int | None:
    """Days from the first side's day to the second's, when both name one: relative to
    publication ("أمس" ... "اليوم") or by weekday."""
    relative, weekdays = _relative_days(), times.vocab().weekdays
    sides = [side.split() for side in (first, second)]
    if all(words and words[0] in relative for words in sides):
        return relative[sides[1][0]] - relative[sides[0][0]]
    if all(words and words[-1] in weekdays for words in sides):
        return (weekdays[sides[1][-1]] - weekdays[sides[0][-1]]) % 7
    return None


@cache
def _relative_days() -> dict[str, int]:
    """One-word days relative to publication that a clock range's side may name ("أمس")."""
    return {
        word: offset
        for word, (offset, part) in times.vocab().relative.items()
        if part is None and offset in (-1, 0) and " " not in word and not word.isascii()
    }


def _halves(reading: tuple[int, bool, bool]) -> tuple[int, ...]:
    minutes, known, _ = reading
    return (minutes,) if known else (minutes, minutes + 720)
