"""What every command needs: paths, config and the store, opened once and only when asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tnews.cli.output import error
from tnews.config import Config, load_config, page_modes
from tnews.paths import Paths, get_paths

if TYPE_CHECKING:
    from tnews.store.store import Store

# Below this many articles an upgrade is done before a notice could be read.
UPGRADE_NOTICE_ARTICLES = 2000


def _say_upgrading(articles: int) -> None:
    if articles >= UPGRADE_NOTICE_ARTICLES:
        error(
            f"updating the store ({articles} articles) for this version of tnews; "
            "this happens once and may take a few seconds…"
        )


@dataclass
class Context:
    """Lazily opened resources for one command."""

    paths: Paths = field(default_factory=get_paths)
    bidi: str | None = None
    # Whether the store's connection may be used from worker threads (its lock serialises).
    threaded: bool = False
    _config: Config | None = None
    _store: Store | None = None

    @property
    def config(self) -> Config:
        """The config, written with defaults on first run."""
        if self._config is None:
            self.paths.ensure()
            self._config = load_config(self.paths)
            for problem in self._config.problems:
                error(problem)
        return self._config

    @property
    def bidi_mode(self) -> str:
        """The bidi mode: --bidi, else the config."""
        return self.bidi or self.config.settings.bidi

    @property
    def store(self) -> Store:
        """The store, synced with the config's feeds and holding the guide."""
        if self._store is None:
            # Imported on first use: the store brings the article preparing code with it.
            from tnews.guide import install_guide
            from tnews.store.store import open_store

            config = self.config
            store = open_store(
                self.paths.database,
                check_same_thread=not self.threaded,
                on_upgrade=_say_upgrading,
            )
            store.sync_subscriptions(list(config.feeds))
            store.set_page_modes(page_modes(config))
            install_guide(store)
            self._store = store
        return self._store

    def reload_config(self) -> None:
        """Read the config again after a command edited it, and bring the store in line."""
        self._config = None
        if self._store is None:
            _ = self.store  # opening syncs the subscriptions
        else:
            self._store.sync_subscriptions(list(self.config.feeds))
            self._store.set_page_modes(page_modes(self.config))

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None
