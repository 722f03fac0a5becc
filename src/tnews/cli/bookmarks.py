"""Bookmark commands: mark, list, export to a file or folder, import a JSON export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tnews.cli.context import Context
from tnews.cli.output import error, print_text, shown
from tnews.exports import FORMATS, read_json_export, render, safe_filename
from tnews.store.models import BOOKMARKS


def cmd_bookmark(args: argparse.Namespace, ctx: Context) -> int:
    """Bookmark an article (or take the bookmark off with --remove)."""
    article = ctx.store.article(args.id)
    if article is None:
        error(f"no article with id {args.id}")
        return 1
    if args.remove and not article.bookmarked:
        error(f"article {article.id} is not bookmarked; nothing to remove")
        return 1
    ctx.store.set_bookmark(article.id, not args.remove)
    state = "removed bookmark from" if args.remove else "bookmarked"
    note = ""
    if not args.remove and article.is_summary:
        note = " (only its summary is stored; the next fetch brings the whole text)"
    print_text(f"{state} {article.id}: {shown(article.title, ctx.bidi_mode)}{note}")
    return 0


def cmd_bookmarks(args: argparse.Namespace, ctx: Context) -> int:
    """List bookmarks, newest first."""
    from tnews.cli.commands import print_summaries

    items = ctx.store.list_articles(BOOKMARKS, limit=1_000_000)
    print_summaries(items, ctx, args.json)
    return 0


def _confirm_overwrite(path: Path, force: bool) -> bool:
    if not path.exists() or force:
        return True
    if sys.stdin.isatty() and sys.stderr.isatty():
        sys.stderr.write(f"{path} exists. Overwrite? [y/N] ")
        sys.stderr.flush()
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    error(f"{path} exists; use --force to overwrite it")
    return False


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write bookmarks to stdout, a file, or one file per bookmark in a folder."""
    items = ctx.store.export_bookmarks()
    fmt: str = args.format
    if args.output is None:
        sys.stdout.write(render(items, fmt))
        return 0
    target = Path(args.output)
    if target.is_dir():
        written = 0
        used: set[str] = set()
        for number, item in enumerate(items, start=1):
            name = safe_filename(str(item.get("title", "")), f"bookmark-{number}", fmt)
            if name in used:
                name = safe_filename(f"{item.get('title', '')} ({number})", str(number), fmt)
            used.add(name)
            path = target / name
            if not _confirm_overwrite(path, args.force):
                continue
            path.write_text(render([item], fmt), encoding="utf-8")
            written += 1
        print_text(f"wrote {written} files to {target}")
        return 0 if written == len(items) else 1
    if not _confirm_overwrite(target, args.force):
        return 1
    try:
        target.write_text(render(items, fmt), encoding="utf-8")
    except OSError as exc:
        error(f"cannot write {target}: {exc.strerror}")
        return 1
    print_text(f"wrote {len(items)} bookmarks to {target}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """Read a JSON export back; what is already stored is not stored twice."""
    try:
        items = read_json_export(Path(args.file))
    except ValueError as exc:
        error(str(exc))
        return 1
    added = sum(ctx.store.import_bookmark(item) for item in items)
    print_text(f"imported {added} bookmarks ({len(items) - added} already here)")
    return 0


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    epilog: str,
) -> None:
    """The bookmark and bookmarks commands."""
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "bookmark",
        help="bookmark an article (kept whole, offline)",
        description="Bookmark an article; its whole text is kept in the store.",
        epilog=epilog,
        formatter_class=fmt,
        parents=[common],
    )
    p.add_argument("id", type=int)
    p.add_argument("--remove", action="store_true", help="take the bookmark off")
    p.set_defaults(handler=cmd_bookmark)

    p = sub.add_parser(
        "bookmarks",
        help="list, export or import bookmarks",
        description="List bookmarks; `export` and `import` move them in and out.",
        epilog=epilog,
        formatter_class=fmt,
        parents=[common],
    )
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    p.set_defaults(handler=cmd_bookmarks)
    actions = p.add_subparsers(dest="bookmarks_action", metavar="ACTION")
    e = actions.add_parser(
        "export",
        help="write bookmarks as md, html or json",
        description="Write bookmarks in logical text (Arabic reads right in any editor or "
        "browser). -o FOLDER writes one file per bookmark, named from its title.",
        epilog=epilog,
        formatter_class=fmt,
    )
    e.add_argument("--format", choices=FORMATS, default="md")
    e.add_argument("-o", "--output", help="a file, or an existing folder (default: stdout)")
    e.add_argument("--force", action="store_true", help="overwrite existing files")
    e.set_defaults(handler=cmd_export)
    i = actions.add_parser(
        "import",
        help="read a JSON export back",
        description="Bookmark every article of a JSON export; nothing is stored twice.",
        epilog=epilog,
        formatter_class=fmt,
    )
    i.add_argument("file")
    i.set_defaults(handler=cmd_import)
