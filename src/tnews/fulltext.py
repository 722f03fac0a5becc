"""The whole article for summary-only feeds: fetch the page, extract the story, keep it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tnews.content.document import ArticleContent
from tnews.content.extract import extract_page
from tnews.feeds.pool import ParseLimitError, ParsePool
from tnews.net.fetch import PAGE_ACCEPT, Fetcher
from tnews.net.result import ErrorKind

EXTRACT_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class PageResult:
    """The extracted page, or why there is none."""

    content: ArticleContent | None
    error: str | None = None
    final_url: str = ""
    kind: ErrorKind = ErrorKind.NONE  # why the fetch failed, when it did
    status: int | None = None
    retry_after: float | None = None  # seconds the server asked to be left alone


async def fetch_page(fetcher: Fetcher, url: str, pool: ParsePool | None = None) -> PageResult:
    """Fetch an article page and extract its story; never raises for bad pages or networks."""
    if not url:
        return PageResult(None, "the article has no link")
    result = await fetcher.fetch(url, accept=PAGE_ACCEPT)
    if result.body is None:
        return PageResult(
            None,
            result.error or "the page could not be fetched",
            kind=result.kind,
            status=result.status,
            retry_after=result.retry_after,
        )
    args = (result.body, result.final_url, result.content_type)
    try:
        if pool is not None:
            content = await pool.run(extract_page, *args, timeout=EXTRACT_TIMEOUT)
        else:
            content = await asyncio.to_thread(extract_page, *args)
    except ParseLimitError as exc:
        return PageResult(
            None, f"the page is too large or too slow to read: {exc}", kind=ErrorKind.TOO_LARGE
        )
    if not content.document.blocks:
        return PageResult(None, "no article text was found on the page", result.final_url)
    return PageResult(content, None, result.final_url)
