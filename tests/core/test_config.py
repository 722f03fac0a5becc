"""The config file: first run, clear errors with file and line, edits that keep comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnews.config import ConfigError, load_config, parse_config
from tnews.config_edits import append_feed, remove_feed
from tnews.paths import get_paths
from tnews.store.feeds import Subscription


def test_first_run_writes_a_commented_default_with_arabic_and_english_feeds(
    tnews_home: Path,
) -> None:
    paths = get_paths()
    assert not paths.config_file.exists()
    config = load_config(paths)
    text = paths.config_file.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")
    assert paths.config_file.is_relative_to(tnews_home)
    urls = [f.url for f in config.feeds]
    assert len(urls) >= 4
    assert any("arabic" in u or "/ar" in u or "-ar-" in u for u in urls)
    assert any("world" in u for u in urls)
    assert config.settings.bidi == "app"


def test_broken_toml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = '[settings]\nbidi = "app"\n\n[[feeds]]\nurl = "https://a.example/rss\n'
    with pytest.raises(ConfigError) as err:
        parse_config(text, path)
    message = str(err.value)
    assert str(path) in message
    assert "line 5" in message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[settings]\nconcurrency = 4\nbidi = "rtl"\n', 3, "bidi must be one of"),
        ('[settings]\n\ntimeout = "soon"\n', 3, "must be a float"),
        ("[settings]\ncolour = true\n", 2, "unknown setting"),
        (
            '[[feeds]]\nurl = "https://a.example/"\n\n[[feeds]]\nurl = "file:///etc/passwd"\n',
            5,
            "http",
        ),
        ('[[feeds]]\nurl = "https://ok.example/feed"\nsection = 3\n', 2, "strings"),
    ],
)
def test_bad_values_name_the_line(text: str, line: int, words: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as err:
        parse_config(text, path)
    assert f"{path}: line {line}: " in str(err.value)
    assert words in str(err.value)


def test_feed_without_url_names_its_table(tmp_path: Path) -> None:
    text = '[[feeds]]\nurl = "https://a.example/"\n\n[[feeds]]\ntitle = "no url"\n'
    with pytest.raises(ConfigError, match="line 4: each .* needs a url"):
        parse_config(text, tmp_path / "c.toml")


def test_add_and_remove_keep_comments_and_other_feeds(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# my comment\n[settings]\nbidi = "off"\n\n[[feeds]]\nurl = "https://a.example/rss"\n',
        encoding="utf-8",
    )
    append_feed(path, Subscription("https://b.example/feed", "بي", "عربي"))
    config = parse_config(path.read_text(encoding="utf-8"), path)
    assert [f.url for f in config.feeds] == ["https://a.example/rss", "https://b.example/feed"]
    assert config.feeds[1] == Subscription("https://b.example/feed", "بي", "عربي")
    assert remove_feed(path, "https://a.example/rss")
    assert not remove_feed(path, "https://missing.example/")
    text = path.read_text(encoding="utf-8")
    assert "# my comment" in text
    config = parse_config(text, path)
    assert [f.url for f in config.feeds] == ["https://b.example/feed"]
    assert config.settings.bidi == "off"


def test_titles_with_quotes_survive_the_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    tricky = 'He said "hi" \\ [b]x[/b]'
    append_feed(path, Subscription("https://c.example/", tricky, ""))
    assert parse_config(path.read_text(encoding="utf-8"), path).feeds[0].title == tricky
