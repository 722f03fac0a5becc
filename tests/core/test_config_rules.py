"""The config's filters, saved queries and refresh periods: read, checked, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnews.config import ConfigError, parse_config
from tnews.config_edits import append_query
from tnews.query import Flag, Text

PATH = Path("config.toml")


def test_filters_in_both_spellings_and_queries() -> None:
    config = parse_config(
        """
[filters]
ignore = ["unread and title:x", "feed:Sport"]

[[queries]]
name = "أخبار ليبيا"
query = "section:ليبيا"
""",
        PATH,
    )
    assert [r.text for r in config.filters] == ["unread and title:x", "feed:Sport"]
    assert config.queries[0].name == "أخبار ليبيا"
    assert config.queries[0].query == Text("section", "ليبيا")
    tables = parse_config(
        '[[filters]]\nignore = "bookmarked"\n[[filters]]\nignore = ["link:ads"]\n', PATH
    )
    assert [r.query for r in tables.filters] == [Flag("bookmarked"), Text("link", "ads")]


def test_bad_rules_are_reported_with_their_line_and_left_out() -> None:
    config = parse_config(
        """[filters]
ignore = ["title:(", 7, "fine"]

[[queries]]
query = "unread"

[[queries]]
name = "Broken"
query = "after:someday"
""",
        PATH,
    )
    assert [r.text for r in config.filters] == ["fine"]
    assert config.queries == ()
    assert len(config.problems) == 4
    assert config.problems[0].startswith("config.toml: line 2: rule 'title:(' left out")
    assert "needs a name" in config.problems[2]
    assert "line 9" in config.problems[3] and "a day such as" in config.problems[3]


def test_refresh_periods() -> None:
    config = parse_config(
        '[settings]\nrefresh_every = "30m"\n[[feeds]]\nurl = "https://a.example/f"\n'
        'refresh_every = "2h"\n[[feeds]]\nurl = "https://b.example/f"\n',
        PATH,
    )
    assert config.refresh_seconds == 1800
    assert config.refresh_every == {"https://a.example/f": 7200}
    assert parse_config("", PATH).refresh_seconds is None
    with pytest.raises(ConfigError, match="line 2.*span of time"):
        parse_config('[settings]\nrefresh_every = "soon"\n', PATH)
    with pytest.raises(ConfigError, match="line 3.*must be a string"):
        parse_config('[[feeds]]\nurl = "https://a.example/f"\nrefresh_every = 30\n', PATH)


def test_append_query_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n[settings]\n", encoding="utf-8")
    append_query(path, 'Say "hi"', '"a \\"b\\"" or نفط')
    config = parse_config(path.read_text(encoding="utf-8"), path)
    assert path.read_text(encoding="utf-8").startswith("# mine\n")
    assert [(q.name, q.text) for q in config.queries] == [('Say "hi"', '"a \\"b\\"" or نفط')]


def test_names_and_rules_with_escape_sequences_are_cleaned() -> None:
    config = parse_config(
        '[[queries]]\nname = "Evil\\u001b]0;owned\\u0007 name\\u202e"\nquery = "a"\n'
        '[filters]\nignore = ["title:\\u001b[2J("]\n',
        PATH,
    )
    assert config.queries[0].name == "Evil name"
    assert all("\x1b" not in p and "\u202e" not in p for p in config.problems)
    assert "\\x1b" in config.problems[0]  # shown escaped, as repr() writes it
