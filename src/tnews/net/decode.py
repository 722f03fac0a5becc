"""Bounded body decoding and header parsing for fetched responses."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import UTC
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from tnews import clock
from tnews.text.clean import clean_line

# Decompressed output is produced in pieces of at most this size, so a few kilobytes of
# gzip bomb never become more than one piece in memory before the cap is checked.
PIECE = 64 * 1024

ACCEPT_ENCODING = "gzip, deflate"  # br and zstd would need decoders we cannot bound the same way

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_IDENTITY = {"", "identity"}
_GZIP = {"gzip", "x-gzip"}
_DEFLATE = {"deflate"}
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


class BodyTooLarge(Exception):
    """The decoded (or raw) body went over the configured cap."""


class BadEncoding(Exception):
    """The content encoding is unknown, corrupt or cut short."""


class _Inflater:
    """One gzip or deflate layer that never yields more than PIECE bytes at a time."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj: zlib._Decompress | None = zlib.decompressobj(_GZIP_WBITS) if gzip else None
        self._head = b""  # deflate only: bytes held until the wrapper can be recognised
        self._fresh = True  # no input yet for the current gzip member
        self._finished = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decompress data, yielding output pieces of at most PIECE bytes."""
        if self._obj is None:
            data = self._choose_deflate_flavour(data)
        while data and not self._finished and self._obj is not None:
            if self._fresh and self._gzip and not _GZIP_MAGIC.startswith(data[:2]):
                # Junk after a complete gzip stream (padding, a stray newline) is ignored,
                # as browsers do; it is not another member.
                self._finished = True
                return
            self._fresh = False
            yield from self._drain(data)
            if self._obj.eof:
                rest = self._obj.unused_data
                if not self._gzip:
                    self._finished = True
                    return
                # Concatenated gzip members form one valid gzip body.
                self._obj = zlib.decompressobj(_GZIP_WBITS)
                self._fresh = True
                data = rest
            else:
                data = b""

    def _drain(self, data: bytes) -> Iterator[bytes]:
        assert self._obj is not None
        while True:
            try:
                out = self._obj.decompress(data, PIECE)
            except zlib.error as exc:
                raise BadEncoding(f"corrupt compressed body: {exc}") from exc
            if out:
                yield out
            if self._obj.eof:
                return
            data = self._obj.unconsumed_tail
            # A full piece may leave output pending inside zlib even with no input left.
            if not data and len(out) < PIECE:
                return

    def _choose_deflate_flavour(self, data: bytes) -> bytes:
        # "deflate" should be zlib-wrapped, but many servers send raw deflate. The zlib
        # header is recognisable from its first two bytes, so decide once they are here.
        self._head += data
        if len(self._head) < 2:
            return b""
        first, second = self._head[0], self._head[1]
        wrapped = first & 0x0F == 8 and (first << 8 | second) % 31 == 0
        self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        data, self._head = self._head, b""
        return data

    def check_complete(self) -> None:
        """Raise BadEncoding if the compressed stream stopped before its end."""
        nothing_yet = self._obj is None and not self._head
        if self._finished or nothing_yet or (self._gzip and self._fresh):
            return
        if self._obj is None or not self._obj.eof:
            raise BadEncoding("compressed body ended before the end of its stream")


class BodyDecoder:
    """Undo Content-Encoding layers while streaming, holding at most max_bytes of output."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        self._max = max_bytes
        # The raw body is capped too: a stream of empty deflate blocks decodes to nothing
        # but would otherwise never end.
        self._max_raw = max_bytes + PIECE
        self._raw = 0
        self._size = 0
        self._pieces: list[bytes] = []
        self._layers: list[_Inflater] = []
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        # The last coding listed was applied last, so it comes off first.
        for coding in reversed(codings):
            if coding in _IDENTITY:
                continue
            if coding in _GZIP or coding in _DEFLATE:
                self._layers.append(_Inflater(gzip=coding in _GZIP))
            else:
                raise BadEncoding(f"unsupported content encoding {clean_line(coding, 40)!r}")

    def feed(self, chunk: bytes) -> None:
        """Take one raw network chunk; raise BodyTooLarge or BadEncoding."""
        self._raw += len(chunk)
        if self._raw > self._max_raw:
            raise BodyTooLarge
        for piece in self._through(chunk, 0):
            self._size += len(piece)
            if self._size > self._max:
                raise BodyTooLarge
            self._pieces.append(piece)

    def _through(self, data: bytes, layer: int) -> Iterator[bytes]:
        if layer == len(self._layers):
            yield data
            return
        for piece in self._layers[layer].feed(data):
            yield from self._through(piece, layer + 1)

    def finish(self) -> bytes:
        """Return the whole decoded body; raise BadEncoding if a layer was cut short."""
        for layer in self._layers:
            layer.check_complete()
        return b"".join(self._pieces)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into a lower-case media type and its charset, if any."""
    if not value:
        return None, None
    media, _, params = value.partition(";")
    media_type = clean_line(media, 200).lower() or None
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = clean_line(raw.strip().strip("\"'"), 100).lower() or None
            break
    return media_type, charset


def parse_retry_after(value: str | None, cap: float, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or HTTP-date), capped; None if garbage."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # Huge digit strings are valid syntax; compare lengths before int() to stay cheap.
        seconds = float(value) if len(value) < 20 else cap
        return min(seconds, cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are always GMT
        when = when.replace(tzinfo=UTC)
    delay = when.timestamp() - (clock.now() if now is None else now)
    return min(max(delay, 0.0), cap)


def scheme_of(location: str) -> str | None:
    """The scheme a URL reference names explicitly, lower case, or None if it is relative."""
    match = _SCHEME.match(location)
    return match.group(1).lower() if match else None


def content_base(url: str, content_location: str | None) -> str:
    """The base for relative links in a body: its Content-Location, resolved, else the URL."""
    location = clean_line(content_location or "", 2000)
    if not location:
        return url
    try:
        base = urljoin(url, location)
        parts = urlsplit(base)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    return base
