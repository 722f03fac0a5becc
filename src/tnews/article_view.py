"""An article as rows: header, body and numbered links. The pane and `tnews read` share it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from tnews.layout import DocumentLayout, LayoutOptions, Role, Row, Run, layout_field, layout_text
from tnews.render import format_time, header_time
from tnews.store.models import Article

_BLANK = Row(runs=())
FIELD_SEPARATOR = " · "


def _styled(rows: list[Row], role: Role) -> list[Row]:
    """Header and link rows in one look; they belong to no body block (block -1)."""
    return [
        Row(runs=tuple(Run(r.text, r.style, r.link, role) for r in row.runs), rtl=row.rtl)
        for row in rows
    ]


def followable_links(article: Article, *, see_also: bool) -> tuple[str, ...]:
    """The URLs numbered in the pane: the body's links, then (when shown) the see-also links
    lifted out of the body, numbered after them."""
    body = tuple(link.url for link in article.document.links)
    return body + tuple(link.url for link in article.see_also) if see_also else body


def summary_notice(article: Article, ask: str) -> str:
    """Why only the feed's summary is shown, and what gets the rest (ask: the key or command);
    empty when the article is whole."""
    if not article.is_summary or not article.url:
        return ""
    if article.full_error:
        why = f"its page could not be had ({article.full_error})"
        if article.page_mode == "refresh" and article.page_retry_at:
            why += f"; a refresh tries again after {format_time(article.page_retry_at)}"
    elif article.page_mode == "refresh":
        why = "its page has not been fetched yet (the next refresh fetches it)"
    elif article.page_mode == "open":
        why = "this feed's pages are fetched when an article is opened in the reader"
    else:
        why = "this feed's pages are fetched only when asked"
    return f"Only the feed's summary: {why}. {ask} gets the whole article."


# A field of the line, or a group of them shown as one, joined by commas (sections).
Field = str | tuple[str, ...]


def _field_text(field: Field, width: int, options: LayoutOptions, flip: bool) -> str:
    """A field laid out on its own; a group's parts each on their own, in the line's order."""
    if isinstance(field, str):
        return layout_field(field, width, options).text
    parts = [layout_field(part, width, options).text for part in field]
    # Right to left, the comma follows each part on its left.
    return " ,".join(reversed(parts)) if flip else ", ".join(parts)


def field_rows(fields: Sequence[Field], width: int, options: LayoutOptions, rtl: bool) -> list[Row]:
    """Fields joined by " · " in the order given, each laid out on its own (so one field's
    direction never reorders its neighbours). A right-to-left line runs from the right edge
    leftwards. A field that does not fit starts the next row; one wider than a row is cut."""
    flip = rtl and options.bidi == "app"
    lines: list[list[str]] = []
    cells = 0
    for field in fields:
        shown = _field_text(field, width, options, flip)
        if lines and cells + len(FIELD_SEPARATOR) + cell_len(shown) <= width:
            lines[-1].append(shown)
            cells += len(FIELD_SEPARATOR) + cell_len(shown)
            continue
        lines.append([shown])
        cells = cell_len(shown)
    rows = []
    for line in lines:
        text = FIELD_SEPARATOR.join(reversed(line) if flip else line)
        if flip:
            text = " " * (width - cell_len(text)) + text
        rows.append(Row(runs=(Run(text),), rtl=flip))
    return rows


class ArticleLayout:
    """Lays out one article at any width; the body's shaping and levels are kept across widths."""

    def __init__(
        self,
        article: Article,
        options: LayoutOptions | None = None,
        *,
        fetch_hint: str = "",
        see_also: str = "",
    ) -> None:
        self.article = article
        self.options = options or LayoutOptions()
        # The key or command that fetches the whole article, named when only a summary shows.
        self.fetch_hint = fetch_hint
        # The heading the see-also links are listed under, numbered after the body's links;
        # empty: they are not listed (they belong to the related panel alone).
        self.see_also = see_also
        self.body = DocumentLayout(article.document, self.options)
        self._cache: dict[int, tuple[list[Row], int]] = {}

    def header(self, width: int) -> list[Row]:
        """Title; source, date and sections; author, dateline and lead image caption if any."""
        a = self.article
        # Each line finds its own direction from its first strong letter: the feed's language
        # says little about one title (bilingual feeds, English names in Arabic feeds).
        rows = _styled(layout_text(a.title, width, None, self.options), Role.HEADING)
        # Sections share a field, each laid out on its own: an override in one stays in it.
        meta: list[Field] = [a.feed_title, header_time(a.published, a.first_seen)]
        meta.append(tuple(a.sections[:2]))
        # The line of fields runs the way the title reads.
        rtl = bool(rows) and rows[0].rtl
        rows += _styled(field_rows([p for p in meta if p], width, self.options, rtl), Role.DECOR)
        if a.author:
            rows += _styled(layout_text(a.author, width, None, self.options), Role.DECOR)
        if a.dateline:
            rows += _styled(layout_text(a.dateline, width, None, self.options), Role.DECOR)
        if a.lead_caption:
            caption = layout_text(a.lead_caption, width, None, self.options)
            rows += _styled(caption, Role.CAPTION)
        notice = summary_notice(a, self.fetch_hint) if self.fetch_hint else ""
        if notice:
            rows += [_BLANK, *_styled(layout_text(notice, width, None, self.options), Role.CAPTION)]
        return rows

    def links(self, width: int) -> list[Row]:
        """The numbered links of the body, one a line; then the see-also links, if listed."""
        out: list[Row] = []
        body = self.article.document.links
        for number, link in enumerate(body, start=1):
            out += _styled(
                layout_text(f"[{number}] {link.url}", width, "ltr", self.options), Role.DECOR
            )
        if not (self.see_also and self.article.see_also):
            return out
        if out:
            out.append(_BLANK)
        out += _styled(layout_text(self.see_also, width, None, self.options), Role.HEADING)
        for number, link in enumerate(self.article.see_also, start=len(body) + 1):
            # The title reads in its own direction; the number and URL stay left to right.
            if link.title:
                out += _styled(
                    layout_text(f"[{number}] {link.title}", width, None, self.options), Role.DECOR
                )
            out += _styled(
                layout_text(
                    f"[{number}] {link.url}" if not link.title else link.url,
                    width,
                    "ltr",
                    self.options,
                ),
                Role.DECOR,
            )
        return out

    def rows(self, width: int) -> list[Row]:
        """Every row of the article at this width."""
        cached = self._cache.get(width)
        if cached:
            return cached[0]
        head = self.header(width)
        body = self.body.rows(width)
        rows = [*head, _BLANK, *body]
        links = self.links(width)
        if links:
            rows += [_BLANK, *links]
        self._cache = {width: (rows, len(head) + 1)}
        return rows

    def body_offset(self, width: int) -> int:
        """The row where the body starts at this width."""
        self.rows(width)
        return self._cache[width][1]

    def block_row(self, width: int, block: int) -> int:
        """The row where a body block starts (to keep it in view across a resize)."""
        return self.body_offset(width) + self.body.block_first_row(width, block)
