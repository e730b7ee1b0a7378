"""Agreement of the temporal grammar with the gold corpus, phrase by phrase.

    python benchmarks/gold_phrases.py [--shared ../shared] [--errors]

Every gold `duration.text`, `start.text` and `offsets[].text` of ../shared/corpus/dev is parsed
alone: parse_duration, parse_time(published=the article's), and the longest of find_offsets.
Prints the share of phrases whose parsed value equals the gold one, per field. A phrase alone
cannot see the rest of its article: where the gold date of a start comes from elsewhere in the
text (a bare clock time in an article that names the day in another sentence), the phrase gives
no date; those rows are counted apart as "date from context".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arabic_outage.normalize import normalize  # noqa: E402
from arabic_outage.temporal import find_offsets, parse_duration, parse_time  # noqa: E402

FIELDS = {
    "duration": ("minutes", "qualifier", "min_minutes"),
    "start": ("date", "time", "timezone", "part_of_day"),
    "offsets": ("minutes", "approx", "relative_to"),
}


def _offset(text: str) -> Any:
    found = find_offsets(normalize(text).text)
    return max(found, key=lambda m: m.end - m.start).value if found else None


def compare(shared: Path) -> tuple[dict[str, dict[str, list[bool]]], list[str]]:
    scores: dict[str, dict[str, list[bool]]] = {k: {f: [] for f in fs} for k, fs in FIELDS.items()}
    scores["start"]["date (phrase names the day)"] = []
    errors: list[str] = []
    for path in sorted((shared / "corpus" / "dev").glob("*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        gold, pub = art["gold"], art.get("published")
        items: list[tuple[str, dict[str, Any], Any]] = []
        if gold.get("duration"):
            items.append(("duration", gold["duration"], parse_duration(gold["duration"]["text"])))
        if gold.get("start"):
            items.append(("start", gold["start"], parse_time(gold["start"]["text"], pub)))
        for off in gold.get("offsets") or []:
            items.append(("offsets", off, _offset(off["text"])))
        for kind, want, got in items:
            for f in FIELDS[kind]:
                have = getattr(got, f, None) if got is not None else None
                expected = want.get(f)
                ok = have == expected
                scores[kind][f].append(ok)
                if not ok:
                    errors.append(
                        f"{art['id']} {kind}.{f}: {want['text']!r} gold={expected!r} ours={have!r}"
                    )
            if kind == "start" and (got is None or got.date is not None or want["date"] is None):
                scores["start"]["date (phrase names the day)"].append(
                    got is not None and got.date == want["date"]
                )
    return scores, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="gold phrase agreement")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "corpus" / "dev").is_dir():
        print(f"no gold corpus at {shared / 'corpus' / 'dev'}", file=sys.stderr)
        return 2
    scores, errors = compare(shared)
    print("| field | agree | share |")
    print("|---|---:|---:|")
    for kind, fields in scores.items():
        for f, oks in fields.items():
            print(f"| {kind}.{f} | {sum(oks)}/{len(oks)} | {sum(oks) / max(len(oks), 1):.1%} |")
    if args.errors:
        print()
        for e in errors:
            print("-", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
