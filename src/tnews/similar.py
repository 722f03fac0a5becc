"""Find the same story told by other feeds, by comparing small token signatures."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from tnews.text.normalize import is_stop_word, normalize, stem

SIGNATURE_VERSION = "s1"
BODY_WORDS = 80
TITLE_WEIGHT = 2.0
# Words every news story uses (reporting verbs, days, "said"): they tie unrelated stories
# together, so they count for little. The store has no corpus statistics to learn this from.
COMMON_WEIGHT = 0.5

# Midway in the gap seen on tests/pure/stories.json: the weakest same-story pair scores 0.405
# (an English wire story reworded), the strongest different-story pair 0.361 (shared city and
# «الاتحاد»). Arabic same-story pairs all score 0.49 or more. The gap is narrow: without corpus
# frequencies, boilerplate shared by two different stories weighs like real evidence.
SAME_STORY_THRESHOLD = 0.38

_ARABIC_SUFFIXES = ("هما", "ها", "هم", "ات", "ون", "ين", "ان", "يه", "يا", "ه", "ي", "ا")
_MIN_ROOTISH = 3
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][a-z]+)+")

_COMMON = """
قال قالت اعلن اعلنت اكد اكدت اضاف اضافت اشار اشارت اوضح اوضحت ذكر ذكرت اليوم امس غدا
الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت يوم عام شهر الماضي المقبل جديد بيان
بحسب وفق خلال حيث الذي التي اطار يعلن تعلن يقول تقول حكومه وزير وزاره رييس رياسي مجلس
وطني دوله مدينه عاصمه بلاد مسوول عدد اكثر اقل نسبه مليون مليار الف رسمي اجل اخر اول
said says told announced according reported monday tuesday wednesday thursday friday
saturday sunday today yesterday week year new us government minister president national
united states state official country city people percent million billion thousand public
first last
"""


def _arabic_root(word: str) -> str:
    # One suffix at most: enough to meet «أوروبياً» and «أوروبي», «الانتخابات» and «انتخاب».
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOTISH:
            return word[: -len(suffix)]
    return word


def _latin_root(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word.removesuffix("e") if len(word) > 4 else word


def _is_arabic(word: str) -> bool:
    return "\u0620" <= word[0] <= "\u06ff"


def _term(word: str) -> str:
    return _arabic_root(word) if _is_arabic(word) else _latin_root(word)


def _acronyms(text: str) -> list[str]:
    # Wires alternate "National Highway Traffic Safety Administration" and "NHTSA", "National
    # Oil Corporation" and "NOC": the initials of a run of capitalised words bridge the two.
    found = []
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        # A sentence-initial "The" is capitalised but no part of the name.
        while words and is_stop_word(words[0].casefold()):
            words.pop(0)
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(initials) >= 3:
            found.append(initials.casefold())
    return found


@lru_cache(maxsize=65536)
def _word_term(word: str) -> str | None:
    """A normalised word's same-story term, or None for a word that is no evidence."""
    # One-digit numbers («2-1», "1.4" split at the point) match far too much to be evidence.
    if is_stop_word(word) or (word.isdigit() and len(word) < 2):
        return None
    if _is_arabic(word) and len(word) >= 4 and word.endswith("ا"):
        # The alef of tanween («وفداً») goes before the clitics, or «وفدا» loses its و.
        word = word[:-1]
    return _term(stem(word))


def _terms(text: str) -> list[str]:
    out = _acronyms(text)
    # Words repeat from article to article: each is turned into its term once per process.
    out.extend(t for t in map(_word_term, normalize(text).split()) if t is not None)
    return out


_COMMON_TERMS = frozenset(_terms(_COMMON)) | frozenset(_term(w) for w in normalize(_COMMON).split())


@dataclass(frozen=True)
class Signature:
    """The content terms of an article's title and of the start of its body."""

    title: frozenset[str]
    body: frozenset[str]

    def to_text(self) -> str:
        """A compact, versioned string for storing the signature in a text column."""
        return "|".join(
            (SIGNATURE_VERSION, " ".join(sorted(self.title)), " ".join(sorted(self.body)))
        )

    @classmethod
    def from_text(cls, text: str) -> Signature:
        """Read a signature written by to_text; ValueError if it is malformed or outdated."""
        parts = text.split("|")
        if len(parts) != 3 or parts[0] != SIGNATURE_VERSION:
            raise ValueError("not a current signature; compute it again from the article")
        return cls(frozenset(parts[1].split()), frozenset(parts[2].split()))

    def weights(self) -> dict[str, float]:
        """Each term's weight: title terms count more, common news words far less."""
        out: dict[str, float] = {}
        for term in self.title | self.body:
            weight = (TITLE_WEIGHT if term in self.title else 0.0) + (
                1.0 if term in self.body else 0.0
            )
            out[term] = weight * (COMMON_WEIGHT if term in _COMMON_TERMS else 1.0)
        return out

    @cached_property
    def vector(self) -> tuple[dict[str, float], float]:
        """The weights and their norm, computed once: one article meets hundreds of others."""
        weights = self.weights()
        return weights, math.sqrt(sum(w * w for w in weights.values()))


def signature(title: str, body: str) -> Signature:
    """The signature of an article from its title and the first words of its body."""
    # Splitting a whole 80 KB body to keep 80 words is wasted work: a prefix holding more
    # than BODY_WORDS words (the last may be cut) gives the same first words.
    words = body[: BODY_WORDS * 40].split()
    if len(words) <= BODY_WORDS:
        words = body.split()
    head = " ".join(words[:BODY_WORDS])
    return Signature(frozenset(_terms(title)), frozenset(_terms(head)))


def similarity(a: Signature, b: Signature) -> float:
    """How alike two signatures are, from 0 (nothing shared) to 1 (the same terms)."""
    return vector_similarity(a.vector, b.vector)


# A signature's term weights and their norm.
Vector = tuple[dict[str, float], float]


def vector_similarity(a: Vector, b: Vector) -> float:
    """similarity, on the signatures' vectors."""
    (wa, norm_a), (wb, norm_b) = a, b
    # Only shared terms add to the product, and two stories share few: intersect the keys
    # (in C) rather than look every term of one up in the other. The order of the sum was
    # never fixed (it follows set iteration, which varies with the hash seed).
    dot = sum(wa[t] * wb[t] for t in wa.keys() & wb.keys())
    if dot == 0.0:
        return 0.0
    return min(1.0, dot / (norm_a * norm_b))


@lru_cache(maxsize=8192)
def stored_vector(text: str) -> Vector | None:
    """A stored signature's vector, worked out once; None if outdated or malformed."""
    # One refresh compares each new article with dozens of stored ones, mostly the same few
    # thousand: reading and weighing each once instead of on every comparison. Only the
    # vector is kept: a dict of strings to floats is no work for Python's garbage collector,
    # where thousands of kept signatures (two sets each) made every full collection pause
    # the reader for tens of milliseconds.
    try:
        return Signature.from_text(text).vector
    except ValueError:
        return None


def same_story(a: Signature, b: Signature) -> bool:
    """Whether two signatures are alike enough to be the same story."""
    return similarity(a, b) >= SAME_STORY_THRESHOLD


def candidate_tokens(sig: Signature, limit: int = 6) -> list[str]:
    """A few discriminative terms to look up candidate articles by, most telling first."""
    weights = sig.weights()
    # Longer terms are rarer in Arabic and English alike; without corpus counts, length
    # and title position are the best guess at what picks the story out.
    ranked = sorted(weights, key=lambda t: (-weights[t], -len(t), t))
    return [t for t in ranked if t not in _COMMON_TERMS][:limit]
