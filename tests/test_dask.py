"""Dask: a bag of items and a DataFrame text column give the same records as the serial run, on a
two-process LocalCluster, with the pipeline loaded once per worker process."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask")
pytest.importorskip("pandas")

import dask  # noqa: E402
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import arabic_outage  # noqa: E402
from arabic_outage.dask import (  # noqa: E402
    RECORD_COLUMN,
    extract_bag,
    extract_dataframe,
    read_bag,
    worker_info,
)

TEXTS = [
    (
        "w1",
        "تعطل تطبيق واتساب لدى آلاف المستخدمين حول العالم، وعاد للعمل بعد انقطاع استمر نحو ساعتين",
        "2025-06-10",
    ),
    ("y1", "توقفت خدمة يوتيوب مساء أمس الثلاثاء لنحو 3 ساعات", "2026-02-18"),
    ("n1", "أطلقت جوجل ميزة جديدة في Gmail", None),
    ("c1", "انقطعت خدمة ChatGPT لمدة 45 دقيقة بحسب صفحة الحالة", "2025-01-02"),
    ("t1", "انقطعت خدمات الإنترنت الأرضي لدى الشركة المصرية للاتصالات لمدة 3 ساعات", None),
    ("e1", "", None),
]


def items() -> list[dict[str, Any]]:
    return [{"id": i, "text": t, "published": p} for i, t, p in TEXTS]


def serial() -> list[dict[str, Any]]:
    extractor = arabic_outage.load()
    return [extractor.safe(item).model_dump(mode="json") for item in items()]


def strip_version(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "version"} for r in records]


def test_bag_matches_serial_with_sync_scheduler() -> None:
    bag = db.from_sequence(items(), npartitions=3)
    with dask.config.set(scheduler="sync"):
        got = extract_bag(bag).compute()
    assert got == serial()
    assert got[0]["vendor"]["name"] == "Meta" and got[0]["duration"]["minutes"] == 120
    assert got[2]["is_outage"] is False and got[5]["is_outage"] is False


def test_read_bag_carries_reader_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXTS[0][1], encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe broken")
    with dask.config.set(scheduler="sync"):
        got = extract_bag(read_bag([str(tmp_path)], npartitions=2)).compute()
    assert [r["is_outage"] for r in got] == [True, False]
    assert got[1]["error"] == f"{tmp_path / 'b.txt'}: invalid UTF-8 at byte offset 0"


def test_dataframe_column_with_sync_scheduler(tmp_path: Path) -> None:
    frame = pd.DataFrame(TEXTS, columns=["id", "text", "published"])
    ddf = dd.from_pandas(frame, npartitions=2)
    with dask.config.set(scheduler="sync"):
        got = extract_dataframe(ddf).compute()
        extract_dataframe(ddf).to_parquet(tmp_path / "records.parquet")
    assert list(got["id"]) == [t[0] for t in TEXTS]
    assert [json.loads(r) for r in got[RECORD_COLUMN]] == serial()
    assert got.loc[0, "vendor"] == "Meta" and got.loc[0, "duration_minutes"] == 120
    back = pd.read_parquet(tmp_path / "records.parquet")
    assert list(back["vendor"].fillna("-")) == list(got["vendor"].fillna("-"))
    assert back["is_outage"].dtype == "boolean" and back["reports_count"].dtype == "Int64"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    # Workers import the whole pipeline on start: give a busy machine time to bring them up.
    slow = {"distributed.comm.timeouts.connect": "180s", "distributed.comm.timeouts.tcp": "300s"}
    with dask.config.set(slow), distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster, timeout="180s") as c:  # fmt: skip
        yield c


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="needs distributed")
def test_local_cluster_same_records_pipeline_loaded_once_per_worker(client: Any) -> None:
    many = items() * 10
    bag = db.from_sequence(many, npartitions=12)
    got = extract_bag(bag).compute()
    expected = serial() * 10
    assert strip_version(got) == strip_version(expected) and got == expected
    frame = dd.from_pandas(pd.DataFrame(TEXTS * 5, columns=["id", "text", "published"]), 8)
    column = extract_dataframe(frame).compute()
    assert [json.loads(r) for r in column[RECORD_COLUMN]] == serial() * 5
    info = client.run(worker_info)
    assert len(info) == 2
    # 20 partitions ran on 2 processes; none loaded the pipeline more than once.
    assert all(v["loads"] <= 1 for v in info.values()) and sum(v["loads"] for v in info.values())
    assert len({v["pid"] for v in info.values()}) == 2
