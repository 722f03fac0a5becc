"""What the fetch path loads: a cron fetch pays for every import before its first request."""

from __future__ import annotations

import subprocess
import sys

# The modules a headless fetch goes through that must stay light on their own.
FETCH_PATH = [
    "tnews",
    "tnews.paths",
    "tnews.config",
    "tnews.lock",
    "tnews.cli.context",
    "tnews.cli.output",
    "tnews.net",
    "tnews.net.fetch",
    "tnews.feeds.pool",
    "tnews.store.store",
    "tnews.guide",
    "tnews.refresh",
    "tnews.cli.commands",
    "tnews.cli.main",
]

# Drawing, parsing and the UI: none of it is needed to learn that every feed answered 304.
HEAVY = [
    "textual",
    "rich",
    "feedparser",
    "lxml",
    "trafilatura",
    "bidi",
    "arabic_reshaper",
    "tnews.layout",
    "tnews.render",
    "tnews.prepare",
    "tnews.feeds.parse",
    "importlib.metadata",
]


def _loaded_after(modules: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"heavy = {HEAVY!r}\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy or "
        "any(m.startswith(h + '.') for h in heavy))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return [m for m in done.stdout.strip().split(",") if m]


def test_the_fetch_path_loads_no_drawing_parsing_or_ui() -> None:
    assert _loaded_after(FETCH_PATH) == []


def test_the_check_itself_sees_heavy_imports() -> None:
    assert "rich" in _loaded_after(["rich.text"])


def test_the_version_is_looked_up_only_when_asked() -> None:
    code = (
        "import sys, tnews\n"
        "before = 'importlib.metadata' in sys.modules\n"
        "version = tnews.__version__\n"
        "print(before, bool(version), 'importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "True", "True"]
