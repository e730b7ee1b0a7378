"""Points in time: clock times, parts of day, weekdays, relative days, dates, time zones.

One regex finds *atoms* (a clock time with its cue and part of day, a date, a weekday, a relative
day, a part-of-day noun, a zone phrase); atoms separated only by glue ("من", "يوم", "،", brackets)
form one point ("مساء يوم أمس الثلاثاء، 17 فبراير 2026"). Days resolve against the publication
date: the most recent such day on or before it, since news reports the past.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from .. import grammar
from ..schema import PartOfDay, TimePoint
from . import numbers
from .data import (
    ARTICLE,
    OPTIONAL_ARTICLE,
    alt,
    compile_grammar,
    hits,
    load,
    phrase,
    starts_before,
    unnamed,
    variants,
    words,
)
from .match import Match

REACH = 40  # characters an atom reaches left of its trigger word (cues, day numbers)
HALF_DAY = 720  # minutes
BETWEEN_REACH = 10  # characters before a range's first clock to the word that opens it ("ما بين")
FEMININE_ENDING = grammar.text("times", "feminine_ending")  # (normalised ة)
TEEN_TENS = grammar.words("times", "teen_tens")  # "عشر", "عشرة"
AND_WORD = grammar.text("times", "and_word")
MINUTE_WORDS = grammar.words("times", "minute_words")  # "دقيقة", "دقائق"
MINUTE_ACCUSATIVE = grammar.text("times", "minute_accusative")  # "دقيقةً"
HOUR_MARK = grammar.text("times", "hour_mark")  # "14سا30", as "14h30"
OPTIONAL_FROM = grammar.text("times", "optional_from")  # (a regex piece) "من" or nothing
YEAR_WORDS = grammar.text("times", "year_words")  # (a regex piece) "عام 2025"
MONTH_WORD = grammar.text("times", "month_word")  # "شهر مارس"
DAY_WORD = grammar.text("times", "day_word")  # "يوم الاثنين"
ATOM_START = grammar.text("times", "atom_start")  # (a regex piece, after an optional و or ف)
GHAIN = grammar.text("times", "ghain")  # "ت.غ" splits at the dot
TODAY = grammar.text("times", "today")
TONIGHT = grammar.text("times", "tonight")
AND = grammar.pattern("times", "and")  # "السابعة و45", "بين 08:47 و09:12"


@dataclass(frozen=True)
class Zone:
    minutes: int  # offset from UTC in standard time
    dst: str | None  # us / eu / egypt


@dataclass(frozen=True)
class Vocab:
    hours: dict[str, int]
    weekdays: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    months: dict[str, int]
    hijri: dict[str, int]
    hijri_markers: list[str]
    relative: dict[str, tuple[int, PartOfDay | None]]
    today_not_after: frozenset[str]
    today_not_before: frozenset[str]
    date_name_heads: frozenset[str]
    pods: dict[str, PartOfDay]
    pod_nouns: dict[str, PartOfDay]
    shift: dict[PartOfDay, object]
    pod_hours: dict[PartOfDay, tuple[int, int]]
    ampm: dict[str, str]
    named: dict[str, str]
    cues: list[str]
    tails: list[str]
    clock_words: list[str]
    fractions: dict[str, int]
    minus: list[str]
    days: dict[str, int]
    zones: dict[str, Zone]
    zone_codes: dict[str, Zone]
    zone_lead: list[str]
    glue: list[str]


@cache
def vocab() -> Vocab:
    cal, num, zdata = load("calendar"), load("numbers"), load("zones")
    ords: dict[int, list[str]] = {int(k): words(v) for k, v in num["ordinals"].items()}
    units = {int(k): words(v) for k, v in num["units"].items()}
    hours: dict[str, int] = {}
    fem = {
        h: [w for w in ws if w.endswith(FEMININE_ENDING)] for h, ws in ords.items()
    }  # clock hours are feminine
    for h in range(1, 11):
        for w in fem[h] + units[h]:
            hours.setdefault(w, h)
            hours.setdefault(ARTICLE + w if not w.startswith(ARTICLE) else w, h)
    for h, first in ((11, fem[1] + units[1]), (12, fem[2] + units[2])):
        for w in first:
            for ten in TEEN_TENS:
                hours.setdefault(f"{w} {ten}", h)
    for h, ws in num["teens"].items():
        if int(h) <= 12:
            for w in words(ws):
                hours.setdefault(w, int(h))
    zones: dict[str, Zone] = {}
    codes: dict[str, Zone] = {}
    for z in zdata["zones"]:
        zone = Zone(_offset_minutes(str(z["offset"])), z.get("dst"))
        for w in words(z["phrases"] + z.get("codes", [])):
            zones.setdefault(w, zone)
        for w in words(z.get("codes", [])):
            codes.setdefault(w, zone)
    return Vocab(
        hours=hours,
        weekdays={w: int(d) for d, ws in cal["weekdays"].items() for w in words(ws)},
        past=frozenset(words(cal["past_markers"])),
        future=frozenset(words(cal["future_markers"])),
        months={w: int(m) for m, ws in cal["months"].items() for w in words(ws)},
        hijri={w: int(m) for m, ws in cal["hijri_months"].items() for w in words(ws)},
        hijri_markers=words(cal["hijri_markers"]),
        relative={
            w: (int(r["days"]), r.get("part_of_day"))
            for r in cal["relative_days"]
            for w in words(r["forms"])
        },
        today_not_after=frozenset(words(cal["today_not_after"])),
        today_not_before=frozenset(words(cal["today_not_before"])),
        date_name_heads=frozenset(variants(words(cal["date_name_heads"]), article=True)),
        pods={w: p for p, spec in cal["parts_of_day"].items() for w in words(spec["forms"])},
        pod_nouns={w: p for p, ws in cal["part_of_day_nouns"].items() for w in words(ws)},
        shift={p: spec["shift"] for p, spec in cal["parts_of_day"].items()},
        pod_hours={p: tuple(spec["hours"]) for p, spec in cal["parts_of_day"].items()},
        ampm={w: k for k, ws in cal["ampm"].items() for w in words(ws)},
        named={w: t for t, ws in cal["named_times"].items() for w in words(ws)},
        cues=words(cal["clock_cues"]),
        tails=words(cal["clock_tail"]),
        clock_words=words(cal["clock_words"]),
        fractions={w: int(m) for m, ws in cal["clock_fractions"].items() for w in words(ws)},
        minus=words(cal["clock_minus"]),
        days=_day_words(num),
        zones=zones,
        zone_codes=codes,
        zone_lead=words(zdata["zone_lead"]),
        glue=words(cal["glue"]),
    )


def _day_words(num: dict[str, Any]) -> dict[str, int]:
    """Ordinal day-of-month words: الأول .. العاشر, الحادي عشر .. التاسع عشر, الخامس والعشرين."""
    ords = {int(k): words(v) for k, v in num["ordinals"].items()}
    tens = {int(k): words(v) for k, v in num["ordinal_tens"].items()}
    out: dict[str, int] = {}
    for d, ws in ords.items():
        for w in ws:
            out.setdefault(w, d)
            if d < 10:
                for ten in TEEN_TENS:
                    out.setdefault(f"{w} {ten}", d + 10)
    for t, tws in tens.items():
        for tw in tws:
            out.setdefault(tw, t)
            for d in range(1, 10 if t == 20 else 2):
                for w in ords[d]:
                    out.setdefault(f"{w} {AND_WORD}{tw}", t + d)
    return out


def _offset_minutes(text: str) -> int:
    if text.upper() == "UTC":
        return 0
    sign = -1 if text.startswith("-") else 1
    hh, _, mm = text.lstrip("+-").partition(":")
    return sign * (int(hh) * 60 + int(mm or 0))


# --- the atom grammar ----------------------------------------------------------------------------


@cache
def clock_pattern() -> str:
    """A clock time with its cue, minutes, part of day and tail (named groups)."""
    v = vocab()
    num = numbers.run_pattern()
    frac = alt(v.fractions)
    article, and_ = OPTIONAL_ARTICLE, AND.pattern
    minutes = "|".join(MINUTE_WORDS)
    minutes_any = "|".join([*MINUTE_WORDS, MINUTE_ACCUSATIVE])
    digits_told = rf"(?<![:.h]\d\d)(?<!{HOUR_MARK}\d\d)"  # (after digits that gave the minutes)
    return (
        rf"(?:(?P<ccue>{alt(v.cues)})\s+|)(?:(?P<cw>{alt(v.clock_words)})\s+|)"
        # a dot after the clock ends the sentence ("الساعة 3:20."), unless a digit follows (8.45)
        rf"(?:{article}(?P<hd>\d{{1,2}})(?:(?P<hsep>[:.h]|{HOUR_MARK})(?P<md>\d{{2}})(?::\d{{2}}|)|)"
        rf"(?![\d,:]|\.\d)"
        rf"|(?P<mil>[0-2]\d[0-5]\d)(?!\d)|(?P<hw>{alt(v.hours)})(?!\w))"
        # minutes in words, unless the digits gave them ("بين 08:47 و09:12" is two clocks)
        rf"(?:{digits_told}{and_}(?P<mfrac>{frac})(?!\w)"
        rf"|{digits_told}{and_}(?P<mnum>\d{{1,2}}(?!\d)|{num})(?:\s+(?:{minutes_any})(?!\w)|)"
        rf"|{digits_told}\s+{alt(v.minus)}\s+(?P<mminus>{frac}|\d{{1,2}}|{num})"
        rf"(?:\s+(?:{minutes})(?!\w)|)"
        rf"|\s+(?P<mdq>{minutes})(?!\w)|)"
        rf"(?:\s*(?P<ampm>{alt(v.ampm)})(?![\w.])|)"
        rf"(?:\s+{OPTIONAL_FROM}(?P<pod>{alt(v.pods)})(?!\w)|)"
        rf"(?:\s+(?P<ctail>{alt(v.tails)})(?!\w)|)"
    )


@cache
def zone_pattern() -> str:
    v = vocab()
    codes = alt(v.zone_codes)
    explicit = r"\s*(?P<zsign>[+-])\s*(?P<zh>\d{1,2})(?::?(?P<zm>\d{2})|)(?!\d)"
    return (
        rf"(?:(?:{alt(v.zone_lead)})\s+(?P<zphrase>{alt(v.zones)})(?!\w)"
        rf"|\(?(?P<zcode>{codes})(?![\w.]))(?:{explicit}|)\)?"
    )


@cache
def atom_regex() -> re.Pattern[str]:
    v = vocab()
    months = alt(v.months)
    hijri = alt(v.hijri)
    day = rf"(?:{OPTIONAL_ARTICLE}\d{{1,2}}(?!\d)|{alt(v.days)})"  # "الـ10 من مارس" -> "ال10"
    year = rf"(?:{OPTIONAL_FROM}{YEAR_WORDS}\s+|)(?P<year>\d{{4}})(?!\d)"
    date = (
        rf"(?P<day>{day})\s*{OPTIONAL_FROM}(?:{MONTH_WORD}\s+|)(?P<mon>{months})(?!\w)"
        rf"(?:\s*[/(]\s*{months}\s*\)?|)(?:\s*[،,]?\s*{year}|)"
        rf"|(?P<mon1>{months})\s+(?P<day1>\d{{1,2}})(?!\d)(?:\s*[،,]\s*(?P<year1>\d{{4}})|)"
        rf"|(?P<hday>{day})\s*{OPTIONAL_FROM}(?P<hmon>{hijri})(?!\w)(?:\s*(?P<hyear>\d{{4}})|)"
        rf"(?:\s*(?:{alt(v.hijri_markers)})(?!\w)|)"
        rf"|(?P<nd>\d{{1,2}})(?P<ns>[/.-])(?P<nm>\d{{1,2}})(?P=ns)(?P<ny>\d{{4}})(?!\d)"
        rf"(?:\s*(?P<nh>{alt(v.hijri_markers)})(?!\w)|)"
        rf"|(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?!\d)"
        rf"|(?P<sd>\d{{1,2}})/(?P<sm>\d{{1,2}})(?![\d/])"
    )
    marks = alt([*v.past, *v.future])
    named = rf"(?:(?P<ncue>{alt(v.cues)})\s+|)(?P<named>{alt(v.named)})(?!\w)"
    return compile_grammar(
        rf"{ATOM_START}(?:(?P<date>{date})"
        rf"|(?P<rel>{alt(v.relative)})(?!\w)"
        rf"|{named}"
        rf"|(?:(?P<wpre>{DAY_WORD})\s+|)(?P<wd>{alt(v.weekdays)})(?!\w)(?:\s+(?P<wmark>{marks})(?!\w)|)"
        rf"|(?P<clock>{clock_pattern()})"
        rf"|(?P<zone>{zone_pattern()})"
        rf"|(?P<podw>{alt(v.pods)})(?!\w))"
    )


# Words too common to trigger an atom; they only extend one to the left.
_COMMON = frozenset(grammar.words("times", "common"))


@cache
def forms() -> tuple[frozenset[str], frozenset[str]]:
    """(trigger words, words an atom may start with left of its trigger)."""
    v = vocab()
    phrases = [
        *v.weekdays,
        *v.months,
        *v.hijri,
        *v.relative,
        *v.pods,
        *v.named,
        *v.zone_lead,
        *v.zone_codes,
        *v.clock_words,
    ]
    trig = {w for p in phrases for w in p.split() if w not in _COMMON or p == w}
    trig |= {GHAIN}  # "ت.غ" splits at the dot
    clock_parts = [*v.fractions, *v.minus, *v.tails, *MINUTE_WORDS, AND_WORD]
    left = {
        w
        for p in [*phrases, *v.cues, *v.days, *v.hours, *v.glue, *clock_parts, MONTH_WORD, DAY_WORD]
        for w in p.split()
    }
    return (
        frozenset(variants(trig, article=True)),
        frozenset(variants(left, article=True) | numbers.forms()),
    )


@cache
def _glue_regex() -> re.Pattern[str]:
    return re.compile(rf"[\s،,()\[\]\-–/]*(?:(?:{alt(vocab().glue)})(?!\w)[\s،,()\[\]\-–/]*|)")


# --- atoms ---------------------------------------------------------------------------------------


@dataclass
class Atom:
    kind: str  # clock, named, date, rel, weekday, zone, pod, day_before (a range's opening side)
    start: int
    end: int
    strong: bool = True
    minutes: int | None = None  # clock: minutes since midnight (before the part-of-day shift)
    pod: PartOfDay | None = None
    pod_shift: bool = False  # clock: was the part of day stated with it
    cue: str | None = None  # clock: its own cue word ("حتى" in "حتى الساعة الواحدة")
    day: date | None = None  # date: a full date
    month_day: tuple[int, int] | None = None  # date without year
    rel: int | None = None
    weekday: int | None = None
    mark: str | None = None  # past / future
    zone: Zone | None = None
    fixed: str | None = None  # an explicit offset ("+03:00") or "UTC"
    hijri: bool = False  # date: read from the Hijri calendar (tabular, maybe a day off)
    same_day: bool = False  # rel: "مساء اليوم نفسه", the day of the point told just before


@cache
def _clock_regex() -> re.Pattern[str]:
    return compile_grammar(clock_pattern())


def clock_reading(text: str) -> tuple[int, bool, bool] | None:
    """A clock phrase on its own ("الساعة الواحدة و25 دقيقة بعد الزوال") -> (minutes on the
    24-hour clock, whether its half of the day is known, whether it is surely a clock: "العاشرة"
    alone is only a clock beside one that is, as in "من العاشرة حتى الواحدة ظهراً")."""
    m = _clock_regex().fullmatch(text)
    if m is None:
        return None
    atom = _clock(m)
    if atom is None or atom.minutes is None:
        return None
    minutes = _shift(atom.minutes, atom.pod)
    known = atom.pod is not None or minutes >= 720 or minutes < 60
    return minutes, known, atom.strong


@cache
def _definite_cardinals() -> frozenset[str]:
    """Cardinals from three to ten with the article ("الثلاث", "الخمسة"): an hour only after a
    clock word ("الساعة تلاتة"); the hours themselves are ordinals ("الثالثة"), and one o'clock is
    "الواحدة" either way."""
    units = {int(k): words(v) for k, v in load("numbers")["units"].items()}
    hours = vocab().hours
    forms = {ARTICLE + w for h in range(3, 11) for w in units[h]}
    return frozenset(f for f in forms if f in hours)


def _clock(m: re.Match[str]) -> Atom | None:
    v = vocab()
    g = m.group
    if g("hd") is not None:
        hour, minute = int(g("hd")), int(g("md")) if g("md") else 0
    elif g("mil") is not None:
        hour, minute = int(g("mil")[:2]), int(g("mil")[2:])
    else:
        if g("cw") and not g("cw").startswith(ARTICLE) and not g("hw").startswith(ARTICLE):
            return None  # "ساعة واحدة" is one hour; one o'clock is "الساعة الواحدة"
        if not g("cw") and g("hw") in _definite_cardinals():
            return None  # "منصات «ميتا» الثلاث مساء أمس": the three, not three o'clock
        hour, minute = v.hours[g("hw")], 0
    if g("mfrac"):
        minute = v.fractions[g("mfrac")]
    elif g("mnum"):
        minute = _minute_value(g("mnum"))
    elif g("mminus"):
        minus = v.fractions.get(g("mminus")) or _minute_value(g("mminus"))
        hour, minute = (hour - 1) % 24, 60 - minus
    if hour > 24 or not 0 <= minute < 60:
        return None
    if g("mdq") and not (g("cw") or g("hsep")):
        return None  # "عشر دقائق": an amount of minutes ("الساعة 10:30 دقيقة" is a clock)
    pod = v.pods.get(g("pod") or "")
    if g("ampm"):
        pod = "morning" if v.ampm[g("ampm")] == "am" else "afternoon"
    told = bool(g("cw") or (g("hsep") in (":", "h", HOUR_MARK)) or g("mdq"))
    said = bool(pod or g("mfrac") or g("mnum") or g("mminus"))
    if g("hsep") == "." and not (g("cw") or g("mdq") or pod):
        told = said = False  # "8.45" alone is a decimal number
    strong = told or (said and g("mil") is None)
    if g("hd") is not None and g("hsep") is None and not (g("cw") or pod):
        strong = False  # a bare number: a clock only next to a zone
    start, end = (m.start("clock"), m.end("clock")) if "clock" in m.re.groupindex else m.span()
    return Atom(
        "clock",
        start,
        end,
        strong=strong,
        minutes=hour * 60 + minute,
        pod=pod,
        pod_shift=pod is not None,
        cue=g("ccue"),
    )


def _minute_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    parts = numbers.compose(numbers.tokens(text, 0, len(text)))
    return int(parts[0][2]) if len(parts) == 1 else -1


def _shift(minutes: int, pod: PartOfDay | None) -> int:
    """24-hour clock from a 12-hour one and the stated part of day."""
    hour, minute = divmod(minutes, 60)
    rule = vocab().shift.get(pod) if pod else None
    if rule is True and hour < 12:
        hour += 12
    elif rule == "noon" and 1 <= hour <= 6:
        hour += 12
    elif rule == "night" and 6 <= hour < 12:
        hour += 12
    elif rule == "night" and hour == 12:
        hour = 0
    elif pod in ("morning", "dawn") and hour == 12:
        hour = 0
    return (hour % 24) * 60 + minute


def _atom(m: re.Match[str], ntext: str) -> Atom | None:
    v = vocab()
    g = m.group
    if g("clock") is not None:
        a = _clock(m)
        if a is not None and not a.strong and not _support_follows(ntext, a.end):
            return None  # a bare number, not a clock
        return a
    if g("named") is not None:
        hh, mm = v.named[g("named")].split(":")
        return Atom("named", m.start(), m.end(), minutes=int(hh) * 60 + int(mm))
    if g("date") is not None:
        before = ntext[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1] in v.date_name_heads:
            return None  # "مدينة 6 أكتوبر": a place named for a date
        return _date(m)
    if g("rel") is not None:
        return _relative(m, ntext)
    if g("wd") is not None:
        return _weekday(m)
    if g("zone") is not None:
        return _zone(m)
    if g("podw") is not None:
        return Atom("pod", m.start(), m.end(), strong=False, pod=v.pods[g("podw")])
    return None


@cache
def _support_regex() -> re.Pattern[str]:
    """What makes a bare hour a clock time when it follows: a zone or a part of day."""
    v = vocab()
    pods = alt([*v.pods, *(w for w, (_, pod) in v.relative.items() if pod)])
    return compile_grammar(rf"[ (]{{0,4}}(?:{unnamed(zone_pattern())}|{OPTIONAL_FROM}{pods}(?!\w))")


def _support_follows(ntext: str, pos: int) -> bool:
    return _support_regex().match(ntext, pos) is not None


def _date(m: re.Match[str]) -> Atom | None:
    v = vocab()
    g = m.group
    a = Atom("date", m.start(), m.end())
    try:
        if g("mon") or g("mon1"):
            d = _day_number(g("day") or g("day1"))
            mon = v.months[g("mon") or g("mon1")]
            y = g("year") or g("year1")
            if y:
                a.day = date(int(y), mon, d)
            else:
                date(2000, mon, d)  # validates the day
                a.month_day = (mon, d)
        elif g("hmon"):
            d = _day_number(g("hday"))
            if not g("hyear"):
                return None
            a.day, a.hijri = hijri_to_gregorian(int(g("hyear")), v.hijri[g("hmon")], d), True
        elif g("ny"):
            y, mon, d = int(g("ny")), int(g("nm")), int(g("nd"))
            a.day = hijri_to_gregorian(y, mon, d) if g("nh") else date(y, mon, d)
            a.hijri = bool(g("nh"))
        elif g("iy"):
            a.day = date(int(g("iy")), int(g("im")), int(g("id")))
        else:
            mon, d = int(g("sm")), int(g("sd"))
            date(2000, mon, d)
            a.month_day, a.strong = (mon, d), False
    except (ValueError, KeyError):
        return None
    return a


def _day_number(text: str) -> int:
    """A day of the month in digits, with the article ("ال10"), or in words ("العاشر")."""
    digits = text.removeprefix(ARTICLE)
    return int(digits) if digits.isdigit() else vocab().days[text]


def _relative(m: re.Match[str], ntext: str) -> Atom | None:
    v = vocab()
    rel = phrase(m.group("rel"))
    days, pod = v.relative[rel]
    if (rel == TODAY or rel.endswith(" " + TODAY)) and _same_day_after(ntext, m.end("rel")):
        # "مساء اليوم نفسه": the day just named (`find_times` gives it that point's date)
        return Atom("rel", m.start(), _past_same_day(ntext, m.end("rel")), pod=pod, same_day=True)
    if rel == TODAY and not _names_today(ntext, m.start("rel"), m.end("rel")):
        return None
    if rel == TONIGHT and _described(ntext, m.end("rel")):
        return None  # "في الليلة الأولى من رمضان": a night named, not tonight
    return Atom("rel", m.start(), m.end(), rel=days, pod=pod)


def _past_same_day(ntext: str, end: int) -> int:
    """The end of the "نفسه" / "ذاته" after "اليوم" (without a mark that follows it)."""
    word = ntext[end : end + 16].split()[0].rstrip("،,.")  # (as `_same_day_after` read it)
    return ntext.index(word, end) + len(word)


def _names_today(ntext: str, start: int, end: int) -> bool:
    """Whether "اليوم" names today: not in "حتى اليوم", "نفس اليوم", "اليوم نفسه", "اليوم
    التالي"."""
    v = vocab()
    before = ntext[max(0, start - 12) : start].split()
    if before and (before[-1] in v.today_not_after or before[-1][1:] in v.today_not_after):
        return False
    if _same_day_after(ntext, end):
        return False
    return not _described(ntext, end)


def _described(ntext: str, end: int) -> bool:
    """Whether a word with the article that names no weekday or part of day follows `end`
    ("اليوم التالي", "الليلة الأولى"): the day or night it describes, not today's."""
    v = vocab()
    after = ntext[end : end + 16].split()
    nxt = after[0] if after else ""
    return nxt.startswith(ARTICLE) and nxt not in v.weekdays and nxt not in v.pods


def _same_day_after(ntext: str, end: int) -> bool:
    """ "نفسه", "ذاته" right after "اليوم": the day just named, not today."""
    after = ntext[end : end + 16].split()
    return bool(after) and after[0].rstrip("،,.") in vocab().today_not_before


def _weekday(m: re.Match[str]) -> Atom | None:
    v = vocab()
    form = m.group("wd")
    if (
        not form.startswith(ARTICLE)
        and not m.group("wpre")
        and form.isalpha()
        and not form.isascii()
    ):
        return None  # "أحد" / "اثنين" alone are numbers
    mark = m.group("wmark")
    return Atom(
        "weekday",
        m.start(),
        m.end(),
        weekday=v.weekdays[form],
        mark=("past" if mark in v.past else "future") if mark else None,
    )


def _zone(m: re.Match[str]) -> Atom | None:
    v = vocab()
    g = m.group
    phrase = g("zphrase") or g("zcode")
    zone = v.zones.get(phrase) if g("zphrase") else v.zone_codes.get(phrase)
    if zone is None:
        return None
    a = Atom("zone", m.start(), m.end(), strong=False, zone=zone)
    if g("zsign"):
        mins = int(g("zh")) * 60 + int(g("zm") or 0)
        a.fixed = format_offset(zone.minutes + (mins if g("zsign") == "+" else -mins))
    return a


# --- grouping and resolution ---------------------------------------------------------------------


def _collect(ntext: str) -> list[Atom]:
    rx = atom_regex()
    trig, left = forms()
    atoms: list[Atom] = []
    end = 0
    # Neighbouring triggers share starts: an atom read at s depends on s alone, so a start that
    # gave none is not read again (one that gave an atom lies before `end` from then on).
    failed: set[int] = set()
    for p in hits(ntext, trig, digits=True):
        if p < end or (ntext[p].isdigit() and not _clockish(ntext, p)):
            continue
        for s in starts_before(ntext, p, left, REACH):
            if s < end or s in failed:
                continue
            m = rx.match(ntext, s)
            a = _atom(m, ntext) if m is not None else None
            if a is None or m is None:
                failed.add(s)
                continue
            atoms.append(a)  # may end before p: "(0700 بتوقيت" gives two atoms
            end = m.end()
            if end > p:
                break
    return atoms


def _clockish(ntext: str, p: int) -> bool:
    """Digits that may open a time or a date by themselves: 13:42, 23h55, 21/09/2025, 2025-06-10."""
    q, stop = p, min(len(ntext), p + 5)
    while q < stop and ntext[q].isdigit():
        q += 1
    return q < len(ntext) - 1 and ntext[q] in ":h/-." and ntext[q + 1].isdigit()


def _groups(ntext: str, atoms: list[Atom]) -> list[list[Atom]]:
    glue = _glue_regex()
    groups: list[list[Atom]] = []
    for a in atoms:
        cur = groups[-1] if groups else None
        if cur and glue.fullmatch(ntext, cur[-1].end, a.start) and _fits(cur, a):
            cur.append(a)
        else:
            groups.append([a])
    return groups


def _fits(group: list[Atom], a: Atom) -> bool:
    """May atom `a` join the point `group` describes? One of each kind, except a second clock
    right after the first, without a cue ("العاشرة صباحا (0700 بتوقيت جرينتش)"), and a second
    zone."""
    counts: dict[str, int] = {}
    for x in group:
        counts[x.kind] = counts.get(x.kind, 0) + 1
    clocks = counts.get("clock", 0) + counts.get("named", 0)
    if a.kind in ("clock", "named"):
        if a.pod and any(x.pod and x.pod != a.pod for x in group if x.kind == "pod"):
            return False  # "الخلل ظهر في حدود الساعة الرابعة فجرا": the verb, not noon
        # a second clock with a cue of its own is another point: "من الساعة 11:05 حتى 12:19"
        second = a.kind == "clock" and group[-1].kind == "clock" and not a.cue
        return clocks == 0 or (clocks == 1 and second)
    if a.kind == "zone":
        return counts.get("zone", 0) < 2
    if a.kind == "pod":
        return not any(x.pod for x in group) or group[-1].kind == "clock"
    return a.kind not in counts and not (a.kind == "rel" and "date" in counts)


def _range_end_context(ntext: str, group: list[Atom], after: list[Atom] | None) -> list[Atom]:
    """The day and zone stated with the clock that ends a range this group's clock opens, where
    the group states none ("من الساعة 11:05 حتى الساعة 12:19 بتوقيت غرينتش")."""
    if after is None or after[0].kind != "clock" or not any(a.kind == "clock" for a in group):
        return []
    joined = _until_regex().fullmatch(ntext, group[-1].end, after[0].start) or (
        _between_regex().search(ntext, max(0, group[0].start - BETWEEN_REACH), group[0].start)
        and AND.fullmatch(ntext, group[-1].end, after[0].start)
    )  # ("بين الساعة 08:47 والساعة 09:12 بتوقيت غرينتش")
    if not (joined or after[0].cue in _until_words()):
        return []
    kinds = {a.kind for a in group}
    dated = bool(kinds & {"date", "rel", "weekday"})
    shared = [
        a
        for a in after
        if (a.kind == "zone" and "zone" not in kinds)
        or (a.kind in ("date", "rel", "weekday") and not dated)
    ]
    night = any(a.pod == "night" for a in after)  # "ليلة الأربعاء": the night the day opens
    if any(a.kind != "zone" for a in shared) and not night and _past_midnight(group, after[0]):
        # "من الساعة 22h40 إلى الساعة 1h10 صباح الثلاثاء": the opening clock is on Monday
        shared.append(Atom("day_before", after[0].start, after[0].start, strong=False))
    return shared + _range_end_pod(group, after[0])


def _past_midnight(group: list[Atom], end: Atom) -> bool:
    """Whether a range from a clock of the day's second half ("22h40", "9 مساءً") ends in the
    first half, earlier on the dial: it runs past midnight."""
    first = next(a for a in group if a.kind == "clock")
    if first.minutes is None or end.minutes is None:
        return False
    opens, closes = _shift(first.minutes, first.pod), _shift(end.minutes, end.pod)
    return opens >= HALF_DAY and closes < HALF_DAY and closes < opens


def _range_end_pod(group: list[Atom], end: Atom) -> list[Atom]:
    """ "من الساعة 4:00 حتى الساعة 6:25 مساءً": an opening clock with no part of day of its own
    is in the closing clock's, when it is not later on the dial (not "من 10 حتى 2 ظهراً")."""
    first = next(a for a in group if a.kind == "clock")
    if any(a.pod for a in group) or end.pod is None or first.minutes is None:
        return []
    if end.minutes is None or first.minutes % 720 > end.minutes % 720:
        return []
    return [Atom("pod", end.start, end.end, strong=False, pod=end.pod)]


@cache
def _until_words() -> frozenset[str]:
    """What joins the two clocks of a range: "حتى", "إلى غاية" (the durations' connectors)."""
    return frozenset(words(load("units")["clock_range_to"]))


@cache
def _between_regex() -> re.Pattern[str]:
    """The words that open a range joined by "و", right before its first clock."""
    return re.compile(rf"(?<!\w){alt(load('units')['clock_range_between'])}\s+$")


@cache
def _until_regex() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:(?:{alt(sorted(_until_words()))})\s+|)")


def _resolve(
    ntext: str, group: list[Atom], published: date | None, shared: list[Atom] | None = None
) -> Match[TimePoint] | None:
    """The point a group of atoms names; `shared` atoms (another point's day and zone) inform
    its value, not its span."""
    span = group
    group = group + (shared or [])
    clocks = [a for a in group if a.kind in ("clock", "named")]
    zones = [a for a in group if a.kind == "zone"]
    first = clocks[0] if clocks else None
    if (
        first is not None
        and not first.strong
        and ((zones and zones[0].start > first.start) or any(a.pod for a in group))
    ):
        first.strong = True  # "0700 بتوقيت جرينتش", "الثامنة هذه الليلة"
    if not any(a.strong for a in group):
        return None
    pod = next((a.pod for a in group if a.pod and a.kind != "clock"), None)
    clock_pod = first.pod if first is not None and first.kind == "clock" else None
    time_min = None
    if first is not None and first.minutes is not None and first.strong:
        time_min = _shift(first.minutes, clock_pod or pod)
    day = _day(group, published)
    if day is not None and any(a.kind == "day_before" for a in group):
        day -= timedelta(days=1)
    tz = _timezone(group, first, day or published)
    if tz is None and first is not None and len(clocks) > 1 and time_min is not None:
        tz = _derived_zone(time_min, clocks[1], group, day or published)
    tp = TimePoint(
        date=day.isoformat() if day else None,
        time=f"{time_min // 60:02d}:{time_min % 60:02d}" if time_min is not None else None,
        timezone=tz,
        part_of_day=None if time_min is not None else pod,
        datetime=None,
        span=None,
    )
    if tp.date and tp.time:
        suffix = "" if tz is None else ("+00:00" if tz == "UTC" else tz)
        tp.datetime = f"{tp.date}T{tp.time}:00{suffix}"
    start = span[0].start
    end = _close_bracket(ntext, start, span[-1].end)
    return Match(start, end, tp)


def _close_bracket(ntext: str, start: int, end: int) -> int:
    """Include a closing bracket when the phrase opened one ("(22 مارس 2017)")."""
    if ntext.count("(", start, end) > ntext.count(")", start, end):
        j = end
        while j < len(ntext) and ntext[j] == " ":
            j += 1
        if j < len(ntext) and ntext[j] == ")":
            return j + 1
    return end


def _day(group: list[Atom], published: date | None) -> date | None:
    weekday = next((a.weekday for a in group if a.kind == "weekday"), None)
    # a Gregorian date before a Hijri one
    days = sorted((a for a in group if a.kind == "date" and a.day), key=lambda a: a.hijri)
    if days:
        return _on_weekday(days[0].day, weekday) if days[0].hijri else days[0].day
    if published is None:
        return None
    for a in group:
        if a.kind == "date" and a.month_day is not None:
            return _year_for(a.month_day, weekday, published)
    for a in group:
        if a.kind == "rel" and a.rel is not None:
            return published + timedelta(days=a.rel)
    for a in group:
        if a.kind == "weekday" and a.weekday is not None:
            return weekday_date(published, a.weekday, a.mark)
    return None


def _on_weekday(day: date | None, weekday: int | None) -> date | None:
    """A Hijri date moved to the weekday named beside it, when that is a day or two away: the
    tabular calendar can differ from Umm al-Qura's ("الأحد 1 ربيع الأول 1447هـ" is 24 August)."""
    if day is None or weekday is None:
        return day
    for shift in (0, -1, 1, -2, 2):
        if (day + timedelta(days=shift)).weekday() == weekday:
            return day + timedelta(days=shift)
    return day


def _year_for(month_day: tuple[int, int], weekday: int | None, published: date) -> date | None:
    """A date given without its year: the most recent one on or before `published`; with a
    weekday ("الأربعاء 13 شباط"), the nearest year in which that date falls on that weekday."""
    mon, d = month_day
    cands = []
    for y in range(published.year + 1, published.year - 7, -1):
        try:
            cands.append(date(y, mon, d))
        except ValueError:
            continue
    if weekday is not None:
        fits = [c for c in cands if c.weekday() == weekday]
        if fits:
            return min(fits, key=lambda c: (abs((c - published).days), c > published))
    return next((c for c in cands if c <= published), None)


def weekday_date(published: date, weekday: int, mark: str | None) -> date:
    """The most recent such weekday on or before `published` (strictly before with الماضي,
    strictly after with القادم)."""
    back = (published.weekday() - weekday) % 7
    if mark == "future":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if mark == "past" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _timezone(group: list[Atom], first: Atom | None, on: date | None) -> str | None:
    for a in group:
        if a.kind == "zone" and (first is None or a.start > first.start):
            if first is not None and len([c for c in group if c.kind == "clock"]) > 1:
                later = [c for c in group if c.kind == "clock"][1]
                if a.start > later.start:
                    return None  # the zone belongs to the second clock
            return zone_offset(a, on)
    return None


def _derived_zone(time_min: int, other: Atom, group: list[Atom], on: date | None) -> str | None:
    """A zone from a second clock: "العاشرة صباحا (0700 بتوقيت جرينتش)" is 10:00 at UTC+3."""
    zone = next((a for a in group if a.kind == "zone" and a.start > other.start), None)
    if zone is None or other.minutes is None:
        return None
    ref = zone_offset(zone, on)
    base = 0 if ref == "UTC" else _offset_minutes(ref)
    diff = (time_min - _shift(other.minutes, other.pod) + 720) % 1440 - 720
    return format_offset(base + diff)


def zone_offset(a: Atom, on: date | None) -> str:
    if a.fixed:
        return a.fixed
    assert a.zone is not None
    return format_offset(a.zone.minutes + (60 if on and in_dst(a.zone.dst, on) else 0))


def format_offset(minutes: int) -> str:
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"{sign}{hh:02d}:{mm:02d}"


def in_dst(rule: str | None, d: date) -> bool:
    """Daylight-saving time by date (the switch day counts as switched)."""
    if rule == "us":
        return _nth_weekday(d.year, 3, 6, 2) <= d < _nth_weekday(d.year, 11, 6, 1)
    if rule == "eu":
        return _last_weekday(d.year, 3, 6) <= d < _last_weekday(d.year, 10, 6)
    if rule == "egypt" and d.year >= 2023:
        return _last_weekday(d.year, 4, 4) <= d <= _last_weekday(d.year, 10, 3)
    return False


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular (arithmetical) Islamic calendar; Umm al-Qura dates may differ by a day."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError("not a Hijri date")
    jd = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(jd - 1721425)


# --- public finder -------------------------------------------------------------------------------


def find_times(ntext: str, published: date | None) -> list[Match[TimePoint]]:
    """Every point in time in normalised text, dates resolved against `published`."""
    atoms = _collect(ntext)
    out: list[Match[TimePoint]] = []
    groups = _groups(ntext, atoms)
    last_date: str | None = None  # of the last point told, for "اليوم نفسه"
    for i, group in enumerate(groups):
        after = groups[i + 1] if i + 1 < len(groups) else None
        got = _resolve(ntext, group, published, _range_end_context(ntext, group, after))
        if got is not None:
            if got.value.date is None and any(a.same_day for a in group):
                got.value.date = last_date
            last_date = got.value.date or last_date
            out.append(got)
    return out


def as_date(value: date | datetime | str | None) -> date | None:
    """A publication date from a date, a datetime or a date string (see `published`)."""
    from ..published import parse_published  # (it reads strings with this module's grammar)

    parsed = parse_published(value)
    return parsed.date() if parsed is not None else None


__all__ = ["clock_reading", "clock_pattern", "find_times", "unnamed"]
