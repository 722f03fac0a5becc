"""Every sentence the reader says, in the user's language: one TOML file per language here."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tnews.content.document import Direction

FOLDER = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "en"
# The locale variables in the order POSIX consults them for messages.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def available() -> tuple[str, ...]:
    """The languages shipped: the names of the TOML files in this folder."""
    return tuple(sorted(p.stem for p in FOLDER.glob("*.toml")))


def locale_language(env: Mapping[str, str]) -> str:
    """The interface language the locale asks for, when it is one shipped; else English."""
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in available() else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def plural_form(rule: str, count: int) -> str:
    """The CLDR plural category of a count under a language's rule."""
    n = abs(count)
    if rule == "arabic":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        return "many" if 11 <= n % 100 <= 99 else "other"
    if rule == "one-other":
        return "one" if n == 1 else "other"
    return "other"  # languages without plural forms (the rule "other")


@dataclass(frozen=True)
class Strings:
    """One language's table: plain sentences and plural families, by key."""

    language: str
    rtl: bool
    plural_rule: str
    texts: Mapping[str, str | Mapping[str, str]]

    def __call__(self, key: str, /, **values: object) -> str:
        """The sentence for key with its fields filled (values are never read as fields)."""
        text = self.texts.get(key)
        if not isinstance(text, str):
            text = _fallback(key)
        return text.format(**values)

    def count(self, key: str, count: int, /, **values: object) -> str:
        """The plural family key's form for count, with {count} and the other fields filled."""
        family = self.texts.get(key)
        if not isinstance(family, Mapping):
            return _english().count(key, count, **values) if self.language != "en" else key
        # A family may say nothing found in its own words, whatever the language's rule.
        form = "zero" if count == 0 and "zero" in family else plural_form(self.plural_rule, count)
        text = family.get(form) or family["other"]
        return text.format(count=count, **values)

    @property
    def direction(self) -> Direction:
        """The direction the interface's own lines run: "rtl" or "ltr"."""
        return "rtl" if self.rtl else "ltr"


def _fallback(key: str) -> str:
    text = _english().texts.get(key)
    return text if isinstance(text, str) else key


def _english() -> Strings:
    return load(DEFAULT_LANGUAGE)


@cache
def load(language: str) -> Strings:
    """A language's table; an unknown language gets English."""
    path = FOLDER / f"{language}.toml"
    if language not in available():
        path, language = FOLDER / f"{DEFAULT_LANGUAGE}.toml", DEFAULT_LANGUAGE
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    meta = raw.pop("language", {})
    texts: dict[str, str | Mapping[str, str]] = {}
    for section, table in raw.items():
        for name, value in table.items():
            texts[f"{section}.{name}"] = value
    return Strings(
        language,
        rtl=meta.get("direction") == "rtl",
        plural_rule=meta.get("plural", "one-other"),
        texts=texts,
    )


_current: list[Strings] = []


def use(language: str) -> Strings:
    """Make a language the reader's (the app does this once it knows the config)."""
    _current[:] = [load(language)]
    return _current[0]


def tr() -> Strings:
    """The reader's table now: the language chosen with use(), English before that."""
    return _current[0] if _current else _english()
