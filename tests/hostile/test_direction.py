"""The author's direction is kept through `tnews read`: from the text, not from a language tag,
with the author's isolates, embeddings and overrides applied and never printed."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

import pytest

from tests.hostile.payloads import bidi_controls
from tests.hostile.support import Home, ServerThread, body, item
from tests.layout.helpers import visual_rtl_line, visual_rtl_word

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
RLO, PDF = "\u202e", "\u202c"
AUTHOR_FEED = f"Authored{RLO} feed"
SECTIONS = (f"{RLO}Arts", "News")
WIDTHS = (80, 44, 26)

PHONE = "+33 1 23 45 67 89"
ARABIC_PAGE = [
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير.",
    "وقال الوزير إن المستشفى سيستقبل المرضى من جميع المناطق المجاورة ابتداء من الشهر المقبل.",
    "وأضاف أن الحكومة خصصت ميزانية كبيرة لتطوير الخدمات الصحية في الأرياف خلال العام.",
]
PERSIAN = "امروز هوا در تهران آفتابی است."
ENGLISH = "The council approved the new budget for the city's schools today."


# Noon UTC: the same day in every zone the suite runs in.
PUBLISHED = "<pubDate>Sun, 29 Nov 2026 12:00:00 +0000</pubDate>"
DATE = r"\d{4}-\d\d-\d\d \d\d:\d\d"


def _feed(items: list[str], title: str, language: str, *, dc: bool = False) -> bytes:
    """RSS declaring a language, as <language> or as <dc:language> (Movable Type's way)."""
    tag = f"<dc:language>{language}</dc:language>" if dc else f"<language>{language}</language>"
    items = [i.replace("<item>", f"<item>{PUBLISHED}", 1) for i in items]
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link>{tag}\n"
        + "".join(items)
        + "</channel></rss>\n"
    )
    return text.encode("utf-8")


def _page() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARABIC_PAGE)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hospital</title>'
        f"</head><body><article><h1>مستشفى جديد</h1>{paragraphs}</article></body></html>"
    ).encode()


AUTHORED = {
    "phone": f"<p>اتصلوا بنا على الرقم {LRI}{PHONE}{PDI} في أي وقت.</p>",
    "phone bare": f"<p>اتصلوا بنا على الرقم {PHONE} في أي وقت.</p>",
    "apple isolate": f"<p>{FSI}Apple{PDI} تطلق هاتفا جديدا</p>",
    "apple bdi": "<p><bdi>Apple</bdi> تطلق هاتفا جديدا</p>",
    "apple": "<p>Apple تطلق هاتفا جديدا</p>",
    "rlo word": f"<p>The code {RLO}abc{PDF} was printed backwards.</p>",
    "rlo open": f"<p>Start {RLO}abc def</p><p>Next paragraph stays.</p>",
    "leading isolate": f"<p>{RLI}عاجل{PDI} The markets opened higher today.</p>",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, dict[str, int]]:
    """A store fetched from a real local server: mislabelled feeds, a mislabelled page and a
    feed whose bodies carry the author's bidi controls; article ids by name."""
    home = Home(tmp_path_factory.mktemp("direction") / "home")
    with ServerThread() as server:
        page_url = server.url("/page")
        server.routes.update(
            {
                "/persian": body(
                    _feed([item("fa", "خبر هوا", f"<p>{PERSIAN}</p>")], "وبلاگ", "en-us", dc=True)
                ),
                "/arabic": body(
                    _feed([item("en", "Budget", f"<p>{ENGLISH}</p>")], "أخبار", "ar"),
                ),
                "/page-feed": body(
                    _feed([item("page", "مستشفى", "<p>مستشفى</p>", link=page_url)], "Site", "en")
                ),
                "/page": body(_page(), "text/html; charset=utf-8"),
                "/authored": body(
                    _feed(
                        [
                            item(n, n, html, categories=SECTIONS if n == "phone" else ())
                            for n, html in AUTHORED.items()
                        ],
                        AUTHOR_FEED,
                        "ar",
                    )
                ),
            }
        )
        urls = [server.url(p) for p in ("/persian", "/arabic", "/page-feed", "/authored")]
        home.configure(urls)
        home.fetch()
        ids = {i["title"]: i["id"] for i in home.list_json()}
        fetched = home.run("read", str(ids["مستشفى"]), "--fetch", "--width", "80")
        assert fetched.returncode == 0, fetched.stderr
    return home, ids


def _read(home: Home, article: int, width: int, bidi: str = "app") -> list[str]:
    """The article's body rows as `tnews read` prints them (header and links left out)."""
    done = home.run("read", str(article), "--width", str(width), "--bidi", bidi)
    assert done.returncode == 0, done.stderr
    assert bidi_controls(done.stdout) == []
    body_and_links = done.stdout.split("\n\n", 1)[1]
    return [row for row in body_and_links.splitlines() if not re.match(r"^\[\d+\] http", row)]


def _paragraph(rows: list[str], marker: str) -> list[str]:
    """The rows of the paragraph (rows between blank rows) that hold marker."""
    paragraphs: list[list[str]] = [[]]
    for row in rows:
        if row.strip():
            paragraphs[-1].append(row)
        else:
            paragraphs.append([])
    found = [p for p in paragraphs if any(marker in row for row in p)]
    assert found, (marker, rows)
    return found[0]


def _right_to_left(rows: list[str], width: int, indent: int = 0) -> None:
    """Every row right-aligned to the width (rows after a list item's first, to its indent)."""
    for k, row in enumerate(rows):
        edge = width - (indent if k else 0)
        assert len(row) == width and row[edge - 1] != " " and not row[edge:].strip(), rows


def _left_to_right(rows: list[str]) -> None:
    for row in rows:
        assert row == row.strip(), rows


@pytest.mark.parametrize("width", WIDTHS)
def test_a_page_tagged_english_reads_its_arabic_right_to_left(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    rows = _read(home, ids["مستشفى"], width)
    first_word = visual_rtl_word("أعلنت")
    para = _paragraph(rows, first_word)
    _right_to_left(para, width)
    assert para[0].endswith(first_word)
    # The full stop ends the sentence at its left end, not at the right.
    assert para[-1].lstrip().startswith(".")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_persian_feed_tagged_english_reads_right_to_left(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    para = _paragraph(_read(home, ids["خبر هوا"], width), visual_rtl_word("امروز"))
    _right_to_left(para, width)
    assert para[-1].lstrip().startswith(".")
    if width >= len(PERSIAN):
        assert para == [("." + visual_rtl_line(PERSIAN[:-1].split())).rjust(width)]


@pytest.mark.parametrize("width", WIDTHS)
def test_an_english_item_of_an_arabic_feed_reads_left_to_right(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    para = _paragraph(_read(home, ids["Budget"], width), "The council")
    _left_to_right(para)
    assert para[0].startswith("The council") and para[-1].endswith("today.")
    assert " ".join(para) == ENGLISH


@pytest.mark.parametrize("width", WIDTHS)
def test_the_guide_reads_english_left_to_right_and_arabic_right_to_left(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, _ = site
    listed = [json.loads(line) for line in home.run("list", "--json").stdout.splitlines()]
    guide = {i["title"]: i["id"] for i in listed if str(i["feed"]).startswith("tnews guide")}
    english = _read(home, guide["Welcome to tnews, the terminal news reader"], width)
    para = _paragraph(english, "tnews reads RSS")
    _left_to_right(para)
    assert para[0].startswith("tnews reads RSS") and para[-1].endswith("session.")
    arabic = _read(home, next(v for k, v in guide.items() if k.startswith("أهلاً")), width)
    # A paragraph that starts with a Latin name, and list items that start with a key.
    _right_to_left(_paragraph(arabic, "ﺔﻟﻮﺻﻮﻣ"), width)
    for marker in ("Enter", "Tab"):
        _right_to_left(_paragraph(arabic, marker), width, indent=2)
    assert _paragraph(arabic, "Tab")[0].endswith("Tab •")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_phone_number_in_an_isolate_reads_in_its_own_order(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    para = _paragraph(_read(home, ids["phone"], width), visual_rtl_word("اتصلوا"))
    _right_to_left(para, width)
    digits = [m.group() for row in para for m in re.finditer(r"\+?\d[\d ]*\d|\+?\d", row)]
    # Cut over lines or not, the groups read in their own order, line after line.
    assert " ".join(digits) == PHONE, para
    # The same sentence without the isolate shows what UAX #9 alone does to the number.
    bare = _paragraph(_read(home, ids["phone bare"], width), visual_rtl_word("اتصلوا"))
    if width >= 44:
        assert "89 67 45 23 1 33+" in "".join(bare)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_latin_name_in_an_isolate_leaves_the_paragraph_arabic(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    rest = visual_rtl_line(["تطلق", "هاتفا", "جديدا"])
    for name in ("apple isolate", "apple bdi"):
        para = _paragraph(_read(home, ids[name], width), "Apple")
        _right_to_left(para, width)
        if width >= 26:
            assert para == [f"{rest} Apple".rjust(width)]
    # Unmarked, the first strong letter is Latin: left to right, as a browser's dir=auto.
    para = _paragraph(_read(home, ids["apple"], width), "Apple")
    _left_to_right(para)
    assert para == [f"Apple {rest}"]


@pytest.mark.parametrize("width", WIDTHS)
def test_overrides_reverse_their_word_and_end_with_their_paragraph(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    para = _paragraph(_read(home, ids["rlo word"], width), "The code")
    assert " ".join(para) == "The code cba was printed backwards."
    rows = _read(home, ids["rlo open"], width)
    assert _paragraph(rows, "Start") == ["Start fed cba"]
    assert _paragraph(rows, "Next") == ["Next paragraph stays."]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_leading_isolate_does_not_decide_the_direction(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    urgent = visual_rtl_word("عاجل")
    para = _paragraph(_read(home, ids["leading isolate"], width), urgent)
    _left_to_right(para)
    assert para[0].startswith(f"{urgent} The markets")
    assert " ".join(para) == f"{urgent} The markets opened higher today."


@pytest.mark.parametrize("bidi", ["terminal", "off"])
def test_the_store_keeps_the_controls_and_logical_output_prints_none(
    site: tuple[Home, dict[str, int]], bidi: str
) -> None:
    home, ids = site
    (stored,) = home.sql("SELECT body FROM articles WHERE id = ?", ids["phone"])
    assert f"{LRI}{PHONE}{PDI}" in json.loads(stored[0])["b"][0]["t"]
    for name in AUTHORED:
        rows = _read(home, ids[name], 40, bidi)  # _read asserts no control is printed
        assert rows


def _header(home: Home, article: int, width: int) -> list[str]:
    done = home.run("read", str(article), "--width", str(width))
    assert done.returncode == 0, done.stderr
    assert bidi_controls(done.stdout) == []
    return done.stdout.split("\n\n", 1)[0].splitlines()


@pytest.mark.parametrize("width", WIDTHS)
def test_each_field_of_the_source_line_is_isolated(
    site: tuple[Home, dict[str, int]], width: int
) -> None:
    home, ids = site
    # An Arabic feed name before the date cannot turn the date's digits around. Fields that do
    # not fit one row start the next, which stands for their separator.
    title, *rest = _header(home, ids["Budget"], width)
    meta = " · ".join(rest)
    assert title == "Budget"
    assert re.fullmatch(rf"{visual_rtl_word('أخبار')} · {DATE}", meta), meta
    # A feed name ending in an override reverses its own word and nothing after it.
    title, *rest = _header(home, ids["phone"], width)
    meta = " · ".join(rest)
    assert title == "phone"
    # Each section too: the override in the first reverses it alone, not the second.
    assert re.fullmatch(rf"Authoreddeef +· {DATE} · strA, News", meta), meta


def test_titles_and_feed_names_keep_the_authors_controls_in_json(
    site: tuple[Home, dict[str, int]],
) -> None:
    home, _ = site
    feeds = {i["feed"] for i in home.list_json()}
    assert AUTHOR_FEED in feeds


def test_exports_keep_the_authors_controls_only_where_a_browser_applies_them(
    site: tuple[Home, dict[str, int]],
) -> None:
    home, ids = site
    assert home.run("bookmark", str(ids["phone"])).returncode == 0
    markdown = home.run("bookmarks", "export", "--format", "md")
    assert markdown.returncode == 0, markdown.stderr
    assert bidi_controls(markdown.stdout) == [] and PHONE in markdown.stdout
    page = home.run("bookmarks", "export", "--format", "html")
    assert page.returncode == 0, page.stderr
    assert f"{LRI}{PHONE}{PDI}" in page.stdout
    # The feed name's override stays inside its own isolate on the source line.
    assert f"<bdi>{AUTHOR_FEED}</bdi> · <bdi>" in page.stdout
