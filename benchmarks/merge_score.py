"""Pairwise "same incident" precision and recall of `arabic_outage.merge` on the dev corpus.

    python benchmarks/merge_score.py [--shared ../shared] [--min-precision P] [--min-recall R]

Runs the extractor on every dev text, merges the records, and compares every pair of articles:
gold says "same" when both carry the same non-null `incident_key`; the merge says "same" when both
land in one incident. Pairs the two disagree on are listed, so a miss can be looked at.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import arabic_outage


def pair_scores(
    keys: dict[str, str | None], incident_of: dict[str, int]
) -> tuple[float, float, list[tuple[str, str, str]]]:
    """Precision, recall and the disagreeing pairs ("FP"/"FN", a, b)."""
    tp = fp = fn = 0
    wrong: list[tuple[str, str, str]] = []
    for a, b in combinations(sorted(keys), 2):
        gold = keys[a] is not None and keys[a] == keys[b]
        pred = a in incident_of and incident_of.get(a) == incident_of.get(b)
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        if gold != pred:
            wrong.append(("FP" if pred else "FN", a, b))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1] / "../shared"))
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    a = ap.parse_args()
    files = sorted((Path(a.shared) / "corpus/dev").glob("*.json"))
    docs: list[dict[str, Any]] = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    items = [{"id": d["id"], "text": d["text"], "published": d.get("published")} for d in docs]
    records = list(arabic_outage.load().pipe(items))
    incidents = arabic_outage.merge(records)
    incident_of = {aid: n for n, inc in enumerate(incidents) for aid in inc.article_ids}
    keys = {d["id"]: d.get("incident_key") for d in docs}
    precision, recall, wrong = pair_scores(keys, incident_of)
    for kind, x, y in wrong:
        print(f"{kind} {x} ~ {y}   gold keys: {keys[x]} / {keys[y]}")
    multi = [inc.article_ids for inc in incidents if len(inc.article_ids) > 1]
    print(f"{len(records)} articles, {len(incidents)} incidents, {len(multi)} with >1 article")
    print(f"pairwise same-incident precision {precision:.3f}, recall {recall:.3f}")
    return 0 if precision >= a.min_precision and recall >= a.min_recall else 1


if __name__ == "__main__":
    sys.exit(main())
