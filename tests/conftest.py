"""Test-wide fixtures: every test gets its own tnews home, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def tnews_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point TNEWS_HOME at a fresh folder and keep the environment predictable."""
    home = tmp_path / "tnews-home"
    monkeypatch.setenv("TNEWS_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
