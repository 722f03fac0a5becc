"""Preparing feeds (parse + every entry to store rows), on the refresh benchmark's corpus.

Prints CPU time per feed and per article for the working tree, and with --baseline SRC for
another source tree in a child process over the same feeds, with the ratio of the two.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import SHAPES, build  # noqa: E402

URL = "http://127.0.0.1/feeds/feed.xml"


# Fields added by later versions for their own bookkeeping, not part of what is stored.
_BOOKKEEPING = frozenset({"source_hash", "unchanged", "positions"})


def _fields(obj: object) -> list[tuple[str, object]]:
    names = [f.name for f in dataclasses.fields(obj)]  # type: ignore[arg-type]
    return [(n, getattr(obj, n)) for n in names if n not in _BOOKKEEPING and n != "articles"]


def _digest(feed: object) -> str:
    """A digest of a prepared feed, comparable between versions."""
    articles = [_fields(a) for a in getattr(feed, "articles", [])]
    return hashlib.sha1(repr((_fields(feed), articles)).encode()).hexdigest()


def measure(paths: list[Path], rounds: int) -> dict[str, list[float] | list[str]]:
    """CPU milliseconds per feed and per article over rounds passes, and a digest per feed."""
    from tnews.prepare import prepare_feed

    per_feed: list[float] = []
    per_article: list[float] = []
    datas = [p.read_bytes() for p in paths]
    digests = [_digest(prepare_feed(d, URL)) for d in datas]
    for _ in range(rounds):
        for data in datas:
            start = time.process_time()
            feed = prepare_feed(data, URL)
            ms = (time.process_time() - start) * 1000
            per_feed.append(ms)
            per_article.append(ms / max(1, len(feed.articles)))
    return {"feed": per_feed, "article": per_article, "digests": digests}


def _row(label: str, values: list[float]) -> float:
    median = statistics.median(values)
    print(f"  {label:<22} median {median:8.2f} ms   min-max {min(values):.2f}-{max(values):.2f} ms")
    return median


def main() -> None:
    """Print per-feed and per-article preparation times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="SRC", help="a tnews src folder to compare with")
    parser.add_argument("--shape", choices=SHAPES, default="full")
    parser.add_argument("--items", type=int, default=None, help="per feed (typical: 40, else 10)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    items = args.items or (40 if args.shape == "typical" else 10)
    corpus = build(max(args.feeds, 50), items, shape=args.shape)
    paths = [corpus.feed_path(i) for i in range(args.feeds)]
    if args.json:
        print(json.dumps(measure(paths, args.rounds)))
        return
    kb = statistics.mean(p.stat().st_size for p in paths) / 1024
    print(
        f"{args.feeds} corpus feeds ({args.shape}), {items} items each, {kb:.0f} KB on average,"
        f" {args.rounds} rounds"
    )
    mine = measure(paths, args.rounds)
    print("working tree (CPU time)")
    feed = _row("per feed", mine["feed"])  # type: ignore[arg-type]
    article = _row("per article", mine["article"])  # type: ignore[arg-type]
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": os.fspath(Path(args.baseline).resolve())}
        argv = [sys.executable, __file__, "--json", "--feeds", str(args.feeds)]
        argv += ["--shape", args.shape, "--items", str(items)]
        out = subprocess.run(
            [*argv, "--rounds", str(args.rounds)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        base = json.loads(out.stdout)
        print("baseline (CPU time)")
        base_feed = _row("per feed", base["feed"])
        base_article = _row("per article", base["article"])
        print(f"  ratio per feed         {feed / base_feed:8.2f} x")
        print(f"  ratio per article      {article / base_article:8.2f} x")
        same = sum(a == b for a, b in zip(mine["digests"], base["digests"], strict=True))
        print(f"  prepared feeds identical to the baseline's: {same} of {len(paths)}")


if __name__ == "__main__":
    main()
