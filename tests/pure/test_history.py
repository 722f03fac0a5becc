"""History[T] behaves like a browser's back and forward."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tnews.history import History


def test_new_visit_after_back_drops_forward_entries() -> None:
    history: History[str] = History()
    for page in "ABC":
        history.visit(page)
    assert history.back() == "B"
    history.visit("D")
    assert history.current == "D"
    assert not history.can_go_forward
    assert history.forward() is None
    assert history.back() == "B"
    assert history.back() == "A"
    assert history.back() is None
    assert list(history) == ["A", "B", "D"]


def test_empty_history() -> None:
    history: History[int] = History()
    assert history.current is None
    assert not history.can_go_back
    assert not history.can_go_forward
    assert history.back() is None
    assert history.forward() is None
    assert len(history) == 0
    with pytest.raises(IndexError):
        history.replace_current(1)


def test_back_and_forward_walk_the_entries() -> None:
    history: History[int] = History()
    for page in (1, 2, 3):
        history.visit(page)
    assert history.back() == 2
    assert history.back() == 1
    assert history.can_go_forward and not history.can_go_back
    assert history.forward() == 2
    assert history.forward() == 3
    assert history.forward() is None
    assert history.current == 3


def test_visiting_the_current_entry_again_does_not_duplicate() -> None:
    history: History[str] = History()
    history.visit("A")
    history.visit("B")
    history.visit("B")
    assert list(history) == ["A", "B"]
    assert history.back() == "A"


def test_revisiting_current_after_back_keeps_forward_entries() -> None:
    history: History[str] = History()
    for page in "ABC":
        history.visit(page)
    history.back()
    history.visit("B")
    assert history.forward() == "C"


def test_oldest_entries_are_dropped_beyond_max_length() -> None:
    history: History[int] = History(max_length=3)
    for page in range(5):
        history.visit(page)
    assert list(history) == [2, 3, 4]
    assert history.back() == 3
    assert history.back() == 2
    assert history.back() is None


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError):
        History[int](max_length=0)


@dataclass(frozen=True)
class Page:
    article_id: int
    scroll: int = 0


def test_replace_current_keeps_state_for_coming_back() -> None:
    history: History[Page] = History(key=lambda page: page.article_id)
    history.visit(Page(1))
    history.replace_current(Page(1, scroll=40))
    history.visit(Page(2))
    assert history.back() == Page(1, scroll=40)


def test_key_makes_a_revisit_with_other_state_the_same_entry() -> None:
    history: History[Page] = History(key=lambda page: page.article_id)
    history.visit(Page(1, scroll=10))
    history.visit(Page(1, scroll=0))
    assert len(history) == 1
    assert history.current == Page(1, scroll=10)


def test_clear_forgets_everything() -> None:
    history: History[str] = History()
    history.visit("A")
    history.visit("B")
    history.clear()
    assert history.current is None and len(history) == 0


class Model:
    """The simplest correct history: a list and an index."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length
        self.items: list[int] = []
        self.index = -1

    def visit(self, item: int) -> None:
        if self.items and self.items[self.index] == item:
            return
        self.items = self.items[: self.index + 1] + [item]
        self.items = self.items[-self.max_length :]
        self.index = len(self.items) - 1

    def back(self) -> int | None:
        if self.index <= 0:
            return None
        self.index -= 1
        return self.items[self.index]

    def forward(self) -> int | None:
        if self.index >= len(self.items) - 1:
            return None
        self.index += 1
        return self.items[self.index]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("visit"), st.integers(0, 5)),
        st.tuples(st.just("back"), st.none()),
        st.tuples(st.just("forward"), st.none()),
    ),
    max_size=60,
)


@given(operations, st.integers(1, 8))
def test_history_matches_list_and_index_model(ops: list[tuple[str, int | None]], size: int) -> None:
    history: History[int] = History(max_length=size)
    model = Model(size)
    for name, arg in ops:
        if name == "visit":
            assert arg is not None
            history.visit(arg)
            model.visit(arg)
        elif name == "back":
            assert history.back() == model.back()
        else:
            assert history.forward() == model.forward()
        assert list(history) == model.items
        assert history.current == (model.items[model.index] if model.items else None)
        assert history.can_go_back == (model.index > 0)
        assert history.can_go_forward == (model.index < len(model.items) - 1)
        assert len(history) <= size
