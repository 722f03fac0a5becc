"""Bytes to text for pages and feeds, right even when the declared charset lies."""

from __future__ import annotations

import codecs
import re
from typing import Literal

# A byte-order mark is the strongest evidence there is; UTF-32 before UTF-16 (same prefix).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers treat these labels as windows-1252 (WHATWG Encoding); pages rely on it.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1256": "cp1256",
    "x-cp1256": "cp1256",
    "arabic": "iso8859-6",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)

# Arabic single-byte pages mislabelled as Latin give runs of accented Latin letters
# ("ÇáÚÑÈíÉ"); UTF-8 read as Latin gives pairs like "Ø§". Real Latin text rarely has two
# such characters side by side, so adjacent pairs are the mojibake signal.
_HIGH_LATIN = (
    "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122"
)
_HIGH_PAIR = re.compile(f"[{_HIGH_LATIN}]{{2}}")
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669\u067e\u0686\u06a4\u06af\u06cc]")
# Latin letters between Arabic letters: what ISO-8859-6 bytes look like through cp1256.
_LATIN_IN_ARABIC = re.compile(
    r"(?<=[\u0600-\u06ff])[\u00c0-\u00ff]|[\u00c0-\u00ff](?=[\u0600-\u06ff])"
)
_HARAKA = re.compile(r"[\u064b-\u0652]")


def _canonical(name: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _in_document(data: bytes, kind: str) -> str | None:
    """The charset the document declares about itself (XML declaration or meta)."""
    head = data[:4096]
    match = _XML_DECL.search(head)
    if match:
        return match.group(1).decode("ascii", "ignore")
    if kind == "html":
        match = _META_CHARSET.search(head)
        if match:
            return match.group(1).decode("ascii", "ignore")
    return None


def _sample(text: str) -> str:
    """The non-ASCII characters of a bounded prefix: enough to judge, fast on big pages."""
    return _ASCII_RUN.sub(" ", text[:400_000])[:40_000]


def _score(text: str) -> float:
    """How plausible decoded text is: Arabic letters count for it, mojibake against it."""
    rest = _sample(text)
    if not rest.strip():
        return 0.0
    arabic = len(_ARABIC_LETTER.findall(rest))
    pairs = len(_HIGH_PAIR.findall(rest))
    mixed = len(_LATIN_IN_ARABIC.findall(rest))
    # Harakat are rare in news prose; a text made mostly of them is a wrong table.
    harakat = len(_HARAKA.findall(rest))
    excess = max(0, harakat - arabic // 4)
    return arabic - 3.0 * pairs - 3.0 * mixed - 2.0 * excess - rest.count("\ufffd") * 5.0


def _implausible(text: str) -> bool:
    """True when text reads like Arabic (or UTF-8) bytes pushed through a Latin table."""
    rest = _sample(text)
    non_ascii = len(rest) - rest.count(" ")
    if non_ascii < 4:
        return False
    pairs = len(_HIGH_PAIR.findall(rest))
    # A Latin letter glued to an Arabic one never happens in real text, so a few suffice.
    mixed = len(_LATIN_IN_ARABIC.findall(rest))
    return (pairs >= 3 and pairs > 0.15 * non_ascii) or (mixed >= 3 and mixed > 0.02 * non_ascii)


def decode_bytes(
    data: bytes, declared: str | None = None, kind: Literal["html", "xml"] = "html"
) -> tuple[str, str]:
    """Decode a page or feed: (text, encoding used). A BOM wins; then plausibility decides."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    if not data:
        return "", _canonical(declared) or "utf-8"
    stated = [_canonical(declared), _canonical(_in_document(data, kind))]
    candidates: list[str] = []
    for label in [*stated, "utf-8", "cp1256", "iso8859-6", "cp1252"]:
        if label and label not in candidates:
            candidates.append(label)
    if data.isascii():
        return data.decode("ascii"), next((n for n in stated if n), "utf-8")
    # Non-ASCII bytes that are valid UTF-8 are UTF-8 in practice, whatever the label says:
    # single-byte text almost never forms valid multi-byte sequences throughout.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: dict[str, str] = {}
    for name in candidates:
        if name == "utf-8":
            continue
        try:
            decoded[name] = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    # What the document or server says is trusted unless it reads as mojibake.
    for claim in stated:
        if claim and claim in decoded and not _implausible(decoded[claim]):
            return decoded[claim], claim
    if decoded:
        if "cp1252" in decoded and not any(_ARABIC_LETTER.search(t) for t in decoded.values()):
            return decoded["cp1252"], "cp1252"
        best = max(decoded, key=lambda n: (_score(decoded[n]), -candidates.index(n)))
        return decoded[best], best
    fallback = next((n for n in stated if n), "cp1256")
    return data.decode(fallback, "replace"), fallback
