"""The outage's duration, its start, and the timeline of updates with their offsets.

The temporal grammar finds every expression; this module decides which duration is the outage's
length (the one a duration cue introduces), which time point is the start, and which phase each
relative offset belongs to (the cues of the clause it opens).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta

from .. import grammar
from ..schema import Duration, Offset, Phase, TimelineEntry, TimePoint
from ..temporal import parse_duration, times
from ..temporal.match import Match
from ..temporal.offsets import points_back
from .context import (
    ANY_YEAR,
    AUXILIARY,
    CLAUSE_MARK,
    LATER,
    QUOTE_MARK,
    SINCE,
    Context,
    after_lam,
    only_begun,
    result_lam,
    worked_on,
)

LEAD_GAP = 40  # characters between a duration cue and the duration it introduces
TAIL_GAP = 12
SUBJECT_GAP = 8  # "تراوحت مدة العطل ما بين ...": the length's subject right before it
NEAR_GAP = 12  # an outage noun must be next to its duration
OUTAGE_SUBJECT_GAP = 12  # an outage word to the length verb it is the subject of
OUTAGE_WORD = 16  # ... read whole, with its clitics ("الانقطاع الذي استمر")
OFFER_GAP = 40  # characters from an offer word ("باقة مجانية") to the duration it lasts
OFFER_REACH = 60  # ... and from an offer word to the delay of its delivery (an offset)
RETRY_GAP = 15  # "إعادة المحاولة لاحقاً": a retry word right before a vague "later"
MIN_DURATION_SCORE = 1.5
RESTATE_SHARE = 0.25  # two lengths this close may state the same length
# "ليستمر الانقطاع قرابة ساعتين إجمالاً": the total length, which no restatement replaces
TOTAL = grammar.pattern("timeline", "total")
LONG_UNITS = frozenset({"week", "month", "year"})  # a vague length in these tells no outage
UNIT_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43200, "year": 525600}
MAX_OFFSET = 3 * 24 * 60  # minutes; an outage's updates span hours, at most days
DAY = 24 * 60
REPORT_GAP = 40
REPORT_WINDOW_GAP = 80  # ... to a window the reports came in ("خلال أقل من ساعة")
COUNT_GAP = 12  # a count's number to its reports word ("٥ آلاف بلاغ")
FUTURE_REACH = 20  # a future verb to the monitoring it promises ("ستواصل مراقبة")
PEAK_GAP = 60  # a reports' peak to the clock that dates it
BACKGROUND_GAP = 60
STATEMENT_QUOTE_GAP = 40  # a statement verb to the quote it opens ("وأضافت أن \"...")
SAME_UPDATE_GAP = 30  # characters from an offset to a vague one that restates it
STATED_AFTER_GAP = 12  # "في تحديث لاحق نُشر قبل 40 دقيقة": a vague one to the stated one after it
ONGOING_GAP = 25
PRECISION = {"exact": 3, "approx": 2, "at_least": 1, "at_most": 1, "range": 1, "vague": 0}
RESTATED = grammar.pattern("timeline", "restated")  # "..., أي بعد", the time again
AFTER = grammar.pattern("timeline", "after")
AFTER_REACH = 10  # characters before a time where "بعد" may stand ("بعد مرور")
WITHIN = grammar.pattern("timeline", "within")  # "يعود في أقل من ساعتين"
BEFORE = grammar.pattern("timeline", "before")
# "... قبل أن ...", "ثم ...", "لاحقاً": what follows came later
SO_FAR_AFTER = 12  # "منذ أكثر من 3 ساعات حتى الآن": the words right after a length so far
STILL_AFTER_GAP = 25  # "منذ 48 ساعة والإنترنت لا يعمل": a length so far to the clause after
SO_FAR_REACH = 160  # characters back from a length so far to the words that say it goes on
START_GAP = 12  # a start word right before its time point
CLOCK_SCORE = 2.0  # a clock time this surely about the start refines a part of day
CUE_REACH = 40  # characters a start cue spans, clitics included
RETURN_REACH = 25  # "بدأت خدمات الإنترنت تعود": a start word to the return it opens
STATEMENT_GAP = 50  # a statement verb this near a time point or a "later" is what it dates
HEADLINE_WORDS = 16
HEADLINE_REACH = 200  # characters: no headline of HEADLINE_WORDS words is longer
LINE_CLOSERS = (".", "،", ":", ",", '"', "»", "”")
# "عادت خدمات الاتصالات والإنترنت تدريجياً إلى قطاع غزة صباح اليوم": a return dated after its place
RETURN_DATED_REACH = 64
END_GAP = 40  # "جرى حل المشكلة في حوالي الساعة 12": a recovery word just before the time
RETURN_BEFORE = 40  # "عادت الخدمة للعمل بشكل طبيعي بعد": a return that governs the offset
RETURN_NEXT = 12  # "وبعد نحو ساعة، عادت": a return right after the offset
OPENING_REACH = 40  # a time that opens its clause has at most one word this close before it
# counted from a scheduled time ("من موعد الإقلاع", "على موعد أذان المغرب", "السابقة لموعد الإفطار")
SCHEDULED = grammar.pattern("timeline", "scheduled")
EARLIER_THIS = grammar.pattern("timeline", "earlier_this")
PERIOD_OPENED = grammar.pattern("timeline", "period_opened")
FUTURE_VERB = grammar.pattern("timeline", "future_verb")
WATCH_PRECAUTION = grammar.pattern("timeline", "watch_precaution")
OF_POINT = grammar.pattern("timeline", "of_point")
EARLY = grammar.pattern("timeline", "early")
THEN = grammar.pattern("timeline", "then")
COUNTED = grammar.pattern("timeline", "counted")
HYPOTHETICAL = grammar.pattern("timeline", "hypothetical")
YEAR = grammar.pattern("timeline", "year")
UNTIL = grammar.pattern("timeline", "until")  # ("وبحلول الساعة")
# ... and, right after a time point, its range's end: "من الساعة 22h30 إلى الساعة 01h45"
RANGE_ON = grammar.pattern("timeline", "range_on")
STATEMENT_OPENING = grammar.pattern("timeline", "statement_opening")
# "أن"/"إن" opens what was said ("أوضحت أن الحادث وقع ...")
THAT = grammar.pattern("timeline", "that")
# what follows a dateline's date: "المنامة في 15 أغسطس / بنا /", "الرياض، 18 نوفمبر (رويترز) -"
DATELINE_END = re.compile(r"\s*[/(\-–|]")
LINE_END = re.compile(r"[^\S\n]*(?:\n|$)")
# A dateline that names its outlet after the city: "القاهرة – «اقتصاد مصر اليوم»". The outlet's
# name ends in "اليوم" often enough ("المصري اليوم", "روسيا اليوم") to be read as "today".
OUTLET_TODAY = grammar.pattern("timeline", "outlet_today", re.M)
OUTLET_LINES = 400  # characters from the top where the dateline may stand
# ... or any quoted name that ends in it: '"المصري اليوم"' (the normaliser writes « » as ")
QUOTED_NAME_START = re.compile(r'"[^"\n]+\s$')
# the dash or colon after a live blog's update time, or its closing bracket ("تحديث (10:05 صباحاً):")
STAMP_END = re.compile(r"[ \t]*\)?[ \t]*[—–\-|:]")
BULLETS = " \t•*-–—▪·"
BACK_SINCE_REACH = 40  # a return to the "منذ" that dates it ("عادت للعمل بشكل طبيعي منذ")
STAMP_REACH = 40  # a line's start to its update header's clock ("• الجمعة 21:10")
RETURN_GAP = 45  # "وعادت المنصة للعمل تدريجياً بعد نحو 50 دقيقة": a return to the time it took
WATCH_SHOWS_REACH = 40  # a watch word to the full return it shows ("المراقبة تُظهر تعافياً كاملاً")
# a return told before its time from the start ("انتهاء العطل ... عند الساعة 19:43 بتوقيت
# غرينتش، بعد قرابة ثماني ساعات من بدايته")
STATED_RETURN_REACH = 100
RETURN_BEGUN_REACH = 160  # characters after a duration to "بدأت بالعودة" in its sentence
EARLIER_YEAR_REACH = 200  # characters before a duration to an earlier year in its sentence
EARLIER_DAYS = 7  # ... or to a date this many days or more before the publication's
HALF_DAY_HOURS = times.HALF_DAY // 60  # a bare clock moved into the part of day told before it
RECUR_GAP = 20  # characters from a recurrence ("تعاود الأعطال") to the start word it governs
PAST_REACH = 10  # characters after a date to "الماضي" that makes its month past
DATELINE_REACH = 40  # characters from the line's start to a dateline's date
NAME_REACH = 60  # characters from a duration to the quote mark that closes a name it opens
# a window, not a length: "خلال أول 30 دقيقة", "ثلاث مرات في يوم واحد"
WINDOW_WORDS = grammar.pattern("timeline", "window_words")
CLAUSE_BREAK = grammar.pattern("timeline", "clause_break")
# what an offset counts from, right after it: "بعد ساعتين من بدء العطل", "على بداية العطب"
ANCHOR = grammar.pattern("timeline", "anchor")
# what opens the clause an offset ends ("ثم بدأت تطبيق الإصلاح بعد 20 دقيقة", "وإن الإصلاح بدأ
# تطبيقه بعد ذلك بنحو نصف ساعة")
BEFORE_BREAK = grammar.pattern("timeline", "before_break")
CLAUSE_COMMA = grammar.pattern("timeline", "clause_comma")
AND = grammar.text("timeline", "and")
NOUN_CLITIC = grammar.pattern("timeline", "noun_clitic")  # (see `_verbal`)
CONSTANTLY = grammar.text("timeline", "constantly")  # "مشغولاً باستمرار": no "since" cue
OPENING_GAP = 3  # characters before an offset that still opens its clause (spaces, "و")
AFTER_BREAK_SKIP = 3  # "وبعد 45 دقيقة، أعلنت": the comma right after an offset opens its clause
FOR_LAM = grammar.text("timeline", "for_lam")  # "لساعات": for that long
FROM_WORD = grammar.text("timeline", "from_word")
CLOCK_RANGE_OPENERS = tuple(w + " " for w in grammar.words("timeline", "clock_range_openers"))
BETWEEN = grammar.text("timeline", "between")
ONLY = grammar.text("timeline", "only")
AT_UNIT = grammar.pattern("timeline", "at_unit")
SINCE_WORD = grammar.text("timeline", "since_word")
TODAY = grammar.text("timeline", "today")
LATER_STEM = grammar.text("timeline", "later_stem")
ELAPSED = grammar.pattern("timeline", "elapsed")
CLAUSE_OPENERS = grammar.words("timeline", "clause_openers")
AFTER_ONLY = frozenset({"investigating_aware"})  # phase groups read only from the offset on
PHASE_ORDER: tuple[tuple[str, Phase], ...] = (
    ("investigating_recur", "investigating"),
    ("mitigating_partial", "mitigating"),
    ("identified_cause", "identified"),
    ("investigating_aware", "investigating"),
    ("monitoring", "monitoring"),
    ("resolved", "resolved"),
    ("investigating_goal", "investigating"),
    ("identified", "identified"),
    ("update", "update"),
    ("investigating_work", "investigating"),
    ("mitigating", "mitigating"),
    ("investigating", "investigating"),
)


def duration(ctx: Context, published: datetime | None = None) -> Duration | None:
    """The best-scored duration (ties go to the more precise statement, then the earlier one);
    when another well-scored length can state the same one, the more precise of them (GUIDE)."""
    finds = ctx.temporal.durations
    range_lows = {m.value.min_minutes for m in finds if m.value.qualifier == "range"}
    stated: list[tuple[tuple[float, int, int], Match[Duration]]] = []
    for m in finds:
        if m.value.qualifier != "range" and m.value.minutes in range_lows:
            continue  # "نصف الساعة" restating the low end of "من نصف الساعة إلى ساعة"
        if m.value.minutes == 0:
            continue  # no outage lasts nothing (an unreadable number reads as 0)
        if m.value.minutes is None and m.value.unit in LONG_UNITS:
            continue  # "روّجت للحدث طوال أسابيع", "الحرب المستمرة منذ سنوات", "لأحد أشهر
            # المسلسلات": no annotated length is a vague count of weeks, months or years
        if ctx.in_name(m.start) or _ends_time_point(ctx, m) or ctx.in_related_links(m.start):
            continue  # "Microsoft 365 يوم الاثنين", "السبت 19 يوليو 2025 ساعات": not an amount
        score = _duration_score(ctx, m, published)
        if score >= MIN_DURATION_SCORE:
            stated.append(((score, PRECISION[m.value.qualifier], -m.start), m))
    if not stated:
        return None
    best = max(stated, key=lambda km: km[0])[1]
    if TOTAL.match(ctx.text, best.end):
        return best.value.model_copy(update={"span": ctx.span(best.start, best.end)})
    # the length stated twice: the more precise statement ("نحو ساعتين" ... "ساعتين و10 دقائق",
    # "توقف لساعات" ... "بعد توقف امتد ما يقرب من خمس ساعات"; a vague one only yields to a
    # length a verb states, not to the time a return came: "لعدة ساعات" ... "وبعد نحو 3 ساعات
    # أعلنت عودة خدماتها" keeps the vague length, as the annotations do)
    same = [
        best,
        *(
            m
            for _, m in stated
            if m is not best
            and _restates(best.value, m.value)
            and (
                best.value.minutes is not None
                or _length_verb_before(ctx, m)
                or ctx.cues.length_verbs.match(ctx.text, m.start) is not None  # "تجاوز أربع ساعات"
                or _return_right_before(ctx, m)  # "وعادت الخدمات ... بعد نحو 5 ساعات"
                or _led(ctx, m)  # "لمدة بلغت نحو ٤ ساعات"
                or _is_clock_range(ctx.text, m)  # "من الساعة 10 صباحاً وحتى الساعة 1 ظهراً"
                or ctx.text.startswith(FOR_LAM, m.start)  # "لما يزيد على ثلاث ساعات": for that long
                or _from_the_start(ctx, m)
            )
        ),
    ]
    # (of equal precision, the longest: "عادت حركة المرور بعد نحو 3 ساعات ... قبل أن تعود جميع
    # الأنظمة ... أي بعد نحو 6 ساعات" ends at the full return)
    m = max(same, key=lambda m: (_precision(m.value), m is best, m.value.minutes or 0, -m.start))
    return m.value.model_copy(update={"span": ctx.span(m.start, m.end)})


def _led(ctx: Context, m: Match[Duration]) -> bool:
    """A length cue right before the duration ("لمدة", "طوال"): a length stated as such."""
    lo = max(ctx.sentence_bounds(m.start)[0], m.start - LEAD_GAP - 20)
    return any(
        c.end() <= m.end and m.start - c.end() <= LEAD_GAP
        for c in ctx.cues.duration_lead.finditer(ctx.text, lo, m.end)
    )


def _return_right_before(ctx: Context, m: Match[Duration]) -> bool:
    """A full return told right before the time after it ("وعادت الخدمات إلى العمل تدريجياً بعد
    نحو 5 ساعات"): the time it came back, the length stated (not "قبل نحو ساعة": when)."""
    lo = max(ctx.sentence_bounds(m.start)[0], m.start - RETURN_GAP)
    after = AFTER.search(ctx.text[max(lo, m.start - AFTER_REACH) : m.start])
    return after is not None and bool(ctx.full_recoveries(lo, m.start))


def _from_the_start(ctx: Context, m: Match[Duration]) -> bool:
    """A time after the start, counted from it in words ("بعد نحو 10 ساعات ونصف من بدء
    المشكلة"): the length a return came at, stated as such."""
    offset = _offset_of(ctx, m)
    return offset is not None and offset.end > m.end and offset.value.relative_to == "start"


def _length_verb_before(ctx: Context, m: Match[Duration]) -> bool:
    """ "استمر"/"امتد"/"دام" shortly before a length: it states the length outright."""
    lo = max(ctx.sentence_bounds(m.start)[0], m.start - LEAD_GAP)
    return any(_verbal(ctx.text, v) for v in ctx.cues.length_verbs.finditer(ctx.text, lo, m.start))


def _verbal(text: str, cue: re.Match[str]) -> bool:
    """A verb cue read as a verb: not after a clitic only nouns take ("باستمرار", constantly)."""
    return NOUN_CLITIC.search(text, cue.start(), cue.start("cue")) is None


def _restates(best: Duration, other: Duration) -> bool:
    """Whether `other` can state the same length as `best` ("لأكثر من ساعة" ~ "قرابة 80 دقيقة")."""
    x, y = best.minutes, other.minutes
    if x is None and best.qualifier == "vague":
        # "لساعات" ~ "قرابة خمس ساعات", and ~ a clock range of 180 minutes
        return y is not None and (other.unit == best.unit or _in_unit(y, best.unit))
    if x is None or y is None or x == y or other.qualifier in ("at_least", "at_most"):
        return False  # (the same figure without its hedge, as headlines write it, is no finer)
    if other.qualifier == "range":  # "بين 30 و90 دقيقة" cannot restate "قرابة ساعتين"
        return (other.min_minutes or 0) <= x <= y
    if best.qualifier == "at_least":
        return x <= y <= 2 * x
    if best.qualifier == "at_most":
        return x / 2 <= y <= x
    if best.qualifier == "range":
        return (best.min_minutes or 0) <= y <= x
    return abs(x - y) <= RESTATE_SHARE * max(x, y)


def _in_unit(minutes: float, unit: str | None) -> bool:
    """Whether a length is counted in `unit` ("ساعات": from an hour to under a day)."""
    lo = UNIT_MINUTES.get(unit or "")
    if lo is None:
        return False
    return lo <= minutes < min((m for m in UNIT_MINUTES.values() if m > lo), default=float("inf"))


def _precision(d: Duration) -> tuple[int, int]:
    """Exact over hedged; then the finer figure (63 minutes over an hour)."""
    minutes = d.minutes or 0
    grain = 0 if minutes % 60 else 1 if minutes % DAY else 2
    return -grain, PRECISION[d.qualifier]


def _duration_score(ctx: Context, m: Match[Duration], published: datetime | None) -> float:
    """How surely a duration is the outage's length, from the words around it."""
    text, cues = ctx.text, ctx.cues
    sent_start, sent_end = ctx.sentence_bounds(m.start)
    before = text[max(sent_start, m.start - LEAD_GAP) : m.start]
    # "تعرض لعطل مماثل في 12 أبريل الماضي استمر 3 ساعات": an earlier incident's
    earlier = ctx.after_earlier_incident(m.start) or ctx.past_month_after(m.end)
    score = 0.0
    # a cue right before the duration, or inside it ("لمدة 3 ساعات" is matched whole)
    near = cues.duration_lead_near.finditer(text, max(sent_start, m.start - NEAR_GAP - 20), m.end)
    if _led(ctx, m) or any(c.end() <= m.end and m.start - c.end() <= NEAR_GAP for c in near):
        score += 2.0
    if cues.duration_subject.search(text, max(sent_start, m.start - SUBJECT_GAP - 20), m.start):
        score += 2.0  # "تراوحت مدة العطل ما بين 40 دقيقة وساعة": the length, stated as such
    elif _outage_lasted(ctx, m, sent_start) and not earlier:
        score += 2.0  # "عطل استمر نحو ساعتين وربع", not "امتدت الطوابير لنحو ساعة"
    tails = cues.duration_tail.finditer(text, m.end, min(sent_end, m.end + TAIL_GAP + 20))
    if any(c.start() - m.end <= TAIL_GAP for c in tails):
        score += 2.0
    if ctx.in_sentence(cues.relevance["outage"][1], m.start):
        score += 1.0  # said in a sentence about the outage
    offset = _offset_of(ctx, m)
    from_start = offset is not None and offset.value.relative_to == "start"
    since = SINCE.search(before[-8:]) is not None
    elapsed = ELAPSED.search(before[-12:]) is not None
    if elapsed:
        score += 2.0  # "ومع مرور أكثر من 3 ساعات على بدء المشكلة، لم تصدر الشركة أي تحديث"
    elif (from_start or since) and _still_out(ctx, m, sent_start):
        score += 2.0  # "لا تزال متعثرة ... بعد أكثر من 15 ساعة من بدء المشكلة": the length so far
    elif since and _still_said(ctx, m.end, min(sent_end, m.end + STILL_AFTER_GAP)):
        score += 2.0  # "منذ أكثر من 48 ساعة والإنترنت لا يعمل": the clause after says it goes on
    elif (
        from_start
        and not _returns_in_sentence(ctx, m, (sent_start, sent_end))
        and not _length_verb_before(ctx, m)  # "بعد انقطاع دام ما يزيد على ثلاث ساعات"
    ):
        score -= 2.0  # "وعقب نحو ساعة ونصف من بدء العطل، أصدر البنك بياناً": when an update came
    if offset is not None and offset.value.relative_to == "previous":
        if not WITHIN.match(text, offset.start) and not _return_from_start(ctx, offset):
            return 0.0  # "ولحظات بعد ذلك": the gap between two updates
    ended = 0.0
    if offset is not None and offset.end == m.end and text.startswith(" " + FROM_WORD, m.end):
        score -= 1.0  # "بعد ساعات من تدفق البلاغات": counted from another event
    elif ended := _ended_after(ctx, m, before, (sent_start, sent_end)):
        score += ended
    elif AFTER.search(before[-10:]) or BEFORE.search(before[-10:]):
        score -= 1.0  # "بعد ساعات"/"قبل ساعات" of something else: an offset, not a length
    if TOTAL.match(text, m.end):
        score += 2.0  # "ليستمر العطل نحو ست ساعات في المجمل": the total, said so
    if m.value.unit and _for_length(text, m):
        score += 2.0
    if _is_clock_range(text, m) and text.startswith(FROM_WORD, m.start):
        score += 2.0  # a start-to-end clock range ("بين السابعة والتاسعة" is as often a window)
    if _return_begins_after(ctx, m, sent_end):
        score -= 2.0  # "بعد نحو أربع ساعات أعلن أن الخدمة «بدأت بالعودة»": not over yet
    elif _still_watched(ctx, m, sent_end) and not (_length_verb_before(ctx, m) or elapsed):
        # "عادت حركة المرور تتدفق بصورة طبيعية، وأنها تواصل مراقبة الوضع": not over (but
        # "استمر الانقطاع قرابة ثلاث ساعات، فيما واصلت الفرق مراقبة الأنظمة" states the length,
        # and the time gone so far is not over by saying so)
        score -= 2.0
    if WINDOW_WORDS.search(before[-12:]) and not (from_start and ended):
        # "خلال أول 30 دقيقة": a window for reports, not the outage's length (but "وتعافت
        # الخدمات خلال نحو 3 ساعات من بدء العطل" is the time the return came in)
        score -= 4.0
    if ctx.text.startswith(" " + ONLY, m.end):
        score -= 2.0  # "بعد أسبوع واحد فقط من انقطاع مماثل": the gap between two incidents
    around = (max(sent_start, m.start - LEAD_GAP - 10), min(sent_end, m.end + TAIL_GAP))
    if YEAR.search(text, *around) or (
        published
        and any(int(y.group()) != published.year for y in ANY_YEAR.finditer(text, *around))
    ):
        score -= 2.0  # "منذ حادثة عام 2019 التي أبقت موقعه متوقفا": an earlier incident
    elif _dated_earlier(ctx, m, sent_start):
        score -= 2.0  # "ففي أغسطس 2024 عزا تأخر انطلاق حواره لأكثر من 40 دقيقة إلى ..."
    if published and any(
        int(y.group()) < published.year for y in ANY_YEAR.finditer(text, around[0], m.start)
    ):
        score -= 4.0  # "وفي السابع من ديسمبر 2021 استمر عطل ... أكثر من سبع ساعات": its own date
    if earlier:
        score -= 6.0
    # how long an offer lasts ("بباقة إنترنت مجانية لمدة 3 أيام"), the gap to another incident
    # ("ويأتي هذا العطل بعد أقل من شهر على انقطاع ..."), a planned window ("أعمال صيانة من الساعة
    # الثانية حتى السادسة"): not the outage's length
    lo = max(sent_start, m.start - OFFER_GAP)
    offer = cues.duration_offer.search(text, lo, m.start)
    # (but "خدمة ... التي تقدمها مجاناً لملايين المستخدمين، تعطلت لمدة 62 دقيقة": the outage comes
    # between the offer word and the length)
    if offer and not cues.duration_lead_near.search(text, offer.end(), m.start):
        score -= 4.0
    for other in (cues.offset_background, cues.duration_planned):
        if (found := other.search(text, lo, m.start)) and not _lasted_since(ctx, m, found.end()):
            score -= 4.0
    if ctx.in_background(m.start) and not _length_verb_before(ctx, m):
        # "ويأتي العطل في يوم «الثلاثاء الكبير»": background, not this length (but "وجاء
        # الانقطاع، الذي استمر أكثر من 30 ساعة، في وقت حساس" states it)
        score -= 4.0
    if _power_cut_length(ctx, m):
        score -= 4.0  # "في ظل انقطاع التيار الكهربائي لساعات طويلة": the blackout's length
    if HYPOTHETICAL.search(before[-12:]):
        score -= 5.0  # "أي توقف ولو لدقائق": a hypothetical, not this outage
    if " " not in text[m.start : m.end] and AT_UNIT.search(before[-8:]):
        score -= 4.0  # "في يوم عطلة": one lone unit, a point in time
    if _opens_a_name(text, m):
        score -= 4.0  # "حملة «12 يوماً من OpenAI»": a campaign's or a show's name
    if m.value.qualifier == "vague":
        score -= 0.5  # "تمتد لساعات" yields to "منذ أكثر من 7 ساعات"
    if m.start < ctx.head:
        score += 0.5
    return score


def _still_watched(ctx: Context, m: Match[Duration], sent_end: int) -> bool:
    """Monitoring told after the duration, as going on now; not as promised for later ("عادت
    إلى العمل بشكل طبيعي، مؤكدة أنها ستواصل مراقبة الأداء خلال الساعات المقبلة") nor as a
    precaution ("تحسبا لأي أعطال إضافية"): then it is over."""
    watch = ctx.search(ctx.cues.phases["monitoring"], m.end, sent_end)
    return (
        watch is not None
        and not FUTURE_VERB.search(
            ctx.text, max(m.end, watch.start() - FUTURE_REACH), watch.start()
        )
        # "وأن مؤشرات المراقبة تُظهر تعافياً كاملاً": what the watching shows is the return
        and not ctx.full_recoveries(watch.end(), min(sent_end, watch.end() + WATCH_SHOWS_REACH))
        and not WATCH_PRECAUTION.search(
            ctx.text, watch.end(), min(sent_end, watch.end() + WATCH_SHOWS_REACH)
        )
    )


def _reports_window(ctx: Context, m: Match[Offset], sent_start: int) -> bool:
    """A window with a count of reports in its sentence, further back than `REPORT_GAP` ("أكثر
    من ٥ آلاف بلاغ من مستخدمين في مصر والسعودية والإمارات، خلال أقل من ساعة") or right after it
    ("ارتفاعاً حاداً في البلاغات خلال أقل من ساعة، تجاوز 4 آلاف بلاغ"): how fast they came,
    unless a return comes between."""
    if not WITHIN.match(ctx.text, m.start) or m.value.relative_to == "start":
        return False  # (not "خلال دقائق من بدء المشكلة": counted from the start, said so)
    lo = max(sent_start, m.start - REPORT_WINDOW_GAP)
    hi = min(ctx.sentence_bounds(m.start)[1], m.end + REPORT_GAP)
    return (_counted_reports(ctx, lo, m.start) and not ctx.full_recoveries(lo, m.start)) or (
        _counted_reports(ctx, m.end, hi) and not ctx.full_recoveries(m.end, hi)
    )


def _counted_reports(ctx: Context, lo: int, hi: int) -> bool:
    """A count of reports in text[lo:hi]: a reports word right after a number ("20 ألف بلاغ",
    "آلاف البلاغات"), not reports spoken of ("تحقق في تقارير عن صعوبات")."""
    return any(
        COUNTED.search(ctx.text, max(0, r.start() - COUNT_GAP), r.start()) is not None
        for r in ctx.cues.report_counts.finditer(ctx.text, lo, hi)
    )


def _power_cut_length(ctx: Context, m: Match[Duration]) -> bool:
    """Whether a power cut is named right before the duration, as what it measures (a word
    may end its name: "انقطاع التيار" is the phrase matched in "انقطاع التيار الكهربائي")."""
    cut = ctx.last_before(ctx.cues.relevance["electricity"][1], m.start)
    return cut is not None and len(ctx.text[cut.end() : m.start].split()) <= 1


def _outage_lasted(ctx: Context, m: Match[Duration], sent_start: int) -> bool:
    """Whether a length verb before the duration has an outage word for its subject, right
    before it or between it and the duration ("عطل استمر نحو ساعتين وربع", "وبذلك استمر العطل
    نحو ساعة و40 دقيقة"): the length is the outage's, not the queues' or the wait's."""
    lo = max(sent_start, m.start - LEAD_GAP)
    verbs = [
        v for v in ctx.cues.lasted_verbs.finditer(ctx.text, lo, m.start) if _verbal(ctx.text, v)
    ]
    if not verbs:
        return False
    verb = verbs[-1]
    near = verb.start() - OUTAGE_SUBJECT_GAP
    words = ctx.cues.relevance["outage"][1].finditer(
        ctx.text, max(sent_start, near - OUTAGE_WORD), m.start
    )  # (from near the verb: one before it ends close to it; none may be the verb itself)
    return any(near <= w.end() <= verb.start() or w.start() >= verb.end() for w in words)


def _lasted_since(ctx: Context, m: Match[Duration], pos: int) -> bool:
    """An outage's length verb between `pos` and the duration ("تعويضاً عن الانقطاع الذي استمر
    نحو أربع ساعات"): the words before it were about something else."""
    verb = ctx.cues.lasted_verbs.search(ctx.text, pos, m.start)
    return verb is not None and _outage_lasted(ctx, m, ctx.sentence_bounds(m.start)[0])


def _opens_a_name(text: str, m: Match[Duration]) -> bool:
    """The duration opens a quote that goes on past it: a title, not a length ("«12 يوماً من
    OpenAI»"; a quoted length alone, "«ساعتين»", is still one)."""
    if not text.endswith('"', 0, m.start):  # (the normaliser writes « » “ ” as ")
        return False
    close = QUOTE_MARK.search(text, m.end, m.end + NAME_REACH)
    return close is None or bool(text[m.end : close.start()].strip())


def _returns_in_sentence(ctx: Context, m: Match[Duration], sentence: tuple[int, int]) -> bool:
    """A return in the sentence this time can date: not one after "قبل أن" or "ثم" ("وبعد نحو
    50 دقيقة من بدء العطل، قال متحدث إن الشركة على علم بالمشكلة، قبل أن يعود التطبيق")."""
    return any(
        r.start() < m.start or not _later_between(ctx, m.end, r.end())
        for r in ctx.full_recoveries(*sentence)
    )


def _later_between(ctx: Context, lo: int, hi: int) -> bool:
    """A "then" ("قبل أن", "ثم") in text[lo:hi] of one sentence, found in log time (a long
    sentence asked about for every time and return in it stays linear)."""
    last = ctx.last_before(LATER, hi)
    return last is not None and last.start() >= lo


def _return_from_start(ctx: Context, offset: Match[Offset]) -> bool:
    """A return that came this long after the start, with nothing pointed back at ("بعد ذلك",
    "من بيان الهيئة"): the text's first offset with a return in its sentence before it or right
    after it ("وعادت المنصة للعمل تدريجياً بعد نحو 50 دقيقة", "وبعد نحو ساعة، عادت الخدمات"),
    or a later one a return governs ("وعادت الخدمة للعمل بشكل طبيعي بعد نحو 90 دقيقة", not
    "ثم أعلنت ...، وبعد 30 دقيقة عادت": the gap since that update)."""
    if points_back().search(ctx.text, offset.start, offset.end):
        return False
    sentence_start, sentence_end = ctx.sentence_bounds(offset.start)
    if bisect_left(ctx.offset_starts, offset.start):
        lo = max(sentence_start, offset.start - RETURN_BEFORE)
        found = ctx.full_recoveries(lo, offset.start)
        return bool(found) and not CLAUSE_BREAK.search(ctx.text, found[-1].end(), offset.start)
    if ctx.full_recoveries(offset.end, min(sentence_end, offset.end + RETURN_NEXT)):
        return True
    return bool(ctx.full_recoveries(sentence_start, offset.start))


def _dated_earlier(ctx: Context, m: Match[Duration], sent_start: int) -> bool:
    """An earlier year than the publication's before the duration in its sentence, or a date
    weeks before it ("وكان عطل 18 نوفمبر قد استمر لساعات" in a story of 5 December)."""
    published = ctx.published
    if published is None:
        return False
    lo = max(sent_start, m.start - EARLIER_YEAR_REACH)
    if any(int(y.group()) < published.year for y in ANY_YEAR.finditer(ctx.text, lo, m.start)):
        return True
    day = published.date() if isinstance(published, datetime) else published
    earliest = (day - timedelta(days=EARLIER_DAYS)).isoformat()
    points = ctx.temporal.times
    i = bisect_left(ctx.time_starts, lo)
    while i < len(points) and points[i].start < m.start:
        if (when := points[i].value.date) is not None and when < earliest:
            return True
        i += 1
    return False


def _return_begins_after(ctx: Context, m: Match[Duration], sent_end: int) -> bool:
    """Does the sentence go on to say the return only began ("بدأت بالعودة تدريجياً")?"""
    stop = min(sent_end, m.end + RETURN_BEGUN_REACH)
    return any(_starts_return(ctx, c) for c in ctx.cues.start_lead.finditer(ctx.text, m.end, stop))


def _is_clock_range(text: str, m: Match[Duration]) -> bool:
    """ "من (الساعة) العاشرة صباحاً حتى الواحدة ظهراً", "بين التاسعة والحادية عشرة": exact, where a
    range of amounts ("من ساعة إلى ساعتين") is a range."""
    return m.value.qualifier == "exact" and text.startswith(CLOCK_RANGE_OPENERS, m.start)


def _still_out(ctx: Context, m: Match[Duration], sent_start: int) -> bool:
    """Whether the clause before `m` says the outage goes on ("ما زالت خارج الخدمة منذ ...",
    "متوقفة منذ")."""
    lo = max(sent_start, m.start - SO_FAR_REACH)
    # "ماكينات فوري متوقفة منذ أكثر من 6 ساعات"
    since = ctx.search(ctx.cues.ongoing_since, max(lo, m.start - ONGOING_GAP), m.start)
    if since is not None and ctx.text.startswith(CONSTANTLY, since.start()):
        since = None  # "إلا أن الخط كان مشغولاً باستمرار، وبعد ساعتين": constantly
    still = _still_said(ctx, lo, m.start) or since or _suffering_before(ctx, m.start, lo)
    return still is not None and not ctx.full_recoveries(still.end(), m.start)


def _suffering_before(ctx: Context, pos: int, lo: int) -> re.Match[str] | None:
    """A present-tense verb of suffering in the clause before `pos`, from `lo` on ("يعاني ملايين
    المستخدمين حول العالم منذ أكثر من ثلاث ساعات"): what it tells goes on."""
    verb = ctx.last_before(ctx.cues.suffering_since, pos)
    if verb is None or verb.start() < lo:
        return None
    # (a comma right after the verb sets "منذ ..." apart: "إنهم عاجزون، منذ أزيد من 18 ساعة، عن")
    mark = ctx.last_before(CLAUSE_MARK, pos)
    apart = mark is not None and mark.start() > verb.end() + 1
    return None if apart else verb


def _still_said(ctx: Context, lo: int, hi: int) -> re.Match[str] | None:
    """The first cue in text[lo:hi] that the outage goes on; not work on it or silence ("إنها
    «تحقق في مشكلة»، وذلك بعد نحو 40 دقيقة": when that was said)."""
    return next(
        (
            c
            for c in ctx.cues.status["ongoing"].finditer(ctx.text, lo, hi)
            if not ctx.cues.ongoing_not_down.match(ctx.text, c.start())
        ),
        None,
    )


def _ends_time_point(ctx: Context, m: Match[Duration]) -> bool:
    """Whether the duration's number is the last word of a time point the grammar read ("السبت
    19 يوليو 2025 ساعات من الانتظار"): it starts inside that point and runs past its end."""
    point = ctx.time_point_at(m.start)
    if point is None or _is_clock_range(ctx.text, m):
        return False  # "اليوم الأربعاء من الساعة 10:45 حتى 11:30": the range is no number
    return point.start < m.start < point.end < m.end


def _offset_of(ctx: Context, m: Match[Duration]) -> Match[Offset] | None:
    """The offset phrase this duration is the amount of, if any (offsets do not overlap, so
    only the last one starting at or before the duration can hold it)."""
    offsets = ctx.temporal.offsets
    i = bisect_right(ctx.offset_starts, m.start) - 1
    if i >= 0 and m.end <= offsets[i].end:
        return offsets[i]  # type: ignore[no-any-return]
    return None


def _for_length(text: str, m: Match[Duration]) -> bool:
    """ "لعدة ساعات", "لساعات": the clitic ل "for" before a length of time (not the ل of
    "لحظات")."""
    if text[m.start - 1 : m.start] == FOR_LAM:
        return True
    if text[m.start] != FOR_LAM:
        return False
    bare = parse_duration(text[m.start + 1 : m.end])
    return bare is not None and (bare.minutes, bare.unit) == (m.value.minutes, m.value.unit)


def _ended_after(ctx: Context, m: Match[Duration], before: str, sentence: tuple[int, int]) -> float:
    """How surely the outage ended after this long: "عاد البث في أقل من ساعة" says so outright
    (1.5); "بعد 6 ساعات تقريبا، استعاد ..." dates a recovery, which a stated length outranks (1.0:
    "لعدة ساعات ... وبعد نحو 3 ساعات أعلنت عودتها")."""
    if ctx.full_recoveries(max(sentence[0], m.start - RETURN_GAP), m.start):
        return 1.5
    if RESTATED.search(before) and ctx.full_recoveries(sentence[0], m.start):
        return 1.5  # "عادت الأنظمة عند الساعة 17:06 بتوقيت غرينتش، أي بعد قرابة ست ساعات"
    lo = max(sentence[0], m.start - STATED_RETURN_REACH)
    if _from_the_start(ctx, m) and ctx.full_recoveries(lo, m.start):
        return 1.5  # "وأُعلن انتهاء العطل رسمياً عند الساعة 19:43، بعد قرابة ثماني ساعات من بدايته"
    if AFTER.search(before[-10:]):
        # "بدأت الخدمات تعود بشكل جزئي، قبل أن تعلن انتهاء المشكلة": a partial return comes
        # first, so the time dates that, not the end
        # (not "، لتعود الأمور إلى طبيعتها في حدود الساعة الثانية": what followed, when it did)
        full = [
            r
            for r in ctx.full_recoveries(*sentence)
            if r.start() >= m.end and not result_lam(ctx.text, r)
        ]
        partial = [p for group in ctx.cues.partial for p in ctx.sentence_matches(group, m.start)]
        if full and not any(m.end <= p.start() and p.end() <= full[0].start() for p in partial):
            # "وبعد نحو ساعة، أقر البنك بالمشكلة، قبل أن يصدر بيانا يؤكد عودة الخدمات": the
            # return comes later, so the time dates the first event
            later = _later_between(ctx, m.end, full[0].end())
            return 0.0 if later or _dated_apart(ctx, m, full[0]) else 1.0
    return 0.0


def _dated_apart(ctx: Context, m: Match[Duration], ret: re.Match[str]) -> bool:
    """The return has a time of its own, an offset right after it ("وبعد قرابة 45 دقيقة قالت ...
    «...»، وعادت الخدمات إلى العمل بعد نحو ساعتين من بدايتها") or between the two ("وبعد ساعتين
    ... أعلنت إعادة تشغيل الأنظمة، وبعد أكثر من ساعة أخرى أكدت عودة جميع الخدمات"), so this one
    does not date it."""
    i = bisect_right(ctx.offset_starts, m.end)
    nxt = ctx.temporal.offsets[i] if i < len(ctx.offset_starts) else None
    return nxt is not None and nxt.start <= ret.end() + RETURN_GAP


def start(ctx: Context, published: datetime | None) -> TimePoint | None:
    """When the outage began: the clock time the start cues point at most strongly (else a day
    or part of day); its date may come from another expression about the start (GUIDE)."""
    scored = [(_start_score(ctx, m), m) for m in ctx.temporal.times]
    about = [(score, m) for score, m in scored if score > 0]
    if not about:
        return None
    # strongest cue first; then a clock time, then a part of day; then the earliest
    chosen = max(about, key=lambda sm: (sm[0], _detail(sm[1].value), -sm[1].start))[1]
    chosen = _clock_within(chosen, about) or chosen
    value = _afternoon_clock(ctx, chosen, about)
    if value.date is None:
        dated = _borrowed_date(ctx, chosen, about) or _story_date(ctx, chosen)
        if dated:
            value = value.model_copy(update={"date": dated})
    if value.time and value.part_of_day:
        value = value.model_copy(update={"part_of_day": None})  # the clock says it (GUIDE)
    if value.date and value.time and not value.datetime:
        tz = "+00:00" if value.timezone == "UTC" else (value.timezone or "")
        value = value.model_copy(update={"datetime": f"{value.date}T{value.time}:00{tz}"})
    return value.model_copy(update={"span": ctx.span(chosen.start, chosen.end)})


def _afternoon_clock(
    ctx: Context, chosen: Match[TimePoint], about: list[tuple[float, Match[TimePoint]]]
) -> TimePoint:
    """A bare twelve-hour clock told right after the part of day it falls in ("مساء أمس
    الثلاثاء، وتحديدا في الساعة 9:15"): 21:15, as that part of day says."""
    value, clock = chosen.value, chosen.value.time
    if clock is None or int(clock[:2]) >= HALF_DAY_HOURS or _says_its_half(ctx, chosen):
        return value
    hour, sentence = int(clock[:2]), ctx.sentence_bounds(chosen.start)
    for _, m in about:
        part = m.value.part_of_day
        if part and m.end <= chosen.start and m.start >= sentence[0]:
            lo, hi = times.vocab().pod_hours[part]
            if not lo <= hour < hi and lo <= hour + HALF_DAY_HOURS < hi:
                later = f"{hour + HALF_DAY_HOURS:02d}{clock[2:]}"
                return value.model_copy(update={"time": later, "datetime": None})
    return value


def _says_its_half(ctx: Context, m: Match[TimePoint]) -> bool:
    """Whether the clock's own words say which half of the day it is ("9:15 مساءً", "9:15 ص")."""
    v = times.vocab()
    words = ctx.text[m.start : m.end].split()
    return any(w in v.ampm or w in v.pods for w in words)


def _clock_within(
    chosen: Match[TimePoint], about: list[tuple[float, Match[TimePoint]]]
) -> Match[TimePoint] | None:
    """A clock time about the start, inside the part of day chosen ("منذ ظهر اليوم ... بدأت
    أولى البلاغات عند الساعة 13:32"): the same start, told finer (the date is borrowed)."""
    part = chosen.value.part_of_day
    if chosen.value.time or part is None:
        return None
    lo, hi = times.vocab().pod_hours[part]
    for score, m in sorted(about, key=lambda sm: sm[1].start):
        clock = m.value.time
        if score >= CLOCK_SCORE and clock and m.value.date in (None, chosen.value.date):
            hour = int(clock[:2])
            if lo <= hour < hi or lo <= hour + 24 < hi:
                return m
    return None


def _outage_told_before(ctx: Context, lo: int, pos: int) -> bool:
    """An outage word in [lo, pos) whose clause runs on to `pos` ("اعتذارها، الأربعاء، عن عطل
    واسع ضرب شبكتها أمس الثلاثاء"): the point dates the outage, not the statement before it."""
    word = ctx.last_before(ctx.cues.relevance["outage"][1], pos)
    return (
        word is not None
        and word.start() >= lo
        and not CLAUSE_BREAK.search(ctx.text, word.end(), pos)
    )


def _borrowed_date(
    ctx: Context, chosen: Match[TimePoint], about: list[tuple[float, Match[TimePoint]]]
) -> str | None:
    """The date of the first dated expression about the start, unless the chosen point names
    another weekday. A dateline's date, and one that dates a statement, come last."""
    day = _weekday(ctx.text[chosen.start : chosen.end])
    ranked = sorted(about, key=lambda sm: (_dateline(ctx.text, sm[1]), sm[0] < 1))
    span = ctx.durations_at[0].get(chosen.start)
    if span is not None:  # not its own range's end: "من الساعة 22h40 إلى الساعة 1h10 صباح الثلاثاء"
        ranked = [sm for sm in ranked if not chosen.end <= sm[1].start < span.end]
    for _, m in ranked:  # "ظهر يوم الجمعة" cannot be "3 مارس 2024", a Sunday
        if m.value.date and (day is None or date.fromisoformat(m.value.date).weekday() == day):
            return m.value.date
    return None


def _dates_another_event(ctx: Context, m: Match[TimePoint]) -> bool:
    """When an update was posted, an outlet's name ("«اليوم»"), or an earlier incident's date
    ("شهد في 10 آب الماضي انقطاعاً"): not this outage's day."""
    return (
        _update_stamp(ctx, m)
        or _outlet_today(ctx, m)
        or (
            m.value.date is not None
            and ctx.after_earlier_incident(min(len(ctx.text), m.end + PAST_REACH))
        )
    )


def _story_date(ctx: Context, chosen: Match[TimePoint]) -> str | None:
    """The one day the text names for its events ("عادت ... مساء اليوم الاثنين"), when no
    expression about the start has a date: a clock time alone falls on it (GUIDE: the day of the
    start is named anywhere in the text). None when the text names several days, or another
    weekday than the start's, or when the publication date is unknown (a dated post quoted in
    the text, "— OpenAI (@OpenAI) December 27, 2024", is then the only date there is)."""
    if ctx.published is None:
        return None
    days = {
        m.value.date
        for m in ctx.temporal.times
        if m.value.date and not _dateline(ctx.text, m) and not _dates_another_event(ctx, m)
    }
    if len(days) != 1:
        return None
    day, weekday = days.pop(), _weekday(ctx.text[chosen.start : chosen.end])
    return day if weekday is None or date.fromisoformat(day).weekday() == weekday else None


def _dateline(text: str, m: Match[TimePoint]) -> bool:
    """Is this the date of a dateline, when the report was filed, not when the outage began? A
    point read across a line break ("طيلة الليل" ending a headline, "الجمعة 07 مارس 2025" under
    it) whose date ends its line is one too."""
    line_start = text.rfind("\n", 0, m.start) + 1
    if m.start - line_start <= DATELINE_REACH:
        if DATELINE_END.match(text, m.end):
            return True
        if m.value.date and not text[line_start : m.start].strip() and LINE_END.match(text, m.end):
            return True  # a date alone on its line, under the outlet's name ("05.12.2025")
    return "\n" in text[m.start : m.end] and LINE_END.match(text, m.end) is not None


def _weekday(phrase: str) -> int | None:
    weekdays = times.vocab().weekdays
    return next((weekdays[w] for w in phrase.split() if w in weekdays), None)


def _detail(v: TimePoint) -> int:
    return 2 if v.time else 1 if v.part_of_day else 0


def _start_score(ctx: Context, m: Match[TimePoint]) -> float:
    """2 when a start word ("بدأ", "منذ", "ظهرت") shares the sentence, 1 for an outage word;
    0 for a point that ends something ("حتى الساعة 7:59", "جرى حل المشكلة في الساعة 12")."""
    v = m.value
    if not (v.time or v.part_of_day or v.date) or _is_end(ctx, m) or _return_follows(ctx, m):
        return 0.0
    if v.date and ctx.temporal.day and v.date > ctx.temporal.day.isoformat():
        return 0.0  # "الغد" (a dateline's outlet, "tomorrow"): no outage starts after the news
    if _reports_peak(ctx, m) or _dates_another_event(ctx, m):
        return 0.0
    s, _ = ctx.sentence_bounds(m.start)
    near = max(s, m.start - START_GAP - CUE_REACH)  # (not the whole sentence: linear time)
    if any(
        m.start - c.end() <= START_GAP
        and not _recurs(ctx, c.start())
        and not _back_since(ctx, c, s)
        for c in ctx.cues.start_lead.finditer(ctx.text, near, m.start)
    ):
        return 3.0  # "بعد انقطاع بدأ ظهر اليوم": the start word governs this point
    if any(
        m.start - c.end() <= START_GAP
        for c in ctx.cues.cause_began.finditer(ctx.text, near, m.start)
    ):
        return 3.0  # "أن الحريق اندلع عند الساعة 7:40 مساءً": when the cause broke out
    if ctx.cues.duration_planned.search(ctx.text, max(s, m.start - OFFER_GAP), m.start):
        return 0.0  # "ستجري أعمال صيانة مجدولة بين الساعة الثانية والرابعة فجراً": a plan
    if _start_in_sentence(ctx, m.start):
        score = 2.0
    else:
        score = 1.0 if ctx.in_sentence(ctx.cues.relevance["outage"][1], m.start) else 0.0
    if score and _opens_range(ctx, m):
        return 3.0  # "استمر العطل من الساعة 11:05 حتى الساعة 12:19": the span's first clock
    said = ctx.cues.statement_verbs.search(ctx.text, max(s, m.start - STATEMENT_GAP), m.start)
    if (
        said
        and not ctx.cues.start_lead.search(ctx.text, said.end(), m.start)
        and not THAT.search(ctx.text, said.end(), m.start)
        and not _outage_told_before(ctx, said.end(), m.start)
    ):
        return min(score, 0.5)  # "وأعلنت الوزارة، عند الساعة 11:45، أن ...": when it was said
    return score


def _back_since(ctx: Context, cue: re.Match[str], sent_start: int) -> bool:
    """ "عادت للعمل بشكل طبيعي منذ فجر اليوم": "منذ" after a return dates the return."""
    if ctx.text[cue.start("cue") : cue.end()] != SINCE_WORD:
        return False
    return bool(ctx.full_recoveries(max(sent_start, cue.start() - BACK_SINCE_REACH), cue.start()))


def _outlet_today(ctx: Context, m: Match[TimePoint]) -> bool:
    """ "ورصدت بوابة التقنية اليوم": a bare "اليوم" after the words the dateline's outlet name
    puts before it ("القاهرة – بوابة التقنية اليوم") is the outlet's name, not today."""
    text = ctx.text
    if text[m.start : m.end] != TODAY:
        return False
    if QUOTE_MARK.match(text, m.end) and QUOTED_NAME_START.search(
        text, max(0, m.start - NAME_REACH), m.start
    ):
        return True  # "بحسب شكاوى رصدتها «المصري اليوم»": a name that ends in "اليوم", quoted
    return any(
        text.endswith(name.group(1) + " ", 0, m.start) and m.start > name.end()
        for name in OUTLET_TODAY.finditer(text, 0, OUTLET_LINES)
    )


def _reports_peak(ctx: Context, m: Match[TimePoint]) -> bool:
    """ "بلغت البلاغات ذروتها عند 5 آلاف بلاغ قرابة الساعة 3 فجراً": the reports' peak."""
    lo = max(ctx.sentence_bounds(m.start)[0], m.start - PEAK_GAP)
    return bool(
        ctx.search(ctx.cues.peak, lo, m.start) and ctx.search(ctx.cues.report_counts, lo, m.start)
    )


def _update_stamp(ctx: Context, m: Match[TimePoint]) -> bool:
    """A live blog's update header ("تحديث 07:40 —", "• الجمعة 21:10 —", "تحديث (10:05
    صباحاً):"): when the update was posted (`update_stamp`)."""
    text = ctx.text
    lo = max(0, m.start - STAMP_REACH)
    line = text.rfind("\n", lo, m.start) + 1
    if not line and lo:
        return False  # a header's clock stands near its line's start
    prefix = text[line : m.start].strip(BULLETS).rstrip(" (")
    if prefix:
        head = ctx.cues.update_stamp.match(prefix)
        if head is None or head.end() < len(prefix):
            return False
    return STAMP_END.match(text, m.end) is not None


def _recurs(ctx: Context, cue_start: int) -> bool:
    """ "قبل أن تعاود الأعطال الظهور صباح الجمعة": the start word tells of a recurrence."""
    recur = ctx.cues.phases["investigating_recur"]
    return ctx.search(recur, max(0, cue_start - RECUR_GAP), cue_start) is not None


def _opens_range(ctx: Context, m: Match[TimePoint]) -> bool:
    """Is this point the first clock of a clock range read as the outage's length ("واستمر
    العطل من الساعة 11:05 حتى الساعة 12:19"; not "أعمال صيانة من الساعة الثانية حتى ...")?"""
    d = ctx.durations_at[0].get(m.start)
    if d is None and ctx.text.endswith(BETWEEN + " ", 0, m.start):  # "بين الساعة 18:10 و20:25"
        d = ctx.durations_at[0].get(m.start - len(BETWEEN) - 1)
    return (
        d is not None
        and m.end < d.end
        and _is_clock_range(ctx.text, d)
        and _duration_score(ctx, d, None) >= MIN_DURATION_SCORE
    )


def _start_in_sentence(ctx: Context, pos: int) -> bool:
    """A start word in the sentence that does not open the return (asked once per sentence)."""
    key = ("start_in_sentence", ctx.sentence_bounds(pos)[0])
    found = ctx.memo.get(key)
    if found is None:
        s = ctx.sentence_bounds(pos)[0]
        cues = ctx.sentence_matches(ctx.cues.start_lead, pos)
        found = ctx.memo[key] = any(
            not _starts_return(ctx, c)
            and not _back_since(ctx, c, s)
            and not PERIOD_OPENED.match(ctx.text, c.end())
            for c in cues
        )
    return found


def _starts_return(ctx: Context, cue: re.Match[str], before: int | None = None) -> bool:
    """ "وبدأت الخدمة تعود تدريجيا": the start word opens the recovery, not the outage (with
    `before`, a return word that ends before that position)."""
    hi = cue.end() + RETURN_REACH
    return bool(
        ctx.cues.start_of_return.search(
            ctx.text, cue.end(), hi if before is None else min(before, hi)
        )
    )


def _is_end(ctx: Context, m: Match[TimePoint]) -> bool:
    if UNTIL.search(ctx.text, max(0, m.start - 12), m.start + 8):
        return True
    s, _ = ctx.sentence_bounds(m.start)
    if _return_begun_before(ctx, m, s):
        return True  # "بدأت الخدمة بالعودة إلى بعض الأحياء قرابة منتصف الليل": the return's time
    recovered = ctx.recoveries(max(s, m.start - RETURN_DATED_REACH), m.start)
    if not recovered:
        return False
    # "بدأ العطل ... وجرى حل المشكلة في الساعة 12": a start word before the recovery is another
    # clause's; only one between the recovery and the time makes it a start again, as does the
    # outage named between them ("عادت إلى العمل بعد عطل واسع يوم الاثنين", "بعد تعطل مفاجئ
    # أصاب التطبيق ظهر اليوم")
    after = recovered[-1].end()
    return not (
        ctx.cues.start_lead.search(ctx.text, after, m.start)
        or ctx.cues.duration_lead_near.search(ctx.text, after, m.start)
    )


def _return_begun_before(ctx: Context, m: Match[TimePoint], sent_start: int) -> bool:
    """A return begun shortly before the time ("بدأت الخدمة بالعودة ... قرابة منتصف الليل"; not
    "منذ مساء السبت يعود إلى قطع", a cause told after the time)."""
    lo = max(sent_start, m.start - END_GAP)
    return any(
        _starts_return(ctx, c, before=m.start)
        for c in ctx.cues.start_lead.finditer(ctx.text, lo, m.start)
    )


def _return_follows(ctx: Context, m: Match[TimePoint]) -> bool:
    """ "ولاحقاً، قرابة منتصف الليل، أعلنت آسياسيل عودة الخدمة": a time opening its clause, with
    a return right after it and no start word before or outage word between, dates the return (`end`
    reads only returns told before their time: "عادت ... عند الساعة 12")."""
    s, e = ctx.sentence_bounds(m.start)
    # at most one word before it in its clause (or the statement it dates: "وفي بلاغ ثانٍ صباح
    # اليوم، أعلن ... عودة"), read in a bounded stretch (an endless clause is not searched or
    # split once per time point in it)
    lo = max(s, m.start - OPENING_REACH)
    mark = max(ctx.text.rfind("،", lo, m.start), ctx.text.rfind(",", lo, m.start))
    opening = ctx.text[mark + 1 if mark >= 0 else lo : m.start]
    wordy = len(opening.split()) > 1 and not STATEMENT_OPENING.fullmatch(opening)
    if (mark < 0 and lo > s) or wordy or RANGE_ON.match(ctx.text, m.end):
        # "العطل الذي أصاب التطبيق مساء السبت، مؤكداً أن الخدمات عادت": the outage's time;
        # "من الساعة 22h30 إلى الساعة 01h45، قبل أن تعود": a range's first clock
        return False
    returns = ctx.full_recoveries(m.end, min(e, m.end + END_GAP))
    if not returns:
        return False
    lo = max(s, m.start - START_GAP - CUE_REACH)
    return not (
        ctx.cues.start_lead.search(ctx.text, lo, m.start)
        or ctx.cues.relevance["outage"][1].search(ctx.text, m.end, returns[0].start())
    )


def end(ctx: Context, start_point: TimePoint | None) -> TimePoint | None:
    """When service came back, if a clock time or day says so."""
    for m in ctx.temporal.times:
        if m.value.time and _is_end(ctx, m) and (start_point is None or m.value != start_point):
            if not _closes_other_range(ctx, m, start_point):
                return m.value.model_copy(update={"span": ctx.span(m.start, m.end)})
    return None


def _closes_other_range(ctx: Context, m: Match[TimePoint], start_point: TimePoint | None) -> bool:
    """Does this point close a clock range that did not open at the start ("ستتوقف من الساعة
    الثانية حتى الساعة السادسة": a planned window, not the outage)?"""
    d = ctx.durations_at[1].get(m.end)
    if d is None or d.start >= m.start or not _is_clock_range(ctx.text, d):
        return False
    i = bisect_left(ctx.time_starts, d.start)
    times = ctx.temporal.times
    opener = times[i] if i < len(times) and times[i].start == d.start else None
    return opener is None or start_point is None or opener.value.time != start_point.time


def timeline(ctx: Context, start_point: TimePoint | None) -> list[TimelineEntry]:
    """Detection at the start (when the text gives one), then each update its offset introduces,
    with cumulative elapsed minutes since the start (bounds where a step is vague)."""
    offsets = _told_below(ctx, [m for m in ctx.temporal.offsets if _is_event_offset(ctx, m)])
    entries: list[TimelineEntry] = []
    lo: float | None = None
    base = _start_datetime(start_point)
    if start_point is not None and start_point.span is not None:
        lo = 0.0
        entries.append(
            TimelineEntry(
                phase="investigating",
                offset=None,
                elapsed_min=0.0,
                elapsed_max=0.0,
                datetime=start_point.datetime,
                span=start_point.span,
            )
        )
    hi = lo
    for i, m in enumerate(offsets):
        stop = offsets[i + 1].start if i + 1 < len(offsets) else len(ctx.text)
        lo, hi = _advance(lo, hi, m.value)
        entries.append(
            TimelineEntry(
                phase=_phase(ctx, m, stop),
                offset=m.value,
                elapsed_min=lo,
                elapsed_max=hi,
                datetime=_at(base, lo, hi),
                span=ctx.span(m.start, m.end),
            )
        )
    return entries


def _told_below(ctx: Context, offsets: list[Match[Offset]]) -> list[Match[Offset]]:
    """Without the headline's time of the return ("وعودة الخدمات بعد نحو ٤ ساعات") when the
    body tells the return with its own offset: the headline sums up the updates told below."""
    top = [m for m in offsets if _in_headline(ctx.text, m.start)]
    if not top:
        return offsets
    body = [m for m in offsets if m not in top]
    stops = [*(m.start for m in body[1:]), len(ctx.text)]
    if any(_phase(ctx, m, stop) == "resolved" for m, stop in zip(body, stops)):
        return body
    return offsets


def _at(base: datetime | None, lo: float | None, hi: float | None) -> str | None:
    """The absolute time of an update, when the start's is known and the elapsed time exact."""
    if base is None or lo is None or lo != hi:
        return None
    return (base + timedelta(minutes=lo)).isoformat()


def _is_event_offset(ctx: Context, m: Match[Offset]) -> bool:
    """An offset between the outage's own events, not background or a headline."""
    off, text = m.value, ctx.text
    longest = off.minutes if off.minutes is not None else off.max_minutes
    least = off.minutes if off.minutes is not None else off.min_minutes
    if (longest is not None and longest > MAX_OFFSET) or (least is not None and least > MAX_OFFSET):
        return False  # "في أقل من شهر", "قبل 4 أيام", "منذ سنوات": other incidents, not this one
    if off.relative_to == "publication" and longest is not None and longest >= DAY:
        return False  # "خلال الأيام الماضية": background
    if ctx.cues.offset_not_event.search(text, m.start, m.end):
        return False  # "تنقطع بعد ثوانٍ من بدايتها": a symptom's time, not an update's
    s, e = ctx.sentence_bounds(m.start)
    if ctx.in_related_links(m.start) or ctx.after_earlier_incident(m.start):
        return False  # "اقرأ أيضاً: ... خلال 15 دقيقة", "شهدت في مارس الماضي ... خلال يوم واحد"
    if ctx.cues.duration_offer.search(text, max(s, m.start - OFFER_REACH), m.start):
        return False  # "باقة مجانية صالحة لمدة 3 أيام، تضاف إلى حساباتهم خلال 48 ساعة"
    if off.minutes is None and ctx.cues.retry_later.search(
        text, max(s, m.start - RETRY_GAP), m.start
    ):
        return False  # "داعياً إلى إعادة المحاولة لاحقاً": advice, not an update
    if text.startswith(" " + ONLY, m.end):
        return False  # "بعد أسبوع واحد فقط من انقطاع مماثل": the gap between two incidents
    if (
        off.minutes is None
        and EARLY.search(text, m.start, m.end)
        and (of := OF_POINT.match(text, m.end))
        and ctx.time_point_at(of.end())
    ):
        # "وفي وقت مبكر من صباح الأربعاء": early that day, a point (but "في وقت لاحق من مساء
        # الثلاثاء", "في وقت سابق من اليوم" count from another time)
        return False
    if (
        ctx.cues.offset_background.search(text, max(s, m.start - BACKGROUND_GAP), m.start + 4)
        or EARLIER_THIS.match(text, m.end)
        or SCHEDULED.match(text, m.end)
        or ctx.in_background(m.start)
    ):
        # "وجاء ذلك بعد يوم واحد من الإعلان عن ...", "ستجري تسويتها خلال 24 ساعة", "الحضور قبل
        # ثلاث ساعات من موعد الإقلاع"
        return False
    if off.relative_to == "start" and ctx.cues.length_verbs.search(text, m.start, m.end):
        return False  # "بعد عطل استمر نحو 4 ساعات": the outage's length, not an update
    if (off.relative_to == "publication" or text.startswith(SINCE_WORD, m.start)) and (
        ctx.cues.ongoing_since.search(text, max(0, m.start - ONGOING_GAP), m.start)
        or _suffering_before(ctx, m.start, max(s, m.start - SO_FAR_REACH))
        or ctx.search(ctx.cues.status["ongoing"], max(s, m.start - SO_FAR_REACH), m.start)
        or ctx.search(ctx.cues.status["ongoing"], m.end, m.end + SO_FAR_AFTER)
    ):
        # "يستمر الانقطاع منذ أكثر من 7 ساعات", "لا تزال الخدمة متعطلة لدى شريحة واسعة من
        # المستخدمين منذ أكثر من ساعتين", "منذ أكثر من 3 ساعات حتى الآن": the length so far
        return False
    lo = max(s, m.start - REPORT_GAP)
    if (
        (_counted_reports(ctx, lo, m.start) or ctx.cues.growth.search(text, lo, m.start))
        # (not past a "then": "بدأ التحقيق في البلاغات فور ظهورها، ثم أعلنت بعد نحو 45 دقيقة")
        and not THEN.search(text, lo, m.start)
    ) or _reports_window(ctx, m, s):
        # "تخطت 20 ألف بلاغ في غضون ساعات": how fast reports came in (not "لجميع المستخدمين بعد
        # نحو ثلاث ساعات", "في تقرير أولي عن الحادثة إن مهندسيها حددوا السبب بعد نحو 10 دقائق");
        # how fast users came ("استقطبت مليون مستخدم جديد خلال ساعة واحدة")
        return False
    if off.minutes is None and (
        (_quoted(text, s, m.start) and not _quoted_statement(ctx, s, m.start))
        or not (_has_phase_cue(ctx, s, e) or _dates_statement(ctx, m, s, e))
    ):
        return False  # "حاول مرة أخرى لاحقا" in an error message; vague words in passing
    if off.minutes is None and _restates_previous(ctx, m, s):
        return False  # "وبعد ساعة، أوضحت الشركة في تحديث لاحق": the same update, dated once
    # (but "الخدمة تعود بعد قرابة ساعتين", "بعد ٣ ساعات و١٥ دقيقة.. عودة ChatGPT" in a headline
    # tells when it came back; "بعد انقطاع دام 48 ساعة.. عودة" restates the length)
    resolved = ctx.cues.phases["resolved"]
    return not _in_headline(text, m.start) or bool(
        ctx.search(resolved, max(s, m.start - RETURN_BEFORE), m.start)
        or (
            ctx.search(resolved, m.end, m.end + RETURN_NEXT)  # (past the headline's "..")
            and not ctx.cues.duration_lead_near.search(text, m.start, m.end)
        )
    )


def _in_headline(text: str, pos: int) -> bool:
    """A short line with no closing mark ("روبلوكس تعود بعد 3 أيام من التوقف.. والشركة: ..."):
    a headline sums the story up; the updates it dates are told below."""
    lo, hi = max(0, pos - HEADLINE_REACH), pos + HEADLINE_REACH
    before = text.rfind("\n", lo, pos)
    end = text.find("\n", pos, hi)
    if (before < 0 and lo > 0) or (end < 0 and hi < len(text)):
        return False  # a line longer than any headline (and each offset reads only this far)
    line = text[before + 1 : len(text) if end < 0 else end].strip()
    return (
        len(line.split()) <= HEADLINE_WORDS
        and not line.endswith(LINE_CLOSERS)
        and not line.startswith(BULLETS)  # "- بعد 23 دقيقة من بدء العطل: ...": an update
    )


def _restates_previous(ctx: Context, m: Match[Offset], sent_start: int) -> bool:
    """A vague offset shortly after another offset of its sentence names the same update, unless
    "ثم" opens a next one ("وعادت الخدمة بعد ساعتين، ثم أعلنت لاحقاً"); so does one shortly
    before a stated one in its clause ("وفي تحديث لاحق نُشر قبل 40 دقيقة")."""
    offsets, i = ctx.temporal.offsets, bisect_left(ctx.offset_starts, m.start)
    if i > 0:
        before = offsets[i - 1]
        if (
            before.start >= sent_start
            and m.start - before.end <= SAME_UPDATE_GAP
            and not BEFORE_BREAK.search(ctx.text, before.end, m.start)
            and not (
                ctx.text.startswith(AND, m.start)
                and CLAUSE_COMMA.search(ctx.text, before.end, m.start)
            )
        ):
            return True
    after = offsets[i + 1] if i + 1 < len(offsets) else None
    return (
        after is not None
        and after.value.minutes is not None
        and after.start - m.end <= STATED_AFTER_GAP
        and not CLAUSE_MARK.search(ctx.text, m.end, after.start)
    )


def _quoted(text: str, start: int, pos: int) -> bool:
    return text.count('"', start, pos) % 2 == 1


def _quoted_statement(ctx: Context, start: int, pos: int) -> bool:
    """The quote around `pos` is what someone said ("وأوضح أن \"الورشات وصلت بعد ساعات ...\""):
    a statement verb shortly before its opening mark, not an error message's words."""
    mark = ctx.text.rfind('"', start, pos)
    verb = ctx.last_before(ctx.cues.statement_verbs, mark)
    return verb is not None and mark - verb.end() <= STATEMENT_QUOTE_GAP


def _dates_statement(ctx: Context, m: Match[Offset], start: int, end: int) -> bool:
    """A statement verb next to a "later" offset, in its sentence ("ولاحقاً قال ستون إن ...",
    "قبل أن يعلن البريد التونسي لاحقاً عودتها"): the offset dates an update. Not one that
    offers amends ("وأعلنت stc لاحقاً أنها ستضيف باقة بيانات مجانية"), and not "بعد ذلك" or
    "في وقت سابق", which as often tell what followed or came before."""
    if LATER_STEM not in ctx.text[m.start : m.end]:
        return False
    if ctx.search(
        ctx.cues.duration_offer, max(start, m.start - OFFER_REACH), min(end, m.end + OFFER_REACH)
    ):
        return False
    lo, hi = max(start, m.start - STATEMENT_GAP), min(end, m.end + STATEMENT_GAP)
    return ctx.search(ctx.cues.statement_verbs, lo, hi) is not None


def _has_phase_cue(ctx: Context, start: int, end: int) -> bool:
    """An event word in the sentence [start, end) of a vague offset; a stated cause alone ("نجم
    عن") tells what happened, not that an update came ("في تحديث لاحق" is no offset for it).
    Answered once per sentence: a long one holds many vague offsets."""
    key = ("phase_cue", start)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = any(
            ctx.search(p, start, end)
            for name, p in ctx.cues.phases.items()
            if name != "identified_cause"
        )
    return found


def _advance(lo: float | None, hi: float | None, off: Offset) -> tuple[float | None, float | None]:
    """Cumulative elapsed minutes since the start, as bounds where a step is vague."""
    step_lo = off.minutes if off.minutes is not None else off.min_minutes
    step_hi = off.minutes if off.minutes is not None else off.max_minutes
    if off.relative_to == "start":
        return step_lo, step_hi
    if off.relative_to == "publication" or lo is None:
        return None, None
    return (
        lo + step_lo if step_lo is not None else None,
        hi + step_hi if hi is not None and step_hi is not None else None,
    )


def _phase(ctx: Context, m: Match[Offset], stop: int) -> Phase:
    """Phase named by the clause the offset belongs to; when that clause names none, by its
    sentence up to the next offset."""
    sent_start, e = ctx.sentence_bounds(m.start)
    s, e = max(sent_start, m.start - 80), min(e, stop)
    clause = _clause(ctx.text, m, sent_start, s, e)
    return _phase_in(ctx, m, clause) or _phase_in(ctx, m, [(s, e)]) or "update"


def _clause(text: str, m: Match[Offset], sent_start: int, s: int, e: int) -> list[tuple[int, int]]:
    """The clause an offset belongs to, without what it counts from ("من بدء العطل"). An offset
    that opens its clause dates what follows it ("وبعد 45 دقيقة، أعلنت أنها رصدت ..."); one
    inside a clause dates it up to the next break ("عادت بعد ساعة ونصف، موضحة ...")."""
    anchor = ANCHOR.match(text, m.end, e)
    after = anchor.end() if anchor else m.end
    if _opens_clause(text, m.start, sent_start):
        brk = CLAUSE_BREAK.search(text, min(after + AFTER_BREAK_SKIP, e), e)
        return [(after, brk.start() if brk else e)]
    lo = max((b.end() for b in BEFORE_BREAK.finditer(text, s, m.start)), default=s)
    brk = CLAUSE_BREAK.search(text, after, e)
    return [(lo, m.start), (after, brk.start() if brk else e)]


def _opens_clause(text: str, start: int, sent_start: int) -> bool:
    """ "وبعد ساعة، ...", a sentence's first words, or a live blog's "05:10 — عقب دقائق"."""
    if start - sent_start <= OPENING_GAP or text.startswith(CLAUSE_OPENERS, start):
        return True
    before = text[max(sent_start, start - OPENING_GAP) : start].rstrip()
    return before.endswith(("—", "–", "-"))


def _phase_in(ctx: Context, m: Match[Offset], ranges: list[tuple[int, int]]) -> Phase | None:
    """The first phase group, in `PHASE_ORDER`, with a hit in `ranges`."""
    for name, phase in PHASE_ORDER:
        pattern = ctx.cues.phases[name]
        for s, e in ranges:
            if name == "resolved":
                returns = [_return(ctx, r) for r in pattern.finditer(ctx.text, s, e)]
                if "recovered" in returns:
                    return phase
                if "begun" in returns:
                    return "mitigating"
            # an acknowledgement before the offset belongs to the previous update
            elif ctx.search(pattern, max(m.start, s) if name in AFTER_ONLY else s, e):
                if name == "investigating_work" and _acknowledged_before(ctx, min(s, m.start)):
                    return "mitigating"  # "نحن على علم ..."، ثم "تعمل على إصلاح": the next step
                return phase
    return None


def _acknowledged_before(ctx: Context, pos: int) -> bool:
    """Did the vendor acknowledge the problem earlier in the text ("نحن على علم بالمشكلة")?"""
    return ctx.search(ctx.cues.phases["investigating_aware"], 0, pos) is not None


def _return(ctx: Context, r: re.Match[str]) -> str | None:
    """What a resolved cue reports: "recovered"; "begun" for a return that only began ("بدأت
    الخدمة تعود", "بدء عودة الخدمات"); None for no return ("عادت لتؤكد أن المشكلة ما زالت
    قائمة", "موعداً لعودة الخدمة", "تعمل على استعادة الخدمة")."""
    if AUXILIARY.match(ctx.text, r.end()) or after_lam(ctx.text, r) or worked_on(ctx.text, r):
        return None
    return "begun" if only_begun(ctx.text, r) else "recovered"


def _start_datetime(point: TimePoint | None) -> datetime | None:
    if point is None or not point.datetime:
        return None
    try:
        return datetime.fromisoformat(point.datetime)
    except ValueError:
        return None
