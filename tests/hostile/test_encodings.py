"""Feeds in legacy encodings come out right, whatever their labels claim."""

from __future__ import annotations

import codecs

from tests.hostile.support import Home, ServerThread, body

TITLE = "الحكومة تعلن خطة جديدة لدعم الاقتصاد في طرابلس"
TEXT = "وقال المتحدث إن المشروعات ستبدأ خلال العام المقبل بتمويل قدره مليار دينار"


def feed(name: str, encoding: str, declared: str | None, bom: bytes = b"") -> bytes:
    """An Arabic RSS feed encoded in encoding, whose XML declaration says declared."""
    declaration = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    text = (
        f'{declaration}<rss version="2.0"><channel><title>enc-{name}</title>'
        f"<language>ar</language><item><guid>{name}</guid><title>{TITLE}</title>"
        f"<description>{TEXT}</description></item></channel></rss>\n"
    )
    return bom + text.encode(encoding)


# name: (body bytes, HTTP Content-Type)
CASES = {
    "cp1256-declared": (feed("cp1256-declared", "cp1256", "windows-1256"), "application/rss+xml"),
    "cp1256-undeclared": (feed("cp1256-undeclared", "cp1256", None), "text/xml"),
    "cp1256-as-latin1": (feed("cp1256-as-latin1", "cp1256", "ISO-8859-1"), "application/xml"),
    "cp1256-http-utf8": (
        feed("cp1256-http-utf8", "cp1256", "windows-1256"),
        "application/rss+xml; charset=utf-8",
    ),
    "cp1256-http-latin1-undeclared": (
        feed("cp1256-http-latin1-undeclared", "cp1256", None),
        "text/xml; charset=iso-8859-1",
    ),
    "iso-8859-6-declared": (feed("iso-8859-6-declared", "iso8859-6", "ISO-8859-6"), "text/xml"),
    "iso-8859-6-as-cp1256": (
        feed("iso-8859-6-as-cp1256", "iso8859-6", "windows-1256"),
        "application/rss+xml",
    ),
    "iso-8859-6-http-cp1256": (
        feed("iso-8859-6-http-cp1256", "iso8859-6", "ISO-8859-6"),
        "application/rss+xml; charset=windows-1256",
    ),
    "utf8-bom-declared-cp1256": (
        feed("utf8-bom-declared-cp1256", "utf-8", "windows-1256", codecs.BOM_UTF8),
        "application/rss+xml; charset=windows-1256",
    ),
    "utf16-bom-declared-8859-6": (
        feed("utf16-bom-declared-8859-6", "utf-16-le", "ISO-8859-6", codecs.BOM_UTF16_LE),
        "application/rss+xml",
    ),
}


def test_every_label_and_lie_gives_the_same_arabic(home: Home, server: ServerThread) -> None:
    for name, (data, content_type) in CASES.items():
        server.routes[f"/{name}"] = body(data, content_type=content_type)
    home.configure([server.url(f"/{name}") for name in CASES])
    done = home.fetch()
    assert f"{len(CASES)} ok" in done.stdout, done.stdout
    by_feed = {i["feed"]: i for i in home.list_json()}
    assert set(by_feed) == {f"enc-{name}" for name in CASES}
    # A guid that names no link is kept as written; one that does is resolved: key by its
    # last segment either way.
    leads = {g.rsplit("/", 1)[-1]: lead for g, lead in home.sql("SELECT guid, lead FROM articles")}
    for name in CASES:
        assert by_feed[f"enc-{name}"]["title"] == TITLE, name
        assert leads[name] == TEXT, name
    # And one of them through the reader's own command, end to end.
    read = home.run("read", str(by_feed["enc-iso-8859-6-as-cp1256"]["id"]), "--bidi", "off")
    assert TEXT in read.stdout


PORTUGUESE = "Educação e população: a situação da informação e as ações do governo"
FRENCH = "L'été à Montréal : la fête réunit des élèves de Québec"


def latin_feed(name: str, title: str, declared: str | None) -> str:
    """A one-item RSS feed, declared as given in its XML declaration."""
    declaration = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    return (
        f'{declaration}<rss version="2.0"><channel><title>enc-{name}</title><item>'
        f"<guid>{name}</guid><title>{title}</title><description>{title}.</description>"
        "</item></channel></rss>\n"
    )


def test_latin_feeds_keep_their_accents_declared_or_with_a_stray_byte(
    home: Home, server: ServerThread
) -> None:
    stray = latin_feed("fr-stray", FRENCH, "utf-8").encode().replace(b"des ", b"des \xe9", 1)
    cases = {
        "pt-latin1": (
            latin_feed("pt-latin1", PORTUGUESE, "ISO-8859-1").encode("cp1252"),
            PORTUGUESE,
        ),
        "pt-http-1252": (latin_feed("pt-http-1252", PORTUGUESE, None).encode("cp1252"), PORTUGUESE),
        "fr-stray": (stray, FRENCH.replace("des ", "des \ufffd", 1)),
    }
    charsets = {"pt-http-1252": "; charset=windows-1252"}
    for name, (data, _title) in cases.items():
        content_type = "application/rss+xml" + charsets.get(name, "")
        server.routes[f"/{name}"] = body(data, content_type=content_type)
    home.configure([server.url(f"/{name}") for name in cases])
    done = home.fetch()
    assert f"{len(cases)} ok" in done.stdout, done.stdout
    by_feed = {i["feed"]: i for i in home.list_json()}
    for name, (_data, title) in cases.items():
        assert by_feed[f"enc-{name}"]["title"] == title, name
