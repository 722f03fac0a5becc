"""Terminal attacks hidden in feed text, and how to find any trace of them in output."""

from __future__ import annotations

import re

from tests.hostile.support import item, rss

# Each sequence carries a marker of its own; the marker must never reach a terminal, whether
# as a live sequence or as the debris of one whose ESC alone was removed.
SEQUENCES = {
    "clear screen": "\x1b[2J\x1b[H",
    "window title": "\x1b]0;pwned-title\x07",
    "clipboard write": "\x1b]52;c;cHduZWQtY2xpcA==\x07",
    "hyperlink": "\x1b]8;;https://evil.example/pwned-link\x1b\\click\x1b]8;;\x1b\\",
    "status query": "\x1b[6n",
    "DCS": "\x1bPq#0;2;0;0;0pwned-dcs\x1b\\",
    "APC": "\x1b_pwned-apc\x1b\\",
    "8-bit CSI": "\x9b2J\x9b6n",
    "8-bit OSC": "\x9d0;pwned-c1\x9c",
}
MARKERS = (
    b"pwned-title",
    b"pwned-link",
    b"pwned-dcs",
    b"pwned-apc",
    b"pwned-c1",
    b"cHduZWQ",
    b"]52;",
    b"[6n",
    b"]0;",
    b"]8;",
)
# A lone ESC last but one: ESC followed by a letter is a (two-byte) sequence of its own.
SOUP = "".join(SEQUENCES.values()) + "\x7f\x00\x08\x0b\x1b\x0c"


def hostile(text: str) -> str:
    """text with every attack spliced in, and a CR LF that must not break the line."""
    words = text.split(" ")
    return f"{words[0]}{SOUP} {' '.join(words[1:-1])}\r\n{SOUP}{words[-1]}"


TITLE_WORDS = "ALPHA BRAVO CHARLIE"
FEED_TITLE = "Evil feed"


def raw_feed(pub_date: str = "") -> bytes:
    """A feed with control characters as raw bytes (not well-formed XML: the tolerant path)."""
    date = f"<pubDate>{pub_date}</pubDate>" if pub_date else ""
    entry = item(
        "raw-1",
        hostile(TITLE_WORDS),
        f"<p>{hostile('DELTA first paragraph ECHO')}</p><p>{hostile('FOXTROT last GOLF')}</p>",
        link="https://example.org/a" + SEQUENCES["clear screen"],
        author=hostile("Mallory the author"),
        categories=(hostile("Evil section"),),
    ).replace("</item>", f"{date}</item>")
    return rss([entry], title=hostile(FEED_TITLE))


def entity_feed() -> bytes:
    """Well-formed XML whose HTML fields decode to the same attacks (&#27; after unescaping)."""

    def as_entities(text: str) -> str:
        return "".join(f"&#{ord(c)};" if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)

    body = f"<p>{as_entities(hostile('HOTEL entity body INDIA'))}</p>"
    entry = item("entity-1", "JULIET entity title", body)
    return rss([entry], title="Entity feed")


_SGR = re.compile(rb"\x1b\[[0-9;:]*m")
_CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def foreign_bytes(output: bytes, *, sgr_allowed: bool) -> list[bytes]:
    """Whatever in output could act on a terminal: escapes (bar SGR if allowed), controls."""
    if sgr_allowed:
        output = _SGR.sub(b"", output)
    found = _CONTROLS.findall(output)
    found += [m for m in MARKERS if m in output]
    return found


def bidi_controls(text: str) -> list[str]:
    """Explicit embeddings, overrides and isolates in text."""
    return _BIDI_CONTROLS.findall(text)
