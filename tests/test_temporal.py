"""Every row of tests/examples/temporal.yaml, with exact equality on every field it lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import arabic_outage
from arabic_outage.normalize import normalize
from arabic_outage.temporal import find_offsets, parse_duration, parse_number, parse_time

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "examples" / "temporal.yaml").read_text(encoding="utf-8")
)
META = {"kind", "text", "published", "none", "span"}


def _id(row: dict[str, Any]) -> str:
    return f"{row['kind']}:{row['text']}" + (f"@{row['published']}" if row.get("published") else "")


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 220
    assert {r["kind"] for r in ROWS} == {"number", "duration", "time", "offset"}


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_row(row: dict[str, Any]) -> None:
    kind, text = row["kind"], row["text"]
    if kind == "number":
        got = parse_number(text)
        assert got == row["value"], (text, got)
        return
    if kind == "offset":
        n = normalize(text)
        found = find_offsets(n.text)
        if row.get("none"):
            assert found == [], [m.value for m in found]
            return
        assert found, f"no offset in {text!r}"
        value: Any = max(found, key=lambda m: m.end - m.start).value
    elif kind == "duration":
        value = parse_duration(text)
    else:
        value = parse_time(text, row.get("published"))
    if row.get("none"):
        assert value is None, value
        return
    assert value is not None, f"nothing parsed in {text!r}"
    for field, expected in row.items():
        if field not in META:
            assert getattr(value, field) == expected, (field, value)
    if "span" in row:
        assert value.span.text == row["span"]
        assert text[value.span.start : value.span.end] == value.span.text


PARAGRAPH = (
    "أعلنت الشركة عودة خدماتها بعد انقطاع استمر قرابة ساعتين مساءً الثلاثاء. "
    "وبعد مرور نحو 12 دقيقة، جددت الشركة تأكيدها، وعقب دقائق أوضحت أنها حددت السبب، "
    "وبعد ذلك بنحو 37 دقيقة أعلنت بدء التعافي، وفي تحديث لاحق أكدت عودة الخدمات. "
    "وبدأ العطل نحو الساعة 15:45 بتوقيت غرينتش وتلقى الموقع 28 ألفًا و300 بلاغ."
)


def test_finders_on_a_paragraph() -> None:
    from datetime import date

    from arabic_outage.temporal import find_durations, find_numbers, find_times

    n = normalize(PARAGRAPH)
    offsets = [(m.value.minutes, m.value.relative_to) for m in find_offsets(n.text)]
    assert offsets == [
        (120.0, "start"),  # "بعد انقطاع استمر قرابة ساعتين": the time to recovery
        (12.0, "previous"),
        (None, "previous"),
        (37.0, "previous"),
        (None, "previous"),
    ]
    durations = [(m.value.minutes, m.value.qualifier) for m in find_durations(n.text)]
    assert (120.0, "approx") in durations
    times = [m.value for m in find_times(n.text, date(2026, 3, 4))]
    assert [(t.date, t.part_of_day) for t in times if t.part_of_day] == [("2026-03-03", "evening")]
    assert [(t.time, t.timezone) for t in times if t.time] == [("15:45", "UTC")]
    assert 28300.0 in [m.value for m in find_numbers(n.text)]
    for m in find_offsets(n.text):  # spans are normalised offsets, mappable to the input
        start, end = n.to_original(m.start, m.end)
        assert normalize(PARAGRAPH[start:end]).text == n.text[m.start : m.end]


PATHOLOGICAL = [
    "قرابة ثلاث ساعات وبعد مرور نحو 12 دقيقة مساء الثلاثاء الساعة 3:16 بتوقيت غرينتش ",
    "ثلاث ",
    "1",
    "ساعة" + " " * 50,
    "(3:16)،",
    "بعد " * 3 + "ثلاث و",
]


@pytest.mark.parametrize("unit", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_long_inputs_stay_linear(unit: str) -> None:
    """100 KB of one repeated pattern: linear grammars finish in well under a few seconds."""
    import time
    from datetime import date

    from arabic_outage.temporal import find_durations, find_numbers, find_times

    text = normalize((unit * (100_000 // len(unit) + 1))[:100_000]).text
    for finder in (find_numbers, find_durations, find_offsets):
        t0 = time.process_time()
        finder(text)
        assert time.process_time() - t0 < 15, finder.__name__
    t0 = time.process_time()
    find_times(text, date(2025, 6, 10))
    assert time.process_time() - t0 < 15


# The grammar joins the words of a phrase with any short whitespace run; each phrase must read the
# same whatever joins its words (a double space or a line break used to raise a KeyError in the
# vocabulary lookup, which cost the whole article its record).
GAPS = ["  ", "\n", "\t", "\x1f"]
PHRASES: list[tuple[str, Any]] = [
    ("صباح اليوم", lambda t: _time(parse_time(t, "2026-01-06"))),
    ("مساء أمس", lambda t: _time(parse_time(t, "2026-01-06"))),
    ("ما يقرب من ساعتين", lambda t: _duration(parse_duration(t))),
    ("ساعتين على الأقل", lambda t: _duration(parse_duration(t))),
    ("ساعة ونصف", lambda t: _duration(parse_duration(t))),
    ("وبعد مرور نحو 12 دقيقة", lambda t: _offsets(t)),
    ("لحظات بعد ذلك", lambda t: _offsets(t)),
]


def _time(p: Any) -> Any:
    return None if p is None else (p.date, p.part_of_day)


def _duration(d: Any) -> Any:
    return None if d is None else (d.minutes, d.qualifier)


def _offsets(text: str) -> list[tuple[Any, bool]]:
    return [(m.value.minutes, m.value.approx) for m in find_offsets(normalize(text).text)]


@pytest.mark.parametrize("gap", GAPS, ids=repr)
@pytest.mark.parametrize("text,read", PHRASES, ids=[p for p, _ in PHRASES])
def test_a_phrase_reads_the_same_whatever_whitespace_joins_its_words(
    text: str, read: Any, gap: str
) -> None:
    expected = read(text)
    assert expected not in (None, [])
    assert read(text.replace(" ", gap)) == expected
    record = arabic_outage.extract(f"تعطل تطبيق واتساب {text.replace(' ', gap)} بعد عطل.")
    assert record.error is None and record.is_outage
