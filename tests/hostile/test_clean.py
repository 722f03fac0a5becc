"""The cleaner removes whole sequences but never the legitimate text that follows them."""

from __future__ import annotations

import pytest

from tnews.text.clean import clean_block, clean_line, strip_bidi


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # An OSC whose terminator never comes ends at the next control character.
        ("A\x1b]0;title\nB C", "A B C"),
        ("A\x1b]0;title\x1b[2JB", "AB"),
        # feedparser turns an 8-bit ST into "œ": the OSC must still not eat the next field.
        ("A\x9d0;pwnedœ\r\nB\x1b]0;x\x07 C", "A B C"),
        ("A\x1bPq#0;2pwned\x1b\\B", "AB"),
        ("A\x1b_apc\x9cB\x9b6nC", "ABC"),
        ("A\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\B", "AlinkB"),
    ],
)
def test_sequences_go_and_the_text_after_them_stays(dirty: str, clean: str) -> None:
    assert clean_line(dirty) == clean


def test_a_block_keeps_its_lines_after_an_unterminated_sequence() -> None:
    assert clean_block("first\x1b]52;c;cHduZWQ=\nsecond") == "first\nsecond"


def test_a_title_keeps_the_authors_bidi_controls_but_never_an_escape() -> None:
    title = "\u2067عاجل\u2069 \x1b[2JMarkets\u202e up"
    assert clean_line(title, keep_bidi=True) == "\u2067عاجل\u2069 Markets\u202e up"
    # URLs, errors and keys keep none, and text printed outside the layout drops them.
    assert clean_line(title) == "عاجل Markets up"
    assert strip_bidi("\u2066+33 1\u2069 \u202bx\u202c") == "+33 1 x"
