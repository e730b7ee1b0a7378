"""What every extractor reads: the doc, its normalised text, the lexicon, compiled cues, spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from .. import grammar
from ..cues import CueScan, compile_cues, first_words
from ..lexicon import Lexicon
from ..normalize import Normalized
from ..schema import Duration, Span, TimePoint
from ..temporal import times
from ..temporal.match import Match
from .organisations import OrganisationCues

if TYPE_CHECKING:
    from ..components import TemporalFinds

Hit = tuple[int, int, str]
# a dot ends a sentence unless a digit or a Latin letter follows it ("8.5 مليون", "claude.ai")
FULL_STOP = r"\.(?![0-9A-Za-z])"
SENTENCE_END = re.compile(rf"[!?؟\n]|{FULL_STOP}")
ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # "في أكتوبر 2021، حين توقفت ..."
SINCE = grammar.pattern("context", "since")  # "منذ أكثر من 6 ساعات": the length so far
FIRST_WORDS_MAX = 24  # more first words to look for than this: the regex alone is as quick
DIRECT_SEARCH = 200  # characters: a window this short is searched at once (`Context.search`)
SPARED_GAP = 12  # "باستثناء ", "بقيت " right before the name or item it spares
SPARED_CUE = 24  # ... a cue as long as "لم يمتد الخلل إلى" ending in that gap
EARLIER_REACH = 160  # characters back from a candidate to an earlier incident's marker
THEN_REACH = 40  # characters from a phrase to the "حينها" of its clause, either side
PAST_MONTH_REACH = 30  # from a length to the past month after it ("في 12 نيسان الماضي")
PARENTHESIS = re.compile(r"\([^()]{0,40}\)")
ANNOUNCED_WORDS = 2  # words between a statement verb and the return noun it governs
# ... not counting a spokesman's title or the channel, once names are NAME (normalised)
SPEAKER_OR_CHANNEL = grammar.pattern("context", "speaker_or_channel")
STILL_GAP = 20  # "ما زالت تعمل بشكل طبيعي": kept working, not a return
STILL_CLAUSE_REACH = 90  # ... with its subject between ("وبقيت خدمات ... تعمل بشكل طبيعي")
BULLET_LINE = re.compile(r"[ \t]*[-•*–▪·][ \t]+\S")  # "- هل يمكن لشركة واحدة ..."
# "لم تكن الخدمة قد عادت", "لم تعلن OpenAI عودة خدماتها", 'ولم تعلن الشركة المملوكة لمجموعة
# "ميتا" حتى ساعة إعداد هذا الخبر عن عودة الخدمة': a negated return, in its clause; a word that
# sets the return apart ("لم تعلن السبب رغم عودة الخدمة") ends the negation's reach
NEGATED = grammar.pattern("context", "negated")
GOAL_BEFORE = grammar.pattern("context", "goal_before")
GOAL_REACH = 24  # characters back from a return to the goal word right before it
NEGATED_REACH = 90  # 'لم تعلن الشركة المملوكة لمجموعة "ميتا" حتى ساعة إعداد هذا الخبر عن عودة'
PROMISE_REACH = 50  # "تعهدت بنشر تقرير مفصل عن الحادث بعد استعادة": a promise to its return
ONLY_AFTER_REACH = 80  # a denied return ("لم تعد") to its "إلا بعد"
DENIED_REACH = 40  # "لم تعد بوابة الضرائب الإلكترونية إلى العمل": the denial to the return cue
MEANWHILE = grammar.pattern("context", "meanwhile")
MEANWHILE_REACH = 60
# "then" between two clauses ("قبل أن", "ثم", "لاحقا"): what follows came later
LATER = grammar.pattern("context", "later")
NEVER_AFFECTED = grammar.pattern("context", "never_affected")  # "تعمل بشكل طبيعي ولم تتأثر"
# "قبل أن يعود لاحقا إلى حساب العميل", "عاد إلى الطريقة القديمة": money or people going back
BACK_ELSEWHERE = grammar.pattern("context", "back_elsewhere")
LIST_NAMES_MAX = 6  # names one list may join ("فيسبوك وإنستغرام وماسنجر وثريدز")
WORKING_REACH = 30  # a name to its still-working phrase ("«سورا» لتوليد الفيديو لم تتأثر")
WORKING_PHRASE = 30  # ... and the phrase itself
CLAUSE_MARK = re.compile(r"[،,؛:]")
BLANK_LINES = re.compile(r"[\n \t]*")  # (always matches)
LINK_LINES_MAX = 6  # link titles under a header alone on its line ("اقرأ أيضاً")
LINK_LINE_CHARS = 160  # ... each no longer than this
OPENER_REACH = 30  # characters from a sentence start past the words that open it
OBSERVER_GAP = re.compile(r'["\s]*')  # a closing quote and spaces between a name and its verb
LISTED = grammar.pattern("context", "listed")  # between names in a list (normalised)
QUOTE_MARK = re.compile(r'"')
PARTIAL_WINDOW = 40  # "عادت للعمل بشكل جزئي": a partial qualifier right after a recovery
UNLESS_GAP = 30  # characters after a relevance hit where its `unless_before` phrases cancel it
# "عادت لتؤكد", "عادت الشركة لتعلن": a return that only means "again"
# ... also with the time between: "ثم عادت بعد ساعة وربع لتؤكد"
_AFTER_TIME = grammar.text("context", "after_time")
_LAM_VERB = grammar.text("context", "lam_verb")  # "لتؤكد"
AUXILIARY = re.compile(rf"(?:\s+\S+|{_AFTER_TIME})?{_LAM_VERB}")
# ("يستمر التعافي في ChatGPT بوتيرة أبطأ": still under way)
BEGUN = grammar.pattern("context", "begun")
# "تعمل على استعادة الخدمة", "نعمل على إعادة الأمور إلى طبيعتها": the goal of work
WORK_ON = grammar.pattern("context", "work_on")  # ('على "التعافي')
WORK_ON_REACH = 40
# "التعافي سيكون تدريجياً", "الاستقرار الكامل قد يستغرق ساعات": a noun, then what is to come
FUTURE = grammar.pattern("context", "future")
BEGUN_REACH = 16  # characters before a return to the word that says it only began
CONJUNCTIONS = grammar.text("context", "conjunctions")  # (letters)
LAMS = grammar.words("context", "lams")  # the ل of purpose or result, "لل" before the article
VERB_PREFIXES = grammar.text("context", "verb_prefixes")  # (letters)
ARTICLE = grammar.text("context", "article")


# Groups read over the whole text of every outage (with `status.resolved` and, for every
# article, the relevance groups): `Context.matches` finds them in one shared scan.
WHOLE_TEXT = (
    "component_lead",
    "enumeration_lead",
    "region_heads",
    "reports",
    "root_cause_effect",
    "root_cause_lead",
    "root_cause_verb",
    "root_cause_verb_first",
    "return_nouns",
    "return_denied",
    "result_returns",
    "related_links",
    "compensation",
)

# The plain phrase lists of `cues.yaml`, one compiled attribute of `Cues` each.
CUE_LISTS = (
    "duration_lead",
    "duration_lead_near",
    "duration_subject",
    "length_verbs",
    "lasted_verbs",
    "offset_not_event",
    "duration_tail",
    "duration_offer",
    "duration_planned",
    "retry_later",
    "earlier_incident",
    "told_then",
    "start_lead",
    "start_of_return",
    "statement_verbs",
    "root_cause_lead",
    "root_cause_doubt",
    "root_cause_suffered",
    "root_cause_verb",
    "root_cause_verb_first",
    "root_cause_effect",
    "root_cause_nouns",
    "root_cause_fault_at",
    "service_anaphors",
    "return_nouns",
    "return_denied",
    "only_after",
    "result_returns",
    "share_words",
    "root_cause_generic",
    "reports",
    "report_counts",
    "peak",
    "user_base",
    "growth",
    "people",
    "enumeration_lead",
    "enumeration_header",
    "enumeration_end",
    "enumeration_filler",
    "enumeration_place",
    "component_lead",
    "component_tail",
    "component_channel",
    "source_lead",
    "feature_verbs",
    "feature_fillers",
    "not_feature_objects",
    "channel",
    "statement_channel",
    "status_page",
    "runs_on",
    "spared_heads",
    "unaffected",
    "remained",
    "still",
    "still_down",
    "still_now",
    "down_state",
    "silence",
    "return_again",
    "promise",
    "ongoing_not_down",
    "still_working",
    "observing",
    "background_sentence",
    "cause_began",
    "person_roles",
    "other_services",
    "mobile_signals",
    "region_heads",
    "offset_background",
    "ongoing_since",
    "suffering_since",
    "component_trim_lead",
    "component_quantifiers",
    "advice_heads",
    "channel_on_unless",
    "shared_on",
    "vendor_as_cause",
    "compensation",
    "company_heads",
    "related_links",
    "update_stamp",
)


@cache
def _past_month() -> re.Pattern[str]:
    """A month named as past ("في 10 آب الماضي"), from the grammar's calendar vocabulary."""
    v = times.vocab()
    months = "|".join(sorted(map(re.escape, v.months), key=len, reverse=True))
    past = "|".join(sorted(map(re.escape, v.past), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{months})\s+(?:{past})(?!\w)")


class Cues:
    """The cue groups of `cues.yaml`, each compiled once per pipeline."""

    duration_lead: re.Pattern[str]
    duration_lead_near: re.Pattern[str]
    duration_subject: re.Pattern[str]
    length_verbs: re.Pattern[str]
    lasted_verbs: re.Pattern[str]
    offset_not_event: re.Pattern[str]
    duration_tail: re.Pattern[str]
    duration_offer: re.Pattern[str]
    duration_planned: re.Pattern[str]
    retry_later: re.Pattern[str]
    earlier_incident: re.Pattern[str]
    told_then: re.Pattern[str]
    start_lead: re.Pattern[str]
    start_of_return: re.Pattern[str]
    statement_verbs: re.Pattern[str]
    root_cause_lead: re.Pattern[str]
    root_cause_doubt: re.Pattern[str]
    root_cause_verb: re.Pattern[str]
    root_cause_suffered: re.Pattern[str]
    root_cause_verb_first: re.Pattern[str]
    root_cause_effect: re.Pattern[str]
    root_cause_nouns: re.Pattern[str]
    root_cause_fault_at: re.Pattern[str]
    service_anaphors: re.Pattern[str]
    return_nouns: re.Pattern[str]
    return_denied: re.Pattern[str]
    only_after: re.Pattern[str]
    result_returns: re.Pattern[str]
    share_words: re.Pattern[str]
    root_cause_generic: re.Pattern[str]
    reports: re.Pattern[str]
    report_counts: re.Pattern[str]
    peak: re.Pattern[str]
    user_base: re.Pattern[str]
    growth: re.Pattern[str]
    people: re.Pattern[str]
    enumeration_lead: re.Pattern[str]
    enumeration_header: re.Pattern[str]
    enumeration_end: re.Pattern[str]
    enumeration_filler: re.Pattern[str]
    enumeration_place: re.Pattern[str]
    channel: re.Pattern[str]
    statement_channel: re.Pattern[str]
    status_page: re.Pattern[str]
    runs_on: re.Pattern[str]
    spared_heads: re.Pattern[str]
    unaffected: re.Pattern[str]
    remained: re.Pattern[str]
    still: re.Pattern[str]
    still_down: re.Pattern[str]
    still_now: re.Pattern[str]
    down_state: re.Pattern[str]
    silence: re.Pattern[str]
    return_again: re.Pattern[str]
    promise: re.Pattern[str]
    ongoing_not_down: re.Pattern[str]
    still_working: re.Pattern[str]
    observing: re.Pattern[str]
    background_sentence: re.Pattern[str]
    cause_began: re.Pattern[str]
    person_roles: re.Pattern[str]
    other_services: re.Pattern[str]
    mobile_signals: re.Pattern[str]
    region_heads: re.Pattern[str]
    offset_background: re.Pattern[str]
    ongoing_since: re.Pattern[str]
    suffering_since: re.Pattern[str]
    compensation: re.Pattern[str]
    company_heads: re.Pattern[str]
    channel_on_unless: re.Pattern[str]
    shared_on: re.Pattern[str]
    vendor_as_cause: re.Pattern[str]
    component_trim_lead: re.Pattern[str]
    component_quantifiers: re.Pattern[str]
    advice_heads: re.Pattern[str]
    related_links: re.Pattern[str]
    update_stamp: re.Pattern[str]
    component_lead: re.Pattern[str]
    component_tail: re.Pattern[str]
    component_channel: re.Pattern[str]
    source_lead: re.Pattern[str]
    feature_verbs: re.Pattern[str]
    feature_fillers: re.Pattern[str]
    not_feature_objects: re.Pattern[str]
    partial: tuple[re.Pattern[str], re.Pattern[str]]
    organisations: OrganisationCues

    def __init__(self, raw: dict[str, Any]):
        # where people shared the story is one kind of channel (`cues.yaml`)
        raw = {**raw, "channel": [*raw.get("channel", []), *raw.get("shared_on", [])]}
        # ... and a verb that says how long something lasted is one that states a length
        raw["length_verbs"] = [*raw.get("length_verbs", []), *raw.get("lasted_verbs", [])]
        self.relevance = {
            name: (float(g["weight"]), compile_cues(g["phrases"]))
            for name, g in raw.get("relevance", {}).items()
        }
        # a group's weight when the lead names a vendor or service (`weight_when_named`)
        self.relevance_named = {
            name: float(g.get("weight_when_named", g["weight"]))
            for name, g in raw.get("relevance", {}).items()
        }
        # a hit of a group followed closely (`unless_reach` characters, default UNLESS_GAP) by one
        # of its `unless_before` phrases does not count ("تنفي تعرضها لهجوم": a denied cause)
        self.relevance_unless = {
            name: (compile_cues(g["unless_before"]), int(g.get("unless_reach", UNLESS_GAP)))
            for name, g in raw.get("relevance", {}).items()
            if g.get("unless_before")
        }
        # at most `max_hits` hits of a group count ("التعليق" said again is the same suspension)
        self.relevance_max_hits = {
            name: int(g["max_hits"])
            for name, g in raw.get("relevance", {}).items()
            if g.get("max_hits")
        }
        # ... and one right after one of its `unless_after` phrases ("دون أي انقطاع": negated)
        self.relevance_negated = {
            name: compile_cues(g["unless_after"])
            for name, g in raw.get("relevance", {}).items()
            if g.get("unless_after")
        }
        self.phases = {name: compile_cues(v) for name, v in raw.get("phases", {}).items()}
        self.status = {name: compile_cues(v) for name, v in raw.get("status", {}).items()}
        self.report_sources = {
            name: compile_cues(v) for name, v in raw.get("report_sources", {}).items()
        }
        for key in CUE_LISTS:
            setattr(self, key, compile_cues(raw.get(key, [])))
        # a return qualified as partial by either group ("بشكل جزئي", "لدى جزء من المستخدمين")
        self.partial = (self.status["partial"], self.status["partial_return"])
        self.organisations = OrganisationCues.from_raw(raw.get("organisations", {}))
        self.scans: dict[int, CueScan] = {}  # id of a pattern -> the scan it shares
        # id of a pattern -> its phrases' first words, for every group with few (`Context.search`)
        self.first_words: dict[int, tuple[str, ...]] = {}
        groups = [(getattr(self, key), raw.get(key, [])) for key in CUE_LISTS]
        for section in ("phases", "status"):
            groups += [(getattr(self, section)[n], v) for n, v in raw.get(section, {}).items()]
        for pattern, phrases in groups:
            if len(words := first_words(phrases)) <= FIRST_WORDS_MAX:
                self.first_words[id(pattern)] = words
        self.first_words[id(_past_month())] = tuple(sorted(times.vocab().past))
        # (whatever their number: `Context.told_then` asks for them before reading a sentence)
        self.then_words = first_words(raw.get("told_then", []))
        relevance = raw.get("relevance", {})
        self._share(
            [(self.relevance[name][1], g["phrases"]) for name, g in relevance.items()]
            # (relevance asks of each outage word whether an earlier incident is told before it;
            # a past month's match opens with the month, so the months find where to try it)
            + [(self.earlier_incident, raw.get("earlier_incident", []))]
            + [(_past_month(), list(times.vocab().months))]
            # (one scan for these and the whole-text groups: the word openings are found once,
            # about 3% of an outage article's instructions fewer than two scans, same records)
            + [(getattr(self, key), raw.get(key, [])) for key in WHOLE_TEXT]
            + [(self.status["resolved"], raw.get("status", {}).get("resolved", []))]
        )

    def _share(self, groups: list[tuple[re.Pattern[str], list[str]]]) -> None:
        scan = CueScan(groups)
        for pattern in scan.patterns:
            self.scans[id(pattern)] = scan


def only_begun(text: str, m: re.Match[str]) -> bool:
    """A return that only began: "بدأت (الخدمة) تعود", "أعلنت بدء عودة الخدمات", "شرعت في
    العودة"."""
    return BEGUN.search(text, max(0, m.start() - BEGUN_REACH), m.start()) is not None


def worked_on(text: str, m: re.Match[str]) -> bool:
    """A return that is the goal of work: "تعمل على استعادة الخدمة"."""
    return WORK_ON.search(text, max(0, m.start() - WORK_ON_REACH), m.start()) is not None


def after_lam(text: str, m: re.Match[str]) -> bool:
    """A cue after the clitic ل of purpose or result: "موعداً لعودة الخدمة" (a goal), "ليستمر
    العطل ... ثلاث ساعات" (how long it lasted), not a return or an outage going on."""
    clitic = text[m.start() : m.start("cue")]
    return clitic.lstrip(CONJUNCTIONS) in LAMS  # not the article: "بالعودة" is a return


def result_lam(text: str, m: re.Match[str]) -> bool:
    """ "بتشغيل مولدات متنقلة، لتعود الخدمة إلى طبيعتها": a verb after a comma and ل tells what
    followed (ل of result), not a goal ("تعمل لتعود الخدمة", "موعداً لعودة الخدمة")."""
    return (
        after_lam(text, m)
        and text[m.start("cue")] in VERB_PREFIXES
        and text[max(0, m.start() - 3) : m.start()].rstrip().endswith(("،", ","))
    )


@dataclass
class Context:
    doc: Doc
    lexicon: Lexicon
    cues: Cues

    @cached_property
    def source(self) -> Normalized:
        return self.doc._.source  # type: ignore[no-any-return]

    def hits(self, group: str) -> list[Hit]:
        """(start without its clitic, end, label) of each lexicon match of `group`, in text
        order (`LexiconMatcher` leaves them in `doc._.lexicon_hits`)."""
        return self._lexicon_hits[group]

    @cached_property
    def temporal(self) -> TemporalFinds:
        """The doc's temporal finds (read once: each `doc._` access builds a new object)."""
        return self.doc._.temporal  # type: ignore[no-any-return]

    @cached_property
    def published(self) -> date | None:
        """The publication date or datetime given with the doc."""
        return self.doc._.published  # type: ignore[no-any-return]

    @cached_property
    def _lexicon_hits(self) -> dict[str, list[Hit]]:
        return self.doc._.lexicon_hits  # type: ignore[no-any-return]  # (each `doc._` is a new object)

    @cached_property
    def _matches(self) -> dict[int, list[re.Match[str]]]:
        return {}

    def matches(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of a cue group in the text (its `finditer`), found once per doc, in one
        scan with the groups it shares a `CueScan` with."""
        found = self._matches.get(id(pattern))
        if found is None:
            scan = self.cues.scans.get(id(pattern))
            if scan is None:
                found = self._matches[id(pattern)] = list(pattern.finditer(self.text))
                return found
            for shared, its_matches in zip(scan.patterns, scan(self.text)):
                self._matches[id(shared)] = its_matches
            found = self._matches[id(pattern)]
        return found

    @cached_property
    def _sentence_matches(self) -> dict[tuple[int, int], list[re.Match[str]]]:
        return {}

    def sentence_matches(self, pattern: re.Pattern[str], pos: int) -> list[re.Match[str]]:
        """The matches of `pattern` in the sentence around `pos`; each sentence is scanned once
        per pattern, so asking for every candidate in a long sentence stays linear."""
        s, e = self.sentence_bounds(pos)
        found = self._sentence_matches.get((id(pattern), s))
        if found is None:
            found = self._sentence_matches[id(pattern), s] = list(pattern.finditer(self.text, s, e))
        return found

    def last_before(self, pattern: re.Pattern[str], pos: int) -> re.Match[str] | None:
        """The last match of `pattern` in the sentence around `pos` that ends at or before `pos`
        (log time: a long sentence asked about at every word stays linear)."""
        found = self.sentence_matches(pattern, pos)
        key = (id(pattern), self.sentence_bounds(pos)[0])
        ends = self._match_ends.get(key)
        if ends is None:
            ends = self._match_ends[key] = [m.end() for m in found]
        i = bisect_right(ends, pos) - 1
        return found[i] if i >= 0 else None

    @cached_property
    def _match_ends(self) -> dict[tuple[int, int], list[int]]:
        return {}

    @cached_property
    def memo(self) -> dict[tuple[str, int], bool]:
        """Per-doc answers of rules that would otherwise rescan a sentence for every candidate."""
        return {}

    def search(self, pattern: re.Pattern[str], lo: int, hi: int) -> re.Match[str] | None:
        """`pattern.search(text, lo, hi)`, answered without the regex when the stretch holds
        none of its phrases' first words: a cue regex tries its clitics at every position, while
        the words' positions are found once per doc (`str.find` skips through the text in C).
        A short stretch is searched at once: finding the words would cost more."""
        if hi - lo <= DIRECT_SEARCH:
            return pattern.search(self.text, lo, hi)
        at = self._first_word_at.get(id(pattern))
        if at is None:
            words = self.cues.first_words.get(id(pattern))
            if words is None:
                return pattern.search(self.text, lo, hi)
            at = self._first_word_at[id(pattern)] = self._positions(words)
        i = bisect_left(at, max(lo, 0))
        if i == len(at) or at[i] >= hi:
            return None
        return pattern.search(self.text, lo, hi)

    @cached_property
    def _first_word_at(self) -> dict[int, list[int]]:
        return {}

    def _positions(self, words: tuple[str, ...]) -> list[int]:
        """Where any of `words` occurs in the text, sorted."""
        text, found = self.text, []
        for w in words:
            i = text.find(w)
            while i >= 0:
                found.append(i)
                i = text.find(w, i + 1)
        found.sort()
        return found

    def in_related_links(self, pos: int) -> bool:
        """Whether `pos` is in a line of links to other stories ("اقرأ أيضاً: ...") or in a
        bullet line under such a header."""
        i = bisect_right(self._related_starts, pos) - 1
        return i >= 0 and pos < self._related_ends[i]

    @cached_property
    def _related_regions(self) -> list[tuple[int, int]]:
        text = self.text
        out: list[tuple[int, int]] = []
        for m in self.matches(self.cues.related_links):
            if out and m.start() < out[-1][1]:
                continue  # inside the list already found (each line is read once)
            line_start = text.rfind("\n", 0, m.start()) + 1
            if text[line_start : m.start()].strip(" -•*|"):
                continue  # the words inside a sentence, not a line's opening
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            if not text[m.end() : end].strip(" :") and end < len(text):
                end = self._link_lines(end)  # "اقرأ أيضاً" alone on its line: titles below
            while BULLET_LINE.match(text, end + 1):  # the list of links under the header
                nxt = text.find("\n", end + 1)
                end = len(text) if nxt < 0 else nxt
            out.append((line_start, end))
        return out

    def _link_lines(self, end: int) -> int:
        """The end of the link titles under a header alone on its line (from its end, `end`):
        the lines after it, up to a blank line, while they are short and end in no full stop or
        comma (a paragraph of the article is not a title)."""
        text = self.text
        blank = BLANK_LINES.match(text, end + 1)
        pos = blank.end() if blank else end + 1
        for _ in range(LINK_LINES_MAX):
            nxt = text.find("\n", pos)
            stop = len(text) if nxt < 0 else nxt
            if stop - pos > LINK_LINE_CHARS:
                break
            line = text[pos:stop].strip()
            if not line or line[-1] in ".،,":
                break
            end = stop
            if nxt < 0:
                break
            pos = nxt + 1
        return end

    @cached_property
    def _related_starts(self) -> list[int]:
        return [s for s, _ in self._related_regions]

    @cached_property
    def _related_ends(self) -> list[int]:
        return [e for _, e in self._related_regions]

    def after_earlier_incident(self, pos: int) -> bool:
        """Whether an earlier incident is told shortly before `pos` in its sentence: "مماثل",
        "مشابه" (`earlier_incident`) or a month named as past ("في 10 آب الماضي"); or `pos` is
        in a clause told "at that time" (`told_then`)."""
        lo = max(self.sentence_bounds(pos)[0], pos - EARLIER_REACH)
        starts, ends = self._earlier_marks
        i = bisect_left(starts, lo)
        while i < len(starts) and starts[i] < pos:  # (the few markers in reach, by bisection)
            if ends[i] <= pos:
                return True
            i += 1
        return self.told_then(pos)

    @cached_property
    def _then_at(self) -> list[int]:
        """Where each "then" word's first word occurs in the text."""
        return self._positions(self.cues.then_words)

    @cached_property
    def _earlier_marks(self) -> tuple[list[int], list[int]]:
        """Where each marker of an earlier incident starts and ends, found once per doc: asked
        about every outage word and candidate, a regex search each time cost a tenth of a
        record."""
        marks = sorted(
            (m.start(), m.end())
            for pattern in (self.cues.earlier_incident, _past_month())
            for m in self.matches(pattern)
        )
        return [s for s, _ in marks], [e for _, e in marks]

    def told_then(self, pos: int) -> bool:
        """Whether a "then" word ("حينها", "آنذاك") stands near `pos` in its clause: what the
        clause tells is an earlier incident's ("وعزته الشركة حينها إلى ...", "قبل أن تعلن الشركة
        حينها إصلاح الخلل")."""
        at = self._then_at
        i = bisect_left(at, pos - THEN_REACH)
        if i == len(at) or at[i] >= pos + THEN_REACH:
            return False  # (the usual case: no "then" word within reach)
        s, e = self.sentence_bounds(pos)
        lo, hi = max(s, pos - THEN_REACH), min(e, pos + THEN_REACH)
        mark = self.last_before(CLAUSE_MARK, pos)
        if mark is not None and mark.end() > lo:
            lo = mark.end()
        after = CLAUSE_MARK.search(self.text, pos, hi)
        return self.search(self.cues.told_then, lo, after.start() if after else hi) is not None

    def past_month_after(self, end: int) -> bool:
        """Whether a month named as past follows `end` closely in its sentence: the length
        before it is an earlier incident's ("بعد انقطاع استمر قرابة 4 ساعات في 12 نيسان
        الماضي")."""
        hi = min(self.sentence_bounds(end)[1], end + PAST_MONTH_REACH)
        return self.search(_past_month(), end, hi) is not None

    def another_year(self, pos: int) -> bool:
        """Whether the sentence around `pos` names a year other than the publication's: it tells
        of an earlier incident ("عطل ويندوز في 19 يوليو 2024", "منذ عام 2011، حين ...")."""
        published = self.published
        if published is None:
            return False
        s, e = self.sentence_bounds(pos)
        key = ("another_year", s)
        found = self.memo.get(key)
        if found is None:
            years = ANY_YEAR.finditer(self.text, s, e)
            found = self.memo[key] = any(int(y.group()) != published.year for y in years)
        return found

    def in_sentence(self, pattern: re.Pattern[str], pos: int) -> bool:
        return bool(self.sentence_matches(pattern, pos))

    @cached_property
    def durations_at(self) -> tuple[dict[int, Match[Duration]], dict[int, Match[Duration]]]:
        """The durations by start and by end (they do not overlap), for lookups in constant
        time."""
        found = self.temporal.durations
        return {d.start: d for d in found}, {d.end: d for d in found}

    @cached_property
    def offset_starts(self) -> list[int]:
        """Where each relative offset starts, in text order (for bisection)."""
        return [o.start for o in self.temporal.offsets]

    @cached_property
    def place_starts(self) -> list[int]:
        """Where each region, city or province is named, in text order (for bisection)."""
        return sorted(s for group in ("region", "place") for s, _, _ in self.hits(group))

    @cached_property
    def quote_marks(self) -> list[int]:
        """Where each quotation mark is (the normaliser writes « » “ ” as "), in text order."""
        return [m.start() for m in QUOTE_MARK.finditer(self.text)]

    def time_point_at(self, pos: int) -> Match[TimePoint] | None:
        """The time point the grammar read around `pos`, if any (log time)."""
        i = bisect_right(self.time_starts, pos) - 1
        point = self.temporal.times[i] if i >= 0 else None
        return point if point is not None and pos < point.end else None

    @cached_property
    def time_starts(self) -> list[int]:
        """Where each time point starts, in text order (for bisection)."""
        return [t.start for t in self.temporal.times]

    @cached_property
    def when_starts(self) -> list[int]:
        """Where each time point or duration starts, sorted (for bisection)."""
        return sorted([*self.time_starts, *(d.start for d in self.temporal.durations)])

    @cached_property
    def text(self) -> str:
        """The normalised text (spaCy's `doc.text` rebuilds it from tokens on every access)."""
        return self.source.text

    def span(self, start: int, end: int) -> Span:
        """A schema Span in the ORIGINAL text for normalised [start, end)."""
        o_start, o_end = self.source.to_original(start, end)
        return Span(start=o_start, end=o_end, text=self.source.original[o_start:o_end])

    def original(self, start: int, end: int) -> str:
        """The ORIGINAL text of normalised [start, end), as written (case, diacritics)."""
        o_start, o_end = self.source.to_original(start, end)
        return self.source.original[o_start:o_end]

    def recoveries(self, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Resolved-status cues in text[start:end], minus the auxiliary "عادت لتؤكد" (= again),
        money or people going back elsewhere ("يعود لاحقا إلى حساب العميل", "عاد إلى الطريقة
        القديمة"),
        goals ("موعدا لعودة الخدمة": the clitic ل of purpose says nothing came back), what kept
        working ("ما زالت تعمل بشكل طبيعي") and the fault's return ("تعود الأعطال": the phase
        cues of a recurrence)."""
        resolved, nouns = self.cues.status["resolved"], self.cues.return_nouns
        results = self.cues.result_returns
        stop = len(self.text) if end is None else end
        if start == 0 and end is None:
            found: Iterable[re.Match[str]] = self.matches(resolved)
            announced: Iterable[re.Match[str]] = self.matches(nouns)
            followed: Iterable[re.Match[str]] = self.matches(results)
        else:
            found = resolved.finditer(self.text, start, stop)
            announced = nouns.finditer(self.text, start, stop)
            followed = results.finditer(self.text, start, stop)
        # "أعلنت الوزارة عودة البوابة إلى العمل": a return noun that a statement verb governs;
        # "لم تعد الأنظمة ... إلا بعد ثلاث ساعات": the return comes where "إلا بعد" is
        found = sorted(
            [
                # a verb cue read with the article is its noun, which may tell what is to come
                # ("أن التعافي سيكون تدريجياً"), not what came ("التعافي الكامل استغرق")
                *(
                    m
                    for m in found
                    if not (self._with_article(m) and FUTURE.match(self.text, m.end()))
                ),
                # ... and a return noun, what is to come ("أن استعادة جميع الأجهزة قد تستغرق")
                *(
                    m
                    for m in announced
                    if self._announced(m.start()) and not FUTURE.match(self.text, m.end())
                ),
                *(m for m in self._returns_only_after if start <= m.start() < stop),
                *(m for m in followed if result_lam(self.text, m)),
            ],
            key=lambda m: m.start(),
        )
        return [
            m
            for m in found
            if not AUXILIARY.match(self.text, m.end())
            and not BACK_ELSEWHERE.match(self.text, m.end())
            and not self.cues.return_again.match(self.text, m.end() + 1)
            and not self._fault_returns(m)
            and not (after_lam(self.text, m) and not result_lam(self.text, m))
            and not self._still_before(m.start())
            and not NEGATED.search(self.text, max(0, m.start() - NEGATED_REACH), m.start())
            and not self._denied(m.start())
            and not self._working_meanwhile(m)
            and not self._promised(m.start())
            and not GOAL_BEFORE.search(self.text, max(0, m.start() - GOAL_REACH), m.start())
            and not self.told_then(m.start())  # "قبل أن تعلن الشركة حينها إصلاح الخلل"
        ]

    def _fault_returns(self, m: re.Match[str]) -> bool:
        """The fault's return, not the service's ("تعود الأعطال"), read at the cue's first word
        and at its last ("قبل أن تعود موجة ثانية من البلاغات")."""
        recur = self.cues.phases["investigating_recur"].match
        last = max(m.start(), self.text.rfind(" ", m.start(), m.end()) + 1)
        return recur(self.text, m.start()) is not None or recur(self.text, last) is not None

    def _with_article(self, m: re.Match[str]) -> bool:
        """Whether a cue match carries the article "ال" among its clitics ("التعافي")."""
        return self.text.endswith(ARTICLE, m.start(), m.start("cue"))

    @cached_property
    def _returns_only_after(self) -> list[re.Match[str]]:
        """The "إلا بعد", "إلا صباح" that follow a denied return ("لم تعد") in its sentence,
        within reach: where the return came."""
        return [only for _, only in self._denials if only is not None]

    @cached_property
    def _open_denials(self) -> list[int]:
        """Where each denied return with no "إلا بعد" after it ends ("لم تعد البوابة إلى العمل
        بشكل طبيعي"): the return it denies has not come."""
        return [denial.end() for denial, only in self._denials if only is None]

    @cached_property
    def _denials(self) -> list[tuple[re.Match[str], re.Match[str] | None]]:
        """Each denied return ("لم تعد") with the "إلا بعد" that follows it in reach, if any."""
        out = []
        for denial in self.matches(self.cues.return_denied):
            stop = min(self.sentence_bounds(denial.start())[1], denial.end() + ONLY_AFTER_REACH)
            out.append((denial, self.cues.only_after.search(self.text, denial.end(), stop)))
        return out

    def _denied(self, pos: int) -> bool:
        """An open denial (`_open_denials`) shortly before `pos`, in its sentence."""
        ends = self._open_denials
        i = bisect_right(ends, pos) - 1
        return i >= 0 and ends[i] >= max(self.sentence_bounds(pos)[0], pos - DENIED_REACH)

    def _promised(self, pos: int) -> bool:
        """A promise shortly before `pos`, in its sentence ("تعهدت بنشر تقرير ... بعد استعادة
        الخدمة"): the return is to come."""
        lo = max(self.sentence_bounds(pos)[0], pos - PROMISE_REACH)
        return self.search(self.cues.promise, lo, pos) is not None

    def _announced(self, pos: int) -> bool:
        """A statement verb right before `pos`, with at most its subject between ("أعلنت الوزارة
        عودة", "أكدت الشركة استعادة")."""
        verb = self.last_before(self.cues.statement_verbs, pos)
        if verb is None:
            return False
        between = self.text[verb.end() : pos]
        if len(between.split()) <= ANNOUNCED_WORDS:
            return True
        # a time between them ("قبل أن تعلن مساء اليوم نفسه عودة الخدمة"): when it was said
        i = bisect_left(self.time_starts, verb.end())
        if i < len(self.temporal.times) and self._only_inside(self.temporal.times[i], verb, pos):
            return True
        # a time from the start between them ("قبل أن تعلن بعد أكثر من 10 ساعات من بدء المشكلة
        # عودة ..."; not "ثم أعلنت بعد أقل من ساعة عودة الخدمة", the gap since the last update)
        i = bisect_left(self.offset_starts, verb.end())
        offsets = self.temporal.offsets
        if (
            i < len(offsets)
            and offsets[i].value.relative_to == "start"
            and self._only_inside(offsets[i], verb, pos)
        ):
            return True
        # the subject is a name of many words ("قبل أن تعلن شركة أوبن إيه آي (OpenAI) استعادة"),
        # or a spokesman's title and the channel ('أعلن المتحدث الرسمي باسم «سهل» عبر منصة «إكس»
        # عودة التطبيق')
        between = SPEAKER_OR_CHANNEL.sub(" ", self._without_names(verb.end(), pos))
        return sum(1 for w in between.split() if w != '"') <= ANNOUNCED_WORDS

    def _only_inside(self, inner: Match[Any], verb: re.Match[str], pos: int) -> bool:
        """Whether `inner` (a time or an offset) lies between the verb and `pos` with at most
        `ANNOUNCED_WORDS` words around it."""
        if inner.end > pos:
            return False
        rest = self.text[verb.end() : inner.start] + " " + self.text[inner.end : pos]
        return len(rest.split()) <= ANNOUNCED_WORDS

    def _without_names(self, start: int, end: int) -> str:
        """text[start:end] with each vendor or service name in it, and a bracketed gloss, as one
        word."""
        text, out, pos = self.text, [], start
        names, starts = self._names
        for s, e in names[bisect_left(starts, start) : bisect_left(starts, end)]:
            if s >= pos and e <= end:
                out += [text[pos:s], " NAME "]
                pos = e
        out.append(text[pos:end])
        return PARENTHESIS.sub(" ", "".join(out))

    def name_listed_before(self, pos: int) -> int | None:
        """Where the vendor or service name starts that `pos` follows in a list ("إنستغرام
        وفيسبوك": Instagram for Facebook's start), if any."""
        names, starts = self._names
        i = bisect_left(starts, pos) - 1
        if i >= 0 and LISTED.fullmatch(self.text, names[i][1], pos):
            return names[i][0]
        return None

    def _list_end(self, name_end: int) -> int:
        """Where the list of names that a name ending at `name_end` opens ends ("إنستغرام
        وفيسبوك")."""
        names, starts = self._names
        for _ in range(LIST_NAMES_MAX):
            i = bisect_left(starts, name_end)
            if i == len(starts) or not LISTED.fullmatch(self.text, name_end, starts[i]):
                break
            name_end = names[i][1]
        return name_end

    def first_name_after(self, pos: int) -> int | None:
        """Where the first vendor or service name at or after `pos` starts."""
        starts = self._names[1]
        i = bisect_left(starts, pos)
        return starts[i] if i < len(starts) else None

    @cached_property
    def _names(self) -> tuple[list[tuple[int, int]], list[int]]:
        """Vendor and service name spans by start, and their starts (for bisection)."""
        names = sorted((s, e) for g in ("vendor", "service") for s, e, _ in self.hits(g))
        return names, [s for s, _ in names]

    def _working_meanwhile(self, m: re.Match[str]) -> bool:
        """ "فيما أكدوا أن المكالمات الصوتية والرسائل تعمل بشكل طبيعي": a working phrase in a
        clause that "فيما", "في حين" or "بينما" opens tells what kept working meanwhile; so does
        one told after the fault is owned in its sentence, with no "then" between, and one that
        "لم تتأثر" follows."""
        if not self.cues.still_working.match(self.text, m.start()):
            return False
        if NEVER_AFFECTED.match(self.text, m.end()):
            return True
        start = self.sentence_bounds(m.start())[0]
        if MEANWHILE.search(self.text, max(start, m.start() - MEANWHILE_REACH), m.start()):
            return True
        # "أقر البنك بالعطل ...، مؤكداً أن البطاقات تعمل بشكل طبيعي": said while owning the fault
        aware = self.last_before(self.cues.phases["investigating_aware"], m.start())
        then = self.last_before(LATER, m.start())
        return aware is not None and (then is None or then.start() < aware.end())

    def _still_before(self, pos: int) -> bool:
        """A still cue shortly before `pos`, in its sentence ("كانت تعمل بصورة طبيعية"); before a
        working phrase, anywhere earlier in its clause ("وبقيت خدمات الإنترنت عبر الخلوي لدى
        شركتي «ألفا» و«تاتش» تعمل بشكل طبيعي": the subject stands between)."""
        sentence_start = self.sentence_bounds(pos)[0]
        lo = max(sentence_start, pos - STILL_GAP)
        if (still := self.cues.still.search(self.text, lo, pos)) is not None:
            # (but "ظل متوقفاً لساعات قبل أن يعود للعمل": it stayed down, then came back)
            return self.cues.down_state.search(self.text, still.end(), pos) is None
        if not self.cues.still_working.match(self.text, pos):
            return False
        lo = max(sentence_start, pos - STILL_CLAUSE_REACH)
        mark = self.last_before(CLAUSE_MARK, pos)
        if mark is not None and mark.end() > lo:
            lo = mark.end()
        return self.search(self.cues.still, lo, pos) is not None

    def full_recoveries(self, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Recoveries not qualified as partial ("عادت للعمل بشكل جزئي", "عاد البث لدى جزء من
        المستخدمين"), only begun ("بدأت الخدمة تعود") or worked on ("تعمل على استعادة");
        remembered per window (durations in one long sentence ask for the same one)."""
        found = self._full_recoveries.get((start, end))
        if found is None:
            found = self._full_recoveries[start, end] = [
                m
                for m in self.recoveries(start, end)
                if not only_begun(self.text, m)
                and not worked_on(self.text, m)
                and not any(
                    self.search(p, m.end(), m.end() + PARTIAL_WINDOW) for p in self.cues.partial
                )
            ]
        return found

    @cached_property
    def _full_recoveries(self) -> dict[tuple[int, int | None], list[re.Match[str]]]:
        return {}

    def spared_before(self, start: int, *, remained: bool) -> bool:
        """A spared cue right before `start` ("باستثناء الرسائل"); with `remained`, also "بقيت"
        and "ظلت", which spare a service but not a feature ("ظلت الرسائل متوقفة")."""
        lo = max(0, start - SPARED_GAP - SPARED_CUE)
        groups = (self.cues.unaffected, self.cues.remained) if remained else (self.cues.unaffected,)
        return any(
            m.end() >= start - SPARED_GAP for p in groups for m in p.finditer(self.text, lo, start)
        )

    def named_working(self, name_end: int) -> re.Match[str] | None:
        """ "واتساب يعمل بشكل طبيعي", "منصة «سورا» لتوليد الفيديو لم تتأثر": a still-working
        phrase after a name ending here, with at most a short descriptor between them; a list
        the name opens shares it ("«إنستغرام» و«فيسبوك» كانا يعملان بشكل طبيعي")."""
        name_end = self._list_end(name_end)
        # (the descriptor is bounded, not the phrase: "الإنترنت القار عبر الألياف البصرية اشتغلت
        # بشكل عادي")
        stop = min(self.sentence_bounds(name_end)[1], name_end + WORKING_REACH + WORKING_PHRASE)
        gap = CLAUSE_MARK.search(self.text, name_end, stop)
        found = self.search(self.cues.still_working, name_end, gap.start() if gap else stop)
        return found if found and found.start() <= name_end + WORKING_REACH else None

    def named_observer(self, name_end: int) -> bool:
        """ "«كلاودفلير» ترصد تراجع حركة الإنترنت", "Cloudflare Radar": a name followed right away
        by a word of watching (`observing`) measures the others' traffic; it is not what failed."""
        pos = OBSERVER_GAP.match(self.text, name_end)
        return pos is not None and self.cues.observing.match(self.text, pos.end()) is not None

    def in_background(self, pos: int) -> bool:
        """Whether the sentence around `pos` opens with a word of background ("ويأتي العطل في
        خضم حملة ...، وبعد ساعات من إطلاق ..."): what it tells came before or around the outage."""
        start = self.sentence_bounds(pos)[0]
        found = self.cues.background_sentence.search(self.text, start, start + OPENER_REACH)
        return found is not None and not self.text[start : found.start()].strip()

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """The sentence (between . ! ? or newlines) that contains normalised position `pos`."""
        ends = self._sentence_ends
        i = bisect_left(ends, pos)  # ends[i] is the first sentence end at or after pos
        return (ends[i - 1] + 1 if i else 0), ends[i]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        """Positions of every sentence end, found once per doc (so lookups stay linear)."""
        return [m.start() for m in SENTENCE_END.finditer(self.text)] + [len(self.text)]

    def in_name(self, pos: int) -> bool:
        """Whether normalised `pos` falls inside a vendor or service name ("Microsoft 365",
        "PlayStation 5"): a number there is part of the name, not an amount."""
        names = self._name_spans
        i = bisect_left(names, (pos + 1,)) - 1
        return i >= 0 and names[i][0] < pos < names[i][1]

    def names_between(self, start: int, end: int) -> bool:
        """Whether a vendor or service name (not a weak alias such as "الشبكة") starts in
        normalised [start, end)."""
        starts = self._strong_name_starts
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    @cached_property
    def _strong_name_starts(self) -> list[int]:
        return sorted(s for group in ("vendor", "service") for s, _, _ in self.hits(group))

    @cached_property
    def name_ends(self) -> frozenset[int]:
        """Where each vendor or service name ends."""
        return frozenset(e for _, e in self._name_spans)

    @cached_property
    def _name_spans(self) -> list[tuple[int, int]]:
        """The spans of every vendor and service hit, by start, nested ones merged away."""
        spans = sorted(
            (s, e)
            for group in ("vendor", "vendor_weak", "service", "service_weak")
            for s, e, _ in self.hits(group)
        )
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if out and s < out[-1][1]:
                out[-1] = (out[-1][0], max(e, out[-1][1]))
            else:
                out.append((s, e))
        return out

    @cached_property
    def head(self) -> int:
        """End of the article's lead (title and first paragraph), where the story is named."""
        first_break = self.text.find("\n\n", 200)
        return first_break if 0 < first_break < 800 else min(len(self.text), 600)
