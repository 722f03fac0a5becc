"""Filters over stored articles: the killfile's hiding, and saved queries as sections."""

from __future__ import annotations

from collections.abc import Sequence

from tnews import clock
from tnews.query import Query
from tnews.store.matching import compile_query
from tnews.store.models import QUERY_PREFIX, Section
from tnews.store.pending import PendingStore

# Ids judged in one statement: far below SQLite's limit on bound parameters.
_ID_BATCH = 500


class FilterStore(PendingStore):
    """Hiding articles by rule, and counting saved queries."""

    def hide_matching(self, rules: Sequence[Query], ids: Sequence[int]) -> int:
        """Hide the articles among ids that some rule matches; returns how many were hidden."""
        if not rules or not ids:
            return 0
        now = clock.now()
        compiled = [compile_query(rule, now) for rule in rules]
        condition = " OR ".join(f"({sql})" for sql, _ in compiled)
        values = [value for _, params in compiled for value in params]
        hidden = 0
        with self.transaction() as conn:
            for start in range(0, len(ids), _ID_BATCH):
                batch = list(ids[start : start + _ID_BATCH])
                marks = ",".join("?" * len(batch))
                cursor = conn.execute(
                    f"""UPDATE articles AS a SET hidden = 1
                        WHERE a.id IN ({marks}) AND a.hidden = 0 AND ({condition})""",
                    (*batch, *values),
                )
                hidden += cursor.rowcount
        return hidden

    def hidden_count(self) -> int:
        """How many articles the filters hide."""
        with self._lock:
            row = self.conn.execute("SELECT COUNT(*) FROM articles WHERE hidden != 0").fetchone()
        return int(row[0])

    def query_sections(self, queries: Sequence[tuple[str, str]]) -> list[Section]:
        """A section for each saved query (name, query text), with its counts."""
        sections = []
        for name, text in queries:
            key = QUERY_PREFIX + text
            total = self.count_articles(key)
            unread = self.count_articles(key, unread_only=True)
            sections.append(Section(key, name, "query", total, unread))
        return sections
