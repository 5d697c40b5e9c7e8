"""Table data for realist outputs: themes and categories (C/M), and CMO configurations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from qcode.export.tables.table import Cell, Column, Table

FLAG_NOTE = "C = context; M = mechanism."


class CategoryLike(Protocol):
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def flags(self) -> str: ...


class QuoteLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str: ...


class StatementLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def categories(self) -> Sequence[CategoryLike]: ...
    @property
    def evidence(self) -> Sequence[QuoteLike]: ...


class ThemeLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def categories(self) -> Sequence[CategoryLike]: ...
    @property
    def statements(self) -> Sequence[StatementLike]: ...


def flag_label(flags: str) -> str:
    """ "C" → "(C)", "M" → "(M)", "CM" → "(C, M)", "" → ""."""
    letters = [letter for letter in "CM" if letter in flags.upper()]
    return f"({', '.join(letters)})" if letters else ""


def category_line(category: CategoryLike) -> str:
    """A category's name followed by its flags, e.g. "Taking up the offer (M)"."""
    return f"{category.path[-1]} {flag_label(category.flags)}".rstrip()


def quote_line(quote: QuoteLike) -> str:
    """A quote in curly quotes followed by its citation."""
    return f"\u201c{quote.text}\u201d ({quote.citation})"


def themes_table(themes: Sequence[ThemeLike]) -> Table:
    """Theme | outcome | its categories with (C), (M) or (C, M): the layout of a study's
    themes-and-categories table."""
    rows = tuple(
        (
            Cell.of(f"Theme {number}"),
            Cell.of(theme.name),
            Cell.of([category_line(c) for c in theme.categories], bullets=True),
        )
        for number, theme in enumerate(themes, start=1)
    )
    return Table(
        title="Themes and categories",
        columns=(
            Column("Theme", 2.2),
            Column("Outcome", 5.8),
            Column("Categories (contexts & mechanisms)", 8.0),
        ),
        rows=rows,
        note=FLAG_NOTE,
        kind="themes table",
    )


def statement_categories(statement: StatementLike) -> Cell:
    return Cell.of([category_line(c) for c in statement.categories], bullets=True)


def cmo_table(themes: Sequence[ThemeLike], quotes: bool = False) -> Table:
    """Outcome theme | categories (bulleted, flagged) | configuration statement, one row per
    statement with the theme spanning its statements; ``quotes`` adds the cited evidence."""
    columns = [
        Column("Outcome theme", 3.6),
        Column("Categories (contexts & mechanisms)", 6.4),
        Column("CMO configuration statement", 6.0),
    ]
    if quotes:
        columns.append(Column("Supporting quotes", 9.0))
    rows = []
    for theme in themes:
        for statement in theme.statements:
            row = [Cell.of(theme.name), statement_categories(statement), Cell.of(statement.text)]
            if quotes:
                row.append(Cell.of([quote_line(q) for q in statement.evidence], bullets=True))
            rows.append(tuple(row))
    return Table(
        title="Themes, categories and configurations",
        columns=tuple(columns),
        rows=tuple(rows),
        note=FLAG_NOTE,
        group_first=True,
        kind="CMO table",
    )
