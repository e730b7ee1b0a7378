"""The CLI: JSONL in, one record per line out, each with its id; bad lines become error records."""

import json
import subprocess
import sys
from pathlib import Path

from arabic_outage.cli import main


def _run(args: list[str]) -> int:
    return main(args)


def test_extract_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    items = [
        {
            "id": "a",
            "text": "تعطل تطبيق واتساب لدى آلاف المستخدمين حول العالم",
            "published": "2026-01-05",
        },
        {"id": "b", "text": "أطلقت جوجل ميزة جديدة في Gmail", "published": None},
    ]
    lines = [json.dumps(i, ensure_ascii=False) for i in items] + [
        "{not json",
        "",
        json.dumps({"id": "c", "text": 5}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run(["extract", str(src), "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b", f"{src}:3", "c"]
    assert records[0]["is_outage"] is True and records[0]["services"][0]["name"] == "WhatsApp"
    assert records[1]["is_outage"] is False
    assert "invalid JSON" in records[2]["error"]
    assert "TypeError" in records[3]["error"]


def test_extract_txt_file(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(
        "انقطعت خدمات الإنترنت الأرضي لدى الشركة المصرية للاتصالات لمدة 3 ساعات", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    assert _run(["extract", str(src), "-o", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "story"
    assert record["duration"]["minutes"] == 180


def test_stdin_and_console_script() -> None:
    item = json.dumps({"id": "x", "text": "توقف تطبيق إنستغرام عن العمل"}, ensure_ascii=False)
    proc = subprocess.run(
        [sys.executable, "-m", "arabic_outage.cli", "extract", "-"],
        input=item,
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(proc.stdout)
    assert record["id"] == "x" and record["vendor"]["name"] == "Meta"
