"""Refreshing feeds: fetch concurrently, parse in worker processes, store one feed at a time;
then prepare what was stored (documents, search index, same-story links) in the background."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

from tnews.config import Settings
from tnews.feeds.pool import ParseLimitError, ParsePool
from tnews.net import ErrorKind, Fetcher, FetchLimits, FetchResult, Validators
from tnews.prepared import PreparedArticle, PreparedFeed
from tnews.store.feeds import Attempt, FeedRow
from tnews.store.pending import PendingSource
from tnews.store.store import Store
from tnews.text.clean import clean_line

PARSE_TIMEOUT = 60.0
# Feeds between the start of their fetch and the end of their store write, per parse worker:
# enough to keep the workers and the writer busy, few enough that fetched bodies and prepared
# feeds do not pile up in memory while they wait (every feed at once took 1.3 GB at 500).
IN_FLIGHT_PER_WORKER = 4
# Staged articles handed to a worker at once (by count and by source bytes), and read from
# the store at once: enough to make the round trip cheap next to preparing them (a summary
# prepares in half a millisecond, a long article in ten), few enough for steady progress.
PREPARE_CHUNK = 64
PREPARE_CHUNK_BYTES = 256 * 1024
PREPARE_BATCH = 256
# Prepared chunks waiting for the writer at most, and articles stored in one transaction.
PREPARE_QUEUE = 32
PREPARE_WRITE = 256
# Fetches that stored nothing (304s, failures) recorded in one transaction.
RECORD_BATCH = 64

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's refresh went."""

    feed_id: int
    title: str
    ok: bool
    new: int = 0
    not_modified: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a refresh is: shown while it runs."""

    done: int
    total: int
    errors: int
    last: str = ""
    phase: str = "fetch"  # "fetch": feeds; "prepare": stored articles being prepared


@dataclass(slots=True)
class Summary:
    """What a whole refresh did."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    completed: int = 0  # bookmarks whose whole text arrived
    cleaned: int = 0  # old articles forgotten
    prepared: int = 0  # stored articles prepared for reading, search and related stories

    @property
    def new(self) -> int:
        """New articles stored."""
        return sum(o.new for o in self.outcomes)

    @property
    def failures(self) -> list[FeedOutcome]:
        """Feeds that failed."""
        return [o for o in self.outcomes if not o.ok]


def limits_from(settings: Settings) -> FetchLimits:
    """Fetch limits from the user's settings."""
    return FetchLimits(
        max_bytes=settings.max_feed_mb * 1024 * 1024,
        deadline=settings.timeout,
        concurrency=settings.concurrency,
        per_host=settings.per_host,
    )


class Refresher:
    """Runs refreshes against one store; owns a fetcher and a parse pool while it runs."""

    def __init__(self, store: Store, settings: Settings, pool: ParsePool) -> None:
        self.store = store
        self.settings = settings
        self.pool = pool
        self._writer: ThreadPoolExecutor | None = None
        self._gate: asyncio.Semaphore | None = None
        self._attempts: list[Attempt] = []

    async def _store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a store call on the refresh's one writer thread, in the order calls arrive."""
        # One thread for every write: store calls never wait behind threads that wait for a
        # parse worker, and the connection is only ever used from one place during a run.
        call = functools.partial(fn, *args, **kwargs)
        if self._writer is None:
            return await asyncio.to_thread(call)
        return await asyncio.get_running_loop().run_in_executor(self._writer, call)

    async def run(
        self,
        feeds: list[FeedRow] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        *,
        force: bool = False,
        prepare: bool = True,
    ) -> Summary:
        """Refresh the given feeds (default: every feed that is due). New articles are stored
        first, then prepared unless prepare is False (prepare_pending does it later)."""
        todo = feeds if feeds is not None else self.store.due_feeds(force=force)
        summary = Summary()
        errors = 0
        if on_progress:
            on_progress(Progress(0, len(todo), 0))
        in_flight = max(self.settings.concurrency, IN_FLIGHT_PER_WORKER * self.pool.workers)
        self._gate = asyncio.Semaphore(in_flight)
        with ThreadPoolExecutor(1, thread_name_prefix="tnews-store") as writer:
            self._writer = writer
            try:
                # Made off the event loop: reading the CA bundle for the TLS context takes
                # tens of milliseconds, and the reader's keys do not wait for it.
                fetcher = await asyncio.to_thread(Fetcher, limits_from(self.settings))
                async with fetcher:
                    tasks = [asyncio.create_task(self._one(fetcher, feed)) for feed in todo]
                    for task in asyncio.as_completed(tasks):
                        outcome = await task
                        summary.outcomes.append(outcome)
                        errors += not outcome.ok
                        if on_progress:
                            done = len(summary.outcomes)
                            on_progress(Progress(done, len(todo), errors, outcome.title))
                    await self._flush_attempts()
                    summary.completed = await self._complete_bookmarks(fetcher)
                summary.cleaned = await self._store(
                    self.store.cleanup, self.settings.keep_days, self.settings.keep_per_feed
                )
                if prepare:
                    summary.prepared = await self._prepare_pending(on_progress)
            finally:
                self._writer = None
        return summary

    async def prepare_pending(self, on_progress: Callable[[Progress], None] | None = None) -> int:
        """Prepare every staged article; returns how many were stored prepared."""
        with ThreadPoolExecutor(1, thread_name_prefix="tnews-store") as writer:
            self._writer = writer
            try:
                return await self._prepare_pending(on_progress)
            finally:
                self._writer = None

    async def _prepare_pending(self, on_progress: Callable[[Progress], None] | None) -> int:
        total = await self._store(self.store.pending_count)
        if not total:
            return 0
        done = stored = errors = 0
        gate = asyncio.Semaphore(2 * self.pool.workers)
        # Prepared chunks wait here for the writer, which stores all that have come in one
        # transaction: when it is the slower side its transactions grow, so the search
        # index gets fewer, larger segments and fewer merges. The bound holds memory.
        ready: asyncio.Queue[list[tuple[int, PreparedArticle | str]] | None] = asyncio.Queue(
            PREPARE_QUEUE
        )

        async def prepare(chunk: list[PendingSource]) -> None:
            try:
                results = await self._prepare_chunk(chunk)
            finally:
                gate.release()
            await ready.put(results)

        async def write() -> None:
            nonlocal done, stored, errors
            end = False
            while not end:
                first = await ready.get()
                if first is None:
                    return
                results = list(first)
                while len(results) < PREPARE_WRITE and not ready.empty():
                    more = ready.get_nowait()
                    if more is None:
                        end = True
                        break
                    results += more
                stored += await self._store(self.store.apply_prepared, results)
                errors += sum(isinstance(r, str) for _, r in results)
                done += len(results)
                if on_progress:
                    on_progress(Progress(min(done, total), total, errors, phase="prepare"))

        try:
            async with asyncio.TaskGroup() as group:
                writer = group.create_task(write())
                producers: list[asyncio.Task[None]] = []
                after = 0
                while batch := await self._store(self.store.pending_sources, PREPARE_BATCH, after):
                    after = batch[-1].article_id
                    for chunk in _chunks(batch):
                        await gate.acquire()
                        producers.append(group.create_task(prepare(chunk)))
                await asyncio.gather(*producers)
                await ready.put(None)
                await writer
        except* Exception as group_error:
            # Callers handle one error as from any other store or pool call.
            raise group_error.exceptions[0] from None
        return stored

    async def _prepare_chunk(
        self, chunk: list[PendingSource]
    ) -> list[tuple[int, PreparedArticle | str]]:
        prepare_sources = (await _parsers()).prepare_sources
        items = [(p.article_id, p.source, p.source_hash) for p in chunk]
        try:
            return await self.pool.run(prepare_sources, items, timeout=PARSE_TIMEOUT)
        except ParseLimitError as exc:
            if len(items) == 1:
                return [(items[0][0], str(exc))]
        # One article took the worker down or too long: each alone, so only it fails.
        out: list[tuple[int, PreparedArticle | str]] = []
        for item in items:
            try:
                out += await self.pool.run(prepare_sources, [item], timeout=PARSE_TIMEOUT)
            except ParseLimitError as exc:
                out.append((item[0], str(exc)))
        return out

    async def _complete_bookmarks(self, fetcher: Fetcher) -> int:
        """Fetch the pages of bookmarks saved offline as summaries; returns how many came."""
        if not self.settings.full_text:
            return 0
        missing = await self._store(self.store.bookmarks_missing_text)
        if not missing:
            return 0
        # Page extraction brings in trafilatura, a tenth of a second of imports that most
        # refreshes (and every cron fetch with nothing to complete) never need.
        from tnews.fulltext import fetch_page

        done = 0
        for article_id, url in missing:
            page = await fetch_page(fetcher, url, self.pool)
            if page.content is not None:
                await self._store(self.store.store_full_text, article_id, page.content)
                done += 1
        return done

    async def _one(self, fetcher: Fetcher, feed: FeedRow) -> FeedOutcome:
        gate = self._gate or asyncio.Semaphore(1)
        async with gate:
            return await self._one_now(fetcher, feed)

    async def _one_now(self, fetcher: Fetcher, feed: FeedRow) -> FeedOutcome:
        try:
            return await self._refresh_feed(fetcher, feed)
        except (OSError, ValueError, RuntimeError, sqlite3.Error) as exc:
            # One feed's trouble (a worker that cannot start, a locked store) must not end
            # the refresh of the others; it is that feed's failure, shown like any other.
            message = clean_line(f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(sqlite3.Error):
                await self._store(
                    self.store.record_attempt,
                    feed.id,
                    ok=False,
                    status=None,
                    error=message,
                    error_kind="internal",
                )
            return FeedOutcome(feed.id, feed.display_title, False, error=message)

    async def _refresh_feed(self, fetcher: Fetcher, feed: FeedRow) -> FeedOutcome:
        title = feed.display_title
        validators = Validators(feed.etag, feed.last_modified)
        result = await fetcher.fetch(feed.fetch_url, validators)
        if result.not_modified:
            await self._record(feed, result, ok=True)
            return FeedOutcome(feed.id, title, True, not_modified=True)
        if result.body is None or result.error:
            await self._record(feed, result, ok=False)
            return FeedOutcome(feed.id, title, False, error=result.error or "no body")
        # What is stored already need not be prepared again (most of a feed, most times).
        known = await self._store(self.store.source_hashes, feed.id) if feed.articles else {}
        stage_feed = (await _parsers()).stage_feed
        try:
            prepared: PreparedFeed = await self.pool.run(
                stage_feed,
                result.body,
                result.final_url,
                result.content_type,
                result.charset,
                known,
                timeout=PARSE_TIMEOUT,
            )
        except ParseLimitError as exc:
            prepared = PreparedFeed(error=f"feed too large or too slow to parse: {exc}")
        if prepared.error:
            await self._store(
                self.store.record_attempt,
                feed.id,
                ok=False,
                status=result.status,
                error=prepared.error,
                error_kind="parse",
            )
            return FeedOutcome(feed.id, title, False, error=prepared.error)
        new_ids = await self._store(
            self.store.apply_feed,
            feed.id,
            prepared,
            status=result.status,
            etag=result.etag,
            last_modified=result.last_modified,
            fetch_url=result.permanent_url,
            min_published=time.time() - self.settings.keep_days * 86400,
        )
        return FeedOutcome(feed.id, prepared.title or title, True, new=len(new_ids))

    async def _record(self, feed: FeedRow, result: FetchResult, *, ok: bool) -> None:
        """Record a fetch that stored nothing (a 304, a failure); written in batches, since a
        transaction for each of hundreds of 304s costs more than fetching them."""
        self._attempts.append(
            Attempt(
                feed.id,
                ok=ok,
                status=result.status,
                error=result.error,
                error_kind=None if ok else result.kind.value,
                retry_after=result.retry_after,
                gone=result.kind == ErrorKind.GONE,
                etag=result.etag or feed.etag,
                last_modified=result.last_modified or feed.last_modified,
                fetch_url=result.permanent_url,
            )
        )
        if len(self._attempts) >= RECORD_BATCH:
            await self._flush_attempts()

    async def _flush_attempts(self) -> None:
        batch, self._attempts = self._attempts, []
        if batch:
            await self._store(self.store.record_attempts, batch)


_LOADED: list[ModuleType] = []  # tnews.prepare, once imported by _parsers


async def _parsers() -> ModuleType:
    """tnews.prepare, whose functions the workers run. Imported once a feed has a body to
    parse (a run of 304s never needs lxml and feedparser), and off the event loop: the
    import takes a tenth of a second, which the reader's keys must not wait for."""
    if not _LOADED:
        # Not a look in sys.modules: a module is there from the start of its import, and a
        # second feed would take it half-made. import_module waits for the first import.
        _LOADED.append(await asyncio.to_thread(importlib.import_module, "tnews.prepare"))
    return _LOADED[0]


def _chunks(sources: list[PendingSource]) -> list[list[PendingSource]]:
    """Split staged articles into worker tasks of about PREPARE_CHUNK_BYTES each."""
    chunks: list[list[PendingSource]] = []
    current: list[PendingSource] = []
    size = 0
    for source in sources:
        current.append(source)
        size += len(source.source)
        if size >= PREPARE_CHUNK_BYTES or len(current) >= PREPARE_CHUNK:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks
