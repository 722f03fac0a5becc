"""Articles the config's filters hid: found through their partial index, and taken off the
counts that migration 6's triggers keep."""

from __future__ import annotations

import sqlite3

# A test of `a.hidden` itself would read every row: `hidden` is stored after the bodies
# (see migration 3). The partial index holds the few hidden ones.
HIDDEN_IDS = "SELECT id FROM articles WHERE hidden != 0"

Counts = tuple[int, int, int]  # total, unread, bookmarked


def hidden_counts(conn: sqlite3.Connection) -> tuple[Counts, dict[str, tuple[int, int]]]:
    """What hidden articles add to the kept counts: in all, and (total, unread) per section."""
    total, unread, marked = conn.execute(
        """SELECT COUNT(*), COALESCE(SUM(read = 0), 0), COALESCE(SUM(bookmarked), 0)
           FROM articles WHERE hidden != 0"""
    ).fetchone()
    if not total:
        return (0, 0, 0), {}
    rows = conn.execute(
        """SELECT s.key, COUNT(*), COALESCE(SUM(a.read = 0), 0) FROM articles a
           JOIN article_sections s ON s.article_id = a.id
           WHERE a.hidden != 0 GROUP BY s.key"""
    ).fetchall()
    return (total, unread, marked), {r[0]: (r[1], r[2]) for r in rows}
