"""Bytes to text for pages and feeds: the declared charset trusted unless the bytes refute it."""

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

# Browsers treat these labels as windows-1252 and windows-1254 (WHATWG Encoding); pages
# rely on it, and the windows tables only add letters where the ISO ones have controls.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "windows-1256": "cp1256",
    "x-cp1256": "cp1256",
    "arabic": "iso8859-6",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
}
# Single-byte Latin tables: every byte decodes, so the bytes never refute them; Arabic text
# declared in one of them is recognised by its letters instead.
_LATIN_NAMES = (
    "cp1250 cp1252 cp1254 cp1257 cp1258 iso8859-1 iso8859-2 iso8859-3 iso8859-4 iso8859-9 "
    "iso8859-10 iso8859-13 iso8859-14 iso8859-15 iso8859-16 mac-roman"
)
_LATIN = frozenset(_LATIN_NAMES.split())
_ARABIC_TABLES = ("cp1256", "iso8859-6")
_EBCDIC_NAMES = "cp037 cp273 cp424 cp500 cp875 cp1026 cp1140"
_EBCDIC = frozenset(_EBCDIC_NAMES.split())

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)

_HIGH_BYTES = bytes(range(128, 256))
# Characters (or bytes) from the start of a document that are enough to judge its encoding.
JUDGED = 100_000
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]")
# An Arabic-script character touching a Latin letter: what Latin bytes look like through an
# Arabic table ("educaçمo"), and ISO-8859-6 bytes through windows-1256. Real text puts a
# space or punctuation between the two scripts.
_GLUED = re.compile(
    r"(?<=[A-Za-z\u00c0-\u00ff])[\u0600-\u06ff]|[\u0600-\u06ff](?=[A-Za-z\u00c0-\u00ff])"
)
_HARAKA = re.compile(r"[\u064b-\u0652]")
# Teh marbuta ends words: one inside a word never happens in Arabic, but does all the time
# when another script's bytes (KOI8-R, say) are read through an Arabic table.
_INNER_TEH_MARBUTA = re.compile("\u0629(?=[\u0621-\u064a])")
# The six letters windows-1254 has where windows-1252 has Icelandic ones: Turkish read
# through the Latin-1 table shows them, and Icelandic (which has them) always has "æ" too.
_TURKISH_IN_1252 = re.compile(
    "(?<=[A-Za-z])[\u00d0\u00dd\u00de\u00f0\u00fd\u00fe]|[\u00d0\u00dd\u00de\u00f0\u00fd\u00fe](?=[a-z])"
)


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
    match = _XML_DECL.search(head.decode("latin-1"))
    if match:
        return match.group(1)
    if kind == "html":
        meta = _META_CHARSET.search(head)
        if meta:
            return meta.group(1).decode("ascii", "ignore")
    return None


def _wide_or_ebcdic(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, or EBCDIC, told by how "<" starts the document (XML App. F)."""
    head = data[:4]
    if len(head) < 4:
        return None
    if head[:3] == b"\0\0\0" and head[3]:
        return "utf-32-be"
    if head[0] and head[1:] == b"\0\0\0":
        return "utf-32-le"
    if not head[0] and head[1] and not head[2] and head[3]:
        return "utf-16-be"
    if head[0] and not head[1] and head[2] and not head[3]:
        return "utf-16-le"
    if head == b"\x4c\x6f\xa7\x94":  # "<?xm" in every EBCDIC table
        label = _canonical(
            _in_document(data[:4096].decode("cp037").encode("latin-1", "replace"), "xml")
        )
        return label if label in _EBCDIC else "cp037"
    return None


def _sample(text: str) -> str:
    """The non-ASCII characters of a bounded prefix: enough to judge, fast on big pages."""
    return _ASCII_RUN.sub(" ", text[:JUDGED])[:40_000]


def _score(text: str) -> float:
    """How plausible decoded Arabic is: its letters count for it, misreadings against it."""
    rest = _sample(text)
    arabic = len(_ARABIC_LETTER.findall(rest))
    glued = len(_GLUED.findall(text[:JUDGED]))
    # Harakat are rare in news prose; a text made mostly of them is a wrong table.
    excess = max(0, len(_HARAKA.findall(rest)) - arabic // 4)
    return arabic - 3.0 * glued - 2.0 * excess - rest.count("\ufffd") * 5.0


def _reads_as_arabic(text: str) -> bool:
    """Whether text is Arabic-script prose: its letters, in words of their own, dominate."""
    rest = _sample(text)
    non_ascii = len(rest) - rest.count(" ")
    arabic = len(_ARABIC_LETTER.findall(rest))
    if arabic < 4 or arabic * 2 < non_ascii or len(_INNER_TEH_MARBUTA.findall(rest)) * 50 > arabic:
        return False
    return len(_GLUED.findall(text[:JUDGED])) * 10 <= arabic


def _misread_arabic(text: str) -> bool:
    """Whether an Arabic table glued its letters to Latin ones: the bytes are not its own."""
    glued = len(_GLUED.findall(text[:JUDGED]))
    return glued > 0 and glued * 10 > len(_ARABIC_LETTER.findall(_sample(text)))


def _arabic_reading(data: bytes) -> tuple[str, str] | None:
    """The bytes through the Arabic table that reads them as Arabic prose, if one does."""
    head = data[:JUDGED]
    readings: list[tuple[float, int, str]] = []
    for name in _ARABIC_TABLES:
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue
        if _reads_as_arabic(text):
            readings.append((_score(text), -len(readings), name))
    if not readings:
        return None
    name = max(readings)[2]
    return data.decode(name, "replace"), name


def _utf8_reading(data: bytes) -> tuple[str, int, int]:
    """Invalid UTF-8 read with bad bytes replaced: (text, good characters beyond ASCII, bad)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    # ASCII bytes decode as themselves whatever surrounds them; the rest are characters
    # of several bytes, or the replacements of bad ones.
    ascii_bytes = len(data.translate(None, _HIGH_BYTES))
    return text, len(text) - ascii_bytes - bad, bad


def _nearly(data: bytes, label: str) -> str | None:
    """The bytes in a declared charset when only a stray byte or two are invalid in it."""
    text = data.decode(label, "replace")
    bad = text.count("\ufffd")
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return text if bad <= max(1, high // 50) else None


def _latin_guess(data: bytes) -> tuple[str, str]:
    """Bytes with no usable declaration and no Arabic in them: windows-1252, or -1254."""
    sample = data[:JUDGED].decode("cp1252", "replace")
    # Turkish words are Latin words with these letters inside them; CJK or Thai bytes read
    # as Latin give them too, but among a majority of other accented characters.
    turkish = len(_TURKISH_IN_1252.findall(sample))
    if turkish >= 2 and "æ" not in sample and turkish * 5 >= len(_ASCII_RUN.sub("", sample)):
        return data.decode("cp1254", "replace"), "cp1254"
    return data.decode("cp1252", "replace"), "cp1252"


def decode_bytes(
    data: bytes, declared: str | None = None, kind: Literal["html", "xml"] = "html"
) -> tuple[str, str]:
    """Decode a page or feed: (text, encoding used).

    A BOM wins. Valid UTF-8 beyond ASCII is UTF-8 whatever a label says: legacy text never
    forms such sequences throughout. Otherwise the HTTP charset, then the document's own
    declaration, is trusted unless the bytes are invalid in it, or it is a Latin table and
    the bytes read as Arabic prose, or an Arabic table that glues its letters to Latin ones.
    Only then is the encoding guessed; UTF-8 with a few stray bytes stays UTF-8.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    if not data:
        return "", _canonical(declared) or "utf-8"
    wide = _wide_or_ebcdic(data)
    if wide:
        return data.decode(wide, "replace"), wide
    stated: list[str] = []
    for label in (_canonical(declared), _canonical(_in_document(data, kind))):
        if label and label not in stated:
            stated.append(label)
    if data.isascii():
        return data.decode("ascii"), stated[0] if stated else "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf8, beyond, bad = _utf8_reading(data)
    if beyond >= 3 * bad:
        return utf8, "utf-8"
    for label in stated:
        if label == "utf-8":
            if beyond >= bad:  # stray bytes in real UTF-8: replaced, not a reason to re-read
                return utf8, "utf-8"
            continue
        try:
            text = data.decode(label)
        except UnicodeDecodeError:
            nearly = _nearly(data, label)
            if nearly is None:
                continue
            text = nearly
        except LookupError:
            continue
        if label in _LATIN:
            arabic = _arabic_reading(data)
            if arabic is not None:
                return arabic
        elif label in _ARABIC_TABLES and _misread_arabic(text):
            continue
        return text, label
    arabic = _arabic_reading(data)
    if arabic is not None:
        return arabic
    return _latin_guess(data)
