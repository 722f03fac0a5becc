"""The reader's refresh summary says what was forgotten and which feeds were read in part."""

from __future__ import annotations

from tnews.refresh import FeedOutcome, Summary
from tnews.ui.app import _summary_message


def test_the_summary_says_what_was_forgotten_and_read_in_part() -> None:
    summary = Summary(
        outcomes=[
            FeedOutcome(1, "أخبار", True, new=12),
            FeedOutcome(2, "مدونة", True, new=1, warning="feed is malformed, entries recovered"),
        ],
        cleaned=30,
    )
    message, is_error = _summary_message(summary)
    assert message == (
        "Refreshed 2 feeds: 13 new articles, 30 read articles no feed carries forgotten, "
        "1 broken feed read in part"
    )
    assert not is_error


def test_a_plain_refresh_says_only_what_came() -> None:
    message, _ = _summary_message(Summary(outcomes=[FeedOutcome(1, "أخبار", True, new=2)]))
    assert message == "Refreshed 1 feed: 2 new articles"
