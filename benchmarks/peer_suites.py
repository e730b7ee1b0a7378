"""Run two public parsers' Arabic test cases (Duckling, dateparser) on arabic_outage.temporal.

    python benchmarks/peer_suites.py [--shared ../shared]

Reads ../shared/peer/duckling_ar.json and dateparser_ar.json (relative to the repo) and prints
one pass rate per suite. How each peer case maps onto our API:

- Duckling numerals -> parse_number == value; durations -> parse_duration (minutes, or unit and
  value for months and years). "لحظة" (a moment) is one second for Duckling and vague for us, by
  design (see models/temporal/units.yaml): listed in DIVERGENT and reported apart.
- Duckling times -> parse_time(text, published=Duckling's reference day), compared on the local
  date, and on the clock time when the case's grain is an hour or finer (a bare clock time gets
  no date by our convention, so there the time alone is compared). Duckling resolves
  towards the future and news towards the past, so weekday cases differ by design; reported only.
- dateparser relative dates ("منذ 3 أيام", "يوم أمس") -> the day `now` minus the offset: a point
  from parse_time, else a publication-anchored offset from find_offsets, else the durations of a
  bare amount list (dateparser's freshness parser reads "1 عام, 1 شهر" as that long ago).
  Compared at the case's period (a day). Its translation cases ("منذ ساعتين" -> "ago 2 hour")
  are checked the same way. Hijri and absolute date cases are reported; split / language
  detection cases are not parsing cases and are skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arabic_outage.normalize import normalize  # noqa: E402
from arabic_outage.temporal import (  # noqa: E402
    find_durations,
    find_offsets,
    find_times,
    parse_duration,
    parse_number,
    parse_time,
)

DIVERGENT = {"لحظة": "a moment is vague for us (minutes=None), not one second"}


@dataclass
class Suite:
    name: str
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(what)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def shared_dir(explicit: str | None = None) -> Path | None:
    path = Path(explicit) if explicit else ROOT.parent / "shared"
    return path if (path / "peer").is_dir() else None


def load(shared: Path, name: str) -> dict[str, Any]:
    return json.loads((shared / "peer" / name).read_text(encoding="utf-8"))


# --- Duckling -----------------------------------------------------------------------------------


def duckling_numerals(data: dict[str, Any]) -> Suite:
    s = Suite("duckling numerals")
    for case in data["numeral"]:
        got = parse_number(case["text"])
        s.add(got is not None and abs(got - case["value"]) < 1e-9, f"{case['text']} -> {got}")
    return s


def duckling_durations(data: dict[str, Any]) -> tuple[Suite, Suite]:
    """(all cases, cases outside DIVERGENT)."""
    raw, kept = Suite("duckling durations (all)"), Suite("duckling durations")
    for case in data["duration"]:
        d = parse_duration(case["text"])
        ok = d is not None and d.unit == case["unit"] and d.value == case["value"]
        if "minutes" in case:
            ok = ok and d is not None and d.minutes is not None
            ok = ok and abs((d.minutes or 0) - case["minutes"]) < 1e-9
        what = f"{case['text']} -> {None if d is None else (d.minutes, d.unit, d.value)}"
        raw.add(ok, what)
        if case["text"] not in DIVERGENT:
            kept.add(ok, what)
    return raw, kept


def duckling_times(data: dict[str, Any]) -> Suite:
    s = Suite("duckling times (future-preferring; reported only)")
    ref = datetime.fromisoformat(data["time_reference"]["local"]).date()
    for case in data["time"]:
        if case.get("type") != "value":
            continue
        expected = datetime.fromisoformat(case["expected"][:19])
        tp = parse_time(case["text"], ref)
        clock = case["grain"] in ("hour", "minute", "second")
        # a bare clock time gets no date by our convention (the GUIDE's): compare its time
        ok = tp is not None and (tp.date == expected.date().isoformat() or (clock and not tp.date))
        if clock:
            ok = ok and tp is not None and tp.time == expected.strftime("%H:%M")
        s.add(ok, f"{case['text']} -> {None if tp is None else (tp.date, tp.time)}")
    return s


# --- dateparser ---------------------------------------------------------------------------------


def _months_back(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 - months, 12)
    return d.replace(year=d.year + y, month=m + 1)


def ago(text: str, now: datetime) -> datetime | None:
    """The moment a relative phrase names, reading it the way news does (towards the past)."""
    tp = parse_time(text, now)
    if tp is not None and tp.date:
        return datetime.fromisoformat(tp.date).replace(hour=now.hour, minute=now.minute)
    n = normalize(text)
    offs = [m.value for m in find_offsets(n.text) if m.value.relative_to == "publication"]
    if offs and offs[0].minutes is not None:
        return now - timedelta(minutes=offs[0].minutes)
    durs = [m.value for m in find_durations(n.text)]
    if not durs or any(d.value is None for d in durs):
        return None
    out = now
    for d in durs:
        if d.unit in ("month", "year"):
            out = _months_back(out, int(d.value or 0) * (12 if d.unit == "year" else 1))
        else:
            out -= timedelta(minutes=d.minutes or 0)
    return out


_EN = re.compile(r"(?:(ago) )?(\d+) (second|minute|hour|day|week|month|year)(?: (ago))?")


def _translated(case: dict[str, Any], now: datetime) -> bool | None:
    """A freshness translation ("منذ ساعتين" -> "ago 2 hour"); None if not one."""
    m = _EN.fullmatch(str(case["expected"]))
    if m is None:
        return None
    amount, unit, is_ago = int(m.group(2)), m.group(3), bool(m.group(1) or m.group(4))
    if is_ago:
        got = ago(case["text"], now)
        want = (
            _months_back(now, amount * (12 if unit == "year" else 1))
            if unit in ("month", "year")
            else now - timedelta(**{unit + "s": amount})
        )
        return got is not None and got.date() == want.date()
    d = parse_duration(case["text"])
    return d is not None and d.unit == unit and d.value == amount


def dateparser_suites(data: dict[str, Any]) -> tuple[Suite, Suite, Suite]:
    rel = Suite("dateparser relative dates")
    hijri = Suite("dateparser Hijri dates (tabular calendar; reported only)")
    absolute = Suite("dateparser absolute dates (reported only)")
    for case in data["examples"]:
        test, text = case["test"], case["text"]
        now_text = (case.get("settings") or {}).get("now")
        if "freshness" in case["check"] and "ago" in case["expected"]:
            now = datetime.fromisoformat(now_text)
            got = ago(text, now)
            want = datetime.fromisoformat(case["expected"]["date_obj"])
            rel.add(got is not None and got.date() == want.date(), f"{text} -> {got}")
        elif "test_freshness_translation" in test:
            ok = _translated(case, datetime(2014, 9, 1, 10, 30))
            if ok is not None:
                rel.add(ok, f"{text} -> {case['expected']}")
        elif "test_hijri" in test:
            tp = parse_time(text)
            want = datetime.fromisoformat(case["expected"])
            ok = tp is not None and tp.date == want.date().isoformat()
            ok = ok and tp is not None and tp.time == want.strftime("%H:%M")
            hijri.add(ok, f"{text} -> {None if tp is None else (tp.date, tp.time)} want {want}")
        elif "test_translation" in test:
            tp = parse_time(text)
            want = datetime.strptime(case["expected"], "%d %B %Y %I:%M %p")
            ok = tp is not None and tp.date == want.date().isoformat()
            absolute.add(ok and tp is not None and tp.time == want.strftime("%H:%M"), text)
        elif "test_search_and_parse" in test:
            base = date.fromisoformat(case["settings"]["RELATIVE_BASE"][:10])
            got = {m.value.date for m in find_times(normalize(text).text, base)}
            want = {d[:10] for _, d in case["expected"]}
            absolute.add(want <= got, f"search: {sorted(want - got)} missing")
    return rel, hijri, absolute


def run(shared: Path) -> dict[str, Suite]:
    duck, dp = load(shared, "duckling_ar.json"), load(shared, "dateparser_ar.json")
    raw, kept = duckling_durations(duck)
    rel, hijri, absolute = dateparser_suites(dp)
    suites = [duckling_numerals(duck), kept, raw, rel, duckling_times(duck), hijri, absolute]
    return {s.name: s for s in suites}


def report(suites: dict[str, Suite], show: Callable[[str], None] = print) -> None:
    show("| suite | passed | rate |")
    show("|---|---:|---:|")
    for s in suites.values():
        show(f"| {s.name} | {s.passed}/{s.total} | {s.rate:.1%} |")
    show("")
    show("Documented divergences: " + "; ".join(f"{k}: {v}" for k, v in DIVERGENT.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", help="the shared/ folder (default: ../shared beside the repo)")
    ap.add_argument("--failures", action="store_true", help="list the failing cases")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    if shared is None:
        print("peer suites not found (expected ../shared/peer)", file=sys.stderr)
        return 2
    suites = run(shared)
    report(suites)
    if args.failures:
        for s in suites.values():
            for f in s.failures:
                print(f"- [{s.name}] {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
