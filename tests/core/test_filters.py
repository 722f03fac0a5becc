"""The killfile and saved queries from the config, end to end through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES, FeedServer
from tnews.cli.main import main
from tnews.paths import get_paths
from tnews.prepare import prepare_feed
from tnews.query import parse_query
from tnews.store.feeds import Subscription
from tnews.store.models import HIDDEN, QUERY_PREFIX
from tnews.store.store import open_store

OIL = "ارتفاع أسعار النفط الليبي في الأسواق العالمية"
COUNCIL = "المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس"
MARKETS = "Markets steady as oil climbs"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def titles(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, err = run(capsys, "list", "--json", *extra)
    assert code == 0, err
    return [json.loads(line)["title"] for line in out.splitlines()]


def configure(server: FeedServer, extra: str) -> None:
    arabic = server.serve_fixture("arabic_rss2.xml")
    english = server.serve_fixture("english_rss1.rdf", content_type="application/rdf+xml")
    get_paths().ensure().config_file.write_text(
        f'[[feeds]]\nurl = "{arabic}"\nsection = "ليبيا"\n\n'
        f'[[feeds]]\nurl = "{english}"\nsection = "World"\n\n{extra}',
        encoding="utf-8",
    )


def test_killfile_hides_at_refresh_and_says_so(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # «اسعار» without its hamza hides «أسعار»; a body word hides the council story; a
    # broken rule is reported and left out while the others still work.
    configure(
        feed_server,
        '[filters]\nignore = [\'title:"اسعار"\', "الانتخابات", "title:(", "feed:World and oil"]\n',
    )
    code, out, err = run(capsys, "fetch")
    assert code == 0
    assert "3 hidden by filters" in out
    assert "title:(" in err and "expected" in err
    shown = titles(capsys)
    assert OIL not in shown and COUNCIL not in shown and MARKETS not in shown
    assert "EU delegation meets Libya's Presidential Council in Tripoli" in shown
    hidden = titles(capsys, "--hidden")
    assert sorted(hidden) == sorted([OIL, COUNCIL, MARKETS])
    # Not counted among the unread either.
    assert OIL not in titles(capsys, "--section", "unread")
    assert OIL not in titles(capsys, "--section", "اقتصاد")
    # A second fetch (304s) neither loses nor hides anything more.
    code, out, _ = run(capsys, "fetch")
    assert "0 hidden by filters" in out
    assert sorted(titles(capsys, "--hidden")) == sorted(hidden)


def test_saved_queries_are_sections(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(
        feed_server,
        '[[queries]]\nname = "نفط"\nquery = "section:اقتصاد or oil"\n\n'
        "[[queries]]\nname = \"Council news\"\nquery = '(مجلس or council) and not feed:World'\n\n"
        '[[queries]]\nname = "Broken"\nquery = "after:2026-02-30"\n',
    )
    code, _, err = run(capsys, "fetch")
    assert code == 0
    assert "Broken" in err or "2026-02-30" in err
    assert sorted(titles(capsys, "--section", "نفط")) == sorted([OIL, MARKETS])
    assert titles(capsys, "--section", "council news") == [COUNCIL]
    assert titles(capsys, "--query", "after:2026-11-28 and unread and section:ليبيا") == [
        COUNCIL,
        OIL,
    ]


def test_bad_query_on_the_command_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    get_paths().ensure().config_file.write_text("[settings]\n", encoding="utf-8")
    code, out, err = run(capsys, "list", "--query", 'title:"open')
    assert code == 2
    assert out == ""
    assert "closing quote" in err and "character 7" in err


def test_queries_match_prepared_articles_arabic_normalised(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    store.sync_subscriptions([Subscription("https://news.example.ly/feed/", "", "ليبيا")])
    (feed,) = [f for f in store.feeds() if not f.builtin]
    prepared = prepare_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), feed.url)
    ids = store.apply_feed(feed.id, prepared)
    assert not store.pending_count()  # indexed for search: the index answers, not the source

    def found(query: str) -> list[str]:
        return [a.title for a in store.list_articles(QUERY_PREFIX + parse_text(query))]

    assert found('title:"أَسْعَار"') == [OIL]  # harakat and hamza folded
    assert found("الاقتصاد") == []  # a longer word is not found by a shorter one's start
    assert found("المؤسسه") == [OIL]  # body word; taa marbuta folded
    assert found("مؤسس") == [COUNCIL, OIL]  # a word finds the words it begins («المؤسسات»)
    assert found("author:الورفلي") == [COUNCIL]
    assert found("section:اخبار -section:سياسة") != []
    assert COUNCIL not in found("section:اخبار -section:سياسة")
    assert store.hide_matching([parse_query("الانتخابات")], ids) == 1
    assert [a.title for a in store.list_articles(HIDDEN)] == [COUNCIL]
    counts = {s.key: s for s in store.sections()}
    assert counts["@all"].total == 2 and counts["@unread"].unread == 2
    assert "سياسه" not in counts  # its only article is hidden
    store.close()


def parse_text(query: str) -> str:
    parse_query(query)  # a query the tests mean to be valid
    return query
