"""Bookmarks and related articles from the command line; exports that cannot escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_cli import list_json, run, subscribe_fixtures
from tests.support.feedserver import FeedServer
from tnews.paths import get_paths


@pytest.fixture
def fetched(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    subscribe_fixtures(feed_server, capsys)
    run(capsys, "add", feed_server.serve_fixture("second_arabic_rss2.xml"))
    assert run(capsys, "fetch")[0] == 0
    return list_json(capsys)


def by_title(items: list[dict[str, object]], start: str) -> int:
    return int(next(i["id"] for i in items if str(i["title"]).startswith(start)))  # type: ignore[call-overload]


def test_bookmark_list_and_remove(
    fetched: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    council = by_title(fetched, "المجلس الرئاسي")
    code, out, _ = run(capsys, "bookmark", str(council))
    assert code == 0 and "bookmarked" in out
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [council]
    assert json.loads(out.splitlines()[0])["bookmarked"] is True
    assert [i["id"] for i in list_json(capsys, "--section", "bookmarks")] == [council]
    run(capsys, "bookmark", str(council), "--remove")
    assert run(capsys, "bookmarks", "--json")[1] == ""
    assert run(capsys, "bookmark", "424242")[0] == 1


def test_json_export_import_round_trip_with_arabic(
    fetched: list[dict[str, object]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [by_title(fetched, "المجلس الرئاسي"), by_title(fetched, "Markets steady")]
    for article_id in ids:
        run(capsys, "bookmark", str(article_id))
    export = tmp_path / "bookmarks.json"
    assert run(capsys, "bookmarks", "export", "--format", "json", "-o", str(export))[0] == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    titles = [item["title"] for item in data["items"]]
    assert "المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس" in titles
    # Logical text: the exported body holds the letters as written, not terminal shapes.
    council = next(item for item in data["items"] if item["title"].startswith("المجلس"))
    text = json.dumps(council["document"], ensure_ascii=False)
    assert "استقبل رئيس المجلس الرئاسي" in text
    assert not any("\ufe70" <= ch <= "\ufeff" for ch in text)

    # Another profile with nothing stored: import brings both back whole, offline.
    monkeypatch.setenv("TNEWS_HOME", str(tmp_path / "other"))
    (tmp_path / "other" / "config").mkdir(parents=True)
    (tmp_path / "other" / "config" / "config.toml").write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert code == 0 and "imported 2 bookmarks" in out
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert "imported 0 bookmarks (2 already here)" in out
    again = tmp_path / "again.json"
    run(capsys, "bookmarks", "export", "--format", "json", "-o", str(again))
    back = json.loads(again.read_text(encoding="utf-8"))["items"]
    key = {"url", "title", "document", "see_also", "related", "dateline", "author"}
    assert sorted(({k: i[k] for k in key} for i in back), key=lambda i: i["url"]) == sorted(
        ({k: i[k] for k in key} for i in data["items"]), key=lambda i: i["url"]
    )
    imported = by_title(list_json(capsys), "المجلس الرئاسي")
    code, out, _ = run(capsys, "read", str(imported), "--bidi", "off")
    assert "وبحث اللقاء سبل دعم العملية السياسية" in out


def test_html_and_markdown_exports_mark_direction_and_escape(
    fetched: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "bookmark", str(by_title(fetched, "[b]عنوان")))
    run(capsys, "bookmark", str(by_title(fetched, "المجلس الرئاسي")))
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "html")
    assert code == 0
    assert '<h1 dir="auto">المجلس الرئاسي يستقبل' in out
    assert "[@click=app.quit]" in out  # text, shown as text
    assert "<script" not in out
    code, md, _ = run(capsys, "bookmarks", "export", "--format", "md")
    assert "# المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس" in md


def test_folder_export_makes_safe_names_and_never_overwrites_unasked(
    fetched: list[dict[str, object]],
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    tmp_path: Path,
) -> None:
    evil = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>e</title>'
        "<item><title>../../../etc/passwd</title><guid>e1</guid><description>x</description>"
        "</item><item><title>.hidden \u202eexe.txt</title><guid>e2</guid>"
        "<description>y</description></item></channel></rss>"
    )
    run(capsys, "add", feed_server.serve("/evil.xml", evil))
    run(capsys, "fetch")
    items = list_json(capsys)
    for start in ("../../../etc", ".hidden", "المجلس الرئاسي"):
        run(capsys, "bookmark", str(by_title(items, start)))
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "md", "-o", str(folder))
    assert code == 0 and "wrote 3 files" in out
    names = sorted(p.name for p in folder.iterdir())
    assert all((folder / n).resolve().parent == folder.resolve() for n in names)
    assert "المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس.md" in names
    assert not any(n.startswith(".") or "/" in n or "\u202e" in n for n in names)
    assert not (tmp_path / "etc").exists()
    before = {n: (folder / n).read_text(encoding="utf-8") for n in names}
    (folder / names[0]).write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "bookmarks", "export", "--format", "md", "-o", str(folder))
    assert code == 1 and "use --force" in err
    assert (folder / names[0]).read_text(encoding="utf-8") == "mine"
    code, _, _ = run(capsys, "bookmarks", "export", "--format", "md", "-o", str(folder), "--force")
    assert code == 0 and (folder / names[0]).read_text(encoding="utf-8") == before[names[0]]


def test_related_groups(
    fetched: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    other = by_title(fetched, "المنفي يستقبل")
    council = by_title(fetched, "المجلس الرئاسي")
    code, out, _ = run(capsys, "related", str(other), "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    see_also = [r["title"] for r in rows if r["group"] == "see_also"]
    assert see_also == [
        "الاتحاد الأوروبي يعلن دعماً جديداً للانتخابات الليبية",
        "أورلاندو: الانتخابات أولوية أوروبية",
    ]
    same = [r for r in rows if r["group"] == "same_story"]
    assert [r["id"] for r in same] == [council]
    assert same[0]["source"] == "وكالة الأنباء التجريبية"
    book_fair = by_title(fetched, "افتتاح معرض الكتاب")
    code, out, _ = run(capsys, "related", str(book_fair), "--json")
    assert out == ""
    code, out, _ = run(capsys, "related", str(other), "--bidi", "off")
    assert "See also" in out and "Same story elsewhere" in out


def test_read_fetch_brings_the_whole_article_once(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = Path(__file__).resolve().parent.parent / "content" / "fixtures"
    host = feed_server.base.removeprefix("http://")
    feed = (pages / "summary_feed.xml").read_text(encoding="utf-8").replace("HOST", host)
    path = "/2024/05/19/small-business-plan/"
    feed_server.serve(path, (pages / "wp_news.html").read_bytes(), content_type="text/html")
    get_paths().ensure().config_file.write_text("", encoding="utf-8")
    # Pages fetched when opened, not by the refresh: `read --fetch` is what brings it.
    run(capsys, "add", feed_server.serve("/feed.xml", feed), "--full-text", "open")
    run(capsys, "fetch")
    article = by_title(list_json(capsys), "الحكومة تعلن خطة")
    code, out, _ = run(capsys, "read", str(article), "--bidi", "off")
    assert "خمسة آلاف مشروع" not in out  # the summary only
    code, out, _ = run(capsys, "read", str(article), "--bidi", "off", "--fetch")
    assert code == 0 and "خمسة آلاف مشروع" in out
    assert "زر الذهاب إلى الأعلى" not in out
    del feed_server.routes[path]  # offline from now on: it reads from the store
    code, out, err = run(capsys, "read", str(article), "--bidi", "off", "--fetch")
    assert code == 0 and "خمسة آلاف مشروع" in out and err == ""
