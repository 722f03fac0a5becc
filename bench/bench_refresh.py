"""Refreshing feeds from a local server: tnews fetch against newsboat, cold and warm.

Cold: a fresh store, every feed answers 200 with its whole body. Warm: the same store run
again, every feed answers 304. Runs interleave tnews and newsboat so drift hits both alike.

tnews is run two ways: `fetch` (articles stored, then prepared: documents, the search index,
same-story links) and `fetch --no-index` (stored, listed and readable; prepared later by the
reader or `tnews index`), which is the work newsboat's reload does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, build, urls_text  # noqa: E402
from measure import Run, machine, run_measured, spread  # noqa: E402
from server import serving, stats  # noqa: E402

BIN = Path(sys.executable).parent
TNEWS = os.fspath(BIN / "tnews")
NEWSBOAT = shutil.which("newsboat") or "newsboat"
# Both programs fetch 16 feeds at a time: tnews's default, newsboat's reload-threads.
CONCURRENCY = 16


@dataclass(slots=True)
class Cell:
    """The runs of one program in one condition."""

    runs: list[Run] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def median(self, attr: str) -> float:
        """Median of one measured field over the good runs."""
        values = [getattr(r, attr) for r in self.runs]
        return statistics.median(values) if values else float("nan")


def tnews_config(urls: list[str]) -> str:
    """A config that lists exactly the corpus feeds."""
    lines = [
        "[settings]",
        f"concurrency = {CONCURRENCY}",
        # The benchmark's feeds all live on one host; real subscriptions are spread over
        # hundreds, so the per-host cap would measure an artefact of the set-up.
        f"per_host = {CONCURRENCY}",
        # The corpus is dated; keep every article whatever day the benchmark runs.
        "keep_days = 100000",
        "full_text = false",
    ]
    for url in urls:
        lines += ["[[feeds]]", f'url = "{url}"']
    return "\n".join(lines) + "\n"


class Tnews:
    """tnews fetch in its own TNEWS_HOME."""

    name = "tnews"
    source: str | None = None  # another tnews source tree (its src folder) to run instead

    def __init__(self, home: Path, urls: list[str]) -> None:
        self.home = home
        (home / "config").mkdir(parents=True)
        (home / "config" / "config.toml").write_text(tnews_config(urls), encoding="utf-8")
        self.env = {**os.environ, "TNEWS_HOME": os.fspath(home), "NO_COLOR": "1"}
        if self.source:
            # PYTHONPATH comes before the editable install on sys.path, workers included.
            self.env["PYTHONPATH"] = self.source

    options: tuple[str, ...] = ()

    def run(self) -> Run:
        """One refresh."""
        return run_measured([TNEWS, "fetch", "--quiet", *self.options], env=self.env)

    def stored(self) -> int:
        """Articles stored from the network feeds (the built-in guide does not count)."""
        with sqlite3.connect(self.home / "data" / "tnews.db") as conn:
            return int(
                conn.execute(
                    "SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
                    "WHERE f.builtin = 0"
                ).fetchone()[0]
            )


class TnewsStored(Tnews):
    """tnews fetch --no-index: stored and readable, preparing left for later."""

    name = "tnews --no-index"
    options = ("--no-index",)


class TnewsBaseline(Tnews):
    """tnews fetch from a baseline source tree, to compare two versions in one run."""

    name = "baseline"


class Newsboat:
    """newsboat -x reload with its own urls, cache and config."""

    name = "newsboat"

    def __init__(self, home: Path, urls: list[str]) -> None:
        self.home = home
        home.mkdir(parents=True)
        (home / "urls").write_text(urls_text(urls), encoding="utf-8")
        (home / "config").write_text(
            f"reload-threads {CONCURRENCY}\ndownload-timeout 60\n", encoding="utf-8"
        )
        self.env = {**os.environ, "HOME": os.fspath(home), "XDG_CONFIG_HOME": os.fspath(home)}

    def run(self) -> Run:
        """One refresh."""
        h = self.home
        cmd = [NEWSBOAT, "-u", h / "urls", "-c", h / "cache.db", "-C", h / "config", "-x"]
        return run_measured([*map(os.fspath, cmd), "reload"], env=self.env, cwd=h)

    def stored(self) -> int:
        """Items in newsboat's cache."""
        with sqlite3.connect(self.home / "cache.db") as conn:
            return int(conn.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0])


def one_round(
    kind: type[Tnews] | type[Newsboat],
    urls: list[str],
    expected: int,
    base: str,
    cold: Cell,
    warm: Cell,
    scratch: Path,
    warm_status: str = "304",
) -> None:
    """A cold run on a fresh store, then a warm run on the same store; both checked."""
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        client = kind(Path(tmp) / kind.name, urls)
        for cell, want in ((cold, "200"), (None, "200"), (warm, warm_status)):
            if cell is None:
                # newsboat 2.21 keeps a feed's ETag only from its second fetch on, so its warm
                # run is its third; tnews keeps validators from the first, so needs no extra run.
                if kind is Newsboat:
                    client.run()
                continue
            before = stats(base)
            run = client.run()
            after = stats(base)
            answered = after.get(want, 0) - before.get(want, 0)
            stored = client.stored()
            label = f"{kind.name} {'warm' if cell is warm else 'cold'}"
            problem = ""
            if run.status != 0:
                problem = f"exit {run.status}: {run.output.strip()[-300:]}"
            elif stored != expected:
                failed = [x for x in run.output.splitlines() if "failed" in x][:3]
                problem = f"stored {stored} articles, expected {expected}: {failed}"
            elif answered != len(urls):
                problem = f"server answered {answered} x {want}, expected {len(urls)}"
            if problem:
                cell.failures.append(problem)
                print(f"    FAILED {label}: {problem}", flush=True)
            else:
                cell.runs.append(run)
                print(
                    f"    {label:<14} wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s  "
                    f"maxrss {run.maxrss_mb:6.0f} MB  tree {run.tree_mb:6.0f} MB",
                    flush=True,
                )


def table_row(label: str, t: Cell, n: Cell) -> str:
    """One markdown row: tnews and newsboat medians with ranges, and the wall-time ratio."""

    def fmt(cell: Cell) -> tuple[str, str, str]:
        if not cell.runs:
            return ("FAILED", "-", "-")
        walls = [r.wall for r in cell.runs]
        cpus = [r.cpu for r in cell.runs]
        mem = max(max(r.maxrss_mb, r.tree_mb) for r in cell.runs)
        return (spread(walls, " s"), spread(cpus, " s"), f"{mem:.0f} MB")

    ratio = t.median("wall") / n.median("wall") if t.runs and n.runs else float("nan")
    cpu_ratio = t.median("cpu") / n.median("cpu") if t.runs and n.runs else float("nan")
    tw, tc, tm = fmt(t)
    nw, nc, nm = fmt(n)
    fails = len(t.failures) + len(n.failures)
    note = f" {fails} failed runs" if fails else ""
    return (
        f"| {label} | {tw} | {nw} | **{ratio:.2f}x** | {tc} | {nc} | {cpu_ratio:.2f}x "
        f"| {tm} | {nm} |{note}"
    )


def main() -> None:
    """Run every condition and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50 feeds, one run each")
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200, 500])
    parser.add_argument("--latency", type=float, nargs="*", default=[0.0, 100.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--items", type=int, help="items per feed (default: 10 full, 40 summary)")
    parser.add_argument(
        "--shape",
        choices=("full", "summary"),
        default="full",
        help="full: whole bodies of 20-200 KB an item; summary: summaries only, like most feeds",
    )
    parser.add_argument(
        "--no-full", action="store_true", help="do not run plain `tnews fetch` (only --no-index)"
    )
    parser.add_argument(
        "--baseline", metavar="SRC", help="also run tnews from this source tree (its src folder)"
    )
    parser.add_argument("--no-newsboat", action="store_true", help="run tnews only")
    parser.add_argument(
        "--no-stored", action="store_true", help="do not also run `tnews fetch --no-index`"
    )
    parser.add_argument(
        "--no-validators",
        action="store_true",
        help="the server sends no ETag: a warm run gets every feed again, unchanged, as 200",
    )
    args = parser.parse_args()
    kinds: list[type[Tnews] | type[Newsboat]] = [] if args.no_full else [Tnews]
    if not args.no_stored:
        kinds.append(TnewsStored)
    if args.baseline:
        TnewsBaseline.source = os.fspath(Path(args.baseline).resolve())
        kinds.append(TnewsBaseline)
    if not args.no_newsboat:
        kinds.append(Newsboat)
    sizes, runs = ([50], 1) if args.quick else (args.sizes, args.runs)
    items = args.items or (10 if args.shape == "full" else 40)
    corpus: Corpus = build(max(sizes), items, shape=args.shape)
    newsboat_version = (
        "newsboat not run"
        if args.no_newsboat
        else subprocess.run(
            [NEWSBOAT, "-v"], capture_output=True, text=True, check=False
        ).stdout.splitlines()[0]
    )
    print(f"machine: {machine()}; {newsboat_version}; load {os.getloadavg()[0]:.1f}")
    print(f"concurrency {CONCURRENCY} (tnews concurrency/per_host, newsboat reload-threads)")
    rows: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="tnews-bench-"))
    try:
        for latency in args.latency:
            validators = not args.no_validators
            with serving(corpus.root, latency, lifetime=3600, validators=validators) as base:
                for size in sizes:
                    urls = corpus.urls(base, size)
                    mb = corpus.total_bytes(size) / 1e6
                    expected = size * corpus.items
                    print(
                        f"{size} feeds ({args.shape}), {expected} items, {mb:.0f} MB, "
                        f"latency {latency:g} ms"
                    )
                    cells = {k.name: (Cell(), Cell()) for k in kinds}
                    for _ in range(runs):
                        for kind in kinds:
                            cold, warm = cells[kind.name]
                            warm_status = "304" if validators else "200"
                            one_round(kind, urls, expected, base, cold, warm, scratch, warm_status)
                    warm_label = "warm" if validators else "warm, unchanged 200s"
                    other = "newsboat" if "newsboat" in cells else None
                    for state, i in (("cold", 0), (warm_label, 1)):
                        shape = "" if args.shape == "full" else f" {args.shape}"
                        label = f"{state} {size}{shape} feeds, {latency:g} ms"
                        for kind in kinds:
                            if kind is Newsboat or kind is TnewsBaseline:
                                continue
                            named = f"{label}, {kind.name}"
                            ref = cells[other][i] if other else Cell()
                            rows.append(table_row(named, cells[kind.name][i], ref))
                        if args.baseline and "tnews" in cells:
                            b_label = f"{label}, against baseline"
                            rows.append(table_row(b_label, cells["tnews"][i], cells["baseline"][i]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(
        "| refresh | tnews wall | newsboat wall | wall ratio | tnews CPU | newsboat CPU "
        "| CPU ratio | tnews peak mem | newsboat peak mem |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    print("\nmedian (min-max); peak mem = max of ru_maxrss and the sampled PSS of the process tree")


if __name__ == "__main__":
    main()
