"""The filter language: what it parses to, and clear errors for what it cannot parse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tnews.durations import DurationError, format_duration, parse_duration
from tnews.query import All, Any, Flag, Not, QueryError, Text, Time, parse_query


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("unread", Flag("unread")),
        ("BOOKMARKED", Flag("bookmarked")),
        ("نفط", Text("words", "نفط")),
        ('"oil prices"', Text("words", "oil prices")),
        ('title:"a \\"quoted\\" b"', Text("title", 'a "quoted" b')),
        ("section:ليبيا", Text("section", "ليبيا")),
        ("Feed:World", Text("feed", "World")),
        ("link:https://x.example/a?b=c", Text("link", "https://x.example/a?b=c")),
        ("a b", All((Text("words", "a"), Text("words", "b")))),
        ("a and b", All((Text("words", "a"), Text("words", "b")))),
        ("a or b c", Any((Text("words", "a"), All((Text("words", "b"), Text("words", "c")))))),
        ("(a or b) c", All((Any((Text("words", "a"), Text("words", "b"))), Text("words", "c")))),
        ("not unread", Not(Flag("unread"))),
        ("-رياضة", Not(Text("words", "رياضة"))),
        ("-section:رياضة", Not(Text("section", "رياضة"))),
        ('-"a b" -(c)', All((Not(Text("words", "a b")), Not(Text("words", "c"))))),
        ("a - b", All((Text("words", "a"), Text("words", "-"), Text("words", "b")))),
        ("co-op", Text("words", "co-op")),
        ("not not a", Not(Not(Text("words", "a")))),
        ('"and"', Text("words", "and")),
        ("after:2026-01-01", Time("after", 1767225600.0)),
        ("before:2026-01-02", Time("before", 1767312000.0)),
        ("newer:7d", Time("newer", 7 * 86400.0)),
        ("newer:1h30m", Time("newer", 5400.0)),
    ],
)
def test_parses(source: str, tree: object) -> None:
    assert parse_query(source) == tree


@pytest.mark.parametrize(
    ("source", "expected", "position"),
    [
        ("", "a word, a field or ( was expected", 0),
        ("   ", "a word, a field or ( was expected", 0),
        ("(a or b", ") was expected", 7),
        ("a)", "the end of the query was expected", 1),
        (")", "before )", 0),
        ("a or", "a word, a field or ( was expected", 4),
        ("a and or b", "after 'or'", 6),
        ("not", "a word, a field or ( was expected", 3),
        ('title:"open', "closing quote", 6),
        ('"', "closing quote", 0),
        ('""', "words were expected", 0),
        ("colour:red", "unknown field 'colour'", 0),
        ("x title:", "a value after title:", 2),
        ("after:2026-02-30", "a day such as", 0),
        ("before:yesterday", "a day such as", 0),
        ("newer:7", "a span of time", 0),
        ("newer:0d", "above zero", 0),
        ("(" * 40 + "a" + ")" * 40, "nested deeper", 32),
        ("a " * 1001, "at most 2000 characters", 0),
    ],
)
def test_errors_say_what_and_where(source: str, expected: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(source)
    assert expected in caught.value.message
    assert caught.value.position == position
    assert f"character {position + 1}" in str(caught.value)


def test_durations() -> None:
    assert parse_duration("30m") == 1800
    assert parse_duration(" 2W ") == 14 * 86400
    for bad in ("", "m", "30", "-5m", "5 m", "400d", "1e3s"):
        with pytest.raises(DurationError):
            parse_duration(bad)
    assert [format_duration(s) for s in (0, 59, 61, 3599, 3600, 3 * 3600 + 300, 86400 * 2)] == [
        "0s",
        "59s",
        "1m",
        "1h",
        "1h",
        "3h 5m",
        "2d",
    ]


@given(st.text(alphabet='ab:()"\\- \u0627\u0623notrdeilfws0123456789', max_size=60))
@settings(max_examples=400, deadline=None)
def test_any_text_parses_or_says_why(source: str) -> None:
    try:
        parse_query(source)
    except QueryError as exc:
        assert 0 <= exc.position <= len(source)
