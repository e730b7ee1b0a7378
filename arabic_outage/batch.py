"""`arabic-outage batch`: many sources in, exactly one output line per item, resumable.

Each line is written whole (one `write` on an unbuffered file), in input order. A run killed at any
moment leaves a prefix of complete lines and at most one torn line; `--resume` drops the torn line,
skips the ids already written and goes on, so the finished output holds every item exactly once.
Parquet, CSV, `--merge` and `--only-outages` need the whole run before the final file can be
written: the lines go to a `OUT.partial.jsonl` checkpoint that is converted at the end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from .readers import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Item, iter_items

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult
    from multiprocessing.sharedctypes import Synchronized
    from multiprocessing.synchronize import Semaphore

    from .api import Extractor

FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".csv": "csv",
}
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps workers busy, bounds memory


class Result(NamedTuple):
    """One item's output line, with what the progress bar and summary count."""

    id: str
    line: str
    is_outage: bool
    is_error: bool


@dataclass
class Summary:
    output: str = ""
    items: int = 0
    outages: int = 0
    errors: int = 0
    resumed: int = 0
    duplicates: int = 0
    incidents: int | None = None
    load_seconds: float = 0.0
    process_seconds: float = 0.0
    workers: int = 1
    ready_at: float | None = None  # perf_counter when every pipeline was loaded
    cpu_seconds: float = 0.0  # CPU time spent extracting, summed over the workers

    @property
    def rate(self) -> float:
        """Items per second once the pipelines were loaded."""
        return self.items / self.process_seconds if self.process_seconds > 0 else 0.0

    def text(self) -> str:
        parts = [f"{self.items} items", f"{self.outages} outages", f"{self.errors} errors"]
        if self.resumed:
            parts.append(f"{self.resumed} already done")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate ids skipped")
        if self.incidents is not None:
            parts.append(f"{self.incidents} incidents")
        parts.append(f"{self.rate:.1f} items/s on {self.workers} worker(s)")
        return ", ".join(parts) + f" -> {self.output}"


# ---------------------------------------------------------------- extraction (in any process)

_worker_extractor: Extractor | None = None


def _load(model: str | None) -> Extractor:
    from .api import default_extractor, load

    return load(model) if model else default_extractor()


def extract_items(extractor: Extractor, items: Iterable[Item]) -> list[Result]:
    """Results for items; an unreadable item becomes its error record."""
    from .api import error_record

    results = []
    for item in items:
        if item.error is not None:
            record = error_record(item.id, item.error)
        else:
            record = extractor.safe(item.as_input())
            if record.error is not None:  # name where the item came from
                record = record.model_copy(update={"error": f"{item.source}: {record.error}"})
        line = record.model_dump_json()
        results.append(Result(item.id, line, record.is_outage, record.error is not None))
    return results


def _init_worker(model: str | None, ready: Semaphore, failed: Synchronized[int]) -> None:
    global _worker_extractor
    try:
        _worker_extractor = _load(model)
    except Exception:
        failed.value += 1  # the parent stops the run: a pipeline that will not load is fatal
        raise
    finally:
        ready.release()


def _timed(extractor: Extractor, chunk: list[Item]) -> tuple[list[Result], float]:
    """Results and the CPU seconds they took in this process (benchmarks compare the two)."""
    cpu = time.process_time()
    results = extract_items(extractor, chunk)
    return results, time.process_time() - cpu


def _work_chunk(chunk: list[Item]) -> tuple[list[Result], float]:
    assert _worker_extractor is not None, "worker used before its initializer ran"
    return _timed(_worker_extractor, chunk)


# ---------------------------------------------------------------- serial and parallel runners


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    return iter(lambda: list(islice(items, size)), [])


def _serial(
    chunks: Iterator[list[Item]], model: str | None, summary: Summary
) -> Iterator[list[Result]]:
    start = time.perf_counter()
    extractor = _load(model)
    summary.ready_at = time.perf_counter()
    summary.load_seconds = summary.ready_at - start
    for chunk in chunks:
        results, cpu = _timed(extractor, chunk)
        summary.cpu_seconds += cpu
        yield results


def _parallel(
    chunks: Iterator[list[Item]], workers: int, model: str | None, summary: Summary
) -> Iterator[list[Result]]:
    """Chunks fanned out to `workers` spawned processes (each loads the pipeline once), results in
    input order, at most IN_FLIGHT_PER_WORKER chunks per worker queued at once."""
    # One BLAS/OpenMP thread per worker (N workers on N cores, not N x threads); spawned workers
    # read it from the environment before they import numpy or torch.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Semaphore(0)
    failed = ctx.Value("i", 0)
    start = time.perf_counter()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, ready, failed)) as pool:
        for _ in range(workers):
            ready.acquire()
        if failed.value:
            raise RuntimeError("a worker could not load the pipeline")
        summary.ready_at = time.perf_counter()
        summary.load_seconds = summary.ready_at - start
        pending: deque[tuple[list[Item], AsyncResult[tuple[list[Result], float]]]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_work_chunk, (chunk,))))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield _collect(*pending.popleft(), summary)
        while pending:
            yield _collect(*pending.popleft(), summary)


def _collect(
    chunk: list[Item], async_result: AsyncResult[tuple[list[Result], float]], summary: Summary
) -> list[Result]:
    try:
        results, cpu = async_result.get()
        summary.cpu_seconds += cpu
        return results
    except Exception as exc:  # a crashed chunk still gives one line per item
        from .api import error_record

        reason = f"worker failed: {type(exc).__name__}: {exc}"
        return [
            Result(i.id, error_record(i.id, f"{i.source}: {reason}").model_dump_json(), False, True)
            for i in chunk
        ]


# ---------------------------------------------------------------- output files


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: output must end in .jsonl, .parquet or .csv")
    return fmt


def partial_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial.jsonl")


def recover(path: Path) -> set[str]:
    """Ids of the complete lines of a checkpoint; a torn or unreadable tail is cut off."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    done: set[str] = set()
    good_end = 0
    for line in data.splitlines(keepends=True):
        record_id = _line_id(line)
        if record_id is None:
            break
        done.add(record_id)
        good_end += len(line)
    if good_end < len(data):
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return done


def _line_id(line: bytes) -> str | None:
    if not line.endswith(b"\n"):
        return None
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return str(obj["id"]) if isinstance(obj, dict) and obj.get("id") is not None else None


def write_line(fd: int, line: str) -> None:
    """One line in one write call (looping only if the OS writes it partly)."""
    data = (line + "\n").encode("utf-8")
    while data:
        data = data[os.write(fd, data) :]


def _read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def finalize(work: Path, out: Path, *, merge: bool, only_outages: bool) -> int | None:
    """Write the final output from the checkpoint; the number of incidents when merging."""
    records = _read_records(work)
    if only_outages:
        records = [r for r in records if r.get("is_outage") or r.get("error")]
    incidents = None
    if merge:
        from .merge import merge_dicts

        merged = merge_dicts(records)
        rows = [i.model_dump(mode="json") for i in merged]
        flat = [i.flat() for i in merged]
        incidents = len(merged)
    else:
        rows, flat = records, [flatten_record(r) for r in records]
    _write_rows(out, rows, flat)
    work.unlink()
    return incidents


def _write_rows(out: Path, rows: list[dict[str, Any]], flat: list[dict[str, Any]]) -> None:
    tmp = out.with_name(out.name + ".tmp")
    fmt = output_format(out)
    if fmt == "jsonl":
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        import pandas as pd

        frame = pd.DataFrame(flat)
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
    os.replace(tmp, out)


def _names(values: Iterable[Any], key: str) -> str:
    return "; ".join(str(v[key]) for v in values if v.get(key) is not None)


def flatten_record(r: dict[str, Any]) -> dict[str, Any]:
    """One record as flat columns for CSV/Parquet (lists joined with '; ')."""
    duration = r.get("duration") or {}
    start = r.get("start") or {}
    end = r.get("end") or {}
    reports = r.get("reports") or {}
    cause = r.get("root_cause") or {}
    return {
        "id": r.get("id"),
        "published": r.get("published"),
        "is_outage": r.get("is_outage"),
        "confidence": r.get("confidence"),
        "vendor": (r.get("vendor") or {}).get("name"),
        "services": _names(r.get("services", []), "name"),
        "components": _names(r.get("components", []), "text"),
        "component_kinds": _names(r.get("components", []), "kind"),
        "duration_minutes": duration.get("minutes"),
        "duration_qualifier": duration.get("qualifier"),
        "duration_text": (duration.get("span") or {}).get("text"),
        "start_date": start.get("date"),
        "start_time": start.get("time"),
        "start_timezone": start.get("timezone"),
        "start_part_of_day": start.get("part_of_day"),
        "start_datetime": start.get("datetime"),
        "end_datetime": end.get("datetime"),
        "status": r.get("status"),
        "regions": _names(r.get("regions", []), "name"),
        "reports_count": reports.get("count"),
        "reports_source": reports.get("source"),
        "root_cause_disclosed": cause.get("disclosed"),
        "root_cause": cause.get("text"),
        "timeline_phases": _names(r.get("timeline", []), "phase"),
        "version": r.get("version"),
        "error": r.get("error"),
    }


# ---------------------------------------------------------------- progress


class Progress:
    """A one-line counter on a terminal (items, outages, errors, rate); silent otherwise."""

    def __init__(self, stream: TextIO, enabled: bool | None = None):
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.items = self.outages = self.errors = 0
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, result: Result) -> None:
        self.items += 1
        self.outages += result.is_outage
        self.errors += result.is_error
        now = time.perf_counter()
        if self.enabled and now - self._last > 0.1:
            self._last = now
            rate = self.items / max(now - self.start, 1e-9)
            self.stream.write(
                f"\r{self.items} items | {self.outages} outages | "
                f"{self.errors} errors | {rate:.1f} items/s "
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.items:
            self.stream.write("\n")
            self.stream.flush()


# ---------------------------------------------------------------- the run


@dataclass
class _Seen:
    """Ids written by an earlier run (skipped) and ids met in this run (repeats skipped)."""

    before: set[str]
    now: set[str] = field(default_factory=set)

    def pending(self, items: Iterable[Item], summary: Summary) -> Iterator[Item]:
        for item in items:
            if item.id in self.now:
                summary.duplicates += 1
                continue
            self.now.add(item.id)
            if item.id in self.before:
                summary.resumed += 1
                continue
            yield item


def run_batch(
    sources: Sequence[str],
    output: str | Path,
    *,
    workers: int = 1,
    resume: bool = False,
    merge: bool = False,
    only_outages: bool = False,
    chunk_size: int = 16,
    model: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool | None = None,
) -> Summary:
    """Extract every item of `sources` into `output`; see the module docstring for guarantees."""
    out = Path(output)
    direct = output_format(out) == "jsonl" and not merge and not only_outages
    work = out if direct else partial_path(out)
    seen = _Seen(recover(work) if resume else set())
    if not resume:
        work.unlink(missing_ok=True)
    summary = Summary(output=str(out), workers=workers)
    own = (out, work, out.with_name(out.name + ".tmp"))  # never read our own output back in
    found = iter_items(sources, timeout=timeout, max_bytes=max_bytes, exclude=own)
    items = seen.pending(found, summary)
    _run(_chunks(items, chunk_size), work, workers, model, summary, Progress(sys.stderr, progress))
    if not direct:
        summary.incidents = finalize(work, out, merge=merge, only_outages=only_outages)
    return summary


def _run(
    chunks: Iterator[list[Item]],
    work: Path,
    workers: int,
    model: str | None,
    summary: Summary,
    bar: Progress,
) -> None:
    runner = (
        _serial(chunks, model, summary)
        if workers <= 1
        else _parallel(chunks, workers, model, summary)
    )
    fd = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for results in runner:
            for result in results:
                write_line(fd, result.line)
                summary.items += 1
                summary.outages += result.is_outage
                summary.errors += result.is_error
                bar.update(result)
    finally:
        os.close(fd)
        bar.close()
    if summary.ready_at is not None:
        summary.process_seconds = time.perf_counter() - summary.ready_at


# ---------------------------------------------------------------- CLI


def add_batch_parser(subparsers: Any) -> None:
    """Register `arabic-outage batch` on the main parser's subparsers."""
    p = subparsers.add_parser(
        "batch",
        help="feeds, HTML pages, .txt and JSONL (files, folders, globs, URLs) to records",
        description="One output line per input item (or per incident with --merge).",
    )
    p.add_argument("sources", nargs="+", help="files, folders, globs or http(s) URLs")
    p.add_argument("-o", "--output", required=True, help="OUT.jsonl, OUT.parquet or OUT.csv")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true", help="keep the output's done items, go on")
    p.add_argument("--merge", action="store_true", help="write incidents, not article records")
    p.add_argument("--only-outages", action="store_true", help="drop non-outage records")
    p.add_argument("--chunk-size", type=int, default=16, help="items sent to a worker at once")
    p.add_argument("--model", help="a saved pipeline folder (default: the shipped one)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="URL fetch timeout (s)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="URL size cap")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a TTY")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        output_format(Path(args.output))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = run_batch(
        args.sources,
        args.output,
        workers=max(1, args.workers),
        resume=args.resume,
        merge=args.merge,
        only_outages=args.only_outages,
        chunk_size=max(1, args.chunk_size),
        model=args.model,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
        progress=False if args.no_progress else None,
    )
    print(summary.text(), file=sys.stderr)
    return 0
