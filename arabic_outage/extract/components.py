"""Affected components: feature terms the text says were hit, and the items of enumerations.

A lexicon term counts when an impact cue comes shortly before it in its sentence ("تعذر تسجيل
الدخول") or right after it ("الرسائل متوقفة"). An enumeration after a cue ("شملت المحادثات،
وتسجيل الدخول، ...") is split on commas and "و"; its items count when most of them are lexicon
terms (a list of features names features even where the vocabulary has a gap; such items take the
kind of their head word, else "other"). A bulleted list counts whole under an enumeration cue or
under a line that ends in a colon after an impact cue ("وشملت الأعطال:"), each item up to where
what befell it begins. "تطبيق <service>" and "موقع <service>" are components too.
Terms coordinated with an affected term share its cue ("انقطعت خدمات الاتصالات والرسائل"), and an
action on a feature after a cue ("تعذر تجديد الإقامات") is one: a verbal noun of `feature_verbs`
(cues.yaml) with its object.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from itertools import islice
from typing import cast

from .. import grammar
from ..normalize import norm
from ..pipeline import PROCLITICS
from ..schema import Component, ComponentCount, ComponentKind, Named, RootCause
from .context import FULL_STOP, Context

LEAD_WINDOW = 60  # characters from an impact cue to the term it governs
QUOTE_LEAD = 4  # characters after a list cue to a quote mark that opens a list of quotations
QUOTED_NAME_WORDS = 5  # a quoted name is this short; a longer quote is what someone wrote
WORD_LEAD_WINDOW = 12  # a one-word term ("الاتصالات", "الموقع") must follow its cue closely
TAIL_WINDOW = 12
SOURCE_GAP = 12  # "بحسب" to the term right after it
SHORT_ITEM_WORDS = 3  # a list item this short, led by a known term, counts as known
# Items part at commas (with or without a following "و") and at a bare "و" before the article,
# a service word or a Latin name ("والرسائل", "وخدمة الإنترنت", "وAzure"); "مكون واحد" and
# "الخوادم ومراكز البيانات" stay whole.
LINKS = grammar.text("components", "links")
_AND_GLUED = grammar.text("components", "and_glued")
_AND_BEFORE_ITEM = grammar.text("components", "and_before_item")
_AND_AFTER_BRACKET = grammar.text("components", "and_after_bracket")
ITEM_SPLIT = re.compile(
    rf"\s*[،,؛;]\s*(?:{LINKS}\s+|{_AND_GLUED})?\s*|{_AND_BEFORE_ITEM}|\s+{LINKS}\s+"
    rf"|{_AND_AFTER_BRACKET}"
)  # (a quoted item joined by و: '"Login" و"Search"'; one after a bracket: "(38%) وتسجيل الدخول")
GLOSS = grammar.pattern("components", "gloss")  # "(Deep Research)", "CDN", not "(27%)"
SHARE_TAIL = grammar.pattern("components", "share_tail")  # "(54%)" closing a list item
GLOSS_OR_NOTHING = re.compile(rf"(?:{GLOSS.pattern})?")
CONJUNCTION = grammar.pattern("components", "conjunction")  # (normalised: أو -> او)
CONJUNCT_HEAD = grammar.pattern("components", "conjunct_head")  # "وخدمة WARP"
PREPOSITION = grammar.pattern("components", "preposition")
# a definite noun, not a relative pronoun ("أداء التي") nor "إلى" (normalised "الي"), and an
# optional definite adjective
_DEFINITE = grammar.text("components", "definite")
# its object: "الإقامات", "الرسائل الجديدة", or a construct "تأشيرات الخروج", "رخص القيادة"
# ("شهادة عدم المحكومية": two words before the definite one; none a preposition: "ربط بين")
_INDEFINITE = grammar.text("components", "indefinite")
_GAP = r"[^\S\n]+"  # (an object does not go on past its line: a headline's next line is no part)
OBJECT = re.compile(
    rf"{_GAP}(?:{_DEFINITE}(?:{_GAP}{_DEFINITE})?"
    rf"|{_INDEFINITE}(?:{_GAP}{_INDEFINITE})?{_GAP}{_DEFINITE})(?!\w)"
)
FROM = grammar.pattern("components", "from")
ACTION_LINK = grammar.pattern("components", "action_link")
NAME_GAP = re.compile(r"\s*[/\"«“'(]?\s*")
LIST_END = re.compile(rf"[!?؟\n:]|{FULL_STOP}")  # (not the dot of "zoom.us", "8.5")
# a colon right after a list's cue, or a few words after it ("المكونات المتأثرة بأسمائها
# الإنجليزية: ..."), the items on its line (not a clock's colon: "في حدود الساعة 21:00")
COLON_NEAR = re.compile(r"[^\n:،.؛]{0,30}(?<!\d):(?!\d)[ \t]*(?=\S)")
MAX_ITEM_WORDS = 6
# a brand's shape: a capital inside a word ("DynamoDB"), letters and digits ("EC2"), or several
# capitalised words ("Azure Front Door")
PRODUCT_NAME = re.compile(
    r"(?=[A-Za-z0-9 ]+$)(?:\w*[a-z][A-Z]\w*|[A-Za-z]+\d\w*|[A-Z]\w+(?: [A-Z]\w+)+)(?: \w+)*"
)
SHARE_MARK = re.compile(r"[%٪]")
SHARE_REACH = 40  # characters from a report share ("٦٢٪ منها بمشكلات في") to its term
IN_PLACE = grammar.pattern("components", "in_place")  # "الإنترنت في القاهرة": where, not what
WHO_WORDS = 3  # "على عدد من المستخدمين": words that say who, between a cue and its action
WORD = re.compile(r"\w+\s*")
WORD_REST = re.compile(r"\w*")
SPACES = re.compile(r"\s*")
FILLER_WORDS = 2  # "بالخصوص خدمات": words that head a list of actions
LINE_END = re.compile(r"[ \t]*:?[ \t]*\n(?:[ \t]*\n)?")  # a lead's line ends, its list below
BULLET = re.compile(r"[ \t]*(?:[-•*–▪·]|\d{1,2}[.)\-–])[ \t]+(?P<item>[^\n]+)\n?")
MAX_BULLET_WORDS = 10
# a bulleted line that opens with one of these tells a failure in a sentence ("1- تعذر تحميل")
BULLET_FAILURE = grammar.pattern("components", "bullet_failure")
# where a bulleted item's description begins: a comma, a relative pronoun, "حيث" (normalised)
ITEM_TAIL = grammar.pattern("components", "item_tail")
LIST_HEAD = re.compile(r":[ \t]*\n")  # a line that ends in a colon, a list below it
HEAD_REACH = 120  # characters back from that colon to the impact cue that opens the list
NETWORKS = ("Mobile network", "Fixed network")
CHANNELS = frozenset({"website", "mobile_app", "desktop_app", "web_client"})
SERVICE_PREFIX = grammar.table("components", "service_prefix")  # word -> component kind
# "واتساب ويب", "Outlook على الويب", "Teams عبر الويب": the service's web client
WEB_SUFFIX = grammar.pattern("components", "web_suffix")
# (the number starts a word: tried inside every word, `\w+` backtracked letter by letter)
COUNT = grammar.pattern("components", "count")
CLITIC_LETTERS = frozenset(c[0] for c in PROCLITICS)
# "أحد مكونات": one of the components, not a count
ONE_OF = frozenset(grammar.words("components", "one_of"))
PLATFORMS = frozenset(norm(w) for w in grammar.words("components", "platforms"))
DESCRIBING_LAM = grammar.text("components", "describing_lam")  # "للدفع الإلكتروني" after a name
LAM_ARTICLE = grammar.text("components", "lam_article")  # "للمحادثة الصوتية": no component
ARTICLE = grammar.text("components", "article")
ARTICLES = grammar.words("components", "articles")  # ("ال", "لل")
AND = grammar.text("components", "and")
OBJECT_PREPOSITIONS = grammar.words("components", "object_prepositions")
LAM_ARTICLE = grammar.text("components", "lam_article")  # "للشبكة" = ل + الشبكة
ALIF = grammar.text("components", "alif")
COMPONENT_WORD = grammar.text("components", "component_word")


def components(ctx: Context, vendor_kind: str | None, services: list[Named]) -> list[Component]:
    context = _contexts(vendor_kind, services)
    found: dict[tuple[int, int], str] = {}
    for start, end, _ in ctx.hits("component"):
        if _affected(ctx, start, end) or _product_in_outage(ctx, start, end):
            found[(start, end)] = _kind(ctx, ctx.text[start:end], context) or "other"
        elif _channel(ctx, start) and (kind := _kind(ctx, ctx.text[start:end], [])) in CHANNELS:
            found[(start, end)] = kind  # where the failure showed: a website or an app
    found = _merge_overlaps(found, ctx.text)
    found.update(_conjuncts(ctx, found, context))
    named = [*_enumerated(ctx, context), *_service_features(ctx, services)]
    keys = sorted(found)  # found spans by start, for overlap lookups in log time
    longest = max((e - s for s, e in keys), default=0)
    for start, end, kind in [*_feature_actions(ctx, context), *named]:
        lo, hi = bisect_left(keys, (start - longest,)), bisect_left(keys, (end,))
        overlapping = [k for k in keys[lo:hi] if start < k[1]]
        if all(e - s <= end - start for s, e in overlapping):
            for k in overlapping:
                del found[k]
                del keys[bisect_left(keys, k)]
            insort(keys, (start, end))
            longest = max(longest, end - start)
            found[(start, end)] = kind
    # A product's own name is a service, not a component ("واجهات برمجة التطبيقات" for OpenAI
    # API); a telecom network is described by its parts, which stay components.
    # "منصة توليد الفيديو «سورا»": a feature term right before a service's name describes it
    named_at = {start for start, _, _ in ctx.hits("service")}
    found = {
        k: v
        for k, v in found.items()
        if _skip(NAME_GAP, ctx.text, k[1]) not in named_at and not _describes_name(ctx, k[0])
    }
    found = _with_glosses(ctx.text, found)
    if _app_services(ctx, services):  # "الراجحي موبايل": "التطبيق" is the service, not a part
        found = {k: v for k, v in found.items() if v != "mobile_app"}
    found = {k: v for k, v in found.items() if not _names_the_service(ctx, *k)}
    for spared in _spared(ctx, sorted(found)):
        del found[spared]
    # "تعرض لعطل مماثل في أبريل الماضي، وطال حينها خدمة تحديثات الحالة": an earlier incident's
    found = {
        k: v
        for k, v in found.items()
        if not ctx.after_earlier_incident(k[0])
        and not ctx.another_year(k[0])
        and not ctx.in_related_links(k[0])
        and not _counted(ctx, k[0])
    }
    service_ends = {m.start: m.end for s in services if s.name not in NETWORKS for m in s.mentions}
    mentions = MentionIndex(services)
    out: dict[str, Component] = {}
    for (start, end), kind in sorted(found.items()):
        lead = ctx.cues.component_trim_lead.match(ctx.text, start, end)
        if lead is not None and lead.end() < end:
            start = _skip(SPACES, ctx.text, lead.end())  # "على المتصفح" alone is "المتصفح"
        span = ctx.span(start, end)
        if span.text.startswith(LAM_ARTICLE):
            continue  # "ميزة Gemini Live للمحادثة الصوتية": what it is for, not what failed
        if norm(span.text) in PLATFORMS:
            continue  # "تحديث iOS 18.2": the system, not a part of the service
        named_end = service_ends.get(span.start)
        if named_end is not None and GLOSS_OR_NOTHING.fullmatch(
            span.text[named_end - span.start :]
        ):
            continue  # "واجهات برمجة التطبيقات" named a service here
        out.setdefault(
            norm(span.text),
            Component(
                text=span.text,
                kind=cast(ComponentKind, kind),  # kinds are checked when the lexicon loads
                service=mentions.before(span.start),
                span=span,
            ),
        )
    return _drop_restated(list(out.values()))


def what_users_lost(
    found: list[Component], cause: RootCause, infrastructure: frozenset[str]
) -> list[Component]:
    """Components less what broke behind them: a term inside the stated cause ("عطل في أحد
    عناصر الشبكة الأساسية", "انقطاع التيار عن أحد مراكز البيانات") and a bare infrastructure
    term ("تعذر الاتصال بالخادم", "حادث داخل مركز البيانات"). Both still showed that something
    failed, so the outage verdict reads them first. A product named by brand in the cause
    ("مشكلة في ... خدمة DynamoDB") stays."""
    span = cause.span
    return [
        c
        for c in found
        if not (span is not None and span.start <= c.span.start < span.end and not _branded(c.text))
        and norm(c.text) not in infrastructure
    ]


def _counted(ctx: Context, start: int) -> bool:
    """ "توقف آلاف التطبيقات والمواقع": a count of things right before the term names many of
    them (the cloud's customers), not a part that failed."""
    count = ctx.last_before(ctx.cues.component_quantifiers, start)
    return count is not None and start - count.end() <= 1


def _branded(text: str) -> bool:
    """Whether a term holds a product's brand name ("قاعدة البيانات DynamoDB"): named in the
    cause, it is still a part that failed (annotators list DynamoDB 62 times)."""
    return any(PRODUCT_NAME.fullmatch(w) for w in text.split())


def _describes_name(ctx: Context, start: int) -> bool:
    """ "خدمة «مدى» للدفع الإلكتروني", "شركة فوري للمدفوعات الإلكترونية": a ل phrase right after
    a vendor's or service's name says what the named thing is, not what failed."""
    if not ctx.text.startswith(DESCRIBING_LAM, start):
        return False
    before = start
    while before > 0 and ctx.text[before - 1] in ' "':
        before -= 1
    return before in ctx.name_ends


def _spared(ctx: Context, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items said to work: "المكالمات الصوتية والرسائل النصية لم تتأثر", "باستثناء الرسائل".
    Coordinated items share the predicate after the last one or the cue before the first."""
    out: list[tuple[int, int]] = []
    chains: list[list[tuple[int, int]]] = []
    for span in spans:
        if chains and CONJUNCTION.fullmatch(ctx.text, chains[-1][-1][1], span[0]):
            chains[-1].append(span)
        else:
            chains.append([span])
    for chain in chains:
        if ctx.named_working(chain[-1][1]) or ctx.spared_before(chain[0][0], remained=False):
            out += chain
    return out


def _merge_overlaps(found: dict[tuple[int, int], str], text: str) -> dict[tuple[int, int], str]:
    """Terms that overlap are one mention: "تسجيل الدخول" and "الدخول إلى حساباتهم" in "تسجيل
    الدخول إلى حساباتهم" (the longer term's kind: "خدمة الإنترنت عبر الهاتف" is mobile data);
    so are a term and the Latin name right after it ("قواعد البيانات DynamoDB")."""
    out: dict[tuple[int, int], str] = {}
    longest: dict[tuple[int, int], int] = {}  # the longest term's length in each mention
    for (s, e), kind in sorted(found.items()):
        last = next(reversed(out), None)
        if last is not None and (
            s < last[1] or (s == last[1] + 1 and text[last[1]] == " " and text[s:e].isascii())
        ):
            merged, size = (last[0], max(e, last[1])), longest.pop(last)
            keep = out.pop(last)
            if s < last[1] and e - s > size:
                keep, size = kind, e - s
            out[merged], longest[merged] = keep, size
        else:
            out[(s, e)], longest[(s, e)] = kind, e - s
    return out


def _conjuncts(
    ctx: Context, found: dict[tuple[int, int], str], contexts: list[str]
) -> dict[tuple[int, int], str]:
    """Terms coordinated with an affected term share its cue: in "انقطعت خدمات الاتصالات
    والرسائل والإنترنت" the verb governs all three."""
    out: dict[tuple[int, int], str] = {}
    last_end = -1
    for start, end, _ in ctx.hits("component"):
        if (start, end) in found:
            last_end = end
        elif last_end >= 0 and (
            CONJUNCTION.fullmatch(ctx.text, last_end, start)
            or CONJUNCT_HEAD.fullmatch(ctx.text, last_end, start)
        ):
            out[(start, end)] = _kind(ctx, ctx.text[start:end], contexts) or "other"
            last_end = end
    return out


def _drop_restated(found: list[Component]) -> list[Component]:
    """A term whose words all occur in a longer component is that component named again
    ("الدخول" after "تسجيل الدخول", "البث" after "البث المباشر")."""
    words = [_content_words(c.text) for c in found]
    return [c for c, w in zip(found, words) if not any(w < other for other in words)]


def _content_words(text: str) -> frozenset[str]:
    out = []
    for w in norm(text).split():
        w = _bare(w)
        out.append(w[len(ARTICLE) :] if w.startswith(ARTICLE) and len(w) > 3 else w)
    return frozenset(out)


def _with_glosses(text: str, found: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """A term keeps the gloss after it ("البحث المتقدم (Deep Research)"); a term inside another
    (the gloss "Connectors" of "الموصلات (Connectors)") is that one again."""
    grown: dict[tuple[int, int], str] = {}
    for (start, end), kind in found.items():
        gloss = GLOSS.match(text, end)
        grown[(start, gloss.end() if gloss else end)] = kind
    kept: dict[tuple[int, int], str] = {}
    reach = -1  # the furthest end of any span starting earlier (or same start, longer)
    for (s, e), k in sorted(grown.items(), key=lambda item: (item[0][0], -item[0][1])):
        if e > reach:
            kept[(s, e)] = k
            reach = e
    return kept


def _contexts(vendor_kind: str | None, services: list[Named]) -> list[str]:
    """Which context overrides apply, most specific first."""
    names = {s.name for s in services}
    out = [
        c
        for c, n in (("mobile_network", "Mobile network"), ("fixed_network", "Fixed network"))
        if n in names
    ]
    if vendor_kind == "telecom" or out:
        out.append("telecom")
    return out


def _kind(ctx: Context, surface: str, contexts: list[str]) -> str | None:
    """The kind of a term as written or without its clitic; context overrides win."""
    for term in dict.fromkeys((" ".join(surface.split()), _bare(surface))):
        for c in contexts:
            kind = ctx.lexicon.component_contexts.get(c, {}).get(term)
            if kind:
                return kind
        if term in ctx.lexicon.components:
            return ctx.lexicon.components[term]
    return None


def _affected(ctx: Context, start: int, end: int) -> bool:
    s, e = ctx.sentence_bounds(start)
    if ctx.search(ctx.cues.source_lead, max(s, start - SOURCE_GAP), start):
        return False  # "بحسب الجدول الزمني": where a fact comes from
    window = LEAD_WINDOW if " " in ctx.text[start:end] else WORD_LEAD_WINDOW
    lead = ctx.cues.component_lead.finditer(ctx.text, max(s, start - window - 20), start)
    if any(start - m.end() <= window for m in lead):
        return True
    tail = ctx.cues.component_tail.finditer(ctx.text, end, min(e, end + TAIL_WINDOW + 20))
    return any(m.start() - end <= TAIL_WINDOW for m in tail)


def _names_the_service(ctx: Context, start: int, end: int) -> bool:
    """A bare "التطبيق" is the service itself ("أعلنت عودة التطبيق"), unless it is where a
    failure showed ("تعذر الدفع عبر التطبيق") or a share of the reports is given for it ("٦٢٪
    منها بمشكلات في التطبيق")."""
    if not ctx.cues.service_anaphors.fullmatch(ctx.text, start, end) or _channel(ctx, start):
        return False
    lo = max(ctx.sentence_bounds(start)[0], start - SHARE_REACH)
    shared = SHARE_MARK.search(ctx.text, lo, start) or ctx.search(ctx.cues.share_words, lo, start)
    return shared is None


def _product_in_outage(ctx: Context, start: int, end: int) -> bool:
    """A product named in Latin script in a sentence about the outage: a name that specific
    ("DynamoDB", "EC2", "Azure Front Door") is named because it failed. Only names shaped as
    brands count (`PRODUCT_NAME`), not words and acronyms ("Network", "DNS", "API")."""
    return bool(PRODUCT_NAME.fullmatch(ctx.original(start, end))) and (
        ctx.in_sentence(ctx.cues.relevance["outage"][1], start)
        or ctx.in_sentence(ctx.cues.component_lead, start)
    )


def _app_services(ctx: Context, services: list[Named]) -> bool:
    apps = ctx.lexicon.own_apps.values()
    return any(s.name in apps for s in services)


def _channel(ctx: Context, start: int) -> bool:
    """ "تعذر تسجيل الدخول عبر الموقع": right after a `component_channel` cue, with an impact
    cue earlier in the sentence and no statement verb since ("أعلنت عبر الموقع الرسمي")."""
    via = ctx.last_before(ctx.cues.component_channel, start - 1)
    if via is None or start - via.end() > 1:
        return False
    lead = ctx.last_before(ctx.cues.component_lead, via.start())
    said = ctx.last_before(ctx.cues.statement_verbs, start)
    return lead is not None and (said is None or said.start() < lead.end())


class MentionIndex:
    """Service mentions by position, for nearest-mention lookups in log time."""

    def __init__(self, services: list[Named]):
        pairs = sorted((m.start, s.name) for s in services for m in s.mentions)
        self.starts = [p for p, _ in pairs]
        self.names = [n for _, n in pairs]
        self.first = services[0].name if services else None

    def before(self, o_pos: int) -> str | None:
        """The service named closest before `o_pos` (else the first one named)."""
        i = bisect_right(self.starts, o_pos)
        return self.names[i - 1] if i else self.first

    def after(self, o_pos: int, window: int = 40) -> str | None:
        """A service named within `window` characters after `o_pos` ("13 مكونا داخل ChatGPT")."""
        i = bisect_left(self.starts, o_pos)
        return self.names[i] if i < len(self.starts) and self.starts[i] < o_pos + window else None


def _enumerated(ctx: Context, contexts: list[str]) -> list[tuple[int, int, str]]:
    """Items of lists introduced by an enumeration cue or bulleted under an impact line, with a
    kind."""
    text, out = ctx.text, []
    cues = ctx.matches(ctx.cues.enumeration_lead)
    for m, later in zip(cues, [*cues[1:], None]):
        if bullets := _bullets(text, m.end()):
            if not _advice(ctx, m.start()):
                out += [
                    (s, e, _kind(ctx, text[s:e], contexts) or _head_kind(ctx, s, e, contexts))
                    for s, e in bullets
                ]
            continue
        # (a stem cue ends inside its word: "وتوقفت معه المكالمات" lists from the next word)
        cue_end = _skip(WORD_REST, text, m.end())
        begin = _skip(COLON_NEAR, text, cue_end)  # "الخدمات التالية: تسجيل الدخول، ودفع الرسوم"
        if _quotes_speech(text, begin):
            continue  # "تداول المغردون عبارات مثل: \"...\"، و\"...\"": what users wrote
        if later and later.start() - m.end() < LEAD_WINDOW and begin == cue_end:
            continue  # "ضمت قائمة الخدمات المتأثرة ...": the list starts after the last cue
        end_m = LIST_END.search(text, begin)
        stop = end_m.start() if end_m else len(text)
        stop = min(stop, later.start()) if later else stop
        # (it ends where it says where or when: "والأنترنت 4G في عدد من ولايات الوسط والغرب",
        # "بعد توقفها لساعات منذ مساء أمس")
        where = ctx.cues.enumeration_place.search(text, begin, stop)
        stop = where.start() if where else stop
        i = bisect_left(ctx.when_starts, begin)
        if i < len(ctx.when_starts) and ctx.when_starts[i] < stop:
            stop = ctx.when_starts[i]
        items = _split(text, begin, stop)
        items = _before_clause(ctx, _split_actions(ctx, _without_fillers(ctx, items)))
        items = _before_place(ctx, items)
        typed = [(s, e, _kind(ctx, text[s:e], contexts)) for s, e in items]
        known = sum(1 for s, e, k in typed if k or _short_known_head(ctx, s, e, contexts))
        # a list its cue announces outright: its items are features
        header = begin > cue_end or ctx.cues.enumeration_header.match(text, m.start()) is not None
        if len(items) < (2 if header else 3) or (not header and known * 2 < len(items)):
            continue
        out += [(s, e, kind or _head_kind(ctx, s, e, contexts)) for s, e, kind in typed]
    listed = {(s, e) for s, e, _ in out}
    for s, e in _impact_bullets(ctx):
        if (s, e) not in listed:
            out.append((s, e, _kind(ctx, text[s:e], contexts) or _head_kind(ctx, s, e, contexts)))
    return out


def _quotes_speech(text: str, begin: int) -> bool:
    """Whether a list opens with a quoted sentence (what users wrote), not a quoted name
    ('"Conversations"، "Login"', as status pages list them)."""
    lead = text[begin : begin + QUOTE_LEAD]
    quote = begin + len(lead) - len(lead.lstrip(" :"))
    if not text.startswith('"', quote):
        return False
    close = text.find('"', quote + 1)
    inside = text[quote + 1 : close if close > 0 else len(text)]
    return len(inside.split()) > QUOTED_NAME_WORDS


def _impact_bullets(ctx: Context) -> list[tuple[int, int]]:
    """The bulleted lines under a line that ends in a colon and says what failed ("وشملت
    الأعطال:", "ولم يتمكن المستخدمون من:", "وشمل عدداً من خدمات الشركة، أبرزها:"), unless
    the line gives advice ("نصائح عند توقف واتساب:")."""
    text, out = ctx.text, []
    for m in LIST_HEAD.finditer(text):
        # the sentence that opens the list ("وبيّنت الشركة أن:" after a sentence of the outage
        # opens a list of statements)
        opening = max(ctx.sentence_bounds(m.start())[0], m.start() - HEAD_REACH)
        if ctx.search(ctx.cues.component_lead, opening, m.start()) and not _advice(ctx, m.start()):
            out += _bullets(text, m.start())
    return out


def _advice(ctx: Context, pos: int) -> bool:
    """Whether the line up to `pos` gives advice ("نصائح عند توقف واتساب:"): its bulleted list
    says what to do, not what failed."""
    line = ctx.text.rfind("\n", 0, pos) + 1
    return ctx.search(ctx.cues.advice_heads, line, pos) is not None


def _bullets(text: str, pos: int) -> list[tuple[int, int]]:
    """ "الخدمات المتأثرة:" then one item per bulleted line ("- Workers KV", "• Turnstile"), as
    status pages list them; two or more short items, else none. A list with a line that opens
    with a failure word (`BULLET_FAILURE`: "1- تعذر تحميل المرفقات") tells what failed in
    sentences: the impact rules read it."""
    head = LINE_END.match(text, pos)
    if head is None:
        return []
    out, p = [], head.end()
    while (line := BULLET.match(text, p)) is not None:
        s, e = line.span("item")
        if (colon := text.find(":", s, e)) > s:
            e = colon  # "• iCloud Mail: تعذّر إرسال الرسائل": the name before its description
        if (tail := ITEM_TAIL.search(text, s, e)) and tail.start() > s:
            e = tail.start()  # "- البث المباشر الذي انقطع مراراً": the name before what befell it
        while e > s and text[e - 1] in " \t.,،؛;":
            e -= 1
        if not s < e or len(text[s:e].split()) > MAX_BULLET_WORDS:
            return []  # a paragraph, not a list of names
        if BULLET_FAILURE.match(text, s):
            return []
        out.append((s, e))
        p = line.end()
    return out if len(out) >= 2 else []


def _split_actions(ctx: Context, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "المحادثة وتوليد الصور" is two items: a "و" before a verbal noun of `feature_verbs`
    starts a new one (while "الخوادم ومراكز البيانات" stays whole)."""
    out = []
    for s, e in items:
        for verb in ctx.cues.feature_verbs.finditer(ctx.text, s + 1, e):
            if ctx.text[verb.start()] == AND and ctx.text[verb.start() - 1] == " ":
                out.append((s, verb.start() - 1))
                s = verb.start("cue")
        out.append((s, e))
    return out


def _without_fillers(ctx: Context, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items without an opening filler ("سواء على تطبيق سطح المكتب")."""
    out = []
    for s, e in items:
        filler = ctx.cues.enumeration_filler.match(ctx.text, s, e)
        if filler is not None and filler.end() < e:
            s = filler.end() + 1 if ctx.text[filler.end()] == " " else filler.end()
        out.append((s, e))
    return out


def _before_clause(ctx: Context, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The list ends where an item speaks of the outage itself ("واستمرت الأعطال رغم ...")."""
    for i, (s, e) in enumerate(items):
        # (from the "و" split off before it: "، وفق شكاوى" is "وفق", not "و" and an item)
        if ctx.cues.enumeration_end.search(ctx.text, max(0, s - 1), e):
            return items[:i]
    return items


def _before_place(ctx: Context, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The list ends at a place: "انقطاع المكالمات والإنترنت في القاهرة والإسكندرية" lists two
    services, then where ("الإنترنت في القاهرة" is "الإنترنت")."""
    places = ctx.place_starts
    for i, (s, e) in enumerate(items):
        j = bisect_left(places, s)
        if j == len(places) or places[j] >= e:
            continue
        at = IN_PLACE.search(ctx.text, s, places[j])
        return items[:i] + ([(s, at.start())] if at and at.start() > s else [])
    return items


def _skip(optional: re.Pattern[str], text: str, pos: int) -> int:
    """Where `optional` (which may match nothing) ends when matched at `pos`."""
    m = optional.match(text, pos)
    return m.end() if m else pos


def _feature_actions(ctx: Context, contexts: list[str]) -> list[tuple[int, int, str]]:
    """An action on a feature right after an impact cue: "تعذر تجديد الإقامات وإصدار
    التأشيرات", "أربك مزامنة المحادثات". The verbal noun comes from `feature_verbs`, its object
    is the definite noun (and adjective) after it; coordinated actions share the cue."""
    text, out = ctx.text, []
    starts = [
        _past_fillers(ctx, _past_who(ctx, _skip(PREPOSITION, text, c.end())))
        for c in ctx.matches(ctx.cues.component_lead)
    ]
    for cue_end in list(starts):  # "حال دون تمكن ملايين المستخدمين من إرسال الرسائل"
        sentence_end = ctx.sentence_bounds(cue_end)[1]
        later = FROM.search(text, cue_end, min(sentence_end, cue_end + LEAD_WINDOW))
        if later and not _after_length(ctx, later.start()):
            starts.append(later.end())
    for pos in sorted(set(starts)):
        while (verb := ctx.cues.feature_verbs.match(text, pos)) is not None:
            articled = text.endswith(ARTICLES, verb.start(), verb.start("cue"))
            obj = OBJECT.match(text, verb.end())
            if articled and obj is not None and not _through_preposition(text, verb, obj):
                break  # "الإصدار الأخير": with the article it takes an adjective, not an object
            if obj is None or ctx.cues.not_feature_objects.search(text, obj.start(), obj.end()):
                break  # "إتمام آلاف المستخدمين": people, not a feature
            start, end = (
                verb.start("cue") - len(ARTICLE) * text.endswith(ARTICLE, 0, verb.start("cue")),
                obj.end(),
            )
            out.append(
                (
                    start,
                    end,
                    _kind(ctx, text[start:end], contexts) or _head_kind(ctx, start, end, contexts),
                )
            )
            link = ACTION_LINK.match(text, end)
            if link is None:
                break
            pos = link.end()
    return out


def _through_preposition(text: str, verb: re.Match[str], obj: re.Match[str]) -> bool:
    """Whether an action's object is governed by a preposition, which a verbal noun with the
    article takes: in the cue ("الاستعلام عن الرصيد") or on the object ("الاستعلام برقم
    الجلوس", "الدفع بالبطاقات")."""
    return " " in verb.group("cue") or text[obj.start() :].lstrip().startswith(OBJECT_PREPOSITIONS)


def _after_length(ctx: Context, pos: int) -> bool:
    """ "قبل نحو ساعة من نشر هذا التقرير": "من" after a length counts from an event, it does
    not name what users could not do."""
    while pos > 0 and ctx.text[pos - 1].isspace():
        pos -= 1
    return pos in ctx.durations_at[1]


def _past_who(ctx: Context, pos: int) -> int:
    """Past the few words that say who an impact hit ("على كثيرين", "على آلاف المستخدمين")."""
    for _ in range(WHO_WORDS):
        if not ctx.cues.not_feature_objects.match(ctx.text, pos):
            break
        pos = _skip(WORD, ctx.text, pos)
    return pos


def _past_fillers(ctx: Context, pos: int) -> int:
    """Past the words that only head a list of actions ("خدمات", "بالخصوص")."""
    for _ in range(FILLER_WORDS):
        filler = ctx.cues.feature_fillers.match(ctx.text, pos)
        if filler is None:
            break
        pos = _skip(SPACES, ctx.text, filler.end())
    return pos


def _split(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    bounds, pos = [], start
    for sep in ITEM_SPLIT.finditer(text, start, stop):
        bounds.append((pos, sep.start()))
        pos = sep.end()
    bounds.append((pos, stop))
    out = []
    for s, e in bounds:
        while s < e and text[s] in " \t\"'(":
            s += 1
        while e > s and text[e - 1] in " \t\"'":
            e -= 1
        if share := SHARE_TAIL.search(text, s, e):
            e = share.start()  # "الموقع الإلكتروني (54%)": the item, not its share of reports
        words = text[s:e].split()
        if words and len(words) <= MAX_ITEM_WORDS and not any(w[0].isdigit() for w in words):
            out.append((s, e))
    return out


def _bare(item: str) -> str:
    """An item without a leading clitic, as the lexicon spells it."""
    item = " ".join(item.split())
    if item.startswith(LAM_ARTICLE) and len(item) > 4:
        return ALIF + item[1:]  # "للشبكة" = ل + الشبكة
    if item[:1] not in CLITIC_LETTERS or item.startswith(ARTICLE):
        return item  # (most items: no clitic to try)
    for clitic in PROCLITICS:
        if item.startswith(clitic) and len(item) > len(clitic) + 2:
            return item[len(clitic) :]
    return item


def _head_kind(ctx: Context, start: int, end: int, contexts: list[str]) -> str:
    """The kind of the longest lexicon term inside an item ("ميزة البحث المعمق" is research),
    else of its head word, else "other"."""
    hits = ctx.hits("component")
    inside = []
    for s, e, _ in islice(hits, bisect_left(hits, (start,)), None):
        if s >= end:
            break
        if e <= end:
            inside.append((s, e))
    if inside:
        s, e = max(inside, key=lambda se: se[1] - se[0])
        return _kind(ctx, ctx.text[s:e], contexts) or "other"
    return _head_word_kind(ctx, start, end, contexts) or "other"


def _head_word_kind(ctx: Context, start: int, end: int, contexts: list[str]) -> str | None:
    """The kind of an item's first word, when the lexicon knows it ("الدردشة داخل الألعاب")."""
    words = _bare(ctx.text[start:end]).split()
    return _kind(ctx, words[0], contexts) if words else None


def _short_known_head(ctx: Context, start: int, end: int, contexts: list[str]) -> bool:
    """A short item led by a known term ("الدردشة داخل الألعاب") counts as known in a list;
    a long one ("التطبيق بنسبة تفوق النصف") is a clause."""
    return len(ctx.text[start:end].split()) <= SHORT_ITEM_WORDS and bool(
        _head_word_kind(ctx, start, end, contexts)
    )


def _service_features(ctx: Context, services: list[Named]) -> list[tuple[int, int, str]]:
    """ "تطبيق يوتيوب" (mobile_app), "موقع أبشر" (website), "واتساب ويب", "Outlook على الويب"
    (web_client)."""
    text, out = ctx.text, []
    owned = {s.name for s in services}
    for start, end, name in ctx.hits("service"):
        if name not in owned:
            continue
        web = WEB_SUFFIX.match(text, end)
        stop = web.end() if web else end
        before = text[max(0, start - 8) : start].split()
        if before and _bare(before[-1]) in SERVICE_PREFIX and start - 1 >= 0:
            word_start = text.rfind(before[-1], 0, start)
            lead = word_start + len(before[-1]) - len(_bare(before[-1]))
            out.append((lead, stop, SERVICE_PREFIX[_bare(before[-1])]))  # "موقع إنستغرام على الويب"
        elif web:
            out.append((start, stop, "web_client"))
    return out


def component_counts(ctx: Context, services: list[Named]) -> list[ComponentCount]:
    """Stated counts: "13 مكوناً مختلفاً داخل ChatGPT", "مكوّن واحد من واجهات ..."."""
    from ..temporal import parse_number

    if COMPONENT_WORD not in ctx.text:
        return []  # the common case, without running COUNT's backtracking search
    mentions = MentionIndex(services)
    out = []
    for m in COUNT.finditer(ctx.text):
        word = m.group("num") or m.group("one")
        if m.group("num") in ONE_OF:
            continue
        count = parse_number(word) if word else None
        if count is None or count != int(count):
            continue
        span = ctx.span(m.start(), m.end())
        service = mentions.after(span.end) or mentions.before(span.start)
        out.append(ComponentCount(service=service, count=int(count), span=span))
    return out
