"""Extraction on Dask: a bag of items or a DataFrame text column, scaled over a cluster.

Each task runs a whole partition through `map_partitions`; the pipeline comes from a module-level
cache, so a worker process loads it once and reuses it for every partition it is given, instead of
once per item. Dask is the optional `dask` extra and is imported only here.

    >>> import dask.bag as db
    >>> from arabic_outage.dask import extract_bag
    >>> records = extract_bag(db.from_sequence(items, npartitions=8)).compute()
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from .api import Extractor

RECORD_COLUMN = "record"
_EXTRACTORS: dict[str | None, Extractor] = {}
_LOADS = {"count": 0}  # how many times this process loaded a pipeline (tests check it is 1)


def cached_extractor(model: str | None = None) -> Extractor:
    """This process's pipeline for `model`, loaded on first use."""
    if model not in _EXTRACTORS:
        from .api import load

        _EXTRACTORS[model] = load(model)
        _LOADS["count"] += 1
    return _EXTRACTORS[model]


def worker_info() -> dict[str, int]:
    """The process id and how many pipelines it loaded (run it on workers with `client.run`)."""
    return {"pid": os.getpid(), "loads": _LOADS["count"]}


def extract_one(extractor: Extractor, item: Any) -> dict[str, Any]:
    """One item as a JSON-ready record dict; a reader's error item becomes its error record."""
    from .api import error_record

    if isinstance(item, Mapping) and item.get("error"):
        record = error_record(_str_or_none(item.get("id")), str(item["error"]))
        return record.model_dump(mode="json")
    return extractor.safe(item).model_dump(mode="json")


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def extract_partition(items: Iterable[Any], model: str | None = None) -> list[dict[str, Any]]:
    """Records for one partition of items (texts, {"id", "text", "published"} dicts or pairs)."""
    extractor = cached_extractor(model)
    return [extract_one(extractor, item) for item in items]


def extract_bag(bag: db.Bag, *, model: str | None = None) -> db.Bag:
    """A bag of record dicts, in the input order, from a bag of items."""
    return bag.map_partitions(extract_partition, model=model)


def read_bag(sources: Sequence[str], *, npartitions: int = 8) -> db.Bag:
    """A bag of the items in files, folders, globs or URLs (read here, extracted on the workers).

    Unreadable items travel as {"id", "error"} and come out as error records.
    """
    import dask.bag as dbag

    from .readers import iter_items

    items = [
        {"id": i.id, "text": i.text, "published": i.published, "error": i.error}
        for i in iter_items(sources)
    ]
    return dbag.from_sequence(items, npartitions=max(1, min(npartitions, len(items) or 1)))


# Nullable dtypes, so partitions and dask's meta agree and Parquet gets real column types.
_DTYPES = {
    "is_outage": "boolean", "root_cause_disclosed": "boolean", "confidence": "Float64",
    "duration_minutes": "Float64", "reports_count": "Int64",
}  # fmt: skip


def _frame(records: list[dict[str, Any]], index: pd.Index | None = None) -> pd.DataFrame:
    """Flat columns plus the whole record as JSON; text columns are pandas strings."""
    import pandas as pd

    from .batch import flatten_record

    rows = [
        {**flatten_record(r), RECORD_COLUMN: json.dumps(r, ensure_ascii=False)} for r in records
    ]
    columns = list(flatten_record({})) + [RECORD_COLUMN]
    dtypes = {c: _DTYPES.get(c, "string") for c in columns}
    return pd.DataFrame(rows, columns=columns, index=index).astype(dtypes)


def extract_pandas(
    frame: pd.DataFrame,
    text: str = "text",
    *,
    id: str | None = "id",
    published: str | None = "published",
    model: str | None = None,
) -> pd.DataFrame:
    """Records for one pandas partition: flattened columns and `record` (JSON), same index."""
    texts = frame[text].tolist()
    ids = frame[id].tolist() if id and id in frame else [None] * len(texts)
    dates = frame[published].tolist() if published and published in frame else [None] * len(texts)
    items = [
        {"id": _str_or_none(i), "text": t, "published": _date_or_none(p)}
        for i, t, p in zip(ids, texts, dates, strict=True)
    ]
    return _frame(extract_partition(items, model), index=frame.index)


def _date_or_none(value: Any) -> Any:
    """pandas' missing values (NaN, NaT, None) mean "no publication date"."""
    import pandas as pd

    return None if value is None or bool(pd.isna(value)) else value


def extract_dataframe(
    df: dd.DataFrame,
    text: str = "text",
    *,
    id: str | None = "id",
    published: str | None = "published",
    model: str | None = None,
) -> dd.DataFrame:
    """A Dask DataFrame of records (flattened columns + `record` JSON) for a text column."""
    return df.map_partitions(
        extract_pandas, text, id=id, published=published, model=model, meta=_frame([])
    )
