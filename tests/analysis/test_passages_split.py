"""Windows for similarity search: whole sentences up to a limit, words never cut."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.passages_split import split_windows

WORDS = st.sampled_from(["we", "shift", "rota.", "hard!", "why?", "“ok.”", "ward", "é…", "x" * 40])
SPACES = st.sampled_from([" ", "  ", "\n", " \n\n", "\t"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(SPACES, WORDS), max_size=120))
    return "".join(space + word for space, word in parts) + draw(SPACES)


@given(texts(), st.integers(min_value=20, max_value=300))
def test_windows_hold_every_word_in_order_and_cut_none(text: str, limit: int) -> None:
    windows = split_windows(text, limit)
    words = [m.span() for m in re.finditer(r"\S+", text)]
    inside = [w for start, end in windows for w in re.finditer(r"\S+", text[start:end])]
    assert [m.group() for m in inside] == [text[s:e] for s, e in words]
    previous_end = 0
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    for start, end in windows:
        assert previous_end <= start < end <= len(text)
        assert start in starts and end in ends
        assert end - start <= limit or not re.search(r"\s", text[start:end])
        previous_end = end


def test_sentences_are_packed_up_to_the_limit() -> None:
    text = "The rota changed. Nobody asked us.\nThen it got worse! Why? Because."
    assert [text[s:e] for s, e in split_windows(text, 40)] == [
        "The rota changed. Nobody asked us.",
        "Then it got worse! Why? Because.",
    ]


def test_a_long_sentence_is_cut_between_words() -> None:
    text = "one two three four five six seven eight nine ten"
    pieces = [text[s:e] for s, e in split_windows(text, 14)]
    assert pieces == ["one two three", "four five six", "seven eight", "nine ten"]


def test_empty_and_blank_texts_have_no_windows() -> None:
    assert split_windows("") == []
    assert split_windows(" \n\t ") == []
