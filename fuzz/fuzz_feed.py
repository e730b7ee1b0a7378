"""Fuzz target: the feed reader (`arabic_outage.readers`) on any bytes.

Read as a feed (and once more by content sniffing), the input gives items or one `SourceError`;
any other exception is a bug. Every item has an id and exactly one of text or error, errors name
the source, and nothing touches the network or opens a sensitive file while parsing (an audit hook
watches; XXE seeds point at file:///etc/passwd and at a canary file). Run it bounded with
`.ci/fuzz.sh`, or:

    python fuzz/fuzz_feed.py -max_total_time=60 WORK_DIR fuzz/corpus/feed
    python fuzz/fuzz_feed.py --hypothesis 60
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

SOURCE = "fuzz-feed.xml"


def setup() -> None:
    """Import every lazily imported parser now, so the guard sees parsing, not imports."""
    for data in harness.seeds("feed"):
        test_one_input(data)


def _check(data: bytes, hint: str) -> None:
    from arabic_outage.readers import SourceError, items_from_bytes

    try:
        items = harness.guarded(lambda: list(items_from_bytes(data, SOURCE, hint=hint)))
    except SourceError as exc:
        if not str(exc).startswith(SOURCE):
            raise AssertionError(f"a source error that does not name the source: {exc}") from None
        return
    for item in items:
        if not isinstance(item.id, str) or not item.id:
            raise AssertionError(f"an item without an id: {item!r}")
        if (item.text is None) == (item.error is None):
            raise AssertionError(f"an item needs exactly one of text and error: {item!r}")
        if item.error is not None and SOURCE not in item.error:
            raise AssertionError(f"an error that does not name the source: {item.error}")
        if item.text is not None and not item.text.strip():
            raise AssertionError(f"an empty text passed as an article: {item!r}")


def test_one_input(data: bytes) -> None:
    _check(data, ".xml")
    _check(data, "")  # by sniffing: a feed, an HTML page or plain text


if __name__ == "__main__":
    sys.exit(harness.main("feed", test_one_input, setup))
