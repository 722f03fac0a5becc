"""Refreshing feeds: fetch concurrently, parse in worker processes, store feeds as they come;
then prepare what was stored (documents, search index, same-story links: see preparing)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tnews import clock
from tnews.config import Settings
from tnews.feeds.pool import ParseLimitError, ParsePool
from tnews.net import ErrorKind, Fetcher, FetchLimits, FetchResult, Validators
from tnews.prepared import PreparedFeed
from tnews.preparing import PARSE_TIMEOUT, Progress, load_parsers, prepare_pending
from tnews.query import Query
from tnews.refresh_pages import PageTally, fetch_pages
from tnews.schedule import feed_interval
from tnews.store.articles import FeedWrite
from tnews.store.feeds import Attempt, FeedRow
from tnews.store.store import Store
from tnews.text.clean import clean_line

# Feeds between the start of their fetch and the end of their store write, per parse worker:
# enough to keep the workers and the writer busy, few enough that fetched bodies and prepared
# feeds do not pile up in memory while they wait (every feed at once took 1.3 GB at 500).
IN_FLIGHT_PER_WORKER = 4
# Fetches that stored nothing (304s, failures) recorded in one transaction.
RECORD_BATCH = 64
# Parsed feeds stored in one transaction at most (those waiting when the writer is free).
APPLY_BATCH = 16

T = TypeVar("T")

# SQLite's words when the store itself cannot be written (a full disk, a file size limit, a
# folder made read-only): every feed would fail alike, so the refresh stops and says so once.
_UNWRITABLE = ("disk I/O error", "database or disk is full", "readonly database")


def store_unwritable(exc: BaseException) -> bool:
    """Whether an exception says the store cannot be written at all, not one feed's trouble."""
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc) for w in _UNWRITABLE)


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's refresh went."""

    feed_id: int
    title: str
    ok: bool
    new: int = 0
    not_modified: bool = False
    error: str | None = None
    warning: str | None = None  # stored, but something was wrong (entries recovered)


@dataclass(slots=True)
class Summary:
    """What a whole refresh did."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    completed: int = 0  # bookmarks whose whole text arrived
    cleaned: int = 0  # articles forgotten: left their feeds, read, old or over the limit
    prepared: int = 0  # stored articles prepared for reading, search and related stories
    hidden: int = 0  # new articles the config's filters hid (tnews list --hidden)
    pages: PageTally = field(default_factory=PageTally)  # summaries' pages fetched whole

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

    def __init__(
        self, store: Store, settings: Settings, pool: ParsePool, rules: Sequence[Query] = ()
    ) -> None:
        self.store = store
        self.settings = settings
        self.pool = pool
        self.rules = tuple(rules)  # the killfile: new articles that match are hidden
        self._new_ids: list[int] = []
        self._fresh_for: dict[int, float] = {}  # per feed: how long its copy stays fresh
        self._writer: ThreadPoolExecutor | None = None
        self._gate: asyncio.Semaphore | None = None
        self._attempts: list[Attempt] = []
        # Feeds parsed and waiting for the writer, and the task storing them.
        self._ready: list[tuple[FeedWrite, asyncio.Future[list[int] | Exception]]] = []
        self._applying: asyncio.Task[None] | None = None
        self._force = False  # a forced refresh sends no validators: every feed comes whole

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
        self._force = force
        if force or any(not (feed.etag or feed.last_modified) for feed in todo):
            # A feed without validators always sends its body: there will be parsing.
            self.pool.warm_up()
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
                    await self._record_timings(summary)
                    new_ids, self._new_ids = self._new_ids, []
                    summary.hidden = await self._store(
                        self.store.hide_matching, self.rules, new_ids
                    )
                    summary.completed = await self._complete_bookmarks(fetcher)
                summary.cleaned = await self._store(
                    self.store.cleanup,
                    self.settings.keep_days,
                    self.settings.keep_per_feed,
                    forget_unread=self.settings.forget_unread,
                )
                if prepare:
                    summary.prepared = await prepare_pending(
                        self.store, self.pool, self._store, on_progress
                    )
                    summary.pages = await self._fetch_pages(on_progress)
            finally:
                self._writer = None
        return summary

    async def prepare_pending(self, on_progress: Callable[[Progress], None] | None = None) -> int:
        """Prepare every staged article; returns how many were stored prepared."""
        with ThreadPoolExecutor(1, thread_name_prefix="tnews-store") as writer:
            self._writer = writer
            try:
                return await prepare_pending(self.store, self.pool, self._store, on_progress)
            finally:
                self._writer = None

    async def fetch_pages(self, on_progress: Callable[[Progress], None] | None = None) -> PageTally:
        """The last of the second step: fetch and extract the pages of summaries due now (see
        refresh_pages), so that they read whole offline."""
        with ThreadPoolExecutor(1, thread_name_prefix="tnews-store") as writer:
            self._writer = writer
            try:
                return await self._fetch_pages(on_progress)
            finally:
                self._writer = None

    async def _fetch_pages(self, on_progress: Callable[[Progress], None] | None) -> PageTally:
        limits = limits_from(self.settings)
        per_feed = self.settings.pages_per_feed
        return await fetch_pages(self.store, self.pool, self._store, limits, per_feed, on_progress)

    async def _complete_bookmarks(self, fetcher: Fetcher) -> int:
        """Fetch the pages of bookmarks saved offline as summaries; returns how many came."""
        if self.settings.full_text == "never":
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
            else:
                # Remembered with its back-off, so the page step does not ask for it again now.
                error = page.error or "the page could not be fetched"
                await self._store(self.store.page_failed, [article_id], error)
        return done

    async def _one(self, fetcher: Fetcher, feed: FeedRow) -> FeedOutcome:
        gate = self._gate or asyncio.Semaphore(1)
        async with gate:
            return await self._one_now(fetcher, feed)

    async def _one_now(self, fetcher: Fetcher, feed: FeedRow) -> FeedOutcome:
        try:
            return await self._refresh_feed(fetcher, feed)
        except (OSError, ValueError, RuntimeError, sqlite3.Error) as exc:
            if store_unwritable(exc):
                raise
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
        validators = (
            Validators(None, None) if self._force else Validators(feed.etag, feed.last_modified)
        )
        result = await fetcher.fetch(feed.fetch_url, validators)
        hint = feed_interval(result.body) if result.body else 0.0
        self._fresh_for[feed.id] = max(result.fresh_for, hint)
        if result.not_modified:
            await self._record(feed, result, ok=True)
            return FeedOutcome(feed.id, title, True, not_modified=True)
        if result.body is None or result.error:
            await self._record(feed, result, ok=False)
            return FeedOutcome(feed.id, title, False, error=result.error or "no body")
        # What is stored already need not be prepared again (most of a feed, most times).
        known = await self._store(self.store.source_hashes, feed.id) if feed.articles else {}
        stage_feed = (await load_parsers()).stage_feed
        try:
            prepared: PreparedFeed = await self.pool.run(
                stage_feed,
                result.body,
                result.base_url,
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
        state = {
            "status": result.status,
            "etag": result.etag,
            "last_modified": result.last_modified,
            "fetch_url": result.permanent_url,
        }
        new_ids = await self._apply(FeedWrite(feed.id, prepared, state))
        self._new_ids.extend(new_ids)
        name = prepared.title or title
        return FeedOutcome(feed.id, name, True, new=len(new_ids), warning=prepared.warning)

    async def _record_timings(self, summary: Summary) -> None:
        """Each feed's freshness and run of failures, for the reader's refresh timer."""
        now = clock.now()
        fresh, self._fresh_for = self._fresh_for, {}
        timings = [
            (o.feed_id, o.ok, now + fresh[o.feed_id] if fresh.get(o.feed_id) else None)
            for o in summary.outcomes
        ]
        await self._store(self.store.record_timings, timings)

    async def _apply(self, write: FeedWrite) -> list[int]:
        """Store a feed's articles: with the other feeds that are ready by the time the
        writer is free, in one transaction."""
        done: asyncio.Future[list[int] | Exception] = asyncio.get_running_loop().create_future()
        self._ready.append((write, done))
        if self._applying is None or self._applying.done():
            self._applying = asyncio.create_task(self._apply_ready())
        outcome = await done
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _apply_ready(self) -> None:
        while self._ready:
            batch, self._ready = self._ready[:APPLY_BATCH], self._ready[APPLY_BATCH:]
            outcomes: list[list[int] | Exception] = []
            try:
                outcomes = await self._store(self.store.apply_feeds, [w for w, _ in batch])
            except Exception as exc:  # each feed's caller reports it as its own failure
                outcomes = [exc] * len(batch)
            finally:
                for index, (_, done) in enumerate(batch):
                    if done.done():
                        continue
                    if index < len(outcomes):
                        done.set_result(outcomes[index])
                    else:  # cancelled while storing: nobody is left to wait
                        done.cancel()

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
