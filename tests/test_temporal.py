"""Every row of tests/examples/temporal.yaml, with exact equality on every field it lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

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
