"""Fixtures for the hostility tests: a tnews home and a misbehaving server, both real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.support import Home, ServerThread


@pytest.fixture
def home(tnews_home: Path) -> Home:
    """The test's own TNEWS_HOME, driven through the tnews command."""
    return Home(tnews_home)


@pytest.fixture
def server() -> Iterator[ServerThread]:
    """A hostile HTTP server on 127.0.0.1, running in a thread beside the test."""
    with ServerThread() as running:
        yield running
