"""Property tests (issue 7): over arbitrary, Arabic-heavy, hostile Unicode, `extract` never raises,
every Span points at its own text in the ORIGINAL input, the record validates against the exported
JSON Schema, and the same input always gives the same record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arabic_outage
from arabic_outage import parse_duration, parse_number, parse_time
from arabic_outage.normalize import normalize
from arabic_outage.schema import IncidentRecord, Span

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((Path(arabic_outage.__file__).parent / "schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

PROPS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------- strategies

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)] + ["آ", "أ", "إ", "ى", "ة", "پ", "گ", "ک"]
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0654", "\u0655"]
DIGITS = (
    [chr(0x0660 + i) for i in range(10)] + [chr(0x06F0 + i) for i in range(10)] + list("0123456789")
)
# Bidi embeddings/overrides/isolates and marks, zero-width space/joiners, BOM, tatweel.
CONTROLS = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"] + [
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff", "\u0640"
]  # fmt: skip
PUNCT = list("،؛؟.!:,()\"'«»-/%٫٬") + ["\u00a0", "\u2019", "\u201c", "\u201d"]
EMOJI = ["😀", "🔥", "👍🏽", "🇸🇦", "❤️", "🧑‍💻"]
PASTED = [
    "<script>alert('x')</script>",
    "<p>",
    "</p>",
    "&nbsp;",
    "&#1575;",
    "<br/>",
    "{{x}}",
    "\ufffd",
    "\x00",
    "\r\n",
    "http://t.co/ab?x=1&y=2",
    "@user",
    "#هاشتاق",
]
# Words the extractors react to, so that examples reach vendors, durations, clocks and cues.
VOCAB = (
    "واتساب إنستغرام فيسبوك ChatGPT OpenAI جوجل يوتيوب تيك توك إكس تويتر زين اتصالات STC "
    "تعطل تعطلت انقطاع عطل توقف خلل عادت عاد استعادة الخدمة عودة بلاغ بلاغات داون ديتيكتور "
    "Downdetector ساعة ساعتين ساعات دقيقة دقائق يوم يومين أسبوع نحو قرابة حوالي أكثر من أقل "
    "بعد مرور قبل منذ لمدة استمر الساعة صباح مساء فجر ظهر اليوم أمس الثلاثاء الأربعاء "
    "بتوقيت غرينتش مكة UTC GMT تسجيل الدخول رفع الملفات الرسائل المكالمات السعودية مصر "
    "المغرب الإمارات الكويت العراق ثلاثة وعشرون خمس عشرة نصف ربع ثلث عطل فني بسبب خلل "
    "أعلنت الشركة ميزة جديدة وب ول فب لل والـ"
).split()


CLITICS = ["و", "ب", "ل", "ف", "ال", "وال", "لل", "وب"]
SPACES = [" "] * 12 + ["\n"] * 3 + ["\n\n", "، ", ". ", "\t", "\u00a0", "  "]
# Flat pieces, one draw each (composite strategies made generation the bottleneck): words,
# clitic + word, letters, diacritics, digits, bidi/zero-width controls, punctuation, emoji,
# whitespace. Joined with no separator, so marks and controls land inside words too.
PIECES = (
    VOCAB * 3
    + [c + w for c in CLITICS for w in VOCAB[::7]]
    + ARABIC_LETTERS
    + DIACRITICS * 2
    + DIGITS
    + CONTROLS * 2
    + PUNCT
    + EMOJI
    + PASTED
    + SPACES * 6
)
HOSTILE_CHARS = [
    c for c in ARABIC_LETTERS + DIACRITICS + DIGITS + CONTROLS + PUNCT + EMOJI if len(c) == 1
]

arabic_text = st.integers(5, 150).flatmap(
    lambda n: st.lists(st.sampled_from(PIECES), min_size=n, max_size=n).map("".join)
)
ARTICLES = [
    json.loads(line)["text"]
    for line in (Path(__file__).parent / "examples" / "articles.jsonl").open(encoding="utf-8")
    if line.strip()
]


@st.composite
def mutated_article(draw: st.DrawFn) -> str:
    """A real article with hostile pieces inserted and digits respelled: the extractors fire, and
    every span has to be mapped back through the damage."""
    text = draw(st.sampled_from(ARTICLES))
    edits = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(PIECES)), max_size=30)
    )
    for pos, piece in sorted(edits, reverse=True):
        text = text[:pos] + piece + text[pos:]
    digits = draw(st.sampled_from(["", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]))
    if digits:
        text = text.translate({ord(str(i)): digits[i] for i in range(10)})
    return text


char_soup = st.text(
    alphabet=st.one_of(st.sampled_from(HOSTILE_CHARS), st.characters(codec="utf-8")),
    max_size=300,
)
LONG_TOKEN = st.builds(
    lambda unit, n, around: around[0] + unit * n + around[1],
    st.sampled_from(["ا", "واتساب", "٣", "۳", "3", "ـ", "\u200f", "َ", "ساعة", "abc", "ك٣"]),
    st.integers(200, 3000),
    st.tuples(st.sampled_from(["", "تعطل ", "بعد "]), st.sampled_from(["", " ساعتين", "."])),
)

ANY_TEXT = st.one_of(mutated_article(), arabic_text, char_soup, LONG_TOKEN)
PUBLISHED = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31)))


# ---------------------------------------------------------------- helpers


def iter_spans(record: IncidentRecord) -> Iterator[tuple[str, Span]]:
    """Every Span in a record, with where it sits (for failure messages)."""
    if record.vendor is not None:
        for i, m in enumerate(record.vendor.mentions):
            yield f"vendor.mentions[{i}]", m
    for i, s in enumerate(record.services):
        for j, m in enumerate(s.mentions):
            yield f"services[{i}].mentions[{j}]", m
    for i, c in enumerate(record.components):
        yield f"components[{i}].span", c.span
    for i, cc in enumerate(record.component_counts):
        yield f"component_counts[{i}].span", cc.span
    for name in ("duration", "start", "end", "reports", "root_cause"):
        value = getattr(record, name)
        if value is not None and value.span is not None:
            yield f"{name}.span", value.span
    for i, t in enumerate(record.timeline):
        yield f"timeline[{i}].span", t.span
    for i, r in enumerate(record.regions):
        yield f"regions[{i}].span", r.span


def check_record(text: str, record: IncidentRecord) -> dict[str, Any]:
    """The invariants every record must meet; returns its JSON form."""
    for where, span in iter_spans(record):
        assert 0 <= span.start <= span.end <= len(text), (where, span)
        assert text[span.start : span.end] == span.text, (where, span)
    data = json.loads(record.model_dump_json())
    errors = sorted(VALIDATOR.iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:3]]
    assert data["error"] is None, data["error"]
    return data


# ---------------------------------------------------------------- properties


def test_iter_spans_walks_every_span_field() -> None:
    """The walker must visit every place a Span can hang in the schema (else a new field would be
    silently skipped by the properties below)."""
    text = (
        "تعطل تطبيق واتساب لدى آلاف المستخدمين في السعودية ومصر صباح اليوم الثلاثاء عند الساعة "
        "العاشرة بتوقيت مكة، وتعذر إرسال الرسائل وتسجيل الدخول، وأفاد موقع داون ديتيكتور بتلقي "
        "أكثر من 5000 بلاغ. وقالت الشركة إنها تحقق في المشكلة، ثم عادت الخدمة بعد نحو ساعتين. "
        "وأرجعت ميتا العطل إلى خلل في تحديث الخوادم."
    )
    record = arabic_outage.extract(text, published="2025-06-10")
    found = {where.split("[")[0].split(".")[0] for where, _ in iter_spans(record)}
    assert {"vendor", "services", "duration", "start", "regions", "reports"} <= found, found
    check_record(text, record)


@PROPS
@given(text=ANY_TEXT, published=PUBLISHED)
def test_extract_never_raises_spans_hold_schema_validates(
    text: str, published: date | None
) -> None:
    record = arabic_outage.extract(text, published=published, id="p")
    check_record(text, record)
    assert record.id == "p"
    assert record.source_text is text


@PROPS
@given(text=st.one_of(mutated_article(), arabic_text))
def test_same_input_same_record(text: str) -> None:
    first = arabic_outage.extract(text, published="2025-06-10").model_dump_json()
    again = arabic_outage.extract(text, published="2025-06-10").model_dump_json()
    assert first == again
    # A separately loaded pipeline agrees too (no state leaks between extractors).
    assert _second_extractor()(text, published="2025-06-10").model_dump_json() == first


_SECOND: list[arabic_outage.Extractor] = []


def _second_extractor() -> arabic_outage.Extractor:
    if not _SECOND:
        _SECOND.append(arabic_outage.load())
    return _SECOND[0]


@PROPS
@given(text=ANY_TEXT)
def test_normalize_offset_map_points_into_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.index) == len(n.text)
    assert all(0 <= i < len(text) for i in n.index)
    assert n.index == sorted(n.index)  # monotone: spans map to contiguous original ranges
    for a, b in ((0, len(n.text)), (len(n.text) // 3, len(n.text) // 2)):
        s, e = n.to_original(a, b)
        assert 0 <= s <= e <= len(text)


@PROPS
@given(text=ANY_TEXT, published=PUBLISHED)
def test_temporal_helpers_never_raise(text: str, published: date | None) -> None:
    number = parse_number(text)
    assert number is None or isinstance(number, float | int)
    duration = parse_duration(text)
    point = parse_time(text, published=published)
    for value in (duration, point):
        if value is not None and value.span is not None:
            assert text[value.span.start : value.span.end] == value.span.text
    assert duration is None or duration.minutes is None or duration.minutes >= 0
    assert point is None or point.date is None or len(point.date) == 10


@settings(PROPS, max_examples=50)
@given(items=st.lists(st.one_of(ANY_TEXT, st.none(), st.binary(max_size=20), st.integers()),
                      max_size=5))  # fmt: skip
def test_pipe_yields_one_record_per_item_in_order(items: list[object]) -> None:
    extractor = arabic_outage.api.default_extractor()
    stream = [{"id": str(i), "text": t} for i, t in enumerate(items)]
    records = list(extractor.pipe(stream))
    assert [r.id for r in records] == [str(i) for i in range(len(items))]
    for item, record in zip(items, records):
        if isinstance(item, str):
            check_record(item, record)
        else:
            assert record.error is not None and "TypeError: text must be a str" in record.error
            assert not VALIDATOR.is_valid(None)  # sanity: the validator is live
            assert VALIDATOR.is_valid(json.loads(record.model_dump_json()))
