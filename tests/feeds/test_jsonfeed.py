"""JSON Feed 1.0 and 1.1: parsed like RSS and Atom, bounded and cleaned like them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES, FeedServer
from tnews.cli.main import main
from tnews.feeds.jsonfeed import MAX_ITEMS
from tnews.feeds.parse import parse_feed
from tnews.net import FEED_ACCEPT
from tnews.paths import get_paths

URL = "https://alwasat.example/feed.json"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def feed_of(document: object, content_type: str | None = "application/feed+json") -> object:
    return parse_feed(json.dumps(document).encode(), URL, content_type)


def test_arabic_1_1_feed_fields() -> None:
    feed = parse_feed(fixture("arabic_feed.json"), URL, "application/feed+json")
    assert feed.error is None
    assert feed.title == "الوسط — أخبار"
    assert feed.link == "https://alwasat.example/"
    assert feed.language == "ar"
    first, second = feed.entries
    assert first.guid == "https://alwasat.example/news/1001"
    assert first.title == "المجلس الرئاسي يناقش الميزانية في طرابلس"
    assert first.author == "محمد علي"
    assert first.published == datetime(2026, 11, 30, 6, 15, tzinfo=UTC)
    assert first.categories == ("ليبيا", "اقتصاد")
    assert first.content_html.startswith("<p>ناقش المجلس")
    assert first.summary_html == "ناقش المجلس الرئاسي مشروع الميزانية."
    assert first.language == "ar"
    # external_url stands in for a missing url; content_text stays text (its "<" escaped).
    assert second.url == "https://alwasat.example/news/1002"
    assert second.guid == "1002"
    assert "&lt;وسط&gt;" in second.content_html
    # No item author: the feed's own authors are the author.
    assert second.author == "بوابة الوسط"


def test_english_1_0_feed_by_content_alone() -> None:
    # Served with a type that says nothing: the body says JSON.
    feed = parse_feed(fixture("english_feed_1_0.json"), URL, "application/octet-stream")
    assert feed.error is None
    first, second = feed.entries
    assert first.guid == "42"
    assert first.author == "Desk Editor"  # 1.0's singular author object
    assert first.published == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    assert first.updated == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    assert first.categories == ("Business",)
    assert second.title == ""
    assert second.content_html == "Rain is expected across the north."


def test_escape_sequences_are_cleaned_and_bidi_marks_kept_as_in_xml_feeds() -> None:
    feed = feed_of(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Evil\x1b]0;owned\x07 feed",
            "items": [
                {
                    "id": "a\x1b[2J",
                    "title": "Title\x1b[31m red\u202e",
                    "authors": [{"name": "Ed\x9b2J"}],
                    "tags": ["\x1b[1mTag"],
                    "url": "javascript:alert(1)",
                }
            ],
        }
    )
    text = repr(feed)
    assert "\x1b" not in text and "\x9b" not in text
    (entry,) = feed.entries  # type: ignore[attr-defined]
    # The author's bidi mark stays with its field, for the layout engine to isolate.
    assert entry.title == "Title red\u202e"
    assert entry.url == ""
    assert entry.categories == ("Tag",)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "JSON error"),
        (b"{\"version\": 'single'}", "JSON error"),
        (b'{"title": "no items, no version"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {"a": 1}}', "no list of items"),
        (b'{"version": "https://jsonfeed.org/version/1", "title": "\xff\xfe"}', "not UTF-8"),
        (b'{"items": ' + b"[" * 200_000, "nested too deep"),
        (b'{"items": [' + b"{}," * 600_000 + b"{}]}", "too many objects"),
        (b"[1, 2]", "JSON that is not an object"),
    ],
    ids=[
        "truncated",
        "single-quoted",
        "not-a-feed",
        "items-object",
        "not-utf8",
        "deep",
        "object-bomb",
        "array",
    ],
)
def test_broken_json_is_a_clear_error(body: bytes, error: str) -> None:
    feed = parse_feed(body, URL, "application/feed+json")
    assert feed.entries == []
    assert feed.error is not None and error in feed.error


def test_wrong_types_are_skipped_not_fatal() -> None:
    feed = feed_of(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": ["not", "a", "string"],
            "language": 7,
            "authors": "nobody",
            "items": [
                "a string item",
                None,
                {
                    "id": True,
                    "title": {"nested": "object"},
                    "url": 12,
                    "content_html": ["x"],
                    "content_text": "Body",
                    "summary": 3.5,
                    "date_published": "yesterday",
                    "tags": "one",
                    "authors": [1, {"name": 2}, {"name": "Real"}],
                },
            ],
        }
    )
    assert feed.error is None  # type: ignore[attr-defined]
    (entry,) = feed.entries  # type: ignore[attr-defined]
    assert entry.title == "" and entry.url == "" and entry.published is None
    assert entry.content_html == "Body"
    assert entry.categories == ()
    assert entry.author == "Real"
    assert entry.guid.startswith("sha256:")
    assert "2 skipped" in (feed.warning or "") or "skipped: 2" in (feed.warning or "")  # type: ignore[attr-defined]


def test_huge_item_array_is_bounded() -> None:
    items = [{"id": str(i), "title": f"Item {i}"} for i in range(MAX_ITEMS + 500)]
    feed = feed_of({"version": "https://jsonfeed.org/version/1.1", "items": items})
    assert len(feed.entries) == MAX_ITEMS  # type: ignore[attr-defined]
    assert "first 10000" in (feed.warning or "")  # type: ignore[attr-defined]


def test_xml_is_still_xml_whatever_its_label() -> None:
    for label in ("application/rss+xml", "application/json", None):
        feed = parse_feed(fixture("arabic_rss2.xml"), URL, label)
        assert feed.error is None and len(feed.entries) == 3


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_json_feeds_from_a_server(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    arabic = feed_server.serve_fixture(
        "arabic_feed.json", content_type="application/feed+json; charset=utf-8"
    )
    english = feed_server.serve_fixture("english_feed_1_0.json", content_type="text/plain")
    broken = feed_server.serve("/broken.json", b'{"items": [', content_type="application/json")
    # The items link to sites that do not exist: their pages are not asked for.
    config = '[settings]\nfull_text = "never"\n'
    get_paths().ensure().config_file.write_text(config, encoding="utf-8")
    for url in (arabic, english, broken):
        assert run(capsys, "add", url)[0] == 0
    code, out, err = run(capsys, "fetch")
    assert code == 0, out  # some feeds came: the failure is reported, not the exit code
    assert "2 ok, 1 failed" in out
    assert "JSON error" in err  # failures on stderr, where cron mails them from
    assert "\x1b" not in out + err
    code, out, _ = run(capsys, "list", "--json")
    titles = {json.loads(line)["title"] for line in out.splitlines()}
    assert {"المجلس الرئاسي يناقش الميزانية في طرابلس", "ارتفاع أسعار النفط"} <= titles
    assert "Markets hold steady before the vote" in titles
    accept = next(h for p, h in feed_server.requests if p == "/arabic_feed.json")["Accept"]
    assert accept == FEED_ACCEPT and "application/feed+json" in accept
    code, out, _ = run(capsys, "list", "--json", "--section", "اقتصاد")
    assert len(out.splitlines()) == 2
