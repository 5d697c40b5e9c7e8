"""Write a table in the format its file's suffix names: .docx, .xlsx, .csv, .md or .html."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from qcode.errors import QcodeError
from qcode.export.tables.table import AnyTable, Row, Table, TableStream

Writer = Callable[[AnyTable, Path], None]
RowLike = TypeVar("RowLike", Row, list[str])


def writer(suffix: str) -> Writer:
    """The writer of a suffix, its module imported only now (openpyxl and python-docx are
    heavy). Every writer but Word's writes a :class:`TableStream`'s rows as they come."""
    if suffix == ".docx":
        return write_word
    if suffix == ".xlsx":
        from qcode.export.tables import excel

        return excel.write_xlsx
    from qcode.export.tables import plain

    return {".csv": plain.write_csv, ".md": plain.write_markdown, ".html": plain.write_html}[suffix]


def write_word(table: AnyTable, output: Path) -> None:
    """A Word table is built whole, so a stream's rows are all gathered first."""
    from qcode.export.tables.word import write_docx

    write_docx(table.table() if isinstance(table, TableStream) else table, output)


TABLE_SUFFIXES = (".docx", ".xlsx", ".csv", ".md", ".html")


def write_table(table: AnyTable, output: Path) -> str:
    """Write ``table`` in the format of ``output``'s suffix; returns one line saying what.

    A :class:`TableStream`'s rows are counted (and checked) as they are written.
    """
    suffix = output.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot write a table as {shown}; use {', '.join(TABLE_SUFFIXES)}"
        )
    counter = RowCounter(len(table.columns))
    if isinstance(table, TableStream):
        data = None if table.data is None else counter.count(table.data)
        table = replace(table, rows=counter.count(table.rows), data=data)
    try:
        writer(suffix)(table, output)
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    rows = len(table.rows) if isinstance(table, Table) else counter.rows
    return f"wrote {table.kind} ({rows} row{'s' if rows != 1 else ''}) to {output}"


class RowCounter:
    """Counts a stream's rows as they pass, refusing one of the wrong width (as Table does)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows = 0

    def count(self, rows: Iterable[RowLike]) -> Iterator[RowLike]:
        for row in rows:
            if len(row) != self.width:
                raise ValueError(f"a row has {len(row)} cells for {self.width} columns")
            self.rows += 1
            yield row
