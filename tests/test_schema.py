"""The exported JSON Schema is the contract: the file in the repo must equal the models."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

import arabic_outage
from arabic_outage.schema import SCHEMA_FILE, IncidentRecord, Span, json_schema

SCHEMA_PATH = Path(arabic_outage.__file__).parent / SCHEMA_FILE


def test_exported_schema_matches_models() -> None:
    exported = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert exported == json_schema(), "run: arabic-outage schema -o arabic_outage/schema.json"


def test_schema_names_the_contract_fields() -> None:
    props = json_schema()["properties"]
    for field in (
        "id",
        "version",
        "is_outage",
        "confidence",
        "vendor",
        "services",
        "components",
        "component_counts",
        "duration",
        "start",
        "end",
        "timeline",
        "status",
        "regions",
        "reports",
        "root_cause",
    ):
        assert field in props, field


def test_records_reject_unknown_fields_and_bad_values() -> None:
    with pytest.raises(ValidationError):
        IncidentRecord(version="x", status="fixed")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Span(start=-1, end=2, text="ab")


def test_extracted_record_round_trips_through_json() -> None:
    record = arabic_outage.extract(
        "تعطل تطبيق واتساب لدى آلاف المستخدمين في مصر مساء أمس", published="2026-02-03"
    )
    again = IncidentRecord.model_validate_json(record.model_dump_json())
    assert again.model_dump() == record.model_dump()
    assert again.version == arabic_outage.__version__
