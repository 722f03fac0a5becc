"""Where the reader was left, kept in a small file so that the next start opens there."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

REGIONS = ("sections", "articles", "reader")


@dataclass(frozen=True, slots=True)
class ReaderState:
    """The listed section, the article under the cursor, the open article and its scroll."""

    section: str
    selected: int | None = None
    open: int | None = None
    scroll_y: int = 0
    region: str = "articles"


def _whole_number(value: object) -> int | None:
    """An id or offset from the file: a non-negative int SQLite can hold, or nothing."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
        return value
    return None


def load_state(path: Path) -> ReaderState | None:
    """The state kept at path; None when there is none or it cannot be read (the reader
    then opens on All, as on a first start: a lost place is not worth an error)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    section = data.get("section")
    if not isinstance(section, str) or not section or len(section) > 2000:
        return None
    region = data.get("region")
    return ReaderState(
        section,
        selected=_whole_number(data.get("selected")),
        open=_whole_number(data.get("open")),
        scroll_y=_whole_number(data.get("scroll_y")) or 0,
        region=region if region in REGIONS else "articles",
    )


def save_state(path: Path, state: ReaderState) -> None:
    """Keep the state at path, whole or not at all (written aside, then moved in place);
    a failure to write is left unsaid, as the reader is closing."""
    spare = path.with_name(path.name + ".new")
    try:
        spare.write_text(json.dumps(asdict(state)), encoding="utf-8")
        os.replace(spare, path)
    except OSError:
        return
