"""The on-disk cache gives back exactly what `re.compile` and YAML give, and falls back to them on
anything unexpected."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from arabic_outage import disk_cache
from arabic_outage.temporal import durations

PATTERNS = [
    r"(?<![\w])[وف]?(?:ال|لل)?(?P<cue>تعطل|توقف(?:ت)?)(?!\w)",
    r"(?P<n>\d+)\s{1,4}(?P<unit>ساع(?:ه|ات)|دقيق(?:ه|ة))",
    r"^[\"'«(]|[)»\"'.,]$",
]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARABIC_OUTAGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ARABIC_OUTAGE_CACHE", raising=False)
    monkeypatch.setattr(disk_cache, "_entries", None)
    monkeypatch.setattr(disk_cache, "_dirty", False)
    monkeypatch.setattr(disk_cache, "counts", {"hits": 0, "stored": 0})
    return tmp_path


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process read, as a new process would."""
    monkeypatch.setattr(disk_cache, "_entries", None)
    monkeypatch.setattr(disk_cache, "counts", {"hits": 0, "stored": 0})


def test_stored_then_read_back_equal_to_re_compile(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [disk_cache.compile(p) for p in PATTERNS]
    assert first == [re.compile(p) for p in PATTERNS]
    assert disk_cache.counts == {"hits": 0, "stored": 3}
    disk_cache.save()
    path = disk_cache.cache_path()
    assert path is not None and path.parent == cache_dir and path.exists()

    _new_process(monkeypatch)
    again = [disk_cache.compile(p) for p in PATTERNS]
    assert disk_cache.counts == {"hits": 3, "stored": 0}
    assert again == [re.compile(p) for p in PATTERNS]
    assert again[1].match("3  ساعات").groupdict() == {"n": "3", "unit": "ساعات"}
    assert again[0].groupindex == {"cue": 1}


def test_a_big_grammar_round_trips(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = durations.measure_pattern()
    assert disk_cache.compile(pattern) == re.compile(pattern)
    disk_cache.save()
    _new_process(monkeypatch)
    rebuilt = disk_cache.compile(pattern)
    assert disk_cache.counts["hits"] == 1
    assert rebuilt == re.compile(pattern)
    m = rebuilt.match("ثلاث ساعات ونصف")
    assert m is not None and (m.group("unit"), m.group("frac")) == ("ساعات", "نصف")


def _saved(pattern: str) -> tuple[Path, dict[str, Any]]:
    """The cache file after compiling `pattern` alone, and what it holds."""
    disk_cache.compile(pattern)
    disk_cache.save()
    path = disk_cache.cache_path()
    assert path is not None
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_damaged_file_or_entry_falls_back(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, data = _saved(PATTERNS[1])
    (key,) = data["entries"]
    data["entries"][key][1] = [9999, 1, 2]  # a program `_sre` rejects
    path.write_text(json.dumps(data), encoding="utf-8")
    _new_process(monkeypatch)
    assert disk_cache.compile(PATTERNS[1]) == re.compile(PATTERNS[1])
    assert disk_cache.counts == {"hits": 0, "stored": 1}  # compiled again and replaced

    path.write_text("{not json", encoding="utf-8")
    _new_process(monkeypatch)
    assert disk_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])


def test_other_python_build_is_ignored(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, data = _saved(PATTERNS[2])
    path.write_text(json.dumps({**data, "python": "2.7.18"}), encoding="utf-8")
    _new_process(monkeypatch)
    disk_cache.compile(PATTERNS[2])
    assert disk_cache.counts == {"hits": 0, "stored": 1}


def test_turned_off(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARABIC_OUTAGE_CACHE", "0")
    assert disk_cache.cache_path() is None and disk_cache.cache_dir() is None
    assert disk_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    disk_cache.save()
    source = tmp_path / "units.yaml"
    source.write_text("hour: [ساعة, ساعات]\n", encoding="utf-8")
    assert disk_cache.load_yaml(source) == {"hour": ["ساعة", "ساعات"]}
    assert list(cache_dir.iterdir()) == [source]  # (the cache folder is tmp_path)


def test_unwritable_directory_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ARABIC_OUTAGE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(disk_cache, "_entries", None)
    assert disk_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    disk_cache.save()  # cannot create the directory: nothing raised, nothing written
    assert blocker.read_text() == ""


def test_second_process_reads_every_grammar_from_the_cache(tmp_path: Path) -> None:
    code = (
        "import json, arabic_outage\n"
        "from arabic_outage import disk_cache\n"
        "r = arabic_outage.extract('تعطل واتساب مساء أمس لمدة ساعتين')\n"
        "print(json.dumps([disk_cache.counts, r.duration.minutes]))\n"
    )
    env = {"ARABIC_OUTAGE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    (first, minutes1), (second, minutes2) = runs
    assert first["hits"] == 0 and first["stored"] >= 10
    assert second == {"hits": first["stored"], "stored": 0}
    assert minutes1 == minutes2 == 120


def test_yaml_copy_read_back_while_unchanged(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "vendors.yaml"
    source.write_text("- name: OpenAI\n  aliases: [أوبن إيه آي, اوبن ايه اي]\n", encoding="utf-8")
    expected = [{"name": "OpenAI", "aliases": ["أوبن إيه آي", "اوبن ايه اي"]}]
    assert disk_cache.load_yaml(source) == expected
    (copy,) = (cache_dir / "data").iterdir()
    assert json.loads(copy.read_text(encoding="utf-8")) == expected

    copy.write_text(json.dumps([{"name": "from the copy"}]), encoding="utf-8")
    assert disk_cache.load_yaml(source) == [{"name": "from the copy"}]  # the copy is what is read

    source.write_text("- name: Meta\n", encoding="utf-8")  # an edit: parsed again
    assert disk_cache.load_yaml(source) == [{"name": "Meta"}]


def test_yaml_that_json_cannot_hold_is_not_copied(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "numbers.yaml"
    source.write_text("1: واحد\nday: 2025-10-29\n", encoding="utf-8")
    data = disk_cache.load_yaml(source)
    assert data[1] == "واحد" and str(data["day"]) == "2025-10-29"
    assert not (cache_dir / "data").exists()
    source.write_text("1: واحد\n", encoding="utf-8")  # int keys would come back as strings
    assert disk_cache.load_yaml(source) == {1: "واحد"}
    assert not (cache_dir / "data").exists()
