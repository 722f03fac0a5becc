"""Same-story detection across feeds that word a story differently."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tnews.similar import (
    SAME_STORY_THRESHOLD,
    Signature,
    candidate_tokens,
    same_story,
    signature,
    similarity,
)

ARTICLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("stories.json")).read_text(encoding="utf-8")
)["articles"]
SIGNATURES = [signature(a["title"], a["body"]) for a in ARTICLES]


def _label(index: int) -> str:
    return f"{ARTICLES[index]['story']}/{ARTICLES[index]['feed']}"


def _pairs(same: bool) -> list[tuple[float, str, str]]:
    pairs = []
    for i, j in itertools.combinations(range(len(ARTICLES)), 2):
        if (ARTICLES[i]["story"] == ARTICLES[j]["story"]) == same:
            score = similarity(SIGNATURES[i], SIGNATURES[j])
            pairs.append((round(score, 3), _label(i), _label(j)))
    return sorted(pairs)


def test_fixtures_have_stories_told_three_ways_and_distractors() -> None:
    stories: dict[str, int] = {}
    for article in ARTICLES:
        stories[article["story"]] = stories.get(article["story"], 0) + 1
    told_three_ways = [s for s, n in stories.items() if n == 3]
    assert len(told_three_ways) >= 5
    assert sum(1 for n in stories.values() if n == 1) >= 6


def test_every_same_story_pair_reaches_the_threshold() -> None:
    weak = [pair for pair in _pairs(same=True) if pair[0] < SAME_STORY_THRESHOLD]
    assert not weak


def test_no_different_story_pair_reaches_the_threshold() -> None:
    close = [pair for pair in _pairs(same=False) if pair[0] >= SAME_STORY_THRESHOLD]
    assert not close


def test_same_story_agrees_with_the_threshold() -> None:
    by_story: dict[str, list[Signature]] = {}
    for article, sig in zip(ARTICLES, SIGNATURES, strict=True):
        by_story.setdefault(article["story"], []).append(sig)
    first, second, _ = by_story["eu-visit"]
    assert same_story(first, second)
    assert not same_story(first, by_story["other-mourning"][0])


def test_identical_articles_score_one() -> None:
    sig = signature("المنفي يستقبل وفداً أوروبياً", "استقبل محمد المنفي سفير الاتحاد الأوروبي")
    assert similarity(sig, sig) == pytest.approx(1.0)


def test_nothing_in_common_scores_zero() -> None:
    a = signature("أمطار غزيرة في بنغازي", "")
    b = signature("Tesla recalls cars", "")
    assert similarity(a, b) == 0.0
    assert similarity(signature("", ""), a) == 0.0


def test_spelling_variants_meet() -> None:
    a = signature("وفداً أوروبياً في طرابلس", "")
    b = signature("الوفد الأوروبي بطرابلس", "")
    assert a.title == b.title


def test_acronyms_meet_their_spelled_out_names() -> None:
    a = signature("NHTSA opens probe", "")
    b = signature("", "The National Highway Traffic Safety Administration opened a probe")
    assert "nhtsa" in a.title and "nhtsa" in b.body


def test_body_is_limited_to_its_first_words() -> None:
    early = signature("", "طرابلس " + "كلمة " * 100 + "بنغازي")
    assert "طرابلس" in early.body
    assert not any(term.startswith("نغاز") for term in early.body)


def test_signature_text_round_trip_on_fixtures() -> None:
    for sig in SIGNATURES:
        text = sig.to_text()
        assert Signature.from_text(text) == sig
        assert "\n" not in text


@given(st.text(max_size=80), st.text(max_size=200))
def test_signature_text_round_trip(title: str, body: str) -> None:
    sig = signature(title, body)
    assert Signature.from_text(sig.to_text()) == sig


@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=60), st.text(max_size=60))
def test_similarity_is_symmetric_and_bounded(t1: str, b1: str, t2: str, b2: str) -> None:
    a, b = signature(t1, b1), signature(t2, b2)
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(similarity(b, a))


@pytest.mark.parametrize("text", ["", "s0|a|b", "s1|a", "s1|a|b|c", "garbage"])
def test_from_text_rejects_what_to_text_cannot_write(text: str) -> None:
    with pytest.raises(ValueError):
        Signature.from_text(text)


def test_candidate_tokens_are_few_distinctive_terms_of_the_signature() -> None:
    for sig in SIGNATURES:
        found = candidate_tokens(sig)
        assert 0 < len(found) <= 6
        assert set(found) <= sig.title | sig.body
        assert len(set(found)) == len(found)
    assert "said" not in candidate_tokens(signature("Tesla said it would recall cars", ""))


def test_candidate_tokens_find_every_same_story_partner() -> None:
    # The store looks candidates up by these tokens; a partner it never sees is a miss.
    for i, j in itertools.combinations(range(len(ARTICLES)), 2):
        if ARTICLES[i]["story"] != ARTICLES[j]["story"]:
            continue
        other = SIGNATURES[j].title | SIGNATURES[j].body
        assert set(candidate_tokens(SIGNATURES[i])) & other, (_label(i), _label(j))
