"""Cue groups compiled from `cues.yaml`: the trie regex and the shared whole-text scan (`CueScan`)
must find exactly what each group's own `finditer` finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_outage.cues import CueScan, compile_cues
from arabic_outage.lexicon import load_lexicon
from arabic_outage.normalize import normalize

EXAMPLES = Path(__file__).parent / "examples"

# Two groups that overlap: the outage cue "انقطاع" starts inside the electricity cue's span.
OUTAGE = ["انقطاع", "تعطل*", "توقف الخدمة", "توقف"]
POWER = ["انقطاع التيار الكهربائي", "انقطاع الكهرباء", "الكهرباء"]


def spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("cue")) for m in matches]


def test_overlapping_groups_each_find_their_own_cues() -> None:
    text = normalize("وأدى انقطاع الكهرباء إلى تعطلت الخدمات ثم توقف الخدمة، والكهرباء عادت").text
    outage, power = compile_cues(OUTAGE), compile_cues(POWER)
    found = CueScan([(outage, OUTAGE), (power, POWER)])(text)
    assert spans(found[0]) == [
        (5, 11, "انقطاع"),
        (25, 29, "تعطل"),
        (42, 53, "توقف الخدمه"),
    ]
    assert spans(found[1]) == [(5, 20, "انقطاع الكهرباء"), (55, 64, "الكهرباء")]
    assert text[55:64] == "والكهرباء"  # the proclitic is in the match, not in the cue
    assert text[42:53] == "توقف الخدمه"  # normalised: taa marbuta is written ha


def test_cue_words_start_the_text_or_follow_a_non_word_character() -> None:
    """`CueScan.starts` finds a cue at position 0, after a mark or a run of marks, and never
    after a digit ("3توقف" is one word)."""
    text = normalize("انقطاع، «توقف» 3توقف (وتوقف").text
    outage = compile_cues(OUTAGE)
    scan = CueScan([(outage, OUTAGE)])
    assert scan.starts(text) == [0, 9, 22]
    assert spans(scan(text)[0]) == [(0, 6, "انقطاع"), (9, 13, "توقف"), (22, 27, "توقف")]


def test_a_group_with_no_phrases_finds_nothing() -> None:
    empty, outage = compile_cues([]), compile_cues(OUTAGE)
    found = CueScan([(empty, []), (outage, OUTAGE)])("انقطاع")
    assert found[0] == []
    assert spans(found[1]) == [(0, 6, "انقطاع")]


def test_groups_are_tried_after_every_clitic_string_and_short_phrase_heads() -> None:
    """A group is tried at a word only when one of its phrases' first letters follow some clitic
    string there; stacked clitics ("وبال", "فلل") and one-letter words ("ل ..") still match."""
    short = ["ل ساعات", "ب"]
    text = normalize("وبالانقطاع فللتوقف كالتعطل ل ساعات و ب، فتعطلها").text
    groups = [(compile_cues(OUTAGE), OUTAGE), (compile_cues(short), short)]
    found = CueScan(groups)(text)
    assert spans(found[0]) == [
        (0, 10, "انقطاع"),
        (11, 18, "توقف"),
        (19, 26, "تعطل"),
        (40, 45, "تعطل"),
    ]
    assert spans(found[1]) == [(27, 34, "ل ساعات"), (37, 38, "ب")]
    for (pattern, _), its in zip(groups, found):
        assert spans(its) == spans(list(pattern.finditer(text)))


def _article_texts() -> list[str]:
    rows = (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines()
    return [normalize(json.loads(row)["text"]).text for row in rows if row.strip()]


@pytest.fixture(scope="module")
def shipped_groups() -> list[tuple[re.Pattern[str], list[str]]]:
    """Every list-valued cue group that ships in `models/lexicons/cues.yaml`."""
    raw = load_lexicon().cues
    lists = {k: v for k, v in raw.items() if isinstance(v, list)}
    lists |= {f"relevance.{k}": g["phrases"] for k, g in raw["relevance"].items()}
    lists |= {f"status.{k}": v for k, v in raw["status"].items()}
    return [(compile_cues(v), v) for v in lists.values()]


def test_shared_scan_equals_each_groups_finditer_on_the_example_articles(
    shipped_groups: list[tuple[re.Pattern[str], list[str]]],
) -> None:
    scan = CueScan(shipped_groups)
    texts = _article_texts()
    assert len(texts) > 20
    for text in texts:
        for (pattern, _), found in zip(shipped_groups, scan(text)):
            assert spans(found) == spans(list(pattern.finditer(text)))


WORDS = st.sampled_from(
    ["انقطاع", "الكهرباء", "التيار", "الكهربائي", "تعطل", "تعطلت", "توقف", "الخدمة", "و", "ب"]
    + ["لل", "ال", "،", ".", "x", "وبالانقطاع", "فللتوقف", "كالكهرباء", "فتعطلت"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, st.sampled_from(["", " ", "  ", "\n"])), max_size=30))
def test_shared_scan_equals_finditer_on_any_word_sequence(
    pieces: list[tuple[str, str]],
) -> None:
    text = "".join(w + sep for w, sep in pieces)
    groups = [(compile_cues(OUTAGE), OUTAGE), (compile_cues(POWER), POWER)]
    for (pattern, _), found in zip(groups, CueScan(groups)(text)):
        assert spans(found) == spans(list(pattern.finditer(text)))


def test_a_windowed_search_skipped_on_first_words_finds_what_the_regex_finds() -> None:
    """`Context.search` answers "no match" without the regex when a long window holds none of
    the group's first words; on every window of the example articles it agrees with the regex."""
    import arabic_outage
    from arabic_outage.extract.context import DIRECT_SEARCH, Context, Cues

    ex = arabic_outage.load()
    lexicon = ex.nlp.get_pipe("outage_lexicon").lexicon
    cues = Cues(lexicon.cues)
    patterns = [p for p in vars(cues).values() if isinstance(p, re.Pattern)]
    patterns += [*cues.phases.values(), *cues.status.values()]
    skippable = [p for p in patterns if id(p) in cues.first_words]
    assert len(skippable) >= 10  # the groups read in windows: phases, spared and earlier cues
    rows = (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines()
    found = 0
    for row in rows[:12]:
        doc = ex.nlp.make_doc(json.loads(row)["text"]) if row.strip() else None
        if doc is None:
            continue
        ctx = Context(doc, lexicon, cues)
        for lo in range(-20, len(ctx.text), 23):
            for p in skippable:
                # (a window past DIRECT_SEARCH: shorter ones run the regex itself)
                want = p.search(ctx.text, lo, lo + DIRECT_SEARCH + 90)
                got = ctx.search(p, lo, lo + DIRECT_SEARCH + 90)
                assert (got and got.span()) == (want and want.span())
                found += want is not None
    assert found > 50  # the windows do hold cues: the check compares matches, not just Nones
