"""The reader's sentences: one table per language, every key in each, plurals by each rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tnews.config import ConfigError, Settings, interface_language, parse_config
from tnews.ui.strings import PLURAL_FORMS, available, load, locale_language, plural_form

FIELD = re.compile(r"\{(\w+)\}")


def test_english_and_arabic_are_shipped() -> None:
    assert {"en", "ar"} <= set(available())


@pytest.mark.parametrize("language", available())
def test_every_key_is_in_every_language(language: str) -> None:
    english, other = load("en"), load(language)
    assert other.language == language
    assert set(other.texts) == set(english.texts)
    for key, text in english.texts.items():
        theirs = other.texts[key]
        # A sentence stays a sentence, a plural family a family, with the same fields.
        assert isinstance(theirs, str) == isinstance(text, str), key
        ours_fields = set(FIELD.findall(str(text if isinstance(text, str) else text["other"])))
        their_text = theirs if isinstance(theirs, str) else theirs["other"]
        assert set(FIELD.findall(their_text)) <= ours_fields | {"count"}, key


@pytest.mark.parametrize("language", available())
def test_every_plural_family_has_the_forms_its_rule_asks_for(language: str) -> None:
    table = load(language)
    needed = {plural_form(table.plural_rule, n) for n in range(0, 1200)}
    for key, family in table.texts.items():
        if isinstance(family, str):
            continue
        assert "other" in family, key
        assert set(family) <= set(PLURAL_FORMS), key
        for form in needed - set(family):
            # A form a family leaves out falls back to "other": only allowed where it reads.
            assert form in ("zero",), (key, form)


def test_english_plurals_agree_with_their_count() -> None:
    say = load("en")
    assert say.count("count.found", 1, query="x") == "1 article found for «x»."
    assert say.count("count.found", 2, query="x") == "2 articles found for «x»."
    assert say.count("count.articles_in", 1, section="All") == "1 article in All"
    assert say.count("count.marked_read", 1) == "Marked 1 article read."


def test_arabic_plurals_follow_the_arabic_rule() -> None:
    say = load("ar")
    forms = {n: say.count("count.articles_in", n, section="س") for n in (1, 2, 3, 11, 100)}
    assert forms[1] == "خبر واحد في س"
    assert forms[2] == "خبران في س"
    assert forms[3] == "3 أخبار في س"
    assert forms[11] == "11 خبرًا في س"
    assert forms[100] == "100 خبر في س"
    assert [plural_form("arabic", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few",
    ]  # fmt: skip


def test_a_field_value_is_never_read_as_a_field() -> None:
    shown = load("en")("empty.search", query="{query} {0} {__class__}")
    assert shown == "No article matches «{query} {0} {__class__}»."


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({"LANG": "ar_EG.UTF-8"}, "ar"),
        ({"LANG": "ar"}, "ar"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # not shipped
        ({}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ar_LY.UTF-8"}, "ar"),
        ({"LANG": "ar_SA.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
    ],
)
def test_the_locale_chooses_the_language(env: dict[str, str], language: str) -> None:
    assert locale_language(env) == language


def test_the_setting_wins_over_the_locale(tmp_path: Path) -> None:
    config = parse_config('[settings]\nlanguage = "ar"\n', tmp_path / "config.toml")
    assert interface_language(config.settings, {"LANG": "en_US.UTF-8"}) == "ar"
    assert interface_language(Settings(), {"LANG": "ar_LY.UTF-8"}) == "ar"
    assert interface_language(Settings(), {"LANG": "de_DE.UTF-8"}) == "en"


def test_an_unknown_language_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="language must be one of ar, en"):
        parse_config('[settings]\nlanguage = "xx"\n', tmp_path / "config.toml")
