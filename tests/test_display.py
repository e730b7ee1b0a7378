"""Notebook views: the highlighted article, the tables, the DataFrame and the timeline plot.

The records here are built by hand (spans found with str.index) so the tests check the views, not
the extractor: every expected value is known exactly.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel

from arabic_outage import display
from arabic_outage.schema import (
    Component,
    Duration,
    IncidentRecord,
    Named,
    Offset,
    Reports,
    Span,
    TimelineEntry,
    TimePoint,
)

ARTIFACTS = Path(__file__).parent / "artifacts"

SEED_LIKE = (
    "تقنية | الذكاء الاصطناعي\n\n"
    "تعطلت خدمة ChatGPT التابعة لـOpenAI مساء الثلاثاء عند الساعة 7:15 مساءً، وعجز المستخدمون"
    " عن تسجيل الدخول، وطال العطل واجهة برمجة التطبيقات (API) وخدمات Microsoft 365.\n"
    "واستمر العطل قرابة ساعتين. وبعد مرور نحو 20 دقيقة أعلنت الشركة أنها حددت المشكلة، "
    "ثم عادت الخدمة بعد ساعات. ورصد موقع Downdetector أكثر من 12 ألف بلاغ.\n"
    "<script>alert('x')</script> & اقرأ أيضا: استخدم بـChatGPT بحذر."
)


def span(text: str, sub: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of `sub` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start=start, end=start + len(sub), text=sub)


def seed_like_record(text: str = SEED_LIKE) -> IncidentRecord:
    """A record over SEED_LIKE with every kind of span, nested ones included."""
    s = lambda sub, nth=0: span(text, sub, nth)  # noqa: E731
    record = IncidentRecord(
        id="seed-like-<1>",
        version="test",
        is_outage=True,
        confidence=0.9,
        vendor=Named(name="OpenAI", mentions=[s("OpenAI")]),
        services=[
            Named(name="ChatGPT", mentions=[s("ChatGPT"), s("ChatGPT", 1)]),
            Named(name="Claude API", mentions=[s("واجهة برمجة التطبيقات (API)")]),
            Named(name="Microsoft 365", mentions=[s("Microsoft")]),
        ],
        components=[
            Component(text="تسجيل الدخول", kind="login", service="ChatGPT", span=s("تسجيل الدخول")),
            Component(text="API", kind="api", service="Claude API", span=s("API")),
        ],
        duration=Duration(
            minutes=120,
            qualifier="approx",
            unit="hour",
            value=2,
            iso="PT2H",
            span=s("قرابة ساعتين"),
        ),
        start=TimePoint(
            date="2025-11-04",
            time="19:15",
            timezone="+03:00",
            part_of_day="evening",
            datetime="2025-11-04T19:15:00+03:00",
            span=s("مساء الثلاثاء عند الساعة 7:15"),
        ),
        timeline=[
            TimelineEntry(
                phase="identified",
                offset=Offset(minutes=20, approx=True),
                elapsed_min=20,
                elapsed_max=20,
                span=s("وبعد مرور نحو 20 دقيقة"),
            ),
            TimelineEntry(
                phase="resolved",
                offset=Offset(minutes=None, min_minutes=60, max_minutes=240),
                elapsed_min=80,
                elapsed_max=260,
                span=s("بعد ساعات"),
            ),
        ],
        status="resolved",
        reports=Reports(count=12000, source="Downdetector", span=s("أكثر من 12 ألف بلاغ")),
    )
    record._text = text
    return record


class MarkCollector(HTMLParser):
    """Text inside each highlight id (`data-hl`), titles per id, and the Latin-run texts."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.titles: dict[str, list[str]] = {}
        self.bdi: list[str] = []
        self._marks: list[list[str]] = []
        self._in_bdi = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "bdi":
            self._in_bdi = True
            self.bdi.append("")
        if tag == "mark":
            ids = (a.get("data-hl") or "").split()
            self._marks.append(ids)
            for i in ids:
                self.titles.setdefault(i, []).append(a.get("title") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            self._in_bdi = False
        if tag == "mark":
            self._marks.pop()

    def handle_data(self, data: str) -> None:
        if self._in_bdi:
            self.bdi[-1] += data
        for i in self._marks[-1] if self._marks else []:
            self.by_id[i] = self.by_id.get(i, "") + data


def collect(html: str) -> MarkCollector:
    parser = MarkCollector()
    parser.feed(html)
    return parser


# ------------------------------------------------------------------------------- segments


def hl(kind: str, start: int, end: int, text: str = "") -> display.Highlight:
    return display.Highlight(kind, kind, "v", start, end, text)


def test_segments_split_at_every_boundary_and_list_all_covers() -> None:
    spans = [hl("service", 1, 6), hl("component", 3, 8), hl("duration", 4, 5)]
    got = [(s.start, s.end, s.covers) for s in display.segments("abcdefghij", spans)]
    assert got == [
        (0, 1, ()),
        (1, 3, (0,)),
        (3, 4, (0, 1)),
        (4, 5, (0, 1, 2)),  # both five-character spans outside the one-character one
        (5, 6, (0, 1)),
        (6, 8, (1,)),
        (8, 10, ()),
    ]


def test_segments_ignore_spans_outside_the_text() -> None:
    segs = display.segments("abc", [hl("vendor", 2, 9), hl("vendor", 1, 1)])
    assert [(s.start, s.end, s.covers) for s in segs] == [(0, 3, ())]


def test_latin_runs_join_words_and_drop_trailing_punctuation() -> None:
    text = "خدمات Microsoft 365 و بـChatGPT. ثم us-east-1"
    assert [text[a:b] for a, b in display.latin_runs(text)] == [
        "Microsoft 365",
        "ChatGPT",
        "us-east-1",
    ]


# ---------------------------------------------------------------------------- record view


def test_every_highlight_shows_exactly_its_span_text() -> None:
    record = seed_like_record()
    spans = display.highlights(record)
    found = collect(display.record_html(record))
    assert len(spans) == 12
    assert set(found.by_id) == {f"h{i}" for i in range(len(spans))}
    for i, h in enumerate(spans):
        assert found.by_id[f"h{i}"] == h.text == SEED_LIKE[h.start : h.end]


def test_nested_span_lists_both_fields_in_its_title() -> None:
    record = seed_like_record()
    spans = display.highlights(record)
    api = next(i for i, h in enumerate(spans) if h.field == "component" and h.text == "API")
    titles = collect(display.record_html(record)).titles[f"h{api}"]
    assert titles == ["service: Claude API\ncomponent: api (Claude API)"]


def test_hover_labels_carry_normalised_values() -> None:
    html = display.record_html(seed_like_record())
    titles = [t for ts in collect(html).titles.values() for t in ts]
    assert "vendor: OpenAI" in titles
    assert "duration: 120 min (approx)" in titles
    assert "start: 2025-11-04T19:15:00+03:00" in titles
    assert "timeline[0]: identified, ≈+20 min after previous, elapsed 20 min" in titles
    assert "timeline[1]: resolved, 60–240 min after previous, elapsed 80–260 min" in titles
    assert "reports: 12000 (Downdetector)" in titles


def test_html_in_the_article_and_values_is_escaped() -> None:
    html = display.record_html(seed_like_record())
    assert "<script>" not in html and '&lt;<bdi dir="ltr">script&gt;alert' in html
    # Tags removed and entities decoded, the article is the input, character for character.
    body = re.search(r'<div class="ao-article"[^>]*>(.*?)</div>', html, re.S)
    assert body is not None
    assert unescape(re.sub(r"<[^>]+>", "", body.group(1))) == SEED_LIKE
    assert "seed-like-&lt;1&gt;" in html


def test_latin_runs_are_isolated_left_to_right_inside_rtl_article() -> None:
    html = display.record_html(seed_like_record())
    assert re.search(r'<div class="ao-article" dir="rtl" lang="ar"', html)
    runs = collect(html).bdi
    # "بـChatGPT": the clitic stays outside, the name is one LTR run.
    assert runs.count("ChatGPT") == 2
    # The service covers "Microsoft" only, yet "Microsoft 365" stays one run (no reordering).
    assert "Microsoft 365" in runs
    assert '<bdi dir="ltr"><mark' in html


def test_legend_lists_only_the_kinds_present() -> None:
    html = display.record_html(seed_like_record())
    kinds = re.findall(r'class="ao-legend-item" data-kind="(\w+)"', html)
    assert kinds == ["vendor", "service", "component", "duration", "time", "offset", "reports"]


def test_table_only_when_the_article_is_unknown() -> None:
    loaded = IncidentRecord.model_validate_json(seed_like_record().model_dump_json())
    assert loaded.source_text is None
    html = display.record_html(loaded)
    assert "ao-article" not in html and "<mark" not in html
    assert "table only" in html
    assert '<td style="text-align:left;padding:2px 6px">OpenAI</td>' in html
    assert '120 min (approx) · <bdi dir="rtl">قرابة ساعتين</bdi>' in html


def test_table_isolates_arabic_phrases_up_to_the_separators() -> None:
    html = display.table_html([("components", ["ميزة البحث المعمق (Research) → research"])])
    assert '<bdi dir="rtl">ميزة البحث المعمق (Research)</bdi> → research</td>' in html
    html = display.table_html([("start", "2025-11-04 · مساء الثلاثاء عند الساعة 7:15 <b>")])
    assert '2025-11-04 · <bdi dir="rtl">مساء الثلاثاء عند الساعة 7:15 &lt;b&gt;</bdi>' in html


def test_record_repr_html_is_the_record_view() -> None:
    record = seed_like_record()
    assert record._repr_html_() == display.record_html(record)


def test_span_beyond_the_text_is_not_drawn() -> None:
    record = IncidentRecord(
        version="test",
        vendor=Named(
            name="OpenAI", mentions=[Span(start=5, end=99, text="x"), Span(start=3, end=3, text="")]
        ),
    )
    record._text = "قصير ChatGPT"
    html = display.record_html(record)
    assert "<mark" not in html and "قصير" in html
    assert 'data-kind="vendor"' not in html  # nothing drawn, so nothing in the legend


# ---------------------------------------------------------------------- lists and incidents


class FakeIncident(BaseModel):
    article_ids: list[str]
    vendor: str | None = None
    duration: Duration | None = None


def test_incident_html_renders_any_model_generically() -> None:
    incident = FakeIncident(
        article_ids=["a1", "a2"], vendor="Meta", duration=Duration(minutes=180, qualifier="approx")
    )
    html = display.incident_html(incident)
    assert "<caption style='text-align:left;font-weight:600'>FakeIncident</caption>" in html
    assert ">a1, a2</td>" in html
    assert ">{minutes: 180, qualifier: approx}</td>" in html


def test_record_list_shows_one_row_per_record() -> None:
    other = seed_like_record()
    other.id, other.vendor = "b", Named(name="Meta")
    records = display.RecordList([seed_like_record(), other])
    html = records._repr_html_()
    assert html.count("<tr>") == 3  # header and two records
    assert ">OpenAI</td>" in html and ">Meta</td>" in html
    frame = records.to_dataframe()
    assert list(frame["vendor"]) == ["OpenAI", "Meta"]


# ---------------------------------------------------------------------------- DataFrame


def test_to_dataframe_flattens_records() -> None:
    from arabic_outage.frames import RECORD_COLUMNS, to_dataframe

    empty = IncidentRecord(id="n", version="test")
    frame = to_dataframe([seed_like_record(), empty])
    assert tuple(frame.columns) == RECORD_COLUMNS
    row = frame.iloc[0]
    assert row["services"] == "ChatGPT, Claude API, Microsoft 365"
    assert row["component_count"] == 2
    assert row["duration_minutes"] == 120.0 and row["duration_qualifier"] == "approx"
    assert row["duration_text"] == "قرابة ساعتين"
    assert (row["start_date"], row["start_time"]) == ("2025-11-04", "19:15")
    assert row["timeline_phases"] == "identified → resolved"
    assert row["reports_count"] == 12000
    assert bool(row["root_cause_disclosed"]) is False
    assert frame["reports_count"].isna().tolist() == [False, True]
    assert str(frame["reports_count"].dtype) == "Int64"
    assert to_dataframe([]).shape == (0, len(RECORD_COLUMNS))


def test_to_dataframe_of_other_models_uses_their_fields() -> None:
    from arabic_outage.frames import to_dataframe

    frame = to_dataframe([FakeIncident(article_ids=["a1", "a2"], vendor="X")])
    assert frame.to_dict("records") == [{"article_ids": "a1, a2", "vendor": "X", "duration": None}]


# ---------------------------------------------------------------------------- timeline plot


@pytest.fixture()
def mpl() -> object:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _bars(ax: object) -> list[tuple[float, float]]:
    from matplotlib.patches import Rectangle

    return [(p.get_x(), p.get_width()) for p in ax.patches if isinstance(p, Rectangle)]  # type: ignore[attr-defined]


def test_plot_timeline_relative_minutes(mpl: object) -> None:
    from arabic_outage.plotting import ar, plot_timeline

    record = seed_like_record()
    record.start = TimePoint(part_of_day="evening", span=span(SEED_LIKE, "مساء الثلاثاء"))
    ax = plot_timeline(record)
    assert ax.get_xlabel() == "minutes since the start"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["identified", "resolved"]
    # The vague step is a bar over its whole range; the duration is a band from 0 to 120.
    assert (80.0, 180.0) in _bars(ax)
    points = [ln.get_xydata().tolist() for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert points == [[[20.0, 0.0]]]
    labels = {t.get_text() for t in ax.texts}
    assert ar("وبعد مرور نحو 20 دقيقة") in labels and ar("بعد ساعات") in labels
    assert ar("مساء الثلاثاء") in labels  # the start line is labelled with its evidence


def test_plot_timeline_clock_time_when_start_is_known(mpl: object) -> None:
    from matplotlib.dates import date2num

    import arabic_outage

    record = seed_like_record()
    ax = arabic_outage.plot_timeline(record)
    origin = datetime.fromisoformat("2025-11-04T19:15:00+03:00")
    lo, hi = date2num(origin + timedelta(minutes=80)), date2num(origin + timedelta(minutes=260))
    assert any(x == pytest.approx(lo) and w == pytest.approx(hi - lo) for x, w in _bars(ax))
    assert ax.get_xlabel() == "time (UTC+03:00)"
    assert ax.xaxis.get_major_formatter().format_data(lo) == "20:35\n04 Nov"  # article's clock
    assert ax.get_title() == "OpenAI / ChatGPT, Claude API, Microsoft 365 — seed-like-<1>"
    ARTIFACTS.mkdir(exist_ok=True)
    ax.figure.savefig(ARTIFACTS / "timeline_seed_like.png", dpi=100)  # type: ignore[union-attr]
    assert (ARTIFACTS / "timeline_seed_like.png").stat().st_size > 5000


def test_plot_timeline_notes_steps_it_cannot_place(mpl: object) -> None:
    from arabic_outage.plotting import ar, plot_timeline

    record = seed_like_record()
    record.start = None
    record.timeline = [TimelineEntry(phase="update", span=span(SEED_LIKE, "ثم عادت"))]
    ax = plot_timeline(record)
    assert ax.get_xlabel().endswith(f"not placed (no time): update: {ar('ثم عادت')}")
    assert "no timed steps" in [t.get_text() for t in ax.texts]


def test_arabic_labels_are_shaped_for_naive_text_engines() -> None:
    from arabic_outage.plotting import ar, native_layout, shape_rtl

    shaped = shape_rtl("بعد ساعات")
    assert all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in shaped)  # presentation forms
    assert shaped.split(" ")[0] == shape_rtl("ساعات")  # the last word is drawn first (leftmost)
    # matplotlib with libraqm (>= 3.11) shapes by itself: pre-shaped text would come out reversed.
    assert ar("بعد ساعات") == ("بعد ساعات" if native_layout() else shaped)


# ---------------------------------------------------------------------------- lazy exports


def test_package_exports_notebook_helpers_lazily() -> None:
    code = (
        "import sys, arabic_outage\n"
        "assert 'matplotlib' not in sys.modules and 'arabic_outage.frames' not in sys.modules\n"
        "from arabic_outage import frames, plotting\n"
        "assert arabic_outage.to_dataframe is frames.to_dataframe\n"
        "assert arabic_outage.plot_timeline is plotting.plot_timeline\n"
        "assert 'to_dataframe' in arabic_outage.__all__\n"
        "try:\n    arabic_outage.nope\nexcept AttributeError:\n    print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ---------------------------------------------------------------------------- merged incidents


def two_reports() -> list[IncidentRecord]:
    """The same outage from two outlets (URL ids, as feeds give them)."""
    first, second = seed_like_record(), seed_like_record()
    first.id = "https://outlet-one.example/2025/11/04/chatgpt"
    second.id = "https://outlet-two.example/news/88412"
    return [first, second]


def test_incident_view_cites_long_article_ids_by_number() -> None:
    import arabic_outage

    (incident,) = arabic_outage.merge(two_reports())
    html = incident._repr_html_()
    assert html == display.incident_html(incident)
    assert ">#1 https://outlet-one.example/2025/11/04/chatgpt<br>#2 https://outlet-two" in html
    assert ">OpenAI (#1, #2)</td>" in html
    assert ">{minutes: 120, qualifier: approx} (#1, #2)</td>" in html


def test_incident_timeline_has_a_row_per_article(mpl: object) -> None:
    import arabic_outage

    records = two_reports()
    (incident,) = arabic_outage.merge(records)
    ax = arabic_outage.plot_timeline(incident, records=records)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [
        "outlet-one.example/…/chatgpt\nstart 2025-11-04 19:15 +03:00 evening",
        "outlet-two.example/news/88412\nstart 2025-11-04 19:15 +03:00 evening",
    ]
    # Each article's stated duration from its own start, and its own steps on its row.
    assert _bars(ax).count((0.0, 120.0)) == 2
    assert (80.0, 180.0) in _bars(ax)
    points = [ln.get_xydata().tolist() for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert [[[20.0, 0.12]], [[20.0, 1.12]]] == [p for p in points if p]
    assert ax.get_xlabel() == "minutes since each article's start"
