"""What an article page tells the store about its article besides its text: the date the
feed did not give, the names of the sections the feed gave only as slugs."""

from __future__ import annotations

import sqlite3

from tnews import clock
from tnews.content.labels import is_slug
from tnews.text.normalize import section_key


def add_page_section(conn: sqlite3.Connection, article_id: int, section: str) -> None:
    """The page's section among the article's; a bare slug (a URL path segment) only when
    the article has no section named by the site already."""
    if not section or not (key := section_key(section)):
        return
    if is_slug(section.lower()):
        named = conn.execute(
            "SELECT name FROM article_sections WHERE article_id = ? AND kind = 'site'",
            (article_id,),
        ).fetchall()
        if any(not is_slug(row["name"].lower()) for row in named):
            return
    conn.execute(
        "INSERT OR IGNORE INTO article_sections (article_id, key, name, kind) "
        "VALUES (?, ?, ?, 'site')",
        (article_id, key, section),
    )


def label_slugs(conn: sqlite3.Connection, article_id: int, labels: dict[str, str]) -> None:
    """The article's sections named by a feed's bare slug ("economy") take the name the
    page's links give that slug ("اقتصاد")."""
    if not labels:
        return
    rows = conn.execute(
        "SELECT key, name FROM article_sections WHERE article_id = ? AND kind = 'site'",
        (article_id,),
    ).fetchall()
    for row in rows:
        label = labels.get(row["name"].lower())
        if not label or not (key := section_key(label)):
            continue
        conn.execute(
            "INSERT OR IGNORE INTO article_sections (article_id, key, name, kind) "
            "VALUES (?, ?, ?, 'site')",
            (article_id, key, label),
        )
        if key != row["key"]:
            conn.execute(
                "DELETE FROM article_sections WHERE article_id = ? AND key = ?",
                (article_id, row["key"]),
            )


def date_from_page(conn: sqlite3.Connection, article_id: int, published: float | None) -> None:
    """The page's publication date, where the feed gave none (the first-seen time stands in)
    or only a day (stored as its midnight, UTC): never a date in the future."""
    if published is None or published > clock.now() + 86400:
        return
    conn.execute(
        """UPDATE articles SET published = ?, published_from = 'page' WHERE id = ? AND (
               published_from = 'seen'
               OR (published_from = 'feed' AND published % 86400 = 0 AND ? % 86400 != 0
                   AND ABS(published - ?) < 2 * 86400))""",
        (published, article_id, published, published),
    )
