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
