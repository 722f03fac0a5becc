"""Feed bytes to rows ready for the store. Runs in a worker process: it is the CPU-heavy part."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from functools import cache
from pathlib import Path

from lxml import etree

from tnews.content.dateline import split_dateline
from tnews.content.document import Document
from tnews.content.html import html_to_content
from tnews.content.labels import is_slug
from tnews.content.sections import url_section
from tnews.content.serial import document_to_json, links_to_json
from tnews.feeds.model import ParsedEntry
from tnews.feeds.parse import parse_feed
from tnews.prepared import PreparedArticle, PreparedFeed
from tnews.similar import candidate_tokens, signature
from tnews.text.clean import clean_line
from tnews.text.normalize import search_text

# Terms of each article indexed for the same-story lookup; the first few are looked up.
INDEX_TERMS = 24

_RTL_LANGS = ("ar", "fa", "ur", "he", "yi", "ps", "ckb", "sd", "ug")


def direction_for_language(language: str) -> str | None:
    """'rtl' for right-to-left languages, 'ltr' for others, None when unknown."""
    lang = language.strip().lower().replace("_", "-").split("-")[0]
    if not lang:
        return None
    return "rtl" if lang in _RTL_LANGS else "ltr"


def _path_section(url: str) -> str:
    """A section named by the link's path (/category/news/…, /arabic/world/…), if any."""
    name = url_section(url)
    last = url.rstrip("/").rsplit("/", 1)[-1]
    # A lone path segment is the article's own slug far more often than a section.
    if not 3 <= len(name) <= 30 or any(ch.isdigit() for ch in name) or last.endswith(name):
        return ""
    return name


@cache
def _code_fingerprint() -> str:
    """A digest of the code and data preparation depends on: a new version prepares anew."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (
        sys.version,
        unicodedata.unidata_version,
        etree.LXML_VERSION,
        etree.LIBXML_VERSION,
    ):
        digest.update(repr(part).encode())
    sources = [package / "prepare.py", package / "similar.py"]
    sources += sorted((package / "content").glob("*.py")) + sorted((package / "text").glob("*.py"))
    try:
        for path in sources:
            digest.update(path.read_bytes())
    except OSError:
        # Without its sources the code cannot be told apart from another version's: never
        # match a stored digest, so every entry is prepared as before.
        return "unknown:" + os.urandom(16).hex()
    return digest.hexdigest()


def source_hash(entry: ParsedEntry, feed_language: str = "") -> str:
    """A digest of everything prepare_entry reads, and of the code that reads it."""
    digest = hashlib.sha1(_code_fingerprint().encode(), usedforsecurity=False)
    values = (feed_language, *(getattr(entry, f.name) for f in fields(entry)))
    for value in values:
        # Strings as they are (a repr of a 90 KB body costs more than the digest); dates and
        # tuples by their repr. Each value's length first, so no two entries run together.
        text = value if isinstance(value, str) else repr(value)
        # UTF-16 rather than UTF-8: for Arabic text three times faster to encode.
        data = text.encode("utf-16-le", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def prepare_entry(
    entry: ParsedEntry, feed_language: str = "", digest_of_source: str = ""
) -> PreparedArticle:
    """Turn one parsed entry into a prepared article."""
    html = entry.content_html or entry.summary_html
    language = entry.language or feed_language
    content = html_to_content(html, base_url=entry.base_url, lang=language)
    blocks, dateline = split_dateline(list(content.document.blocks))
    doc = Document(tuple(blocks), content.document.links)
    plain = doc.plain_text
    lead = clean_line(plain[:600], limit=300)
    title = entry.title or clean_line(lead[:80])
    digest = hashlib.sha1(f"{title}\x00{plain}".encode(), usedforsecurity=False).hexdigest()
    sig = signature(title, plain)
    return PreparedArticle(
        guid=entry.guid,
        url=entry.url,
        title=title,
        author=entry.author,
        published=when.timestamp() if (when := entry.published or entry.updated) else None,
        lead=lead,
        body=document_to_json(doc),
        is_summary=content.is_summary,
        see_also=links_to_json(content.see_also),
        related=links_to_json(content.related),
        categories=_categories(entry),
        dateline=dateline or content.dateline,
        lead_caption=content.lead_caption,
        direction=direction_for_language(language),
        content_hash=digest,
        search_title=search_text(title),
        search_body=search_text(plain[:20000]),
        signature=sig.to_text(),
        signature_tokens=tuple(candidate_tokens(sig, limit=INDEX_TERMS)),
        source_hash=digest_of_source,
    )


def _categories(entry: ParsedEntry) -> tuple[str, ...]:
    """The entry's sections: the feed's category labels; Latin slugs only when the feed
    gives no label, and the link's path section only when it gives no category at all."""
    # A category term may be the category's URL (Atom term="https://…/category/economy/").
    names = [url_section(c) if "://" in c else c for c in entry.categories[:20]]
    names = list(dict.fromkeys(c for c in names if c))
    labels = [c for c in names if not is_slug(c)]
    if labels:
        return tuple(labels)
    from_path = _path_section(entry.url)
    if from_path and from_path not in names:
        names.append(from_path)
    return tuple(names)


def stage_entry(
    entry: ParsedEntry, feed_language: str = "", digest_of_source: str = ""
) -> PreparedArticle:
    """What a list needs of an entry now, and the entry itself to prepare later."""
    if not entry.title:
        # The title is made from the body then, so the body is needed now.
        return prepare_entry(entry, feed_language, digest_of_source)
    language = entry.language or feed_language
    when = entry.published or entry.updated
    return PreparedArticle(
        guid=entry.guid,
        url=entry.url,
        title=entry.title,
        author=entry.author,
        published=when.timestamp() if when else None,
        lead="",
        body="",
        is_summary=False,
        see_also="[]",
        related="[]",
        categories=_categories(entry),
        dateline="",
        lead_caption="",
        direction=direction_for_language(language),
        content_hash="",
        search_title="",
        search_body="",
        signature="",
        signature_tokens=(),
        source_hash=digest_of_source,
        source=entry_to_source(entry, feed_language),
    )


_DATES = ("published", "updated")
_HTML = ("summary_html", "content_html")


def entry_to_source(entry: ParsedEntry, feed_language: str = "") -> bytes:
    """An entry as UTF-8 for the store, from which entry_from_source makes it again.

    A line of JSON with the short fields, then the HTML fields as they are: escaping a
    body of 100 KB into JSON costs more than everything else staging does. Bytes, so the
    refresh hands them to SQLite without decoding and encoding them again on the way."""
    head: dict[str, object] = {
        f.name: getattr(entry, f.name) for f in fields(entry) if f.name not in _HTML
    }
    for name in _DATES:
        when = head[name]
        head[name] = when.isoformat() if isinstance(when, datetime) else None
    head["categories"] = list(entry.categories)
    head["feed_language"] = feed_language
    head["summary_length"] = len(entry.summary_html)
    text = f"{json.dumps(head, ensure_ascii=False)}\n{entry.summary_html}{entry.content_html}"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate has no UTF-8 form. Escaped, every character round-trips: the
        # HTML goes into the JSON line itself.
        head.update({name: getattr(entry, name) for name in _HTML})
        return (json.dumps(head) + "\n").encode("ascii")


def entry_from_source(source: bytes) -> tuple[ParsedEntry, str]:
    """The entry and its feed's language back from entry_to_source's bytes."""
    line, _, tail = source.decode("utf-8").partition("\n")
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("stored source is not an object")
    if "summary_html" not in data:
        cut = int(data.get("summary_length", 0))
        data["summary_html"], data["content_html"] = tail[:cut], tail[cut:]
    feed_language = str(data.pop("feed_language", "") or "")
    names = {f.name for f in fields(ParsedEntry)}
    values = {k: v for k, v in data.items() if k in names}
    for name in _DATES:
        when = values.get(name)
        values[name] = datetime.fromisoformat(when) if isinstance(when, str) else None
    values["categories"] = tuple(str(c) for c in values.get("categories") or ())
    return ParsedEntry(**values), feed_language


def prepare_source(source: bytes, digest_of_source: str = "") -> PreparedArticle:
    """Prepare a staged article from its stored source, as prepare_entry would have."""
    entry, feed_language = entry_from_source(source)
    return prepare_entry(entry, feed_language, digest_of_source)


def prepare_sources(
    items: list[tuple[int, bytes, str]],
) -> list[tuple[int, PreparedArticle | str]]:
    """Prepare (article id, source, source digest) triples; a failure is its message."""
    out: list[tuple[int, PreparedArticle | str]] = []
    for article_id, source, digest in items:
        try:
            out.append((article_id, prepare_source(source, digest)))
        except (ValueError, TypeError, KeyError, RecursionError) as exc:  # incl. bad UTF-8
            out.append((article_id, f"{type(exc).__name__}: {exc}"))
    return out


def prepare_feed(
    data: bytes,
    url: str,
    content_type: str | None = None,
    charset: str | None = None,
    known: Mapping[str, str] | None = None,
) -> PreparedFeed:
    """Parse feed bytes and prepare every entry; never raises for bad input.

    known maps guids to the source digests of articles already stored; entries with the
    same digest are left out, since storing them again would change nothing."""
    return _feed(data, url, content_type, charset, known, prepare_entry)


def stage_feed(
    data: bytes,
    url: str,
    content_type: str | None = None,
    charset: str | None = None,
    known: Mapping[str, str] | None = None,
) -> PreparedFeed:
    """Parse feed bytes and stage every entry (see stage_entry); as prepare_feed otherwise."""
    return _feed(data, url, content_type, charset, known, stage_entry)


def _feed(
    data: bytes,
    url: str,
    content_type: str | None,
    charset: str | None,
    known: Mapping[str, str] | None,
    make: Callable[[ParsedEntry, str, str], PreparedArticle],
) -> PreparedFeed:
    parsed = parse_feed(data, url, content_type, charset)
    if parsed.error:
        return PreparedFeed(error=parsed.error)
    # A guid twice in one feed: each occurrence overwrites the one before when stored, so
    # leaving one out could change which wins. Such entries are always prepared.
    repeated = {g for g, n in Counter(e.guid for e in parsed.entries).items() if n > 1}
    articles: list[PreparedArticle] = []
    positions: list[int] = []
    for index, entry in enumerate(parsed.entries):
        digest = source_hash(entry, parsed.language)
        if known and entry.guid not in repeated and known.get(entry.guid) == digest:
            continue
        articles.append(make(entry, parsed.language, digest))
        positions.append(index)
    unchanged = len(parsed.entries) - len(articles)
    return PreparedFeed(
        title=parsed.title,
        link=parsed.link,
        language=parsed.language,
        articles=articles,
        warning=parsed.warning,
        unchanged=unchanged,
        positions=positions if unchanged else [],
        guids=[entry.guid for entry in parsed.entries],
    )
