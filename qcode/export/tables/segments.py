"""Table data for the coded-segments report: per code in tree order, each quote and citation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from qcode.export.tables.realist import flag_label
from qcode.export.tables.table import Cell, Column, Table


class SegmentQuote(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str: ...
    @property
    def coder(self) -> str: ...


class CodeQuotesLike(Protocol):
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def flags(self) -> str: ...
    @property
    def quotes(self) -> Sequence[SegmentQuote]: ...


def code_label(path: Sequence[str], flags: str = "") -> str:
    """A code path for reading, e.g. "Coping again / Space to think (C, M)"."""
    return f"{' / '.join(path)} {flag_label(flags)}".rstrip()


def segments_table(report: Sequence[CodeQuotesLike], coder: str | None) -> Table:
    """Code | quote | citation (| coder when everyone's coding is shown)."""
    columns = [Column("Code", 4.5), Column("Quote", 8.5), Column("Citation", 3.0)]
    if coder is None:
        columns.append(Column("Coder", 2.5))
    rows = []
    coders: dict[str, Cell] = {}  # one cell per coder, shared by that coder's rows
    for entry in report:
        label = Cell.of(code_label(entry.path, entry.flags))
        for quote in entry.quotes:
            if coder is None:
                by = coders.get(quote.coder)
                if by is None:
                    by = coders[quote.coder] = Cell.of(quote.coder)
                rows.append((label, Cell.of(quote.text), Cell.of(quote.citation), by))
            else:
                rows.append((label, Cell.of(quote.text), Cell.of(quote.citation)))
    who = "all coders" if coder is None else coder
    return Table(
        title=f"Coded segments: {who}",
        columns=tuple(columns),
        rows=tuple(rows),
        note="Citations give the participant, the interview and the transcript lines.",
        group_first=True,
        kind="segments report",
    )
