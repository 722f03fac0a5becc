"""feedparser's own test documents, and both readings of each, for test_feedparser_suite.

The corpus is the tests/ folder of the feedparser 6.0.14 source distribution on PyPI
(feedparser-6.0.14.tar.gz, BSD-2-Clause; see LICENSE in that archive). It is downloaded
with pip into .cache/feedparser-suite/ (git-ignored) on first use and never committed.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
from feedparser.urls import make_safe_absolute_uri

from tnews.feeds.model import ParsedFeed
from tnews.feeds.parse import parse_feed
from tnews.feeds.raw import html_to_line, http_url
from tnews.feeds.tolerant import FEEDPARSER_END_GUID
from tnews.net.decode import BadEncoding, BodyDecoder, content_base, parse_content_type
from tnews.text.clean import clean_line

VERSION = "6.0.14"
SDIST = f"feedparser-{VERSION}.tar.gz"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "feedparser-suite"
# The address runtests.py serves the documents from; relative links resolve against it.
SERVED_FROM = "http://127.0.0.1:8097/"
_HEADER = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.M)
_SPACE = re.compile(r"\s+")


def corpus() -> Path:
    """The sdist's tests/ folder, downloaded and unpacked into the cache on first use."""
    unpacked = CACHE / f"feedparser-{VERSION}"
    if (unpacked / "tests").is_dir():
        return unpacked / "tests"
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / SDIST
    if not archive.exists():
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        command += [f"feedparser=={VERSION}", "-d", str(CACHE)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"could not run pip to download {SDIST}: {exc}") from exc
        if done.returncode or not archive.exists():
            raise RuntimeError(
                f"could not download {SDIST} with pip (exit {done.returncode}); the suite "
                f"needs it once, then it is kept in {CACHE}. pip said:\n{done.stderr[-2000:]}"
            )
    # Unpacked beside the cache and renamed, so an interrupted run leaves no half corpus.
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        try:
            with tarfile.open(archive) as tar:
                prefix = f"feedparser-{VERSION}/tests/"
                members = [m for m in tar.getmembers() if m.name.startswith(prefix) and m.isfile()]
                tar.extractall(scratch, members=members, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RuntimeError(
                f"{archive} is damaged ({exc}); delete it to download again"
            ) from exc
        Path(scratch, f"feedparser-{VERSION}").rename(unpacked)
    return unpacked / "tests"


@dataclass(frozen=True, slots=True)
class Document:
    """One test document as a server would send it: body, content type and base URL."""

    folder: str
    name: str
    body: bytes
    content_type: str | None
    charset: str | None
    base: str


def _folder(relative: Path) -> str:
    parts = relative.parts[:-1]
    return "/".join(parts[:2]) if parts else "."


def _body(path: Path, raw: bytes) -> bytes:
    """The body with its content encoding undone, as our fetcher would hand it over."""
    coding = {".gz": "gzip", ".z": "deflate"}.get(path.suffix)
    if coding is None:
        return raw
    decoder = BodyDecoder(coding, 10 * 1024 * 1024)
    try:
        decoder.feed(raw)
        return decoder.finish()
    except BadEncoding:
        return raw  # a server that lied about the encoding: both readers get the bytes


def documents(root: Path) -> Iterator[Document]:
    """Every document of the corpus, in a stable order, with the headers it asks for."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix == ".py":
            continue
        relative = path.relative_to(root)
        raw = path.read_bytes()
        headers = {
            k.strip().lower().decode(): v.strip().decode("latin-1") for k, v in _HEADER.findall(raw)
        }
        media, charset = parse_content_type(headers.get("content-type", "application/xml"))
        url = SERVED_FROM + "tests/" + relative.as_posix()
        base = content_base(url, headers.get("content-location"))
        yield Document(
            _folder(relative), relative.as_posix(), _body(path, raw), media, charset, base
        )


@contextmanager
def _feedparser_ids() -> Iterator[None]:
    """feedparser with its own id handling (our tolerant path changes it; see names_a_link).

    Its author-email search stays our linear one, which gives the same results."""
    mixin = feedparser.mixin._FeedParserMixin
    ours = mixin._end_guid
    mixin._end_guid = mixin._end_id = FEEDPARSER_END_GUID
    try:
        yield
    finally:
        mixin._end_guid = mixin._end_id = ours


def feedparser_reading(doc: Document, sanitize: bool = True) -> dict[str, Any]:
    """feedparser's result for the document, given the same headers we are given."""
    headers = {"content-location": doc.base}
    if doc.content_type:
        charset = f"; charset={doc.charset}" if doc.charset else ""
        headers["content-type"] = doc.content_type + charset
    with warnings.catch_warnings(), _feedparser_ids():
        warnings.simplefilter("ignore")
        return feedparser.parse(  # type: ignore[no-any-return]
            io.BytesIO(doc.body), response_headers=headers, sanitize_html=sanitize
        )


def ours(doc: Document) -> ParsedFeed:
    """Our reading of the document."""
    return parse_feed(doc.body, doc.base, doc.content_type, doc.charset)


def feedparser_parses(result: dict[str, Any]) -> bool:
    """Whether feedparser read the document: well-formed, or an entry, title or link in it."""
    feed = result.get("feed") or {}
    if result.get("entries") or feed.get("title") or feed.get("link"):
        return True
    return bool(result.get("version")) and not result.get("bozo")


def line(text: str | None) -> str:
    """A single-line field as both sides are compared: cleaned, whitespace folded."""
    return clean_line(_SPACE.sub(" ", text or "")).strip()


def visible(value: str, kind: str) -> str:
    """The visible text of a title or body of the given MIME type."""
    if kind in ("text/html", "application/xhtml+xml"):
        return line(html_to_line(value))
    return line(value)


def _when(parsed: Any) -> datetime | None:
    try:
        if not parsed:
            return None
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None


def _their_fields(entry: dict[str, Any]) -> dict[str, object]:
    detail = dict.get(entry, "title_detail") or {}
    contents = dict.get(entry, "content") or []
    body = contents[0] if contents else dict.get(entry, "summary_detail")
    author = dict.get(entry, "author_detail") or {}
    tags: dict[str, None] = {}
    for tag in dict.get(entry, "tags") or ():
        name = line(tag.get("label") or tag.get("term"))
        if name:
            tags.setdefault(name)
    return {
        "title": visible(dict.get(entry, "title") or "", detail.get("type", "text/plain")),
        "link": http_url(dict.get(entry, "link") or ""),
        "id": line(dict.get(entry, "id")),
        "published": _when(dict.get(entry, "published_parsed")),
        "updated": _when(dict.get(entry, "updated_parsed")),
        "author": line(author.get("name") or author.get("email") or dict.get(entry, "author")),
        "categories": tuple(tags),
        "body": visible(body.get("value", ""), body.get("type", "text/html")) if body else "",
    }


def _our_fields(entry: Any) -> dict[str, object]:
    body = entry.content_html or entry.summary_html
    return {
        "title": line(entry.title),
        "link": entry.url,
        "id": entry.guid,
        "published": entry.published,
        "updated": entry.updated,
        "author": line(entry.author),
        "categories": tuple(line(c) for c in entry.categories),
        "body": visible(body, "text/html"),
    }


def same_id(ours: str, theirs: str, base: str) -> bool:
    """Ids agree as written, or ours is a non-URL id feedparser resolved against the base."""
    if ours == theirs or not theirs:
        return True
    return "/" not in ours and make_safe_absolute_uri(base, ours) == theirs


@dataclass(slots=True)
class Tally:
    """Agreement counts for one folder."""

    documents: int = 0
    parsed: int = 0
    entries: int = 0
    entries_lost: int = 0
    fields: int = 0
    agreed: int = 0
    refused: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    def count(self, where: str, name: str, agree: bool, ours: object, theirs: object) -> None:
        """Count one compared field, remembering how it differs when it does."""
        self.fields += 1
        self.agreed += agree
        if not agree:
            self.differences.append(f"{where}.{name}: ours {ours!r}, feedparser {theirs!r}")

    @property
    def agreement(self) -> float:
        """Share of compared fields that agree; 1.0 when nothing was compared."""
        return self.agreed / self.fields if self.fields else 1.0


def _agree(name: str, ours: object, theirs: list[object], base: str) -> bool:
    if name == "id":
        return any(same_id(str(ours), str(t), base) for t in theirs)
    if name == "link":
        return any(ours == t or not t for t in theirs)
    return ours in theirs


def compare(
    doc: Document,
    theirs: dict[str, Any],
    unsanitised: dict[str, Any],
    mine: ParsedFeed,
    tally: Tally,
) -> None:
    """Add one document's comparison to its folder's tally."""
    tally.documents += 1
    if not feedparser_parses(theirs):
        return
    tally.parsed += 1
    if mine.error:
        tally.refused.append(f"{doc.name}: {mine.error}")
        return
    feed = theirs.get("feed") or {}
    detail = feed.get("title_detail") or {}
    feed_titles = [visible(feed.get("title") or "", detail.get("type", "text/plain"))]
    raw_feed = unsanitised.get("feed") or {}
    feed_titles.append(visible(raw_feed.get("title") or "", detail.get("type", "text/plain")))
    tally.count(doc.name, "feed title", line(mine.title) in feed_titles, mine.title, feed_titles[0])
    their_entries = theirs.get("entries") or []
    raw_entries = unsanitised.get("entries") or []
    tally.entries += len(their_entries)
    tally.entries_lost += max(0, len(their_entries) - len(mine.entries))
    for index, (a, b, c) in enumerate(zip(mine.entries, their_entries, raw_entries, strict=False)):
        mine_fields, their_fields, raw_fields = _our_fields(a), _their_fields(b), _their_fields(c)
        for name, expected in their_fields.items():
            got = mine_fields[name]
            agree = _agree(name, got, [expected, raw_fields[name]], a.base_url or doc.base)
            tally.count(f"{doc.name}[{index}]", name, agree, got, expected)
