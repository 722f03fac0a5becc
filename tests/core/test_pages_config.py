"""full_text in the config: the modes, the booleans of earlier configs, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnews.config import ConfigError, page_modes, parse_config

A, B, C = "https://a.example/rss", "https://b.example/rss", "https://c.example/rss"


def config_text(settings: str, modes: dict[str, str]) -> str:
    tables = "".join(
        f'[[feeds]]\nurl = "{url}"\n' + (f"full_text = {mode}\n" if mode else "")
        for url, mode in modes.items()
    )
    return f"[settings]\n{settings}\n{tables}"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("", {A: "never", B: "open", C: "auto"}),
        ('full_text = "refresh"', {A: "never", B: "open", C: "auto"}),
        ("full_text = true", {A: "never", B: "open", C: "auto"}),
        ("full_text = false", {A: "never", B: "open", C: "never"}),
        ('full_text = "open"', {A: "never", B: "open", C: "open"}),
    ],
)
def test_a_feed_s_own_mode_wins_and_the_default_fills_the_rest(
    tmp_path: Path, setting: str, expected: dict[str, str]
) -> None:
    text = config_text(setting, {A: '"never"', B: '"open"', C: ""})
    config = parse_config(text, tmp_path / "config.toml")
    assert page_modes(config) == expected


@pytest.mark.parametrize(
    ("setting", "feed_mode", "line"),  # the setting's line, or the feed's url line
    [
        ('full_text = "always"', "", 2),
        ("full_text = 1", "", 2),
        ("", '"sometimes"', 4),
        ("", "[]", 4),
    ],
)
def test_anything_else_is_a_config_error_naming_the_line(
    tmp_path: Path, setting: str, feed_mode: str, line: int
) -> None:
    path = tmp_path / "config.toml"
    text = config_text(setting or 'bidi = "app"', {A: feed_mode})
    with pytest.raises(ConfigError) as error:
        parse_config(text, path)
    message = str(error.value)
    assert str(path) in message and f"line {line}" in message
    assert 'full_text must be one of "refresh", "open", "never"' in message
