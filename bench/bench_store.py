"""The reader at 1k, 10k and 100k stored articles: first paint, search, memory, store queries.

Stores are filled once from prepared corpus articles (reused with new guids, titles and
dates) by batched inserts of the rows `Store.apply_feed` writes, and kept under bench/out.
Same-story links are not computed for the copies: no figure here reads them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import BASE_DATE, OUT, build, vocabulary  # noqa: E402
from measure import machine, run_measured, spread  # noqa: E402

FEEDS = 100
POOL_FEEDS = 30  # prepared articles reused for every store: 30 feeds x 10 items
STORE_VERSION = 1
TYPICAL_BLOCKS = 8
SEARCHES = ("الحكومة", "الانتخابات البلدية", "مجلس النواب", "النفط", "Reuters", "تحسين الخد")


def feed_urls() -> list[str]:
    """Subscriptions of the filled stores; never fetched (the port is the discard port)."""
    return [f"http://127.0.0.1:9/feeds/{i:04d}.xml" for i in range(FEEDS)]


def write_config(home: Path) -> None:
    """A config naming the store's feeds, so opening it keeps them subscribed."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    lines = ["[settings]", "full_text = false"]
    for url in feed_urls():
        lines += ["[[feeds]]", f'url = "{url}"']
    (home / "config" / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def typical(article: Any) -> Any:
    """The article cut to the size of a typical feed item (its first blocks, a few KB)."""
    from dataclasses import replace

    from tnews.content.document import Document
    from tnews.content.serial import document_from_json, document_to_json
    from tnews.text.normalize import search_text

    doc = document_from_json(article.body)
    short = Document(doc.blocks[:TYPICAL_BLOCKS], doc.links)
    return replace(
        article,
        body=document_to_json(short),
        search_body=search_text(short.plain_text),
    )


def fill(home: Path, count: int, *, trim: bool = False) -> None:
    """A store of count articles spread over FEEDS feeds, newest first by id."""
    from tnews.feeds.parse import parse_feed
    from tnews.prepare import prepare_entry
    from tnews.store.feeds import Subscription
    from tnews.store.store import open_store
    from tnews.text.normalize import search_text, section_key

    start = time.perf_counter()
    corpus = build(POOL_FEEDS)
    pool = []
    for i in range(POOL_FEEDS):
        parsed = parse_feed(corpus.feed_path(i).read_bytes(), corpus.url_path(i))
        pool += [prepare_entry(e, parsed.language) for e in parsed.entries]
    if trim:
        pool = [typical(a) for a in pool]
    prepared = time.perf_counter() - start
    write_config(home)
    store = open_store(home / "data" / "tnews.db")
    store.sync_subscriptions([Subscription(u) for u in feed_urls()])
    feed_ids = [f.id for f in store.feeds()]
    words = vocabulary(0).words
    newest = BASE_DATE.timestamp()
    batch = 2000
    with store.transaction() as conn:
        for first in range(0, count, batch):
            articles, search, sections, signatures, tokens = [], [], [], [], []
            for n in range(first, min(count, first + batch)):
                a = pool[n % len(pool)]
                article_id = n + 1
                # A different title per copy: two words of the vocabulary make it its own.
                title = f"{a.title} {words[n % 5000]} {words[(n * 7) % 20000]}"
                feed_id = feed_ids[n % FEEDS]
                published = newest - n * 90.0
                articles.append(
                    (article_id, feed_id, f"{n}-{a.guid}", a.url + f"?n={n}", title, a.author,
                     published, published, a.lead, a.body, int(a.is_summary), a.see_also,
                     a.related, json.dumps(list(a.categories), ensure_ascii=False), a.dateline,
                     a.lead_caption, a.direction, a.content_hash, int(n % 3 == 0))
                )  # fmt: skip
                search.append((article_id, search_text(title), a.search_body))
                for name in a.categories[:5]:
                    sections.append((article_id, section_key(name), name, "site"))
                signatures.append((article_id, a.signature))
                tokens += [(t, article_id) for t in a.signature_tokens]
            conn.executemany(
                """INSERT INTO articles (id, feed_id, guid, url, title, author, published,
                       fetched, lead, body, is_summary, see_also, related, categories, dateline,
                       lead_caption, direction, content_hash, read)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                articles,
            )
            conn.executemany("INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)", search)
            conn.executemany(
                "INSERT OR IGNORE INTO article_sections (article_id, key, name, kind) "
                "VALUES (?, ?, ?, ?)",
                sections,
            )
            conn.executemany(
                "INSERT INTO signatures (article_id, signature) VALUES (?, ?)", signatures
            )
            conn.executemany(
                "INSERT OR IGNORE INTO signature_tokens (token, article_id) VALUES (?, ?)", tokens
            )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = (home / "data" / "tnews.db").stat().st_size / 1e6
    took = time.perf_counter() - start
    print(
        f"  filled {count} articles in {took:.0f} s ({prepared:.0f} s preparing "
        f"{len(pool)} articles); store {size:.0f} MB",
        flush=True,
    )


def store_home(count: int, *, trim: bool = False) -> Path:
    """A TNEWS_HOME with a filled store of count articles, made on first use."""
    home = OUT / f"store-v{STORE_VERSION}-{count}{'-typical' if trim else ''}"
    done = home / "filled"
    if not done.exists():
        import shutil

        shutil.rmtree(home, ignore_errors=True)
        fill(home, count, trim=trim)
        done.write_text("ok")
    return home


def timed(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """The first call's time and the times of runs more calls, in milliseconds."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return first, times


def query_figures(home: Path, runs: int) -> dict[str, tuple[float, list[float]]]:
    """Store queries the reader makes on start and on every refresh, and search."""
    from tnews.store.store import open_store

    store = open_store(home / "data" / "tnews.db")
    try:
        figures = {
            "open store": timed(lambda: open_store(home / "data" / "tnews.db").close(), runs),
            "sections()": timed(store.sections, runs),
            "count_articles()": timed(store.count_articles, runs),
            "list_articles(limit=200)": timed(lambda: store.list_articles(limit=200), runs),
        }
        search_times: list[float] = []
        firsts: list[float] = []
        for query in SEARCHES:
            first, times = timed(lambda q=query: store.search(q, limit=50), runs)
            firsts.append(first)
            search_times += times
        figures["search top 50"] = (max(firsts), search_times)
    finally:
        store.close()
    return figures


async def _first_paint(size: tuple[int, int]) -> dict[str, float]:
    """In the child: open the reader headless and time it to the first painted article row."""
    started = time.monotonic()
    from tnews.cli.context import Context
    from tnews.ui.app import TnewsApp
    from tnews.ui.widgets.article_list import ArticleList

    imported = time.monotonic()
    painted = asyncio.Event()
    marks: dict[str, float] = {}
    original = ArticleList.render_line

    def render_line(self: ArticleList, y: int):  # type: ignore[no-untyped-def]
        strip = original(self, y)
        if not painted.is_set() and self.item(self.scroll_offset.y + y) is not None:
            marks["painted"] = time.monotonic()
            painted.set()
        return strip

    ArticleList.render_line = render_line  # type: ignore[method-assign]
    ctx = Context()
    created = time.monotonic()
    app = TnewsApp(ctx.paths, ctx.config, ctx.store, ctx.bidi_mode)
    async with app.run_test(size=size):
        await asyncio.wait_for(painted.wait(), timeout=120)
    ctx.close()
    return {
        "imports": imported - started,
        "app": marks["painted"] - created,
        "since_imports": marks["painted"] - imported,
        "painted_at": marks["painted"],
    }


def child(size: tuple[int, int]) -> None:
    """The measured process: print the first-paint figures as JSON."""
    figures = asyncio.run(_first_paint(size))
    print("FIGURES " + json.dumps(figures), flush=True)


def paint_figures(home: Path, runs: int) -> dict[str, list[float]]:
    """First paint and peak memory, each run in a fresh process."""
    out: dict[str, list[float]] = {"app": [], "process": [], "maxrss": [], "tree": []}
    env = {**os.environ, "TNEWS_HOME": os.fspath(home), "NO_COLOR": "1"}
    for _ in range(runs):
        spawned = time.monotonic()
        run = run_measured([sys.executable, __file__, "--child"], env=env, timeout=300)
        line = next((x for x in run.output.splitlines() if x.startswith("FIGURES ")), None)
        if run.status != 0 or line is None:
            print(f"    FAILED first paint: exit {run.status}: {run.output[-400:]}")
            continue
        figures = json.loads(line.removeprefix("FIGURES "))
        out["app"].append(figures["app"] * 1000)
        out["process"].append((figures["painted_at"] - spawned) * 1000)
        out["maxrss"].append(run.maxrss_mb)
        out["tree"].append(run.tree_mb)
    return out


def stored_count(home: Path) -> int:
    """Articles in a filled store, checked rather than trusted."""
    with sqlite3.connect(home / "data" / "tnews.db") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def main() -> None:
    """Fill (or reuse) the stores and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="processes per first-paint figure")
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="1k and 10k, fewer runs")
    parser.add_argument(
        "--typical",
        action="store_true",
        help=f"bodies cut to their first {TYPICAL_BLOCKS} blocks, the size of a typical feed "
        "item (the corpus bodies of 20-200 KB make a 100k store about 16 GB)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child((120, 40))
        return
    sizes, runs, qruns = args.sizes, args.runs, args.query_runs
    if args.quick:
        sizes, runs, qruns = [1_000, 10_000], 2, 5
    print(f"machine: {machine()}")
    rows: dict[str, list[str]] = {}
    for count in sizes:
        home = store_home(count, trim=args.typical)
        have = stored_count(home)
        print(f"{count} articles stored (checked: {have})", flush=True)
        if have < count:
            print(f"    FAILED: the store holds {have} articles, not {count}")
            continue
        paint = paint_figures(home, runs)
        queries = query_figures(home, qruns)
        column = [
            spread(paint["app"], " ms", 0),
            spread(paint["process"], " ms", 0),
            f"{max(paint['maxrss'], default=0):.0f} MB",
            f"{max(paint['tree'], default=0):.0f} MB",
        ]
        for first, times in queries.values():
            column.append(f"{statistics.median(times):.1f} ms (first {first:.1f})")
        rows[f"{count:,}"] = column
        print("    " + " | ".join(column), flush=True)
    names = [
        "first paint, app created to first rows",
        "first paint, process start to first rows",
        "peak memory (ru_maxrss)",
        "peak memory (PSS, sampled)",
        "open store",
        "sections()",
        "count_articles()",
        "list_articles(limit=200)",
        "search top 50",
    ]
    print()
    print("| stored articles | " + " | ".join(rows) + " |")
    print("|---|" + "---|" * len(rows))
    for i, name in enumerate(names):
        print(f"| {name} | " + " | ".join(col[i] for col in rows.values()) + " |")
    print("\nmedian (min-max) over fresh processes; queries: median of warm calls (first call)")


if __name__ == "__main__":
    main()
