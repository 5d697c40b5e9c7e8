"""Code-by-column matrices of coded segments: counts, coded characters and participants."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from qcode.analysis.intervals import Span, total_length

K = TypeVar("K", bound=Hashable)

NONE_COLUMN = "(none)"
"""The column of segments whose column key is None."""


@dataclass(frozen=True, slots=True)
class SegmentFact:
    """One coded segment, as the matrix sees it.

    ``column_key`` is what codes are crossed with (participant label, attribute value,
    wave); None is shown as the column "(none)".
    """

    segment_id: int
    document_id: int
    code_id: int
    participant: str | None
    column_key: str | None
    start: int
    end: int

    @property
    def column(self) -> str:
        return NONE_COLUMN if self.column_key is None else self.column_key


@dataclass(frozen=True, slots=True)
class Cell:
    """Segments, coded characters (overlaps in one document counted once) and
    distinct participants of one group of segments."""

    segments: int
    characters: int
    participants: int
    segment_ids: tuple[int, ...]


EMPTY_CELL = Cell(segments=0, characters=0, participants=0, segment_ids=())


@dataclass(frozen=True)
class Matrix:
    """Cells for each code (row) and column, with row, column and grand totals."""

    codes: tuple[int, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[int, str], Cell]
    row_totals: Mapping[int, Cell]
    column_totals: Mapping[str, Cell]
    total: Cell

    def cell(self, code_id: int, column: str | None) -> Cell:
        """The cell of a code and a column (None means "(none)")."""
        key = (code_id, NONE_COLUMN if column is None else column)
        if key not in self.cells:
            raise KeyError(f"no cell for code {code_id} and column {column!r}")
        return self.cells[key]

    def row(self, code_id: int) -> tuple[Cell, ...]:
        """A code's cells in column order."""
        return tuple(self.cell(code_id, column) for column in self.columns)

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(code, cells in column order) for each code, in the given order."""
        for code_id in self.codes:
            yield code_id, self.row(code_id)

    def __iter__(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        return self.rows()


def code_matrix(
    facts: Iterable[SegmentFact], codes: Sequence[int], columns: Sequence[str] | None = None
) -> Matrix:
    """Cross ``codes`` (rows, in order) with ``columns``.

    Without ``columns``, every column key among the facts of those codes is a column,
    in natural order with "(none)" last. Facts of other codes or columns are left out,
    and so are they from every total.
    """
    rows = tuple(dict.fromkeys(codes))
    row_set = set(rows)
    kept = [fact for fact in facts if fact.code_id in row_set]
    if columns is None:
        cols = tuple(sorted({fact.column for fact in kept}, key=_column_order))
    else:
        cols = tuple(dict.fromkeys(columns))
        col_set = set(cols)
        kept = [fact for fact in kept if fact.column in col_set]
    by_cell = _group(kept, lambda fact: (fact.code_id, fact.column))
    by_row = _group(kept, lambda fact: fact.code_id)
    by_column = _group(kept, lambda fact: fact.column)
    return Matrix(
        codes=rows,
        columns=cols,
        cells={
            (code, col): make_cell(by_cell.get((code, col), ())) for code in rows for col in cols
        },
        row_totals={code: make_cell(by_row.get(code, ())) for code in rows},
        column_totals={col: make_cell(by_column.get(col, ())) for col in cols},
        total=make_cell(kept),
    )


def make_cell(facts: Iterable[SegmentFact]) -> Cell:
    """Summarise a group of segments as one cell."""
    ids: set[int] = set()
    people: set[str] = set()
    spans: dict[int, list[Span]] = defaultdict(list)
    for fact in facts:
        ids.add(fact.segment_id)
        if fact.participant is not None:
            people.add(fact.participant)
        spans[fact.document_id].append((fact.start, fact.end))
    return Cell(
        segments=len(ids),
        characters=sum(total_length(doc_spans) for doc_spans in spans.values()),
        participants=len(people),
        segment_ids=tuple(sorted(ids)),
    )


def _group(
    facts: Iterable[SegmentFact], key: Callable[[SegmentFact], K]
) -> dict[K, list[SegmentFact]]:
    groups: dict[K, list[SegmentFact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return groups


def _column_order(column: str) -> tuple[bool, tuple[tuple[int, int | str], ...], str]:
    """Natural order ("P2" before "P10"), case-insensitive, with "(none)" last."""
    parts = re.split(r"(\d+)", column.casefold())
    key = tuple((0, int(part)) if part.isdecimal() else (1, part) for part in parts if part)
    return column == NONE_COLUMN, key, column
