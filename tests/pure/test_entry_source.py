"""A staged entry's stored text gives back exactly the entry it was made from."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from tnews.feeds.model import ParsedEntry
from tnews.prepare import entry_from_source, entry_to_source, prepare_entry, prepare_source

# Any text at all, lone surrogates and line breaks included: HTML fields are raw input.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
DATES = st.none() | st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@given(
    guid=ANY_TEXT,
    title=ANY_TEXT,
    author=ANY_TEXT,
    published=DATES,
    updated=DATES,
    summary=ANY_TEXT,
    content=ANY_TEXT,
    categories=st.lists(ANY_TEXT, max_size=4),
    language=ANY_TEXT,
    feed_language=ANY_TEXT,
)
def test_round_trip(
    guid: str,
    title: str,
    author: str,
    published: datetime | None,
    updated: datetime | None,
    summary: str,
    content: str,
    categories: list[str],
    language: str,
    feed_language: str,
) -> None:
    entry = ParsedEntry(
        guid=guid,
        url="https://news.example/1",
        title=title,
        author=author,
        published=published,
        updated=updated,
        summary_html=summary,
        content_html=content,
        categories=tuple(categories),
        base_url="https://news.example/",
        language=language,
    )
    source = entry_to_source(entry, feed_language)
    assert entry_from_source(source) == (entry, feed_language)


def test_prepared_from_the_source_as_from_the_entry() -> None:
    entry = ParsedEntry(
        guid="g",
        url="https://news.example/1",
        title="عنوان",
        summary_html="<p>ملخص\n</p>",
        content_html='<p>طرابلس- نص.</p><p>اقرأ أيضا: <a href="/2">خبر آخر</a></p>',
        categories=("ليبيا",),
        base_url="https://news.example/",
        language="ar",
    )
    assert prepare_source(entry_to_source(entry, "ar"), "d") == prepare_entry(entry, "ar", "d")


def test_a_lone_surrogate_round_trips_and_is_storable() -> None:
    entry = ParsedEntry(guid="g", url="", title="t\ud800", content_html="<p>\udfff\n</p>")
    source = entry_to_source(entry, "")
    source.decode("utf-8")
    assert entry_from_source(source) == (entry, "")
