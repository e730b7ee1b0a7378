"""The notebooks run top to bottom, show what they promise, and are stored with their outputs.

Each notebook is executed afresh (nbclient, in its own folder, outputs kept in memory). To refresh
the stored outputs after changing a notebook or the library:

    python tests/test_notebooks.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs the notebooks extra")
nbclient = pytest.importorskip("nbclient", reason="needs the notebooks extra")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
QUICKSTART = NOTEBOOKS / "01_quickstart.ipynb"
FEED = NOTEBOOKS / "02_feed_analysis.ipynb"
TIMEOUT = 600  # seconds per cell: the first one loads the pipeline


def execute(path: Path) -> Any:
    """The notebook run in its own folder (relative data paths work as in Jupyter)."""
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book,
        timeout=TIMEOUT,
        kernel_name="python3",
        record_timing=False,  # no timestamps: stored notebooks change only when outputs do
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return book


def outputs(book: Any, mime: str) -> list[str]:
    """Every output of that MIME type, in cell order (stream text counts as text/plain)."""
    found = []
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and mime == "text/plain":
                found.append(out["text"])
            elif mime in out.get("data", {}):
                found.append(out["data"][mime])
    return found


@pytest.fixture(scope="module")
def quickstart() -> Any:
    return execute(QUICKSTART)


@pytest.fixture(scope="module")
def feed() -> Any:
    return execute(FEED)


def test_quickstart_shows_record_evidence_and_timeline(quickstart: Any) -> None:
    html = outputs(quickstart, "text/html")
    views = [h for h in html if 'class="ao-article" dir="rtl"' in h]
    assert len(views) == 1, "the record shows as its highlighted article once"
    assert 'title="vendor: Anthropic"' in views[0]
    assert "نحو ساعة ونصف" in views[0]
    assert any("table only" in h for h in html), "the JSON round trip shows a table only"
    assert len(outputs(quickstart, "image/png")) == 1, "the timeline is drawn"
    text = "".join(outputs(quickstart, "text/plain"))
    assert "(True, 'Anthropic', ['Claude', 'Claude API'], 'resolved')" in text
    assert "90.0 approx" in text


def test_feed_analysis_counts_vendors_and_merges_reports(feed: Any) -> None:
    text = "".join(outputs(feed, "text/plain"))
    assert "15 items, 0 unreadable" in text
    assert "11 of 15 articles report an outage" in text
    assert "8 incidents from 11 outage articles" in text
    html = "".join(outputs(feed, "text/html"))
    assert 'class="ao-records"' in html and 'class="ao-article" dir="rtl"' in html
    # Bars per vendor, the duration scatter, and the merged incident's timeline.
    assert len(outputs(feed, "image/png")) == 3


@pytest.mark.parametrize("path", [QUICKSTART, FEED], ids=lambda p: p.name)
def test_notebooks_are_stored_with_their_outputs(path: Path) -> None:
    """A reader on a code host sees the pictures without running anything."""
    book = nbformat.read(path, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "every code cell has been run"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "in order"
    assert outputs(book, "image/png"), "plots are stored"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def save_all() -> None:
    """Run every notebook and store it with its outputs."""
    for path in (QUICKSTART, FEED):
        nbformat.write(execute(path), path)
        print(f"saved {path.relative_to(NOTEBOOKS.parent)}")


if __name__ == "__main__":
    save_all()
    sys.exit(0)
