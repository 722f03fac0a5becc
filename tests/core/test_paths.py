"""Paths: TNEWS_HOME moves everything; private folders; the styles are found from source."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tnews.paths import get_paths, styles_dir
from tnews.store.store import open_store


def test_tnews_home_holds_config_data_and_cache(tnews_home: Path) -> None:
    paths = get_paths().ensure()
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir):
        assert folder.is_dir()
        assert folder.is_relative_to(tnews_home)


def test_without_tnews_home_xdg_folders_are_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TNEWS_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    paths = get_paths()
    assert paths.config_file == tmp_path / "xc" / "tnews" / "config.toml"
    assert paths.database == tmp_path / "xd" / "tnews" / "tnews.db"


def test_data_folder_and_database_are_private(tnews_home: Path) -> None:
    paths = get_paths().ensure()
    store = open_store(paths.database)
    store.close()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600


def test_styles_are_found_in_a_source_checkout() -> None:
    assert (styles_dir() / "tnews.tcss").is_file()
