"""Arabic-aware normalisation for search, section names and story similarity."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

from tnews.text.stopwords import ARABIC_STOP_WORDS, ENGLISH_STOP_WORDS

# Marks removed after canonical decomposition: Arabic harakat (including the hamza above and
# below and the madda, which NFD splits off أ إ آ ؤ ئ), the superscript alef, Quranic
# annotation signs, and the combining diacritics Latin, Greek and Cyrillic accents decompose to.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)

# Invisible format characters vanish rather than split a word: a Persian ZWNJ sits inside a
# word, and a stray LRM or soft hyphen must not cut a name in two.
_FORMAT = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_LETTERS = {
    # Alef forms not decomposed by NFD (wasla, wavy hamza) unify with bare alef.
    "\u0671": "\u0627",
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0675": "\u0627",
    "\u0676": "\u0648",
    "\u0678": "\u064a",
    "\u0649": "\u064a",  # alef maqsura -> yeh: «على» and «علي» are written both ways
    "\u0629": "\u0647",  # ta marbuta -> heh: «مدرسة» and «مدرسه» both occur
    "\u06a9": "\u0643",  # Persian keheh
    "\u06aa": "\u0643",  # swash kaf
    "\u06cc": "\u064a",  # Farsi yeh
    "\u06d2": "\u064a",  # Urdu yeh barree
    "\u06c0": "\u0647",  # heh with yeh above (precomposed, in case NFD is skipped)
    "\u06d5": "\u0647",  # what NFD leaves of ۀ
    "\u06be": "\u0647",  # Urdu heh doachashmee
    "\u06c1": "\u0647",  # heh goal
    "\u06c3": "\u0647",  # teh marbuta goal
    "\u0640": None,  # tatweel only stretches a word
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_TRANSLATE = str.maketrans(_LETTERS) | _DIGITS

_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_CLITICS = "وفبلك"
# A stripped stem must keep three letters: «وصل» and «بلد» are whole words, not و+صل.
_MIN_STEM = 3
_MAX_QUERY_TERMS = 16


# Not a letter or digit (an underscore is neither here, though regular expressions call it
# a word character). Such a character becomes a space, unless it is a combining mark.
_NON_WORD = re.compile(r"[\W_]")

# Characters whose folding below is a character-by-character mapping, whatever comes around
# them: ASCII, the Arabic block without the three combining marks that compose with a letter
# before them (U+0653-U+0655), general punctuation, no-break space, guillemets, BOM. They
# decompose to starters and marks that are all stripped, and nothing composes with them.
# Text made only of these (most Arabic and English news) is folded by one table lookup a
# character instead of three Unicode normalisations: about four times faster.
_SIMPLE_CHARS = "\x00-\x7f\u00a0\u00ab\u00bb\u0600-\u0652\u0656-\u06ff\u2000-\u206f\ufeff"
_NOT_SIMPLE = re.compile(f"[^{_SIMPLE_CHARS}]")


def _space_unless_mark(match: re.Match[str]) -> str:
    char = match.group()
    return char if unicodedata.category(char)[0] == "M" else " "


def _fold(text: str) -> str:
    """The folding of normalize, before whitespace is collapsed: the general, exact path."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MARKS.sub("", unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    text = _FORMAT.sub("", text)
    # Standalone hamza «ء» is a letter and stays: dropping it would turn «ماء» into «ما».
    return _NON_WORD.sub(_space_unless_mark, text)


def _simple_table() -> dict[int, str]:
    ranges = [(0x00, 0x7F), (0xA0, 0xA0), (0xAB, 0xAB), (0xBB, 0xBB), (0x0600, 0x0652)]
    ranges += [(0x0656, 0x06FF), (0x2000, 0x206F), (0xFEFF, 0xFEFF)]
    chars = (chr(code) for lo, hi in ranges for code in range(lo, hi + 1))
    return {ord(c): folded for c in chars if (folded := _fold(c)) != c}


_SIMPLE_TABLE = _simple_table()
_SIMPLE_MAP = {chr(code): folded for code, folded in _SIMPLE_TABLE.items()}
# str.translate looks every non-ASCII character up in a dict of ints; a regular expression
# that stops only at the few characters that change (one in fifteen in Arabic news) is faster.
_SIMPLE_CHANGED = re.compile("[" + "".join(re.escape(char) for char in _SIMPLE_MAP) + "]")


def _simple_folded(match: re.Match[str]) -> str:
    return _SIMPLE_MAP[match.group()]


def normalize(text: str) -> str:
    """Fold text for matching: Arabic letter variants, marks, digits, case, accents, spacing."""
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.translate(_SIMPLE_TABLE).split())
    if _NOT_SIMPLE.search(text) is None:
        return " ".join(_SIMPLE_CHANGED.sub(_simple_folded, text).split())
    return " ".join(_fold(text).split())


STOP_WORDS: frozenset[str] = frozenset(
    normalize(word) for word in (*ARABIC_STOP_WORDS, *ENGLISH_STOP_WORDS)
)


def _is_arabic(word: str) -> bool:
    return "\u0620" <= word[0] <= "\u06ff"


@lru_cache(maxsize=65536)
def variants(word: str) -> tuple[str, ...]:
    """Every form of a normalised word with clitic prefixes stripped, the word itself first."""
    if not word or not _is_arabic(word):
        return (word,)
    seen = [word]
    pending = [word]
    while pending:
        current = pending.pop()
        found = [current[len(a) :] for a in _ARTICLES if current.startswith(a)]
        if current[0] in _CLITICS:
            found.append(current[1:])
        for stem in found:
            if len(stem) >= _MIN_STEM and stem not in seen:
                seen.append(stem)
                pending.append(stem)
    return tuple(seen)


def stem(word: str) -> str:
    """The light stem of a normalised word: its shortest prefix-stripped variant."""
    # Always the shortest, so the stem of X is among the variants of any clitic+X; the index
    # holds all variants and queries use the stem, which makes «أضاف» find «وأضاف».
    return min(variants(word), key=lambda v: (len(v), v))


def is_stop_word(word: str) -> bool:
    """Whether a normalised word is a stop word, alone or behind one clitic letter («وفي»)."""
    if word in STOP_WORDS:
        return True
    return len(word) > 2 and word[0] in _CLITICS and word[1:] in STOP_WORDS


def tokens(text: str, stop: bool = True) -> list[str]:
    """The light stems of the words of text, in order, without stop words unless stop=False."""
    words = normalize(text).split()
    return [stem(w) for w in words if not (stop and is_stop_word(w))]


def search_text(text: str) -> str:
    """The text to store in an FTS5 column: every word followed by its stripped variants."""
    # Stop words stay in the index: a query made only of them («علي», "The Who") searches them.
    return " ".join(chain.from_iterable(map(variants, normalize(text).split())))


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(user_query: str, *, prefix: bool = True) -> str | None:
    """A safe FTS5 MATCH expression for what a user typed, or None when nothing is searchable.
    With prefix=False the last word is taken whole even when no space follows it."""
    words = normalize(user_query).split()
    content = [w for w in words if not is_stop_word(w)] or words
    terms = list(dict.fromkeys(stem(w) for w in content))[:_MAX_QUERY_TERMS]
    if not terms:
        return None
    parts = [_fts_string(t) for t in terms]
    # The last word may still be being typed; a trailing space says it is finished.
    if prefix and not user_query[-1].isspace() and len(terms[-1]) >= 2:
        parts[-1] += "*"
    return " AND ".join(parts)


def section_key(name: str) -> str:
    """The key under which two section names count as the same section."""
    words = []
    for word in normalize(name).split():
        if word.startswith("ال") and len(word) - 2 >= 2:
            word = word[2:]
        words.append(word)
    # A name of symbols only («★») would otherwise collide with every other such name.
    return " ".join(words) or name.strip().casefold()
