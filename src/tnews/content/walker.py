"""One pass over an lxml tree, without recursion, producing blocks, links and related links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tnews.content.document import Block, BlockKind, Direction, Link, Style
from tnews.content.inline import Run, clean_run, declared_dir, finish, inline_marks
from tnews.text.clean import clean_line

_DROPPED_NAMES = (
    "script style noscript iframe frame frameset form button svg math input select textarea "
    "option object embed template canvas audio video source track map head title meta link "
    "nav dialog menu applet"
)
DROPPED = frozenset(_DROPPED_NAMES.split())
_BLOCKS_NAMES = (
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure "
    "footer header h1 h2 h3 h4 h5 h6 hgroup hr li main ol p pre section summary table tbody "
    "thead tfoot tr td th caption ul body html"
)
BLOCKS = frozenset(_BLOCKS_NAMES.split())
INLINE_STYLE = {
    "b": Style.BOLD,
    "strong": Style.BOLD,
    "i": Style.ITALIC,
    "em": Style.ITALIC,
    "cite": Style.ITALIC,
    "dfn": Style.ITALIC,
    "var": Style.ITALIC,
    "code": Style.CODE,
    "kbd": Style.CODE,
    "samp": Style.CODE,
    "tt": Style.CODE,
}
_RTL_LANGS_NAMES = "ar fa ur he iw yi ps ckb sd ug dv syr arc"
RTL_LANGS = frozenset(_RTL_LANGS_NAMES.split())

# Class/id words that mark share rows, widgets and other chrome. Matched on whole
# words of the attribute (split at spaces, dashes, underscores) or as listed substrings.
_CHROME_WORDS_NAMES = (
    "share sharing social socials sharedaddy addtoany a2a sharethis shareaholic jp-sharing "
    "print comment comments respond breadcrumb breadcrumbs newsletter subscribe advert "
    "advertisement ads ad banner popup cookie cookies sidebar widget ticker breaking popular "
    "mostread most-read trending tagcloud tags tag-cloud backtotop back-to-top go-top scroll-top "
    "totop author-box byline meta-share"
)
_CHROME_WORDS = frozenset(_CHROME_WORDS_NAMES.split())
_CHROME_SUBSTRINGS = ("sharedaddy", "addtoany", "sharethis", "social", "share")
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_TRACKER = re.compile(
    r"pixel|tracker|tracking|beacon|/track|feedburner\.com/~|doubleclick|google-analytics|"
    r"stats\.wp\.com|/b\.gif|/open\.gif|/ping\b|/count(er)?\b|/1x1|spacer\.gif|blank\.gif",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ONE_PX = re.compile(r"^\s*[01](px)?\s*$")


def _attr_words(el: etree._Element) -> tuple[str, str]:
    """The element's class and id, lower-cased, for chrome tests."""
    return (el.get("class") or "").lower(), (el.get("id") or "").lower()


def is_related_container(el: etree._Element) -> bool:
    """A block whose class or id says it lists related articles."""
    cls, ident = _attr_words(el)
    return "related" in cls or "related" in ident


def is_chrome(el: etree._Element) -> bool:
    """Share rows, widgets, comment forms and the like, judged by class, id, role and style."""
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if (el.get("role") or "").lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    cls, ident = _attr_words(el)
    if not cls and not ident:
        return False
    attr = f"{cls} {ident}"
    words = set(_WORD_SPLIT.split(attr)) | set(attr.split())
    if not (words & _CHROME_WORDS or any(s in attr for s in _CHROME_SUBSTRINGS)):
        return False
    # A wrapper that merely has "share" in its class can still hold the whole story.
    text = el.text_content() if hasattr(el, "text_content") else "".join(el.itertext())
    return len(text) < 600 or el.tag in ("ul", "ol", "nav", "aside", "form")


def is_tracking_image(el: etree._Element) -> bool:
    """1x1 images and images served from known tracker paths."""
    if _ONE_PX.match(el.get("width") or "x") or _ONE_PX.match(el.get("height") or "x"):
        return True
    return bool(_TRACKER.search(el.get("src") or ""))


def direction_of(el: etree._Element) -> Direction | None:
    """The direction an element's own dir or lang attribute gives, if any."""
    value = (el.get("dir") or "").strip().lower()
    if value in ("rtl", "ltr"):
        return value  # type: ignore[return-value]
    if value == "auto":
        return None
    return lang_direction(el.get("lang") or el.get("xml:lang") or "")


def lang_direction(lang: str) -> Direction | None:
    """rtl for Arabic, Persian, Urdu, Hebrew and kin; ltr for other languages; None if unset."""
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    if not primary:
        return None
    return "rtl" if primary in RTL_LANGS else "ltr"


def safe_url(href: str | None, base: str) -> str | None:
    """An absolute http(s) URL, or None for javascript:, data:, mailto: and anything broken."""
    if not href:
        return None
    return _safe_url(href, base)


# A feed's items link to the same site sections, tags and see-also articles again and again.
@lru_cache(maxsize=4096)
def _safe_url(href: str, base: str) -> str | None:
    href = clean_line(href).replace(" ", "%20")
    if not href:
        return None
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


_DECLARED: dict[str, Direction | None] = {"ltr": "ltr", "rtl": "rtl", "auto": None}


@dataclass(slots=True)
class _Frame:
    """What an open element changed, so its end can undo it."""

    tag: str
    style: Style
    link: int | None
    base: str
    direction: Direction | None  # from lang and dir in scope: only for text with no strong letter
    declared: Direction | None = None  # a block's dir attribute in scope: it wins over the text
    closing: str = ""  # the bidi controls that close what this inline element opened
    kind: BlockKind | None = None
    level: int = 0
    ordinal: list[str] | None = None  # a li's marker, taken by its first block
    list_counter: list[int] | None = None  # ol/ul numbering
    ordered: bool = False


class Walker:
    """Walks a tree once and collects blocks, links and the links of related-article boxes."""

    def __init__(self, base: str, direction: Direction | None) -> None:
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.related: list[Link] = []
        self._runs: list[Run] = []
        self._frames: list[_Frame] = [_Frame("#root", Style.NONE, None, base, direction)]
        self._anchors: dict[int, list[str]] = {}
        self._row: int | None = None  # depth of the open table row; cells are joined
        self._used_captions: list[etree._Element] = []  # already shown as an image's text
        self._cells = 0

    def walk(self, root: etree._Element) -> None:
        """Walk root and everything under it."""
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            tag = tag.lower() if isinstance(tag, str) else ""
            if event == "start":
                if self._start(el, tag):
                    walker.skip_subtree()
            else:
                self._end(el, tag)

    # Element events --------------------------------------------------------------------

    def _start(self, el: etree._Element, tag: str) -> bool:
        """Open an element; True means skip what is inside it."""
        top = self._frames[-1]
        # Most elements (p, strong, a few spans) carry no attributes at all, and then none of
        # the attribute tests below can say anything: chrome, related box, base, direction.
        bare = not el.attrib
        skip = tag in DROPPED or any(el is c for c in self._used_captions)
        if not tag or skip or (not bare and tag not in ("body", "html") and is_chrome(el)):
            self._frames.append(_Frame("#skip", top.style, top.link, top.base, top.direction))
            return True
        if not bare and is_related_container(el) and tag not in ("a", "body", "html"):
            self._frames.append(_Frame("#skip", top.style, top.link, top.base, top.direction))
            self._collect_related(el, top.base)
            return True
        base = top.base
        direction, declared, opening, closing = top.direction, top.declared, "", ""
        if not bare:
            if el.get("xml:base"):
                base = safe_url(el.get("xml:base"), base) or base
            direction = direction_of(el) or top.direction
            dir_value = declared_dir(el.get("dir"))
            if tag not in BLOCKS or (self._row is not None and tag in ("td", "th")):
                opening, closing = inline_marks(tag, dir_value)
            elif dir_value and tag not in ("html", "body"):
                # A theme's dir on the whole page is as often wrong as its lang: only a dir
                # inside the content decides; dir="auto" leaves it to the text again.
                declared = _DECLARED[dir_value]
        elif tag == "bdi":
            opening, closing = inline_marks(tag, "")
        frame = _Frame(tag, top.style, top.link, base, direction, declared, closing)
        if tag in BLOCKS and self._row is None:
            self._flush()
        if opening:
            self._runs.append(Run(opening))
        if tag in INLINE_STYLE:
            frame.style = top.style | INLINE_STYLE[tag]
        elif tag == "a":
            url = safe_url(el.get("href"), base)
            if url:
                frame.link = len(self.links)
                frame.style = top.style | Style.LINK
                self.links.append(Link(url))
                self._anchors[frame.link] = []
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            frame.kind, frame.level = BlockKind.HEADING, int(tag[1])
        elif tag in ("ol", "ul"):
            try:
                start = int(el.get("start") or 1) - 1
            except ValueError:
                start = 0
            frame.list_counter, frame.ordered = [start], tag == "ol"
        elif tag == "li":
            self._open_item(frame, el)
        elif tag == "blockquote":
            frame.kind = BlockKind.QUOTE
        elif tag == "pre":
            frame.kind = BlockKind.PRE
        elif tag in ("figcaption", "caption") or "wp-caption-text" in (el.get("class") or ""):
            frame.kind = BlockKind.CAPTION
        elif tag == "tr" and self._row is None:
            self._row, self._cells = len(self._frames), 0
            frame.kind = BlockKind.TABLE_ROW
        elif tag in ("td", "th") and self._row is not None:
            if self._cells:
                self._runs.append(Run(" │ "))
            self._cells += 1
        elif tag == "br":
            self._runs.append(Run("", brk=True))
        elif tag == "hr" and self._row is None:
            self.blocks.append(Block(BlockKind.RULE, direction=declared, fallback=direction))
        elif tag == "img":
            self._image(el, frame)
        self._frames.append(frame)
        if text := el.text:  # each read of .text builds the string anew
            self._text(text)
        return False

    def _end(self, el: etree._Element, tag: str) -> None:
        frame = self._frames[-1]
        if frame.closing:
            self._runs.append(Run(frame.closing))
        if frame.tag != "#skip":
            if tag in BLOCKS and (self._row is None or self._row == len(self._frames) - 1):
                self._flush()
            if tag == "tr" and self._row == len(self._frames) - 1:
                self._row = None
            if tag == "a" and frame.link is not None and frame.link != self._frames[-2].link:
                words = self._anchors.pop(frame.link, [])
                url = self.links[frame.link].url
                self.links[frame.link] = Link(url, clean_line(clean_run("".join(words))))
        if len(self._frames) > 1:
            self._frames.pop()
        if (tail := el.tail) and tag not in ("body", "html"):
            self._text(tail)

    # Pieces ----------------------------------------------------------------------------

    def _open_item(self, frame: _Frame, el: etree._Element) -> None:
        lists = [f for f in self._frames if f.list_counter is not None]
        frame.kind, frame.level = BlockKind.LIST_ITEM, max(1, len(lists))
        if not lists:
            frame.ordinal = ["•"]
            return
        owner = lists[-1]
        assert owner.list_counter is not None
        value = el.get("value") or ""
        if value.strip().isdigit():
            owner.list_counter[0] = int(value) - 1
        owner.list_counter[0] += 1
        frame.ordinal = [f"{owner.list_counter[0]}." if owner.ordered else "•"]

    def _image(self, el: etree._Element, frame: _Frame) -> None:
        if is_tracking_image(el):
            return
        alt = clean_line(clean_run(el.get("alt") or el.get("title") or ""))
        cls = (el.get("class") or "").lower()
        if "emoji" in cls or "wp-smiley" in cls:
            self._text(alt)  # emoji images stand for a character inside the sentence
            return
        if not alt:
            for figure in el.iterancestors("figure"):
                caption = figure.find(".//figcaption")
                if caption is not None:
                    alt = clean_line(clean_run(caption.text_content()))
                    self._used_captions.append(caption)
                break
        if self._row is None:
            self._flush()
        style = Style.LINK if frame.link is not None else Style.NONE
        runs = [Run(alt, style, frame.link)] if alt else []
        text_block = finish(runs, BlockKind.IMAGE, frame.declared, fallback=frame.direction)
        empty = Block(BlockKind.IMAGE, direction=frame.declared, fallback=frame.direction)
        self.blocks.extend(text_block or [empty])

    def _text(self, text: str) -> None:
        frame = self._frames[-1]
        if frame.tag == "#skip":
            return
        text = clean_run(text)
        if not text:
            return
        self._runs.append(Run(text, frame.style, frame.link))
        if frame.link is not None and frame.link in self._anchors:
            self._anchors[frame.link].append(text)

    def _flush(self) -> None:
        """Close the pending inline text as blocks of the innermost block context."""
        if not self._runs:
            return
        runs, self._runs = self._runs, []
        kind, level, ordinal, quoted = BlockKind.PARAGRAPH, 0, "", False
        for frame in reversed(self._frames):
            if frame.kind is BlockKind.QUOTE:
                quoted = True
                continue
            if frame.kind is not None and kind is BlockKind.PARAGRAPH:
                kind, level = frame.kind, frame.level
                if frame.ordinal:
                    ordinal = frame.ordinal.pop()
        if quoted and kind is BlockKind.PARAGRAPH:
            kind = BlockKind.QUOTE
        top = self._frames[-1]
        self.blocks.extend(finish(runs, kind, top.declared, level, ordinal, top.direction))

    def _collect_related(self, el: etree._Element, base: str) -> None:
        """Take the article links of a related-articles box."""
        self.related.extend(links_in(el, base))

    def close(self) -> None:
        """Flush what is still pending at the end of the input."""
        self._flush()


def links_in(el: etree._Element, base: str) -> list[Link]:
    """The titled http(s) links under an element, once per URL, in document order."""
    seen: dict[str, int] = {}
    out: list[Link] = []
    for a in el.iter("a"):
        url = safe_url(a.get("href"), base)
        if not url:
            continue
        title = clean_line(clean_run("".join(a.itertext()))) or clean_line(a.get("title") or "")
        if url in seen:
            if title and not out[seen[url]].title:
                out[seen[url]] = Link(url, title)
            continue
        seen[url] = len(out)
        out.append(Link(url, title))
    return [link for link in out if link.title]
