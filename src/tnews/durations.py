"""Spans of time as people write them in the config and in queries: 30m, 12h, 7d, 2w."""

from __future__ import annotations

import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)([smhdw])")
# A year: nothing in a news reader waits longer, and no sum of parts overflows.
MAX_SECONDS = 366 * 86400


class DurationError(ValueError):
    """Text that is not a span of time."""


def parse_duration(text: str) -> float:
    """Seconds in a span such as "30m", "1h30m" or "7d"; raises DurationError."""
    value = text.strip().lower()
    total, index = 0.0, 0
    while index < len(value):
        match = _DURATION.match(value, index)
        if not match:
            break
        total += float(match.group(1)) * UNITS[match.group(2)]
        index = match.end()
    if not value or index != len(value):
        raise DurationError(f"a span of time such as 30m, 12h or 7d was expected, not {text!r}")
    if total <= 0 or total > MAX_SECONDS:
        raise DurationError(f"a span of time above zero and at most 366d was expected: {text!r}")
    return total


def format_duration(seconds: float) -> str:
    """A short rounded span for the status line: 45s, 12m, 3h 5m, 2d."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {rest}m" if rest else f"{hours}h"
    return f"{(hours + 12) // 24}d"
