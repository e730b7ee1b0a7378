"""Merging: records about one outage become one Incident with every value and its evidence; records
about different outages (other vendor, other day, clocks hours apart, contradicting durations with
no date) stay apart; non-outage and error records are left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from arabic_outage import Incident, merge
from arabic_outage.merge import cause_words
from arabic_outage.schema import IncidentRecord


def _span(text: str, start: int = 0) -> dict[str, Any]:
    return {"start": start, "end": start + len(text), "text": text}


def rec(
    rid: str,
    vendor: str | None = "Meta",
    services: tuple[str, ...] = ("WhatsApp",),
    *,
    published: str | None = None,
    date: str | None = None,
    time: str | None = None,
    tz: str | None = None,
    minutes: float | None = None,
    reports: int | None = None,
    cause: str | None = None,
    components: tuple[tuple[str, str], ...] = (),
    is_outage: bool = True,
    status: str = "unknown",
) -> IncidentRecord:
    data: dict[str, Any] = {
        "id": rid,
        "version": "test",
        "published": published,
        "is_outage": is_outage,
        "confidence": 0.9 if is_outage else 0.1,
        "vendor": {"name": vendor, "mentions": [_span(vendor, 3)]} if vendor else None,
        "services": [{"name": s, "mentions": [_span(s, 10)]} for s in services],
        "components": [
            {"text": text, "kind": kind, "service": services[0] if services else None,
             "span": _span(text, 40)}
            for text, kind in components
        ],
        "status": status,
    }  # fmt: skip
    if date or time:
        data["start"] = {"date": date, "time": time, "timezone": tz, "span": _span("start", 20)}
    if minutes is not None:
        data["duration"] = {"minutes": minutes, "qualifier": "approx", "span": _span("مدة", 30)}
    if reports is not None:
        data["reports"] = {"count": reports, "source": "Downdetector", "span": _span("بلاغ", 50)}
    if cause:
        data["root_cause"] = {"disclosed": True, "text": cause, "span": _span(cause, 60)}
    return IncidentRecord.model_validate(data)


def groups(incidents: list[Incident]) -> list[list[str]]:
    return [sorted(i.article_ids) for i in incidents]


def test_same_day_same_vendor_merge_with_evidence_and_visible_conflict() -> None:
    a = rec("a", date="2025-06-10", minutes=120, published="2025-06-10", status="resolved")
    b = rec("b", published="2025-06-11", minutes=90, services=("WhatsApp", "Instagram"))
    (incident,) = merge([a, b])
    assert incident.article_ids == ["a", "b"]
    assert [c.value for c in incident.vendor] == ["Meta"]
    assert incident.vendor[0].article_ids == ["a", "b"]
    assert incident.vendor[0].support[0].spans[0].text == "Meta"
    assert [(c.value, c.article_ids) for c in incident.services] == [
        ("WhatsApp", ["a", "b"]),
        ("Instagram", ["b"]),
    ]
    # Two outlets, two durations: both kept, each with its article, and flagged.
    assert [(c.value.minutes, c.article_ids) for c in incident.duration] == [
        (120, ["a"]),
        (90, ["b"]),
    ]
    assert "duration" in incident.conflicts and "vendor" not in incident.conflicts
    assert [c.value for c in incident.published] == ["2025-06-10", "2025-06-11"]
    assert [(c.value, c.article_ids) for c in incident.status] == [("resolved", ["a"])]
    assert incident.id.startswith("inc-") and incident.confidence == 0.9


def test_incident_id_is_stable_and_json_round_trips() -> None:
    records = [rec("x", date="2025-01-01"), rec("y", date="2025-01-02")]
    first, second = merge(records), merge(list(reversed(records)))
    assert first[0].id == second[0].id
    again = Incident.model_validate_json(first[0].model_dump_json())
    assert again == first[0]


def test_different_vendor_or_day_or_services_stay_apart() -> None:
    records = [
        rec("meta", date="2025-06-10"),
        rec("google", vendor="Google", services=("YouTube",), date="2025-06-10"),
        rec("meta-later", date="2025-06-13"),
        rec("meta-ig", services=("Instagram",), date="2025-06-10"),
    ]
    assert groups(merge(records)) == [["meta"], ["google"], ["meta-later"], ["meta-ig"]]


def test_day_tolerance_is_one_day() -> None:
    assert groups(merge([rec("a", date="2025-06-10"), rec("b", date="2025-06-11")])) == [["a", "b"]]
    assert groups(merge([rec("a", date="2025-06-10"), rec("b", date="2025-06-12")])) == [
        ["a"],
        ["b"],
    ]


def test_published_stands_in_for_a_missing_start_date() -> None:
    a = rec("a", date="2025-10-29")
    b = rec("b", published="2025-10-30T08:00:00+03:00")
    c = rec("c", published="2025-11-05")
    assert groups(merge([a, b, c])) == [["a", "b"], ["c"]]


def test_clock_times_hours_apart_are_two_outages() -> None:
    a = rec("a", date="2025-06-10", time="03:00", tz="-04:00")  # 07:00 UTC
    b = rec("b", date="2025-06-10", time="10:00", tz="+03:00")  # 07:00 UTC
    c = rec("c", date="2025-06-10", time="20:00", tz="UTC")
    assert groups(merge([a, b, c])) == [["a", "b"], ["c"]]


def test_undated_records_need_concrete_agreement() -> None:
    # Same vendor and one service but nothing else in common: not enough to call them one outage.
    assert groups(merge([rec("a"), rec("b")])) == [["a"], ["b"]]
    # A specific report count, the same cause, or the same start clock: enough.
    assert groups(merge([rec("a", reports=28300), rec("b", reports=28000)])) == [["a", "b"]]
    cause_a, cause_b = "خلل في نظام التوصيات", "الخلل في نظام التوصيات لدى المنصة"
    assert groups(merge([rec("a", cause=cause_a), rec("b", cause=cause_b)])) == [["a", "b"]]
    clock_a, clock_b = rec("a", time="15:45", tz="UTC"), rec("b", time="12:00", tz="-04:00")
    assert groups(merge([clock_a, clock_b])) == [["a", "b"]]
    # A round duration or one shared feature is half a link; both together make one.
    assert groups(merge([rec("a", minutes=60), rec("b", minutes=60)])) == [["a"], ["b"]]
    comp = (("رفع الملفات", "file_upload"),)
    assert groups(merge([rec("a", components=comp), rec("b", components=comp)])) == [["a"], ["b"]]
    both = [rec("a", minutes=60, components=comp), rec("b", minutes=55, components=comp)]
    assert groups(merge(both)) == [["a", "b"]]
    generic = (("التطبيق", "mobile_app"),)
    assert groups(merge([rec("a", components=generic, minutes=60),
                         rec("b", components=generic, minutes=60)])) == [["a"], ["b"]]  # fmt: skip


def test_undated_several_shared_services_are_weak_evidence() -> None:
    apps = ("Facebook", "WhatsApp", "Instagram")
    assert groups(merge([rec("a", services=apps), rec("b", services=apps)])) == [["a", "b"]]
    # ... but not once a date is known on either side, nor with one product in common.
    dated = rec("b", services=apps, published="2021-10-08")
    assert groups(merge([rec("a", services=apps), dated])) == [["a"], ["b"]]
    assert groups(merge([rec("a", services=("X",)), rec("b", services=("X",))])) == [["a"], ["b"]]


def test_precise_durations_far_apart_split_undated_records() -> None:
    apps = ("Facebook", "WhatsApp", "Instagram")
    six = rec("six", services=apps, minutes=360)
    two = rec("two", services=apps, minutes=120)
    assert groups(merge([six, two])) == [["six"], ["two"]]
    # A bound ("more than 24 hours", often about an earlier outage) contradicts nothing.
    more_than_a_day = IncidentRecord.model_validate(
        {**rec("long", services=apps).model_dump(),
         "duration": {"minutes": 1440, "qualifier": "at_least", "span": _span("أكثر من 24 ساعة")}}
    )  # fmt: skip
    assert groups(merge([six, more_than_a_day])) == [["long", "six"]]
    # With a date in common, two durations are a visible conflict inside one incident.
    dated = [rec("a", date="2025-06-10", minutes=360), rec("b", date="2025-06-10", minutes=60)]
    (incident,) = merge(dated)
    assert "duration" in incident.conflicts


def test_weekdays_in_the_start_phrase_are_compared() -> None:
    def on(rid: str, phrase: str) -> IncidentRecord:
        base = rec(rid, reports=5000)
        start = {"date": None, "time": None, "span": _span(phrase)}
        return IncidentRecord.model_validate({**base.model_dump(), "start": start})

    monday, tuesday, thursday = (
        on("mon", "مساء أمس الاثنين"),
        on("tue", "فجر الثلاثاء"),
        on("thu", "ليل الخميس"),
    )
    assert groups(merge([monday, tuesday])) == [["mon", "tue"]]  # a night outage spans two days
    assert groups(merge([monday, thursday])) == [["mon"], ["thu"]]
    dated_thursday = rec("d", date="2025-10-30", reports=5000)  # a Thursday
    assert groups(merge([monday, dated_thursday])) == [["mon"], ["d"]]
    assert groups(merge([thursday, dated_thursday])) == [["d", "thu"]]


def test_a_contradiction_blocks_chaining_through_a_vague_article() -> None:
    # a and c agree on a 6-hour outage; b is a 2-hour outage at the same clock time as x.
    a = rec("a", minutes=360, reports=10_600_000)
    c = rec("c", minutes=350, reports=10_600_000)
    b = rec("b", minutes=120, time="15:45", tz="UTC")
    x = rec("x", time="15:50", tz="UTC")  # links to b by clock, and to nothing else
    assert groups(merge([a, b, c, x])) == [["a", "c"], ["b", "x"]]
    # x2 links to both sides: it joins one, and the two outages never fuse through it.
    x2 = rec("x2", time="15:50", tz="UTC", reports=10_600_000)
    result = groups(merge([a, b, c, x2]))
    assert len(result) == 2 and ["a", "b", "c", "x2"] not in result


def test_non_outage_and_error_records_are_not_merged() -> None:
    error = IncidentRecord(id="e", version="t", error="ValueError: bad")
    records = [rec("a", date="2025-01-01"), rec("n", is_outage=False, date="2025-01-01"), error]
    assert groups(merge(records)) == [["a"]]


def test_merge_accepts_dicts_from_json() -> None:
    dicts = [json.loads(rec(rid, date="2025-01-01").model_dump_json()) for rid in "ab"]
    assert groups(merge(dicts)) == [["a", "b"]]


def test_flat_columns() -> None:
    (incident,) = merge([rec("a", date="2025-06-10", minutes=120), rec("b", date="2025-06-10")])
    flat = incident.flat()
    assert flat["article_ids"] == "a; b" and flat["articles"] == 2
    assert flat["vendor"] == "Meta" and flat["duration_minutes"] == "120"
    assert flat["start_dates"] == "2025-06-10"


def test_cause_words_normalise_paraphrases() -> None:
    a = cause_words("مشكلة في إعدادات التكوين في أجهزة التوجيه الخاصة بها")
    b = cause_words("تغييرات التكوين على أجهزة التوجيه الأساسية")
    assert {"تكوين", "اجهزه", "توجيه"} <= a & b
    assert "في" not in a


SHARED_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _gold_record(doc: dict[str, Any]) -> dict[str, Any]:
    """The record a perfect extractor would give, from a dev file's gold annotation."""
    gold, span = doc["gold"], lambda t: _span(t or "")
    start, dur, rep, cause = gold.get("start"), gold.get("duration"), gold.get("reports"), None
    if gold["root_cause"]["disclosed"]:
        cause = {"disclosed": True, "text": gold["root_cause"]["text"], "span": None}
    return {
        "id": doc["id"], "version": "gold", "published": doc.get("published"),
        "is_outage": gold["is_outage"],
        "vendor": {"name": gold["vendor"], "mentions": []} if gold.get("vendor") else None,
        "services": [{"name": s, "mentions": []} for s in gold["services"]],
        "components": [{"text": c["text"], "kind": c["kind"], "service": c.get("service"),
                        "span": span(c["text"])} for c in gold["components"]],
        "start": {**{k: start.get(k) for k in ("date", "time", "timezone", "part_of_day")},
                  "span": span(start["text"])} if start else None,
        "duration": {"minutes": dur["minutes"], "qualifier": dur["qualifier"],
                     "span": span(dur["text"])} if dur else None,
        "reports": {"count": rep["count"], "source": rep.get("source"), "span": span("")}
        if rep else None,
        "root_cause": cause or {"disclosed": False},
    }  # fmt: skip


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="needs ../shared/corpus/dev")
def test_dev_corpus_gold_annotations_group_as_annotated() -> None:
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(SHARED_DEV.glob("*.json"))]
    multi = [g for g in groups(merge([_gold_record(d) for d in docs])) if len(g) > 1]
    assert multi == [
        ["ai-005", "ai-006"],
        ["gms-001", "gms-002"],
        # Both articles describe the 29 Oct 2025 Azure Front Door outage (16:00 UTC, same
        # services, same cause); the dev corpus gives them two incident keys.
        ["gms-009", "rootcause-011"],
        ["gms-011", "rootcause-012"],
        ["meta-003", "meta-004", "rootcause-004", "rootcause-005", "rootcause-006"],
        ["platforms-001", "platforms-002"],
    ]
