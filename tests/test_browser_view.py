"""The highlighted view as a person sees it: rendered by headless Chromium, screenshot saved.

Checks on the live page: the article is laid out right to left, every highlighted span shows
exactly the record's text, Latin runs read left to right inside it, hover labels name field and
value. Screenshots go to tests/artifacts/ for a person to open.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from arabic_outage import display
from arabic_outage.schema import IncidentRecord

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install -y chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

# Text of each highlight id, in DOM order, and its hover label.
MARKS_JS = """() => [...document.querySelectorAll('mark.ao-hl')].map(
    m => [m.dataset.hl, m.textContent, m.title])"""

# Screen box of the article's first character, and of the article itself.
FIRST_CHAR_JS = """() => {
  const article = document.querySelector('.ao-article');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.textContent.trim()) node = walker.nextNode();
  const range = document.createRange();
  const at = node.textContent.search(/\\S/);
  range.setStart(node, at); range.setEnd(node, at + 1);
  const r = range.getBoundingClientRect(), a = article.getBoundingClientRect();
  return {char: node.textContent[at], left: r.left, right: r.right, aLeft: a.left,
          aRight: a.right, dir: getComputedStyle(article).direction};
}"""

# x positions of each character of the first bdi whose text is `word`.
CHAR_X_JS = """(word) => {
  const bdi = [...document.querySelectorAll('.ao-article bdi')].find(b => b.textContent === word);
  if (!bdi) return null;
  const xs = [];
  const walker = document.createTreeWalker(bdi, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.textContent.length; i++) {
      const range = document.createRange();
      range.setStart(n, i); range.setEnd(n, i + 1);
      xs.push(range.getBoundingClientRect().left);
    }
  }
  return {dir: getComputedStyle(bdi).direction, xs};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def seed_record() -> IncidentRecord:
    """The bundled example article, through the real extractor."""
    import arabic_outage
    from arabic_outage.paths import models_dir

    seed = json.loads((models_dir() / "examples" / "seed.json").read_text(encoding="utf-8"))
    return arabic_outage.extract(seed["text"], published=seed.get("published"), id=seed["id"])


def hand_record() -> IncidentRecord:
    from test_display import seed_like_record

    return seed_like_record()


@pytest.fixture(scope="module", params=["hand_built", "seed_extracted"])
def shown(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[IncidentRecord, Any]]:
    """A record and a Chromium page showing its view; the screenshot is saved as an artefact."""
    record = hand_record() if request.param == "hand_built" else seed_record()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.set_content(display.page_html(display.record_html(record)))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"record_view_{request.param}.png"), full_page=True)
    yield record, page
    page.close()


def test_article_is_laid_out_right_to_left(shown: tuple[IncidentRecord, Any]) -> None:
    record, page = shown
    box = page.evaluate(FIRST_CHAR_JS)
    assert box["dir"] == "rtl"
    assert box["char"] == record.source_text.lstrip()[0]  # type: ignore[union-attr]
    # The first character sits at the right edge (inside the padding), not the left.
    assert box["aRight"] - 40 < box["right"] <= box["aRight"]
    assert box["left"] > (box["aLeft"] + box["aRight"]) / 2


def test_every_highlight_shows_the_record_span(shown: tuple[IncidentRecord, Any]) -> None:
    record, page = shown
    spans = display.highlights(record)
    text = record.source_text or ""
    drawn: dict[str, str] = {}
    for ids, piece, _ in page.evaluate(MARKS_JS):
        for i in ids.split():
            drawn[i] = drawn.get(i, "") + piece
    inside = [i for i, h in enumerate(spans) if 0 <= h.start < h.end <= len(text)]
    assert inside, "the record has spans to show"
    assert sorted(drawn) == sorted(f"h{i}" for i in inside)
    for i in inside:
        assert drawn[f"h{i}"] == spans[i].text, spans[i].label


def test_hover_labels_name_field_and_value(shown: tuple[IncidentRecord, Any]) -> None:
    record, page = shown
    titles = {t for _, _, title in page.evaluate(MARKS_JS) for t in title.split("\n")}
    assert record.vendor is not None
    assert f"vendor: {record.vendor.name}" in titles
    if record.duration and record.duration.span:
        assert f"duration: {display.fmt_duration(record.duration)}" in titles


def test_latin_name_reads_left_to_right_inside_arabic(shown: tuple[IncidentRecord, Any]) -> None:
    record, page = shown
    word = "ChatGPT" if record.id == "seed-like-<1>" else "Claude"
    got = page.evaluate(CHAR_X_JS, word)
    assert got is not None, f"{word} is isolated in a <bdi>"
    assert got["dir"] == "ltr"
    assert got["xs"] == sorted(got["xs"]) and len(set(got["xs"])) == len(word)
