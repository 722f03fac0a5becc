"""The command line end to end: subscribe, fetch from a real local server, list, read, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.support.feedserver import FeedServer
from tnews import __version__
from tnews.cli.main import build_parser, main
from tnews.paths import get_paths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def subscribe_fixtures(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> list[str]:
    urls = [
        server.serve_fixture("arabic_rss2.xml"),
        server.serve_fixture("english_rss1.rdf", content_type="application/rdf+xml"),
        server.serve_fixture("mixed_atom.xml", content_type="application/atom+xml"),
    ]
    # Start from an empty config so the default subscriptions (real sites) are not fetched.
    paths = get_paths().ensure()
    # Their articles link to sites that are not this server: no pages fetched by the refresh.
    paths.config_file.write_text('[settings]\nfull_text = "open"\n', encoding="utf-8")
    assert run(capsys, "add", urls[0], "--section", "ليبيا")[0] == 0
    assert run(capsys, "add", urls[1], "--section", "World")[0] == 0
    assert run(capsys, "add", urls[2])[0] == 0
    return urls


def list_json(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "list", "--json", *extra)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_version_and_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"add", "remove", "feeds", "fetch", "list", "read", "search", "import", "export"} <= set(
        commands
    )
    for name in commands:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        assert "exit codes" in capsys.readouterr().out


def test_subscribe_fetch_list_read(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    code, out, _ = run(capsys, "fetch")
    assert code == 0
    assert "3 ok, 0 failed" in out
    assert "new articles" in out
    items = list_json(capsys)
    titles = [i["title"] for i in items]
    assert "المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس" in titles
    assert "Markets steady as oil climbs" in titles
    assert "قراءة في نتائج القمة العربية" in titles
    for item in items:
        assert set(item) >= {"id", "title", "feed", "section", "url", "published", "read"}
        assert item["read"] is False
    # Newest first, guide included (it is built in).
    published = [i["published"] for i in items]
    assert published == sorted(published, reverse=True)
    # Sections from the config and from the feeds' own categories.
    libya = list_json(capsys, "--section", "ليبيا")
    assert len(libya) == 3
    economy = list_json(capsys, "--section", "الاقتصاد")  # stored as «اقتصاد»
    assert [i["title"] for i in economy] == ["ارتفاع أسعار النفط الليبي في الأسواق العالمية"]

    council = next(i for i in items if str(i["title"]).startswith("المجلس"))
    code, out, _ = run(capsys, "read", str(council["id"]), "--width", "60", "--bidi", "terminal")
    assert code == 0
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0].strip() == council["title"]
    assert "وكالة الأنباء التجريبية" in lines[1]
    body = out.split("\n\n")
    assert any("وبحث اللقاء سبل دعم العملية السياسية" in part for part in body)
    assert all(len(line) <= 60 for line in lines)


def test_read_lays_out_arabic_for_the_width(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    item = next(i for i in list_json(capsys) if str(i["title"]).startswith("ارتفاع"))
    code, out, _ = run(capsys, "read", str(item["id"]), "--width", "40")
    assert code == 0
    rows = [r for r in out.splitlines() if r.strip()]
    # Shaped (presentation forms, not logical letters) and right-aligned to exactly 40 cells.
    shaped = [r for r in rows if any("\ufe70" <= ch <= "\ufefc" for ch in r)]
    assert len(shaped) >= 4
    assert all(cell_len(r) == 40 for r in shaped)
    # The body's first words are on the right of its first row (read right to left).
    first_body = next(r for r in shaped if "82" in r)
    assert first_body.rstrip().endswith("ﺖﻌﻔﺗﺭﺍ")  # «ارتفعت», shaped


def test_second_fetch_sends_validators_and_adds_nothing(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    before = len(list_json(capsys))
    code, out, _ = run(capsys, "fetch")
    assert code == 0
    assert "0 new articles" in out
    assert len(list_json(capsys)) == before
    second = [h for p, h in feed_server.requests if p == "/arabic_rss2.xml"][1]
    assert second.get("If-None-Match")
    assert "tnews/" in second.get("User-Agent", "")


def test_a_failing_feed_does_not_stop_the_others(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    broken = feed_server.serve(
        "/broken", b"<html><body>not a feed</body></html>", content_type="text/html"
    )
    missing = feed_server.url("/missing")
    run(capsys, "add", broken)
    run(capsys, "add", missing)
    code, out, err = run(capsys, "fetch")
    assert code == 0
    assert "3 ok, 2 failed" in out
    # Failures go to stderr, where cron mails them.
    assert "HTTP 404" in err and "HTTP 404" not in out
    code, out, _ = run(capsys, "feeds", "--json")
    feeds = {f["url"]: f for f in map(json.loads, out.splitlines())}
    assert feeds[missing]["error"]
    assert feeds[broken]["error"]


def test_failed_fetch_keeps_stored_articles(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    before = list_json(capsys)
    feed_server.serve("/arabic_rss2.xml", b"", status=500)
    run(capsys, "fetch")
    assert list_json(capsys) == before


def test_unread_filter_and_mark_read(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    first = list_json(capsys)[0]
    run(capsys, "read", str(first["id"]), "--mark-read")
    unread = list_json(capsys, "--unread")
    assert first["id"] not in [i["id"] for i in unread]
    assert len(unread) == len(list_json(capsys)) - 1


def test_markup_in_titles_is_text(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    titles = [i["title"] for i in list_json(capsys)]
    assert "[b]عنوان[/b] مع [@click=app.quit]رابط[/] لا يُفسَّر" in titles


def test_remove_keeps_nothing_but_bookmarks(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = subscribe_fixtures(feed_server, capsys)
    run(capsys, "fetch")
    assert run(capsys, "remove", urls[1])[0] == 0
    assert all(i["feed"] != "World Example" for i in list_json(capsys))
    code, _, err = run(capsys, "remove", urls[1])
    assert code == 1 and "not subscribed" in err


def test_import_opml_and_urls_export_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    get_paths().ensure().config_file.write_text("", encoding="utf-8")
    opml = tmp_path / "subs.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="عربي"><outline type="rss" text="أخبار" xmlUrl="https://a.example/rss"/>
        <outline text="bad" xmlUrl="file:///etc/passwd"/>
        <outline text="cmd" xmlUrl="exec:rm -rf ~"/></outline>
        <outline type="rss" text="B" xmlUrl="https://b.example/feed"/></body></opml>""",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "import", str(opml))
    assert code == 0
    assert "imported 2 feeds, skipped 2" in out
    urls = tmp_path / "urls"
    urls.write_text('https://c.example/x.xml news "~C title"\nexec:ls\n', encoding="utf-8")
    code, out, _ = run(capsys, "import", str(urls))
    assert "imported 1 feeds, skipped 1" in out
    code, out, _ = run(capsys, "export", "--opml")
    assert code == 0
    assert 'xmlUrl="https://a.example/rss"' in out and 'text="عربي"' in out
    assert 'xmlUrl="https://c.example/x.xml"' in out and "C title" in out
    assert "passwd" not in out and "exec" not in out
    again = tmp_path / "again.opml"
    again.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(again))
    assert "imported 0 feeds" in out


def test_opml_with_entities_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", str(bomb))
    assert code == 1
    assert "DOCTYPE" in err


def test_broken_config_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    paths = get_paths().ensure()
    paths.config_file.write_text("[settings\n", encoding="utf-8")
    code, out, err = run(capsys, "list")
    assert code == 2
    assert str(paths.config_file) in err and "line 1" in err
    assert "Traceback" not in err


def test_read_unknown_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "read", "999999")
    assert code == 1
    assert "no article with id 999999" in err


def test_guide_is_there_on_first_run_with_no_network(capsys: pytest.CaptureFixture[str]) -> None:
    titles = [i["title"] for i in list_json(capsys)]
    assert "Welcome to tnews, the terminal news reader" in titles
    assert any("أهلاً بك في tnews" in str(t) for t in titles)
