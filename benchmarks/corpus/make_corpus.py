"""A deterministic benchmark corpus of distinct articles, built from the project's own examples,
and the fresh articles (`fresh/*.jsonl`) that no generated article borrows from.

    python benchmarks/corpus/make_corpus.py [--n 400] [--out benchmarks/corpus/articles.jsonl]

Sources: `tests/examples/articles.jsonl` and `models/examples/seed.json` (our own writing, never
`../shared`). Each generated article is one source article whose service names are permuted within
a kind (messaging apps, AI assistants, clouds, telecoms), whose plain numbers are redrawn, and which
borrows paragraphs from other sources until it reaches a seed-like length (1,700-2,500 chars, the
seed is ~2,000). Same `seed` and `n`, same corpus; every text is distinct.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "tests/examples/articles.jsonl", ROOT / "models/examples/seed.json")
# Articles written for the benchmark alone (outage reports and ordinary tech news, 1,700-2,500
# chars): their words are new to a process warmed on the generated corpus, as a feed's are.
FRESH = Path(__file__).parent / "fresh"

# Names swapped only with names of the same kind, so a variant still reads as one story.
SWAP_GROUPS = (
    ("واتساب", "إنستغرام", "فيسبوك", "تيليغرام", "يوتيوب", "تيك توك", "سناب شات", "نتفليكس"),
    ("ChatGPT", "Claude", "Gemini", "Copilot"),
    ("AWS", "Azure", "Cloudflare"),
    ("زين", "موبايلي", "فودافون", "اتصالات"),
)
# A plain integer of up to three digits (years stay): not part of a clock time, a date or a decimal
# ("09:15", "2026-05-21", "3.5").
NUMBER = re.compile(r"(?<![\d:/.,-])\d{1,3}(?![\d:/.,-])")
LENGTH = (1700, 2500)


def source_articles() -> list[dict[str, Any]]:
    """The project's own example articles: id, text, published."""
    jsonl, seed = SOURCES
    arts = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    arts.append(json.loads(seed.read_text(encoding="utf-8")))
    return [{"id": a["id"], "text": a["text"], "published": a.get("published")} for a in arts]


def fresh_articles() -> list[dict[str, Any]]:
    """The articles of `fresh/`, in file and line order: id, text, published, and `outage`,
    whether its writer reported an outage in it (15 of each file's 25)."""
    arts = []
    for path in sorted(FRESH.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                arts.append({k: a.get(k) for k in ("id", "text", "published", "outage")})
    return arts


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _swap_names(text: str, rng: random.Random) -> str:
    """Permute service names within each kind, all at once (no chained replacements)."""
    mapping: dict[str, str] = {}
    for group in SWAP_GROUPS:
        shuffled = list(group)
        rng.shuffle(shuffled)
        mapping.update(zip(group, shuffled))
    names = re.compile("|".join(re.escape(n) for n in sorted(mapping, key=len, reverse=True)))
    return names.sub(lambda m: mapping[m.group()], text)


def _redraw_numbers(text: str, rng: random.Random) -> str:
    """A new number of the same width for each plain integer (counts, minutes, reports)."""

    def draw(m: re.Match[str]) -> str:
        width = len(m.group())
        return str(rng.randint(10 ** (width - 1) if width > 1 else 1, 10**width - 1))

    return NUMBER.sub(draw, text)


def _variant(base: dict[str, Any], donors: list[list[str]], rng: random.Random) -> str:
    """`base` with swapped names, new numbers and borrowed paragraphs up to a seed-like length."""
    paras = _paragraphs(base["text"])
    target = rng.randint(*LENGTH)
    while sum(len(p) + 2 for p in paras) < target:
        donor = donors[rng.randrange(len(donors))]
        para = donor[rng.randrange(2, len(donor))]  # never the donor's header or title
        if para not in paras:
            paras.insert(max(1, len(paras) - 1), para)
    text = "\n\n".join(paras)
    return _redraw_numbers(_swap_names(text, rng), rng)


def stream(n: int = 400, seed: int = 6) -> Iterator[dict[str, Any]]:
    """`n` distinct articles (`{"id", "text", "published"}`) one at a time, the same for the same
    arguments; only a hash per article is kept, so a 10,000-article stream stays small."""
    sources = source_articles()
    donors = [ps for ps in (_paragraphs(a["text"]) for a in sources) if len(ps) > 2]
    rng = random.Random(seed)
    seen: set[bytes] = set()
    i = 0
    while len(seen) < n:
        base = sources[i % len(sources)]
        i += 1
        text = _variant(base, donors, rng)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        yield {"id": f"bench-{len(seen) - 1:05d}", "text": text, "published": base["published"]}


def build(n: int = 400, seed: int = 6) -> list[dict[str, Any]]:
    """`n` distinct articles as a list (see `stream`)."""
    return list(stream(n, seed))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out", default=str(Path(__file__).parent / "articles.jsonl"))
    a = ap.parse_args()
    arts = build(a.n, a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        for art in arts:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    sizes = sorted(len(x["text"]) for x in arts)
    print(
        f"{len(arts)} articles -> {a.out} (chars: median {sizes[len(sizes) // 2]}, "
        f"min {sizes[0]}, max {sizes[-1]})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
