"""Arabic shaping of single words with a fixed reshaper, keeping a map back to logical offsets."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, NamedTuple

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.letters import LETTERS_ARABIC, TATWEEL
from arabic_reshaper.ligatures import LIGATURES
from rich.cells import cell_len

from tnews.layout.chars import (
    BIDI_CONTROLS,
    ISOLATE_CONTROLS,
    MIRROR_TABLE,
    bidi_classes,
    has_invisible,
    is_invisible,
    mark_re,
    reverse_clusters,
)

# Only the lam-alef ligatures fit in one terminal cell; every word or sentence ligature
# (Allah U+FDF2, the rial sign, ...) draws far wider than the cell it would be given.
_LAM_ALEF_KEYS = frozenset(
    {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
)

RESHAPER_CONFIGURATION: dict[str, object] = {
    **{name: name in _LAM_ALEF_KEYS for name, _ in LIGATURES},
    "language": "Arabic",
    "delete_harakat": False,
    "shift_harakat_position": False,
    "delete_tatweel": False,
    "support_zwj": True,
    "use_unshaped_instead_of_isolated": False,
    "support_ligatures": True,
}


class _SettledConfiguration:
    """The reshaper's settings parsed once (it would ask ConfigParser again on every call)."""

    def __init__(self, section: Any) -> None:
        """Read every key of the reshaper's own ConfigParser section."""
        self._values: dict[str, object] = {}
        for key in section:
            try:
                self._values[key] = section.getboolean(key)
            except ValueError:
                self._values[key] = section.get(key)

    def get(self, key: str, fallback: object = None) -> object:
        """A setting; keys are case-insensitive, as in ConfigParser."""
        return self._values.get(key.lower(), fallback)

    def getboolean(self, key: str) -> bool:
        """A yes/no setting."""
        return bool(self._values[key.lower()])


def new_reshaper() -> ArabicReshaper:
    """A reshaper with the layout's fixed configuration, as the library builds it."""
    # Naming the null device as the configuration file stops the reshaper from reading one
    # named by its environment variable; every key is then set by the dictionary above.
    return ArabicReshaper(configuration=RESHAPER_CONFIGURATION, configuration_file=os.devnull)


def _settled_reshaper() -> ArabicReshaper:
    reshaper = new_reshaper()
    reshaper.configuration = _SettledConfiguration(reshaper.configuration)
    return reshaper


_RESHAPER = _settled_reshaper()

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LAM = "\u0644"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")
_LAM_ALEF_FORMS = frozenset(chr(c) for c in range(0xFEF5, 0xFEFD))
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_KEPT_FORMATS = frozenset((_ZWJ, _ZWNJ, *ISOLATE_CONTROLS))
_FORMS: dict[str, frozenset[str]] = {
    letter: frozenset(f for f in forms if f) | {letter} for letter, forms in LETTERS_ARABIC.items()
}


def _form_to_letter() -> dict[int, str]:
    """Each contextual form back to its letter, for the forms that belong to one letter only."""
    owners: dict[str, set[str]] = {}
    for letter, forms in _FORMS.items():
        for form in forms - {letter}:
            owners.setdefault(form, set()).add(letter)
    return {ord(form): next(iter(of)) for form, of in owners.items() if len(of) == 1}


_TO_LETTER = _form_to_letter()


class ShapedWord(NamedTuple):
    """A word as it will be drawn, in logical order, and where each character came from."""

    text: str
    origin: tuple[int, ...]  # offset in the source word of each character of text
    width: int  # terminal cells
    # text mirrored and reversed cluster by cluster; None when text starts with a mark, which
    # then belongs to the space before the word
    visual: str | None = None


def reshape(text: str) -> str:
    """The reshaper with the layout's fixed configuration (for comparisons and benchmarks)."""
    return str(_RESHAPER.reshape(text))


def shape_word(word: str) -> ShapedWord:
    """Shape one space-free word; format characters and joiners vanish from the result,
    but for isolate controls, which render_line removes once the line is reordered."""
    hidden = has_invisible(word)
    if hidden:
        kept = [i for i, ch in enumerate(word) if not is_invisible(ch) or ch in _KEPT_FORMATS]
    else:
        kept = list(range(len(word)))
    if not _ARABIC.search(word):
        origin = tuple(i for i in kept if word[i] not in (_ZWJ, _ZWNJ))
        return _drawn("".join(word[i] for i in origin), origin)
    # A ZWJ joins on both sides exactly like a tatweel, which the reshaper handles without
    # the index slips it has around ZWJ; the stand-in is dropped again below.
    source = "".join(TATWEEL if word[i] == _ZWJ else word[i] for i in kept) if hidden else word
    shaped = reshape(source)
    if not hidden and len(shaped) == len(word) and shaped.translate(_TO_LETTER) == word:
        # No ligature and nothing dropped: every letter only changed its form in place.
        return _drawn(shaped, tuple(kept))
    aligned = _align(source, shaped)
    if aligned is None:
        chars = [(word[i], i) for i in kept]
    else:
        chars = [(ch, kept[src]) for ch, src in zip(shaped, aligned, strict=True)]
    chars = [(ch, i) for ch, i in chars if word[i] not in (_ZWJ, _ZWNJ)]
    return _drawn("".join(ch for ch, _ in chars), tuple(i for _, i in chars))


def _drawn(text: str, origin: tuple[int, ...]) -> ShapedWord:
    visual = None if mark_re().match(text) else reverse_clusters(text.translate(MIRROR_TABLE))
    return ShapedWord(text, origin, cell_len(text), visual)


def _align(source: str, shaped: str) -> list[int] | None:
    """For each shaped character, the index in source it stands for; None if they disagree."""
    out: list[int] = []
    consumed: set[int] = set()
    j = 0
    for i, ch in enumerate(source):
        if i in consumed:
            continue
        if j >= len(shaped):
            return None
        got = shaped[j]
        if got in _LAM_ALEF_FORMS and ch == _LAM:
            k = i + 1
            while k < len(source) and _is_mark(source[k]):
                k += 1
            if k >= len(source) or source[k] not in _ALEFS:
                return None
            consumed.add(k)
        elif got != ch and got not in _FORMS.get(ch, ()):
            return None
        out.append(i)
        j += 1
    return out if j == len(shaped) else None


_HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff]"
)


def _is_mark(ch: str) -> bool:
    return _HARAKAT.match(ch) is not None


def strip_word(word: str) -> ShapedWord:
    """A word for terminals that shape and reorder themselves: only bidi controls go."""
    origin = tuple(
        i
        for i, ch in enumerate(word)
        if ch not in BIDI_CONTROLS and not (is_invisible(ch) and ch < "\u00a0")
    )
    text = "".join(word[i] for i in origin)
    return ShapedWord(text, origin, cell_len(text))


class WordInfo(NamedTuple):
    """A space-free source word with everything about it that does not depend on context."""

    shaped: ShapedWord
    text: str  # shaped.text, at hand for joining
    classes: str  # bidi class letter of each source character
    keep: bytes  # 1 for each source character that is drawn, 0 for each that is dropped


def _word_info(shaped: ShapedWord, word: str) -> WordInfo:
    if len(shaped.text) == len(word):
        keep = b"\x01" * len(word)
    else:
        mask = bytearray(len(word))
        for i in shaped.origin:
            mask[i] = 1
        keep = bytes(mask)
    return WordInfo(shaped, shaped.text, bidi_classes(word), keep)


@lru_cache(maxsize=1 << 16)
def shaped_word_info(word: str) -> WordInfo:
    """A word shaped for the screen, with its classes and the characters it keeps."""
    return _word_info(shape_word(word), word)


@lru_cache(maxsize=1 << 16)
def stripped_word_info(word: str) -> WordInfo:
    """A word for terminals that shape themselves, with its classes and the characters kept."""
    return _word_info(strip_word(word), word)


def clear_caches() -> None:
    """Forget every cached word (for measuring layout from cold)."""
    shaped_word_info.cache_clear()
    stripped_word_info.cache_clear()
