"""How fast the reader answers while it refreshes: event-loop lag and key round trips.

Runs the real app headless (`App.run_test`, 120x40) on a fresh store subscribed to N corpus
feeds on the local benchmark server, presses `r`, and while the refresh fetches, stores and
then prepares the articles, keeps measuring:
- the event loop's lag: how late a 10 ms sleep on the app's own loop wakes up;
- key round trips: `j`/`k` pressed through the pilot every 100 ms, until the app has handled
  them (the cursor moved).
Figures per phase (fetching and storing; preparing): median, 95th percentile and maximum.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_refresh import tnews_config  # noqa: E402
from corpus import build  # noqa: E402
from measure import machine  # noqa: E402
from server import serving  # noqa: E402

PROBE_SECONDS = 0.01
KEY_EVERY = 0.1


def _report(label: str, values: list[float]) -> None:
    if not values:
        print(f"  {label:<34} no samples")
        return
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(
        f"  {label:<34} median {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   "
        f"max {ms[-1]:6.1f} ms   ({len(ms)} samples)"
    )


async def run(feeds: int, shape: str) -> None:
    """Refresh in the app and measure its answers until the refresh is done."""
    from textual import events

    from tnews.cli.context import Context
    from tnews.store.store import Store
    from tnews.ui.app import TnewsApp
    from tnews.ui.processes import start_process_helpers
    from tnews.ui.widgets.article_list import ArticleList

    items = 10 if shape == "full" else 40
    corpus = build(feeds, items, shape=shape)
    with serving(corpus.root, 0.0, lifetime=900, validators=True) as base:
        home = Path(tempfile.mkdtemp(prefix="tnews-lag-"))
        (home / "config").mkdir(parents=True)
        (home / "config" / "config.toml").write_text(
            tnews_config(corpus.urls(base, feeds)), encoding="utf-8"
        )
        os.environ["TNEWS_HOME"] = os.fspath(home)
        ctx = Context()
        app = TnewsApp(ctx.paths, ctx.config, ctx.store, ctx.bidi_mode)
        start_process_helpers()  # as `tnews` does before the first screen
        lags: dict[str, list[float]] = {"fetch": [], "prepare": []}
        keys: dict[str, list[float]] = {"fetch": [], "prepare": []}
        # Opening an article marks it read: a write made off the event loop (StoreWrites),
        # which waits while the refresh holds the store's write lock. How long the loop
        # is held up by asking for it, and how long until it is written.
        blocked: dict[str, list[float]] = {"fetch": [], "prepare": []}
        writes: dict[str, list[float]] = {"fetch": [], "prepare": []}
        async with app.run_test(size=(120, 40)) as pilot:
            articles = app.screen.query_one(ArticleList)
            status = app.main.status

            def phase() -> str:
                return "prepare" if status.message.startswith("Preparing") else "fetch"

            done = False

            async def probe() -> None:
                while not done:
                    start = time.perf_counter()
                    await asyncio.sleep(PROBE_SECONDS)
                    lags[phase()].append(time.perf_counter() - start - PROBE_SECONDS)

            task = asyncio.create_task(probe())
            started = time.perf_counter()
            await pilot.press("r")
            down = True
            while app.refreshing:
                await asyncio.sleep(KEY_EVERY)
                if articles.count < 3:
                    continue
                before = articles.cursor
                which = phase()
                start = time.perf_counter()
                # Posted as the terminal driver posts keys; the pilot's press also waits for
                # the screen to settle, which is not what a reader waits for.
                app.post_message(events.Key("j" if down else "k", None))
                while articles.cursor == before and time.perf_counter() - start < 5:
                    await asyncio.sleep(0)
                keys[which].append(time.perf_counter() - start)
                current = articles.current
                if current is not None:
                    start = time.perf_counter()
                    mark = functools.partial(Store.set_read, article_id=current.id, read=down)
                    written = app.write(mark)
                    blocked[which].append(time.perf_counter() - start)
                    await written
                    writes[which].append(time.perf_counter() - start)
                down = not down
            took = time.perf_counter() - started
            done = True
            await task
        stored = ctx.store.count_articles("@all")
        ctx.close()
    print(f"{feeds} {shape} feeds: refresh and preparing took {took:.1f} s, {stored} articles")
    for name, label in (("fetch", "fetching and storing"), ("prepare", "preparing")):
        _report(f"event-loop lag, {label}", lags[name])
        _report(f"key round trip, {label}", keys[name])
        _report(f"marking read: loop held, {label}", blocked[name])
        _report(f"marking read: written, {label}", writes[name])


def main() -> None:
    """Print the reader's answer times during a refresh."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--shape", choices=("full", "summary"), default="full")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    asyncio.run(run(args.feeds, args.shape))


if __name__ == "__main__":
    main()
