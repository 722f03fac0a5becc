"""HTTP fetching with limits; knows nothing of widgets."""

from tnews.net.fetch import FEED_ACCEPT, PAGE_ACCEPT, Fetcher, user_agent
from tnews.net.limits import FetchLimits, Validators
from tnews.net.result import ErrorKind, FetchResult

__all__ = [
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "ErrorKind",
    "FetchLimits",
    "FetchResult",
    "Fetcher",
    "Validators",
    "user_agent",
]
