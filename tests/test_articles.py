"""The project's own example articles (tests/examples/articles.jsonl, probe_articles.jsonl to
probe293_articles.jsonl and models/examples/seed.json): every span points at the characters it
names, and the headline fields are right."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import arabic_outage
from arabic_outage.paths import models_dir
from arabic_outage.schema import IncidentRecord, Named, Span

ARTICLES = [
    json.loads(line)
    for name in (
        "articles.jsonl",
        "probe_articles.jsonl",
        "probe2_articles.jsonl",
        "probe3_articles.jsonl",
        "probe4_articles.jsonl",
        "probe5_articles.jsonl",
        "probe6_articles.jsonl",
        "probe7_articles.jsonl",
        "probe8_articles.jsonl",
        "probe9_articles.jsonl",
        "probe10_articles.jsonl",
        "probe11_articles.jsonl",
        "probe12_articles.jsonl",
        "probe13_articles.jsonl",
        "probe14_articles.jsonl",
        "probe15_articles.jsonl",
        "probe16_articles.jsonl",
        "probe17_articles.jsonl",
        "probe18_articles.jsonl",
        "probe19_articles.jsonl",
        "probe20_articles.jsonl",
        "probe21_articles.jsonl",
        "probe22_articles.jsonl",
        "probe23_articles.jsonl",
        "probe24_articles.jsonl",
        "probe25_articles.jsonl",
        "probe26_articles.jsonl",
        "probe27_articles.jsonl",
        "probe28_articles.jsonl",
        "probe29_articles.jsonl",
        "probe30_articles.jsonl",
        "probe31_articles.jsonl",
        "probe32_articles.jsonl",
        "probe33_articles.jsonl",
        "probe34_articles.jsonl",
        "probe35_articles.jsonl",
        "probe36_articles.jsonl",
        "probe37_articles.jsonl",
        "probe38_articles.jsonl",
        "probe39_articles.jsonl",
        "probe40_articles.jsonl",
        "probe41_articles.jsonl",
        "probe42_articles.jsonl",
        "probe43_articles.jsonl",
        "probe44_articles.jsonl",
        "probe45_articles.jsonl",
        "probe46_articles.jsonl",
        "probe47_articles.jsonl",
        "probe48_articles.jsonl",
        "probe49_articles.jsonl",
        "probe50_articles.jsonl",
        "probe51_articles.jsonl",
        "probe52_articles.jsonl",
        "probe53_articles.jsonl",
        "probe54_articles.jsonl",
        "probe55_articles.jsonl",
        "probe56_articles.jsonl",
        "probe57_articles.jsonl",
        "probe58_articles.jsonl",
        "probe59_articles.jsonl",
        "probe60_articles.jsonl",
        "probe61_articles.jsonl",
        "probe62_articles.jsonl",
        "probe63_articles.jsonl",
        "probe64_articles.jsonl",
        "probe65_articles.jsonl",
        "probe66_articles.jsonl",
        "probe67_articles.jsonl",
        "probe68_articles.jsonl",
        "probe69_articles.jsonl",
        "probe70_articles.jsonl",
        "probe71_articles.jsonl",
        "probe72_articles.jsonl",
        "probe73_articles.jsonl",
        "probe74_articles.jsonl",
        "probe75_articles.jsonl",
        "probe76_articles.jsonl",
        "probe77_articles.jsonl",
        "probe78_articles.jsonl",
        "probe79_articles.jsonl",
        "probe80_articles.jsonl",
        "probe81_articles.jsonl",
        "probe82_articles.jsonl",
        "probe83_articles.jsonl",
        "probe84_articles.jsonl",
        "probe85_articles.jsonl",
        "probe86_articles.jsonl",
        "probe87_articles.jsonl",
        "probe88_articles.jsonl",
        "probe89_articles.jsonl",
        "probe90_articles.jsonl",
        "probe91_articles.jsonl",
        "probe92_articles.jsonl",
        "probe93_articles.jsonl",
        "probe94_articles.jsonl",
        "probe95_articles.jsonl",
        "probe96_articles.jsonl",
        "probe97_articles.jsonl",
        "probe98_articles.jsonl",
        "probe99_articles.jsonl",
        "probe100_articles.jsonl",
        "probe101_articles.jsonl",
        "probe102_articles.jsonl",
        "probe103_articles.jsonl",
        "probe104_articles.jsonl",
        "probe105_articles.jsonl",
        "probe106_articles.jsonl",
        "probe107_articles.jsonl",
        "probe108_articles.jsonl",
        "probe109_articles.jsonl",
        "probe110_articles.jsonl",
        "probe111_articles.jsonl",
        "probe112_articles.jsonl",
        "probe113_articles.jsonl",
        "probe114_articles.jsonl",
        "probe115_articles.jsonl",
        "probe116_articles.jsonl",
        "probe117_articles.jsonl",
        "probe118_articles.jsonl",
        "probe119_articles.jsonl",
        "probe120_articles.jsonl",
        "probe121_articles.jsonl",
        "probe122_articles.jsonl",
        "probe123_articles.jsonl",
        "probe124_articles.jsonl",
        "probe125_articles.jsonl",
        "probe126_articles.jsonl",
        "probe127_articles.jsonl",
        "probe128_articles.jsonl",
        "probe129_articles.jsonl",
        "probe130_articles.jsonl",
        "probe131_articles.jsonl",
        "probe132_articles.jsonl",
        "probe133_articles.jsonl",
        "probe134_articles.jsonl",
        "probe135_articles.jsonl",
        "probe136_articles.jsonl",
        "probe137_articles.jsonl",
        "probe138_articles.jsonl",
        "probe139_articles.jsonl",
        "probe140_articles.jsonl",
        "probe141_articles.jsonl",
        "probe142_articles.jsonl",
        "probe143_articles.jsonl",
        "probe144_articles.jsonl",
        "probe145_articles.jsonl",
        "probe146_articles.jsonl",
        "probe147_articles.jsonl",
        "probe148_articles.jsonl",
        "probe149_articles.jsonl",
        "probe150_articles.jsonl",
        "probe151_articles.jsonl",
        "probe152_articles.jsonl",
        "probe153_articles.jsonl",
        "probe154_articles.jsonl",
        "probe155_articles.jsonl",
        "probe156_articles.jsonl",
        "probe157_articles.jsonl",
        "probe158_articles.jsonl",
        "probe159_articles.jsonl",
        "probe160_articles.jsonl",
        "probe161_articles.jsonl",
        "probe162_articles.jsonl",
        "probe163_articles.jsonl",
        "probe164_articles.jsonl",
        "probe165_articles.jsonl",
        "probe166_articles.jsonl",
        "probe167_articles.jsonl",
        "probe168_articles.jsonl",
        "probe169_articles.jsonl",
        "probe170_articles.jsonl",
        "probe171_articles.jsonl",
        "probe172_articles.jsonl",
        "probe173_articles.jsonl",
        "probe174_articles.jsonl",
        "probe175_articles.jsonl",
        "probe176_articles.jsonl",
        "probe177_articles.jsonl",
        "probe178_articles.jsonl",
        "probe179_articles.jsonl",
        "probe180_articles.jsonl",
        "probe181_articles.jsonl",
        "probe182_articles.jsonl",
        "probe183_articles.jsonl",
        "probe184_articles.jsonl",
        "probe185_articles.jsonl",
        "probe186_articles.jsonl",
        "probe187_articles.jsonl",
        "probe188_articles.jsonl",
        "probe189_articles.jsonl",
        "probe190_articles.jsonl",
        "probe191_articles.jsonl",
        "probe192_articles.jsonl",
        "probe193_articles.jsonl",
        "probe194_articles.jsonl",
        "probe195_articles.jsonl",
        "probe196_articles.jsonl",
        "probe197_articles.jsonl",
        "probe198_articles.jsonl",
        "probe199_articles.jsonl",
        "probe200_articles.jsonl",
        "probe201_articles.jsonl",
        "probe202_articles.jsonl",
        "probe203_articles.jsonl",
        "probe204_articles.jsonl",
        "probe205_articles.jsonl",
        "probe206_articles.jsonl",
        "probe207_articles.jsonl",
        "probe208_articles.jsonl",
        "probe209_articles.jsonl",
        "probe210_articles.jsonl",
        "probe211_articles.jsonl",
        "probe212_articles.jsonl",
        "probe213_articles.jsonl",
        "probe214_articles.jsonl",
        "probe215_articles.jsonl",
        "probe216_articles.jsonl",
        "probe217_articles.jsonl",
        "probe218_articles.jsonl",
        "probe219_articles.jsonl",
        "probe220_articles.jsonl",
        "probe221_articles.jsonl",
        "probe222_articles.jsonl",
        "probe223_articles.jsonl",
        "probe224_articles.jsonl",
        "probe225_articles.jsonl",
        "probe226_articles.jsonl",
        "probe227_articles.jsonl",
        "probe228_articles.jsonl",
        "probe229_articles.jsonl",
        "probe230_articles.jsonl",
        "probe231_articles.jsonl",
        "probe232_articles.jsonl",
        "probe233_articles.jsonl",
        "probe234_articles.jsonl",
        "probe235_articles.jsonl",
        "probe236_articles.jsonl",
        "probe237_articles.jsonl",
        "probe238_articles.jsonl",
        "probe239_articles.jsonl",
        "probe240_articles.jsonl",
        "probe241_articles.jsonl",
        "probe242_articles.jsonl",
        "probe243_articles.jsonl",
        "probe244_articles.jsonl",
        "probe245_articles.jsonl",
        "probe246_articles.jsonl",
        "probe247_articles.jsonl",
        "probe248_articles.jsonl",
        "probe249_articles.jsonl",
        "probe250_articles.jsonl",
        "probe251_articles.jsonl",
        "probe252_articles.jsonl",
        "probe253_articles.jsonl",
        "probe254_articles.jsonl",
        "probe255_articles.jsonl",
        "probe256_articles.jsonl",
        "probe257_articles.jsonl",
        "probe258_articles.jsonl",
        "probe259_articles.jsonl",
        "probe260_articles.jsonl",
        "probe261_articles.jsonl",
        "probe262_articles.jsonl",
        "probe263_articles.jsonl",
        "probe264_articles.jsonl",
        "probe265_articles.jsonl",
        "probe266_articles.jsonl",
        "probe267_articles.jsonl",
        "probe268_articles.jsonl",
        "probe269_articles.jsonl",
        "probe270_articles.jsonl",
        "probe271_articles.jsonl",
        "probe272_articles.jsonl",
        "probe273_articles.jsonl",
        "probe274_articles.jsonl",
        "probe275_articles.jsonl",
        "probe276_articles.jsonl",
        "probe277_articles.jsonl",
        "probe278_articles.jsonl",
        "probe279_articles.jsonl",
        "probe280_articles.jsonl",
        "probe281_articles.jsonl",
        "probe282_articles.jsonl",
        "probe283_articles.jsonl",
        "probe284_articles.jsonl",
        "probe285_articles.jsonl",
        "probe286_articles.jsonl",
        "probe287_articles.jsonl",
        "probe288_articles.jsonl",
        "probe289_articles.jsonl",
        "probe290_articles.jsonl",
        "probe291_articles.jsonl",
        "probe292_articles.jsonl",
        "probe293_articles.jsonl",
    )
    for line in (Path(__file__).parent / "examples" / name).read_text("utf-8").splitlines()
    if line.strip()
]
SEED = json.loads((models_dir() / "examples" / "seed.json").read_text("utf-8"))


def spans(record: IncidentRecord) -> Iterator[Span]:
    """Every Span anywhere in the record."""

    def walk(value: Any) -> Iterator[Span]:
        if isinstance(value, Span):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                yield from walk(getattr(value, name))

    return walk(record)


@pytest.fixture(scope="module")
def records() -> dict[str, IncidentRecord]:
    ex = arabic_outage.load()
    items = [
        {"id": a["id"], "text": a["text"], "published": a["published"]} for a in ARTICLES + [SEED]
    ]
    return {r.id or "": r for r in ex.pipe(items)}


@pytest.mark.parametrize("article", ARTICLES + [SEED], ids=lambda a: a["id"])
def test_every_span_matches_the_original_text(
    article: dict[str, Any], records: dict[str, IncidentRecord]
) -> None:
    record = records[article["id"]]
    found = list(spans(record))
    if record.is_outage:
        assert found, "an outage record links its values to the text"
    for span in found:
        assert article["text"][span.start : span.end] == span.text


# Articles the relevance verdict gets wrong, and why; the test fails when one is fixed too.
KNOWN_RELEVANCE_MISSES = {
    # a ministry's decision not to cut the internet during exams: the past cuts it recalls
    # ("قطع الإنترنت عقاب جماعي", "كانت تعطل أنظمة الدفع") outweigh the policy words
    "probe5-a12",
    # an exam-time internet cut ordered by the government: this set's annotator calls it a ban
    # (no outage), while probes 6 and 11 annotate the same kind of story as an outage; the rules
    # follow the two
    "probe19-04",
    # a parliament's session over past outages whose MPs are named only as "النائب"/"نواب": words
    # too common in outage stories to count against one
    "probe19-22",
    # a price-rise story whose outage comes in its second half ("بعد أسبوع من رفع الأسعار.. بث
    # «شاهد» يتوقف"): the prices, bundles and "next week" words outweigh it
    "probe46-18",
    # an exam-time internet cut the government ordered: this writer too calls it a ban (as
    # probe 19's); probes 6 and 11 call it an outage, and the rules follow them
    "probe60-15",
    # a Q&A on how to tell whether an app is down, written around outage words: one "كيف تعرف"
    # does not outweigh them
    "probe62-03",
    # an operator's outage, and a bank's, told inside a feature on the digital economy and one on
    # quarterly results: the features' launch, investment, "next" and results words outweigh them
    "probe62-04",
    "probe62-19",
    # an interview on resilience with no current outage: its talk of failures and recovery reads
    # as a report
    "probe62-13",
    # probe 67 (hard relevance calls): outages told inside a results story, a price-rise story
    # and a tax-deadline story, whose leads' words outweigh them; a regulator denying an outage
    # ("نفى الجهاز ... وجود أي انقطاع") in words no denial cue holds
    "probe67-01",
    "probe67-05",
    "probe67-15",
    "probe67-02",
    # a regulator's fine for last year's outage, told at length: a retrospective the rules read
    # as a report
    "probe70-15",
    # a column on slow customer service and a review of a disliked app update: complaints and
    # anger words outweigh the negated outage words ("لم نلاحظ أي بطء أو انقطاع")
    "probe71-19",
    "probe71-20",
    # a company's final post-incident report days after the outage: this writer annotates it
    # as the outage (as probe 45's), where probes 23, 32 and 62 call such a report a
    # retrospective; the rules follow the three
    "probe73-02",
    "probe73-18",
    # an explainer of BGP, full of outage words, with no outage of its own ("ما هو بروتوكول BGP؟")
    "probe80-21",
    # a brief on a feature in beta that warns users of outages, told in outage words
    "probe83-05",
    # rivals saying their own networks work ("و«موبايلي» و«زين»: شبكاتنا تعمل بكفاءة") read as a
    # denial of the operator's outage the story reports
    "probe85-03",
    # a new transfer fee told with the company's denial of an outage; a check-in failure at an
    # airport told as the airport company's system's ("منظومة إدارة المغادرة")
    "probe87-05",
    "probe88-22",
    # social media blocked during exams: this set's writer calls it a ban (see probe5-a12)
    "probe100-05",
    # a denial of an outage that users' limit messages were read as (the quoted denial and the
    # status page's words are outage words too); internet restricted during exams (the ban
    # reading again)
    "probe104-13",
    "probe106-09",
    # internet cut by the state during exams, told as it happened (a schedule announced, then
    # NetBlocks' confirmation; "تذبذب في الأنترنت" in exam hours): these sets' writers call it a
    # ban, others (probes 6, 11, 50, 98) an outage; the rules follow the latter
    "probe112-04",
    "probe121-04",
    # an outage told inside a stock-market story ("أسهم ميتا تتراجع بعد ليلة عصيبة لفيسبوك"):
    # the earnings words outweigh the outage's, which the lead leaves to the third paragraph
    "probe118-01",
    # a national blackout that knocked gamers offline while the named services kept running
    # ("ظلت تعمل بصورة طبيعية في بقية دول العالم"): the platforms' names and the outage words
    # outweigh the denial
    "probe133-15",
    # a launch that promises an end to chronic outages ("ستضع حداً لـ«الانقطاعات المتكررة»"),
    # with the subscribers' old complaints told at length
    "probe134-04",
    # a blackout story whose lead names ChatGPT (people asked it for the cut schedules): a named
    # service softens the electricity penalty, as when a blackout takes an operator down
    "probe138-17",
    # a reader's first-person account, where the internet company's "الخط يعمل بشكل طبيعي تماماً"
    # (her line was fine) reads as a denial of the outage
    "probe141-01",
    # a blackout story where WhatsApp groups carry the news of it (as probe138-17's ChatGPT)
    "probe146-18",
    # a game's servers shut for good, told as the game going "خارج الخدمة"; a web feature retired
    # that users took for an outage, told with the outage words of their confusion
    "probe167-20",
    "probe168-04",
    # a 5G trial launch that promises an end to "البطء والانقطاع" (as probe134-04)
    "probe175-14",
    # a redesign users took for an outage, told with their complaints; an outage story whose
    # second half tells a planned maintenance window ("ستجري", "صيانة مجدولة")
    "probe180-08",
    "probe181-19",
    # power cuts that kept people from AI tools or were taken for a WhatsApp outage, told with
    # outage words; fake accounts taken down ("تعطيل ... الحسابات الوهمية")
    "probe186-09",
    "probe190-14",
    "probe190-18",
    # a new outage told on the anniversary of an old one ("في ذكرى عطل كراودسترايك")
    "probe201-08",
    # a national blackout that keeps students from ChatGPT (as probe186-09); a blackout in Cairo
    # told with the regulator's word that telecoms held
    "probe203-05",
    "probe207-13",
    # an app's outage whose last lines recall that the post "أطلق" its new version months ago
    # (the launch verb's masculine form, added for launches, tips its score to zero)
    "probe17-14",
    # a site taken down by a breach and DDoS waves: the hack words (the leak, the hackers' note)
    # outweigh the outage's
    "probe224-17",
    # outages told inside other stories whose words outweigh them (as probe118-01): a quarter's
    # earnings, a console's launch day, a ban in another country, a grid collapse
    "probe229-02",
    "probe229-05",
    "probe229-11",
    "probe229-12",
    "probe229-17",
    # a feature in testing that tells users when the app is down, written around outage words
    "probe231-16",
    # outages told inside other stories (probe 257 was written so): behind a denied hack, inside
    # a retirement story, a price cut, a ban denial and a price rise; and a launch story whose
    # new feature is for when there is no network
    "probe257-06",
    "probe257-07",
    "probe257-08",
    "probe257-09",
    "probe257-10",
    "probe257-20",
    # an exchange pausing Bitcoin withdrawals over network congestion, its writer's outage: the
    # pause reads as a suspension and "خلال الساعات المقبلة" (pending transfers) as a plan
    "probe265-10",
    # an operator's outage whose lead denies "فرضية القرصنة": the hypothesis word, a drill's
    # ("سيناريو فرضي"), and the hacking words outweigh the outage's (eight of eleven stories
    # with "فرضية الهجوم" are no outage)
    "probe272-12",
}


def test_relevance_and_vendor_on_own_articles(records: dict[str, IncidentRecord]) -> None:
    wrong = {a["id"] for a in ARTICLES if records[a["id"]].is_outage != a["expected"]["is_outage"]}
    assert wrong == KNOWN_RELEVANCE_MISSES
    outages = [a for a in ARTICLES if a["expected"]["is_outage"]]
    named = {a["id"]: records[a["id"]].vendor for a in outages}
    # canonical names of a group vary ("Vodafone" / "Vodafone Egypt"): containment counts
    vendor_ok = sum(_same_vendor(a["expected"]["vendor"], named[a["id"]]) for a in outages)
    assert vendor_ok / len(outages) >= 0.9


def _same_vendor(gold: str | None, found: Named | None) -> bool:
    """None for None (a story that names no vendor); else one name contains the other."""
    if gold is None or found is None:
        return gold is None and found is None
    return gold in found.name or found.name in gold


def test_showcase_article_record(records: dict[str, IncidentRecord]) -> None:
    """The bundled example: vendor, services, duration, start and the update chain."""
    r = records[SEED["id"]]
    assert r.is_outage and r.vendor is not None and r.vendor.name == "Anthropic"
    assert "Claude" in [s.name for s in r.services]
    assert r.duration is not None and (r.duration.minutes, r.duration.qualifier) == (90, "approx")
    assert r.start is not None and (r.start.date, r.start.part_of_day) == ("2026-03-18", "morning")
    chain = [
        (e.offset.minutes, e.phase)
        for e in r.timeline
        if e.offset and e.offset.relative_to == "previous"
    ]
    assert chain == [(15, "update"), (None, "identified"), (40, "monitoring"), (None, "resolved")]
    assert r.timeline[0].phase == "investigating" and r.timeline[0].span.text == "صباح الأربعاء"
    assert r.status == "resolved" and [x.name for x in r.regions] == ["global"]
    kinds = {c.kind for c in r.components}
    assert {"chat", "login", "file_upload", "search", "desktop_app", "connectors"} <= kinds
