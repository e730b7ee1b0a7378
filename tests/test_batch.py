"""`arabic-outage batch`: one line per item (records or error records naming the reason), resumable
after a kill with every item exactly once, JSONL/Parquet/CSV output, --merge, --only-outages."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")

from arabic_outage.batch import Progress, Result, recover, run_batch  # noqa: E402

VENDORS = [
    ("واتساب", "Meta"),
    ("إنستغرام", "Meta"),
    ("يوتيوب", "Google"),
    ("جيميل", "Google"),
    ("ChatGPT", "OpenAI"),
    ("تيك توك", "TikTok"),
    ("تيليغرام", "Telegram"),
    ("سبوتيفاي", "Spotify"),
]
DURATIONS = [
    ("ساعتين", 120),
    ("3 ساعات", 180),
    ("45 دقيقة", 45),
    ("نحو ساعة", 60),
    ("6 ساعات", 360),
]
WHEN = ["صباح اليوم الثلاثاء", "مساء أمس", "فجر اليوم", "ظهر الأربعاء"]
OUTAGE = (
    "تعطل تطبيق {app} لدى آلاف المستخدمين حول العالم {when}، وأفاد موقع داون ديتيكتور بتلقي "
    "أكثر من {reports} بلاغ. وعاد التطبيق للعمل بعد انقطاع استمر {dur}. (خبر رقم {n})"
)
NOT_OUTAGE = (
    "أعلنت الشركة المالكة لتطبيق {app} عن ميزة جديدة تتيح للمستخدمين تنظيم المحادثات، "
    "وقالت إنها ستصل إلى جميع الهواتف خلال الأسابيع المقبلة. (خبر رقم {n})"
)


def _item_xml(guid: str, title: str, body: str, pub: str | None = None) -> str:
    date = f"<pubDate>{pub}</pubDate>" if pub else ""
    return (
        f'<item><guid isPermaLink="false">{escape(guid)}</guid><title>{escape(title)}</title>'
        f"<description>{escape('<p>' + body + '</p>') if body else ''}</description>{date}</item>\n"
    )


def build_feed(path: Path) -> dict[str, Any]:
    """A ≥200-item RSS feed with outages, non-outages, repeats, broken, undecodable and empty
    entries; returns what the output must hold."""
    parts: list[str] = []
    outages: dict[str, tuple[str, int]] = {}
    for n in range(160):
        app, vendor = VENDORS[n % len(VENDORS)]
        dur, minutes = DURATIONS[n % len(DURATIONS)]
        body = OUTAGE.format(app=app, when=WHEN[n % len(WHEN)], reports=1000 + 37 * n, dur=dur, n=n)
        guid = f"outage-{n}"
        parts.append(_item_xml(guid, f"عطل {app}", body, "Tue, 10 Jun 2025 08:00:00 +0300"))
        outages[guid] = (vendor, minutes)
    for n in range(40):
        app, _ = VENDORS[n % len(VENDORS)]
        parts.append(_item_xml(f"news-{n}", f"ميزة في {app}", NOT_OUTAGE.format(app=app, n=n)))
    for n in (3, 50, 77):  # the same entries again (feeds repeat items across refreshes)
        parts.append(parts[n])
    errors = {
        "broken-1": "empty text (entry has no content or summary)",
        "empty-1": "empty text (entry has no content or summary)",
        "bad-utf8": "invalid UTF-8 at byte offset",
    }
    parts.append('<item><guid isPermaLink="false">broken-1</guid><title>عنوان فقط</title></item>\n')
    parts.append(_item_xml("empty-1", "", ""))
    parts.append(_item_xml("bad-utf8", "عطل", "تعطل تطبيق BADBYTES واتساب لساعتين"))
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>اختبار'
        "</title>\n" + "".join(parts) + "</channel></rss>\n"
    )
    data = xml.encode("utf-8").replace(b"BADBYTES", b"\xff")
    path.write_bytes(data)
    ids = [f"outage-{n}" for n in range(160)] + [f"news-{n}" for n in range(40)] + list(errors)
    return {"ids": ids, "outages": outages, "errors": errors, "bad_offset": data.index(b"\xff")}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "arabic_outage.cli", "batch", *args]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_output(records: list[dict[str, Any]], expected: dict[str, Any], feed: Path) -> None:
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "an item was written twice"
    assert sorted(ids) == sorted(expected["ids"]), "an item is missing or unexpected"
    by_id = {r["id"]: r for r in records}
    for rid, reason in expected["errors"].items():
        assert reason in by_id[rid]["error"] and by_id[rid]["is_outage"] is False
    bad = by_id["bad-utf8"]["error"]
    assert bad.endswith(f"byte offset {expected['bad_offset']}") and str(feed) in bad
    ok = [r for r in records if r["id"] not in expected["errors"]]
    assert all(r["error"] is None for r in ok)
    outage_hits = [r for r in ok if r["id"] in expected["outages"] and r["is_outage"]]
    assert len(outage_hits) >= 0.9 * len(expected["outages"])
    vendor_ok = [r for r in outage_hits if r["vendor"]["name"] == expected["outages"][r["id"]][0]]
    assert len(vendor_ok) >= 0.9 * len(outage_hits)
    news = [r for r in ok if r["id"].startswith("news-")]
    assert sum(r["is_outage"] for r in news) <= 0.1 * len(news)
    first = by_id["outage-0"]
    assert first["published"].startswith("2025-06-10")


def test_feed_batch_killed_then_resumed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    expected = build_feed(feed)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        _cli(str(feed), "-o", str(out), "--workers", "2", "--chunk-size", "4"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 30:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers, mid-write
    proc.wait()
    written = out.read_bytes().count(b"\n")
    assert 30 <= written < len(expected["ids"])
    done = subprocess.run(
        _cli(str(feed), "-o", str(out), "--resume", "--workers", "2"),
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    check_output(_lines(out), expected, feed)
    summary = done.stderr.strip().splitlines()[-1]
    assert f"{written} already done" in summary or f"{written - 1} already done" in summary
    assert "3 duplicate ids skipped" in summary
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal


def test_feed_batch_single_worker_in_process(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    expected = build_feed(feed)
    out = tmp_path / "out.jsonl"
    summary = run_batch([str(feed)], out, workers=1, progress=False)
    check_output(_lines(out), expected, feed)
    assert summary.items == len(expected["ids"])
    assert summary.errors == 3 and summary.duplicates == 3
    assert summary.outages >= 0.9 * 160


def _small_inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    day = "2025-06-10"
    items = [
        {"id": "a", "text": "تعطل تطبيق واتساب لدى آلاف المستخدمين لمدة ساعتين", "published": day},
        {"id": "b", "text": "توقف واتساب عن العمل لنحو ساعتين اليوم", "published": day},
        {"id": "c", "text": "أطلقت جوجل ميزة جديدة في Gmail", "published": day},
        {"id": "d", "text": ""},
    ]
    src.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), "utf-8")
    return src


def test_resume_drops_a_torn_line_and_skips_done_ids(tmp_path: Path) -> None:
    src = _small_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch([str(src)], out, progress=False)
    full = out.read_bytes()
    lines = full.splitlines(keepends=True)
    out.write_bytes(lines[0] + lines[1][:25])  # killed while writing the second line
    assert recover(out) == {"a"}
    assert out.read_bytes() == lines[0]
    summary = run_batch([str(src)], out, resume=True, progress=False)
    assert summary.resumed == 1 and summary.items == 3
    assert out.read_bytes() == full
    assert [r["id"] for r in _lines(out)] == ["a", "b", "c", "d"]
    assert _lines(out)[3]["error"] == f"{src}:4: empty text"


def test_without_resume_the_output_is_replaced(tmp_path: Path) -> None:
    src = _small_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "stale"}\n', encoding="utf-8")
    run_batch([str(src)], out, progress=False)
    assert [r["id"] for r in _lines(out)] == ["a", "b", "c", "d"]


def test_output_inside_a_source_folder_is_not_read_back(tmp_path: Path) -> None:
    _small_inputs(tmp_path)
    out = tmp_path / "records.jsonl"
    run_batch([str(tmp_path)], out, progress=False)
    summary = run_batch([str(tmp_path)], out, resume=True, progress=False)
    assert [r["id"] for r in _lines(out)] == ["a", "b", "c", "d"]
    assert summary.items == 0 and summary.resumed == 4


def test_parquet_and_csv_are_flat(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    src = _small_inputs(tmp_path)
    for name, reader in (("out.parquet", pd.read_parquet), ("out.csv", pd.read_csv)):
        out = tmp_path / name
        run_batch([str(src)], out, progress=False)
        frame = reader(out)
        assert list(frame["id"]) == ["a", "b", "c", "d"]
        assert frame.loc[0, "vendor"] == "Meta" and frame.loc[0, "services"] == "WhatsApp"
        assert frame.loc[1, "duration_minutes"] == 120  # "لنحو ساعتين"
        assert bool(frame.loc[2, "is_outage"]) is False
        assert "empty text" in frame.loc[3, "error"]
        assert not (tmp_path / (name + ".partial.jsonl")).exists()


def test_merge_and_only_outages(tmp_path: Path) -> None:
    src = _small_inputs(tmp_path)
    merged = tmp_path / "incidents.jsonl"
    summary = run_batch([str(src)], merged, merge=True, progress=False)
    (incident,) = _lines(merged)
    assert incident["article_ids"] == ["a", "b"] and summary.incidents == 1
    assert incident["vendor"][0]["value"] == "Meta"
    assert {s["article_id"] for s in incident["vendor"][0]["support"]} == {"a", "b"}
    only = tmp_path / "outages.jsonl"
    run_batch([str(src)], only, only_outages=True, progress=False)
    assert [r["id"] for r in _lines(only)] == ["a", "b", "d"]  # errors stay visible


def test_cli_rejects_unknown_output_suffix(tmp_path: Path) -> None:
    proc = subprocess.run(_cli(str(tmp_path), "-o", str(tmp_path / "out.xlsx")),
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 2 and ".jsonl, .parquet or .csv" in proc.stderr


def test_progress_line_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = Progress(stream)
    bar.update(Result("a", "{}", True, False))
    bar._last = 0.0
    bar.update(Result("b", "{}", False, True))
    bar.close()
    text = stream.getvalue()
    assert "\r2 items | 1 outages | 1 errors |" in text and "items/s" in text
    quiet = io.StringIO()
    silent = Progress(quiet)
    silent.update(Result("a", "{}", True, False))
    assert quiet.getvalue() == ""
