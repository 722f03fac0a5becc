"""The headless commands: each takes parsed arguments and a context, and returns an exit code.

The layout engine and rich load inside the commands that draw: `fetch` from cron never does."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Sequence

from tnews.cli.context import Context
from tnews.cli.output import (
    error,
    iso,
    print_json_lines,
    print_rows,
    print_text,
    shown,
    summary_json,
    terminal_width,
)
from tnews.config import Rule, check_feed_url
from tnews.config_edits import append_feed, remove_feed
from tnews.query import QueryError, parse_query
from tnews.store.db import StoreError
from tnews.store.feeds import FeedRow, Subscription
from tnews.store.models import (
    ALL,
    BOOKMARKS,
    HIDDEN,
    QUERY_PREFIX,
    UNREAD,
    Article,
    ArticleSummary,
)
from tnews.text.clean import clean_line
from tnews.text.normalize import fts_query, section_key

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
# An unknown section's message names at most this many of those there are, most used first.
_SECTIONS_NAMED = 40


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    """Subscribe to a feed."""
    url = args.url.strip()
    problem = check_feed_url(url)
    if problem:
        error(problem)
        return EXIT_USAGE
    if any(f.url == url for f in ctx.config.feeds):
        error(f"already subscribed: {url}")
        return EXIT_FAILED
    sub = Subscription(url, args.title or "", args.section or "", args.full_text or "")
    append_feed(ctx.paths.config_file, sub)
    ctx.reload_config()
    section = shown(args.section, ctx.bidi_mode) if args.section else ""
    print_text(f"added {url}" + (f" to {section}" if section else ""))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    """Unsubscribe; bookmarked articles of the feed are kept."""
    _ = ctx.config  # reading it writes the default config on first run
    if not remove_feed(ctx.paths.config_file, args.url.strip()):
        error(f"not subscribed: {args.url}")
        return EXIT_FAILED
    ctx.reload_config()
    # The store lets go of the feed now, so that adding it again starts afresh. A store that
    # cannot be opened does so whenever it next opens; the config already says it.
    with contextlib.suppress(StoreError):
        _ = ctx.store
    print_text(f"removed {args.url}")
    return EXIT_OK


def cmd_feeds(args: argparse.Namespace, ctx: Context) -> int:
    """List subscriptions with their state."""
    feeds = ctx.store.feeds()
    if args.json:
        print_json_lines(
            [
                {
                    "id": f.id,
                    "url": f.url,
                    "fetch_url": f.fetch_url,
                    "title": f.display_title,
                    "section": f.section,
                    "articles": f.articles,
                    "unread": f.unread,
                    "last_success": iso(f.last_success),
                    "last_attempt": iso(f.last_attempt),
                    "state": _feed_state(f),
                    "error": f.last_error,
                    "gone": f.gone,
                    "builtin": f.builtin,
                }
                for f in feeds
            ]
        )
        return EXIT_OK
    from tnews.render import short_time

    for f in feeds:
        state = _feed_state(f)
        if state == "error":
            state += f": {f.last_error}"
        if f.last_success:
            state += f", fetched {short_time(f.last_success)}"
        title = shown(f.display_title, ctx.bidi_mode)
        state = shown(state, ctx.bidi_mode)
        print_text(f"{f.id:>4}  {f.unread:>4}/{f.articles:<5} {title}  <{f.url}>  {state}")
    return EXIT_OK


def _feed_state(f: FeedRow) -> str:
    """ok, error, gone, built in or not fetched yet."""
    if f.builtin:
        return "built in"
    if f.gone:
        return "gone"
    if f.last_error:
        return "error"
    if f.last_attempt is None:
        return "not fetched yet"
    return "ok"


def resolve_section(name: str | None, queries: Sequence[Rule] = ()) -> str:
    """A section name from the command line to a section key; saved queries by their name."""
    if not name:
        return ALL
    builtin = {"all": ALL, "unread": UNREAD, "bookmarks": BOOKMARKS}
    saved = {section_key(q.name): QUERY_PREFIX + q.text for q in queries}
    key = section_key(name)
    return builtin.get(name.strip().lower()) or saved.get(key) or key


def print_summaries(items: list[ArticleSummary], ctx: Context, as_json: bool) -> None:
    """Article rows as JSON lines or as aligned text; each field laid out on its own."""
    if as_json:
        print_json_lines([summary_json(a) for a in items])
        return
    from tnews.layout import LayoutOptions, layout_field
    from tnews.render import listed_time

    width = terminal_width()
    options = LayoutOptions(bidi=ctx.bidi_mode)  # type: ignore[arg-type]
    for a in items:
        flag = " " if a.read else "N"
        feed = layout_field(a.feed_title, 18, options).text
        when = listed_time(a.published, a.first_seen)
        prefix = f"{a.id:>6} {flag} {when:>10}  {feed:<18}  "
        title = layout_field(a.title, max(10, width - len(prefix) - 1), options).text
        print_text(prefix + title)


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    """List articles of a section, of a query, or those the filters hid."""
    section = resolve_section(args.section, ctx.config.queries)
    if args.query:
        try:
            parse_query(args.query)
        except QueryError as exc:
            error(f"--query: {exc}")
            return EXIT_USAGE
        section = QUERY_PREFIX + args.query
    if args.hidden:
        section = HIDDEN
    if section not in (ALL, UNREAD, BOOKMARKS, HIDDEN) and not section.startswith(QUERY_PREFIX):
        known = ctx.store.sections()
        # A section whose articles the filters all hid still is one: it lists nothing.
        if all(s.key != section for s in known) and not ctx.store.has_section(section):
            named = [s.name for s in known if s.kind != "builtin"]
            names = ", ".join(named[:_SECTIONS_NAMED])
            if len(named) > _SECTIONS_NAMED:
                names += f" and {len(named) - _SECTIONS_NAMED} more"
            error(
                f"no section named {clean_line(args.section)!r}; "
                + (f"the sections are: {names}" if names else "there are no sections yet")
                + " (and all, unread, bookmarks)"
            )
            return EXIT_FAILED
    items = ctx.store.list_articles(section, unread_only=args.unread, limit=args.limit)
    print_summaries(items, ctx, args.json)
    return EXIT_OK


def cmd_read(args: argparse.Namespace, ctx: Context) -> int:
    """Print an article laid out for a terminal of the given width."""
    article = ctx.store.article(args.id)
    if article is None:
        error(f"no article with id {args.id}")
        return EXIT_FAILED
    width = args.width or terminal_width()
    if width < 10:
        error("--width must be at least 10")
        return EXIT_USAGE
    if args.fetch and article.is_summary:
        article = _with_full_text(ctx, article.id, article.url) or article
    from tnews.article_view import ArticleLayout
    from tnews.layout import LayoutOptions

    hint = f"`tnews read {article.id} --fetch`"
    options = LayoutOptions(bidi=ctx.bidi_mode)  # type: ignore[arg-type]
    print_rows(ArticleLayout(article, options, fetch_hint=hint).rows(width))
    if args.mark_read:
        ctx.store.set_read(article.id, True)
    return EXIT_OK


def _with_full_text(ctx: Context, article_id: int, url: str) -> Article | None:
    """Fetch and keep the page of a summary-only article; None (and a notice) on failure."""
    from tnews.fulltext import fetch_page
    from tnews.net.fetch import Fetcher
    from tnews.refresh import limits_from

    async def fetch() -> None:
        async with Fetcher(limits_from(ctx.config.settings)) as fetcher:
            page = await fetch_page(fetcher, url)
        ctx.store.store_full_text(article_id, page.content, page.error)
        if page.content is None:
            error(f"showing the feed's summary: {page.error}")

    asyncio.run(fetch())
    return ctx.store.article(article_id)


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    """Search everything stored."""
    query = " ".join(args.query).strip()
    if fts_query(query) is None:
        error("an empty search: give a word or more to look for")
        return EXIT_USAGE
    from tnews.cli.fetching import prepare_stored

    prepare_stored(ctx)  # so the search covers everything stored
    items = ctx.store.search(query, limit=args.limit)
    if not items:
        error(f"nothing found for {clean_line(query)!r}")
        return EXIT_FAILED
    print_summaries(items, ctx, args.json)
    return EXIT_OK


def cmd_related(args: argparse.Namespace, ctx: Context) -> int:
    """Print the related groups: see-also links, the page's related block, the same story."""
    if ctx.store.article(args.id) is None:
        error(f"no article with id {args.id}")
        return EXIT_FAILED
    from tnews.cli.fetching import prepare_stored

    prepare_stored(ctx)  # same-story links are found when articles are prepared
    groups = ctx.store.related(args.id)
    named = (
        ("see_also", "See also", groups.see_also),
        ("related", "Related", groups.related),
        ("same_story", "Same story elsewhere", groups.same_story),
    )
    if not any(items for _, _, items in named):
        error(f"nothing related to article {args.id} is known")
        return EXIT_FAILED
    if args.json:
        print_json_lines(
            [
                {
                    "group": key,
                    "title": item.title,
                    "url": item.url,
                    "id": item.article_id,
                    "source": item.source,
                    "published": iso(item.published),
                    "first_seen": item.first_seen,
                    "score": item.score,
                }
                for key, _, items in named
                for item in items
            ]
        )
        return EXIT_OK
    from tnews.layout import LayoutOptions, layout_field
    from tnews.render import listed_time

    options = LayoutOptions(bidi=ctx.bidi_mode)  # type: ignore[arg-type]
    width = terminal_width()
    for _, heading, items in named:
        if not items:
            continue
        print_text(heading, style="bold")
        for item in items:
            ref = f"{item.article_id:>6}" if item.article_id else "     -"
            when = listed_time(item.published, item.first_seen)
            source = shown(item.source, ctx.bidi_mode)
            meta = " · ".join(p for p in (source, when) if p)
            title = layout_field(item.title, max(10, width - 10), options).text
            print_text(f"{ref}  {title}")
            print_text(f"        {meta + ' · ' if meta else ''}{item.url}")
        print_text("")
    return EXIT_OK
