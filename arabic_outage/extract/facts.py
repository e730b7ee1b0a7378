"""Status, regions, report counts and root cause: one short rule each over cues and lexicons."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right

from .. import grammar
from ..schema import Duration, Named, Region, Reports, RootCause, Status
from .context import CLAUSE_MARK, FULL_STOP, SINCE, Context, after_lam

CLAUSE_END = re.compile(rf"[!?؟\n،,؛:]|{FULL_STOP}")  # (not the dot of "zoom.us", "8.5")
ZONE_WORD = grammar.pattern("facts", "zone_word")  # "بتوقيت سورية" names a clock, not a place
ADJECTIVE_WORDS = grammar.pattern("facts", "adjective_words")  # (after the head's stem)
CLAUSE_OPEN = frozenset('.!?؟\n،,؛:"«»“”')
CAUSE_MAX = 160  # characters; a cause is a phrase, not a paragraph
FOUND_THAT = grammar.pattern("facts", "found_that")
RESULT = grammar.pattern("facts", "result")  # "، ما تسبب", "، الأمر الذي أدى"
LIST_ITEM_WORDS = 3  # a line this short is a list item
LIST_ITEM_CHARS = 60  # ... and never longer than this
DENIAL_REACH = 40  # characters from a denial ("لم تُرصد شكاوى") to the place it names
LIST_REACH = 30  # list items read back to their lead line, at most
VERB_REACH = 260  # "أرجع <who, to whom, about what> الانقطاعات ... إلى <cause>": a long object
DOUBT_REACH = 200  # characters back from a cause cue to a doubt or denial in its clause
OPENER_REACH = 12  # characters back from a verb-first cause verb to what opens its clause
REPORT_WINDOW = 60
NOT_BEFORE = grammar.pattern("facts", "not_before")  # "ولم يستمر العطل طويلاً": it ended
NOT_REACH = 8
WHOEVER_BEFORE = grammar.pattern("facts", "whoever_before")  # (see `_whoever`)
# inside the quoted text of a message the app shows ('رسالة "الخدمة غير متاحة مؤقتاً"'): what
# users saw, not the writer saying it is still down
IN_MESSAGE = grammar.pattern("facts", "in_message")
MESSAGE_REACH = 60
REPORT_LEAD = 40  # characters from a report word to a count after it ("البلاغات تجاوزت 5 آلاف")
NOUN_LEAD = 20  # ... and from one to a count so large it must be of reports, not of users
USER_BASE_GAP = 40  # characters from "عدد مستخدميه" to its count ("عدد مستخدمي تطبيقه الرقمي")
USER_BASE_MIN = 10_000_000  # people counted next to no report noun this many are a user base
# A statement quoted after "إن": companies give their causes this way; the cause-noun check
# (`_is_cause`) keeps quotes about other things out.
QUOTED_STATEMENT = grammar.pattern("facts", "quoted_statement")
TO = grammar.pattern("facts", "to")  # the complement of "أرجع ... إلى"
CONTRAST_BEFORE = grammar.pattern("facts", "contrast_before")
CONTRAST_REACH = 30  # characters back from a cause to the "بل" of its cue
VERB_FIRST_OPENER = grammar.pattern("facts", "verb_first_opener")
VERB_FIRST_EFFECT = grammar.pattern("facts", "verb_first_effect")
VERB_FIRST_ANAPHOR = grammar.pattern("facts", "verb_first_anaphor")
ON = grammar.pattern("facts", "on")
COPULA = grammar.pattern("facts", "copula")  # "سببه هو", "سببه، وهو"
UNLESS_REACH = 30  # "ولم تعلن كورك حتى ساعة إعداد هذا": the silence right before a still cue
STILL_SUBJECT_REACH = 80  # "لا يزال <subject> معطلاً": the still word to the state
SINCE_REACH = 8  # "منذ " right before a length
OTHER_WORKING_REACH = 60  # another company's name to "تعمل بشكل طبيعي" said of its network
OTHER_SERVICES_REACH = 100  # "الخدمات الأخرى" to it, past the services it lists
ANAPHOR = grammar.pattern("facts", "anaphor")
SUFFERED_LAM = grammar.text("facts", "suffered_lam")  # "تعرضت لهجوم"
THAT_WORD = grammar.text("facts", "that_word")  # "أن"/"إن", normalised
_THAT_THEN_SPACE = THAT_WORD + " "
_SPACED_THAT = " " + THAT_WORD + " "


def status(ctx: Context, length: Duration | None = None, vendor: Named | None = None) -> Status:
    """Resolved if the text says service came back (fully), unless it says the outage still goes
    on after that; else ongoing if it says so outright or in part; else resolved when the text
    gives the outage a finished length ("استمر ... ثماني ساعات"); else ongoing on weaker cues;
    else resolved on a length stated as a minimum ("لمدة تجاوزت الساعتين"), which weaker cues
    of "still" outweigh ("أكثر من 16 ساعة" so far)."""
    text, pats = ctx.text, ctx.cues.status
    # "وأشار مستخدمون إلى أن واتساب يعمل بشكل طبيعي": another service, still working
    spared = {m.start() for _, e, _ in ctx.hits("service") if (m := ctx.named_working(e))}
    named = sorted((e, name) for _, e, name in ctx.hits("vendor"))  # (by end: bisection)
    returns = [
        r.start()
        for r in ctx.full_recoveries()
        if r.start() not in spared
        and not _another_working(ctx, r, vendor, named)
        and not ctx.in_related_links(r.start())  # "اقرأ أيضاً: ما هي خطة التعافي من الكوارث؟"
    ]
    if returns:
        # "استعادت خدمات مثل ...، لكن المنطقة لا تزال خارج الخدمة": still down after the return;
        # a working state is no return event, and "still down" anywhere outweighs it ("لا تزال
        # الخدمة متوقفة جزئياً ... وأن أنظمة البنوك الداخلية تعمل بشكل طبيعي")
        states = all(ctx.cues.still_working.match(text, r) for r in returns)
        return "ongoing" if _still_down(ctx, 0 if states else max(returns)) else "resolved"
    if _still_down(ctx):
        return "ongoing"
    # a length so far ("منذ ثلاثة أيام") is no finished one
    finished = length is not None and length.minutes is not None and not _so_far(ctx, length)
    if finished and length is not None and length.qualifier != "at_least":
        return "resolved"  # "استمر قرابة ثلاث ساعات", though "لم تكشف عن السبب حتى الآن"
    if pats["partial"].search(text):
        return "ongoing"
    if _said(pats["ongoing"], text) and not pats["unclear"].search(text):
        return "ongoing"  # "أكثر من 16 ساعة" so far, with "لا تزال"
    return "resolved" if finished else "unknown"  # "لمدة تجاوزت الساعتين"


def _another_working(
    ctx: Context, ret: re.Match[str], vendor: Named | None, named: list[tuple[int, str]]
) -> bool:
    """ "وقالت شركة أوريدو فلسطين إن شبكتها في الضفة الغربية تعمل بشكل طبيعي": a still-working
    phrase whose nearest company before it (`named`: vendor hits by end), in its sentence, is
    not the story's vendor; or whose subject is the other services ("وأشار البنك إلى أن الخدمات
    الأخرى، ومنها ماكينات الصراف الآلي، تعمل بشكل طبيعي")."""
    if not ctx.cues.still_working.match(ctx.text, ret.start()):
        return False
    sentence_start = ctx.sentence_bounds(ret.start())[0]
    lo = max(sentence_start, ret.start() - OTHER_SERVICES_REACH)
    if ctx.search(ctx.cues.other_services, lo, ret.start()):
        return True
    if vendor is None:
        return False
    lo = max(sentence_start, ret.start() - OTHER_WORKING_REACH)
    i = bisect_right(named, (ret.start(), "\uffff")) - 1
    # (the vendor's group is the vendor: "فودافون" in Vodafone Egypt's story)
    return i >= 0 and named[i][0] >= lo and not ctx.lexicon.same_company(named[i][1], vendor.name)


def _so_far(ctx: Context, length: Duration) -> bool:
    """ "منذ أكثر من 6 ساعات": the length so far, not a finished one."""
    if length.span is None:
        return False
    pos = bisect_left(ctx.source.index, length.span.start)  # (the original span, normalised)
    return SINCE.search(ctx.text, max(0, pos - SINCE_REACH), pos) is not None


def _said(
    pattern: re.Pattern[str], text: str, start: int = 0, unless: re.Pattern[str] | None = None
) -> bool:
    """A cue from `start` on, except after the clitic ل of result ("ليستمر العطل قرابة ثلاث
    ساعات" tells how long it lasted, not that it goes on) or after a negation ("ولم يستمر
    العطل طويلاً": it ended) or inside a message the app shows, or shortly after `unless`."""
    return any(_meant(text, m, unless) for m in pattern.finditer(text, start))


def _meant(text: str, m: re.Match[str], unless: re.Pattern[str] | None) -> bool:
    """Whether cue `m` says what it says (see `_said`)."""
    return (
        not after_lam(text, m)
        and not NOT_BEFORE.search(text, max(0, m.start() - NOT_REACH), m.start())
        and not IN_MESSAGE.search(text, max(0, m.start() - MESSAGE_REACH), m.start())
        and not (unless and unless.search(text, max(0, m.start() - UNLESS_REACH), m.start()))
    )


def _still_down(ctx: Context, start: int = 0) -> bool:
    """The outage still on as the text is written: said outright (`still_down`: "لا تزال خارج
    الخدمة"), or with the subject between a still word and the state (`still_now` ...
    `down_state`: "لا يزال النطاق europe-west9-a معطلاً")."""
    text, silence = ctx.text, ctx.cues.silence
    if _said(ctx.cues.still_down, text, start, unless=silence):
        return True
    for m in ctx.cues.still_now.finditer(text, start):
        stop = min(len(text), m.end() + STILL_SUBJECT_REACH)
        end = CLAUSE_END.search(text, m.end(), stop)
        state = ctx.cues.down_state.search(text, m.end(), end.start() if end else stop)
        if state is not None and _meant(text, m, silence) and not _whoever(text, m):
            return True
    return False


def _whoever(text: str, m: re.Match[str]) -> bool:
    """A still word after relative "من" states a condition, not that the outage goes on after
    the return ("ونصحت من لا تزال أجهزته تعاني بإعادة تشغيلها")."""
    return WHOEVER_BEFORE.search(text, max(0, m.start() - NOT_REACH), m.start()) is not None


def regions(
    ctx: Context, vendor: Named | None, services: list[Named], cause: RootCause
) -> list[Region]:
    """Places named as affected. A place inside a time zone ("بتوقيت شرق الولايات المتحدة"), a
    quoted name (the newspaper «الشرق الأوسط») or the cause ("خلل بالسيرفرات في أوروبا") is not
    one; a place's adjective after its users or the outage ("المستخدمين المصريين", "انقطاع
    عالمي") is; a grouping ("دول عربية") yields to the member countries named beside it; a national
    operator's outage is in its country when the text names no other."""
    zones = [(m.start, m.end) for m in ctx.temporal.times if m.value.timezone]
    regions_named = ctx.lexicon.regions
    out: dict[str, Region] = {}
    for start, end, name in [*ctx.hits("region"), *_adjectives(ctx)]:
        if (
            any(s <= start < e for s, e in zones)
            or ctx.in_related_links(start)
            or _quoted_name(ctx, start)
            or ZONE_WORD.search(ctx.text, max(0, start - 10), start)
            or not _about_the_outage(ctx, start)
            or _denied_there(ctx, start)
            or ctx.after_earlier_incident(start)  # "سبق أن ... الكوابل التي تربط شرق أفريقيا"
        ):
            continue
        span = ctx.span(start, end)
        if cause.span and cause.span.start <= span.start < cause.span.end:
            continue
        if name in regions_named and span.text in regions_named[name].written_otherwise:
            continue  # "عمّان": Amman, not Oman
        out.setdefault(name, Region(name=name, span=span))
    for name in [n for n in out if n in regions_named and regions_named[n].members & set(out)]:
        del out[name]  # "في مصر ودول عربية": the countries named are the regions
    country = ctx.lexicon.vendors[vendor.name].country if vendor else None
    # (the vendor named only through its products, "نفاذ" and "توكلنا": the first of them)
    named = (
        vendor.mentions if vendor and vendor.mentions else [m for s in services for m in s.mentions]
    )
    if country and named and not (set(out) - {"global"}):
        out[country] = Region(name=country, span=min(named, key=lambda m: m.start))
    return sorted(out.values(), key=lambda r: r.span.start)


def _about_the_outage(ctx: Context, pos: int) -> bool:
    """A sentence that speaks of the outage, its users, reports or return; a place in a sentence
    about an app store's charts, a race between countries or a user base is background. A list
    item on its own line ("الهند") is read with the line that leads the list."""
    start, end = ctx.sentence_bounds(pos)
    for _ in range(LIST_REACH):  # (bounded: a text of one-word lines stays linear)
        if start == 0 or not _list_item(ctx.text, start, end):
            break
        start, end = ctx.sentence_bounds(start - 1)
        pos = start
    if ctx.in_sentence(ctx.cues.relevance["outage"][1], pos):
        return True
    if ctx.in_sentence(ctx.cues.user_base, pos):
        return False  # "يتجاوز عدد مستخدميه النشطين يومياً 450 مليون ... في المنطقة العربية"
    return (
        ctx.in_sentence(ctx.cues.reports, pos)
        or ctx.in_sentence(ctx.cues.region_heads, pos)
        or ctx.in_sentence(ctx.cues.status["resolved"], pos)
        or ctx.in_sentence(ctx.cues.start_lead, pos)  # "لم يكن صباح أمس عادياً في الشرق الأوسط"
    )


def _list_item(text: str, start: int, end: int) -> bool:
    """A line this short is a list item (its length is checked first, so an endless sentence
    is not split into words for every place it names)."""
    return end - start <= LIST_ITEM_CHARS and len(text[start:end].split()) <= LIST_ITEM_WORDS


def _denied_there(ctx: Context, pos: int) -> bool:
    """A place where reports are denied in the same clause ("بينما لم تُرصد شكاوى تُذكر من
    السعودية أو باكستان")."""
    lo = max(ctx.sentence_bounds(pos)[0], pos - DENIAL_REACH)
    denial = ctx.search(ctx.cues.relevance["debunk"][1], lo, pos)
    return denial is not None and not CLAUSE_MARK.search(ctx.text, denial.end(), pos)


def _adjectives(ctx: Context) -> list[tuple[int, int, str]]:
    """(start, end, region) of a region's adjective right after a head from `region_heads`."""
    text, found = ctx.text, []
    adjectives = ctx.lexicon.region_adjectives
    for head in ctx.matches(ctx.cues.region_heads):
        pos = head.end()
        while (words := ADJECTIVE_WORDS.match(text, pos)) is not None:
            one = words.group(1)
            two = f"{one} {words.group(2)}" if words.group(2) else None
            adj = next((a for a in (two, one) if a and a in adjectives), None)
            if adj is None:
                break
            start = words.start(1)
            found.append((start, start + len(adj), adjectives[adj]))
            pos = start + len(adj)  # "المصريين والسعوديين"
    return found


def _quoted_name(ctx: Context, start: int) -> bool:
    """A place that opens a quotation names something else: the newspapers «الشرق الأوسط» and
    «الخليج الرقمي» (an opening mark: an even count of marks before it in the sentence)."""
    if ctx.text[start - 1 : start] != '"':
        return False
    marks = ctx.quote_marks
    before = bisect_left(marks, start - 1) - bisect_left(marks, ctx.sentence_bounds(start)[0])
    return before % 2 == 0


def reports(ctx: Context, names: list[Named]) -> Reports | None:
    """The largest number of user reports given near a report word (not a number that is part
    of the story's vendor or service names: "ألفا" is the operator Alfa)."""
    named = sorted((m.start, m.end) for n in names for m in n.mentions)
    best = None
    numbers = ctx.temporal.numbers if ctx.temporal else []
    cue_starts = [m.start() for m in ctx.matches(ctx.cues.reports)]
    for num in numbers:
        value = num.value
        if not math.isfinite(value) or value < 100 or value != int(value):
            continue  # counts of reports are large
        if 1900 <= value <= 2100 and not _report_noun_after(ctx, num.end):
            continue  # years are not counts, unless a report word follows ("1900 بلاغ")
        if ctx.time_point_at(num.start) is not None:
            continue  # "قبل الساعة 0900 بتوقيت جرينتش": a clock time
        if not (
            _any_between(cue_starts, num.end, num.end + REPORT_WINDOW)
            or _any_between(cue_starts, num.start - REPORT_LEAD, num.start)
        ):
            continue
        lo = max(ctx.sentence_bounds(num.start)[0], num.start - USER_BASE_GAP)
        if ctx.cues.user_base.search(ctx.text, lo, num.end + 30):
            continue  # "يتجاوز عدد مستخدميه عشرين مليون مستخدم شهرياً": users, not reports
        if value >= USER_BASE_MIN and not _report_noun_near(ctx, num.start, num.end):
            continue  # "أكثر من 400 مليون مستخدم حول العالم": so many people is a user base
        if named and _inside(named, ctx.source.to_original(num.start, num.end)[0]):
            continue  # "ألفا" (Alfa) is the operator, not a thousand
        if best is None or value > best[0]:
            best = (value, num.start, num.end)
    if best is None:
        return None
    return Reports(count=int(best[0]), source=_source(ctx), span=ctx.span(best[1], best[2]))


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, math.inf)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _report_noun_after(ctx: Context, end: int) -> bool:
    """A report word right after a number ("1900 بلاغ")."""
    m = ctx.cues.reports.match(ctx.text, end + 1 if ctx.text.startswith(" ", end) else end)
    return m is not None and _report_noun(ctx, m)


def _report_noun_near(ctx: Context, start: int, end: int) -> bool:
    """A report word near a count."""
    lo, hi = max(0, start - NOUN_LEAD), end + REPORT_WINDOW
    return any(_report_noun(ctx, m) for m in ctx.cues.reports.finditer(ctx.text, lo, hi))


def _report_noun(ctx: Context, m: re.Match[str]) -> bool:
    """A report word that is not a word for people ("بلاغ", not "مستخدم")."""
    return not ctx.cues.people.fullmatch(ctx.text, m.start(), m.end())


def _any_between(sorted_positions: list[int], low: int, high: int) -> bool:
    """Whether a position lies in [low, high] (log time: a text may hold many numbers)."""
    i = bisect_left(sorted_positions, low)
    return i < len(sorted_positions) and sorted_positions[i] <= high


def _source(ctx: Context) -> str | None:
    for name, pattern in ctx.cues.report_sources.items():
        if pattern.search(ctx.text):
            return name
    return None


def root_cause(ctx: Context) -> RootCause:
    """The first clause after a cause cue that names something (a change, a cut cable, a fire);
    else the first subject of a verb-first cause verb that does."""
    for start, stop in [*_cause_candidates(ctx), *_verb_first_causes(ctx)]:
        phrase = ctx.text[start:stop].strip(" :*\"'")
        start = ctx.text.index(phrase, start) if phrase else start
        if _names_a_cause(ctx, phrase, start):
            opened = ctx.text[max(0, start - 4) : start].rstrip(" :*").endswith('"')
            if opened and '"' in phrase:  # a quoted cause ends at its closing mark
                phrase = phrase[: phrase.index('"')].rstrip()
                if not _names_a_cause(ctx, phrase, start):
                    continue  # 'نجم عن "خلل تقني" في أحد الأنظمة': the quoted words are generic
            span = ctx.span(start, start + len(phrase))
            return RootCause(disclosed=True, text=span.text, span=span)
    return RootCause(disclosed=False, text=None, span=None)


def _cause_candidates(ctx: Context) -> list[tuple[int, int]]:
    """Clauses after a cause cue, and after the "إلى" of a cause verb, in text order."""
    text, out = ctx.text, []
    for m in ctx.matches(ctx.cues.root_cause_lead):
        start = m.end()
        while start < len(text) and text[start] in " :*\"'":
            start += 1  # "السبب المحتمل:* ..." introduces the cause after its colon
        if copula := COPULA.match(text, start):
            start = copula.end()  # "أن سبب المشكلة هو «...»"
        if ctx.cues.root_cause_lead.match(text, start):
            continue  # "أن سبب العطل يعود إلى ...": the next cue reads the cause
        if ANAPHOR.match(text, start):
            continue  # "ونتيجة لذلك توقفت الخوادم": the cause was told before, an effect follows
        if ON.match(text, start):
            continue  # "العطل الذي أثر على الخدمات": أثر (affected) reads as the cue إثر once
            # normalised, and no cause begins with "على"
        lo = max(ctx.sentence_bounds(m.start())[0], m.start() - DOUBT_REACH)
        clause = max(lo, *(text.rfind(c, lo, m.start()) + 1 for c in "،,؛"))
        if ctx.cues.root_cause_doubt.search(text, clause, m.start()):
            continue  # "لم يتضح ما إذا كان مرتبطاً بالتحديثات", "تنفي تعرضها لهجوم": not a cause
        out.append((start, _clause_end(text, start)))
    for m in QUOTED_STATEMENT.finditer(text):  # "وقالت الشركة في بيان إن "<cause>""
        out.append((m.end(), _clause_end(text, m.end())))
    for m in ctx.matches(ctx.cues.root_cause_verb):
        sentence_end = ctx.sentence_bounds(m.end())[1]
        to = TO.search(text, m.end(), min(sentence_end, m.end() + VERB_REACH))
        if to:
            out.append((to.end(), _clause_end(text, to.end())))
    for m in ctx.matches(ctx.cues.root_cause_suffered):  # "تتعرض لهجوم حجب الخدمة الموزع"
        start = text.rfind(" ", m.start(), m.end()) + 1
        start += text.startswith(SUFFERED_LAM, start)  # the attack, without the ل of "تعرضت لهجوم"
        out.append((start, _clause_end(text, start)))
    for m in ctx.matches(ctx.cues.root_cause_effect):  # "خلل بالسيرفرات تسبب في توقف ..."
        start, end = _effect_clause(text, m.start())
        if not ctx.cues.root_cause_lead.search(text, start, end):  # else read from the cue
            out.append((start, end))
    # an earlier incident's cause ("تعطلاً مشابهاً في 12 مايو الماضي ... أرجعته إلى")
    out = [(s, e) for s, e in out if not ctx.another_year(s) and not ctx.after_earlier_incident(s)]
    effects = [m.start() for m in ctx.matches(ctx.cues.root_cause_effect)]
    # a cause ends where its effect begins: "نتج عن خلل بالسيرفرات | تسبب في توقف واتساب"
    return sorted((s, _first_after(effects, s, e)) for s, e in out)


def _verb_first_causes(ctx: Context) -> list[tuple[int, int]]:
    """Subjects of a cause verb that opens its clause, up to the effect ("عندما أدى تعطل أنظمة
    التبريد إلى ارتفاع الحرارة"). Read last: the subject is as often the outage itself, told as
    the cause of what users saw ("تسبب عطل في خدمات أمازون في توقف تطبيقات")."""
    text, out = ctx.text, []
    for m in ctx.matches(ctx.cues.root_cause_verb_first):
        opens = VERB_FIRST_OPENER.search(text, max(0, m.start() - OPENER_REACH), m.start())
        sentence_end = ctx.sentence_bounds(m.end())[1]
        effect = VERB_FIRST_EFFECT.search(text, m.end(), min(sentence_end, m.end() + VERB_REACH))
        earlier = ctx.another_year(m.start()) or ctx.after_earlier_incident(m.start())
        if opens and effect and not earlier and not VERB_FIRST_ANAPHOR.match(text, m.end()):
            out.append((m.end(), min(effect.start(), _clause_end(text, m.end()))))
    return out


def _effect_clause(text: str, effect: int) -> tuple[int, int]:
    """The clause that ends where an effect begins ("خلل بالسيرفرات | تسبب في ..."): after
    "أوضحت أن <cause>، ما تسبب في" the clause said before "ما"; after 'بأن "<cause>" شكّل ضغطاً
    على' the quoted words (quotes are normalised to '"')."""
    start = _clause_start(text, effect)
    if start > 0 and RESULT.fullmatch(text, start, effect):
        before = _clause_start(text, start - 1)
        if text.startswith(_THAT_THEN_SPACE, before - len(_THAT_THEN_SPACE)):
            return before, start - 1
    elif start > 0 and text[start - 1] == '"' and not text[start:effect].strip():
        opening = text.rfind('"', max(0, start - CAUSE_MAX), start - 1)
        if opening != -1:
            return opening + 1, start - 1
    if found := FOUND_THAT.search(text, start, effect):
        start = found.end()  # "قالت مايكروسوفت إنها حددت <cause> يعتقد أنه سبب المشكلة"
    return start, effect


def _first_after(sorted_positions: list[int], start: int, default: int) -> int:
    """The first position after `start` and before `default`, else `default` (log time)."""
    i = bisect_right(sorted_positions, start)
    return (
        sorted_positions[i]
        if i < len(sorted_positions) and sorted_positions[i] < default
        else default
    )


def _clause_start(text: str, end: int, limit: int = CAUSE_MAX) -> int:
    """Where the clause that ends at `end` begins (after a punctuation mark or quote)."""
    start = max(0, end - limit)
    for i in range(end - 1, start - 1, -1):
        if text[i] in CLAUSE_OPEN:
            start = i + 1
            break
    that = text.rfind(_SPACED_THAT, start, end)  # "وقالت الشركة إن <cause> أدى إلى ..."
    return that + len(_SPACED_THAT) if that != -1 else start


def _clause_end(text: str, start: int, limit: int = CAUSE_MAX) -> int:
    end_m = CLAUSE_END.search(text, start, start + limit)  # bounded: linear in long clauses
    return min(end_m.start() if end_m else len(text), start + limit)


def _names_a_cause(ctx: Context, phrase: str, start: int) -> bool:
    """`_is_cause`, or any words told against a denied cause ("لم يكن نتيجة هجوم، بل نجم عن
    «سوء تواصل بين مسجل النطاقات وسجل GoDaddy»")."""
    if _is_cause(ctx, phrase, start):
        return True
    contrast = CONTRAST_BEFORE.search(ctx.text, max(0, start - CONTRAST_REACH), start)
    if contrast is None or len(phrase.split()) < 2:
        return False
    lo = max(ctx.sentence_bounds(start)[0], contrast.start() - DOUBT_REACH)
    return ctx.cues.root_cause_doubt.search(ctx.text, lo, contrast.start()) is not None


def _is_cause(ctx: Context, phrase: str, start: int) -> bool:
    """Names a thing that broke, or the place of a fault other than a product ("خلل في خدمة
    المصادقة"); "خلل تقني" and the like name nothing."""
    if len(phrase.split()) < 2 and not phrase.isascii():
        return False
    generic = ctx.cues.root_cause_generic.match(phrase)
    if generic and len(phrase[generic.end() :].split()) <= 2:
        return False
    if ctx.cues.root_cause_nouns.search(phrase):
        return True
    fault_at = ctx.cues.root_cause_fault_at.match(phrase)
    return bool(fault_at) and not ctx.names_between(start, start + len(phrase))
