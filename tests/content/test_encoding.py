"""decode_bytes: BOMs, lying declarations and legacy Arabic code pages."""

from __future__ import annotations

import codecs

import pytest

from tnews.text.encoding import decode_bytes

ARABIC = (
    "<html><head><title>العربية</title></head><body><p>قال رئيس الوزراء إن الحكومة ستعمل "
    "على تحسين الخدمات في كل المدن، وأكد أن الاقتصاد ينمو بثبات.</p></body></html>"
)


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859-6", "utf-8"])
@pytest.mark.parametrize(
    "declared", [None, "utf-8", "iso-8859-1", "windows-1252", "windows-1256", "iso-8859-6", "bogus"]
)
def test_arabic_decodes_whatever_is_declared(encoding: str, declared: str | None) -> None:
    text, used = decode_bytes(ARABIC.encode(encoding), declared)
    assert text == ARABIC
    assert used == encoding


def test_meta_and_xml_declarations_are_read() -> None:
    page = ARABIC.replace("<head>", '<head><meta charset="windows-1256">').encode("cp1256")
    assert decode_bytes(page) == (page.decode("cp1256"), "cp1256")
    feed = '<?xml version="1.0" encoding="windows-1256"?><rss><title>أخبار</title></rss>'
    assert decode_bytes(feed.encode("cp1256"), None, "xml") == (feed, "cp1256")


def test_a_bom_wins_over_the_declaration() -> None:
    data = codecs.BOM_UTF8 + ARABIC.encode("utf-8")
    assert decode_bytes(data, "windows-1256") == (ARABIC, "utf-8")
    data16 = codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")
    assert decode_bytes(data16, "utf-8") == (ARABIC, "utf-16-le")


def test_latin_text_keeps_its_latin_declaration() -> None:
    french = "Le café est très élégant à Paris, où l’été dure.".encode("cp1252")
    assert decode_bytes(french, "iso-8859-1") == (french.decode("cp1252"), "cp1252")
    assert decode_bytes(french)[1] == "cp1252"


def test_ascii_and_empty_input() -> None:
    assert decode_bytes(b"<p>hi</p>", "windows-1256") == ("<p>hi</p>", "cp1256")
    assert decode_bytes(b"") == ("", "utf-8")


def test_undecodable_bytes_still_give_text() -> None:
    text, used = decode_bytes(bytes(range(256)) * 4, "utf-8")
    assert isinstance(text, str) and used
