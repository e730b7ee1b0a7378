"""Score the extractor with the shared scorer; fail below a floor.

    python benchmarks/evaluate.py --shared ../shared [--floor 0.9] [--errors] [--out DIR]
    python benchmarks/evaluate.py --shared ../shared --gold tests/examples/articles.jsonl

The default gold is the shared dev corpus; `--gold` takes another folder of gold files or a JSONL
of articles whose annotation sits under "expected" (the project's own example articles).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import arabic_outage


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--floor", type=float, default=0.0, help="fail when core F1 is below this")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--out", help="keep the predictions and scores here")
    ap.add_argument("--gold", help="gold folder or JSONL (default: SHARED/corpus/dev)")
    a = ap.parse_args()
    shared = Path(a.shared)
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    gold = Path(a.gold) if a.gold else shared / "corpus/dev"
    docs = _gold_docs(gold)
    gold_file = out / "gold.jsonl"
    gold_file.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
    )
    extractor = arabic_outage.load()
    items = ({"id": d["id"], "text": d["text"], "published": d.get("published")} for d in docs)
    with (out / "pred.jsonl").open("w", encoding="utf-8") as fh:
        for record in extractor.pipe(items):
            fh.write(record.model_dump_json() + "\n")
    cmd = [
        sys.executable,
        str(shared / "eval/score.py"),
        "--gold",
        str(gold_file),
        "--pred",
        str(out / "pred.jsonl"),
        "--json",
        str(out / "scores.json"),
    ]
    subprocess.run(cmd + (["--errors"] if a.errors else []), check=True)
    core = json.loads((out / "scores.json").read_text())["core_f1"]
    if core < a.floor:
        print(f"FAIL: core F1 {core:.3f} is below the floor {a.floor:.3f}")
        return 1
    print(f"ok: core F1 {core:.3f} >= floor {a.floor:.3f}")
    return 0


def _gold_docs(path: Path) -> list[dict[str, object]]:
    if path.is_dir():
        docs = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(path.glob("*.json"))]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        docs = [json.loads(line) for line in lines if line.strip()]
    for d in docs:
        if "gold" not in d:
            d["gold"] = d.pop("expected")
    return docs


if __name__ == "__main__":
    sys.exit(main())
