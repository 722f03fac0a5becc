"""label_prefix's quick rejection finds exactly the labels the prefix-by-prefix search finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tnews.content.labels import _PUNCT, CHROME, RELATED, SEE_ALSO, label_prefix, normalize


def reference(text: str, labels: frozenset[str]) -> int | None:
    """The search before the quick rejection: every prefix folded, longest first."""
    words = text[:80]
    for end in range(len(words), 0, -1):
        if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
            continue
        if normalize(words[:end]) in labels:
            rest = end
            while rest < len(text) and (_PUNCT.match(text[rest]) or text[rest].isspace()):
                rest += 1
            return rest
    return None


LABELS = sorted(SEE_ALSO | RELATED | CHROME)
PIECES = st.one_of(
    st.sampled_from(LABELS),
    st.sampled_from(["تابع", "أيضاً", "اقرأ", "إقرأ", "Read", "ALSO", "قد", "يهمك", "related"]),
    st.sampled_from([":", " ", "/", " - ", "«", "»", "\u064b", "\u0651", "@", "%", "😀", "ـ", "…"]),
    st.text(max_size=6),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_same_answer_as_the_full_search(text: str) -> None:
    for labels in (SEE_ALSO, RELATED, SEE_ALSO | RELATED, CHROME):
        assert label_prefix(text, labels) == reference(text, labels), (text, labels is CHROME)


def test_labels_are_still_found() -> None:
    assert label_prefix("إقرأ أيضاً: خبر آخر", SEE_ALSO) == len("إقرأ أيضاً: ")
    assert label_prefix("قد يهمك أيضا/ عنوان", SEE_ALSO) == len("قد يهمك أيضا/ ")
    assert label_prefix("related@site news", SEE_ALSO) == len("related")
    assert label_prefix("المجلس الرئاسي يستقبل وفداً", SEE_ALSO) is None
