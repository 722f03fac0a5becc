"""One article, one row: finding an entry's stored article through any feed of its site,
which feeds carry each article now, and merging the copies earlier versions stored."""

from __future__ import annotations

import json
import sqlite3

from tnews.links import link_key, link_site
from tnews.text.normalize import section_key

# From this schema version on, articles have link keys and copies are one row.
ONE_ROW_VERSION = 9

_STORED = "SELECT id, content_hash, source_hash, feed_id"


def find_stored(
    conn: sqlite3.Connection, feed_id: int, guid: str, url: str, key: str
) -> sqlite3.Row | None:
    """The stored article an entry of a feed is: by this feed's guid, else the same link
    (normalised) from any feed, else the same guid from another feed of the same site.
    carried_here says whether this feed is already known to carry it under that guid."""
    # A feed subscribed again: its kept (bookmarked) articles are still its own rows, with
    # no article_feeds row. One statement for both: this runs for every new entry.
    row: sqlite3.Row | None = conn.execute(
        f"""{_STORED}, 1 AS carried_here FROM articles WHERE id = (
                SELECT article_id FROM article_feeds WHERE feed_id = :feed AND guid = :guid)
            UNION ALL {_STORED}, 0 FROM articles WHERE feed_id = :feed AND guid = :guid LIMIT 1""",
        {"feed": feed_id, "guid": guid},
    ).fetchone()
    if row is None and key:
        # Only feed articles: a page opened from a link or an imported bookmark stays apart.
        row = conn.execute(
            """SELECT a.id, a.content_hash, a.source_hash, a.feed_id, 0 AS carried_here
               FROM articles a JOIN feeds f ON f.id = a.feed_id AND f.builtin = 0
               WHERE a.link_key = ? ORDER BY a.id LIMIT 1""",
            (key,),
        ).fetchone()
    if row is None and key and guid != url:
        # (A guid that is the link itself was just looked for as the link.) A guid is unique
        # within its site only: "123" is some other site's article too.
        site = link_site(key)
        for other in conn.execute(
            """SELECT a.id, a.link_key FROM article_feeds af JOIN articles a ON a.id = af.article_id
               WHERE af.guid = ? AND af.feed_id != ? LIMIT 20""",
            (guid, feed_id),
        ):
            if other["link_key"] and link_site(other["link_key"]) == site:
                row = conn.execute(
                    f"{_STORED}, 0 AS carried_here FROM articles WHERE id = ?", (other["id"],)
                ).fetchone()
                break
    return row


def carry(
    conn: sqlite3.Connection,
    feed_id: int,
    guid: str,
    article_id: int,
    *,
    source_hash: str = "",
    categories: tuple[str, ...] = (),
) -> None:
    """Record that a feed carries an article under a guid (and with which categories)."""
    conn.execute(
        """INSERT INTO article_feeds (feed_id, guid, article_id, carried, source_hash, categories)
           VALUES (?, ?, ?, 1, ?, ?)
           ON CONFLICT (feed_id, guid) DO UPDATE SET article_id = excluded.article_id,
               carried = 1, source_hash = excluded.source_hash, categories = excluded.categories""",
        (feed_id, guid, article_id, source_hash, json.dumps(list(categories), ensure_ascii=False)),
    )


def mark_carried(conn: sqlite3.Connection, feed_id: int, guids: list[str]) -> None:
    """Say which of a feed's articles it carries now (the entries it was fetched whole with)."""
    # Only the rows that change are written: most refreshes change none.
    conn.execute(
        """UPDATE article_feeds SET carried = 1 - carried
           WHERE feed_id = ? AND carried = (guid NOT IN (SELECT value FROM json_each(?)))""",
        (feed_id, json.dumps(guids, ensure_ascii=False)),
    )


def other_feeds_sections(
    conn: sqlite3.Connection, article_id: int, feed_id: int
) -> list[tuple[str, tuple[str, ...]]]:
    """The configured group and categories each other feed carrying an article gives it."""
    rows = conn.execute(
        """SELECT f.section, af.categories FROM article_feeds af JOIN feeds f ON f.id = af.feed_id
           WHERE af.article_id = ? AND af.feed_id != ?""",
        (article_id, feed_id),
    ).fetchall()
    out = []
    for row in rows:
        try:
            names = json.loads(row["categories"])
        except ValueError:
            names = []
        out.append((str(row["section"]), tuple(str(n) for n in names if isinstance(n, str))))
    return out


def forget_feed(conn: sqlite3.Connection, feed_id: int) -> list[int]:
    """A feed unsubscribed: its articles another subscribed feed carries become that feed's,
    the rest go unless bookmarked; its configured group leaves the articles that stay.
    Returns the ids of the articles deleted."""
    shared = conn.execute(
        """SELECT a.id, MIN(af.feed_id) AS other FROM articles a
           JOIN article_feeds af ON af.article_id = a.id AND af.feed_id != a.feed_id
           JOIN feeds f ON f.id = af.feed_id AND f.subscribed = 1
           WHERE a.feed_id = ? GROUP BY a.id""",
        (feed_id,),
    ).fetchall()
    for row in shared:
        # Its source digest is cleared: the other feed's next fetch stores its own entry.
        conn.execute(
            """UPDATE articles SET feed_id = ?, source_hash = '',
                   guid = (SELECT guid FROM article_feeds WHERE feed_id = ? AND article_id = ?)
               WHERE id = ?""",
            (row["other"], row["other"], row["id"], row["id"]),
        )
    _drop_group(conn, feed_id)
    gone = conn.execute(
        "DELETE FROM articles WHERE feed_id = ? AND bookmarked = 0 RETURNING id", (feed_id,)
    ).fetchall()
    conn.execute("DELETE FROM article_feeds WHERE feed_id = ?", (feed_id,))
    return [int(r[0]) for r in gone]


def _drop_group(conn: sqlite3.Connection, feed_id: int) -> None:
    """Take a feed's configured group off the articles it carries that other feeds carry
    too, unless one of those is in the same group. The site's own labels stay."""
    group = conn.execute("SELECT section FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    key = section_key(group[0]) if group and group[0] else ""
    if not key:
        return
    rows = conn.execute(
        """SELECT af.article_id, GROUP_CONCAT(f.section, char(31)) AS others
           FROM article_feeds af JOIN article_feeds o
               ON o.article_id = af.article_id AND o.feed_id != af.feed_id
           JOIN feeds f ON f.id = o.feed_id
           WHERE af.feed_id = ? GROUP BY af.article_id""",
        (feed_id,),
    ).fetchall()
    for row in rows:
        if key not in {section_key(name) for name in str(row["others"]).split("\x1f")}:
            conn.execute(
                "DELETE FROM article_sections WHERE article_id = ? AND key = ? AND kind = 'group'",
                (row["article_id"], key),
            )


def merge_copies(conn: sqlite3.Connection) -> int:
    """Fill every article's link key and merge feed articles that are one (a store from
    before one row per article); returns how many copies were merged away."""
    rows = conn.execute("SELECT id, url FROM articles WHERE link_key = ''").fetchall()
    conn.executemany(
        "UPDATE articles SET link_key = ? WHERE id = ?",
        [(key, int(r["id"])) for r in rows if (key := link_key(str(r["url"])))],
    )
    copies = conn.execute(
        """SELECT a.link_key, GROUP_CONCAT(a.id) AS ids FROM articles a
           JOIN feeds f ON f.id = a.feed_id AND f.builtin = 0
           WHERE a.link_key != '' GROUP BY a.link_key HAVING COUNT(*) > 1"""
    ).fetchall()
    merged = 0
    for row in copies:
        keep, *others = sorted(int(i) for i in str(row["ids"]).split(","))
        for other in others:
            _merge(conn, keep, other)
            merged += 1
    return merged


def _merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold one stored copy into the article kept: its feeds, sections and the user's state."""
    conn.execute("UPDATE article_feeds SET article_id = ? WHERE article_id = ?", (keep, other))
    conn.execute(
        """INSERT OR IGNORE INTO article_sections (article_id, key, name, kind)
           SELECT ?, key, name, kind FROM article_sections WHERE article_id = ?""",
        (keep, other),
    )
    conn.execute(
        """UPDATE articles SET
               read = MAX(read, (SELECT read FROM articles WHERE id = :other)),
               bookmarked_at = COALESCE(bookmarked_at,
                   (SELECT bookmarked_at FROM articles WHERE id = :other)),
               bookmarked = MAX(bookmarked, (SELECT bookmarked FROM articles WHERE id = :other)),
               full_body = COALESCE(full_body, (SELECT full_body FROM articles WHERE id = :other))
           WHERE id = :keep""",
        {"keep": keep, "other": other},
    )
    conn.execute("DELETE FROM search WHERE rowid = ?", (other,))
    conn.execute("DELETE FROM articles WHERE id = ?", (other,))
