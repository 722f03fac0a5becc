"""The fast folding of common text gives exactly what the three Unicode normalisations give."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tnews.text import normalize as module
from tnews.text.normalize import normalize, search_text, variants


def reference(text: str) -> str:
    """normalize as first written: three normalisations and a test of every character."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = module._MARKS.sub("", unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFC", text.translate(module._TRANSLATE))
    text = module._FORMAT.sub("", text)
    chars = [c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in text]
    return " ".join("".join(chars).split())


SIMPLE = [chr(c) for c in range(0x10000) if not module._NOT_SIMPLE.match(chr(c))]
ARABIC = [chr(c) for c in range(0x0621, 0x064B)] + [chr(c) for c in range(0x064B, 0x0653)]
# Letters, harakat, tatweel, digits, punctuation and the characters that compose with a letter.
MIXED = [*ARABIC, "\u0653", "\u0654", "\u0655", "\u0640", " ", "é", "ß", "İ", "ﻻ", "Ⅻ", "ﷲ"]


def test_no_simple_character_composes_with_the_one_before() -> None:
    """Per-character folding is only exact if nothing in the simple set is a second of a pair."""
    seconds = set()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert not (seconds & set(SIMPLE))


def test_every_simple_character_alone() -> None:
    for char in SIMPLE:
        assert normalize(char) == reference(char), hex(ord(char))
        assert normalize(f"ا{char}ب {char}") == reference(f"ا{char}ب {char}"), hex(ord(char))


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(SIMPLE), max_size=60))
def test_simple_text(text: str) -> None:
    assert normalize(text) == reference(text)


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(MIXED), max_size=40))
def test_arabic_with_composing_marks(text: str) -> None:
    assert normalize(text) == reference(text)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    assert normalize(text) == reference(text)


def test_search_text_is_every_word_and_its_variants() -> None:
    text = "وأضاف أحمد في بيانٍ «مهم» إلى الحكومة: Café ٢٠٢٤"
    expected = " ".join(v for w in reference(text).split() for v in variants(w))
    assert search_text(text) == expected
