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


PORTUGUESE = "Educação e população: a situação da informação e as ações do governo."


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "ISO-8859-15"])
def test_a_latin_declaration_holds_for_accented_pairs(declared: str) -> None:
    text, used = decode_bytes(PORTUGUESE.encode("cp1252"), declared)
    assert text == PORTUGUESE and used in ("cp1252", "iso8859-15")


def test_one_stray_byte_in_utf8_is_replaced_not_a_reason_to_reread() -> None:
    french = "L'été à Montréal, la fête de la musique réunit des élèves."
    data = french.encode("utf-8").replace(b"musique", b"mus\xe9ique")
    for declared in (None, "utf-8", "iso-8859-1"):
        text, used = decode_bytes(data, declared)
        assert used == "utf-8"
        assert text == french.replace("musique", "mus\ufffdique")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_a_bom_are_told_by_their_first_bytes(codec: str) -> None:
    feed = '<?xml version="1.0" encoding="utf-16"?><rss><title>أخبار élégantes</title></rss>'
    assert decode_bytes(feed.encode(codec), "utf-8", "xml") == (feed, codec)


def test_ebcdic_is_read_in_the_table_it_declares() -> None:
    feed = '<?xml version="1.0" encoding="cp500"?><rss><title>Café [brûlé]!</title></rss>'
    assert decode_bytes(feed.encode("cp500"), None, "xml") == (feed, "cp500")


def test_another_scripts_bytes_are_not_taken_for_arabic() -> None:
    russian = "Новый год: в Москве прошли праздничные мероприятия, и погода была хорошей."
    text, used = decode_bytes(russian.encode("koi8-r"))
    assert used == "cp1252"
    assert not any("\u0600" <= c <= "\u06ff" for c in text)


@pytest.mark.parametrize("encoding", ["iso8859-9", "cp1254"])
def test_undeclared_turkish_is_read_as_turkish(encoding: str) -> None:
    turkish = "İstanbul'da güçlü yağış: şehir merkezinde ulaşım aksadı."
    assert decode_bytes(turkish.encode(encoding)) == (turkish, "cp1254")
