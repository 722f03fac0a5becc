"""Spelling-insensitive matching of the short labels news sites put around their content."""

from __future__ import annotations

import re
from functools import lru_cache

_HARAKAT = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_HAMZA_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
# Punctuation a label may carry around it: «اقرأ أيضا:», "Read also -", «تابع أيضا/».
_PUNCT = re.compile(r"[\s:/|\\\-–—_.,،؛;!?؟«»\"'“”‘’()\[\]>»<«•·…*]+")


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def is_slug(name: str) -> bool:
    """Whether a name is a URL slug (politics, world-news) rather than a label."""
    return bool(_SLUG.fullmatch(name))


def normalize(text: str) -> str:
    """Fold a label: hamza forms to alef, no harakat/tanween/tatweel, no punctuation, lower case."""
    text = _HARAKAT.sub("", text).translate(_HAMZA_ALEF).casefold()
    return _PUNCT.sub(" ", text).strip()


def _folded(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize(label) for label in labels)


SEE_ALSO = _folded(
    (
        "تابع أيضا",
        "تابع أيضاً",
        "اقرأ أيضا",
        "إقرأ أيضاً",
        "اقرأ كذلك",
        "اقرأ المزيد",
        "شاهد أيضا",
        "طالع أيضا",
        "طالع أيضاً",
        "اطلع أيضا",
        "يهمك أيضا",
        "قد يهمك أيضا",
        "قد يهمك",
        "للمزيد",
        "read also",
        "also read",
        "see also",
        "read more",
        "related",
        "further reading",
    )
)

RELATED = _folded(
    (
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "موضوعات ذات صلة",
        "الأخبار المرتبطة",
        "أخبار مرتبطة",
        "أخبار متعلقة",
        "مقالات مشابهة",
        "related",
        "related articles",
        "related posts",
        "related stories",
        "related news",
        "more stories",
        "read more",
        "you may also like",
    )
)

# Theme chrome that is never article text, whatever a page extractor thinks.
CHROME = _folded(
    (
        "زر الذهاب إلى الأعلى",
        "الذهاب إلى الأعلى",
        "العودة إلى الأعلى",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "الأكثر تداولا",
        "عاجل",
        "شارك",
        "شارك المقال",
        "شارك هذا المقال",
        "شارك الخبر",
        "مشاركة",
        "اترك تعليقاً",
        "اترك تعليقا",
        "أضف تعليق",
        "التعليقات",
        "إرسال التعليق",
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "الرئيسية",
        "back to top",
        "share",
        "share this",
        "share this article",
        "most read",
        "most popular",
        "breaking",
        "leave a reply",
        "leave a comment",
        "post comment",
        "comments",
        "tags",
        "الوسوم",
        "وسوم",
        "advertisement",
        "إعلان",
    )
)

# Words at the end of a feed body that say "the rest is on the site".
MORE_MARKERS = _folded(("read more", "continue reading", "اقرأ المزيد", "المزيد", "اقرا المزيد"))


@lru_cache(maxsize=16)
def _first_words(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(label.split(" ", 1)[0] for label in labels)


def label_prefix(text: str, labels: frozenset[str]) -> int | None:
    """Length of the leading label in text (with its punctuation), or None if it has none."""
    words = text[:80]
    # Most blocks start with no label at all. A label's first word must begin the block's
    # first word (a label may end inside it, before a mark or a symbol), so one fold of the
    # block rules out nearly every block before the prefixes are folded one by one.
    first = normalize(words).split(" ", 1)[0]
    if not first or not any(first.startswith(word) for word in _first_words(labels)):
        return None
    # Try the longest prefix first so «قد يهمك أيضا» is not read as «قد يهمك».
    for end in range(len(words), 0, -1):
        if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
            continue
        if normalize(words[:end]) in labels:
            rest = end
            while rest < len(text) and (_PUNCT.match(text[rest]) or text[rest].isspace()):
                rest += 1
            return rest
    return None
