"""tnews: a terminal news reader that reads Arabic properly."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata and its search of the installed packages
    # cost more than many commands' own work, and most never show the version.
    if name != "__version__":
        raise AttributeError(f"module 'tnews' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("tnews")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
