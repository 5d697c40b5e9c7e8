"""Table data for realist outputs: themes and categories (C/M), and CMO configurations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from qcode.export.tables.captions import DEFAULTS, Caption
from qcode.export.tables.table import BULLET, Cell, Column, Table

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


def flag_note(heading: str) -> str:
    """The note saying what C and M stand for, unless the categories' heading says it."""
    return "" if re.search(r"\bC\s*=", heading) else FLAG_NOTE


def category_cell(category: CategoryLike, below: int = 1) -> Cell:
    """A category's bulleted line, indented one level per level below the theme's
    categories (``below``: the depth of a category under the theme); CSV shows the indent
    as two spaces a level."""
    depth = max(len(category.path) - 1 - below, 0)
    line = category_line(category)
    plain = f"{'  ' * depth}{BULLET} {line}" if depth else None
    return Cell((line,), bullets=True, indent=depth, plain=plain)


def themes_table(themes: Sequence[ThemeLike], caption: Caption | None = None) -> Table:
    """Table 9's layout: each outcome theme ("Theme 1" over its name) in a cell spanning
    its categories, one row each with its (C), (M) or (C, M), sub-categories indented
    under their category. ``categories`` are in tree order; a path's length gives the
    depth."""
    caption = caption or DEFAULTS["themes"]
    rows = []
    for number, theme in enumerate(themes, start=1):
        first = Cell((f"Theme {number}", theme.name))
        rows.extend((first, category_cell(c)) for c in theme.categories)
        if not theme.categories:
            rows.append((first, Cell()))
    outcome, categories = caption.headings
    return Table(
        title=caption.title,
        columns=(Column(outcome, 6.0), Column(categories, 10.0)),
        rows=tuple(rows),
        note=flag_note(categories),
        group_first=True,
        kind="themes table",
        label=caption.label,
        paper=True,
    )


def statement_categories(statement: StatementLike) -> Cell:
    return Cell.of([category_line(c) for c in statement.categories], bullets=True)


def cmo_table(
    themes: Sequence[ThemeLike], quotes: bool = False, caption: Caption | None = None
) -> Table:
    """Table 5's layout: outcome theme | categories (bulleted, flagged) | configuration
    statement, one row per statement with the theme spanning its statements; ``quotes``
    adds the cited evidence."""
    caption = caption or DEFAULTS["cmo"]
    outcome, categories, statement_heading, quotes_heading = caption.headings
    columns = [Column(outcome, 3.6), Column(categories, 6.4), Column(statement_heading, 6.0)]
    if quotes:
        columns.append(Column(quotes_heading, 9.0))
    rows = []
    for theme in themes:
        for statement in theme.statements:
            row = [Cell.of(theme.name), statement_categories(statement), Cell.of(statement.text)]
            if quotes:
                row.append(Cell.of([quote_line(q) for q in statement.evidence], bullets=True))
            rows.append(tuple(row))
    return Table(
        title=caption.title,
        columns=tuple(columns),
        rows=tuple(rows),
        note=flag_note(categories),
        group_first=True,
        kind="CMO table",
        label=caption.label,
        paper=True,
    )
