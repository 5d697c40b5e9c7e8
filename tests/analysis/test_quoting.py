"""A quote as a paper prints it: "…" where a sentence runs on, interviewer turns left out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.analysis.quoting import (
    _BLANK,
    _GAP,
    _LABEL,
    _lines,
    closes_sentence,
    kept_spans,
    opens_sentence,
    printed,
    quote_text,
    speaker_key,
    turns,
)

TEXT = (
    "Interviewer: What did the sessions give you?\n"
    "PK: Time to think. I would park the bike, sit down and just breathe for once!\n"
    "Interviewer: And after that?\n"
    "PK: After that the ward felt smaller, somehow\n"
    "less loud than before.\n"
)


def span(words: str, through: str | None = None) -> tuple[int, int]:
    start = TEXT.index(words)
    end = TEXT.index(through) + len(through) if through else start + len(words)
    return start, end


def quote(words: str, through: str | None = None, interviewer=("Interviewer:",)) -> str:
    return printed(TEXT, kept_spans(TEXT, *span(words, through), interviewer))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Time to think", True),  # a turn's first word after "PK:"
        ("I would park", True),  # after a full stop
        ("sit down", False),
        ("less loud", True),  # a line's first word
        ("Interviewer", True),  # the text's first word
    ],
)
def test_where_a_sentence_opens(words: str, expected: bool) -> None:
    assert opens_sentence(TEXT, TEXT.index(words)) is expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Time to think.", True),  # on its full stop
        ("Time to think", True),  # right before it
        ("I would park the bike", False),
        ("just breathe for once!", True),
        ("the ward felt smaller, somehow", True),  # at the line's end
    ],
)
def test_where_a_sentence_closes(words: str, expected: bool) -> None:
    assert closes_sentence(TEXT, *span(words)) is expected


def test_a_whole_sentence_gets_no_ellipsis() -> None:
    assert quote("I would park the bike, sit down and just breathe for once!") == (
        "I would park the bike, sit down and just breathe for once!"
    )


def test_a_quote_inside_a_sentence_gets_one_at_each_end() -> None:
    assert quote("park the bike") == "\u2026 park the bike \u2026"


def test_a_trailing_comma_gives_way_to_the_ellipsis() -> None:
    assert quote("I would park the bike,") == "I would park the bike \u2026"


def test_no_ellipsis_when_asked() -> None:
    assert printed(TEXT, kept_spans(TEXT, *span("park the bike"), ()), ellipsis=False) == (
        "park the bike"
    )


def test_an_interviewer_turn_inside_a_quote_is_left_out() -> None:
    printed_quote = quote("just breathe", "felt smaller")
    assert "And after that" not in printed_quote
    assert printed_quote == (
        "\u2026 just breathe for once! \u2026 After that the ward felt smaller \u2026"
    )


def test_the_rule_names_a_label_with_or_without_its_colon_in_any_case() -> None:
    for label in ("Interviewer", "interviewer:", " INTERVIEWER : "):
        assert "And after" not in quote("Time to think", "felt smaller", (label,))


def test_without_a_rule_every_turn_is_kept_as_coded() -> None:
    assert quote("Time to think", "ward", ()) == (
        "Time to think. I would park the bike, sit down and just breathe for once! "
        "Interviewer: And after that? PK: After that the ward \u2026"
    )


def test_a_quote_of_the_interviewer_alone_prints_nothing() -> None:
    assert quote("What did the sessions give you?") == ""


def test_a_turn_running_over_two_lines_is_one_turn() -> None:
    start, end = span("After that the ward", "than before.")
    assert [speaker for speaker, _ in turns(TEXT, start, end)] == ["pk"]
    assert quote("After that the ward", "than before.") == (
        "After that the ward felt smaller, somehow less loud than before."
    )


def test_a_quote_starting_on_the_label_leaves_the_label_out() -> None:
    assert quote("PK: Time to think.") == "Time to think."


def test_one_speaker_s_turns_in_a_row_are_joined_by_a_space() -> None:
    text = "PK: We met twice.\nPK: Then monthly.\nInterviewer: Why?\nPK: Habit.\n"
    start, end = text.index("We"), len(text)
    assert printed(text, kept_spans(text, start, end, ["Interviewer"])) == (
        "We met twice. Then monthly. \u2026 Habit."
    )


def test_a_span_starting_on_a_turn_s_second_line_is_that_speaker_s() -> None:
    text = "Interviewer: How long\nhave you been here?\nPK: Years.\n"
    start = text.index("have")
    assert [speaker for speaker, _ in turns(text, start, len(text))] == ["interviewer", "pk"]
    assert quote_text(text, start, len(text), ("Interviewer",)) == (
        "Years.",
        (text.index("Years."), text.index("Years.") + len("Years.")),
    )


LINES = st.lists(
    st.tuples(
        st.sampled_from(["", "Interviewer: ", "PK: ", "I: ", "PK:", "Dr A: "]),
        st.text(alphabet="ab .,!?:\t\u2026\"'", max_size=12),
    ),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(
    lines=LINES,
    breaks=st.sampled_from(["\n", "\r\n", "\f"]),
    bounds=st.tuples(st.integers(0, 120), st.integers(0, 120)),
    interviewer=st.sampled_from([(), ("Interviewer",), ("Interviewer", "I:"), ("pk",)]),
    ellipsis=st.booleans(),
)
def test_the_quick_quote_prints_what_turns_and_runs_print(
    lines: list[tuple[str, str]],
    breaks: str,
    bounds: tuple[int, int],
    interviewer: tuple[str, ...],
    ellipsis: bool,
) -> None:
    text = breaks.join(label + words for label, words in lines)
    start, end = sorted(min(b, len(text)) for b in bounds)
    runs = kept_spans(text, start, end, interviewer)
    kept = (runs[0][0][0], runs[-1][-1][1]) if runs else (start, end)
    words, span_kept = quote_text(text, start, end, interviewer, ellipsis)
    assert words == printed(text, runs, ellipsis)
    if words:
        assert span_kept == kept


LABEL_TEXT = st.lists(st.text(alphabet="aZ9_ .:\t\u00e9\u00a0\u2003é:", max_size=40), max_size=10)


@settings(max_examples=600, deadline=None)
@given(lines=LABEL_TEXT, breaks=st.sampled_from(["\n", "\r\n", "\f"]))
def test_labels_are_found_where_the_regular_expression_finds_them(
    lines: list[str], breaks: str
) -> None:
    text = breaks.join(lines)
    found = _lines(text)
    expected = {}
    for line in found.starts:
        if (label := _LABEL.match(text, line)) is not None:
            expected[line] = (speaker_key(label.group()), label.end())
    assert found.labels == expected


@pytest.mark.parametrize(
    "line",
    [
        "Interviewer: yes",
        "A" * 30 + ": thirty letters, the longest label",
        "A" * 31 + ": one letter too many",
        "Dr. A: a dot and a space",
        "9pm: a digit first is no label",
        "PK:no space after the colon",
        "PK:",
        "PK:\u00a0a no-break space",
        "time: 10:30 a later colon",
    ],
)
def test_labels_at_the_edges(line: str) -> None:
    text = f"{line}\nnext"
    label = _LABEL.match(text)
    expected = {0: (speaker_key(label.group()), label.end())} if label else {}
    assert _lines(text).labels == expected


def test_blanks_are_every_character_python_calls_white_space() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(_BLANK) == every | {_GAP}
