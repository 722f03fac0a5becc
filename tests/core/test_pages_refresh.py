"""Pages of summary-only feeds fetched during the refresh, so that they read whole offline:
a real site on 127.0.0.1, `tnews fetch`, the server stopped, then `read` and `related`."""

from __future__ import annotations

import json

import pytest

from tests.core.site import (
    BODY_ONLY,
    RELATED,
    SEE_ALSO,
    page_hits,
    page_path,
    serve_site,
    write_config,
)
from tests.core.test_cli import list_json, run
from tests.support.feedserver import FeedServer
from tnews import clock

SUMMARY_ONLY = "Only the feed's summary"


def ids_by_title(capsys: pytest.CaptureFixture[str]) -> dict[int, int]:
    """Article ids by the number at the end of their title."""
    site = [a for a in list_json(capsys) if str(a["feed"]).startswith("بوابة")]
    return {int(str(a["title"]).rsplit(" ", 1)[1]): int(str(a["id"])) for a in site}


def read(capsys: pytest.CaptureFixture[str], article_id: int) -> str:
    code, out, err = run(capsys, "--bidi", "off", "read", str(article_id), "--width", "200")
    assert code == 0, err
    return out


def test_after_fetch_every_article_reads_whole_offline_with_its_links(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config([(serve_site(feed_server, "site", 3), "")])
    code, out, _ = run(capsys, "fetch")
    assert code == 0
    assert "3 of 3 articles fetched whole, 0 failed" in out
    feed_server.stop()  # offline from here on
    ids = ids_by_title(capsys)
    assert sorted(ids) == [0, 1, 2]
    for n, article_id in ids.items():
        text = read(capsys, article_id)
        assert BODY_ONLY in text and f"{1000 + n}" in text
        assert SUMMARY_ONLY not in text
        code, out, _ = run(capsys, "related", str(article_id), "--json")
        groups = {(g["group"], g["url"]) for g in map(json.loads, out.splitlines())}
        assert code == 0 and ("see_also", SEE_ALSO) in groups and ("related", RELATED) in groups


def test_no_index_stops_before_the_pages_and_index_fetches_them(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config([(serve_site(feed_server, "site", 2), "")])
    code, out, _ = run(capsys, "fetch", "--no-index")
    assert code == 0 and "fetched whole" not in out
    assert page_hits(feed_server, "site") == {}
    first = ids_by_title(capsys)[0]
    text = read(capsys, first)
    assert SUMMARY_ONLY in text and "has not been fetched yet" in text
    assert f"tnews read {first} --fetch" in text
    code, out, _ = run(capsys, "index")
    assert code == 0 and "2 of 2 articles fetched whole, 0 failed" in out
    assert BODY_ONLY in read(capsys, first)


def test_cap_per_feed_newest_first_and_the_rest_next_time_never_twice(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config([(serve_site(feed_server, "site", 5), "")], "pages_per_feed = 2")
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "2 of 2 articles fetched whole, 0 failed, 3 left" in out
    assert set(page_hits(feed_server, "site")) == {page_path("site", 0), page_path("site", 1)}
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "2 of 2 articles fetched whole, 0 failed, 1 left" in out
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "1 of 1 articles fetched whole" in out
    run(capsys, "fetch")
    hits = page_hits(feed_server, "site")
    assert hits == {page_path("site", n): 1 for n in range(5)}


def test_one_page_shared_by_two_feeds_is_fetched_once(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main = serve_site(feed_server, "site", 2)
    # A second feed of the same site carrying the same articles (a section's feed).
    from tests.core.site import summary_feed

    section = feed_server.serve(
        "/section.xml", summary_feed(feed_server.base, "section", 2, link_feed="site")
    )
    write_config([(main, ""), (section, "")])
    code, out, _ = run(capsys, "fetch")
    # One article, one row: the section's feed adds its section to the same two articles.
    assert code == 0 and "2 of 2 articles fetched whole" in out
    assert page_hits(feed_server, "site") == {page_path("site", n): 1 for n in range(2)}


def test_a_failed_page_leaves_the_summary_marked_and_is_tried_again_later(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config([(serve_site(feed_server, "site", 3), "")])
    broken = page_path("site", 1)
    feed_server.routes[broken].status = 500
    code, out, err = run(capsys, "fetch")
    assert code == 0 and "2 of 3 articles fetched whole, 1 failed" in out
    # Failures go to stderr, where cron mails them from.
    assert "page failed" in err and "500" in err
    article_id = ids_by_title(capsys)[1]
    text = read(capsys, article_id)
    assert SUMMARY_ONLY in text and "could not be had" in text and "500" in text
    assert f"tnews read {article_id} --fetch" in text and BODY_ONLY not in text
    # At once again: the page waits its back-off, and the whole ones are not fetched again.
    run(capsys, "fetch")
    assert page_hits(feed_server, "site")[broken] == 1
    assert sum(page_hits(feed_server, "site").values()) == 3
    # An hour later the site is mended: the next refresh tries it again.
    feed_server.routes[broken].status = 200
    monkeypatch.setenv("TNEWS_NOW", str(clock.now() + 3600))
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "1 of 1 articles fetched whole, 0 failed" in out
    assert page_hits(feed_server, "site")[broken] == 2
    assert BODY_ONLY in read(capsys, article_id)


def test_429_with_retry_after_leaves_the_host_alone_until_then(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = serve_site(
        feed_server, "site", 4, status=429, headers={"Retry-After": "7200"}, conditional=False
    )
    write_config([(url, "")], "per_host = 1")
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "0 of 1 articles fetched whole, 1 failed, 3 left" in out
    assert sum(page_hits(feed_server, "site").values()) == 1
    later = clock.now()
    monkeypatch.setenv("TNEWS_NOW", str(later + 3600))  # still within the asked wait
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "3 left for the next refresh" in out
    assert sum(page_hits(feed_server, "site").values()) == 1
    for n in range(4):
        route = feed_server.routes[page_path("site", n)]
        route.status, route.headers = 200, {}
    monkeypatch.setenv("TNEWS_NOW", str(later + 7300))
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "4 of 4 articles fetched whole, 0 failed" in out


def test_per_feed_modes_and_the_global_default(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = [
        (serve_site(feed_server, "never", 1), "never"),
        (serve_site(feed_server, "open", 1), "open"),
        (serve_site(feed_server, "refresh", 1), "refresh"),
        (serve_site(feed_server, "auto", 1), ""),
    ]
    write_config(feeds)
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "2 of 2 articles fetched whole" in out
    assert page_hits(feed_server, "never") == page_hits(feed_server, "open") == {}
    assert page_hits(feed_server, "refresh") and page_hits(feed_server, "auto")
    notes = {}
    for item in list_json(capsys):
        if str(item["feed"]).startswith("بوابة"):
            notes[str(item["feed"])] = read(capsys, int(str(item["id"])))
    assert "fetched only when asked" in notes["بوابة never"]
    assert "when an article is opened in the reader" in notes["بوابة open"]
    # The global default off (the boolean of earlier configs): nothing is fetched.
    write_config([(serve_site(feed_server, "off", 1), "")], "full_text = false")
    run(capsys, "fetch")
    assert page_hits(feed_server, "off") == {}


def test_add_full_text_writes_the_mode_and_bad_values_are_config_errors(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config([])
    url = serve_site(feed_server, "site", 1)
    assert run(capsys, "add", url, "--full-text", "never")[0] == 0
    from tnews.paths import get_paths

    assert 'full_text = "never"' in get_paths().config_file.read_text(encoding="utf-8")
    run(capsys, "fetch")
    assert page_hits(feed_server, "site") == {}
    write_config([(url, "")], 'full_text = "always"')
    code, _, err = run(capsys, "fetch")
    assert code == 2 and "full_text must be one of" in err and "line 2" in err


def test_a_feed_of_whole_articles_is_left_alone_and_its_short_item_says_why(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "<p>" + "وقال الوزير إن الخطة تستهدف تمويل المشروعات الصغيرة في البلديات. " * 20 + "</p>"
    items = [(f"whole-{n}", body) for n in range(3)] + [("short", "<p>خبر قصير.</p>")]
    entries = "".join(
        f"<item><title>{guid}</title><link>{feed_server.url('/whole/' + guid)}</link>"
        f"<guid>{guid}</guid><description><![CDATA[{html}]]></description></item>"
        for guid, html in items
    )
    feed = f'<rss version="2.0"><channel><title>كاملة</title>{entries}</channel></rss>'
    write_config([(feed_server.serve("/whole.xml", feed), "")])
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "fetched whole" not in out
    assert not [p for p, _ in feed_server.requests if p.startswith("/whole/")]
    short = next(int(str(a["id"])) for a in list_json(capsys) if a["title"] == "short")
    text = read(capsys, short)
    assert SUMMARY_ONLY in text and "fetched only when asked" in text


def test_a_bookmark_whose_page_failed_is_not_asked_for_again_in_the_same_refresh(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config([(serve_site(feed_server, "site", 1), "")])
    page = page_path("site", 0)
    feed_server.routes[page].status = 503
    assert run(capsys, "fetch")[0] == 0  # the page step fails once
    article_id = ids_by_title(capsys)[0]
    assert run(capsys, "bookmark", str(article_id))[0] == 0  # the next fetch completes it
    monkeypatch.setenv("TNEWS_NOW", str(clock.now() + 3600))  # past the first back-off
    assert run(capsys, "fetch")[0] == 0
    # The bookmark's completion asked in this refresh; the page step did not ask again.
    assert page_hits(feed_server, "site") == {page: 2}
    assert "could not be had" in read(capsys, article_id)
