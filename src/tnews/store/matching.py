"""A parsed query (tnews.query) as an SQL condition over `articles a`."""

from __future__ import annotations

import sqlite3

from tnews import clock
from tnews.query import All, Any, Flag, Not, Query, Text, Time, parse_query
from tnews.text.normalize import search_text, section_key, tokens

_FLAGS = {"unread": "a.read = 0", "read": "a.read = 1", "bookmarked": "a.bookmarked = 1"}
# Articles still staged are not in the search index yet: their title and source are read.
_STAGED = "(a.pending != 0 AND tnews_matches(?, a.title, a.source))"
_STAGED_TITLE = "(a.pending != 0 AND tnews_matches(?, a.title))"


def _matches(needle: str, *haystacks: str | bytes | None) -> bool:
    """Whether every word of needle (light stems, as tokens() gives them) begins a word of
    the haystacks, Arabic-normalised as the search index is."""
    words = needle.split()
    if not words:
        return False
    parts = [h.decode("utf-8", "replace") if isinstance(h, bytes) else h for h in haystacks]
    text = " " + search_text(" ".join(p for p in parts if p)) + " "
    return all(" " + word in text for word in words)


def register_functions(conn: sqlite3.Connection) -> None:
    """Give a connection the functions compiled queries call."""
    conn.create_function("tnews_matches", -1, _matches, deterministic=True)


def _stems(value: str) -> str:
    return " ".join(tokens(value, stop=False))


def _words(field: str, value: str) -> tuple[str, list[object]]:
    stems = _stems(value)
    if not stems:
        return "0", []
    # Every word may begin a longer one, as in the staged match below.
    match = " AND ".join('"' + stem.replace('"', '""') + '"*' for stem in stems.split())
    staged = _STAGED
    if field == "title":
        match, staged = "title : (" + match + ")", _STAGED_TITLE
    indexed = "a.id IN (SELECT rowid FROM search WHERE search MATCH ?)"
    return f"({indexed} OR {staged})", [match, stems]


def _text(node: Text) -> tuple[str, list[object]]:
    if node.field == "section":
        return (
            "EXISTS (SELECT 1 FROM article_sections qs WHERE qs.article_id = a.id AND qs.key = ?)",
            [section_key(node.value)],
        )
    if node.field == "feed":
        return (
            """EXISTS (SELECT 1 FROM feeds qf WHERE qf.id = a.feed_id
                AND tnews_matches(?, qf.title, qf.feed_title, qf.section, qf.url))""",
            [_stems(node.value)],
        )
    if node.field == "author":
        return "tnews_matches(?, a.author)", [_stems(node.value)]
    if node.field == "link":
        return "instr(lower(a.url), ?) > 0", [node.value.strip().lower()]
    return _words(node.field, node.value)


def compile_query(node: Query, now: float) -> tuple[str, list[object]]:
    """The condition and its parameters; `now` anchors newer:."""
    if isinstance(node, Flag):
        return _FLAGS[node.name], []
    if isinstance(node, Text):
        return _text(node)
    if isinstance(node, Time):
        if node.field == "before":
            return "a.published < ?", [node.seconds]
        since = now - node.seconds if node.field == "newer" else node.seconds
        return "a.published >= ?", [since]
    if isinstance(node, Not):
        inner, params = compile_query(node.inner, now)
        return f"NOT ({inner})", params
    joiner = " AND " if isinstance(node, All) else " OR "
    assert isinstance(node, All | Any)
    pieces: list[str] = []
    values: list[object] = []
    for part in node.parts:
        sql, params = compile_query(part, now)
        pieces.append(f"({sql})")
        values.extend(params)
    return joiner.join(pieces), values


def query_condition(text: str) -> tuple[str, list[object]]:
    """The condition of a query's text, as of now; raises QueryError."""
    return compile_query(parse_query(text), clock.now())
