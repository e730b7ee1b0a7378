"""Publication dates (`arabic_outage.published`): every row of `tests/examples/published.yaml`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

import arabic_outage
from arabic_outage.published import _by_dateparser, _by_grammar, parse_published

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "examples" / "published.yaml").read_text(encoding="utf-8")
)
ARTICLE = "تعطل واتساب مساء الثلاثاء لمدة ساعتين قبل أن تعود الخدمة"


@pytest.mark.parametrize("row", ROWS, ids=[r["text"] for r in ROWS])
def test_published_table(row: dict[str, Any]) -> None:
    expected = row["expected"] and datetime.fromisoformat(row["expected"])
    if expected:
        assert parse_published(row["text"]) == expected
    else:
        with pytest.raises(ValueError, match="published must be a date or datetime"):
            parse_published(row["text"])
    assert (_by_dateparser(row["text"]) == (expected or None)) is row["dateparser"]
    assert (_by_grammar(row["text"]) == (expected or None)) is row["grammar"]


def test_each_reader_covers_rows_the_other_misses() -> None:
    dated = [r for r in ROWS if r["expected"]]
    only_dateparser = [r["text"] for r in dated if r["dateparser"] and not r["grammar"]]
    only_grammar = [r["text"] for r in dated if r["grammar"] and not r["dateparser"]]
    assert "2025.10.30" in only_dateparser and "30 تشرين الأول 2025" in only_grammar
    assert all(r["dateparser"] or r["grammar"] for r in dated)


def test_a_printed_date_resolves_relative_days_in_the_article() -> None:
    record = arabic_outage.extract(ARTICLE, published="الخميس، 30 أكتوبر 2025 - 10:15 م")
    assert record.start is not None and record.start.date == "2025-10-28"  # the Tuesday before
    assert arabic_outage.parse_time("مساء الثلاثاء", published="30/10/2025").date == "2025-10-28"


def test_dates_and_datetimes_pass_through() -> None:
    assert parse_published(date(2025, 10, 30)) == datetime(2025, 10, 30)
    assert parse_published(datetime(2025, 10, 30, 22, 15)) == datetime(2025, 10, 30, 22, 15)
    assert parse_published(None) is None and parse_published("") is None


def test_a_long_string_is_not_a_date() -> None:
    with pytest.raises(ValueError, match="published must be a date or datetime"):
        parse_published("30 أكتوبر 2025 " + "نص " * 60)
