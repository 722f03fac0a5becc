"""The one clock: everything in tnews that asks what time it is asks here.

`TNEWS_NOW` pins it (an ISO 8601 moment with a zone, or epoch seconds), so that a test,
a reproducible run or a demonstration sees the same "now" in every process it starts.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

ENV = "TNEWS_NOW"


class ClockError(ValueError):
    """TNEWS_NOW holds something that is not a moment."""


_parsed: tuple[str, float] | None = None


def parse_moment(text: str) -> float:
    """Epoch seconds from an ISO 8601 moment with a zone, or from a number of seconds."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(
            f"{ENV}={text!r} is not a moment (use 2026-05-01T12:00:00+00:00)"
        ) from None
    if moment.tzinfo is None:
        raise ClockError(f"{ENV}={text!r} has no time zone (add +00:00 or Z)")
    return moment.timestamp()


def now() -> float:
    """Seconds since the epoch: the pinned moment if TNEWS_NOW is set, else the real time."""
    global _parsed
    pinned = os.environ.get(ENV)
    if not pinned:
        return time.time()
    if _parsed is None or _parsed[0] != pinned:
        _parsed = (pinned, parse_moment(pinned))
    return _parsed[1]
