"""The core stays free of Textual: only tnews.ui may import it."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "tnews.cli.main",
    "tnews.cli.commands",
    "tnews.cli.bookmarks",
    "tnews.store.store",
    "tnews.layout",
    "tnews.content.extract",
    "tnews.feeds.parse",
    "tnews.feeds.pool",
    "tnews.net.fetch",
    "tnews.refresh",
    "tnews.prepare",
    "tnews.similar",
    "tnews.history",
    "tnews.exports",
    "tnews.article_view",
    "tnews.links",
]


def _printed(code: str) -> str:
    """What code prints, run in a fresh interpreter (nothing imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    assert _printed(code) == ""


def test_the_ui_does_import_textual() -> None:
    code = "import sys, tnews.ui.app\nprint('textual' in sys.modules)\n"
    assert _printed(code) == "True"


def test_the_command_line_loads_only_the_command_that_runs() -> None:
    # Parse workers import the main module again when they start, and every command pays
    # for what the entry point imports: the fetcher and the layout engine wait until used.
    code = (
        "import sys, tnews.cli.main\n"
        "heavy = ['httpx', 'tnews.refresh', 'tnews.cli.commands', 'tnews.layout', 'lxml']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    assert _printed(code) == ""
