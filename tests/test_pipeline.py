"""The spaCy pipeline: assembled from config, saved with its lexicons, loaded back the same."""

from pathlib import Path

import pytest

import arabic_outage

TEXT = (
    "أعلنت شركة ميتا عودة خدمات واتساب للعمل بعد انقطاع استمر قرابة ساعتين، "
    "وتعذر خلاله إرسال الرسائل حول العالم."
)


def test_pipeline_components_in_order() -> None:
    ex = arabic_outage.load()
    assert ex.nlp.pipe_names == ["outage_lexicon", "outage_temporal", "outage_record"]


def test_saved_pipeline_loads_and_gives_the_same_record(tmp_path: Path) -> None:
    ex = arabic_outage.load()
    ex.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "outage_lexicon" / "vendors.yaml").exists()
    again = arabic_outage.load(tmp_path / "pipe")
    assert again(TEXT).model_dump() == ex(TEXT).model_dump()


def test_lexemes_carry_only_what_the_pipeline_reads(tmp_path: Path) -> None:
    """The config's `lean_vocab` callback: an unseen word gets its NORM and none of spaCy's other
    lexeme attributes (their getters cost a third of tokenising a new article), also after a
    save and load."""
    from spacy.attrs import SHAPE

    from arabic_outage.pipeline import LEAN_LEX_ATTRS

    ex = arabic_outage.load()
    ex.to_disk(tmp_path / "pipe")
    for nlp in (ex.nlp, arabic_outage.load(tmp_path / "pipe").nlp):
        assert set(nlp.vocab.lex_attr_getters) == set(LEAN_LEX_ATTRS)
        token = nlp.make_doc("زرقمنتلبسكتوم 2024")[0]
        assert token.norm_ == token.text == "زرقمنتلبسكتوم"
        assert token.shape_ == "" and SHAPE not in nlp.vocab.lex_attr_getters


def test_saved_lexicon_is_the_one_used(tmp_path: Path) -> None:
    """Editing the saved vendor lexicon changes what the loaded pipeline finds (data, not code)."""
    ex = arabic_outage.load()
    ex.to_disk(tmp_path / "pipe")
    vendors = tmp_path / "pipe" / "outage_lexicon" / "vendors.yaml"
    vendors.write_text(
        vendors.read_text(encoding="utf-8")
        + "\n- name: Example Telecom\n  aliases: [اتصالات المثال]\n  kind: telecom\n  country: Oman\n",
        encoding="utf-8",
    )
    record = arabic_outage.load(tmp_path / "pipe")("انقطاع خدمات اتصالات المثال لساعتين في مسقط")
    assert record.vendor is not None and record.vendor.name == "Example Telecom"
    assert [r.name for r in record.regions] == ["Oman"]


def test_pipe_streams_in_order_and_survives_bad_items() -> None:
    ex = arabic_outage.load()
    items = [{"id": "1", "text": TEXT}, {"id": "2", "text": None}, ("تعطل تطبيق تيك توك", None)]
    records = list(ex.pipe(items))
    assert [r.id for r in records] == ["1", "2", None]
    assert records[0].is_outage and records[1].error and "TypeError" in records[1].error
    assert records[2].vendor is not None and records[2].vendor.name == "TikTok"


@pytest.mark.parametrize("role", ["owner", "group"])
def test_a_vendors_parent_must_be_listed(tmp_path: Path, role: str) -> None:
    """A misspelt `owner` or `group` in vendors.yaml fails at load, not silently per article."""
    ex = arabic_outage.load()
    ex.to_disk(tmp_path / "pipe")
    vendors = tmp_path / "pipe" / "outage_lexicon" / "vendors.yaml"
    vendors.write_text(
        vendors.read_text(encoding="utf-8")
        + f"\n- name: Example Telecom\n  aliases: [اتصالات المثال]\n  kind: telecom\n"
        f"  country: Oman\n  {role}: Nowhere Group\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=f"Example Telecom's {role} 'Nowhere Group' is not listed"):
        arabic_outage.load(tmp_path / "pipe")


def test_a_groupings_members_must_be_listed(tmp_path: Path) -> None:
    """A misspelt country in a grouping's `members` (regions.yaml) fails at load: it would
    otherwise never drop the grouping it belongs to."""
    ex = arabic_outage.load()
    ex.to_disk(tmp_path / "pipe")
    regions = tmp_path / "pipe" / "outage_lexicon" / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8")
        + "\n- name: Example Coast\n  aliases: [ساحل المثال]\n  adjectives: []\n"
        "  members: [Egypt, Nowhereland]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="Example Coast's member 'Nowhereland' is not listed"):
        arabic_outage.load(tmp_path / "pipe")
