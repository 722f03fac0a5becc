"""The refresh's page step: the pages of new summaries fetched and extracted, so that what a
summary-only feed stored reads whole offline (see PageStore for which pages, and when)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from tnews import clock
from tnews.feeds.pool import ParsePool
from tnews.net import ErrorKind, Fetcher, FetchLimits
from tnews.preparing import Progress, StoreCall
from tnews.store.pages import PageWanted
from tnews.store.store import Store

# Failures not worth trying again by themselves: the page is not there, or never will read.
_FINAL_KINDS = {ErrorKind.GONE, ErrorKind.BAD_URL, ErrorKind.BAD_SCHEME, ErrorKind.TOO_LARGE}
_FINAL_STATUSES = {400, 401, 403, 404, 405, 406, 410, 451}
# How long a host that said 429 without a Retry-After is left alone.
DEFAULT_HOST_WAIT = 600.0


@dataclass(slots=True)
class PageTally:
    """What the page step did."""

    wanted: int = 0  # pages due in this refresh
    fetched: int = 0  # articles that are whole now
    failed: int = 0  # articles whose page failed (tried again later, or marked final)
    left: int = 0  # due but left for the next refresh: beyond the cap, or a host's wait
    first_error: str = ""
    first_title: str = ""  # the first failed page's article, and why it failed
    first_reason: str = ""

    @property
    def any(self) -> bool:
        """Whether there was anything to say."""
        return bool(self.wanted or self.left)

    def line(self) -> str:
        """The summary line: `38 of 40 articles fetched whole, 2 failed`."""
        if not self.wanted:
            return f"no article fetched whole now, {self.left} left for the next refresh"
        text = f"{self.fetched} of {self.wanted} articles fetched whole, {self.failed} failed"
        if self.left:
            text += f", {self.left} left for the next refresh"
        return text


def _round_robin(wanted: list[PageWanted]) -> list[PageWanted]:
    """Interleave hosts (newest first within each), so that one busy site's per-host limit
    does not hold the other sites' pages back."""
    by_host: dict[str, list[PageWanted]] = {}
    for page in wanted:
        by_host.setdefault(page.host, []).append(page)
    queues = list(by_host.values())
    out: list[PageWanted] = []
    for index in range(max((len(q) for q in queues), default=0)):
        out += [q[index] for q in queues if index < len(q)]
    return out


async def fetch_pages(
    store: Store,
    pool: ParsePool,
    call: StoreCall,
    limits: FetchLimits,
    per_feed: int,
    on_progress: Callable[[Progress], None] | None = None,
) -> PageTally:
    """Fetch and extract the pages due now, at most per_feed for each feed, politely (the
    fetcher's per-host limit, hosts' Retry-After); keep what came and why the rest did not."""
    wanted, beyond = await call(store.pages_wanted, per_feed)
    tally = PageTally(left=beyond)
    if not wanted:
        return tally
    # The extraction brings in trafilatura, which refreshes without pages never need.
    from tnews.fulltext import PageResult, fetch_page

    waits = await call(store.host_waits)
    # One fetch for each address: two feeds of one site may carry the same article.
    by_url: dict[str, list[PageWanted]] = {}
    for page in _round_robin(wanted):
        by_url.setdefault(page.url, []).append(page)
    tally.wanted = len(wanted)
    # Fetches under way or waiting for a worker at once: fetched bodies must not pile up
    # while the workers extract.
    gate = asyncio.Semaphore(limits.concurrency + 2 * pool.workers)
    # The fetcher's own per-host limit, held here too, so that a host's answer (a 429) is
    # known before its next page is asked for. Taken before the gate, as the fetcher does.
    hosts: dict[str, asyncio.Semaphore] = {}
    done = 0

    def progress(title: str) -> None:
        if on_progress:
            on_progress(Progress(done, tally.wanted, tally.failed, title, phase="pages"))

    async def one(url: str, pages: list[PageWanted]) -> None:
        nonlocal done
        host = pages[0].host
        ids = [p.article_id for p in pages]
        host_gate = hosts.setdefault(host, asyncio.Semaphore(limits.per_host))
        async with host_gate, gate:
            if waits.get(host, 0.0) > clock.now():
                tally.left += len(pages)
                tally.wanted -= len(pages)
                progress(pages[0].title)
                return
            try:
                page = await fetch_page(fetcher, url, pool)
            except Exception as exc:  # an extraction that raised is this page's failure
                page = PageResult(None, f"the page could not be read: {type(exc).__name__}")
        if page.content is not None:
            for article_id in ids:
                await call(store.store_full_text, article_id, page.content)
            tally.fetched += len(pages)
        else:
            error = page.error or "the page could not be fetched"
            if page.kind == ErrorKind.RATE_LIMITED:
                wait = page.retry_after or DEFAULT_HOST_WAIT
                waits[host] = max(waits.get(host, 0.0), clock.now() + wait)
                await call(store.wait_for_host, host, wait)
            final = page.kind in _FINAL_KINDS or (
                page.kind == ErrorKind.HTTP and page.status in _FINAL_STATUSES
            )
            await call(store.page_failed, ids, error, final=final, wait=page.retry_after)
            tally.failed += len(pages)
            if not tally.first_error:
                tally.first_error = f"{pages[0].title}: {error}"
                tally.first_title, tally.first_reason = pages[0].title, error
        done += len(pages)
        progress(pages[0].title)

    progress("")
    # Made off the event loop: reading the CA bundle takes tens of milliseconds.
    fetcher = await asyncio.to_thread(Fetcher, limits)
    async with fetcher, asyncio.TaskGroup() as group:
        for url, pages in by_url.items():
            group.create_task(one(url, pages))
    return tally
