"""What every command needs: paths, config and the store, opened once and only when asked."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tnews.cli.output import error
from tnews.config import Config, interface_language, load_config, page_modes
from tnews.paths import Paths, get_paths

if TYPE_CHECKING:
    from tnews.store.store import Store

_NO_SPACE = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)
_NOT_A_FOLDER = (errno.ENOTDIR, errno.EEXIST)


class HomeError(Exception):
    """The folders tnews keeps its files in cannot be used; the message says why."""


def home_error(paths: Paths, exc: OSError) -> HomeError:
    """A plain sentence for an OS failure on tnews's own folders and files."""
    where = Path(exc.filename or paths.data_dir)
    if exc.errno in _NOT_A_FOLDER:
        blocking = next((p for p in (where, *where.parents) if p.exists()), where)
        where, why = blocking, "it is a file, not a folder"
    elif exc.errno in _NOT_ALLOWED:
        why = "it is not writable"
    elif exc.errno in _NO_SPACE:
        why = "there is no room left (the disk is full or a file size limit was reached)"
    else:
        why = exc.strerror or str(exc)
    hint = " (check TNEWS_HOME)" if "TNEWS_HOME" in os.environ else ""
    return HomeError(f"cannot use {where}: {why}{hint}")


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
            try:
                self.paths.ensure()
                self._config = load_config(self.paths)
            except OSError as exc:
                raise home_error(self.paths, exc) from exc
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
            try:
                store = open_store(
                    self.paths.database,
                    check_same_thread=not self.threaded,
                    on_upgrade=_say_upgrading,
                )
            except OSError as exc:
                raise home_error(self.paths, exc) from exc
            self._store = store
            store.sync_subscriptions(list(config.feeds))
            store.set_page_modes(page_modes(config))
            install_guide(store, interface_language(config.settings, os.environ))
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
