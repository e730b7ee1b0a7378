"""Normalisation: each row is (input, normalised text); spans always map back exactly."""

import pytest

from arabic_outage.normalize import norm, normalize

ROWS = [
    ("أعلنت", "اعلنت"),
    ("إنستغرام", "انستغرام"),
    ("آلاف", "الاف"),
    ("مستوى", "مستوي"),
    ("الساعة", "الساعه"),
    ("مساءً", "مساء"),
    ("تقنيـــة", "تقنيه"),
    ("مكوّن", "مكون"),
    ("١٢ دقيقة", "12 دقيقه"),
    ("۱۲", "12"),
    ("٣٫٥", "3.5"),
    ("١٠٬٦٠٠", "10,600"),
    ("بـChatGPT", "بchatgpt"),
    ("ﻻ", "لا"),  # presentation-form ligature expands to two letters
    ("«تم حلها»", '"تم حلها"'),
    ("a\u200fb\u200dc", "abc"),  # bidi and zero-width marks removed
]


@pytest.mark.parametrize(("raw", "expected"), ROWS)
def test_normalise(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(("raw", "_"), ROWS)
def test_every_normalised_char_maps_into_the_original(raw: str, _: str) -> None:
    n = normalize(raw)
    assert len(n.index) == len(n.text)
    assert all(0 <= i < len(raw) for i in n.index)
    assert n.index == sorted(n.index)


def test_span_maps_back_to_original_text() -> None:
    raw = "عودة خدمات بـChatGPT مساءً الثلاثاء"
    n = normalize(raw)
    start = n.text.index("chatgpt")
    o_start, o_end = n.to_original(start, start + len("chatgpt"))
    assert raw[o_start:o_end] == "ChatGPT"
    start = n.text.index("مساء")
    o_start, o_end = n.to_original(start, start + len("مساء"))
    assert raw[o_start:o_end] == "مساءً"  # the trailing tanween stays with its word


def test_norm_collapses_spaces() -> None:
    assert norm("  تسجيل   الدخول ") == "تسجيل الدخول"


def test_shipped_camel_table_matches_camel_tools() -> None:
    """camel-tools is the source of truth: after a camel-tools upgrade or a change of rules,
    regenerate with `from arabic_outage.normalize import write_camel_table; write_camel_table()`."""
    import json
    import unicodedata

    from arabic_outage.normalize import _camel_table, camel_table, camel_table_path

    shipped = json.loads(camel_table_path().read_text(encoding="utf-8"))
    if shipped["unicode"] != unicodedata.unidata_version:
        assert _camel_table() is None  # normalisation runs camel-tools live instead
        pytest.skip(f"table made with Unicode {shipped['unicode']}, Python has another")
    assert _camel_table() == camel_table(), "models/normalize/camel_fold.json is stale"


def test_live_camel_tools_fold_equals_shipped_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback (no usable table) folds exactly as the table does."""
    from arabic_outage import normalize as mod

    chars = "أإآٱىةـًٌٍَُِّْﻻﷺﷲ﷽٠۹٫ABC\u00a0\u200f«ﺏ" + "".join(mod._camel_table() or {})[:400]
    via_table = [mod._fold_char(c) for c in chars]
    monkeypatch.setattr(mod, "_camel_table", lambda: None)
    assert [mod._fold_char(c) for c in chars] == via_table
