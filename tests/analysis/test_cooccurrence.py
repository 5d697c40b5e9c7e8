"""Co-occurrence of codes: overlapping segment pairs, overlap characters, documents."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given

from qcode.analysis.cooccurrence import CoOccurrence, cooccurrence
from qcode.analysis.matrix import SegmentFact
from tests.analysis.strategies import fact_lists

A, B, C = 1, 2, 3


def seg(segment_id: int, code_id: int, start: int, end: int, document_id: int = 1) -> SegmentFact:
    return SegmentFact(segment_id, document_id, code_id, None, None, start, end)


def test_nested_segments() -> None:
    result = cooccurrence([seg(1, A, 0, 20), seg(2, B, 5, 10)])
    assert result == {(A, B): CoOccurrence(pairs=1, characters=5, documents=1)}


def test_chained_overlaps_pair_only_neighbours() -> None:
    result = cooccurrence([seg(1, A, 0, 10), seg(2, B, 5, 15), seg(3, C, 12, 20)])
    assert result == {
        (A, B): CoOccurrence(1, 5, 1),  # 5-10
        (B, C): CoOccurrence(1, 3, 1),  # 12-15; A ends before C starts
    }


def test_overlap_regions_are_united_not_summed() -> None:
    # Both B segments overlap A; their overlaps 5-12 and 8-15 share 8-12.
    result = cooccurrence([seg(1, A, 0, 20), seg(2, B, 5, 12), seg(3, B, 8, 15)])
    assert result == {(A, B): CoOccurrence(pairs=2, characters=10, documents=1)}


def test_pair_key_is_ordered_whatever_comes_first() -> None:
    result = cooccurrence([seg(1, C, 0, 10), seg(2, A, 2, 4)])
    assert list(result) == [(A, C)]


def test_touching_same_code_and_empty_segments_do_not_count() -> None:
    facts = [
        seg(1, A, 0, 10),
        seg(2, B, 10, 20),  # touches A only
        seg(3, A, 5, 15),  # same code as 1
        seg(4, C, 7, 7),  # empty
    ]
    assert cooccurrence(facts) == {(A, B): CoOccurrence(1, 5, 1)}  # segments 3 and 2: 10-15


def test_documents_are_counted_and_kept_apart() -> None:
    facts = [
        seg(1, A, 0, 10, document_id=1),
        seg(2, B, 5, 15, document_id=1),
        seg(3, A, 0, 10, document_id=2),
        seg(4, B, 0, 3, document_id=2),
        seg(5, B, 0, 10, document_id=3),  # no A in document 3
    ]
    assert cooccurrence(facts) == {(A, B): CoOccurrence(pairs=2, characters=5 + 3, documents=2)}


def test_no_facts() -> None:
    assert cooccurrence([]) == {}


@given(fact_lists())
def test_cooccurrence_matches_brute_force(facts: list[SegmentFact]) -> None:
    pairs: dict[tuple[int, int], int] = {}
    covered: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for one, other in combinations(facts, 2):
        if one.document_id != other.document_id or one.code_id == other.code_id:
            continue
        shared = set(range(one.start, one.end)) & set(range(other.start, other.end))
        if shared:
            key = (min(one.code_id, other.code_id), max(one.code_id, other.code_id))
            pairs[key] = pairs.get(key, 0) + 1
            covered.setdefault(key, set()).update((one.document_id, i) for i in shared)
    expected = {
        key: CoOccurrence(pairs[key], len(covered[key]), len({d for d, _ in covered[key]}))
        for key in pairs
    }
    assert cooccurrence(facts) == expected
