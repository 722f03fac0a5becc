"""Arabic-aware normalisation, tokens, section keys and safe FTS5 queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tnews.text.normalize import (
    STOP_WORDS,
    fts_query,
    normalize,
    search_text,
    section_key,
    stem,
    tokens,
    variants,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("ٱلرحمن", "الرحمن"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مَدْرَسَةٌ", "مدرسه"),
        ("الأخـــبار", "الاخبار"),
        ("كتاب", "كتاب"),
        ("کتاب", "كتاب"),
        ("فارسی", "فارسي"),
        ("خانۀ", "خانه"),
        ("ماء", "ماء"),
        ("\ufefb", "لا"),
        ("\ufe8d\ufedf\ufeae\ufe92\ufef4\ufec2", "الربيط"),
        ("٢٠٢٤", "2024"),
        ("۱۴۰۳", "1403"),
        ("Café RÉSUMÉ", "cafe resume"),
        ("Straße", "strasse"),
        ("«مرحبا»، يا   عالم!", "مرحبا يا عالم"),
        ("  hello,\tworld…  ", "hello world"),
        ("می\u200cخواهم", "ميخواهم"),
        ("طرا\u200fبلس", "طرابلس"),
        ("ذٰلك", "ذلك"),
        ("", ""),
        ("!!! ...", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text())
def test_normalize_is_idempotent_and_tidy(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert "\u0640" not in once
    assert not any("\u064b" <= c <= "\u065f" for c in once)


def test_clitic_prefixes_are_stripped_to_a_shared_stem() -> None:
    assert stem(normalize("وأضاف")) == stem(normalize("أضاف"))
    assert stem(normalize("للرئيس")) == stem(normalize("الرئيس")) == stem(normalize("رئيس"))
    assert stem(normalize("والحكومة")) == stem(normalize("الحكومة")) == stem(normalize("حكومة"))
    assert stem(normalize("بالعاصمة")) == stem(normalize("عاصمة"))


def test_short_words_keep_their_first_letter() -> None:
    # و+صل and ب+لد would leave two letters: these are whole words.
    assert stem("وصل") == "وصل"
    assert stem("بلد") == "بلد"
    assert stem("الله") == "الله"


def test_a_word_is_its_own_first_variant() -> None:
    assert variants("وزير")[0] == "وزير"
    assert variants("london") == ("london",)


@given(
    st.sampled_from(["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال"]),
    st.text("بتثجحخدرزسشصطعغقمنهي", min_size=3, max_size=8),
)
def test_stem_of_a_word_is_a_variant_of_the_prefixed_word(prefix: str, word: str) -> None:
    assert stem(word) in variants(prefix + word)


def test_tokens_drop_stop_words_by_default() -> None:
    # «بيان» -> «يان»: a light stemmer cannot tell ب+يان from بيان; both sides agree, so
    # matching still works, and the index keeps the whole word too.
    text = "قال الوزير في بيان إن الحكومة على علم بذلك and the minister"
    assert tokens(text) == ["قال", "زير", "يان", "حكومه", "علم", "minister"]
    assert "في" in tokens(text, stop=False)
    assert "the" in tokens(text, stop=False)


def test_stop_words_are_normalised() -> None:
    assert "الي" in STOP_WORDS  # «إلى»
    assert "علي" in STOP_WORDS  # «على»
    assert all(normalize(word) == word for word in STOP_WORDS)


def test_search_text_holds_words_and_stems() -> None:
    assert search_text("وأضاف الرئيسُ") == "واضاف اضاف الرييس رييس"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الأخبار", "أخبار"),
        ("اقتصاد", "الاقتصاد"),
        ("World", "world"),
        ("  رياضة ", "الرياضة"),
        ("ثقافة", "ثقافه"),
        ("أخبـــار", "اخبار"),
        ("الشؤون الدولية", "شؤون دولية"),
        ("مَحَلِّيَّات", "محليات"),
    ],
)
def test_section_key_merges_spelling_variants(a: str, b: str) -> None:
    assert section_key(a) == section_key(b)


@pytest.mark.parametrize(("a", "b"), [("أخبار", "رياضة"), ("World", "Sport"), ("★", "☆")])
def test_section_key_keeps_different_sections_apart(a: str, b: str) -> None:
    assert section_key(a) != section_key(b)


DOCUMENTS = {
    1: "استقبل أحمد معيتيق وفدا من رجال الأعمال",
    2: "افتتاح مَدْرَسَةٌ جديدة في مدينة مصراتة",
    3: "وأضاف المتحدث أن الاجتماع سيعقد غدا",
    4: "التقى رئيس المجلس بممثلي البلديات",
    5: "رسالة للرئيس من نقابة المعلمين",
    6: "The minister said talks would resume on Monday",
    7: "سوق الخضار يشهد ارتفاعا في الأسعار",
    8: "Café owners protest new tax",
}


@pytest.fixture
def fts(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(tmp_path / "search.db")
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
    connection.executemany(
        "INSERT INTO docs(rowid, body) VALUES (?, ?)",
        [(key, search_text(text)) for key, text in DOCUMENTS.items()],
    )
    connection.commit()
    yield connection
    connection.close()


def search(connection: sqlite3.Connection, user_query: str) -> set[int]:
    expression = fts_query(user_query)
    if expression is None:
        return set()
    rows = connection.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,))
    return {row[0] for row in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("احمد", {1}),
        ("مدرسة", {2}),
        ("مدرسه ", {2}),
        ("أضاف", {3}),
        ("الرئيس", {4, 5}),
        ("رئيس", {4, 5}),
        ("للرئيس", {4, 5}),
        ("الرئيس نقابة", {5}),
        ("MINISTER", {6}),
        ("minis", {6}),
        ("cafe", {8}),
        ("Café", {8}),
        ("مصرا", {2}),
        ("بالأسعار", {7}),
        ("طرابلس", set()),
        ("الرئيس طرابلس", set()),
    ],
)
def test_fts_finds_normalised_forms(
    fts: sqlite3.Connection, query: str, expected: set[int]
) -> None:
    assert search(fts, query) == expected


def test_fts_query_quotes_every_term() -> None:
    assert fts_query("أحمد الرئيس ") == '"احمد" AND "رييس"'
    assert fts_query("NEAR(a bc)") == '"near" AND "bc"*'


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        "a:b",
        "body:minister",
        "-x",
        ")",
        "(",
        "",
        "   ",
        "^minister",
        "في من على",
        "the of and",
        "!!!؟،",
        'say "hi',
        "AND OR NOT",
        "x OR",
        "NOT",
        "minister*",
        "{body}: x",
        "'",
        "\x00",
        "‏",
    ],
)
def test_hostile_queries_never_raise(fts: sqlite3.Connection, query: str) -> None:
    search(fts, query)


@given(st.text(max_size=40))
def test_any_query_is_safe(query: str) -> None:
    expression = fts_query(query)
    if expression is not None:
        connection = sqlite3.connect(":memory:")
        connection.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
        connection.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)).fetchall()
        connection.close()


def test_queries_with_nothing_searchable_give_none() -> None:
    assert fts_query("") is None
    assert fts_query("  ") is None
    assert fts_query("!!! ؟ …") is None


def test_query_of_only_stop_words_searches_them(fts: sqlite3.Connection) -> None:
    # The index keeps stop words, so "في" or the name «علي» can still be looked up.
    assert search(fts, "في ") == {2, 7}
    assert search(fts, "the ") == {6}
    assert search(fts, "the minister") == {6}
