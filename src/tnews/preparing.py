"""The second step of a refresh: preparing staged articles (documents, the search index,
same-story links) in the parse workers, stored by one writer in growing batches."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from tnews.feeds.pool import ParseLimitError, ParsePool
from tnews.prepared import PreparedArticle
from tnews.store.pending import PendingSource
from tnews.store.store import Store

PARSE_TIMEOUT = 60.0
# Staged articles handed to a worker at once (by count and by source bytes), and read from
# the store at once: enough to make the round trip cheap next to preparing them (a summary
# prepares in half a millisecond, a long article in ten), few enough for steady progress.
PREPARE_CHUNK = 64
PREPARE_CHUNK_BYTES = 256 * 1024
PREPARE_BATCH = 256
# Prepared chunks waiting for the writer at most, and articles stored in one transaction
# (beyond what one chunk brings). The reader's own writes wait for a whole transaction: 32
# long articles hold the lock about 150 ms, 256 held it for more than a second, and both
# store 200 feeds in the same time.
PREPARE_QUEUE = 32
PREPARE_WRITE = 32

# Runs a store method (and its arguments) where the caller's writes run.
StoreCall = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a refresh is: shown while it runs."""

    done: int
    total: int
    errors: int
    last: str = ""
    phase: str = "fetch"  # "fetch": feeds; "prepare": stored articles being prepared


async def prepare_pending(
    store: Store,
    pool: ParsePool,
    call: StoreCall,
    on_progress: Callable[[Progress], None] | None = None,
) -> int:
    """Prepare every staged article of store in pool's workers; returns how many were
    stored. call runs a store method where the caller's writes run (its one writer thread)."""
    total = await call(store.pending_count)
    if not total:
        return 0
    done = stored = errors = 0
    gate = asyncio.Semaphore(2 * pool.workers)
    # Prepared chunks wait here for the writer, which stores what has come (up to
    # PREPARE_WRITE) in one transaction: when it is the slower side its transactions grow,
    # so the search index gets fewer, larger segments and fewer merges. The bound holds
    # memory.
    ready: asyncio.Queue[list[tuple[int, PreparedArticle | str]] | None] = asyncio.Queue(
        PREPARE_QUEUE
    )

    async def prepare(chunk: list[PendingSource]) -> None:
        try:
            results = await _prepare_chunk(pool, chunk)
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
            stored += await call(store.apply_prepared, results)
            errors += sum(isinstance(r, str) for _, r in results)
            done += len(results)
            if on_progress:
                on_progress(Progress(min(done, total), total, errors, phase="prepare"))

    try:
        async with asyncio.TaskGroup() as group:
            writer = group.create_task(write())
            producers: list[asyncio.Task[None]] = []
            after = 0
            while batch := await call(store.pending_sources, PREPARE_BATCH, after):
                after = batch[-1].article_id
                for chunk in chunks(batch):
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
    pool: ParsePool, chunk: list[PendingSource]
) -> list[tuple[int, PreparedArticle | str]]:
    prepare_sources = (await load_parsers()).prepare_sources
    items = [(p.article_id, p.source, p.source_hash) for p in chunk]
    try:
        return await pool.run(prepare_sources, items, timeout=PARSE_TIMEOUT)
    except ParseLimitError as exc:
        if len(items) == 1:
            return [(items[0][0], str(exc))]
    # One article took the worker down or too long: each alone, so only it fails.
    out: list[tuple[int, PreparedArticle | str]] = []
    for item in items:
        try:
            out += await pool.run(prepare_sources, [item], timeout=PARSE_TIMEOUT)
        except ParseLimitError as exc:
            out.append((item[0], str(exc)))
    return out


_LOADED: list[ModuleType] = []  # tnews.prepare, once imported by load_parsers


async def load_parsers() -> ModuleType:
    """tnews.prepare, whose functions the workers run. Imported once a feed has a body to
    parse (a run of 304s never needs lxml and feedparser), and off the event loop: the
    import takes a tenth of a second, which the reader's keys must not wait for."""
    if not _LOADED:
        # Not a look in sys.modules: a module is there from the start of its import, and a
        # second feed would take it half-made. import_module waits for the first import.
        _LOADED.append(await asyncio.to_thread(importlib.import_module, "tnews.prepare"))
    return _LOADED[0]


def chunks(sources: list[PendingSource]) -> list[list[PendingSource]]:
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
