"""Organisations the lexicon lacks, read from the text: "وزارة التربية والتعليم", "المديرية العامة
للأمن العام", "هيئة تنظيم الاتصالات", "شركة «نايل هوست»".

When no listed vendor is found in an outage story, the organisation it says runs or owns the
failed service, or names most, is the vendor, under its name as written (`Named.listed` false).
The vocabulary is the `organisations` section of `cues.yaml`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import grammar
from ..cues import compile_cues
from ..normalize import norm
from ..schema import Named

if TYPE_CHECKING:
    from .context import Context

NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")  # the next word on the line, letters only
QUOTED = re.compile(r'[ \t]*"([^"\n]{2,40})"')  # (the normaliser writes « » “ ” as ")
LATIN = re.compile(r"[ \t]+([A-Za-z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*)*)")
QUOTED_WORDS = 4  # a quoted name's words at most: longer quotes are words said
MAX_WORDS = 6  # words after the head: "مديرية الأحوال المدنية والجوازات والإقامة" has four
OPERATOR_REACH = 48  # a name's end to "المشغلة للبرنامج", past an abbreviation in brackets
BEFORE_REACH = 16  # "التابعة", "وقالت" to the name they govern ("التابعة لوزارة الداخلية")
OPERATOR_BONUS = 3.0  # told as running the service ("المشغلة للبرنامج")
OWNER_BONUS = 2.0  # told as owning it ("التابعة لوزارة الداخلية"), or what holds it
SPEAKER_BONUS = 1.0  # the subject of a statement ("وقالت شركة ...")
LEAD_BONUS = 1.0  # named in the title or first paragraph
DEFINITE = grammar.words("organisations", "definite")
JOINED = grammar.words("organisations", "joined")  # "والتعليم", "للأمن": a name goes on
NISBA = grammar.words("organisations", "nisba")  # (normalised: "الوطني", "العراقيه")
ARTICLE = grammar.text("organisations", "article")
AND = grammar.text("organisations", "and")
FEMININE_ENDING = grammar.text("organisations", "feminine_ending")  # (normalised ة)


@dataclass(frozen=True)
class OrganisationCues:
    heads: re.Pattern[str]
    defined: frozenset[str]
    named: frozenset[str]
    adjectives: frozenset[str]
    stops: frozenset[str]
    titles: frozenset[str]
    operator_after: re.Pattern[str]
    owner_before: re.Pattern[str]
    utilities: frozenset[str]

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> OrganisationCues:
        words = {key: frozenset(norm(w) for w in raw.get(key, [])) for key in raw}
        return cls(
            heads=compile_cues(
                [*raw.get("heads", []), *raw.get("heads_defined", []), *raw.get("named_heads", [])]
            ),
            defined=words.get("heads_defined", frozenset()),
            named=words.get("named_heads", frozenset()),
            adjectives=words.get("adjectives", frozenset()),
            stops=words.get("stops", frozenset()),
            titles=words.get("titles", frozenset()),
            operator_after=compile_cues(raw.get("operator_after", [])),
            owner_before=compile_cues(raw.get("owner_before", [])),
            utilities=words.get("utilities", frozenset()),
        )

    def names(self, text: str) -> list[tuple[int, int, int, bool, int]]:
        """(start, key start, end, a company's?, head start) of every organisation's name in
        normalised `text`: the name starts at its article if written ("المديرية"), its key
        after it (so "للمديرية العامة", whose article the clitic "ل" absorbs, is the same name);
        a quoted name after its head ("شركة «نايل هوست»")."""
        found = []
        for m in self.heads.finditer(text):
            span = self._name(text, m)
            if span is not None:
                found.append((*span, m.group("cue") in self.named, m.start()))
        return found

    def _name(self, text: str, head: re.Match[str]) -> tuple[int, int, int] | None:
        word, key = head.group("cue"), head.start("cue")
        clitics = text[head.start() : key]
        defined = word in self.defined or clitics.endswith(DEFINITE)
        if word in self.named and not defined:  # "شركة «نايل هوست»", "شركة Equinix": the name
            # alone (after "البنك" a quote is its words: "وقال البنك «سيراجع خطط الطوارئ»")
            quoted = QUOTED.match(text, head.end()) or LATIN.match(text, head.end())
            if quoted is not None and len(quoted.group(1).split()) <= QUOTED_WORDS:
                return quoted.start(1), quoted.start(1), quoted.end(1)
        end, count, follows = head.end(), 0, ""
        while count < MAX_WORDS and (nxt := NEXT_WORD.match(text, end)) is not None:
            word = nxt.group(1)
            if word in self.stops:
                break
            if follows == "name":  # a title's name, bare: "جامعة الملك سعود"
                follows = ""
            elif follows == "complement":  # a bare noun's: "هيئة تنظيم الطيران"
                if not word.startswith(DEFINITE):
                    break
                follows = ""
            elif self._continues(text, nxt, count, defined) and (
                count or not defined or _agrees(head.group("cue"), word)
            ):
                bare = not word.startswith(DEFINITE + JOINED)
                follows = "name" if word in self.titles else "complement" if bare else ""
            else:
                break
            end, count = nxt.end(), count + 1
        if not count:
            return None
        return (key - len(ARTICLE) if clitics.endswith(ARTICLE) else key), key, end

    def _continues(self, text: str, nxt: re.Match[str], count: int, defined: bool) -> bool:
        """Whether the word `nxt` (no stop word) goes on a name that has `count` words after its
        head."""
        word = nxt.group(1)
        if count and word.startswith(JOINED):
            return True
        if count and word.startswith(AND) and len(word) > 3 and self._completed(text, nxt):
            return True  # "... للهوية وشؤون الأجانب": a coordinated construct
        if count or defined:  # "المديرية العامة": a head with the article needs an adjective
            return self._adjective(word)
        if word.startswith(DEFINITE):
            return True
        # a bare noun the definite word after it completes: "هيئة تنظيم الاتصالات"
        return self._completed(text, nxt)

    @staticmethod
    def _completed(text: str, nxt: re.Match[str]) -> bool:
        """Whether a definite word follows the word `nxt`, completing it as a construct."""
        after = NEXT_WORD.match(text, nxt.end())
        return after is not None and after.group(1).startswith(DEFINITE)

    def _adjective(self, word: str) -> bool:
        return word in self.adjectives or (
            word.startswith(ARTICLE) and len(word) > 4 and word.endswith(NISBA)
        )


def _agrees(head: str, adjective: str) -> bool:
    """Whether an adjective agrees in gender with the head it follows ("الهيئة العامة", "المركز
    الوطني"; not "البنك الداخلية", which qualifies a noun before it: "أنظمة البنك الداخلية")."""
    return head.endswith(FEMININE_ENDING) == adjective.endswith(FEMININE_ENDING)


def unlisted_vendor(
    ctx: Context, *, in_role: bool = False, companies_only: bool = False
) -> Named | None:
    """The organisation that runs or owns the failed service, or else is named most (the lead
    counts extra), when the lexicon lists none; None when the story names no organisation, or
    (`in_role`) none told as running, owning or speaking for a service. A network is run by a
    company (`companies_only`): a ministry that speaks of its outage regulates it."""
    cues: OrganisationCues = ctx.cues.organisations
    text = ctx.text
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    score: dict[str, float] = defaultdict(float)
    roles: set[str] = set()
    for start, key_start, end, company, head in cues.names(text):
        if ctx.in_related_links(start) or (companies_only and not company):
            continue
        words = text[key_start:end].split()
        if in_role and cues.utilities.intersection(words):
            # "شركة تشغيل الشبكة الكهربائية": alone it tells of a blackout (a utility's failed
            # app, named so, is still its: "منظومة الدفع الإلكتروني لوزارة الكهرباء")
            continue
        key = " ".join(words)
        found[key].append((start, end))
        role = _role(ctx, head, end)
        score[key] += 1.0 + LEAD_BONUS * (start < ctx.head) + role
        if role:
            roles.add(key)
    if not score or (in_role and not roles):
        return None
    best = max(score, key=lambda k: (score[k], -found[k][0][0]))
    spans = found[best]
    name = max(spans, key=lambda s: (s[1] - s[0], -s[0]))  # the article written out, if anywhere
    return Named(
        name=" ".join(ctx.original(*name).split()),
        mentions=[ctx.span(s, e) for s, e in spans],
        listed=False,
    )


def _role(ctx: Context, head: int, end: int) -> float:
    """The bonus for what the text tells the organisation does: runs the service ("المشغلة
    للبرنامج"), owns it ("التابعة لوزارة الداخلية") or speaks of it ("وقالت شركة ...")."""
    cues: OrganisationCues = ctx.cues.organisations
    text = ctx.text
    bonus = 0.0
    if cues.operator_after.search(text, end, end + OPERATOR_REACH) is not None:
        bonus += OPERATOR_BONUS
    if _right_before(text, cues.owner_before, head):
        bonus += OWNER_BONUS
    if _right_before(text, ctx.cues.statement_verbs, head):
        bonus += SPEAKER_BONUS
    return bonus


def _right_before(text: str, pattern: re.Pattern[str], start: int) -> bool:
    """Whether a match of `pattern` ends right before `start` (a head's start, its clitics
    included: "التابعة لوزارة")."""
    return any(
        not text[m.end() : start].strip()
        for m in pattern.finditer(text, max(0, start - BEFORE_REACH), start)
    )
