"""The page step of a refresh: summary-only feeds whose article pages are fetched and extracted
within `tnews fetch`, from a local server, against the same refresh without pages.

Each feed has --items summary items (one sentence each); each item's page is 50-300 KB
(log-uniform), shaped like a WordPress news page: navigation, inline scripts and styles, the
article (dateline, lead, body paragraphs, an inline «تابع أيضا» block), a «مقالات ذات صلة»
block, a sidebar and a footer. Two fresh stores are refreshed: one with full_text = "never"
(no pages), one with full_text = "refresh"; the difference is the page step.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Run, machine, run_measured  # noqa: E402

TNEWS = os.fspath(Path(sys.executable).parent / "tnews")
CONCURRENCY = 16
_TEXT = (
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني في طرابلس وبنغازي وسط ترقب "
    "المواطنين وقال المتحدث إن المشروعات ستبدأ خلال العام المقبل بتمويل قدره مليار دينار "
    "وأكد الوزير أن اللجنة ستدرس الطلبات في مدة لا تتجاوز ثلاثين يوما من تاريخ تقديمها"
)
WORDS = _TEXT.split(" ")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def article_page(feed: int, item: int, seed: int) -> bytes:
    """One article page of 50-300 KB, most of it markup and scripts, as real pages are."""
    rng = random.Random(seed * 1_000_003 + feed * 1009 + item)
    target = int(math.exp(rng.uniform(math.log(50_000), math.log(300_000))))
    nav = "".join(
        f'<li class="menu-item"><a href="/category/{n}/">{_words(rng, 2)}</a></li>'
        for n in range(30)
    )
    body = [f"<p>طرابلس- {_words(rng, 2)}</p>"]
    body += [f"<p>{_words(rng, rng.randint(25, 60))}.</p>" for _ in range(rng.randint(5, 14))]
    see_also = "".join(
        f'<p><a href="/pages/{feed}/{(item + k) % 10}.html">{_words(rng, 7)}</a></p>'
        for k in range(1, 4)
    )
    body.insert(3, f"<p><strong>تابع أيضا/</strong></p>{see_also}")
    related = "".join(
        f'<div class="related-item"><h3 class="post-title"><a href="/pages/{feed}/r{k}.html">'
        f"{_words(rng, 6)}</a></h3></div>"
        for k in range(4)
    )
    head = (
        '<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">'
        f"<title>{_words(rng, 8)}</title><style>{'.c{color:#333;margin:0 auto}' * 200}</style>"
        f'</head><body><header><nav id="main-nav"><ul class="menu">{nav}</ul></nav></header>'
        '<div id="content"><article id="the-post" class="post-content">'
        f'<h1 class="post-title entry-title">{_words(rng, 8)}</h1>'
        f'<div class="entry-content entry clearfix">{"".join(body)}</div></article>'
        '<div id="related-posts"><div class="mag-box-title"><h3>مقالات ذات صلة</h3></div>'
        f'{related}</div><aside class="sidebar"><div class="widget-title">الأكثر قراءة</div>'
        f"<ul>{nav}</ul></aside></div>"
        '<footer id="footer"><div class="copyright-text">جميع الحقوق محفوظة</div></footer>'
    )
    # The rest is what pages carry most of: analytics, ads, a theme's settings.
    script = "var tie_settings = " + '{"k":"' + "x" * 1000 + '"};\n'
    scripts = []
    size = len(head.encode())
    while size < target:
        scripts.append(f"<script>{script}</script>")
        size += len(script) + 17
    return (head + "".join(scripts) + "</body></html>").encode("utf-8")


def summary_feed(base: str, feed: int, items: int) -> bytes:
    """A summary-only RSS feed: one sentence an item, each linking to its page."""
    rng = random.Random(feed)
    entries = "".join(
        f"<item><title>{_words(rng, 8)}</title><link>{base}/pages/{feed}/{n}.html</link>"
        f"<guid>f{feed}-{n}</guid>"
        f"<pubDate>{formatdate(1_780_000_000 - 3600 * n - feed, usegmt=True)}</pubDate>"
        f"<description>{_words(rng, 20)}.</description></item>"
        for n in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>موقع {feed}'
        f"</title><link>{base}/</link><language>ar</language>{entries}</channel></rss>"
    ).encode()


class Site:
    """Feeds and pages on 127.0.0.1, served from memory by a thread of this process."""

    def __init__(self, feeds: int, items: int, seed: int, latency: float) -> None:
        self.bodies: dict[str, tuple[bytes, str]] = {}
        self.page_requests = 0
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                if latency:
                    time.sleep(latency)
                found = site.bodies.get(self.path)
                if self.path.startswith("/pages/"):
                    with lock:
                        site.page_requests += 1
                body, kind = found or (b"not found\n", "text/plain")
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.feed_urls = []
        for f in range(feeds):
            self.bodies[f"/feeds/{f}.xml"] = (summary_feed(base, f, items), "application/rss+xml")
            self.feed_urls.append(f"{base}/feeds/{f}.xml")
            for n in range(items):
                page = article_page(f, n, seed)
                self.bodies[f"/pages/{f}/{n}.html"] = (page, "text/html; charset=utf-8")
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def page_bytes(self) -> int:
        """Bytes of every page served."""
        return sum(len(b) for p, (b, _) in self.bodies.items() if p.startswith("/pages/"))


def refresh(site: Site, mode: str, items: int) -> Run:
    """One `tnews fetch` into a fresh home with this full_text mode."""
    with tempfile.TemporaryDirectory(prefix="tnews-pages-") as home:
        config = Path(home) / "config"
        config.mkdir()
        lines = [
            "[settings]",
            f"concurrency = {CONCURRENCY}",
            # Every page is on one host here; real sites are many, each with its own cap.
            f"per_host = {CONCURRENCY}",
            "keep_days = 100000",
            f'full_text = "{mode}"',
            f"pages_per_feed = {items}",
        ]
        lines += [f'[[feeds]]\nurl = "{url}"' for url in site.feed_urls]
        (config / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {**os.environ, "TNEWS_HOME": home, "NO_COLOR": "1"}
        return run_measured([TNEWS, "fetch", "--quiet"], env=env)


def main() -> None:
    """Print the page step's time per page and its share of the refresh."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    args = parser.parse_args()
    site = Site(args.feeds, args.items, args.seed, args.latency)
    pages = args.feeds * args.items
    print(machine())
    print(
        f"{args.feeds} summary feeds x {args.items} items: {pages} pages, "
        f"{site.page_bytes / 1e6:.1f} MB ({site.page_bytes / pages / 1e3:.0f} KB a page)"
    )
    without = refresh(site, "never", args.items)
    served = site.page_requests
    with_pages = refresh(site, "refresh", args.items)
    fetched = site.page_requests - served
    for name, run in (("without pages", without), ("with pages", with_pages)):
        state = "ok" if run.status == 0 else f"FAILED ({run.status})"
        print(
            f"  fetch, {name:<13}: {run.wall:6.2f} s wall, {run.cpu:6.2f} s CPU, "
            f"{run.tree_mb:5.0f} MB peak  {state}"
        )
    line = next((x for x in with_pages.output.splitlines() if "fetched whole" in x), "")
    print(f"  page step said: {line.strip() or '(nothing)'}; pages served: {fetched}")
    step = with_pages.wall - without.wall
    cpu = with_pages.cpu - without.cpu
    if fetched:
        print(
            f"  page step: {step:.2f} s wall ({1000 * step / fetched:.1f} ms a page), "
            f"{cpu:.2f} s CPU ({1000 * cpu / fetched:.1f} ms a page), "
            f"{100 * step / with_pages.wall:.0f}% of the refresh"
        )


if __name__ == "__main__":
    main()
