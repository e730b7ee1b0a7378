"""Fuzz target: `arabic_outage.extract` on any bytes (decoded as UTF-8, bad bytes replaced).

It must not raise; every span must point at its own text; the record must fit the exported
schema; the same input must give the same record. Run it bounded with `.ci/fuzz.sh`, or:

    python fuzz/fuzz_extract.py -max_total_time=60 WORK_DIR fuzz/corpus/extract
    python fuzz/fuzz_extract.py --hypothesis 60
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

PUBLISHED = [None, "2025-06-10", "2024-02-29T23:30:00+03:00"]
_EXTRACTOR: list[Any] = []


def setup() -> None:
    import arabic_outage

    _EXTRACTOR.append(arabic_outage.load())
    _EXTRACTOR[0]("تعطل تطبيق واتساب لمدة ساعتين، بعد مرور ٣٥ دقيقة")  # compile the grammars


def known_bug(exc: BaseException) -> bool:
    """Bugs already reported and pinned by a strict xfail in tests/test_hardening.py; skipped here
    so the fuzzer looks for new ones. Delete an entry once its xfail passes."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    # A number too big for a float (>= 309 digits) is inf; facts.reports calls int() on it.
    return isinstance(exc, OverflowError) and frame.filename.endswith(
        os.path.join("extract", "facts.py")
    )


def test_one_input(data: bytes) -> None:
    if not _EXTRACTOR:
        setup()
    extractor = _EXTRACTOR[0]
    text = data.decode("utf-8", "replace")
    published = PUBLISHED[len(data) % len(PUBLISHED)]
    try:
        record = extractor(text, published=published, id="fuzz")
    except Exception as exc:
        if known_bug(exc):
            return
        raise
    if record.error is not None:
        raise AssertionError(f"extract gave an error record: {record.error}")
    dumped = harness.check_record(text, record)
    again = extractor(text, published=published, id="fuzz").model_dump_json()
    if again != dumped:
        raise AssertionError("the same input gave two different records")


if __name__ == "__main__":
    sys.exit(harness.main("extract", test_one_input, setup))
