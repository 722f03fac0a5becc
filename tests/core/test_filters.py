"""The killfile and saved queries from the config, end to end through the command line."""

from __future__ import annotations

import json

import pytest

from tests.support.feedserver import FeedServer
from tnews.cli.main import main
from tnews.paths import get_paths

OIL = "ارتفاع أسعار النفط الليبي في الأسواق العالمية"
COUNCIL = "المجلس الرئاسي يستقبل وفداً من الاتحاد الأوروبي في طرابلس"
MARKETS = "Markets steady as oil climbs"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def titles(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, err = run(capsys, "list", "--json", *extra)
    assert code == 0, err
    return [json.loads(line)["title"] for line in out.splitlines()]


def configure(server: FeedServer, extra: str) -> None:
    arabic = server.serve_fixture("arabic_rss2.xml")
    english = server.serve_fixture("english_rss1.rdf", content_type="application/rdf+xml")
    get_paths().ensure().config_file.write_text(
        f'[[feeds]]\nurl = "{arabic}"\nsection = "ليبيا"\n\n'
        f'[[feeds]]\nurl = "{english}"\nsection = "World"\n\n{extra}',
        encoding="utf-8",
    )


def test_killfile_hides_at_refresh_and_says_so(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # «اسعار» without its hamza hides «أسعار»; a body word hides the council story; a
    # broken rule is reported and left out while the others still work.
    configure(
        feed_server,
        '[filters]\nignore = [\'title:"اسعار"\', "الانتخابات", "title:(", "feed:World and oil"]\n',
    )
    code, out, err = run(capsys, "fetch")
    assert code == 0
    assert "3 hidden by filters" in out
    assert "title:(" in err and "expected" in err
    shown = titles(capsys)
    assert OIL not in shown and COUNCIL not in shown and MARKETS not in shown
    assert "EU delegation meets Libya's Presidential Council in Tripoli" in shown
    hidden = titles(capsys, "--hidden")
    assert sorted(hidden) == sorted([OIL, COUNCIL, MARKETS])
    # Not counted among the unread either.
    assert OIL not in titles(capsys, "--section", "unread")
    assert OIL not in titles(capsys, "--section", "اقتصاد")
    # A second fetch (304s) neither loses nor hides anything more.
    code, out, _ = run(capsys, "fetch")
    assert "0 hidden by filters" in out
    assert sorted(titles(capsys, "--hidden")) == sorted(hidden)


def test_saved_queries_are_sections(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(
        feed_server,
        '[[queries]]\nname = "نفط"\nquery = "section:اقتصاد or oil"\n\n'
        "[[queries]]\nname = \"Council news\"\nquery = '(مجلس or council) and not feed:World'\n\n"
        '[[queries]]\nname = "Broken"\nquery = "after:2026-02-30"\n',
    )
    code, _, err = run(capsys, "fetch")
    assert code == 0
    assert "Broken" in err or "2026-02-30" in err
    assert sorted(titles(capsys, "--section", "نفط")) == sorted([OIL, MARKETS])
    assert titles(capsys, "--section", "council news") == [COUNCIL]
    assert titles(capsys, "--query", "newer:4d and unread and section:ليبيا") == [COUNCIL, OIL]


def test_bad_query_on_the_command_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    get_paths().ensure().config_file.write_text("[settings]\n", encoding="utf-8")
    code, out, err = run(capsys, "list", "--query", 'title:"open')
    assert code == 2
    assert out == ""
    assert "closing quote" in err and "character 7" in err
