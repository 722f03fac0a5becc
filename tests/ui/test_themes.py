"""Themes: each one colours the reader, the palette's choice is kept, a bad name is said,
no colour is written into the styles, and rows read apart without colour."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from rich.errors import StyleSyntaxError
from rich.style import Style as RichStyle
from textual.color import Color, ColorParseError

from tests.ui.conftest import make_app, settle, write_config
from tnews.cli.context import Context
from tnews.config import ConfigError, default_config_text, parse_config
from tnews.config_edits import set_setting
from tnews.layout import LayoutOptions
from tnews.paths import get_paths, styles_dir
from tnews.prepare import prepare_feed
from tnews.store.models import ALL
from tnews.ui.screens.feeds import feed_choices
from tnews.ui.themes import THEMES
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.status import StatusLine

SOURCE = Path(__file__).resolve().parents[2] / "src" / "tnews"


def _colour(app_variables: dict[str, str], name: str) -> Color:
    return Color.parse(app_variables[name])


async def test_each_theme_colours_the_reader(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    backgrounds, errors, cursors = set(), set(), set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        status = app.screen.query_one(StatusLine)
        articles.focus()
        for theme in THEMES:
            app.theme = theme.name
            status.say("Could not save that", error=True)
            await pilot.pause()
            variables = app.theme_variables
            background = app.screen.styles.background
            assert background == _colour(variables, "background")
            # The cursor row and an error in the status line, as drawn.
            cursor = articles.render_line(articles.cursor - articles.scroll_offset.y)
            cursor_bg = next(iter(cursor)).style.bgcolor  # type: ignore[union-attr]
            assert cursor_bg is not None
            assert Color.from_rich_color(cursor_bg) == _colour(variables, "block-cursor-background")
            said = status.render_line(0)
            drawn = {s.style.color for s in said if s.text.strip() and s.style and s.style.color}
            error = status.styles.color
            assert error == _colour(variables, "error")
            assert {Color.from_rich_color(c).hex for c in drawn} == {error.hex}
            backgrounds.add(background.hex)
            errors.add(error.hex)
            cursors.add(Color.from_rich_color(cursor_bg).hex)
    # Each theme changes all of these: no colour is fixed whatever the theme.
    assert len(backgrounds) == len(errors) == len(cursors) == len(THEMES)


async def test_theme_from_the_config_applies_at_start(ctx: Context) -> None:
    write_config([], 'theme = "tnews-light"')
    context = Context()
    assert context.config.settings.theme == "tnews-light"
    app = make_app(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "tnews-light"
        assert not app.current_theme.dark
        assert app.screen.styles.background == Color.parse("#f7f7f4")
    context.close()


async def test_palette_choice_is_written_and_used_at_next_start(tnews_home: Path) -> None:
    context = Context()  # a first run: the commented default config
    app = make_app(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "tnews-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "tnews-contrast"
    context.close()
    written = get_paths().config_file.read_text(encoding="utf-8")
    # Only the one line changed: the user's comments and settings stay as they were.
    expected = default_config_text().replace('theme = "tnews-dark"', 'theme = "tnews-contrast"')
    assert written == expected
    again = Context()
    app = make_app(again)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "tnews-contrast"
        assert app.screen.styles.background == Color.parse("#000000")
    again.close()


async def test_a_theme_that_cannot_be_saved_is_said_and_still_applies(ctx: Context) -> None:
    app = make_app(ctx)
    path = get_paths().config_file
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path.write_text("settings = 3\n", encoding="utf-8")  # edited meanwhile, into nonsense
        app.theme = "tnews-light"
        await pilot.pause()
        assert app.theme == "tnews-light" and app.is_running
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Theme not saved:") for m in said), said
    assert path.read_text(encoding="utf-8") == "settings = 3\n"


async def test_unknown_theme_is_said_and_the_reader_starts(ctx: Context) -> None:
    write_config([], 'theme = "solarised\\u001b[31m"')
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "tnews-dark"
        said = app.screen.query_one(StatusLine).message
        assert "line 2: theme" in said and "solarised" in said and "is not known" in said
        assert "tnews-light" in said and "\x1b" not in said
    context.close()
    # The user's word stays in the file, to be fixed there; nothing wrote over it.
    assert "solarised" in get_paths().config_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["3", '""', "true"])
def test_theme_that_is_not_a_name_is_a_config_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="theme"):
        parse_config(f"[settings]\ntheme = {value}\n", tmp_path / "config.toml")


def test_set_setting_keeps_the_file_and_touches_only_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = (
        '# mine\n[settings]  # the reader\nbidi = "app"\n\n'
        '[keys]\ntheme = "t"\n\n[[feeds]]\nurl = "https://example.com/f"\n'
    )
    path.write_text(text, encoding="utf-8")
    set_setting(path, "theme", 'light "x" نور')
    first = path.read_text(encoding="utf-8")
    assert first == text.replace("# the reader\n", '# the reader\ntheme = "light \\"x\\" نور"\n')
    set_setting(path, "theme", "tnews-contrast")
    assert path.read_text(encoding="utf-8") == text.replace(
        "# the reader\n", '# the reader\ntheme = "tnews-contrast"\n'
    )
    config = parse_config(path.read_text(encoding="utf-8"), path)
    assert config.settings.theme == "tnews-contrast" and config.keys == {"theme": "t"}


def test_set_setting_adds_a_settings_table_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[feeds]]\nurl = "https://example.com/f"', encoding="utf-8")
    set_setting(path, "theme", "tnews-light")
    config = parse_config(path.read_text(encoding="utf-8"), path)
    assert config.settings.theme == "tnews-light"
    assert [f.url for f in config.feeds] == ["https://example.com/f"]


@pytest.mark.parametrize(
    "text",
    [
        # Two [settings] headers (one with odd spacing): a broken file once changed.
        '[ settings ]\nbidi = "app"\n[settings]\nmeasure = 90\n',
        "settings = 3\n",  # edited into nonsense while the reader runs
        "[settings\n",
    ],
)
def test_set_setting_never_breaks_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        set_setting(path, "theme", "tnews-light")
    assert path.read_text(encoding="utf-8") == text
    path.write_bytes(b"\xff\xfe[settings]")
    with pytest.raises(ConfigError, match="cannot read"):
        set_setting(path, "theme", "tnews-light")


CODE_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>
<link>https://notes.example.org/</link><description>n</description>
<item><title>Fetching from cron</title><link>https://notes.example.org/cron</link>
<description>&lt;p&gt;Run &lt;code&gt;tnews fetch&lt;/code&gt; every hour.&lt;/p&gt;</description>
<pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>"""


async def test_code_in_articles_and_feed_states_take_the_theme_colours(ctx: Context) -> None:
    url = "https://notes.example.org/feed"
    write_config([(url, "")], "full_text = false")
    context = Context()
    feed = next(f for f in context.store.feeds() if f.url == url)
    context.store.apply_feed(feed.id, prepare_feed(CODE_FEED, url))
    listed = context.store.list_articles(ALL, limit=50)
    article_id = next(a.id for a in listed if a.title == "Fetching from cron")
    failed = replace(feed, last_error="timed out", last_attempt=1.0)
    fine = replace(feed, last_success=1.0)
    app = make_app(context)
    code_colours = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.open_article(article_id)
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        for theme in THEMES:
            app.theme = theme.name
            await pilot.pause()
            variables = app.theme_variables
            segments = [s for y in range(reader.size.height) for s in reader.render_line(y)]
            code = next((s for s in segments if s.text == "tnews fetch"), None)
            assert code is not None, [s.text for s in segments]
            assert code.style is not None and code.style.color is not None
            drawn = Color.from_rich_color(code.style.color)
            assert drawn == _colour(variables, "text-accent")
            code_colours.add(drawn.hex)
            labels = [
                c.label for c in feed_choices([failed, fine], LayoutOptions(), 100, variables)
            ]
            states = [label.spans[-1].style for label in labels]
            assert all(isinstance(style, RichStyle) and style.color for style in states)
            drawn_states = [Color.from_rich_color(s.color) for s in states]  # type: ignore[union-attr]
            assert drawn_states == [
                _colour(variables, "text-error"),
                _colour(variables, "text-success"),
            ]
    assert len(code_colours) == len(THEMES)
    context.close()


# --- No literal colours -------------------------------------------------------------------

_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+);")
_TOKEN = re.compile(r"[\w-]+\([^)]*\)|[^\s,]+")


def _css_sources() -> list[tuple[str, str]]:
    """Every style sheet: the .tcss files and each widget's DEFAULT_CSS."""
    found = [(p.name, p.read_text(encoding="utf-8")) for p in styles_dir().glob("*.tcss")]
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "DEFAULT_CSS" for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                found.append((path.name, str(node.value.value)))
    return found


def _literal_colours(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for prop, value in _DECLARATION.findall(css):
        for token in _TOKEN.findall(value):
            if not token or token.startswith("$"):
                continue
            try:
                Color.parse(token)
            except ColorParseError:
                continue
            found.append(f"{prop}: {token}")
    return found


def test_the_scan_finds_literal_colours() -> None:
    css = "A { color: red; background: #1e1e1e 50%; border: round rgb(1,2,3); }"
    css += " B { color: $text-muted; border-right: vkey $foreground 30%; width: 28; }"
    assert _literal_colours(css) == ["color: red", "background: #1e1e1e", "border: rgb(1,2,3)"]


def test_no_style_sheet_names_a_colour() -> None:
    sources = _css_sources()
    assert any(name == "tnews.tcss" for name, _ in sources)
    assert len(sources) >= 4  # the style sheet and the DEFAULT_CSS of the widgets that have one
    literal = {name: found for name, css in sources if (found := _literal_colours(css))}
    assert literal == {}


def _colour_strings(path: Path) -> list[str]:
    """String constants that rich would read as a style with a colour in it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value.strip()
        if not text or len(text) > 40:
            continue
        try:
            style = RichStyle.parse(text)
        except (StyleSyntaxError, ValueError):
            continue
        if any(c is not None and not c.is_default for c in (style.color, style.bgcolor)):
            found.append(text)
    return found


def test_the_reader_code_names_no_colour() -> None:
    """The reader's Python draws with the theme's colours too (the CLI keeps the terminal's);
    the themes themselves are where colours are named."""
    assert _colour_strings(SOURCE / "render.py") == ["cyan"]  # the CLI's code, the scan's check
    literal = {
        str(path.relative_to(SOURCE)): found
        for path in sorted((SOURCE / "ui").rglob("*.py"))
        if path.name != "themes.py" and (found := _colour_strings(path))
    }
    assert literal == {}


# --- Without colour ------------------------------------------------------------------------


async def test_rows_read_apart_without_colour(
    filled_ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    store = filled_ctx.store
    first, second, third = (a.id for a in store.list_articles(ALL, limit=3))
    store.set_read(second)
    store.set_bookmark(third, True)
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.no_color
        articles = app.screen.query_one(ArticleList)
        articles.cursor = 5  # away from the three rows looked at
        await pilot.pause()
        rows = {}
        for y in range(articles.count):
            item = articles.item(y)
            if item is not None and item.id in (first, second, third):
                rows[item.id] = articles.render_line(y)
        assert set(rows) == {first, second, third}
        marks = {key: strip.text[:3] for key, strip in rows.items()}
        assert marks == {first: " ● ", second: "   ", third: " ★ "}
        # Unread is bold as well as marked; read is neither.
        assert any(s.style and s.style.bold for s in rows[first] if s.text.strip())
        assert not any(s.style and s.style.bold for s in rows[second] if s.text.strip())


# --- Legibility ----------------------------------------------------------------------------


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def _contrast(text: Color, under: Color) -> float:
    """WCAG's contrast ratio of text drawn on a background."""
    light, dark = sorted((_luminance(text), _luminance(under)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("name", "least"), [("tnews-light", 4.5), ("tnews-contrast", 7.0)])
async def test_text_keeps_its_contrast(ctx: Context, name: str, least: float) -> None:
    """The light theme meets WCAG AA for what the reader draws, the high-contrast one AAA."""
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = name
        await pilot.pause()
        variables = app.theme_variables
        background = _colour(variables, "background")
        cursor = _colour(variables, "block-cursor-background")
        pairs = {
            key: (_colour(variables, key), background)
            for key in ("foreground", "text-muted", "error", "text-error", "text-success")
        }
        pairs["text-accent"] = (_colour(variables, "text-accent"), background)
        pairs["cursor"] = (_colour(variables, "block-cursor-foreground"), cursor)
        ratios = {key: round(_contrast(text, under), 1) for key, (text, under) in pairs.items()}
        assert min(ratios.values()) >= least, ratios
