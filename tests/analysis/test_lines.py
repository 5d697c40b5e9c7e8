"""Line numbers of offsets and citations of quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.lines import LineIndex, citation

TEXT = "I: How did it start?\nPJ: My mentor called me.\nWe met every month.\n"
#       0                   20 21                    45 46                 65 66


def test_line_of_counts_from_one_and_a_newline_belongs_to_its_line() -> None:
    index = LineIndex(TEXT)
    assert index.line_of(0) == 1
    assert index.line_of(20) == 1  # the "\n" closing line 1
    assert index.line_of(21) == 2
    assert index.line_of(45) == 2
    assert index.line_of(46) == 3
    assert index.line_of(len(TEXT)) == 4  # after the final "\n": the empty last line
    assert index.line_count == 4


def test_lines_of_uses_the_last_character() -> None:
    index = LineIndex(TEXT)
    assert index.lines_of(21, 46) == (2, 2)  # ends with line 2's "\n"
    assert index.lines_of(21, 47) == (2, 3)
    assert index.lines_of(30, 30) == (2, 2)  # empty span


def test_line_span_excludes_the_newline() -> None:
    index = LineIndex(TEXT)
    assert index.line_span(1) == (0, 20)
    assert TEXT[slice(*index.line_span(2))] == "PJ: My mentor called me."
    assert index.line_span(4) == (len(TEXT), len(TEXT))


def test_citation_of_one_line_and_of_several() -> None:
    index = LineIndex(TEXT)
    start = TEXT.index("My mentor")
    assert citation("PJ 1", start, start + 9, index) == "PJ 1, line 2"
    end = TEXT.index("month.") + len("month.")
    assert citation("PJ 1", start, end, index) == "PJ 1, lines 2\u20133"


def test_form_feed_does_not_start_a_line() -> None:
    index = LineIndex("page one\fpage two\nnext")
    assert index.line_of(9) == 1
    assert index.line_of(18) == 2
    assert index.line_count == 2


def test_out_of_range_is_refused() -> None:
    index = LineIndex("ab\ncd")
    with pytest.raises(ValueError, match="outside"):
        index.line_of(6)
    with pytest.raises(ValueError, match="outside"):
        index.line_of(-1)
    with pytest.raises(ValueError, match="outside"):
        index.line_span(3)
    with pytest.raises(ValueError, match="before it starts"):
        index.lines_of(3, 2)


def test_empty_text_has_one_empty_line() -> None:
    index = LineIndex("")
    assert index.line_of(0) == 1
    assert index.line_span(1) == (0, 0)


texts = st.text(alphabet="ab \n\f", max_size=40)


@given(texts, st.data())
def test_line_of_matches_counting_newlines_before(text: str, data: st.DataObject) -> None:
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    assert index.line_of(offset) == text[:offset].count("\n") + 1


@given(texts)
def test_line_spans_are_the_split_lines(text: str) -> None:
    index = LineIndex(text)
    pieces = text.split("\n")
    assert index.line_count == len(pieces)
    assert [text[slice(*index.line_span(n))] for n in range(1, len(pieces) + 1)] == pieces
