"""Span normalisation and set operations, by hand and against per-offset sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.intervals import (
    Span,
    intersection,
    normalize,
    overlap_length,
    subtract,
    total_length,
    union,
)

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60)),
    max_size=12,
)


def offsets(span_list: list[Span]) -> set[int]:
    return {i for start, end in span_list for i in range(start, end)}


def assert_normalized(span_list: list[Span]) -> None:
    for start, end in span_list:
        assert start < end
    for (_, end), (start, _) in zip(span_list, span_list[1:], strict=False):
        assert end < start  # a real gap: touching spans would have been merged


def test_normalize_sorts_merges_overlapping_and_touching_and_drops_empty() -> None:
    raw = [(5, 7), (1, 3), (3, 4), (6, 9), (10, 10), (12, 11), (20, 25), (21, 22)]
    assert normalize(raw) == [(1, 4), (5, 9), (20, 25)]


def test_normalize_of_nothing_is_empty() -> None:
    assert normalize([]) == []
    assert normalize([(4, 4)]) == []


def test_union_merges_across_lists() -> None:
    assert union([(0, 5), (10, 15)], [(5, 8), (20, 30)]) == [(0, 8), (10, 15), (20, 30)]
    assert union([], [(1, 2)]) == [(1, 2)]


def test_intersection_keeps_only_shared_offsets() -> None:
    a = [(0, 10), (20, 30)]
    b = [(5, 25), (30, 40)]
    assert intersection(a, b) == [(5, 10), (20, 25)]  # (30, 30) touches only: nothing shared


def test_subtract_uncodes_the_middle_of_a_segment() -> None:
    assert subtract([(0, 100)], [(40, 60)]) == [(0, 40), (60, 100)]
    assert subtract([(0, 10), (20, 30)], [(5, 25)]) == [(0, 5), (25, 30)]
    assert subtract([(0, 10)], [(0, 10)]) == []
    assert subtract([(0, 10)], [(10, 20)]) == [(0, 10)]


def test_total_length_counts_overlaps_once() -> None:
    assert total_length([(0, 10), (5, 15), (20, 22)]) == 17
    assert total_length([]) == 0


def test_overlap_length() -> None:
    assert overlap_length((0, 10), (5, 20)) == 5
    assert overlap_length((0, 10), (2, 4)) == 2
    assert overlap_length((0, 10), (10, 20)) == 0
    assert overlap_length((0, 10), (15, 20)) == 0


@given(spans)
def test_normalize_covers_the_same_offsets(raw: list[Span]) -> None:
    result = normalize(raw)
    assert_normalized(result)
    assert offsets(result) == offsets(raw)
    assert total_length(raw) == len(offsets(raw))


@given(spans, spans)
def test_set_operations_match_per_offset_sets(raw_a: list[Span], raw_b: list[Span]) -> None:
    a, b = normalize(raw_a), normalize(raw_b)
    for result, expected in [
        (union(a, b), offsets(a) | offsets(b)),
        (intersection(a, b), offsets(a) & offsets(b)),
        (subtract(a, b), offsets(a) - offsets(b)),
    ]:
        assert_normalized(result)
        assert offsets(result) == expected


pairs = st.tuples(st.integers(0, 30), st.integers(0, 30))


@given(pairs, pairs)
def test_overlap_length_matches_per_offset_sets(a: Span, b: Span) -> None:
    assert overlap_length(a, b) == len(offsets([a]) & offsets([b]))
