"""Changes to the config file that keep the user's own lines and comments: a feed or a saved
query appended, one setting set, a feed taken out."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from tnews.config import ConfigError, default_config_text
from tnews.store.feeds import Subscription


def append_feed(path: Path, sub: Subscription) -> None:
    """Add a [[feeds]] table at the end of the config, keeping the user's comments."""
    lines = ["", "[[feeds]]", f"url = {json.dumps(sub.url)}"]
    if sub.title:
        lines.append(f"title = {json.dumps(sub.title, ensure_ascii=False)}")
    if sub.section:
        lines.append(f"section = {json.dumps(sub.section, ensure_ascii=False)}")
    if sub.full_text:
        lines.append(f"full_text = {json.dumps(sub.full_text)}")
    text = path.read_text(encoding="utf-8") if path.exists() else default_config_text()
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def append_query(path: Path, name: str, query: str) -> None:
    """Add a [[queries]] table at the end of the config, keeping the user's comments."""
    lines = ["", "[[queries]]", f"name = {json.dumps(name, ensure_ascii=False)}"]
    lines.append(f"query = {json.dumps(query, ensure_ascii=False)}")
    text = path.read_text(encoding="utf-8") if path.exists() else default_config_text()
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


_TABLE = re.compile(r"^\s*\[")
_SETTINGS = re.compile(r"^\s*\[\s*settings\s*\]\s*(#.*)?$")


def set_setting(path: Path, key: str, value: str) -> None:
    """Set a string in [settings], keeping the rest of the file as the user wrote it."""
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else default_config_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc}") from exc
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if _SETTINGS.match(ln)), None)
    if start is None:
        # A table may come anywhere in TOML; a new one goes last, after the user's own.
        lines += ["\n" if text.endswith("\n") or not text else "\n\n", "[settings]\n", line]
    else:
        end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
        setting = re.compile(rf"^\s*{re.escape(key)}\s*=")
        at = next((i for i in range(start + 1, end) if setting.match(lines[i])), None)
        if at is None:
            lines.insert(start + 1, line)
        else:
            lines[at] = line
    new = "".join(lines)
    # Written only if it still reads, and reads as meant: the user's file is never broken.
    try:
        settings = tomllib.loads(new).get("settings")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: could not set {key}: {exc}") from exc
    if not isinstance(settings, dict) or settings.get(key) != value:
        raise ConfigError(f"{path}: could not set {key}")
    partial = path.with_name(path.name + ".new")
    partial.write_text(new, encoding="utf-8")
    partial.replace(path)


def remove_feed(path: Path, url: str) -> bool:
    """Remove the [[feeds]] table with this url; True when one was removed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    i, removed = 0, False
    while i < len(lines):
        if lines[i].strip() == "[[feeds]]":
            j = i + 1
            while j < len(lines) and not _TABLE.match(lines[j]):
                j += 1
            block = "".join(lines[i:j])
            try:
                parsed = tomllib.loads(block.replace("[[feeds]]", "", 1))
            except tomllib.TOMLDecodeError:
                parsed = {}
            if parsed.get("url", "").strip() == url:
                removed = True
                i = j
                continue
            out.extend(lines[i:j])
            i = j
            continue
        out.append(lines[i])
        i += 1
    if removed:
        path.write_text("".join(out), encoding="utf-8")
    return removed
