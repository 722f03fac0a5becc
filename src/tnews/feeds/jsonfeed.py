"""JSON Feed 1.0 and 1.1 (jsonfeed.org) read into the same model as RSS and Atom."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from tnews.feeds.model import ParsedFeed
from tnews.feeds.raw import RawEntry, RawFeed, RawText, finish_feed
from tnews.text.clean import clean_line

JSON_TYPES = frozenset({"application/feed+json", "application/json", "text/json"})
VERSION_PREFIX = "https://jsonfeed.org/version/"
# More items than any real feed carries; past it a feed only costs memory and time.
MAX_ITEMS = 10_000
MAX_TAGS = 64
# Objects and arrays in the whole document, counted before it is parsed: each costs a
# hundred bytes or more once parsed, and a 32 MB document of "{}," would be gigabytes.
MAX_CONTAINERS = 500_000

_BOM = b"\xef\xbb\xbf"


def looks_like_json(data: bytes, content_type: str | None) -> bool:
    """Whether bytes should be read as JSON: a body opening with "{", or a JSON media type
    on a body that is not markup (servers label XML feeds wrongly more often than not)."""
    head = data[:64].removeprefix(_BOM).lstrip()
    if head.startswith(b"{"):
        return True
    typed = content_type is not None and (
        content_type.lower() in JSON_TYPES or content_type.lower().endswith("+json")
    )
    return typed and not head.startswith(b"<")


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _date(value: Any) -> time.struct_time | None:
    """An RFC 3339 date as a UTC struct_time; a date without a zone is taken as UTC."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).timetuple()
    except (OverflowError, ValueError):
        return None


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str:
    """The first named author (1.1 "authors", else 1.0 "author"), the item's before the feed's."""
    for source in (item, feed):
        people = source.get("authors")
        candidates = people if isinstance(people, list) else []
        candidates = [*candidates[:16], source.get("author")]
        for person in candidates:
            if isinstance(person, dict) and _string(person.get("name")).strip():
                return _string(person.get("name"))
    return ""


def _entry(item: dict[str, Any], feed: dict[str, Any], base: str) -> RawEntry:
    language = _string(item.get("language")) or _string(feed.get("language"))
    content: RawText | None = None
    if _string(item.get("content_html")):
        content = RawText(item["content_html"], "text/html", base, language)
    elif _string(item.get("content_text")):
        content = RawText(item["content_text"], "text/plain", base, language)
    summary = _string(item.get("summary"))
    tags = item.get("tags")
    names = [t for t in tags[:MAX_TAGS] if isinstance(t, str)] if isinstance(tags, list) else []
    link = _string(item.get("url")) or _string(item.get("external_url"))
    item_id = item.get("id")
    # 1.0 allows a number as the id; it is still the item's identity.
    identity = str(item_id) if isinstance(item_id, (str, int)) and item_id is not True else ""
    return RawEntry(
        id=identity,
        link=link,
        title=RawText(_string(item.get("title")), "text/plain", base, language),
        author=_author(item, feed),
        published=_date(item.get("date_published")),
        updated=_date(item.get("date_modified")),
        summary=summary,
        summary_detail=RawText(summary, "text/plain", base, language) if summary else None,
        content=content,
        tags=[(name, None, None) for name in names],
    )


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    """Parse JSON Feed bytes; trouble comes back as ParsedFeed.error, never an exception."""
    if data.count(b"{") + data.count(b"[") > MAX_CONTAINERS:
        return ParsedFeed(title="", link="", error="JSON Feed with too many objects")
    try:
        document = json.loads(data.removeprefix(_BOM).decode("utf-8"))
    except UnicodeDecodeError as exc:
        return ParsedFeed(title="", link="", error=f"JSON Feed is not UTF-8: {exc.reason}")
    except RecursionError:
        # Only fixed paths are read afterwards: json's own guard is the depth bound.
        return ParsedFeed(title="", link="", error="JSON nested too deep")
    except ValueError as exc:
        return ParsedFeed(title="", link="", error=clean_line(f"JSON error: {exc}"))
    if not isinstance(document, dict):
        return ParsedFeed(title="", link="", error="not a feed: JSON that is not an object")
    version = _string(document.get("version"))
    items = document.get("items")
    if not version.startswith(VERSION_PREFIX) and not isinstance(items, list):
        return ParsedFeed(title="", link="", error="not a feed: JSON that is not a JSON Feed")
    if not isinstance(items, list):
        return ParsedFeed(title="", link="", error="JSON Feed has no list of items")
    base = _string(document.get("home_page_url")) or url
    raw = RawFeed(
        title=RawText(_string(document.get("title")), "text/plain", base),
        link=_string(document.get("home_page_url")),
        language=_string(document.get("language")),
        entries=[_entry(i, document, base) for i in items[:MAX_ITEMS] if isinstance(i, dict)],
    )
    feed = finish_feed(raw, url)
    if not version.startswith(VERSION_PREFIX) and not (feed.entries or feed.title or feed.link):
        # As for XML: an error only when nothing at all could be read.
        return ParsedFeed(title="", link="", error="not a feed: JSON that is not a JSON Feed")
    skipped = sum(not isinstance(i, dict) for i in items[:MAX_ITEMS])
    if len(items) > MAX_ITEMS:
        feed.warning = f"JSON Feed has {len(items)} items; the first {MAX_ITEMS} were read"
    elif skipped:
        feed.warning = f"JSON Feed items that are not objects were skipped: {skipped}"
    return feed
