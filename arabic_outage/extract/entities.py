"""Vendor and services: which company's products failed, from the lexicon matches.

The vendor is the company named most (itself or through its products), with a bonus for the lead.
Weak aliases (a product name used for the company, "الشبكة" for a payments network, "API") only
count for an entity that strong evidence has already put in the story.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict

from .. import grammar
from ..lexicon import Service
from ..schema import Component, Named, Span
from .context import Context, Hit

LEAD_BONUS = 2.0  # a name in the title or first paragraph is the story's subject
NO_POSITION = 1 << 30
NETWORKS = {"Mobile network", "Fixed network"}
SPARED_HEAD_REACH = 12  # "تطبيقا " between a spared cue and the name (`spared_heads`)
SPARED_LIST = 4  # names down a list that one spared cue spares
STATUS_PAGE_REACH = 32  # "لوحة حالة خدمات " before the name
CHANNEL_WEIGHT = 0.2
CHANNEL_GAP = 30
CAUSE_BONUS = 4.0  # a vendor named as the cause outweighs the companies it took down
CAUSE_REACH = 48  # characters from a cause word to the company it names ("إثر عطل أصاب ... لشركة")
Hits = dict[str, list[tuple[int, int]]]
ROLE_TAIL = grammar.pattern("entities", "role_tail")  # a title to the name it names ("رئيس قسم لـ")


def mentions(ctx: Context, group: str) -> Hits:
    """Canonical name -> normalised (start, end) of each mention, clitics excluded."""
    found: Hits = defaultdict(list)
    for start, end, name in ctx.hits(group):
        found[name].append((start, end))
    return found


ON_WORD = grammar.text("entities", "on_word")  # "على", normalised
NETWORK_WORD = grammar.text("entities", "network_word")  # "شبكة"
COMPANY_WORD = grammar.text("entities", "company_word")  # "شركة"
AND = grammar.text("entities", "and")
SETTING_CONJUNCT = grammar.pattern("entities", "setting_conjunct")


def vendor_and_services(ctx: Context) -> tuple[Named | None, list[Named]]:
    local = _local_mentions(ctx)
    settings = _settings(ctx)
    vendor_name = _choose_vendor(ctx, local, settings)
    if vendor_name is None:
        return None, []
    vendor_hits = mentions(ctx, "vendor").get(vendor_name, [])
    vendor_hits += mentions(ctx, "vendor_weak").get(vendor_name, [])
    vendor_hits += local.get(vendor_name, [])
    # a strong and a weak alias may find the same words ("شركة «فوري»" and "فوري")
    vendor = Named(name=vendor_name, mentions=_spans(ctx, sorted(set(vendor_hits))))
    found: Hits = defaultdict(list)
    mobile = ctx.lexicon.vendors[vendor_name].mobile_only or _mobile_story(ctx)
    strong = sorted(ctx.hits("service"))
    for group in ("service", "service_weak"):
        for name, pos in mentions(ctx, group).items():
            pos = [
                (s, e)
                for s, e in pos
                if not (group == "service_weak" and _inside_another(strong, s, e, name))
                and not _spared(ctx, s)
                and (s, e) not in settings
                # "بعد الانقطاع الذي أصاب فيسبوك وإنستجرام في مارس الماضي": an earlier incident's
                and not ctx.after_earlier_incident(s)
                and not ctx.past_month_after(e)
                and not ctx.named_working(e)
                and not _given_back(ctx, s)
                and not ctx.in_related_links(s)
                and not _in_company_name(ctx, s, e)
                and not _in_role(ctx, s)
                and not ctx.in_background(s)
            ]
            owned = _owned_name(ctx, name, vendor_name) if pos else None
            if owned == "Fixed network" and group == "service_weak" and mobile:
                # "انقطاع خدمة الإنترنت وضعف شبكة الجيل الرابع", "خدمات الإنترنت لدى مشتركي زين"
                owned = "Mobile network"
            if owned and not (
                group == "service_weak" and name in NETWORKS and (NETWORKS & set(found)) - {owned}
            ):
                # a network named outright beats another only hinted at; a hint at the same one
                # is one more mention of it
                found[owned].extend(pos)
    # "Microsoft 365 Copilot" named in the lead: a bare "Copilot" is it (named later only, as
    # what a subscription includes, it is not the story's product)
    for name in list(found):
        product = ctx.lexicon.services.get(name)  # (a bank's app has a made name: none)
        for short in product.absorbs if product else ():
            if short in found and name in found and min(found[name])[0] < ctx.head:
                found[name].extend(found.pop(short))
    services = _named(ctx, found)
    known = ctx.lexicon.vendors[vendor_name]
    if known.kind == "telecom" and not services:
        services = _named(ctx, _operator_network(ctx, vendor_hits))
    if known.brand_service and not services:  # "تعطل أنظمة الحجز لدى طيران الإمارات"
        services = [Named(name=vendor_name, mentions=vendor.mentions)]
    return vendor, services


def _inside_another(hits: list[Hit], start: int, end: int, name: str) -> bool:
    """Whether [start, end) lies inside the full name of another product (`hits`: strong service
    hits, sorted): "سهل" (Sahel) in "تطبيق سهل أعمال" (Sahel Business)."""
    i = bisect_right(hits, (start, math.inf, "")) - 1
    return i >= 0 and hits[i][0] <= start and end <= hits[i][1] and hits[i][2] != name


def _named(ctx: Context, found: Hits) -> list[Named]:
    """The services found, in order of first mention, that the story is about (`_in_story`)."""
    return [
        Named(name=name, mentions=_spans(ctx, sorted(set(pos))))
        for name, pos in sorted(found.items(), key=lambda kv: min(kv[1]))
        if _in_story(ctx, sorted(set(pos)))
    ]


def _choose_vendor(ctx: Context, local: Hits, settings: set[tuple[int, int]]) -> str | None:
    """The vendor named most (`_score`); `local` holds the mentions by a shared form that the
    story's country resolved (`_local_mentions`), `settings` the service mentions that name a
    setting (`_settings`)."""
    services = ctx.lexicon.services
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, int] = defaultdict(lambda: NO_POSITION)
    evidence = list(mentions(ctx, "vendor").items())
    named_directly = len(evidence)
    for name, pos in mentions(ctx, "service").items():
        owner = services[name].vendor
        if named_directly:
            # "الأجهزة العاملة بنظام «ويندوز» ... من شركة «كراود سترايك»": beside a vendor named,
            # the platform is no evidence of who failed (alone, it is what failed)
            pos = [p for p in pos if p not in settings]
        if owner and pos:
            evidence.append((owner, pos))
    direct: set[str] = set()  # named once at least not as where people wrote or were told
    caused: set[str] = set()  # named as the cause: whose failure took the others down
    for owner, pos in evidence:
        scores[owner] += _score(ctx, pos)
        first[owner] = min(first[owner], pos[0][0])
        if owner not in caused and any(_named_as_cause(ctx, s) for s, _ in pos):
            caused.add(owner)
            scores[owner] += CAUSE_BONUS
        if not all(_where_shared(ctx, s) or _stated_on(ctx, s) for s, _ in pos):
            direct.add(owner)
    vendors = ctx.lexicon.vendors
    # a regulator reports on the operators it oversees: with only regulators named outright, an
    # operator named by its weak alias is the one ("مشتركي «زين»" beside "هيئة الاتصالات")
    # (not one whose own service is named: TDRA's "UAE Pass"; a platform named only as where the
    # operator wrote, "على حسابها في منصة «إكس»", does not count)
    named_outright = {*(n for n in scores if n in direct), *local}
    regulators_only = (
        bool(named_outright)
        and all(n in vendors and vendors[n].kind == "regulator" for n in named_outright)
        and not {owner for owner, _ in evidence[named_directly:]} & named_outright
    )
    for name, pos in mentions(ctx, "vendor_weak").items():
        if name in scores:
            scores[name] += _score(ctx, pos)
        elif regulators_only and vendors[name].kind == "telecom":
            scores[name] = _score(ctx, pos)
            first[name] = min(p[0] for p in pos)
            direct.add(name)
    kinds = {name: vendors[name].kind for name in scores if name in vendors}
    if "telecom" in kinds.values():  # "هيئة تنظيم قطاع الاتصالات تصدر بيانا حول انقطاع ... أورنج"
        scores = {n: v for n, v in scores.items() if kinds.get(n) != "regulator"}
    else:  # "وزارة الاتصالات" in an Iraqi story: the ministry, unless an operator is named
        for name, pos in local.items():
            scores[name] += _score(ctx, pos)
            first[name] = min(first[name], pos[0][0])
            direct.add(name)
    # "تداول كثيرون على مجموعات تيليغرام وفيسبوك صوراً": a platform named only as a channel is
    # not what failed
    named = [n for n in scores if n in direct]
    chosen = max(named, key=lambda n: (scores[n], -first[n]), default=None)
    # "تيك توك، المملوك لشركة بايت دانس": a story that names the owner tells its outage
    owner = ctx.lexicon.owner(chosen)
    return owner if owner in named else chosen


def _local_mentions(ctx: Context) -> Hits:
    """Mentions by a form several countries' bodies share ("وزارة الاتصالات"), of the one body
    whose country the story names; none inside a longer alias ("وزارة الاتصالات العراقية")."""
    hits = ctx.hits("vendor_local")
    if not hits:
        return {}
    countries = {label for group in ("region", "place") for _, _, label in ctx.hits(group)}
    named = [(s, e) for s, e, _ in ctx.hits("vendor")]
    claims: dict[tuple[int, int], list[str]] = defaultdict(list)
    for start, end, name in hits:
        i = bisect_right(named, (start, NO_POSITION)) - 1
        inside = i >= 0 and named[i][1] >= end
        if not inside and ctx.lexicon.vendors[name].country in countries:
            claims[(start, end)].append(name)
    found: Hits = defaultdict(list)
    for pos, names in claims.items():
        if len(names) == 1:  # two countries' bodies named alike in one story: neither
            found[names[0]].append(pos)
    return found


def _in_story(ctx: Context, positions: list[tuple[int, int]]) -> bool:
    """A product named in the lead, more than once, or in a sentence about the outage; a single
    passing mention ("شركة سوني المالكة لمنصة Crunchyroll") is not an affected service."""
    if len(positions) > 1:
        return True
    start = positions[0][0]
    if _after_channel_cue(ctx, start, ctx.cues.shared_on, bare_on=False):
        return False  # "وتداول مستخدمون منشورات على إكس وفيسبوك": where users posted
    if start < ctx.head:
        return True
    if _said_through(ctx, start) or ctx.another_year(start):
        return False  # "قالت عبر حسابها «Microsoft 365 Status»", "عطل ويندوز في يوليو 2024"
    return ctx.in_sentence(ctx.cues.relevance["outage"][1], start)


def _said_through(ctx: Context, start: int) -> bool:
    """The channel of a statement: a `statement_channel` cue right before, a statement verb
    earlier in the sentence."""
    sentence_start = ctx.sentence_bounds(start)[0]
    channel = ctx.cues.statement_channel.search(
        ctx.text, max(sentence_start, start - CHANNEL_GAP), start
    )
    return (
        channel is not None
        and ctx.last_before(ctx.cues.statement_verbs, channel.start()) is not None
    )


def _in_company_name(ctx: Context, start: int, end: int) -> bool:
    """Inside a longer vendor mention that names the company ("شركة بنفت" holds "بنفت")."""
    hits = ctx.hits("vendor")  # in text order and not overlapping: the last one before holds it
    i = bisect_right(hits, start, key=lambda h: h[0]) - 1
    if i < 0:
        return False
    s, e, _ = hits[i]
    return (
        end <= e
        and (s, e) != (start, end)
        and ctx.cues.company_heads.match(ctx.text, s) is not None
    )


def _in_role(ctx: Context, start: int) -> bool:
    """A person's title right before the name ("آدم موسيري، رئيس إنستغرام وثريدز", "الرئيس
    التنفيذي لـ"ميتا""): who speaks, not what failed; also the owner of a list of apps ("ميتا،
    المالكة لـ«إنستغرام» و«فيسبوك» و«واتساب»"), down the list."""
    for _ in range(SPARED_LIST):
        role = ctx.last_before(ctx.cues.person_roles, start)
        if role is not None and ROLE_TAIL.fullmatch(ctx.text, role.end(), start) is not None:
            return True
        listed = ctx.name_listed_before(start)
        if listed is None:
            return False
        start = listed
    return False


def _given_back(ctx: Context, start: int) -> bool:
    """ "وسيحصل جميع مشتركي PlayStation Plus على خمسة أيام إضافية": a compensation's subject."""
    return ctx.in_sentence(ctx.cues.compensation, start)


def _spared(ctx: Context, start: int) -> bool:
    """ "فيما بقيت خدمات الهاتف المتنقل تعمل بشكل طبيعي": named as working, not as affected;
    also past a head word ("ولم يتأثر تطبيقا إنستغرام") and down a list whose first name is
    spared ("... إنستغرام وفيسبوك")."""
    text = ctx.text
    for _ in range(SPARED_LIST):
        heads = ctx.cues.spared_heads.finditer(text, max(0, start - SPARED_HEAD_REACH), start)
        at = next((h.start() for h in heads if not text[h.end() : start].strip()), start)
        if ctx.spared_before(at, remained=True):
            return True
        listed = ctx.name_listed_before(at)
        if listed is None:
            return False
        start = listed
    return False


def _settings(ctx: Context) -> set[tuple[int, int]]:
    """The service mentions that name a setting, not what failed (`_names_the_setting`), found
    once for the vendor's choice and the services."""
    named = sorted(
        {
            pos
            for group in ("service", "service_weak")
            for p in mentions(ctx, group).values()
            for pos in p
        }
    )
    found: set[tuple[int, int]] = set()
    for (s, e), before in zip(named, [None, *named]):
        # a name joined to a setting shares it ("على أجهزة بلاي ستيشن وإكس بوكس")
        if _names_the_setting(ctx, s, e) or (
            before in found and SETTING_CONJUNCT.fullmatch(ctx.text, before[1], s) is not None
        ):
            found.add((s, e))
    return found


def _names_the_setting(ctx: Context, start: int, end: int) -> bool:
    """ "وفق لوحة حالة خدمات Google Workspace": the name of the status page, not what failed;
    "الهواتف العاملة بنظام أندرويد": the system the devices run (the cue may run into the name:
    "نظام أندرويد" is one)."""
    lo = max(0, start - STATUS_PAGE_REACH)
    for cue in (ctx.cues.status_page, ctx.cues.runs_on):
        # (the cue nearest the name: "الهواتف الذكية بنظامي أندرويد" reads "بنظامي")
        page = None
        for found in cue.finditer(ctx.text, lo, end):
            if found.start() >= start:
                break
            page = found
        if page is not None and (
            page.end() > start or not ctx.text[page.end() : start].strip(' \t"«')
        ):
            return True
    return False


def _mobile_story(ctx: Context) -> bool:
    return bool(ctx.cues.mobile_signals.search(ctx.text))


def _operator_network(ctx: Context, vendor_hits: list[tuple[int, int]]) -> Hits:
    """ "شبكة اتصالات المغرب": an operator's network named as such is its mobile network."""
    text = ctx.text
    hits = [(text.rfind(NETWORK_WORD, 0, s), e) for s, e in vendor_hits]
    size = len(NETWORK_WORD)
    hits = [(s, e) for s, e in hits if s >= 0 and _gap_is_filler(text[s + size : e])]
    return {"Mobile network": hits} if hits else {}


def _gap_is_filler(between_and_name: str) -> bool:
    """Only quotes, "شركة" and spaces separate "شبكة" from the operator's name."""
    head = between_and_name.split(maxsplit=2)
    return len(between_and_name) < 40 and (
        not head
        or head[0].strip('"') in ("", COMPANY_WORD)
        or between_and_name.startswith((" ", '"'))
    )


def _score(ctx: Context, positions: list[tuple[int, int]]) -> float:
    """One per mention (a channel mention, "عبر منصة إكس", counts little), plus the lead bonus."""
    weights = [CHANNEL_WEIGHT if _is_channel(ctx, s) else 1.0 for s, _ in positions]
    lead = any(s < ctx.head and w == 1.0 for (s, _), w in zip(positions, weights))
    return sum(weights) + (LEAD_BONUS if lead else 0.0)


def _is_channel(ctx: Context, start: int) -> bool:
    return _after_channel_cue(ctx, start, ctx.cues.channel)


def _after_channel_cue(
    ctx: Context, start: int, cues: re.Pattern[str], bare_on: bool = True
) -> bool:
    """A cue of `cues` shortly before `start` in its sentence, or (with `bare_on`) a bare "على"
    (`_on`), which also says where a feature failed ("تشغيل المحتوى على Prime Video")."""
    lo = max(ctx.sentence_bounds(start)[0], start - CHANNEL_GAP)
    return bool(cues.search(ctx.text, lo, start)) or (bare_on and _on(ctx, lo, start))


def _named_as_cause(ctx: Context, start: int) -> bool:
    """ "إثر عطل تقني لدى شركة نتورك إنترناشيونال", "هجوم إلكتروني على مزود «Dyn»": the company
    whose failure took others down (the vendor, GUIDE)."""
    if ctx.search(ctx.cues.vendor_as_cause, max(0, start - CAUSE_REACH), start) is None:
        return False  # (the usual case: a short window, searched before the sentence is)
    lo = max(ctx.sentence_bounds(start)[0], start - CAUSE_REACH)
    cue = ctx.last_before(ctx.cues.vendor_as_cause, start)
    # the first name after the cue ("مزود «Dyn» يحجب تويتر": Dyn, not تويتر)
    return cue is not None and cue.start() >= lo and ctx.first_name_after(cue.end()) == start


def _where_shared(ctx: Context, start: int) -> bool:
    """A platform named as where people shared the story ("تداول مغردون على مجموعات تيليغرام",
    "انتشر وسم", "انتشرت على فيسبوك"), not as the channel a company used ("عبر منصة")."""
    return _after_channel_cue(ctx, start, ctx.cues.shared_on)


def _stated_on(ctx: Context, start: int) -> bool:
    """A platform named as where a body posted its statement ("في بيان نشرته على صفحتها في
    فيسبوك", "على حسابها في منصة «إكس»"): named only so, it is not what failed."""
    return _after_channel_cue(ctx, start, ctx.cues.statement_channel)


def _on(ctx: Context, lo: int, start: int) -> bool:
    """ "انتشرت على فيسبوك": right after a bare "على", not after an impact ("أثر العطل على")."""
    before = ctx.text[lo:start].split()
    if len(before) >= 3 and before[-1] == AND and before[-3] == ON_WORD:
        before = before[:-2]  # "على فيسبوك وتلغرام": the second name shares the "على"
    if not before or before[-1] != ON_WORD:
        return False
    return len(before) < 2 or not ctx.cues.channel_on_unless.fullmatch(before[-2])


def _owned_name(ctx: Context, service: str, vendor: str) -> str | None:
    """The service's name if it is the vendor's product, else None.

    Vendor-less services are generic products: the telecom networks belong to any operator, and
    "Mobile banking" becomes the bank's own ("Banque Populaire mobile banking").
    """
    owner = ctx.lexicon.services[service].vendor
    if owner is not None:
        # (a group's product is its subsidiaries' too: "Orange Money" in Orange Maroc's story)
        mine = ctx.lexicon.same_company(vendor, owner) or vendor == ctx.lexicon.owner(owner)
        return service if mine else None
    kind = ctx.lexicon.vendors[vendor].kind
    if service in NETWORKS:
        return service if kind == "telecom" else None
    if service == "Mobile banking":
        return _bank_app(ctx, vendor) if kind == "bank" else None
    return None


def _bank_app(ctx: Context, bank: str) -> str:
    """The bank's own app as the lexicon names it ("CIH Mobile"), else a generic name."""
    return ctx.lexicon.own_apps.get(bank) or f"{bank} mobile banking"


def _spans(ctx: Context, positions: list[tuple[int, int]]) -> list[Span]:
    return [ctx.span(s, e) for s, e in positions]


# GUIDE: a telecom outage with no product name is an outage of its mobile or fixed network, as its
# components say (mobile data and SMS are the mobile network's, home internet the fixed one's).
NETWORK_OF_KIND = {
    "mobile_data": "Mobile network",
    "sms": "Mobile network",
    "fixed_internet": "Fixed network",
}


def networks_from_components(
    services: list[Named], components: list[Component], known: dict[str, Service]
) -> list[Named]:
    """The telecom network services the components imply, added to those already named; none
    beside a named internet product of the operator ("Starlink", "YahClick"): the
    internet its story speaks of is that product."""
    if any(s.name in known and known[s.name].internet for s in services):
        return [s for s in services if s.name not in NETWORKS]
    out = {s.name: s for s in services}
    for c in components:
        network = NETWORK_OF_KIND.get(c.kind)
        if network and network not in out:
            out[network] = Named(name=network, mentions=[c.span])
    return list(out.values())
