"""A table as plain data, written as .docx, .xlsx, .csv, .md or .html by its file's suffix."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

BULLET = "\u2022"
PORTRAIT_WIDTH_CM = 16.0  # A4 less 2.5 cm margins
LANDSCAPE_WIDTH_CM = 24.7


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell: one or more lines (paragraphs), shown as a bulleted list if ``bullets``.

    ``number`` keeps a count numeric in a spreadsheet; ``plain`` is what data formats
    (CSV, Excel) show when it differs from the lines, such as a full code path for an
    indented name; ``indent`` (levels) and ``emphasis`` (bold) are for documents.
    """

    lines: tuple[str, ...] = ()
    bullets: bool = False
    number: int | float | None = None
    plain: str | None = None
    indent: int = 0
    emphasis: bool = False

    @classmethod
    def of(cls, value: str | int | float | Sequence[str], bullets: bool = False) -> Cell:
        """A cell from text, a number, or a list of lines."""
        if isinstance(value, bool):
            raise TypeError("a table cell holds text or a number, not a truth value")
        if isinstance(value, int | float):
            return cls((str(value),), number=value)
        if isinstance(value, str):
            return cls((value,) if value else (), bullets)
        return cls(tuple(value), bullets)

    def flat(self) -> str:
        """The cell as plain text: lines joined by newlines, bullets as "• "."""
        if len(self.lines) == 1 and not self.bullets:
            return self.lines[0]  # the common case, quicker than the join below
        marker = f"{BULLET} " if self.bullets else ""
        return "\n".join(marker + line for line in self.lines)

    def data(self) -> str:
        """The cell's text for data formats."""
        if self.plain is not None:
            return self.plain
        if len(self.lines) == 1 and not self.bullets:  # (as flat() does, one call less)
            return self.lines[0]
        return self.flat()


@dataclass(frozen=True)
class Column:
    """A column's heading, its width in centimetres (a Word table's natural width), and
    its alignment ("left" or "right", for numbers)."""

    title: str
    width_cm: float = 4.0
    align: str = "left"


@dataclass(frozen=True)
class Table:
    """A titled table. ``group_first``: equal first cells of adjacent rows form one group.

    ``label`` ("Table 9") is printed before the title: "Table 9. Title". ``paper``: laid
    out as a paper prints it, a grouped cell shown once in every format (merged in Excel,
    blank below in CSV) and rules between groups only.
    """

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    group_first: bool = False
    kind: str = field(default="table", compare=False)
    label: str = ""
    paper: bool = False

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")

    @property
    def caption(self) -> str:
        """ "Table 9. Title", or the title alone."""
        return caption_of(self)

    @property
    def width_cm(self) -> float:
        return sum(c.width_cm for c in self.columns)

    @property
    def landscape(self) -> bool:
        """Wider than a portrait page's text column."""
        return self.width_cm > PORTRAIT_WIDTH_CM + 0.01

    def groups(self) -> list[int]:
        """For each row, how many rows its first cell spans (0 for a row continuing a group)."""
        spans = [1] * len(self.rows)
        if not self.group_first:
            return spans
        start = 0
        for index in range(1, len(self.rows)):
            if self.rows[index][0] == self.rows[start][0]:
                spans[start] += 1
                spans[index] = 0
            else:
                start = index
        return spans


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class TableStream:
    """A table whose rows are read once, while it is written: a long table is never all
    in memory at once (the formats that need every row, such as Word, collect them).

    ``data``, if given, holds the same rows as data formats write them (each cell's
    :meth:`Cell.data`), quicker made without cells: CSV reads it instead of ``rows``.
    Only one of the two is read.
    """

    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Row]
    note: str = ""
    group_first: bool = False
    kind: str = field(default="table", compare=False)
    label: str = ""
    paper: bool = False
    data: Iterable[list[str]] | None = None

    @property
    def caption(self) -> str:
        return caption_of(self)

    def table(self) -> Table:
        """Every row at once, as a :class:`Table`."""
        rows = tuple(self.rows)
        return Table(
            self.title,
            self.columns,
            rows,
            self.note,
            self.group_first,
            self.kind,
            label=self.label,
            paper=self.paper,
        )


AnyTable = Table | TableStream


def caption_of(table: AnyTable) -> str:
    """ "Table 9. Title" for a labelled table, else its title."""
    return f"{table.label}. {table.title}" if table.label else table.title


def row_groups(rows: Iterable[Row], group_first: bool) -> Iterator[list[Row]]:
    """Rows in groups, as :meth:`Table.groups` spans them: adjacent rows with equal first
    cells form one group if ``group_first``, else each row is its own group.

    Only one group is held at a time.
    """
    group: list[Row] = []
    for row in rows:
        if group and not (group_first and row[0] == group[0][0]):
            yield group
            group = []
        group.append(row)
    if group:
        yield group


_TRAILING_NOTE = re.compile(r" (\([^()]*\))$")


def keep_note_with_word(text: str) -> str:
    """Join a trailing "(C)" or "(PJ 1, line 4)" to the word before it with a no-break space."""
    if not text.endswith((")", ")\n")):  # where the pattern's ")$" can match
        return text
    return _TRAILING_NOTE.sub("\u00a0\\1", text)
