"""tnews: a terminal news reader that reads Arabic properly."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tnews")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
