"""A store made by an earlier version is upgraded on first open; a large one says so first."""

from __future__ import annotations

import pytest

from tests.core.test_cli import run
from tests.core.test_section_counts import as_before_counts
from tnews.cli.context import UPGRADE_NOTICE_ARTICLES
from tnews.paths import get_paths
from tnews.store.schema import SCHEMA_VERSION
from tnews.store.store import open_store

FEED = "https://news.example.ly/feed"


def _old_store(articles: int) -> None:
    """A store as the version before the section counts left it, holding articles."""
    paths = get_paths().ensure()
    paths.config_file.write_text(f'[[feeds]]\nurl = "{FEED}"\n', encoding="utf-8")
    store = open_store(paths.database)
    with store.transaction() as conn:
        conn.execute("INSERT INTO feeds (url, fetch_url) VALUES (?, ?)", (FEED, FEED))
        feed_id = conn.execute("SELECT id FROM feeds WHERE url = ?", (FEED,)).fetchone()[0]
        conn.executemany(
            "INSERT INTO articles (feed_id, guid, title, published, fetched) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (feed_id, f"g{n}", f"خبر {n}", 1_700_000_000 + n, 1_700_000_000)
                for n in range(articles)
            ],
        )
        as_before_counts(conn)
    store.close()


def test_a_large_store_says_it_is_upgrading_before_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _old_store(UPGRADE_NOTICE_ARTICLES)
    code, out, err = run(capsys, "list", "--limit", "1")
    assert code == 0
    assert f"updating the store ({UPGRADE_NOTICE_ARTICLES} articles)" in err
    assert "once" in err
    assert out.strip()
    store = open_store(get_paths().database)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    total = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert total >= UPGRADE_NOTICE_ARTICLES
    assert store.conn.execute("SELECT total FROM article_counts").fetchone()[0] == total
    store.close()
    # Once upgraded, nothing more is said.
    code, _, err = run(capsys, "list", "--limit", "1")
    assert code == 0 and "updating" not in err


def test_a_small_store_upgrades_without_a_word(capsys: pytest.CaptureFixture[str]) -> None:
    _old_store(10)
    code, out, err = run(capsys, "list", "--limit", "1")
    assert code == 0 and "updating" not in err and out.strip()
