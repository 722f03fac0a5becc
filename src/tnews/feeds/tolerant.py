"""The tolerant path: feedparser, for feeds the strict path will not take."""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

import feedparser
from feedparser.namespaces._base import Namespace

from tnews.feeds.authors import defuse_feedparser
from tnews.feeds.raw import RawEntry, RawFeed, RawText, names_a_link

# The mixin's own, defined on a base class, so it stays there when the mixin's is replaced.
FEEDPARSER_END_GUID = Namespace._end_guid


def _end_guid(self: Any) -> None:
    """feedparser's _end_guid, keeping an id that names no link as the publisher wrote it."""
    stack = self.elementstack
    written = ""
    if self.guidislink and stack and stack[-1][0] == "id":
        written = "".join(p for p in stack[-1][2] if isinstance(p, str)).strip()
    if not written or names_a_link(written):
        FEEDPARSER_END_GUID(self)
        return
    self.guidislink = False  # pop resolves a permalink id against the base otherwise
    value = self.pop("id")
    self.guidislink = True
    self._save("guidislink", "link" not in self._get_context())
    self._save("link", self.resolve_uri(value))


def _keep_plain_ids() -> None:
    """Have feedparser keep ids that are not URL references as written (see names_a_link)."""
    cls = feedparser.mixin._FeedParserMixin
    if cls._end_guid is not _end_guid:
        cls._end_guid = cls._end_id = _end_guid


defuse_feedparser()
_keep_plain_ids()

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _text(detail: Any, value: Any) -> RawText | None:
    if not isinstance(value, str):
        return None
    detail = detail if isinstance(detail, dict) else {}
    return RawText(
        value=value,
        type=str(detail.get("type") or "text/html"),
        base=str(detail.get("base") or ""),
        language=str(detail.get("language") or ""),
    )


def _author(entry: dict[str, Any]) -> str:
    detail = entry.get("author_detail")
    if isinstance(detail, dict) and (detail.get("name") or detail.get("email")):
        return str(detail.get("name") or detail.get("email"))
    author = entry.get("author")
    return author if isinstance(author, str) else ""


def _tags(entry: dict[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    tags = []
    for tag in entry.get("tags") or ():
        if isinstance(tag, dict):
            tags.append((tag.get("term"), tag.get("scheme"), tag.get("label")))
    return tags


def _entry(entry: dict[str, Any]) -> RawEntry:
    # dict.get, not FeedParserDict's item lookup: that one maps missing keys to others.
    def get(key: str) -> Any:
        return dict.get(entry, key)

    contents = get("content") or []
    content = contents[0] if contents and isinstance(contents[0], dict) else None
    summary = get("summary")
    return RawEntry(
        id=str(get("id") or ""),
        link=str(get("link") or ""),
        title=_text(get("title_detail"), get("title")),
        author=_author(entry),
        published=get("published_parsed"),
        updated=get("updated_parsed"),
        summary=summary if isinstance(summary, str) else "",
        summary_detail=_text(get("summary_detail"), summary),
        content=_text(content, content.get("value")) if content else None,
        tags=_tags(entry),
    )


def tolerant_parse(text: str, url: str) -> tuple[RawFeed, str | None, str]:
    """Parse decoded feed text with feedparser: (facts, its complaint or None, version)."""
    # The text is already decoded: say so in both places feedparser looks.
    body = _XML_DECL.sub("", text, count=1)
    data = ('<?xml version="1.0" encoding="utf-8"?>' + body).encode("utf-8", "replace")
    headers = {"content-type": "application/xml; charset=utf-8", "content-location": url}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A stream, never a str: feedparser would fetch a URL or open a path given as text.
        result = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    feed = result.get("feed") or {}
    raw = RawFeed(
        title=_text(dict.get(feed, "title_detail"), dict.get(feed, "title")),
        link=str(dict.get(feed, "link") or ""),
        language=str(dict.get(feed, "language") or ""),
        entries=[_entry(e) for e in result.get("entries") or [] if isinstance(e, dict)],
    )
    problem = None
    if result.get("bozo"):
        problem = _describe(result.get("bozo_exception"))
    return raw, problem, str(result.get("version") or "")


def _describe(exc: object) -> str:
    line = getattr(exc, "getLineNumber", None)
    message = getattr(exc, "getMessage", None)
    if callable(line) and callable(message):
        return f"XML error at line {line()}: {message()}"
    return str(exc or "malformed feed")
