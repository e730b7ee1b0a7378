"""Speed of the extractor next to what a user would otherwise run, all measured in one run here.

    python benchmarks/bench.py [--quick] [--out benchmarks/results]

Prints a table and writes `bench.json` and `bench.md` to `--out`. Sections:

* latency    per-article wall time (median, p95) and articles/s on one core, on distinct articles
             of our own writing (`benchmarks/corpus/make_corpus.py`); in the same run, on the same
             texts: the floor (camel-tools normalisation chain + spaCy blank("ar") tokenisation) and
             `dateparser.search.search_dates(text, languages=["ar"])`;
* first sight the same three on articles none of them has seen (`benchmarks/corpus/fresh/`), each
             timed once, in a fresh process warmed on the generated corpus: the generated articles
             reuse a few dozen sources' words, so spaCy's tokenizer cache and vocabulary and the
             extractor's word readings are warm there, as they are not for a feed's new words;
* scaling    CPU time against length: 1K, 10K, 100K and 1M characters of concatenated articles;
* cold start a fresh process from `import arabic_outage` to the first record (and the floor's);
* memory     peak RSS of a subprocess running `Extractor.pipe` over 10,000 and 2,000 articles;
* batch      `arabic-outage batch` with 1 and 2 workers (items/s once the pipelines are loaded).

The machine is shared, so the load average at start and end is recorded with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "corpus"))

from make_corpus import build, fresh_articles, source_articles  # noqa: E402

SEED_CHARS = 2100  # the "seed-size article"


# ---------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """CPU model, cores, Python and library versions, load average."""
    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version  # not imports: the parent stays small (see MEMORY)

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            name: version(name)
            for name in ("arabic-outage", "spacy", "camel-tools", "dateparser", "pydantic", "torch")
        },
        "load_average_start": os.getloadavg(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


# ---------------------------------------------------------------- helpers


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """Wall seconds of one call `fn(*args, **kwargs)`, and what it returned."""
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def cpu_timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, float, Any]:
    """CPU seconds and wall seconds of one call, and what it returned. Multi-second runs on a
    shared machine lose a varying share of their wall time to other processes; CPU time does not."""
    cpu, start = time.process_time(), time.perf_counter()
    value = fn(*args, **kwargs)
    return time.process_time() - cpu, time.perf_counter() - start, value


def summary(seconds: list[float]) -> dict[str, float]:
    """Median / p95 / mean in ms and the rate they imply."""
    return {
        "median_ms": statistics.median(seconds) * 1e3,
        "p95_ms": pct(seconds, 0.95) * 1e3,
        "mean_ms": statistics.fmean(seconds) * 1e3,
        "per_second": len(seconds) / sum(seconds),
        "n": len(seconds),
    }


def floor_fns() -> tuple[Callable[[str], str], Callable[[str], object]]:
    """camel-tools' normalisation chain and spaCy's blank Arabic tokenizer, as a user calls them."""
    import spacy
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    def normalise(text: str) -> str:
        text = normalize_unicode(text)
        text = dediac_ar(text)
        text = normalize_alef_ar(text)
        text = normalize_alef_maksura_ar(text)
        return str(normalize_teh_marbuta_ar(text))

    return normalise, spacy.blank("ar").tokenizer


# ---------------------------------------------------------------- latency


def latency(articles: list[dict[str, Any]], passes: int, dp_every: int) -> dict[str, Any]:
    """The extractor, the floor (normalise, tokenise) and search_dates, each over the articles
    in its own block, `passes` times."""
    from dateparser.search import search_dates

    import arabic_outage

    ex = arabic_outage.load()
    normalise, tokenise = floor_fns()
    _warm(source_articles(), ex, normalise, tokenise)  # other texts: lazy tables, regex caches
    search_dates(source_articles()[0]["text"], languages=["ar"])
    runs = _runs()
    for _ in range(passes):
        _time_blocks(runs, articles, ex, normalise, tokenise, search_dates, dp_every)
    out: dict[str, Any] = {name: summary(values) for name, values in runs.items()}
    chars = [len(a["text"]) for a in articles]
    out["corpus"] = {
        "articles": len(articles),
        "passes": passes,
        "chars_median": statistics.median(chars),
        "chars_min": min(chars),
        "chars_max": max(chars),
        "search_dates_on": len(runs["search_dates"]),
    }
    return out


def _warm(
    articles: list[dict[str, Any]],
    ex: Callable[..., Any],
    normalise: Callable[[str], str],
    tokenise: Callable[[str], object],
) -> None:
    """Run the extractor and the floor over `articles`, untimed."""
    for art in articles:
        ex(art["text"], published=art["published"])
        tokenise(normalise(art["text"]))


def _runs() -> dict[str, list[float]]:
    names = ("extractor", "extractor_cpu", "normalise", "tokenise", "floor", "search_dates")
    return {name: [] for name in names}


def _time_blocks(
    runs: dict[str, list[float]],
    articles: list[dict[str, Any]],
    ex: Callable[..., Any],
    normalise: Callable[[str], str],
    tokenise: Callable[[str], object],
    search_dates: Callable[..., Any],
    dp_every: int = 1,
) -> int:
    """Each contestant over all `articles` in its own block, as a batch runs it: the extractor
    (wall and CPU time), the floor (normalise, tokenise), then `search_dates` on every
    `dp_every`-th. Timing each article in turn with the others let dateparser evict the
    extractor's data from the CPU caches, which a batch of records never does (about a fifth of
    the extractor's time here). Returns how many articles the extractor read as outages."""
    outages = 0
    for art in articles:
        cpu, wall, record = cpu_timed(ex, art["text"], published=art["published"])
        runs["extractor"].append(wall)
        runs["extractor_cpu"].append(cpu)
        outages += bool(record.is_outage)
    for art in articles:
        n_s, normalised = timed(normalise, art["text"])
        t_s = timed(tokenise, normalised)[0]
        runs["normalise"].append(n_s)
        runs["tokenise"].append(t_s)
        runs["floor"].append(n_s + t_s)
    for art in articles[::dp_every]:
        runs["search_dates"].append(timed(search_dates, art["text"], languages=["ar"])[0])
    return outages


def first_sight(warm: int) -> dict[str, Any]:
    """`latency` on the fresh articles, each timed once, in a new process warmed on `warm`
    generated articles (see the module docstring)."""
    return run_json(FIRST_SIGHT, [str(HERE), str(warm)])[0]


FIRST_SIGHT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import bench
print(json.dumps(bench.first_sight_here(int(sys.argv[2]))))
"""


def first_sight_here(warm: int) -> dict[str, Any]:
    """The first-sight section, in the process `first_sight` starts."""
    from dateparser.search import search_dates

    import arabic_outage

    ex = arabic_outage.load()
    normalise, tokenise = floor_fns()
    _warm(build(warm), ex, normalise, tokenise)
    for art in build(5, seed=99):
        search_dates(art["text"], languages=["ar"])
    fresh = fresh_articles()
    runs = _runs()
    outages = _time_blocks(runs, fresh, ex, normalise, tokenise, search_dates)
    out: dict[str, Any] = {name: summary(values) for name, values in runs.items()}
    chars = [len(a["text"]) for a in fresh]
    out["corpus"] = {
        "articles": len(fresh),
        "outages": outages,
        "warmed_on": warm,
        "chars_median": statistics.median(chars),
        "chars_min": min(chars),
        "chars_max": max(chars),
    }
    return out


# ---------------------------------------------------------------- scaling


def scaling(pool: list[dict[str, Any]], reps: dict[int, int]) -> list[dict[str, Any]]:
    """Latency for texts of 1K..1M characters: whole articles joined from a different first
    article each time, cut to length.

    The pool keeps the articles the extractor reads as outages, and each text starts at an
    article's lead: a text with no outage cues stops after the relevance scan, and the rows
    should time the whole extractor. Each row counts the texts that did go the whole way.
    """
    import arabic_outage

    ex = arabic_outage.load()
    outages = [a["text"] for a in pool if ex(a["text"]).is_outage]
    texts = {
        size: [_joined(outages, k * len(outages) // n, size) for k in range(n)]
        for size, n in reps.items()
    }
    texts = {size: ts for size, ts in texts.items() if all(len(t) >= size for t in ts)}
    ex(outages[0][:SEED_CHARS], published="2026-01-01")
    # Each length's runs are spread evenly over the section, so a drift in the shared machine's
    # speed (seconds long) falls on every length alike instead of on whichever ran then.
    order = sorted(
        ((k + 0.5) / len(ts), size, k) for size, ts in texts.items() for k in range(len(ts))
    )
    timings: dict[int, list[tuple[float, float, Any]]] = {size: [] for size in texts}
    paired: list[float] = []  # each 1M run against the 10K texts timed right around it
    for _, size, k in order:
        if size == 1_000_000 and 10_000 in texts:
            run, ratio = _paired(ex, texts[size][k], texts[10_000], k)
            paired.append(ratio)
        else:
            run = cpu_timed(ex, texts[size][k], published="2026-01-01")
        timings[size].append(run)
    rows = []
    for size, runs in timings.items():
        med = statistics.median(cpu for cpu, _, _ in runs)
        rows.append({
            "chars": size,
            "utf8_bytes": statistics.median(len(t.encode("utf-8")) for t in texts[size]),
            "runs": len(runs),
            "median_ms": med * 1e3,
            "wall_median_ms": statistics.median(wall for _, wall, _ in runs) * 1e3,
            "ms_per_10k_chars": med * 1e3 * 10_000 / size,
            "outages": sum(1 for _, _, record in runs if record.is_outage),
        })  # fmt: skip
    if paired:
        rows[-1]["paired_ratio_median"] = statistics.median(paired)
        rows[-1]["paired_ratios"] = paired
    return rows


def _paired(
    ex: Callable[..., Any], big: str, smalls: list[str], k: int
) -> tuple[tuple[float, float, Any], float]:
    """The timed run of `big` (1M characters), and its CPU time over 100x the mean of ten 10K
    texts timed just before and after it: a drift in the shared machine's speed falls on both
    sides of the ratio."""
    around = [smalls[(k * 3 + j) % len(smalls)] for j in range(10)]
    before = [cpu_timed(ex, t, published="2026-01-01")[0] for t in around[:5]]
    run = cpu_timed(ex, big, published="2026-01-01")
    after = [cpu_timed(ex, t, published="2026-01-01")[0] for t in around[5:]]
    return run, run[0] / (100 * statistics.fmean(before + after))


def _joined(texts: list[str], first: int, size: int) -> str:
    """Texts joined by blank lines from index `first` on (wrapping once), cut to `size`."""
    out: list[str] = []
    length = 0
    for text in texts[first:] + texts[:first]:
        if length >= size:
            break
        length += len(text) + (2 if out else 0)  # the joined length so far
        out.append(text)
    return "\n\n".join(out)[:size]


# ---------------------------------------------------------------- subprocesses

COLD = """
import json, sys, time
text, pub = json.loads(sys.stdin.read())
t0 = time.perf_counter()
import arabic_outage
record = arabic_outage.extract(text, published=pub)
t1 = time.perf_counter()
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")]
print(json.dumps({"seconds": t1 - t0, "is_outage": record.is_outage,
                  "vmhwm_mb": int(hwm[0].split()[1]) / 1024 if hwm else None}))
"""
COLD_FLOOR = """
import json, sys, time
text, pub = json.loads(sys.stdin.read())
t0 = time.perf_counter()
import spacy
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar, normalize_unicode)
norm = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(
    normalize_unicode(text)))))
doc = spacy.blank("ar").tokenizer(norm)
t1 = time.perf_counter()
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")]
print(json.dumps({"seconds": t1 - t0, "tokens": len(doc),
                  "vmhwm_mb": int(hwm[0].split()[1]) / 1024 if hwm else None}))
"""

# ru_maxrss survives fork + exec on Linux (a child starts with its parent's peak), so the benchmark
# runs its subprocesses before it loads anything big; VmHWM (this process image only) cross-checks.
MEMORY = """
import json, resource, sys, time
def peaks():
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")]
    vmhwm = int(hwm[0].split()[1]) / 1024 if hwm else None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, vmhwm
sys.path.insert(0, sys.argv[1])
from make_corpus import stream
import arabic_outage
ex = arabic_outage.load()
after_load = peaks()
n, t0, outages = int(sys.argv[2]), time.perf_counter(), 0
for record in ex.pipe(stream(n, seed=11)):
    outages += bool(record.is_outage)
peak = peaks()
print(json.dumps({"articles": n, "peak_rss_mb": peak[0], "vmhwm_mb": peak[1],
                  "rss_after_load_mb": after_load[0], "seconds": time.perf_counter() - t0,
                  "outages": outages}))
"""


def run_json(
    code: str, args: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> tuple[dict[str, Any], float]:
    """Run `code` in a fresh interpreter; its last stdout line as JSON, and the outer wall time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
        check=True, cwd=tempfile.gettempdir(), env={**os.environ, **(env or {})},
    )  # fmt: skip
    wall = time.perf_counter() - start
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def cold_start(reps: int) -> dict[str, Any]:
    """Fresh processes: import -> first record, and the floor's import -> first tokens.

    The extractor keeps its compiled grammars in an on-disk cache (`arabic_outage.disk_cache`):
    "extractor" is every process after the first (the cache primed by one unmeasured run),
    "extractor_first_run" the first process after installing (an empty cache each time).
    """
    seed = source_articles()[-1]  # models/examples/seed.json, ~2,000 chars
    payload = json.dumps([seed["text"], seed["published"]])
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as warm, tempfile.TemporaryDirectory() as scratch:
        run_json(COLD, [], payload, {"ARABIC_OUTAGE_CACHE_DIR": warm})
        variants: list[tuple[str, str, Callable[[int], dict[str, str]]]] = [
            ("extractor", COLD, lambda _: {"ARABIC_OUTAGE_CACHE_DIR": warm}),
            ("extractor_first_run", COLD,
             lambda i: {"ARABIC_OUTAGE_CACHE_DIR": os.path.join(scratch, str(i))}),
            ("floor", COLD_FLOOR, lambda _: {}),
        ]  # fmt: skip
        for name, code, env in variants:
            inner, outer, rss = [], [], []
            for i in range(reps):
                result, wall = run_json(code, [], payload, env(i))
                inner.append(result["seconds"])
                outer.append(wall)
                rss.append(result.get("vmhwm_mb") or 0.0)
            out[name] = {
                "median_s": statistics.median(inner),
                "min_s": min(inner),
                "process_wall_median_s": statistics.median(outer),
                "peak_rss_mb": max(rss),
                "runs": reps,
            }
    return out


def memory(sizes: list[int]) -> list[dict[str, Any]]:
    """Peak RSS (ru_maxrss) of `Extractor.pipe` over n distinct articles, one subprocess each."""
    return [run_json(MEMORY, [str(HERE / "corpus"), str(n)])[0] for n in sizes]


def batch(n: int, workers: list[int]) -> list[dict[str, Any]]:
    """`arabic-outage batch` over n articles with each worker count (rate after loading)."""
    exe = Path(sys.executable).with_name("arabic-outage")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for art in build(n, seed=23):
                fh.write(json.dumps(art, ensure_ascii=False) + "\n")
        for w in workers:
            out = Path(tmp) / f"out{w}.jsonl"
            cmd = [str(exe), "batch", str(src), "-o", str(out), "--workers", str(w)]
            start = time.perf_counter()
            proc = subprocess.run(
                [*cmd, "--no-progress"], capture_output=True, text=True, check=True
            )
            wall = time.perf_counter() - start
            said = proc.stdout + proc.stderr
            rate = re.search(r"([\d.]+) items/s", said)
            rows.append({
                "workers": w,
                "items": n,
                "items_per_s_after_load": float(rate.group(1)) if rate else None,
                "wall_s": wall,
                "items_per_s_wall": n / wall,
            })  # fmt: skip
    return rows


# ---------------------------------------------------------------- report


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value and whether it is met."""
    rows = {row["chars"]: row for row in r["scaling"]}
    out: list[tuple[str, float, str, bool | None]] = []
    for label, lat in (("", r["latency"]), (", first sight", r.get("first_sight"))):
        if not lat:
            continue
        ex_ms = lat["extractor"]["median_ms"]
        floor = ex_ms / lat["floor"]["median_ms"]
        dp = lat["search_dates"]["median_ms"] / ex_ms
        out += [
            (f"median per seed-size article{label}", ex_ms, "<= 1.0 ms", ex_ms <= 1.0),
            (f"extractor / floor{label}", floor, "<= 4x", floor <= 4),
            (f"search_dates / extractor{label}", dp, ">= 9x", dp >= 9),
        ]
    if 10_000 in rows and 1_000_000 in rows:
        ratio = rows[1_000_000].get("paired_ratio_median") or (
            rows[1_000_000]["median_ms"] / (100 * rows[10_000]["median_ms"])
        )
        out.append(("1M chars / (100 x 10K chars), paired", ratio, "<= 1.2x", ratio <= 1.2))
    cold = r["cold_start"]["extractor"]["median_s"]
    out.append(("cold start (import -> first record)", cold, "<= 1.5 s", cold <= 1.5))
    mem = r["memory"]
    if mem:
        peak = max(m["peak_rss_mb"] for m in mem)
        out.append((f"peak RSS, {mem[0]['articles']} articles", peak, "<= 300 MB", peak <= 300))
        if len(mem) > 1:
            growth = mem[0]["peak_rss_mb"] - mem[-1]["peak_rss_mb"]
            out.append(
                (f"RSS growth {mem[-1]['articles']} -> {mem[0]['articles']}", growth, "flat", None)
            )
    b = {row["workers"]: row["items_per_s_after_load"] for row in r["batch"]}
    if b.get(1) and b.get(2):
        out.append(("batch 2 workers / 1 worker", b[2] / b[1], ">= 1.7x", b[2] / b[1] >= 1.7))
    return [{"metric": m, "value": v, "target": t, "met": ok} for m, v, t, ok in out]


def markdown(r: dict[str, Any]) -> str:
    m, lat = r["machine"], r["latency"]
    corpus = lat["corpus"]
    lines = [
        "# arabic-outage speed benchmark",
        "",
        f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['platform']}; "
        f"load average {m['load_average_start'][0]:.1f} at start, "
        f"{m['load_average_end'][0]:.1f} at end ({m['date']}).",
        "",
        f"Corpus: {corpus['articles']} distinct articles x {corpus['passes']} pass(es), "
        f"median {corpus['chars_median']:.0f} chars ({corpus['chars_min']}-{corpus['chars_max']}); "
        f"search_dates on {corpus['search_dates_on']} of the samples.",
        "",
        f"Extractor CPU time per article: {lat['extractor_cpu']['mean_ms']:.2f} ms (wall median "
        f"{lat['extractor']['median_ms']:.2f} ms).",
        "",
        "| per article, one core | median ms | p95 ms | articles/s |",
        "|---|---:|---:|---:|",
    ]
    names = {
        "extractor": "**arabic-outage extractor** (full record)",
        "floor": "floor: camel-tools normalise + spaCy blank('ar') tokenise",
        "normalise": "  camel-tools normalisation chain",
        "tokenise": "  spaCy blank('ar') tokenizer",
        "search_dates": "dateparser `search_dates(text, languages=['ar'])`",
    }
    lines += _latency_rows(names, lat)
    fs = r.get("first_sight")
    if fs:
        fc = fs["corpus"]
        lines += [
            "",
            f"First sight: {fc['articles']} fresh articles ({fc['outages']} read as outages), "
            f"median {fc['chars_median']:.0f} chars ({fc['chars_min']}-{fc['chars_max']}), each "
            f"timed once in a new process warmed on {fc['warmed_on']} generated articles.",
            "",
            "| first sight, one core | median ms | p95 ms | articles/s |",
            "|---|---:|---:|---:|",
        ]
        lines += _latency_rows(names, fs)
    lines += [
        "",
        "Texts cut from concatenated outage articles; 'outages' counts the texts read as an outage"
        " (the whole extractor ran). Timed in CPU time (wall time beside it).",
        "",
        "| length (chars) | UTF-8 bytes | runs | outages | median CPU ms | wall ms |"
        " CPU ms per 10K chars |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in r["scaling"]:
        lines.append(
            f"| {row['chars']:,} | {row['utf8_bytes']:,.0f} | {row['runs']} | "
            f"{row.get('outages', '')} | {row['median_ms']:.1f} | "
            f"{row.get('wall_median_ms', row['median_ms']):.1f} | {row['ms_per_10k_chars']:.2f} |"
        )
    paired = r["scaling"][-1].get("paired_ratios") if r["scaling"] else None
    if paired:
        lines += [
            "",
            "Each 1M run against ten 10K texts timed right around it, CPU time / (100 x their "
            f"mean): {', '.join(f'{x:.2f}' for x in paired)} "
            f"(median {statistics.median(paired):.2f}).",
        ]
    c = r["cold_start"]
    lines += [
        "",
        f"Cold start, fresh process, import to first result (median of {c['extractor']['runs']}): "
        f"extractor {c['extractor']['median_s']:.2f} s (process wall "
        f"{c['extractor']['process_wall_median_s']:.2f} s, RSS at the first record "
        f"{c['extractor']['peak_rss_mb']:.0f} MB); the first process after installing, which "
        f"compiles the grammars and fills the regex cache: "
        f"{c['extractor_first_run']['median_s']:.2f} s; floor (import spaCy + camel-tools, "
        f"normalise + tokenise) {c['floor']['median_s']:.2f} s, "
        f"{c['floor']['peak_rss_mb']:.0f} MB.",
        "",
        "| batch | value |",
        "|---|---:|",
    ]
    for mem in r["memory"]:
        lines.append(
            f"| peak RSS, `Extractor.pipe` over {mem['articles']:,} articles | "
            f"{mem['peak_rss_mb']:.0f} MB (after load {mem['rss_after_load_mb']:.0f} MB, "
            f"VmHWM {mem['vmhwm_mb']:.0f} MB) |"
        )
    for row in r["batch"]:
        rate = row["items_per_s_after_load"]
        lines.append(
            f"| `arabic-outage batch`, {row['workers']} worker(s), {row['items']} items | "
            f"{rate:.1f} items/s after load ({row['items_per_s_wall']:.1f}/s wall) |"
        )
    lines += ["", "| target | measured | goal | met |", "|---|---:|---|---|"]
    for t in r["targets"]:
        met = "" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['metric']} | {t['value']:.2f} | {t['target']} | {met} |")
    return "\n".join(lines) + "\n"


def _latency_rows(names: dict[str, str], stats: dict[str, Any]) -> list[str]:
    return [
        f"| {label} | {stats[key]['median_ms']:.3f} | {stats[key]['p95_ms']:.3f} | "
        f"{stats[key]['per_second']:.0f} |"
        for key, label in names.items()
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a short run (smaller samples)")
    ap.add_argument("--out", default=str(HERE / "results"), help="folder for bench.json/.md")
    a = ap.parse_args()
    quick = a.quick
    result: dict[str, Any] = {"machine": machine(), "quick": quick}
    steps: list[tuple[str, Callable[[], Any]]] = [  # subprocesses first, while this one is small
        ("cold_start", lambda: cold_start(3 if quick else 5)),
        ("memory", lambda: memory([2_000, 400] if quick else [10_000, 2_000])),
        ("batch", lambda: batch(300 if quick else 1_500, [1, 2])),
        ("first_sight", lambda: first_sight(120 if quick else 400)),
        ("latency", lambda: latency(build(120 if quick else 400), *((1, 4) if quick else (3, 2)))),
        ("scaling", lambda: scaling(build(1000, seed=7), _scaling_reps(quick))),
    ]
    for name, step in steps:
        start = time.perf_counter()
        result[name] = step()
        print(f"[{name}: {time.perf_counter() - start:.0f} s]", file=sys.stderr, flush=True)
    result["machine"]["load_average_end"] = os.getloadavg()
    result["targets"] = targets(result)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    text = markdown(result)
    (out / "bench.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _scaling_reps(quick: bool) -> dict[int, int]:
    """How many distinct texts of each length to time."""
    if quick:
        return {1_000: 10, 10_000: 5, 100_000: 1, 1_000_000: 1}
    return {1_000: 40, 10_000: 15, 100_000: 5, 1_000_000: 5}


if __name__ == "__main__":
    raise SystemExit(main())
