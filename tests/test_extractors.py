"""Duckling-style example tables, one per extractor: each row is a test with exact values."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import arabic_outage

EXAMPLES = Path(__file__).parent / "examples"


def _rows(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["text"][:40] for r in rows]


@pytest.mark.parametrize("row", _rows("vendors.yaml"), ids=_ids(_rows("vendors.yaml")))
def test_vendor_and_services(row: dict[str, Any]) -> None:
    record = arabic_outage.extract(row["text"], published=row.get("published"))
    assert (record.vendor.name if record.vendor else None) == row["vendor"]
    if record.vendor is not None:  # a name no lexicon lists is the text's (`listed: false`)
        assert record.vendor.listed == row.get("listed", True)
        assert all(m.text == row.get("mention", m.text) for m in record.vendor.mentions)
    assert [s.name for s in record.services] == row["services"]


@pytest.mark.parametrize("row", _rows("components.yaml"), ids=_ids(_rows("components.yaml")))
def test_components(row: dict[str, Any]) -> None:
    record = arabic_outage.extract(row["text"])
    assert [[c.text, c.kind] for c in record.components] == row["components"]
    if "counts" in row:
        assert [[c.count, c.span.text] for c in record.component_counts] == row["counts"]


@pytest.mark.parametrize("row", _rows("relevance.yaml"), ids=_ids(_rows("relevance.yaml")))
def test_relevance(row: dict[str, Any]) -> None:
    assert arabic_outage.extract(row["text"]).is_outage is row["is_outage"]


def _minutes(value: float | None) -> float | str | None:
    return "vague" if value is None else value


@pytest.mark.parametrize("row", _rows("timeline.yaml"), ids=_ids(_rows("timeline.yaml")))
def test_duration_and_offsets(row: dict[str, Any]) -> None:
    record = arabic_outage.extract(row["text"], published=row.get("published"))
    duration = None if record.duration is None else _minutes(record.duration.minutes)
    assert duration == row["duration"]
    offsets = [_minutes(e.offset.minutes) for e in record.timeline if e.offset]
    assert offsets == row["offsets"]
    if "phases" in row:
        assert [e.phase for e in record.timeline if e.offset] == row["phases"]
    if "start" in row and row["start"] is None:
        assert record.start is None  # no time the text gives is the outage's start
    elif "start" in row:
        assert record.start is not None
        assert [record.start.time, record.start.part_of_day] == row["start"]
    if "start_date" in row:
        assert record.start is not None and record.start.date == row["start_date"]
    if "start_timezone" in row:
        assert record.start is not None and record.start.timezone == row["start_timezone"]
    if "end" in row:
        assert (record.end.time if record.end else None) == row["end"]


@pytest.mark.parametrize("row", _rows("facts.yaml"), ids=_ids(_rows("facts.yaml")))
def test_regions_and_root_cause(row: dict[str, Any]) -> None:
    record = arabic_outage.extract(row["text"], published=row.get("published"))
    assert [r.name for r in record.regions] == row["regions"]
    assert (record.root_cause.text if record.root_cause else None) == row["root_cause"]
    if "status" in row:
        assert record.status == row["status"]
    if "reports" in row:
        assert (record.reports.count if record.reports else None) == row["reports"]


def test_a_long_text_of_outage_reports_is_an_outage() -> None:
    """Digests of the example outage reports (12,000 characters, each report in turn first): the
    cap on hits per cue group grows with length, so the outage group is not outweighed by a few
    hits of each other group summed (with a fixed cap of 6, 8 of these 28 scored below zero)."""
    rows = [json.loads(r) for r in (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines()]
    outages = [r["text"] for r in rows if r["expected"]["is_outage"]]
    digests = ["\n\n".join(outages[i:] + outages[:i])[:12_000] for i in range(len(outages))]
    assert len(digests) == 28 and {len(d) for d in digests} == {12_000}
    assert [i for i, d in enumerate(digests) if not arabic_outage.extract(d).is_outage] == []
