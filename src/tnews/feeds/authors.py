"""Split "name <email>" author strings the way feedparser does, in linear time."""

from __future__ import annotations

import re
from typing import Any

# feedparser's pattern, minus its leading "[...]+" local part: searched from every start,
# that run makes the search quadratic ("a" * 50000 + "@" takes seconds).
_AFTER_AT = re.compile(
    r"@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?)(\?subject=\S+)?"
)
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.+")


def find_email(text: str) -> str | None:
    """The leftmost match of feedparser's email pattern in text, found in linear time."""
    at = text.find("@")
    while at != -1:
        # A local part cannot contain "@", so a match ending at this "@" starts where the
        # run of local-part characters before it starts; earlier runs were tried already.
        start = at
        while start > 0 and text[start - 1] in _LOCAL:
            start -= 1
        if start < at:
            tail = _AFTER_AT.match(text, at)
            if tail:
                return text[start : tail.end()]
        at = text.find("@", at + 1)
    return None


def split_author(author: str) -> tuple[str, str]:
    """(name, email) from an RSS author string such as "ed@example.com (Ed)"."""
    email = find_email(author)
    if email:
        author = author.replace(email, "")
        author = author.replace("()", "").replace("<>", "").replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    return author, email or ""


def _sync_author_detail(self: Any, key: str = "author") -> None:
    """feedparser's _sync_author_detail with the linear email search."""
    from feedparser.util import FeedParserDict

    context = self._get_context()
    detail = context.get(f"{key}s", [FeedParserDict()])[-1]
    if detail:
        name = detail.get("name")
        email = detail.get("email")
        if name and email:
            context[key] = f"{name} ({email})"
        elif name:
            context[key] = name
        elif email:
            context[key] = email
        return
    author = context.get(key)
    if not author:
        return
    name, found = split_author(author)
    if name or found:
        context.setdefault(f"{key}_detail", detail)
    if name:
        detail["name"] = name
    if found:
        detail["email"] = found


def defuse_feedparser() -> None:
    """Swap feedparser's quadratic author-email search for the equivalent linear one."""
    from feedparser import mixin

    cls = mixin._FeedParserMixin
    if getattr(cls, "_sync_author_detail", None) is not _sync_author_detail:
        cls._sync_author_detail = _sync_author_detail
