"""Disagreement units: components of the union where two coders differ; context windows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.disagreements import (
    CHOICES,
    Unit,
    agreed_spans,
    context_window,
    disagreement_units,
    resolve,
)
from qcode.analysis.intervals import Span, intersection, normalize, subtract, union
from qcode.store.models import DECISION_CHOICES

LENGTH = 60


def offsets(spans: list[Span] | tuple[Span, ...]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def test_partial_overlap_is_one_unit_with_union_and_overlap() -> None:
    [unit] = disagreement_units(100, [(10, 30)], [(20, 40)])
    assert unit == Unit(10, 40, ((10, 30),), ((20, 40),), ((10, 40),), ((20, 30),))
    assert unit.a_only == ((10, 20),) and unit.b_only == ((30, 40),)


def test_identical_coding_is_agreement_not_a_unit() -> None:
    assert disagreement_units(100, [(10, 30), (50, 60)], [(50, 60), (10, 30)]) == []


def test_spans_one_coder_split_at_a_point_equal_one_whole_span() -> None:
    assert disagreement_units(100, [(10, 20), (20, 30)], [(10, 30)]) == []


def test_touching_spans_of_the_two_coders_join_one_unit() -> None:
    [unit] = disagreement_units(100, [(0, 10)], [(10, 20)])
    assert unit.span == (0, 20) and unit.overlap == ()


def test_chain_of_overlaps_groups_into_one_unit_and_agreement_elsewhere_drops() -> None:
    a = [(0, 10), (15, 25), (70, 80)]
    b = [(5, 18), (24, 30), (70, 80), (90, 95)]
    units = disagreement_units(100, a, b)
    assert [u.span for u in units] == [(0, 30), (90, 95)]
    assert units[0].a == ((0, 10), (15, 25)) and units[0].b == ((5, 18), (24, 30))
    assert units[1].a == () and units[1].b == ((90, 95),)


def test_one_coder_only_is_a_unit_with_empty_overlap() -> None:
    [unit] = disagreement_units(100, [(3, 9)], [])
    assert (unit.a, unit.b, unit.overlap, unit.union) == (((3, 9),), (), (), ((3, 9),))


def test_spans_outside_the_text_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        disagreement_units(10, [(5, 11)], [])
    with pytest.raises(ValueError, match="outside"):
        disagreement_units(10, [], [(-1, 3)])


def test_resolve_gives_each_choice_its_spans() -> None:
    [unit] = disagreement_units(100, [(0, 10), (20, 30)], [(5, 25)])
    assert resolve(unit, "keep_a") == [(0, 10), (20, 30)]
    assert resolve(unit, "keep_b") == [(5, 25)]
    assert resolve(unit, "union") == [(0, 30)]
    assert resolve(unit, "overlap") == [(5, 10), (20, 25)]
    assert resolve(unit, "custom", (2, 40)) == [(2, 40)]
    assert resolve(unit, "none") == []
    with pytest.raises(ValueError):
        resolve(unit, "custom")
    with pytest.raises(ValueError):
        resolve(unit, "keep_a", (1, 2))
    with pytest.raises(ValueError):
        resolve(unit, "majority")


def test_choices_match_the_stored_check_constraint() -> None:
    # the stored constraint also admits the N-coder choices (keep one, majority, unanimity)
    assert set(CHOICES) <= set(DECISION_CHOICES)
    assert set(DECISION_CHOICES) - set(CHOICES) == {"keep", "majority", "unanimity"}


spans_st = st.lists(
    st.tuples(st.integers(0, LENGTH), st.integers(0, 12)).map(
        lambda p: (p[0], min(LENGTH, p[0] + p[1]))
    ),
    max_size=8,
)


@given(spans_st, spans_st)
def test_units_partition_the_symmetric_difference(a: list[Span], b: list[Span]) -> None:
    units = disagreement_units(LENGTH, a, b)
    na, nb = normalize(a), normalize(b)
    expected = offsets(subtract(na, nb)) | offsets(subtract(nb, na))
    parts = [offsets(u.a_only) | offsets(u.b_only) for u in units]
    assert set().union(*parts) == expected
    assert sum(len(p) for p in parts) == len(expected)  # pairwise disjoint
    assert all(parts)  # no unit without a difference


@given(spans_st, spans_st)
def test_units_are_components_of_the_union_carrying_both_coders_parts(
    a: list[Span], b: list[Span]
) -> None:
    units = disagreement_units(LENGTH, a, b)
    components = normalize(union(normalize(a), normalize(b)))
    spans = [u.span for u in units]
    assert spans == sorted(spans) and set(spans) <= set(components)
    for u in units:
        assert offsets(u.a) == offsets(normalize(a)) & set(range(u.start, u.end))
        assert offsets(u.b) == offsets(normalize(b)) & set(range(u.start, u.end))
        assert offsets(u.union) == offsets(u.a) | offsets(u.b) == set(range(u.start, u.end))
        assert offsets(u.overlap) == offsets(u.a) & offsets(u.b)
    for c in components:
        if c not in spans:  # a component left out is one both coded identically
            assert intersection(normalize(a), [c]) == intersection(normalize(b), [c])


@given(spans_st)
def test_identical_coding_gives_no_unit(a: list[Span]) -> None:
    assert disagreement_units(LENGTH, a, list(reversed(a))) == []


@given(spans_st, spans_st)
def test_agreed_spans_are_what_both_coded(a: list[Span], b: list[Span]) -> None:
    assert offsets(agreed_spans(LENGTH, a, b)) == offsets(normalize(a)) & offsets(normalize(b))


TEXT = "first line\nsecond line here\nthird line\nfourth\n"


def test_context_takes_whole_lines_within_reach() -> None:
    start = TEXT.index("line here")
    low, high = context_window(TEXT, start, start + 4, radius=16)
    assert TEXT[low:high] == "second line here\nthird line"


def test_context_reaching_the_ends_takes_the_whole_text() -> None:
    assert context_window(TEXT, 12, 14, radius=500) == (0, len(TEXT))


def test_context_of_a_whole_line_with_no_radius_is_the_line() -> None:
    start, end = TEXT.index("second"), TEXT.index("third")  # a whole line with its \n
    assert context_window(TEXT, start, end, radius=0) == (start, end)


def test_context_keeps_a_line_cut_short_of_the_radius_whole() -> None:
    start = TEXT.index("line here")
    assert context_window(TEXT, start, start + 4, radius=2) == (start - 2, start + 6)
    low, high = context_window(TEXT, start, start + 4, radius=12)
    assert TEXT[low:high] == "second line here"


def test_context_cuts_a_line_longer_than_the_radius() -> None:
    text = "x" * 1000 + "needle" + "y" * 1000
    start = 1000
    assert context_window(text, start, start + 6, radius=300) == (700, 1306)


@given(
    st.text(alphabet="ab \n", max_size=80),
    st.integers(0, 80),
    st.integers(0, 20),
    st.integers(0, 40),
)
def test_context_holds_the_span_and_stays_within_reach(
    text: str, start: int, size: int, radius: int
) -> None:
    start = min(start, len(text))
    end = min(len(text), start + size)
    low, high = context_window(text, start, end, radius)
    assert 0 <= low <= start <= end <= high <= len(text)
    assert low >= start - radius and high <= end + radius
    own_first = text.rfind("\n", 0, start) + 1
    if low > own_first:  # cut inside the span's own first line: only when it is too long
        assert low == start - radius
    elif low > 0:
        assert text[low - 1] == "\n"
