"""Subscriptions in and out: OPML and newsboat `urls` files. Only http(s) feeds come in."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from tnews.cli.context import Context
from tnews.cli.output import error, print_text
from tnews.config import check_feed_url
from tnews.config_edits import append_feed
from tnews.sniff import describe
from tnews.store.feeds import Subscription
from tnews.text.clean import clean_line

MAX_IMPORT_BYTES = 8 * 1024 * 1024
# A urls file line starts with a URL (any scheme: those not http(s) are skipped and said)
# or with one of newsboat's query:, exec: and filter: feeds.
_URL_LINE = re.compile(r"^\s*\"?(?:[a-z][a-z0-9+.-]*://|(?:query|exec|filter):)\S", re.I)


class ImportError_(Exception):
    """The file cannot be imported; the message says why."""


def parse_opml(data: bytes) -> list[Subscription]:
    """Feeds of an OPML file; outline folders become sections."""
    kind = describe(data)
    if kind != "OPML":
        raise ImportError_(f"neither OPML nor a urls file: it looks like {kind}")
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        # OPML needs no DTD; refusing one rules out entity expansion and external entities.
        raise ImportError_("OPML with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImportError_(f"not valid OPML: {exc}") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ImportError_("not an OPML file (no <opml><body>)")
    subs: list[Subscription] = []

    def walk(node: ET.Element, section: str) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or "").strip()
            title = clean_line(outline.get("title") or outline.get("text") or "", limit=200)
            if url:
                subs.append(Subscription(url, title, section))
            else:
                walk(outline, title or section)

    walk(body, "")
    return subs


def looks_like_urls_file(text: str) -> bool:
    """Whether some line of text starts with a feed URL, as a newsboat urls file's lines do."""
    return any(_URL_LINE.match(line) for line in text.splitlines())


def parse_urls_file(text: str) -> list[Subscription]:
    """Feeds of a newsboat urls file: `URL [tag ...] ["~Title"]`; the first tag is the section."""
    subs: list[Subscription] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            parts = shlex.split(line)
        except ValueError:
            parts = line.split()
        url, tags = parts[0], parts[1:]
        title = next((t[1:] for t in tags if t.startswith("~")), "")
        section = next((t for t in tags if not t.startswith(("~", "!"))), "")
        subs.append(Subscription(url, clean_line(title, 200), clean_line(section, 100)))
    return subs


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """Subscribe to every http(s) feed of an OPML or urls file; anything else is reported."""
    path = Path(args.file)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        error(f"cannot read {path}: {exc.strerror}")
        return 1
    if len(data) > MAX_IMPORT_BYTES:
        error(f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
        return 1
    try:
        if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
            subs = parse_opml(data)
        else:
            text = data.decode("utf-8", "replace")
            if not looks_like_urls_file(text):
                kind = describe(data)
                raise ImportError_(f"neither OPML nor a urls file: it looks like {kind}")
            subs = parse_urls_file(text)
    except ImportError_ as exc:
        error(f"{path}: {exc}")
        return 1
    known = {f.url for f in ctx.config.feeds}
    added = skipped = 0
    for sub in subs:
        problem = check_feed_url(sub.url)
        if problem:
            skipped += 1
            print_text(f"skipped: {clean_line(problem)}")
            continue
        if sub.url in known:
            continue
        append_feed(ctx.paths.config_file, sub)
        known.add(sub.url)
        added += 1
    ctx.reload_config()
    print_text(f"imported {added} feeds" + (f", skipped {skipped}" if skipped else ""))
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Print the subscriptions as OPML, grouped by section."""
    by_section: dict[str, list[Subscription]] = {}
    # The name each feed goes by: the config's title, else the one the feed gave itself.
    known = {f.url: f.title for f in ctx.store.feeds()}
    for sub in ctx.config.feeds:
        by_section.setdefault(sub.section, []).append(sub)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">']
    out += ["  <head><title>tnews subscriptions</title></head>", "  <body>"]
    for section, subs in by_section.items():
        indent = "    "
        if section:
            out.append(f"    <outline text={quoteattr(section)} title={quoteattr(section)}>")
            indent = "      "
        for s in subs:
            name = s.title or clean_line(known.get(s.url, ""), limit=200) or s.url
            out.append(
                f'{indent}<outline type="rss" text={quoteattr(name)} title={quoteattr(name)} '
                f"xmlUrl={quoteattr(s.url)}/>"
            )
        if section:
            out.append("    </outline>")
    out += ["  </body>", "</opml>"]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
