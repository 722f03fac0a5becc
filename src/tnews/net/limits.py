"""Limits and validators a fetch is made with."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds on one fetch and on the fetcher as a whole."""

    max_bytes: int = 16 * 1024 * 1024  # cap on the decoded body, enforced while streaming
    # Total seconds per fetch, redirects included: a server trickling one byte at a time
    # never trips the per-read timeout, so only a total deadline stops it.
    deadline: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    max_redirects: int = 10
    concurrency: int = 16  # requests in flight across all hosts
    per_host: int = 4  # requests in flight to one host name
    retry_after_cap: float = 86400.0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            # Zero redirects is a real choice (refuse them all); zero of anything else is not.
            too_small = value < 0 if field.name == "max_redirects" else value <= 0
            if too_small:
                raise ValueError(f"FetchLimits.{field.name} is out of range: {value!r}")


@dataclass(frozen=True, slots=True)
class Validators:
    """Cache validators from an earlier response, sent back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
