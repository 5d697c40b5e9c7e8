"""Exact, regex and fuzzy search, and widening hits to sentences, paragraphs, turns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.search import (
    SPEAKER_LABEL,
    Hit,
    find_exact,
    find_fuzzy,
    find_regex,
    search,
    widen,
)

TRANSCRIPT = (
    "Recorded at the practice.\n"
    "Interviewer: How did the mentoring start? Was it formal?\n"
    "PJ: It began informally. My mentor was a GP!\n"
    "Later we had monthly meetings.\n"
    "\n"
    "Interviewer: And now?\n"
    "PJ: Mentorship is part of my job. Really.\f It still is.\n"
)


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_find_exact_ignores_case_by_default() -> None:
    hits = find_exact("Mentor, mentor, MENTOR", "mentor")
    assert [h.span for h in hits] == [(0, 6), (8, 14), (16, 22)]
    assert [h.matched for h in hits] == ["Mentor", "mentor", "MENTOR"]


def test_find_exact_case_sensitive_and_whole_words() -> None:
    text = "mentor Mentor mentorship mentor."
    assert [h.start for h in find_exact(text, "Mentor", case_sensitive=True)] == [7]
    whole = find_exact(text, "mentor", whole_words=True)
    assert [h.span for h in whole] == [(0, 6), (7, 13), (25, 31)]


def test_find_exact_treats_the_query_literally() -> None:
    assert [h.span for h in find_exact("a.b axb (a.b)", "a.b")] == [(0, 3), (9, 12)]
    assert find_exact("anything", "") == []


def test_find_regex_matches_per_line_and_skips_empty_matches() -> None:
    hits = find_regex(TRANSCRIPT, r"^PJ:")
    assert [TRANSCRIPT[h.start : h.start + 3] for h in hits] == ["PJ:", "PJ:"]
    assert len(hits) == 2
    assert [h.matched for h in find_regex("aXbXXc", "x*")] == ["X", "XX"]


def test_find_regex_case_sensitivity() -> None:
    assert [h.matched for h in find_regex("GP gp Gp", r"g\w")] == ["GP", "gp", "Gp"]
    assert [h.matched for h in find_regex("GP gp Gp", r"g\w", case_sensitive=True)] == ["gp"]


@pytest.mark.parametrize("pattern", ["(mentor", "[a-", "a{99999999999}", "x\n(y"])
def test_bad_regex_raises_value_error_with_one_line(pattern: str) -> None:
    with pytest.raises(ValueError, match="Invalid regular expression") as caught:
        find_regex("text", pattern)
    assert "\n" not in str(caught.value)


def test_fuzzy_finds_a_misspelled_query_inside_a_sentence() -> None:
    text = "We talked about mentorship, and the mentor scheme."
    hits = find_fuzzy(text, "mentorhsip")
    assert hits == [Hit(16, 26, "mentorship")]


def test_fuzzy_finds_misspellings_in_the_text() -> None:
    text = "The mentorhsip helped. Her mentrship too. A mentor ship, even."
    hits = find_fuzzy(text, "mentorship")
    assert [h.matched for h in hits] == ["mentorhsip", "mentrship", "mentor ship"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.matched


def test_fuzzy_phrase_and_threshold() -> None:
    text = "It was about better specialst support, not better work."
    hits = find_fuzzy(text, "Better specialist support")
    assert [h.matched for h in hits] == ["better specialst support"]
    assert find_fuzzy(text, "sport", threshold=95) == []
    assert find_fuzzy(text, "unrelated") == []
    assert find_fuzzy(text, "...") == []
    with pytest.raises(ValueError, match="threshold"):
        find_fuzzy(text, "better", threshold=0)


def test_speaker_label_pattern() -> None:
    labelled = ["Interviewer: Hi", "I: Hi", "R: Hi", "PJ: Hi", "Participant 3: Hi", "Dr. Lee:"]
    for line in labelled:
        assert SPEAKER_LABEL.match(line), line
    for line in ["12:30 we met", "  PJ: indented", "see http://x", "A" * 31 + ": long"]:
        assert not SPEAKER_LABEL.match(line), line


def test_widen_to_sentence() -> None:
    hit = span_of(TRANSCRIPT, "mentoring")
    assert widen(TRANSCRIPT, hit, "sentence") == span_of(
        TRANSCRIPT, "Interviewer: How did the mentoring start?"
    )
    hit = span_of(TRANSCRIPT, "GP")
    assert widen(TRANSCRIPT, hit, "sentence") == span_of(TRANSCRIPT, "My mentor was a GP!")


def test_widen_to_sentence_stops_at_line_and_page_breaks() -> None:
    hit = span_of(TRANSCRIPT, "monthly")
    assert widen(TRANSCRIPT, hit, "sentence") == span_of(
        TRANSCRIPT, "Later we had monthly meetings."
    )
    hit = span_of(TRANSCRIPT, "still")
    assert widen(TRANSCRIPT, hit, "sentence") == span_of(TRANSCRIPT, "It still is.")


def test_widen_a_hit_across_two_sentences_covers_both() -> None:
    hit = span_of(TRANSCRIPT, "informally. My")
    assert widen(TRANSCRIPT, hit, "sentence") == span_of(
        TRANSCRIPT, "PJ: It began informally. My mentor was a GP!"
    )


def test_widen_to_paragraph() -> None:
    hit = span_of(TRANSCRIPT, "informally")
    assert widen(TRANSCRIPT, hit, "paragraph") == span_of(
        TRANSCRIPT, "PJ: It began informally. My mentor was a GP!"
    )
    hit = span_of(TRANSCRIPT, "Really")
    assert widen(TRANSCRIPT, hit, "paragraph") == span_of(
        TRANSCRIPT, "PJ: Mentorship is part of my job. Really."
    )


def test_widen_to_turn_runs_to_the_next_label() -> None:
    hit = span_of(TRANSCRIPT, "monthly")
    assert widen(TRANSCRIPT, hit, "turn") == span_of(
        TRANSCRIPT, "PJ: It began informally. My mentor was a GP!\nLater we had monthly meetings."
    )
    hit = span_of(TRANSCRIPT, "practice")
    assert widen(TRANSCRIPT, hit, "turn") == span_of(TRANSCRIPT, "Recorded at the practice.")
    hit = span_of(TRANSCRIPT, "still")
    turn = "PJ: Mentorship is part of my job. Really.\f It still is."
    assert widen(TRANSCRIPT, hit, "turn") == span_of(TRANSCRIPT, turn)


def test_widen_none_and_unknown_unit() -> None:
    assert widen(TRANSCRIPT, (3, 9), "none") == (3, 9)
    with pytest.raises(ValueError, match="unknown unit"):
        widen(TRANSCRIPT, (3, 9), "page")  # type: ignore[arg-type]


def test_search_widens_and_merges_hits_in_one_unit() -> None:
    hits = search(TRANSCRIPT, "mentor", unit="paragraph")
    assert [h.matched for h in hits] == [
        "Interviewer: How did the mentoring start? Was it formal?",
        "PJ: It began informally. My mentor was a GP!",
        "PJ: Mentorship is part of my job. Really.",
    ]
    turns = search(TRANSCRIPT, r"m\w+ly", mode="regex", unit="turn")
    assert len(turns) == 1  # "informally" and "monthly": the same turn
    assert turns[0].matched.startswith("PJ: It began") and turns[0].matched.endswith("meetings.")


def test_search_modes_and_options() -> None:
    assert [h.matched for h in search(TRANSCRIPT, "GP", whole_words=True)] == ["GP"]
    fuzzy = search(TRANSCRIPT, "mentorshp", mode="fuzzy", unit="sentence", threshold=85)
    assert [h.matched for h in fuzzy] == ["PJ: Mentorship is part of my job."]
    loose = search(TRANSCRIPT, "mentorshp", mode="fuzzy", unit="sentence")  # "mentor" scores 80
    assert [h.matched for h in loose] == [
        "My mentor was a GP!",
        "PJ: Mentorship is part of my job.",
    ]
    with pytest.raises(ValueError, match="unknown search mode"):
        search(TRANSCRIPT, "x", mode="semantic")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        search(TRANSCRIPT, "x", mode="regex", whole_words=True)


words = st.text(alphabet="ab", min_size=1, max_size=3)
small_texts = st.text(alphabet="abAB .\n", max_size=40)


@given(small_texts, words)
def test_find_exact_agrees_with_a_plain_scan(text: str, query: str) -> None:
    expected = []
    position = text.find(query)
    while position != -1:
        expected.append((position, position + len(query)))
        position = text.find(query, position + len(query))
    assert [h.span for h in find_exact(text, query, case_sensitive=True)] == expected


@given(small_texts, words, st.sampled_from(["none", "sentence", "paragraph", "turn"]))
def test_search_results_contain_hits_and_are_disjoint(text: str, query: str, unit: str) -> None:
    hits = search(text, query, unit=unit)  # type: ignore[arg-type]
    for hit in hits:
        assert hit.matched == text[hit.start : hit.end]
    for before, after in zip(hits, hits[1:], strict=False):
        assert before.end < after.start
    for found in find_exact(text, query):
        assert any(h.start <= found.start and found.end <= h.end for h in hits)
        if unit == "paragraph" and "\n" not in found.matched:
            (owner,) = [h for h in hits if h.start <= found.start < h.end]
            assert "\n" not in owner.matched


def test_hit_span_property() -> None:
    assert Hit(2, 5, "abc").span == (2, 5)
    assert re.fullmatch(r"\w+", Hit(0, 3, "abc").matched)
