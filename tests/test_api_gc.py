"""The cyclic collector is paused while an article is read (`api._collector_paused`): safe only
because an article's objects form no reference cycles, which these tests check."""

import gc
import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import arabic_outage

EXAMPLES = Path(__file__).parent / "examples"
SEEN: list[bool] = []


@Language.component("test_gc_probe")
def _gc_probe(doc: Doc) -> Doc:
    SEEN.append(gc.isenabled())
    return doc


def _articles(n: int) -> list[dict[str, str]]:
    lines = (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:n]


def test_reading_articles_leaves_no_cycles() -> None:
    """Everything an article allocates is freed by reference counting: a full collection after
    each one finds nothing unreachable (a cycle here would make the pause leak until the next
    collection)."""
    ex = arabic_outage.load()
    articles = _articles(20)
    ex(articles[0]["text"], published=articles[0].get("published"))  # load-time lazies
    gc.collect()
    found = []
    for art in articles:
        record = ex(art["text"], published=art.get("published"), id=art["id"])
        del record
        found.append(gc.collect())
    assert found == [0] * len(articles)


def test_collector_is_paused_during_an_article_and_back_after() -> None:
    ex = arabic_outage.load()
    ex.nlp.add_pipe("test_gc_probe", first=True)
    SEEN.clear()
    ex("انقطاع خدمات واتساب لساعتين")
    assert SEEN == [False]
    assert gc.isenabled()


def test_collector_back_after_a_failing_article() -> None:
    ex = arabic_outage.load()
    with pytest.raises(TypeError):
        ex(b"not text")  # type: ignore[arg-type]
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_keeps_it_paused() -> None:
    ex = arabic_outage.load()
    gc.disable()
    try:
        ex("انقطاع خدمات واتساب لساعتين")
        assert not gc.isenabled()
    finally:
        gc.enable()
