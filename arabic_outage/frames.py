"""Records as a pandas DataFrame, one flat row per record (pandas is imported only when used)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas as pd

    from .schema import IncidentRecord

# Column order of a records frame; an empty frame still has these columns.
RECORD_COLUMNS: tuple[str, ...] = (
    "id", "published", "is_outage", "confidence", "vendor", "services", "components",
    "component_count", "duration_minutes", "duration_min_minutes", "duration_qualifier",
    "duration_text", "start_date", "start_time", "start_timezone", "start_datetime",
    "end_datetime", "status", "timeline_phases", "regions", "reports_count",
    "root_cause_disclosed", "root_cause", "error",
)  # fmt: skip
_DTYPES = {
    "confidence": "float64",
    "component_count": "int64",
    "duration_minutes": "float64",
    "duration_min_minutes": "float64",
    "reports_count": "Int64",  # nullable: most articles give no report count
}


def _joined(values: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(values))


def record_row(record: IncidentRecord) -> dict[str, Any]:
    """The record flattened to scalars; lists are joined with ", " (duplicates dropped)."""
    r, d, s = record, record.duration, record.start
    return {
        "id": r.id,
        "published": r.published,
        "is_outage": r.is_outage,
        "confidence": r.confidence,
        "vendor": r.vendor.name if r.vendor else None,
        "services": _joined(x.name for x in r.services),
        "components": _joined(c.text for c in r.components),
        "component_count": len(r.components),
        "duration_minutes": d.minutes if d else None,
        "duration_min_minutes": d.min_minutes if d else None,
        "duration_qualifier": d.qualifier if d else None,
        "duration_text": d.span.text if d and d.span else None,
        "start_date": s.date if s else None,
        "start_time": s.time if s else None,
        "start_timezone": s.timezone if s else None,
        "start_datetime": s.datetime if s else None,
        "end_datetime": r.end.datetime if r.end else None,
        "status": r.status,
        "timeline_phases": " → ".join(e.phase for e in r.timeline),
        "regions": _joined(x.name for x in r.regions),
        "reports_count": r.reports.count if r.reports else None,
        "root_cause_disclosed": r.root_cause.disclosed,
        "root_cause": r.root_cause.text,
        "error": r.error,
    }


def model_row(model: BaseModel) -> dict[str, Any]:
    """Any other model (a merged incident): its own `flat()` columns if it has them, else its
    scalar fields as they are and the rest compacted to text."""
    from .display import _compact

    flat = getattr(model, "flat", None)
    if callable(flat):
        return dict(flat())
    row: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        scalar = value is None or isinstance(value, (str, int, float, bool))
        row[name] = value if scalar else _compact(value)
    return row


def to_dataframe(records: Iterable[BaseModel]) -> pd.DataFrame:
    """One row per record: `RECORD_COLUMNS` for IncidentRecords, the model's fields otherwise."""
    import pandas as pd

    from .schema import IncidentRecord

    items = list(records)
    if not all(isinstance(x, IncidentRecord) for x in items):
        return pd.DataFrame([model_row(x) for x in items])
    rows = [record_row(x) for x in items if isinstance(x, IncidentRecord)]
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS)).astype(_DTYPES)
