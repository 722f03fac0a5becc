"""Test-wide fixtures: every test gets its own tnews home, never the user's."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.feedserver import FeedServer

# The moment every test runs at, in every process it starts (tnews reads TNEWS_NOW through
# tnews.clock). TNEWS_TEST_NOW and TNEWS_TEST_TZ move the whole suite to another day and
# zone: tests/test_calendar.py does that to show that no verdict depends on the calendar.
DEFAULT_NOW = "2026-12-01T10:00:00+00:00"
DEFAULT_TZ = "UTC"


@pytest.fixture(autouse=True)
def tnews_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point TNEWS_HOME at a fresh folder and keep the environment predictable."""
    home = tmp_path / "tnews-home"
    monkeypatch.setenv("TNEWS_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TNEWS_NOW", os.environ.get("TNEWS_TEST_NOW") or DEFAULT_NOW)
    # Dates are shown in local time: pin the zone so output does not depend on the machine.
    monkeypatch.setenv("TZ", os.environ.get("TNEWS_TEST_TZ") or DEFAULT_TZ)
    time.tzset()
    # The reader's language follows the locale: pin it so no test depends on the machine's.
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    yield home


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 for fixture feeds."""
    server = FeedServer().start()
    yield server
    server.stop()
