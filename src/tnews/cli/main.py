"""The tnews command line: the reader by default, headless commands for scripts and cron."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Callable

from tnews import clock
from tnews.cli import bookmarks
from tnews.cli.context import Context, HomeError
from tnews.cli.output import error
from tnews.config import BIDI_MODES, FULL_TEXT_MODES, ConfigError
from tnews.store.db import StoreError

EXIT_CODES = """exit codes:
  0  done (fetch: the run completed, even if some feeds failed)
  1  nothing found, or the command failed (no such article, not subscribed)
  2  usage or configuration error
  3  another tnews is already fetching this store
  4  the store cannot be opened"""

Handler = Callable[[argparse.Namespace, Context], int]


class _Version(argparse.Action):
    """--version, looking the version up only when asked (it costs an installed-package search)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from tnews import __version__

        sys.stdout.write(f"tnews {__version__}\n")
        parser.exit()


def _later(module: str, name: str) -> Handler:
    """The handler name of tnews.cli.module, imported only when its command runs."""

    # A command's module brings in what that command needs (the fetcher, the store, the
    # layout engine): a tenth of a second for the others to load for nothing. Parse
    # workers, too, import this module again when they start.
    def run(args: argparse.Namespace, ctx: Context) -> int:
        handler: Handler = getattr(importlib.import_module(f"tnews.cli.{module}"), name)
        return handler(args, ctx)

    run.__qualname__ = run.__name__ = name
    return run


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be above zero")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with --help on every command."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="tnews",
        description="A terminal news reader that reads Arabic properly. "
        "With no command, opens the reader.",
        epilog="Files live under $TNEWS_HOME when it is set.\n\n" + EXIT_CODES,
        formatter_class=fmt,
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--bidi", choices=BIDI_MODES, help="how right-to-left text is drawn (default: config)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # --bidi works after the command too; SUPPRESS keeps a missing one from hiding the global.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bidi", choices=BIDI_MODES, default=argparse.SUPPRESS, help="as above")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXIT_CODES,
            formatter_class=fmt,
            parents=[common],
        )
        p.set_defaults(handler=handler)
        return p

    p = command("add", _later("commands", "cmd_add"), "subscribe to a feed")
    p.add_argument("url", help="the feed's http(s) URL")
    p.add_argument("--section", help="the section (group) to read it under")
    p.add_argument("--title", help="a name to show instead of the feed's own")
    p.add_argument(
        "--full-text",
        choices=FULL_TEXT_MODES,
        help="when its articles' pages are fetched: during the refresh, when opened in the "
        "reader, or only when asked (default: the config's full_text)",
    )

    p = command("remove", _later("commands", "cmd_remove"), "unsubscribe (bookmarks are kept)")
    p.add_argument("url")

    p = command("feeds", _later("commands", "cmd_feeds"), "list subscriptions and their state")
    p.add_argument("--json", action="store_true", help="one JSON object a line")

    p = command("fetch", _later("fetching", "cmd_fetch"), "refresh every feed (for cron)")
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing when every feed worked; failures still go to stderr",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="fetch every feed whole (no ETag or Last-Modified sent), also feeds asked to wait",
    )
    p.add_argument(
        "--no-index",
        action="store_true",
        help="store new articles and stop: they list and read at once, and are prepared for "
        "search and related stories (and summaries' pages fetched) by the reader, "
        "`tnews index` or the next fetch",
    )

    p = command(
        "index",
        _later("fetching", "cmd_index"),
        "prepare stored articles for search and related, and fetch summaries' pages",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary")

    p = command("list", _later("commands", "cmd_list"), "list stored articles, newest first")
    p.add_argument("--section", help="a section name, or all, unread, bookmarks")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    p.add_argument("--limit", type=_positive_int, default=100, help="at most N (default 100)")
    p.add_argument("--query", help="articles matching a filter, e.g. 'unread title:\"oil\"'")
    p.add_argument("--hidden", action="store_true", help="the articles the filters hid")

    p = command(
        "read", _later("commands", "cmd_read"), "print an article laid out for the terminal"
    )
    p.add_argument("id", type=int)
    p.add_argument("--width", type=int, help="cells per line (default: terminal width or 80)")
    p.add_argument("--mark-read", action="store_true", help="mark the article read")
    p.add_argument(
        "--fetch",
        action="store_true",
        help="when only a summary is stored, fetch the whole article first (kept for offline)",
    )

    p = command(
        "search", _later("commands", "cmd_search"), "search titles and bodies of everything stored"
    )
    p.add_argument("query", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    p.add_argument("--limit", type=_positive_int, default=50, help="at most N (default 50)")

    p = command("related", _later("commands", "cmd_related"), "print what is related to an article")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="one JSON object a line")

    _more_commands(command)
    bookmarks.add_commands(sub, common, EXIT_CODES)
    return parser


def _more_commands(command: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """Commands that live in their own modules."""
    p = command(
        "import", _later("transfer", "cmd_import"), "subscribe to the feeds of an OPML or urls file"
    )
    p.add_argument("file")
    p = command("export", _later("transfer", "cmd_export"), "print the subscriptions")
    p.add_argument("--opml", action="store_true", required=True, help="as OPML (to stdout)")


def _with_hint(message: str) -> str:
    """SQLite's words for a failed write, with what usually causes it."""
    if any(words in message for words in ("disk I/O error", "disk is full", "readonly")):
        return message + " (is the disk full, or the folder not writable?)"
    return message


def main(argv: list[str] | None = None) -> int:
    """Run tnews; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        clock.now()
    except clock.ClockError as exc:
        error(str(exc))
        return 2
    ctx = Context(bidi=args.bidi)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            from tnews.ui.run import run_reader

            return run_reader(ctx)
        return handler(args, ctx)
    except ConfigError as exc:
        error(str(exc))
        return 2
    except (StoreError, HomeError) as exc:
        error(_with_hint(str(exc)))
        return 4
    except sqlite3.Error as exc:
        # A write the store refused after it opened: a full disk, a file size limit, a
        # folder made read-only meanwhile.
        error(_with_hint(f"the store cannot be written: {exc}"))
        return 4
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tnews list | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
    finally:
        ctx.close()
