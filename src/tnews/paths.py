"""Where tnews keeps its files: one place, XDG by default, TNEWS_HOME to move everything."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "tnews"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders and files tnews uses."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        """The user's TOML configuration."""
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        """The SQLite store."""
        return self.data_dir / "tnews.db"

    @property
    def fetch_lock(self) -> Path:
        """Held while a refresh runs, so two refreshes never overlap."""
        return self.data_dir / "fetch.lock"

    @property
    def reader_state(self) -> Path:
        """Where the reader was left (section, article, scroll), to open there again."""
        return self.data_dir / "reader-state.json"

    def ensure(self) -> Paths:
        """Create the folders, private to the user (the store holds what they read)."""
        for folder in (self.config_dir, self.data_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkdir's mode is masked by umask and ignored for folders that already exist.
        os.chmod(self.data_dir, 0o700)
        return self


def get_paths() -> Paths:
    """The paths in force: TNEWS_HOME when set, otherwise the platform's own folders."""
    home = os.environ.get("TNEWS_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "config", root / "data", root / "cache")
    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    )


def styles_dir() -> Path:
    """The Textual CSS folder, from an installed wheel or from a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "styles"
    if installed.is_dir():
        return installed
    return package.parent.parent / "styles"


def data_file(name: str) -> Path:
    """A file shipped inside the package (the built-in guide, the default config)."""
    return Path(__file__).resolve().parent / "data" / name
