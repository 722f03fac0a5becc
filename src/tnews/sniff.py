"""What a file given on the command line looks like, in a few words for an error message."""

from __future__ import annotations

import json
import re

_XML_ROOT = re.compile(rb"<\s*([A-Za-z][\w:.-]*)")
# What may come before an XML document's root: BOM, declaration, comments, a DOCTYPE.
_SKIPPED = re.compile(
    rb"\A(?:\xef\xbb\xbf|\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I
)
_ROOTS = {
    b"html": "an HTML page",
    b"rss": "an RSS feed (subscribe to it with `tnews add URL`)",
    b"rdf:rdf": "an RSS feed (subscribe to it with `tnews add URL`)",
    b"feed": "an Atom feed (subscribe to it with `tnews add URL`)",
    b"opml": "OPML",
}


def describe(data: bytes) -> str:
    """A short description of data: empty, binary, JSON, an HTML page, a feed, plain text."""
    if not data.strip():
        return "an empty file"
    head = data[:4096]
    if b"\x00" in head or head.startswith((b"\x1f\x8b", b"PK\x03\x04", b"%PDF")):
        return "binary data"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
        if sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
            return "binary data"
    stripped = head[_SKIPPED.match(head).end() :]  # type: ignore[union-attr]
    if stripped.startswith(b"<"):
        match = _XML_ROOT.match(stripped)
        root = match.group(1).lower() if match else b""
        return _ROOTS.get(root, f"XML whose root is <{root.decode('ascii', 'replace')}>")
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            return "broken JSON"
        return "JSON"
    return "plain text"
