"""Test-wide fixtures: every test gets its own tnews home, never the user's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.feedserver import FeedServer


@pytest.fixture(autouse=True)
def tnews_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point TNEWS_HOME at a fresh folder and keep the environment predictable."""
    home = tmp_path / "tnews-home"
    monkeypatch.setenv("TNEWS_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Dates are shown in local time: pin the zone so output does not depend on the machine.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield home


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 for fixture feeds."""
    server = FeedServer().start()
    yield server
    server.stop()
