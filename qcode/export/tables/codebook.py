"""Table data for the codebook: each code's definition, when to use it, flags and counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from qcode.export.tables.table import Cell, Column, Table


class CodebookEntryLike(Protocol):
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def flags(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def when_to_use(self) -> str: ...
    @property
    def when_not_to_use(self) -> str: ...
    @property
    def example(self) -> str: ...
    @property
    def segments(self) -> int: ...
    @property
    def participants(self) -> int: ...


def flags_text(flags: str) -> str:
    """ "CM" → "C, M"."""
    return ", ".join(letter for letter in "CM" if letter in flags.upper())


def codebook_table(entries: Sequence[CodebookEntryLike], coder: str | None = None) -> Table:
    """One row per code in tree order; counts are the code's own coding."""
    columns = (
        Column("Code", 4.5),
        Column("Flags", 1.4),
        Column("Definition", 5.0),
        Column("When to use", 4.0),
        Column("When not to use", 4.0),
        Column("Example", 4.0),
        Column("Segments", 2.1, "right"),
        Column("Participants", 2.5, "right"),
    )
    rows = tuple(
        (
            Cell(
                (e.path[-1],),
                plain=" / ".join(e.path),
                indent=len(e.path) - 1,
                emphasis=len(e.path) == 1,
            ),
            Cell.of(flags_text(e.flags)),
            Cell.of(e.description),
            Cell.of(e.when_to_use),
            Cell.of(e.when_not_to_use),
            Cell.of(e.example),
            Cell.of(e.segments),
            Cell.of(e.participants),
        )
        for e in entries
    )
    whose = f"{coder}'s coding" if coder else "all coders' coding"
    return Table(
        title="Codebook",
        columns=columns,
        rows=rows,
        note=f"C = context; M = mechanism. Segments and participants count {whose} "
        "with the code itself (not its sub-codes): evidence, not a verdict.",
        kind="codebook",
    )
