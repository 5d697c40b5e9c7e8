"""Windows for similarity search: whole sentences up to a limit, words never cut."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.analysis.passages_split import split_windows

WORDS = st.sampled_from(
    ["we", "shift", "rota.", "hard!", "why?", "“ok.”", "ward", "é…", "x" * 40, "a.b", "(no.)", ".."]
)
SPACES = st.sampled_from(["", " ", "  ", "\n", " \n\n", "\t", "\u00a0", " \r\n", "\u2028"])


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


def word_by_word_windows(text: str, limit: int) -> list[tuple[int, int]]:
    """The windows as the first version found them, one word at a time: the reference."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    sentences, current = [], []
    for number, (start, end) in enumerate(words):
        current.append((start, end))
        following = words[number + 1][0] if number + 1 < len(words) else len(text)
        ends = re.search(r"[.!?…]+[\"'\u201d\u2019)\]]*\Z", text[start:end])
        if ends or "\n" in text[end:following]:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    windows: list[tuple[int, int]] = []
    start = end = -1
    for sentence in sentences:
        first, last = sentence[0][0], sentence[-1][1]
        if last - first > limit:
            if start >= 0:
                windows.append((start, end))
                start = -1
            piece_start, piece_end = sentence[0]
            for word_start, word_end in sentence[1:]:
                if word_end - piece_start > limit:
                    windows.append((piece_start, piece_end))
                    piece_start = word_start
                piece_end = word_end
            windows.append((piece_start, piece_end))
        elif start >= 0 and last - start <= limit:
            end = last
        else:
            if start >= 0:
                windows.append((start, end))
            start, end = first, last
    if start >= 0:
        windows.append((start, end))
    return windows


@settings(max_examples=500, deadline=None)
@given(texts(), st.integers(min_value=20, max_value=300))
def test_windows_are_those_found_word_by_word(text: str, limit: int) -> None:
    assert split_windows(text, limit) == word_by_word_windows(text, limit)


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
