"""The commands that fetch and prepare: `fetch` (for cron) and `index`, with their progress
and summaries."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

from tnews.cli.commands import EXIT_BUSY, EXIT_OK
from tnews.cli.context import Context
from tnews.cli.output import error, print_text, shown
from tnews.config import Settings
from tnews.feeds.pool import ParsePool
from tnews.lock import AlreadyRunning, FetchLock
from tnews.preparing import Progress
from tnews.refresh import Refresher, Summary
from tnews.refresh_pages import PageTally
from tnews.store.store import open_store


def cmd_fetch(args: argparse.Namespace, ctx: Context) -> int:
    """Refresh every due feed; exit 0 when the run completed, even if some feeds failed."""
    # Writes happen on a worker thread; opening syncs the subscriptions before fetching.
    ctx.threaded = True
    store = ctx.store
    try:
        with FetchLock(ctx.paths.fetch_lock):
            quiet = args.quiet or not sys.stderr.isatty()

            async def run() -> None:
                with ParsePool() as pool:
                    rules = [rule.query for rule in ctx.config.filters]
                    refresher = Refresher(store, ctx.config.settings, pool, rules)
                    summary = await refresher.run(
                        on_progress=_progress_line(quiet), force=args.force, prepare=False
                    )
                    _end_progress(quiet)
                    _report_fetch(
                        summary,
                        ctx.config.settings,
                        ctx.bidi_mode,
                        quiet=args.quiet,
                        filtered=bool(rules),
                    )
                    # What is stored is readable now; preparing it for search and related
                    # stories follows, unless the user would rather leave that for later.
                    if not args.no_index:
                        await refresher.prepare_pending(_progress_line(quiet))
                        _end_progress(quiet)
                        tally = await refresher.fetch_pages(_progress_line(quiet))
                        _say_pages(tally, quiet, ctx.bidi_mode, silent=args.quiet)

            asyncio.run(run())
    except AlreadyRunning as exc:
        error(str(exc))
        return EXIT_BUSY
    return EXIT_OK


def _say_pages(tally: PageTally, quiet: bool, bidi: str, *, silent: bool = False) -> None:
    """The page step's summary line, when it had anything to do (none when silent, as with
    `fetch --quiet`); a failure on stderr, always, its title laid out per the bidi mode."""
    if tally.any:
        _end_progress(quiet)
        if not silent:
            print_text(tally.line())
        if tally.first_error:
            error(f"page failed: {shown(tally.first_title, bidi)}: {tally.first_reason}")


def _report_fetch(
    summary: Summary, settings: Settings, bidi: str, *, quiet: bool, filtered: bool = False
) -> None:
    """What a fetch did: a line on stdout (none with --quiet), what failed or was left out
    on stderr (cron mails only those)."""
    ok = len(summary.outcomes) - len(summary.failures)
    if not quiet:
        line = (
            f"{len(summary.outcomes)} feeds: {ok} ok, {len(summary.failures)} failed, "
            f"{summary.new} new articles"
        )
        if filtered:
            line += f", {summary.hidden} hidden by filters"
        if summary.cleaned:
            read = "" if settings.forget_unread else "read "
            line += (
                f", {summary.cleaned} {read}articles no feed carries any more forgotten "
                f"(older than {settings.keep_days} days or past {settings.keep_per_feed} "
                "per feed)"
            )
        print_text(line)
        sys.stdout.flush()
    for outcome in summary.outcomes:
        if outcome.ok and outcome.warning and not quiet:
            # Entries recovered from a broken feed add articles but replace none.
            title = shown(outcome.title, bidi)
            error(f"{title}: {outcome.warning}; stored articles were not replaced")
    for failure in summary.failures:
        error(f"failed: {shown(failure.title, bidi)}: {failure.error}")


def _progress_line(quiet: bool) -> Callable[[Progress], None]:
    """Progress on one rewritten stderr line, when a person is watching."""

    def show(p: Progress) -> None:
        if quiet:
            return
        if p.phase == "prepare":
            line = f"preparing {p.done}/{p.total} articles for search"
        elif p.phase == "pages":
            line = f"fetching whole articles {p.done}/{p.total}, {p.errors} failed"
        else:
            line = f"fetching {p.done}/{p.total}, {p.errors} failed"
        sys.stderr.write(f"\r{line} ")
        sys.stderr.flush()

    return show


def _end_progress(quiet: bool) -> None:
    if not quiet:
        sys.stderr.write("\n")
        sys.stderr.flush()


def prepare_stored(ctx: Context, *, quiet: bool | None = None) -> int:
    """Prepare articles a fetch stored but did not prepare; returns how many."""
    if not ctx.store.pending_count():
        return 0
    quiet = not sys.stderr.isatty() if quiet is None else quiet
    # The writes run on a worker thread: the context's connection if it allows that.
    own = None if ctx.threaded else open_store(ctx.paths.database, check_same_thread=False)
    store = own or ctx.store
    try:

        async def run() -> int:
            with ParsePool() as pool:
                refresher = Refresher(store, ctx.config.settings, pool)
                return await refresher.prepare_pending(_progress_line(quiet))

        done = asyncio.run(run())
        if done:
            _end_progress(quiet)
        return done
    finally:
        if own is not None:
            own.close()


def cmd_index(args: argparse.Namespace, ctx: Context) -> int:
    """Prepare stored articles for search and related stories (what `fetch --no-index` left)."""
    ctx.threaded = True
    quiet = args.quiet or not sys.stderr.isatty()
    try:
        with FetchLock(ctx.paths.fetch_lock):
            done = prepare_stored(ctx, quiet=args.quiet or None)
            print_text(f"{done} articles prepared")
            sys.stdout.flush()
            _say_pages(fetch_stored_pages(ctx, quiet), quiet, ctx.bidi_mode)
    except AlreadyRunning as exc:
        error(f"{exc} (a fetch prepares what it stores)")
        return EXIT_BUSY
    return EXIT_OK


def fetch_stored_pages(ctx: Context, quiet: bool) -> PageTally:
    """Fetch the pages of stored summaries that are due (what `fetch --no-index` left)."""

    async def run() -> PageTally:
        with ParsePool() as pool:
            refresher = Refresher(ctx.store, ctx.config.settings, pool)
            return await refresher.fetch_pages(_progress_line(quiet))

    return asyncio.run(run())
