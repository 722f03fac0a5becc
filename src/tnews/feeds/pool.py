"""Run parsing in worker processes under OS memory limits and a per-task timeout."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from tnews.feeds.model import ParsedFeed

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 1024 * 1024 * 1024


class ParseLimitError(Exception):
    """A task ran out of time or memory, or its worker died."""


def _limit_memory(memory_bytes: int) -> None:
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _serve(conn: Connection, memory_bytes: int) -> None:
    """Worker loop: apply the limits once, then run tasks until the pipe closes."""
    # Ctrl-C goes to the whole process group; the parent decides what happens to workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_bytes)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args = task
        try:
            reply: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            reply = ("limit", "out of memory")
        except Exception as exc:  # the caller gets it back, raised in its own process
            reply = ("raise", exc)
        try:
            conn.send(reply)
        except (TypeError, AttributeError, ValueError) as exc:
            conn.send(("raise", RuntimeError(f"unpicklable result: {exc}")))


class _Worker:
    def __init__(self, ctx: Any, memory_bytes: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, memory_bytes), daemon=True)
        self.process.start()
        child.close()

    def call(self, fn: Callable[..., Any], args: tuple[object, ...], timeout: float) -> Any:
        self.conn.send((fn, args))
        if not self.conn.poll(timeout):
            self.kill()
            raise ParseLimitError(f"timed out after {timeout:g} s")
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise ParseLimitError(f"parser worker died ({self._exit()})") from None
        if status == "ok":
            return value
        if status == "limit":
            self.kill()
            raise ParseLimitError(value)
        raise value

    def _exit(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"signal {-code}"
        return f"exit code {code}"

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 2


def _start_fork_server() -> None:
    from multiprocessing import forkserver  # only where there is one

    # A fork server that cannot start now is started (or reported) by the first parse.
    with contextlib.suppress(OSError, ValueError):
        forkserver.ensure_running()


def default_workers() -> int:
    """Parse workers for this machine: one core is left to fetching and the store writer."""
    cores = available_cores()
    # Two even on two cores (measured: one worker leaves a core idle while the writer waits,
    # three only contend); past four the single store writer is the limit anyway.
    return max(2, min(4, cores - 1))


# What the fork server imports once, so every worker forked from it starts with the parsers
# loaded instead of importing them itself (a third of a second of CPU each).
PRELOAD = ["tnews.prepare"]


def start_method() -> str:
    """The start method for workers, with the fork server told what to preload."""
    methods = multiprocessing.get_all_start_methods()
    # Not fork: the app runs threads, and a forked child could inherit a held lock.
    if "forkserver" not in methods:
        return "spawn"
    # Only has an effect before the fork server starts; harmless after.
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    return "forkserver"


class ParsePool:
    """Worker processes for untrusted parsing; a worker that dies or hangs is replaced."""

    def __init__(
        self, workers: int | None = None, memory_bytes: int = DEFAULT_MEMORY_BYTES
    ) -> None:
        self._ctx = multiprocessing.get_context(start_method())
        self._memory = memory_bytes
        self.workers = max(1, workers if workers is not None else default_workers())
        self._slots = threading.BoundedSemaphore(self.workers)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        # One waiting thread per worker: tasks beyond that queue here, not in the event
        # loop's default executor, where threads blocked on a free worker would hold back
        # everything else sent there (store writes, file reads).
        self._waiters: ThreadPoolExecutor | None = None

    def warm_up(self) -> None:
        """Start the fork server now, in the background, so the first feed to parse does not
        wait for it: it loads the parsers, a fifth of a second, while the fetches go out."""
        # Only with a core to spare: on one it would only slow down the start of the fetches.
        if self._ctx.get_start_method() != "forkserver" or available_cores() < 2:
            return
        threading.Thread(target=_start_fork_server, name="tnews-fork-server", daemon=True).start()

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise ParseLimitError("parse pool is closed")
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return _Worker(self._ctx, self._memory)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed or not worker.alive():
                worker.kill()
            else:
                self._idle.append(worker)

    def run_sync(self, fn: Callable[..., T], *args: object, timeout: float) -> T:
        """Run fn(*args) in a worker; ParseLimitError on timeout, memory exhaustion or crash."""
        with self._slots:
            worker = self._take()
            try:
                result: T = worker.call(fn, args, timeout)
            except ParseLimitError:
                worker.kill()
                raise
            except (BrokenPipeError, ConnectionResetError, EOFError):
                worker.kill()
                raise ParseLimitError("parser worker died") from None
            except BaseException:
                self._give_back(worker)
                raise
            self._give_back(worker)
            return result

    async def run(self, fn: Callable[..., T], *args: object, timeout: float) -> T:
        """Async form of run_sync; the waiting happens off the event loop."""
        with self._lock:
            if self._waiters is None:
                self._waiters = ThreadPoolExecutor(self.workers, thread_name_prefix="tnews-parse")
            waiters = self._waiters
        call = functools.partial(self.run_sync, fn, *args, timeout=timeout)
        return await asyncio.get_running_loop().run_in_executor(waiters, call)

    def worker_pids(self) -> list[int]:
        """Process ids of the idle, living workers (for diagnostics and tests)."""
        with self._lock:
            return [w.process.pid for w in self._idle if w.alive() and w.process.pid]

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their task ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            waiters, self._waiters = self._waiters, None
        if waiters is not None:
            waiters.shutdown(wait=False, cancel_futures=True)
        for worker in idle:
            worker.kill()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def parse_feed_bounded(
    pool: ParsePool,
    data: bytes,
    url: str,
    content_type: str | None = None,
    charset: str | None = None,
    timeout: float = 20.0,
) -> ParsedFeed:
    """parse_feed in a pool worker; limits become ParsedFeed(error=...), never an exception."""
    # The parser (lxml, feedparser) loads in the workers; here it is only named for pickling.
    from tnews.feeds.parse import parse_feed

    try:
        return await pool.run(parse_feed, data, url, content_type, charset, timeout=timeout)
    except ParseLimitError as exc:
        return ParsedFeed(title="", link="", error=f"feed too large or too slow to parse: {exc}")


def current_pid() -> int:
    """This process's id; a picklable task for checking which worker ran."""
    return os.getpid()
