"""A place in the reading history."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Visit:
    """An article and how far down it was read."""

    article_id: int
    scroll_y: int = 0
