"""Rows into a project's tables in bulk, shaped by the table's live schema (PRAGMA table_info)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

Row = Mapping[str, object]
Derive = Callable[[Row], object]

# Columns a later migration may add that are derived from others: filled from the row.
DERIVED: dict[tuple[str, str], Derive] = {
    ("documents", "chars"): lambda row: len(str(row["text"])),
    ("documents", "lines"): lambda row: str(row["text"]).count("\n") + 1,
    ("documents", "length"): lambda row: len(str(row["text"])),
    ("documents", "line_count"): lambda row: str(row["text"]).count("\n") + 1,
}


@dataclass(frozen=True)
class Column:
    """One column as SQLite reports it."""

    name: str
    type: str
    not_null: bool
    has_default: bool
    primary_key: bool


def columns_of(conn: sqlite3.Connection, table: str) -> list[Column]:
    """The columns of ``table`` in the open file (whatever migration it is at)."""
    rows = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    return [
        Column(name, (kind or "").upper(), bool(notnull), default is not None, bool(pk))
        for _cid, name, kind, notnull, default, pk in rows
    ]


def filler(table: str, column: Column, now: str) -> Derive:
    """How to fill a NOT NULL column the builder does not know: derived, else a neutral value."""
    derived = DERIVED.get((table, column.name))
    if derived is not None:
        return derived
    note = f"note: {table}.{column.name} ({column.type}) is filled with a neutral value"
    print(note, file=sys.stderr)
    if any(word in column.type for word in ("INT", "BOOL", "REAL", "FLOAT", "NUMERIC")):
        return lambda _row: 0
    if "DATE" in column.type or "TIME" in column.type:
        return lambda _row: now
    return lambda _row: ""


def insert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[Row], now: str) -> int:
    """Insert dict rows with one executemany; NOT NULL columns they lack are filled in.

    The first row decides which columns are given; every row must give the same ones.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    given = list(first)
    known = {c.name for c in columns_of(conn, table)}
    unknown = [name for name in given if name not in known]
    if unknown:
        raise ValueError(f"{table} has no column(s) {', '.join(unknown)}")
    missing = [
        (c.name, filler(table, c, now))
        for c in columns_of(conn, table)
        if c.not_null and not c.has_default and not c.primary_key and c.name not in first
    ]
    names = given + [name for name, _fill in missing]
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
    count = 0

    def values(row: Row) -> tuple[object, ...]:
        nonlocal count
        count += 1
        return (*(row[name] for name in given), *(fill(row) for _name, fill in missing))

    conn.executemany(sql, (values(row) for row in chain([first], iterator)))
    return count
