"""dateparser alone vs arabic_outage.temporal on the example table's time and duration rows.

    python benchmarks/temporal_vs_dateparser.py [--repeat 5]

dateparser runs as `dateparser.parse(text, languages=["ar"], settings={"RELATIVE_BASE": published,
"PREFER_DATES_FROM": "past"})` (published at noon; 2025-06-10 when the row has none). It returns a
datetime, so a row counts as right for it when:
- time rows: its date equals the expected date and its HH:MM the expected time, for whichever of
  the two the row expects (rows expecting neither, only a part of day or a zone, are scored on
  that date/time pair being absent: dateparser must return None);
- duration rows: its datetime is `published - minutes` (the only way a datetime can carry a
  length; months and years by calendar), and None for vague durations;
- rows expecting nothing: it returns None.
Our module is right when every field the row lists matches (as tests/test_temporal.py checks).
Times are per expression (median over expressions of the median of `--repeat` calls).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arabic_outage.temporal import parse_duration, parse_time  # noqa: E402

DEFAULT_PUBLISHED = date(2025, 6, 10)
META = {"kind", "text", "published", "none", "span"}


def rows() -> list[dict[str, Any]]:
    table = yaml.safe_load((ROOT / "tests" / "examples" / "temporal.yaml").read_text("utf-8"))
    return [r for r in table if r["kind"] in ("time", "duration")]


def base_of(row: dict[str, Any]) -> datetime:
    pub = row.get("published")
    day = date.fromisoformat(str(pub)[:10]) if pub else DEFAULT_PUBLISHED
    return datetime(day.year, day.month, day.day, 12, 0)


def ours(row: dict[str, Any]) -> Any:
    if row["kind"] == "duration":
        return parse_duration(row["text"])
    return parse_time(row["text"], row.get("published"))


def ours_right(row: dict[str, Any], value: Any) -> bool:
    if row.get("none"):
        return value is None
    if value is None:
        return False
    return all(getattr(value, k) == v for k, v in row.items() if k not in META)


def theirs(row: dict[str, Any]) -> datetime | None:
    import dateparser

    settings = {"RELATIVE_BASE": base_of(row), "PREFER_DATES_FROM": "past"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dateparser.parse(row["text"], languages=["ar"], settings=settings)  # type: ignore[arg-type]


def _months_back(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 - months, 12)
    return d.replace(year=d.year + y, month=m + 1)


def theirs_right(row: dict[str, Any], got: datetime | None) -> bool:
    if row.get("none"):
        return got is None
    if row["kind"] == "duration":
        base = base_of(row)
        if row.get("minutes") is not None:
            return got is not None and got.replace(tzinfo=None) == base - timedelta(
                minutes=row["minutes"]
            )
        if row.get("unit") in ("month", "year") and row.get("value"):
            months = int(row["value"] * (12 if row["unit"] == "year" else 1))
            return got is not None and got.date() == _months_back(base, months).date()
        return got is None
    want_date, want_time = row.get("date"), row.get("time")
    if want_date is None and want_time is None:
        return got is None
    if got is None:
        return False
    ok = want_date is None or got.date().isoformat() == want_date
    return ok and (want_time is None or got.strftime("%H:%M") == want_time)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="dateparser vs arabic_outage.temporal")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "temporal_vs_dateparser.md")
    )
    args = ap.parse_args(argv)
    table = rows()
    theirs(table[0])  # load dateparser's language data outside the timing
    ours(table[0])
    stats: dict[str, dict[str, list[Any]]] = {
        k: {"ours": [], "theirs": [], "t_ours": [], "t_theirs": []} for k in ("time", "duration")
    }
    for row in table:
        s = stats[row["kind"]]
        mine, t_mine = timed(lambda r=row: ours(r), args.repeat)
        dp, t_dp = timed(lambda r=row: theirs(r), args.repeat)
        s["ours"].append(ours_right(row, mine))
        s["theirs"].append(theirs_right(row, dp))
        s["t_ours"].append(t_mine)
        s["t_theirs"].append(t_dp)
    lines = [
        "# arabic_outage.temporal vs dateparser",
        "",
        f"Rows of tests/examples/temporal.yaml (time and duration); median time per expression "
        f"over {args.repeat} calls. Scoring rules: benchmarks/temporal_vs_dateparser.py.",
        "",
        "| rows | n | dateparser right | ours right | dateparser median | ours median |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, s in stats.items():
        n = len(s["ours"])
        t_theirs = statistics.median(s["t_theirs"]) * 1e3
        t_ours = statistics.median(s["t_ours"]) * 1e3
        lines.append(
            f"| {kind} | {n} | {sum(s['theirs']) / n:.1%} | {sum(s['ours']) / n:.1%} | "
            f"{t_theirs:.3f} ms | {t_ours:.3f} ms |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
