"""The fresh benchmark articles (`benchmarks/corpus/fresh/`): 100 articles written for the
benchmark alone, so the extractor meets their words for the first time. They are well formed, share
nothing with the sources the generated corpus is built from, and double as a blind check of the
outage verdict against what each article's writer reported."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import arabic_outage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "corpus"))
from make_corpus import fresh_articles, source_articles  # noqa: E402


@pytest.fixture(scope="module")
def fresh() -> list[dict[str, Any]]:
    return fresh_articles()


def test_fresh_articles_are_distinct_seed_size_and_labelled(fresh: list[dict[str, Any]]) -> None:
    assert len(fresh) == 100
    assert len({a["id"] for a in fresh}) == 100
    assert len({a["text"] for a in fresh}) == 100
    assert all(1_500 <= len(a["text"]) <= 2_600 for a in fresh)
    assert sum(a["outage"] is True for a in fresh) == 60
    assert sum(a["outage"] is False for a in fresh) == 40


def test_no_fresh_paragraph_comes_from_the_generated_corpus_sources(
    fresh: list[dict[str, Any]],
) -> None:
    sources = "\n\n".join(a["text"] for a in source_articles())
    paragraphs = [p.strip() for a in fresh for p in a["text"].split("\n\n") if len(p.strip()) > 40]
    assert len(paragraphs) > 400
    assert not [p for p in paragraphs if p in sources]


def test_outage_verdicts_agree_with_the_writers(fresh: list[dict[str, Any]]) -> None:
    ex = arabic_outage.load()
    wrong = [
        a["id"] for a in fresh if ex(a["text"], published=a["published"]).is_outage != a["outage"]
    ]
    # 98 of 100 when this test was written; 100 of 100 since a maintenance window that overran
    # and a denial of a cyber attack (not of the outage) read as outages. One miss is allowed for
    # the next general rule to trade against.
    assert len(wrong) <= 1, wrong
