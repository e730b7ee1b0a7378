"""The on-disk cache of compiled grammars gives back exactly what `re.compile` gives, and falls
back to `re.compile` on anything unexpected."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from arabic_outage import regex_cache
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
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_dirty", False)
    monkeypatch.setattr(regex_cache, "counts", {"hits": 0, "stored": 0})
    return tmp_path


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process read, as a new process would."""
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "counts", {"hits": 0, "stored": 0})


def test_stored_then_read_back_equal_to_re_compile(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [regex_cache.compile(p) for p in PATTERNS]
    assert first == [re.compile(p) for p in PATTERNS]
    assert regex_cache.counts == {"hits": 0, "stored": 3}
    regex_cache.save()
    path = regex_cache.cache_path()
    assert path is not None and path.parent == cache_dir and path.exists()

    _new_process(monkeypatch)
    again = [regex_cache.compile(p) for p in PATTERNS]
    assert regex_cache.counts == {"hits": 3, "stored": 0}
    assert again == [re.compile(p) for p in PATTERNS]
    assert again[1].match("3  ساعات").groupdict() == {"n": "3", "unit": "ساعات"}
    assert again[0].groupindex == {"cue": 1}


def test_a_big_grammar_round_trips(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = durations.measure_pattern()
    assert regex_cache.compile(pattern) == re.compile(pattern)
    regex_cache.save()
    _new_process(monkeypatch)
    rebuilt = regex_cache.compile(pattern)
    assert regex_cache.counts["hits"] == 1
    assert rebuilt == re.compile(pattern)
    m = rebuilt.match("ثلاث ساعات ونصف")
    assert m is not None and (m.group("unit"), m.group("frac")) == ("ساعات", "نصف")


def test_damaged_file_or_entry_falls_back(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regex_cache.compile(PATTERNS[1])
    regex_cache.save()
    path = regex_cache.cache_path()
    assert path is not None
    data = json.loads(path.read_text(encoding="utf-8"))
    (key,) = data["entries"]
    data["entries"][key][1] = [9999, 1, 2]  # a program `_sre` rejects
    path.write_text(json.dumps(data), encoding="utf-8")
    _new_process(monkeypatch)
    assert regex_cache.compile(PATTERNS[1]) == re.compile(PATTERNS[1])
    assert regex_cache.counts == {"hits": 0, "stored": 1}  # compiled again and replaced

    path.write_text("{not json", encoding="utf-8")
    _new_process(monkeypatch)
    assert regex_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])


def test_other_python_build_is_ignored(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regex_cache.compile(PATTERNS[2])
    regex_cache.save()
    path = regex_cache.cache_path()
    assert path is not None
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "python": "2.7.18"}), encoding="utf-8")
    _new_process(monkeypatch)
    regex_cache.compile(PATTERNS[2])
    assert regex_cache.counts == {"hits": 0, "stored": 1}


def test_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARABIC_OUTAGE_CACHE", "0")
    assert regex_cache.cache_path() is None
    assert regex_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    regex_cache.save()
    assert list(cache_dir.iterdir()) == []


def test_unwritable_directory_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ARABIC_OUTAGE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(regex_cache, "_entries", None)
    assert regex_cache.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    regex_cache.save()  # cannot create the directory: nothing raised, nothing written
    assert blocker.read_text() == ""


def test_second_process_reads_every_grammar_from_the_cache(tmp_path: Path) -> None:
    code = (
        "import json, arabic_outage\n"
        "from arabic_outage import regex_cache\n"
        "r = arabic_outage.extract('تعطل واتساب مساء أمس لمدة ساعتين')\n"
        "print(json.dumps([regex_cache.counts, r.duration.minutes]))\n"
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
