"""The user's configuration: a commented TOML file, read into plain dataclasses."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tnews.durations import DurationError, parse_duration
from tnews.paths import Paths, data_file
from tnews.query import Query, QueryError, parse_query
from tnews.store.feeds import Subscription
from tnews.text.clean import clean_line

BIDI_MODES = ("app", "terminal", "off")
# When an article page is fetched for a summary-only item: during the refresh, when the
# article is opened in the reader, or only when asked (`read --fetch`, the reader's key).
FULL_TEXT_MODES = ("refresh", "open", "never")
# The reader's look when the config names none (the reader's themes are in tnews.ui.themes).
DEFAULT_THEME = "tnews-dark"
# The booleans full_text took before the modes: true fetched pages, false never did.
_FULL_TEXT_BOOLS = {True: "refresh", False: "never"}


class ConfigError(Exception):
    """The config cannot be used; the message names the file and, where known, the line."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings a user may change in [settings]."""

    bidi: str = "app"
    concurrency: int = 16
    per_host: int = 4
    timeout: float = 30.0
    max_feed_mb: int = 16
    keep_days: int = 90
    keep_per_feed: int = 1000
    forget_unread: bool = False
    # "refresh": pages of feeds detected as summary-only are fetched during the refresh (feeds
    # that carry whole articles: never); "open": when an article is opened; "never".
    full_text: str = "refresh"
    pages_per_feed: int = 20  # pages fetched per feed per refresh at most, newest first
    refresh_on_start: bool = False
    refresh_every: str = ""  # e.g. "30m": the reader refreshes on this schedule; "" never
    # The widest an article's lines run in the reader, in cells: long lines tire the eye.
    measure: int = 100
    # The reader's colours: a theme's name, as the command palette's "Theme" lists them.
    theme: str = DEFAULT_THEME
    # The reader's interface language ("en", "ar"); empty: from the locale (LANG and the like).
    language: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A query from the config, parsed: a killfile rule or a saved query's condition."""

    text: str
    query: Query
    name: str = ""  # a saved query's section name


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    path: Path
    feeds: tuple[Subscription, ...] = ()
    settings: Settings = field(default_factory=Settings)
    keys: dict[str, str] = field(default_factory=dict)
    filters: tuple[Rule, ...] = ()  # hide what matches at refresh (the killfile)
    queries: tuple[Rule, ...] = ()  # saved queries, shown as sections
    refresh_every: dict[str, float] = field(default_factory=dict)  # per feed URL, seconds
    problems: tuple[str, ...] = ()  # rules that could not be used; reported and left out

    @property
    def refresh_seconds(self) -> float | None:
        """The reader's refresh period from [settings], or None when it does not refresh."""
        return parse_duration(self.settings.refresh_every) if self.settings.refresh_every else None


def interface_language(settings: Settings, env: Mapping[str, str]) -> str:
    """The reader's language: the setting, else what the locale asks for."""
    from tnews.ui.strings import locale_language

    return settings.language or locale_language(env)


def default_config_text() -> str:
    """The commented config a first run writes."""
    return data_file("default_config.toml").read_text(encoding="utf-8")


def load_config(paths: Paths, *, create: bool = True) -> Config:
    """Read config.toml, writing the default one on first run."""
    path = paths.config_file
    if not path.exists():
        if not create:
            return Config(path=path)
        paths.ensure()
        path.write_text(default_config_text(), encoding="utf-8")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc}") from exc
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Parse and check config text; every problem names the file and line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    settings = _settings(raw.get("settings", {}), text, path)
    feeds = _feeds(raw.get("feeds", []), text, path)
    keys = raw.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise ConfigError(_where(path, text, "[keys]", "[keys] maps action names to key lists"))
    unknown = set(raw) - {"settings", "feeds", "keys", "filters", "queries"}
    if unknown:
        name = sorted(unknown)[0]
        raise ConfigError(_where(path, text, name, f"unknown table or key {name!r}"))
    problems: list[str] = []
    filters = _filters(raw.get("filters", []), text, path, problems)
    queries = _queries(raw.get("queries", []), text, path, problems)
    return Config(
        path=path,
        feeds=feeds,
        settings=settings,
        keys=dict(keys),
        filters=filters,
        queries=queries,
        refresh_every=_feed_periods(raw.get("feeds", []), text, path),
        problems=tuple(problems),
    )


def _rule(source: Any, text: str, path: Path, problems: list[str], name: str = "") -> Rule | None:
    """A parsed rule, or None after saying in problems why it is left out."""
    if not isinstance(source, str):
        problems.append(_where(path, text, name or "filters", "a rule must be a string; skipped"))
        return None
    try:
        return Rule(source, parse_query(source), name)
    except QueryError as exc:
        where = _where(path, text, source, f"rule {source!r} left out: {exc}")
        problems.append(where)
        return None


def _filters(raw: Any, text: str, path: Path, problems: list[str]) -> tuple[Rule, ...]:
    """[filters] ignore = [...], or [[filters]] tables each with an ignore rule or list."""
    tables = raw if isinstance(raw, list) else [raw]
    rules: list[Rule] = []
    for table in tables:
        ignore = table.get("ignore", []) if isinstance(table, dict) else None
        if ignore is None:
            problems.append(_where(path, text, "filters", "filters must be tables; skipped"))
            continue
        for source in ignore if isinstance(ignore, list) else [ignore]:
            rule = _rule(source, text, path, problems)
            if rule is not None:
                rules.append(rule)
    return tuple(rules)


def _queries(raw: Any, text: str, path: Path, problems: list[str]) -> tuple[Rule, ...]:
    """[[queries]] tables, each a name and a query."""
    out: dict[str, Rule] = {}
    for table in raw if isinstance(raw, list) else [raw]:
        name = table.get("name") if isinstance(table, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(_where(path, text, "queries", "each [[queries]] needs a name"))
            continue
        # Shown as a section name: cleaned like any text that reaches the terminal.
        rule = _rule(table.get("query"), text, path, problems, clean_line(name))
        if rule is not None:
            out.setdefault(rule.name, rule)
    return tuple(out.values())


def _feed_periods(raw: Any, text: str, path: Path) -> dict[str, float]:
    """Each feed's own refresh_every, in seconds, by URL."""
    periods: dict[str, float] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and "refresh_every" in item:
            periods[str(item.get("url", "")).strip()] = _period(item["refresh_every"], text, path)
    return periods


def _period(value: Any, text: str, path: Path) -> float:
    try:
        if not isinstance(value, str):
            raise DurationError('refresh_every must be a string such as "30m"')
        return parse_duration(value)
    except DurationError as exc:
        raise ConfigError(_where(path, text, "refresh_every", str(exc))) from None


def _settings(raw: Any, text: str, path: Path) -> Settings:
    if not isinstance(raw, dict):
        raise ConfigError(_where(path, text, "settings", "[settings] must be a table"))
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(_where(path, text, key, f"unknown setting {key!r}"))
        if key == "full_text":
            values[key] = _full_text_mode(value, text, path, key)
            continue
        default = getattr(Settings(), key)
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, type(default) if not isinstance(default, float) else (int, float)
        ):
            kind = type(default).__name__
            raise ConfigError(_where(path, text, key, f"setting {key!r} must be a {kind}"))
        values[key] = value
    settings = Settings(**values)
    if settings.bidi not in BIDI_MODES:
        raise ConfigError(
            _where(path, text, "bidi", f"bidi must be one of {', '.join(BIDI_MODES)}")
        )
    if settings.refresh_every:
        _period(settings.refresh_every, text, path)
    for name in ("concurrency", "per_host", "timeout", "max_feed_mb", "pages_per_feed"):
        if getattr(settings, name) <= 0:
            raise ConfigError(_where(path, text, name, f"{name} must be above zero"))
    for name in ("keep_days", "keep_per_feed"):
        if getattr(settings, name) < 0:
            raise ConfigError(_where(path, text, name, f"{name} must not be below zero"))
    if not settings.theme.strip():
        raise ConfigError(_where(path, text, "theme", "theme must name a theme"))
    if settings.measure < 20:
        raise ConfigError(_where(path, text, "measure", "measure must be at least 20 cells"))
    if settings.language:
        # Only the list of the shipped tables is read here, none of the reader itself.
        from tnews.ui.strings import available

        if settings.language not in available():
            shipped = ", ".join(available())
            raise ConfigError(_where(path, text, "language", f"language must be one of {shipped}"))
    return settings


def _feeds(raw: Any, text: str, path: Path) -> tuple[Subscription, ...]:
    if not isinstance(raw, list):
        raise ConfigError(_where(path, text, "feeds", "feeds must be written as [[feeds]] tables"))
    out: dict[str, Subscription] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            line = table_line(text, index)
            where = f"{path}: line {line}" if line else str(path)
            raise ConfigError(f"{where}: each [[feeds]] needs a url")
        url = item["url"].strip()
        problem = check_feed_url(url)
        if problem:
            raise ConfigError(_where(path, text, url, problem))
        title, section = item.get("title", ""), item.get("section", "")
        if not isinstance(title, str) or not isinstance(section, str):
            raise ConfigError(_where(path, text, url, "title and section must be strings"))
        mode = item.get("full_text", "")
        mode = _full_text_mode(mode, text, path, url) if mode != "" else ""
        out.setdefault(url, Subscription(url, title.strip(), section.strip(), mode))
    return tuple(out.values())


def _full_text_mode(value: Any, text: str, path: Path, needle: str) -> str:
    """A full_text value as one of FULL_TEXT_MODES; the booleans of earlier configs map."""
    if isinstance(value, bool):
        return _FULL_TEXT_BOOLS[value]
    if isinstance(value, str) and value in FULL_TEXT_MODES:
        return value
    modes = ", ".join(f'"{m}"' for m in FULL_TEXT_MODES)
    raise ConfigError(_where(path, text, needle, f"full_text must be one of {modes}"))


def page_modes(config: Config) -> dict[str, str]:
    """Each subscription's page mode, the global default filled in ("auto": "refresh" for
    feeds detected as summary-only, "never" for feeds that carry whole articles)."""
    default = config.settings.full_text
    fallback = "auto" if default == "refresh" else default
    return {sub.url: sub.full_text or fallback for sub in config.feeds}


def check_feed_url(url: str) -> str | None:
    """Why a URL cannot be a feed, or None when it can."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"not a URL: {url!r}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"feed URLs must be http:// or https:// with a host, not {url!r}"
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return f"feed URL contains spaces or control characters: {url!r}"
    return None


def _where(path: Path, text: str, needle: str, message: str) -> str:
    """Prefix a message with the file and the first line mentioning needle."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and needle in line and not line.lstrip().startswith("#"):
            return f"{path}: line {number}: {message}"
    return f"{path}: {message}"


def where_in(path: Path, needle: str, message: str) -> str:
    """A message about the config file, prefixed with the file and the line of needle."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return _where(path, text, needle, message)


def table_line(text: str, index: int) -> int | None:
    """The line of the index-th [[feeds]] header."""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "[[feeds]]":
            seen += 1
            if seen == index:
                return number
    return None
