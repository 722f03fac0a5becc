"""Bidi controls in feed text cannot reorder a list row; legitimate marks and ZWNJ still work."""

from __future__ import annotations

import re

import pytest

from tests.hostile.payloads import bidi_controls
from tests.hostile.support import Home, ServerThread, body, item, rss
from tnews.layout import LayoutOptions, layout_field

RLO, LRO, RLE, LRE, PDF = "\u202e", "\u202d", "\u202b", "\u202a", "\u202c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM, ZWNJ = "\u200e", "\u200f", "\u061c", "\u200c"

SPOOFS = {
    "ends in RLO": f"Breaking news today{RLO}",
    "RLO inside": f"Invoice {RLO}fdp.exe{PDF} attached",
    "unclosed isolate": f"Storm warning {RLI}عاجل",
    "embedding": f"{RLE}Market{LRE} closes {PDF}higher",
    "override in Arabic": f"عاجل {LRO}abc def",
    "stray pops": f"{PDI}{PDF}Quiet day{PDI}{PDF}",
}
# What logical output (terminal and off modes) shows of each: the text without its controls.
SHOWN = {name: re.sub("[\u202a-\u202e\u2066-\u2069]", "", text) for name, text in SPOOFS.items()}
# What app mode draws of the left-to-right ones: the controls applied within the title alone.
DRAWN = {
    "ends in RLO": "Breaking news today",
    "RLO inside": "Invoice exe.pdf attached",
    "embedding": "Market closes higher",
    "stray pops": "Quiet day",
}
FEED = f"Spoof{RLO} feed"

# A list row's date, in each of its forms: today's time, a day this year, a day of another.
# A list row's date; "~" before it marks the first-seen time of an undated item.
DATE = r"~?(?:\d\d:\d\d|\d\d [A-Z][a-z]{2}|\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d\d)"

PERSIAN = f"من می{ZWNJ}خواهم بروم"
MARKED = f"السعر 100{LRM} دولار{RLM} (تقريباً){ALM} اليوم"


@pytest.fixture(scope="module")
def spoof_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """A store fetched from a feed whose titles and feed title carry bidi controls."""
    home = Home(tmp_path_factory.mktemp("bidi") / "home")
    items = [item(f"s-{i}", title, "<p>x</p>") for i, title in enumerate(SPOOFS.values())]
    items.append(item("marks", f"Marks{RLM} kept", f"<p>{PERSIAN}</p><p>{MARKED}</p>"))
    with ServerThread({"/spoof": body(rss(items, title=FEED))}) as server:
        home.configure([server.url("/spoof")])
        home.fetch()
    return home


def test_stored_titles_keep_the_authors_controls_and_marks(spoof_home: Home) -> None:
    titles = {i["title"] for i in spoof_home.list_json()}
    assert titles == set(SPOOFS.values()) | {f"Marks{RLM} kept"}
    assert all(i["feed"] == FEED for i in spoof_home.list_json())


@pytest.mark.parametrize("bidi", ["app", "terminal", "off"])
def test_list_rows_keep_their_columns(spoof_home: Home, bidi: str) -> None:
    items = {i["id"]: i for i in spoof_home.list_json()}
    done = spoof_home.run("list", "--bidi", bidi, env={"NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert bidi_controls(done.stdout) == []
    for line in done.stdout.splitlines():
        # id, unread flag, date, then the feed column: all left to right, whatever the title.
        match = re.match(rf"^ *(\d+) N +{DATE}  (.{{18}})  (.*)$", line)
        assert match, line
        article = items.get(int(match.group(1)))
        if article is None:
            continue  # the built-in guide
        # The override acts within the feed name alone in app mode; logical modes drop it.
        assert match.group(2).rstrip() == ("Spoofdeef" if bidi == "app" else "Spoof feed")
        name = next((k for k, v in SPOOFS.items() if v == article["title"]), "")
        if name in DRAWN:
            assert match.group(3) == (DRAWN[name] if bidi == "app" else SHOWN[name])


@pytest.mark.parametrize("bidi", ["app", "terminal", "off"])
@pytest.mark.parametrize("text", list(SPOOFS.values()))
def test_a_field_cannot_reach_outside_itself(text: str, bidi: str) -> None:
    # Laid out straight from raw text (as if cleaning had been skipped): the row still holds
    # no control that could reorder the columns drawn after it.
    options = LayoutOptions(bidi=bidi)  # type: ignore[arg-type]
    for width in (8, 18, 40):
        row = layout_field(text, width, options)
        assert bidi_controls(row.text) == []
        assert row.cells <= width
        composed = "     7 N      12:00  " + row.text + "  tail"
        assert composed.startswith("     7 N      12:00  ") and composed.endswith("  tail")


def test_marks_and_zwnj_survive_in_bodies(spoof_home: Home) -> None:
    marks = next(i for i in spoof_home.list_json() if i["title"].startswith("Marks"))
    logical = spoof_home.run("read", str(marks["id"]), "--bidi", "terminal", "--width", "60")
    assert logical.returncode == 0, logical.stderr
    for mark in (ZWNJ, LRM, RLM, ALM):
        assert mark in logical.stdout, repr(mark)
    assert PERSIAN in logical.stdout
    shaped = spoof_home.run("read", str(marks["id"]), "--bidi", "app", "--width", "60")
    assert shaped.returncode == 0, shaped.stderr
    # ZWNJ breaks the join: the Farsi yeh of «می‌خواهم» takes its final form, not its medial one.
    persian_row = next(r for r in shaped.stdout.splitlines() if "\ufee3" in r or "\ufee4" in r)
    assert "\ufbfd" in persian_row and "\ufbff" not in persian_row, persian_row
    assert bidi_controls(shaped.stdout) == []
