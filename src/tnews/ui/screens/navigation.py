"""Moving between articles: history, related articles, links, search and the section picker."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from tnews.article_view import followable_links
from tnews.layout import LayoutOptions, layout_field
from tnews.links import is_web_url, looks_like_article, open_in_browser
from tnews.query import saved_query_text
from tnews.render import DATE_CELLS, listed_time
from tnews.store.models import QUERY_PREFIX, SEARCH_PREFIX, RelatedGroups, Section
from tnews.ui.screens.feeds import feed_choices
from tnews.ui.screens.picker import Choice, PickerScreen
from tnews.ui.screens.prompt import PromptScreen
from tnews.ui.screens.regions import RegionsScreen
from tnews.ui.strings import tr


def related_choices(
    groups: RelatedGroups, options: LayoutOptions, width: int, *, page_block: bool = True
) -> list[Choice]:
    """The related panel's entries, grouped, each exactly `width` cells: the title, then its
    source and date, each laid out on its own; the date is always whole. page_block False:
    the article's page is not fetched, which the panel says instead of the site's block."""
    say = tr()
    choices: list[Choice] = []
    named = (
        (say("related.see_also"), groups.see_also),
        (say("related.related"), groups.related),
        (say("related.same_story"), groups.same_story),
    )
    # The source takes what the title leaves, up to 30 cells; a long title keeps more than
    # half the row. Narrow lists drop the source; the date always stays whole.
    fixed = len("● ") + len("  ") + len(" · ") + DATE_CELLS
    floor = min(30, width - width * 11 // 20 - fixed)
    for heading, items in named:
        if not items:
            if heading == named[1][0] and not page_block:
                note = layout_field(say("related.no_page_block"), width, options).text
                choices.append(Choice(Text(note, style="dim"), "", "", heading=True))
            continue
        shown = layout_field(heading, width, options).text
        choices.append(Choice(Text(shown, style="bold"), heading, "", heading=True))
        for index, item in enumerate(items):
            date = listed_time(item.published, item.first_seen, cells=DATE_CELLS)
            source = ""
            if item.source and floor >= 8:
                title_cells = layout_field(item.title, width, options).cells
                spare = width - fixed + DATE_CELLS - cell_len(date) - title_cells
                source = layout_field(item.source, min(30, max(floor, spare)), options).text
            meta = " · ".join(p for p in (source.strip(), date) if p)
            room = max(5, width - 4 - cell_len(meta))
            title = layout_field(item.title, room, options)
            label = Text(no_wrap=True, overflow="crop", end="")
            label.append("● " if item.article_id else "○ ", style="dim")
            label.append(title.text + " " * max(0, room - title.cells))
            if meta:
                label.append("  " + meta, style="dim")
            value = f"id:{item.article_id}" if item.article_id else f"url:{index}:{item.url}"
            choices.append(Choice(label, item.title + " " + item.source, value))
    return choices


def section_choices(sections: list[Section], options: LayoutOptions, width: int) -> list[Choice]:
    """The section picker's entries: each name laid out on its own, the unread count after."""
    choices = []
    for section in sections:
        label = Text(no_wrap=True, overflow="crop", end="")
        label.append(layout_field(section.name, max(5, width - 8), options).text)
        if section.unread:
            label.append(f"  {section.unread}", style="dim")
        choices.append(Choice(label, section.name, section.key))
    return choices


class NavigationScreen(RegionsScreen):
    """Moving between articles: history, related, links, bookmarks, search, section picker."""

    BINDINGS = [
        Binding("H,backspace,alt+left", "back", "Back", id="back"),
        Binding("L,alt+right", "forward", "Forward", show=False, id="forward"),
        Binding("R", "related", "Related", id="related"),
        Binding("f", "follow_link", "Follow link", show=False, id="follow_link"),
        Binding("o", "open_browser", "Open in browser", show=False, id="open_browser"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("slash", "search", "Search", id="search"),
        Binding("S", "save_search", "Save search as section", show=False, id="save_search"),
        Binding("s", "pick_section", "Sections…", show=False, id="pick_section"),
        Binding("F", "feeds", "Feeds…", show=False, id="feeds"),
        Binding("J", "next_article", "Next article", show=False, id="next_article"),
        Binding("K", "previous_article", "Previous article", show=False, id="previous_article"),
    ]

    def action_back(self) -> None:
        """Back to the article read before, where it was left."""
        self.remember_scroll()
        visit = self.history.back()
        if visit is None:
            self.status.say(tr()("status.no_back"))
            return
        self.open_article(visit.article_id, record=False, scroll_y=visit.scroll_y)

    def action_forward(self) -> None:
        """Forward again after going back."""
        self.remember_scroll()
        visit = self.history.forward()
        if visit is None:
            self.status.say(tr()("status.no_forward"))
            return
        self.open_article(visit.article_id, record=False, scroll_y=visit.scroll_y)

    def action_related(self) -> None:
        """What is related to the open article, in groups; Enter reads one in place."""
        article = self.reader.article
        if article is None:
            self.status.say(tr()("related.none_open"))
            return
        groups = self.store.related(article.id)
        # A feed that carries whole articles has its pages left alone: the site's own related
        # block is not known, and the panel says so rather than fetch the page for it.
        page_block = article.has_full_text or article.is_summary or bool(groups.related)
        if groups.empty:
            self.status.say(tr()("related.none" if page_block else "related.none_whole_feed"))
            return
        options = self.options
        self.app.push_screen(
            PickerScreen(
                tr()("related.title"),
                lambda width: related_choices(groups, options, width, page_block=page_block),
                subject=article.title,
                options=options,
            ),
            self._open_choice,
        )

    def _open_choice(self, value: str | None) -> None:
        if not value:
            return
        if value.startswith("id:"):
            self.open_article(int(value[3:]))
        elif value.startswith("url:"):
            self.open_url(value.split(":", 2)[2])

    def open_url(self, url: str) -> None:
        """Read a link in place when it is an article; otherwise hand it to a browser."""
        stored = self.store.article_by_url(url)
        if stored is not None:
            self.open_article(stored)
        elif looks_like_article(url):
            self.tnews.fetch_and_open(url)
        else:
            self.send_to_browser(url)

    def action_follow_link(self) -> None:
        """Follow link number n of the open article."""
        article = self.reader.article
        links = followable_links(article, see_also=True) if article is not None else ()
        if not links:
            self.status.say(tr()("links.none"))
            return
        prompt = tr()("links.prompt", count=len(links))
        self.app.push_screen(
            PromptScreen(prompt, restrict=r"[0-9]*", options=self.options), self._follow
        )

    def _follow(self, answer: str | None) -> None:
        article = self.reader.article
        if not answer or article is None:
            return
        number = int(answer)
        links = followable_links(article, see_also=True)
        if not 1 <= number <= len(links):
            self.status.say(tr()("links.no_such", number=number), error=True)
            return
        self.open_url(links[number - 1])

    def send_to_browser(self, url: str, failure: str = "") -> None:
        """Open a URL in a browser when one can open here; otherwise copy it (OSC 52).
        failure: why reading it in place failed, said along with what became of it."""
        say = tr()
        if not is_web_url(url):
            self.status.say(say("links.not_web", url=url), error=True)
            return
        if open_in_browser(url):
            if failure:
                self.status.say(say("links.failed_opened", url=url, error=failure), error=True)
            else:
                self.status.say(say("links.opened", url=url))
            return
        self.app.copy_to_clipboard(url)
        if failure:
            self.status.say(say("links.failed_no_browser", url=url, error=failure), error=True)
        else:
            self.status.say(say("links.copied_no_browser", url=url))

    def _target_url(self) -> str | None:
        article = self.reader.article
        if article is not None and self.reader.has_focus:
            return str(article.url)
        item = self.articles.current
        return str(item.url) if item is not None else None

    def action_open_browser(self) -> None:
        """Open the article's page in a browser (or copy its link when none can open)."""
        url = self._target_url()
        if url:
            self.send_to_browser(url)

    def action_copy_link(self) -> None:
        """Copy the article's link to the clipboard, also over SSH."""
        url = self._target_url()
        if url:
            self.app.copy_to_clipboard(url)
            self.status.say("Link copied: " + url)

    def action_bookmark(self) -> None:
        """Bookmark (or unbookmark) the open or selected article, keeping it whole."""
        article = self.reader.article
        target = article.id if article is not None and self.reader.has_focus else None
        if target is None:
            item = self.articles.current
            target = item.id if item is not None else None
        if target is None:
            return
        stored = self.store.article(target)
        if stored is None:
            return

        def marked(on: bool) -> None:
            self.show_changed(target)
            if not on:
                self.status.say(tr()("bookmark.removed"))
            elif stored.is_summary and stored.url:
                self.status.say(tr()("bookmark.fetching"))
                self.tnews.fetch_full_text(target, stored.url, bookmark=True)
            else:
                self.status.say(tr()("bookmark.kept"))

        # Turned over as stored when written: a second press before the first is written
        # takes the bookmark off again. The row shows the expected state at once.
        shown = self.articles.current
        was_on = shown.bookmarked if shown is not None and shown.id == target else stored.bookmarked
        self.articles.show_marks(target, bookmarked=not was_on)
        self.tnews.write(lambda store: store.toggle(target, "bookmarked"), then=marked)

    def action_search(self) -> None:
        """Search everything stored; the results become a section of their own."""
        self.app.push_screen(
            PromptScreen(tr()("prompts.search"), options=self.options), self.show_search
        )

    def show_search(self, query: str | None) -> None:
        """Show the results of a search as a section."""
        if not query:
            return
        key = SEARCH_PREFIX + query
        found = self.store.count_articles(key)
        name = tr()("sections.search", query=query)
        self.search_section = Section(key, name, "search", found, 0)
        self.show_section(key)
        self.status.say(tr().count("count.found", found, query=query))

    def action_save_search(self) -> None:
        """Keep the current search as a section: in the config, and in the list now."""
        shown = self.search_section
        if shown is None:
            self.status.say(tr()("bookmark.search_first"))
            return
        words = shown.key[len(SEARCH_PREFIX) :]

        def named(name: str | None) -> None:
            if name:
                self.save_query(name, saved_query_text(words))

        self.app.push_screen(PromptScreen(tr()("prompts.new_section"), placeholder=words), named)

    def save_query(self, name: str, query: str) -> None:
        """Add a saved query to the config and show it among the sections."""
        try:
            self.tnews.add_saved_query(name, query)
        except OSError as exc:
            self.status.say(tr()("bookmark.save_failed", error=exc), error=True)
            return
        self.saved_queries.append((name, query))
        self.search_section = None
        self.reload()
        keys = [s.key for s in self.sections_widget.sections]
        key = QUERY_PREFIX + query
        if key in keys:
            # Loaded first, so the highlight does not load it again and say its count.
            self.load_section(key)
            self.sections_widget.highlighted = keys.index(key)
            self.status.say(tr()("bookmark.saved", number=keys.index(key) + 1, name=name))

    def action_pick_section(self) -> None:
        """Choose a section by typing part of its name."""
        sections = list(self.sections_widget.sections)
        options = self.options
        self.app.push_screen(
            PickerScreen(
                tr()("prompts.sections"),
                lambda width: section_choices(sections, options, width),
                options=options,
            ),
            self._pick_section,
        )

    def _pick_section(self, key: str | None) -> None:
        if not key:
            return
        self.show_section(key)

    def action_feeds(self) -> None:
        """Every feed with its counts and how its last fetch went; Enter lists its articles."""
        feeds = self.store.feeds()
        options = self.options

        def show_feed(key: str | None) -> None:
            if key and self.list_feed(key, feeds):
                self.show_section(key)

        self.app.push_screen(
            PickerScreen(
                tr()("prompts.feeds"),
                lambda width: feed_choices(feeds, options, width, self.app.theme_variables),
                options=options,
            ),
            show_feed,
        )

    def action_next_article(self) -> None:
        """The next article of the section, opened."""
        self._step_article(1)

    def action_previous_article(self) -> None:
        """The previous article of the section, opened."""
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        articles = self.articles
        index = articles.cursor + step
        item = articles.item(index)
        if item is None:
            self.status.say(tr()("status.no_more"))
            return
        articles.cursor = index
        self.open_article(item.id)
