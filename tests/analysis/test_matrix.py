"""Code matrices: counts, coded characters with overlaps counted once, participants."""

from __future__ import annotations

import pytest
from hypothesis import given

from qcode.analysis.matrix import EMPTY_CELL, Cell, SegmentFact, code_matrix
from tests.analysis.strategies import fact_lists

MENTORING, SUPPORT = 10, 20


def fact(
    segment_id: int, document_id: int, code_id: int, who: str | None, start: int, end: int
) -> SegmentFact:
    return SegmentFact(segment_id, document_id, code_id, who, who, start, end)


# Documents 1, 2, 3 are interviews of PJ, PR and PK; the matrix is crossed with participant.
FACTS = [
    fact(1, 1, MENTORING, "PJ", 0, 10),
    fact(2, 1, MENTORING, "PJ", 5, 15),  # overlaps segment 1: 15 characters, not 20
    fact(3, 2, MENTORING, "PR", 0, 4),
    fact(4, 1, SUPPORT, "PJ", 8, 12),
    fact(5, 3, SUPPORT, "PK", 10, 20),
    fact(6, 3, SUPPORT, "PK", 20, 25),  # touches segment 5
    fact(7, 3, SUPPORT, "PK", 12, 18),  # inside segment 5: 15 characters, not 21
    fact(8, 3, 99, "PK", 0, 50),  # a code not asked for
]


def test_cells_count_overlapping_characters_once() -> None:
    matrix = code_matrix(FACTS, [MENTORING, SUPPORT], ["PJ", "PR", "PK"])
    assert matrix.cell(MENTORING, "PJ") == Cell(2, 15, 1, (1, 2))
    assert matrix.cell(MENTORING, "PR") == Cell(1, 4, 1, (3,))
    assert matrix.cell(MENTORING, "PK") == EMPTY_CELL
    assert matrix.cell(SUPPORT, "PJ") == Cell(1, 4, 1, (4,))
    assert matrix.cell(SUPPORT, "PR") == EMPTY_CELL
    assert matrix.cell(SUPPORT, "PK") == Cell(3, 15, 1, (5, 6, 7))


def test_totals_union_within_each_document() -> None:
    matrix = code_matrix(FACTS, [MENTORING, SUPPORT], ["PJ", "PR", "PK"])
    assert matrix.row_totals[MENTORING] == Cell(3, 19, 2, (1, 2, 3))
    assert matrix.row_totals[SUPPORT] == Cell(4, 19, 2, (4, 5, 6, 7))
    # PJ: segments 1, 2 and 4 cover offsets 0-15 of document 1 (4 lies inside).
    assert matrix.column_totals["PJ"] == Cell(3, 15, 1, (1, 2, 4))
    assert matrix.column_totals["PK"] == Cell(3, 15, 1, (5, 6, 7))
    assert matrix.total == Cell(7, 15 + 4 + 15, 3, (1, 2, 3, 4, 5, 6, 7))


def test_iteration_follows_the_given_order() -> None:
    matrix = code_matrix(FACTS, [SUPPORT, MENTORING], ["PK", "PJ"])
    assert matrix.codes == (SUPPORT, MENTORING)
    assert matrix.columns == ("PK", "PJ")
    rows = list(matrix)
    assert [code for code, _ in rows] == [SUPPORT, MENTORING]
    assert [cell.segments for cell in rows[0][1]] == [3, 1]
    assert [cell.segments for cell in rows[1][1]] == [0, 2]
    # PR is not a column, so its segment is in no total either.
    assert matrix.row_totals[MENTORING] == Cell(2, 15, 1, (1, 2))
    assert matrix.total.segments == 6


def test_columns_default_to_natural_order_with_none_last() -> None:
    facts = [
        SegmentFact(1, 1, 1, "PJ", "P10", 0, 5),
        SegmentFact(2, 1, 1, "PJ", None, 0, 5),
        SegmentFact(3, 1, 1, None, "p3", 0, 5),
        SegmentFact(4, 1, 1, "PR", "P2", 0, 5),
        SegmentFact(5, 1, 2, "PR", "Z", 0, 5),  # code 2 is not a row: no "Z" column
    ]
    matrix = code_matrix(facts, [1])
    assert matrix.columns == ("P2", "p3", "P10", "(none)")
    assert matrix.cell(1, None) == matrix.cell(1, "(none)") == Cell(1, 5, 1, (2,))
    assert matrix.cell(1, "p3").participants == 0  # an unknown participant is not counted
    assert matrix.row_totals[1] == Cell(4, 5, 2, (1, 2, 3, 4))


def test_unknown_cell_is_a_key_error() -> None:
    matrix = code_matrix(FACTS, [MENTORING], ["PJ"])
    with pytest.raises(KeyError):
        matrix.cell(SUPPORT, "PJ")
    with pytest.raises(KeyError):
        matrix.cell(MENTORING, "PR")


def test_no_facts_gives_empty_cells() -> None:
    matrix = code_matrix([], [1, 2], ["A"])
    assert matrix.row(1) == (EMPTY_CELL,)
    assert matrix.total == EMPTY_CELL
    assert code_matrix([], [1]).columns == ()


def reference(facts: list[SegmentFact]) -> Cell:
    ids = sorted({f.segment_id for f in facts})
    covered = {(f.document_id, i) for f in facts for i in range(f.start, f.end)}
    people = {f.participant for f in facts if f.participant is not None}
    return Cell(len(ids), len(covered), len(people), tuple(ids))


@given(fact_lists())
def test_matrix_matches_per_offset_reference(facts: list[SegmentFact]) -> None:
    codes = [2, 1]
    matrix = code_matrix(facts, codes, ["x", "(none)"])
    kept = [f for f in facts if f.code_id in codes and f.column_key in ("x", None)]
    for code in codes:
        for column, key in [("x", "x"), ("(none)", None)]:
            group = [f for f in kept if f.code_id == code and f.column_key == key]
            assert matrix.cell(code, column) == reference(group)
        assert matrix.row_totals[code] == reference([f for f in kept if f.code_id == code])
    assert matrix.column_totals["x"] == reference([f for f in kept if f.column_key == "x"])
    assert matrix.total == reference(kept)
