"""Crash safety of `arabic-outage batch` (issue 7): a run over 1,000 items is killed with SIGKILL
at five random points (fixed seed) and resumed with `--resume` each time; at every kill the output
is whole lines plus at most one torn line, and the finished output holds every item exactly once,
each line the same record an uninterrupted run writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")

from arabic_outage.api import default_extractor  # noqa: E402
from arabic_outage.batch import extract_items  # noqa: E402
from arabic_outage.readers import iter_items  # noqa: E402

N_ITEMS = 1000
KILLS = 5
SEED = 20251127

APPS = ["واتساب", "إنستغرام", "يوتيوب", "ChatGPT", "تيليغرام", "سبوتيفاي", "جيميل", "إكس"]
DURATIONS = ["ساعتين", "3 ساعات", "45 دقيقة", "نحو ساعة", "٦ ساعات"]
TEMPLATES = [
    "تعطل تطبيق {app} لدى آلاف المستخدمين، وعاد للعمل بعد انقطاع استمر {dur}. ({n})",
    "أعلنت الشركة المالكة لتطبيق {app} عن ميزة جديدة للمستخدمين. ({n})",
    "اشتكى مستخدمو {app} من صعوبة في تسجيل الدخول صباح اليوم لمدة {dur}. ({n})",
]


def write_inputs(path: Path) -> list[str]:
    """1,000 input lines: small articles plus a few broken lines; the ids the output must hold."""
    lines: list[bytes] = []
    ids: list[str] = []
    for n in range(N_ITEMS):
        kind = n % 97
        where = f"{path}:{n + 1}"
        if kind == 13:  # not JSON
            lines.append(b'{"id": "broken", "text": ')
            ids.append(where)
        elif kind == 29:  # undecodable
            lines.append(b'{"id": "bad-bytes", "text": "\xd8\xff"}')
            ids.append(where)
        elif kind == 41:  # empty text: an error record under its own id
            lines.append(json.dumps({"id": f"item-{n:04d}", "text": " "}).encode())
            ids.append(f"item-{n:04d}")
        else:
            text = TEMPLATES[n % len(TEMPLATES)].format(
                app=APPS[n % len(APPS)], dur=DURATIONS[n % len(DURATIONS)], n=n
            )
            item = {"id": f"item-{n:04d}", "text": text, "published": "2025-06-10"}
            lines.append(json.dumps(item, ensure_ascii=False).encode())
            ids.append(item["id"])
    path.write_bytes(b"\n".join(lines) + b"\n")
    return ids


def _cli(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "arabic_outage.cli", "batch", str(src), "-o", str(out),
            "--workers", "1", "--chunk-size", "8", "--no-progress", *extra]  # fmt: skip


def complete_lines(out: Path) -> tuple[list[dict[str, Any]], bytes]:
    """The parsed complete lines of a (possibly killed) output, and the torn tail if any."""
    data = out.read_bytes() if out.exists() else b""
    body, _, tail = data.rpartition(b"\n")
    rows = [json.loads(line) for line in body.split(b"\n")] if body else []
    return rows, tail


def test_batch_killed_five_times_then_resumed_holds_every_item_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    src = tmp_path / "in.jsonl"
    expected = write_inputs(src)
    out = tmp_path / "out.jsonl"
    done_at_kill: list[int] = []
    for round_no in range(KILLS):
        before = len(complete_lines(out)[0])
        target = before + rng.randint(30, 150)
        args = _cli(src, out) if round_no == 0 else _cli(src, out, "--resume")
        proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= target:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.05))  # land anywhere: between lines, mid-chunk, mid-write
        assert proc.poll() is None, f"run {round_no} ended before its kill: {proc.stderr}"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
        if round_no == 2:  # a kill in the middle of a write, where the OS splits it: a torn line
            with out.open("ab") as fh:
                fh.write(json.dumps({"id": "torn", "text": "x" * 50}).encode()[:37])
        rows, tail = complete_lines(out)  # every complete line parses, even right after a kill
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids)), f"round {round_no}: an item was written twice"
        assert len(rows) >= target - 1 and len(tail) < 4096
        done_at_kill.append(len(rows))
    assert done_at_kill == sorted(done_at_kill) and done_at_kill[-1] < N_ITEMS
    finished = subprocess.run(
        _cli(src, out, "--resume"), capture_output=True, text=True, timeout=600, check=True
    )
    assert f"{done_at_kill[-1]} already done" in finished.stderr.strip().splitlines()[-1]

    rows, tail = complete_lines(out)
    assert tail == b""
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == N_ITEMS, "an item is missing or was written twice"
    assert sorted(ids) == sorted(expected)
    assert ids == expected, "the resumed output is not in input order"
    # Resumed lines are exactly what an uninterrupted run writes (errors and a sample of records).
    by_id = {r["id"]: r for r in rows}
    items = list(iter_items([str(src)]))
    sample = [i for i in items if i.error is not None] + random.Random(SEED).sample(items, 60)
    for result in extract_items(default_extractor(), sample):
        assert by_id[result.id] == json.loads(result.line), result.id
    assert sum(r["error"] is not None for r in rows) == sum(i.error is not None for i in items)
    assert sum(r["is_outage"] for r in rows) >= 0.5 * N_ITEMS
