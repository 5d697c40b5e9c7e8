"""Row-level change journal: temporary triggers record every row a transaction changes.

Each connection gets TEMP triggers on the project's tables (never stored in the file).
After an insert, update or delete they append to ``temp.qcode_journal`` the row's rowid
and its old and new values, column by column, in untyped columns: every value survives
exactly (text with NUL, any code point, floats, blobs), because nothing is ever turned
into SQL text. A service operation reads and clears the journal at the end of its
transaction. Reverting runs bound statements in reverse order with foreign keys
deferred, and first checks that each row is still as the change left it: a row that
someone else changed since (or an id reused) refuses the revert with a line naming it.
Reverting records the rows it touches, so undo and redo are the same mechanism.
The audit trail is not journaled: undoing a change adds an event, it never removes one.
On a PostgreSQL server the same functions work through ``server_journal`` (persistent
triggers, a per-session temp table, JSON values typed back); ``rowid`` is then 0.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Integer, Table
from sqlalchemy.engine import Connection

from qcode.errors import ConflictError
from qcode.store.models import Base

UNJOURNALED = {"audit_events", "passages"}  # (passages: derived from the text, made again)
KINDS = {"I": "insert", "U": "update", "D": "delete"}

Values = tuple[object, ...]


@dataclass(frozen=True)
class RowChange:
    """One row a transaction inserted, updated or deleted, with its values before and after."""

    table: str
    kind: str  # "insert" | "update" | "delete"
    rowid: int
    old: Values | None
    new: Values | None

    @property
    def key(self) -> tuple[str, Values]:
        """The table and primary-key values naming this row (never reused for another row)."""
        values = self.new if self.new is not None else self.old
        assert values is not None
        return self.table, tuple(values[i] for i in table_shape(self.table).key_indexes)

    def values_of(self, column: str) -> set[object]:
        """The values this row held in ``column`` before and after (empty if it has none)."""
        columns = table_shape(self.table).columns
        if column not in columns:
            return set()
        index = columns.index(column)
        return {v[index] for v in (self.old, self.new) if v is not None} - {None}

    @property
    def keys(self) -> set[tuple[str, Values]]:
        """The row's key before and after (they differ when an update moves a key)."""
        indexes = table_shape(self.table).key_indexes
        sides = (v for v in (self.old, self.new) if v is not None)
        return {(self.table, tuple(values[i] for i in indexes)) for values in sides}


@dataclass(frozen=True)
class TableShape:
    """A journaled table's columns and which of them form its primary key."""

    name: str
    columns: tuple[str, ...]
    key_indexes: tuple[int, ...]
    rowid_is_key: bool  # an INTEGER PRIMARY KEY: the key is the rowid itself

    @property
    def key_columns(self) -> tuple[str, ...]:
        return tuple(self.columns[i] for i in self.key_indexes)


def journaled_tables() -> list[Table]:
    """The tables whose changes can be undone."""
    return [t for t in Base.metadata.sorted_tables if t.name not in UNJOURNALED]


@cache
def _shapes() -> dict[str, TableShape]:
    shapes = {}
    for table in journaled_tables():
        columns = tuple(c.name for c in table.columns)
        primary = list(table.primary_key.columns)
        keys = tuple(columns.index(c.name) for c in primary)
        rowid_is_key = len(primary) == 1 and isinstance(primary[0].type, Integer)
        shapes[table.name] = TableShape(table.name, columns, keys, rowid_is_key)
    return shapes


def table_shape(name: str) -> TableShape:
    """The shape of one journaled table."""
    return _shapes()[name]


def journal_width() -> int:
    """How many value slots the journal keeps per side (the widest table's column count)."""
    return max(len(shape.columns) for shape in _shapes().values())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _slots(prefix: str, count: int) -> str:
    return ",".join(f"{prefix}{i}" for i in range(count))


def _trigger_sql(shape: TableShape) -> list[str]:
    name, cols, count = shape.name, shape.columns, len(shape.columns)
    old = ",".join(f"OLD.{_quoted(c)}" for c in cols)
    new = ",".join(f"NEW.{_quoted(c)}" for c in cols)
    changed = " OR ".join(f"OLD.{_quoted(c)} IS NOT NEW.{_quoted(c)}" for c in cols)
    bodies = {
        "INSERT": ("", f"(tbl,op,rid,{_slots('n', count)}) VALUES('{name}','I',NEW.rowid,{new})"),
        "DELETE": ("", f"(tbl,op,rid,{_slots('o', count)}) VALUES('{name}','D',OLD.rowid,{old})"),
        "UPDATE": (
            f" WHEN {changed}",
            f"(tbl,op,rid,{_slots('o', count)},{_slots('n', count)})"
            f" VALUES('{name}','U',NEW.rowid,{old},{new})",
        ),
    }
    return [
        f"CREATE TEMP TRIGGER IF NOT EXISTS qcode_j_{name}_{event.lower()} "
        f"AFTER {event} ON main.{_quoted(name)}{when} BEGIN "
        f"INSERT INTO qcode_journal{insert}; END"
        for event, (when, insert) in bodies.items()
    ]


def install(dbapi_conn: sqlite3.Connection) -> None:
    """Create the journal table and triggers on a new connection."""
    width = journal_width()
    dbapi_conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS qcode_journal (seq INTEGER PRIMARY KEY,"
        f" tbl TEXT NOT NULL, op TEXT NOT NULL, rid INTEGER, {_slots('o', width)},"
        f" {_slots('n', width)})"
    )
    for shape in _shapes().values():
        for sql in _trigger_sql(shape):
            dbapi_conn.execute(sql)


def on_server(conn: Connection) -> bool:
    """Whether a connection is to a PostgreSQL server (else a project file)."""
    return conn.dialect.name == "postgresql"


def _run(conn: Connection, sql: str, parameters: Sequence[object] = ()) -> Any:
    """Run a statement written with ``?`` marks on either engine."""
    if on_server(conn):
        from qcode.store.server_journal import bound

        sql = bound(sql)
    return conn.exec_driver_sql(sql, tuple(parameters)) if parameters else conn.exec_driver_sql(sql)


def clear(conn: Connection) -> None:
    """Forget what was recorded so far in this transaction."""
    if on_server(conn):
        from qcode.store.server_journal import CLEAR

        conn.exec_driver_sql(CLEAR)
        return
    conn.exec_driver_sql("DELETE FROM temp.qcode_journal")


def take(conn: Connection) -> list[RowChange]:
    """The rows changed so far in this transaction, oldest first; then clear the journal."""
    changes = pending(conn)
    clear(conn)
    return changes


def pending(conn: Connection) -> list[RowChange]:
    """The rows changed so far in this transaction, oldest first (the journal is kept)."""
    if on_server(conn):
        return _server_pending(conn)
    width = journal_width()
    rows = conn.exec_driver_sql(
        f"SELECT tbl, op, rid, {_slots('o', width)}, {_slots('n', width)}"
        " FROM temp.qcode_journal ORDER BY seq"
    ).fetchall()
    changes = []
    for tbl, op, rid, *values in rows:
        count = len(table_shape(tbl).columns)
        old = tuple(values[:count]) if op != "I" else None
        new = tuple(values[width : width + count]) if op != "D" else None
        changes.append(RowChange(tbl, KINDS[op], rid, old, new))
    return changes


def _server_pending(conn: Connection) -> list[RowChange]:
    from qcode.store.server_journal import PENDING, typed

    changes = []
    for tbl, op, old, new in conn.exec_driver_sql(PENDING).fetchall():
        columns = table_shape(tbl).columns
        changes.append(
            RowChange(tbl, KINDS[op], 0, typed(tbl, columns, old), typed(tbl, columns, new))
        )
    return changes


def revert(conn: Connection, changes: Sequence[RowChange]) -> None:
    """Take back ``changes`` newest first, refusing if any row is no longer as they left it."""
    if on_server(conn):
        _revert_on_server(conn, changes)
        return
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    for change in reversed(changes):
        _revert_one(conn, change)


def _revert_one(conn: Connection, change: RowChange) -> None:
    shape = table_shape(change.table)
    if change.kind == "delete":
        _require_absent(conn, shape, change)
        _insert(conn, shape, change)
        return
    _require_current(conn, shape, change)
    if change.kind == "insert":
        _run(conn, f"DELETE FROM {_quoted(shape.name)} WHERE {_where(shape)}", change.key[1])
    else:
        assignments = ",".join(f"{_quoted(c)}=?" for c in shape.columns)
        _run(
            conn,
            f"UPDATE {_quoted(shape.name)} SET {assignments} WHERE {_where(shape)}",
            (*change.old, *change.key[1]),  # type: ignore[misc]
        )


def _revert_on_server(conn: Connection, changes: Sequence[RowChange]) -> None:
    """Newest first, except that rows other rows refer to are deleted last: all checked
    first, then deleted children before parents.

    A server records a deleted parent before the rows its deletion cascaded to (a file the
    other way round) and checks a RESTRICT reference at once, so deleting a parent in turn
    would cascade into rows still to be checked, or be refused. Other references are
    deferred. Such rows' keys are never reused, so a deletion is the last thing done to one.
    """
    conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
    parents = _referenced_tables()
    newest_first = list(reversed(changes))
    late = [c for c in newest_first if c.kind == "insert" and c.table in parents]
    for change in newest_first:
        if not (change.kind == "insert" and change.table in parents):
            _revert_one(conn, change)
    for change in late:
        _require_current(conn, table_shape(change.table), change)
    for change in sorted(late, key=lambda c: -parents[c.table]):
        where = _where(table_shape(change.table))
        _run(conn, f"DELETE FROM {_quoted(change.table)} WHERE {where}", change.key[1])


@cache
def _referenced_tables() -> dict[str, int]:
    """Tables other rows refer to, each with its place (parents first)."""
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    parents = {key.column.table.name for t in Base.metadata.sorted_tables for key in t.foreign_keys}
    return {name: order[name] for name in parents}


def describe_row(table: str, values: Values | None, key: Values) -> str:
    """A short name for a row in a message: its table, key and name if it has one."""
    shape = table_shape(table)
    noun = table.removesuffix("s").replace("_", " ")
    label = f"{noun} {'/'.join(str(k) for k in key)}"
    if values is not None and "name" in shape.columns:
        label += f" ('{values[shape.columns.index('name')]}')"
    return label


def _where(shape: TableShape) -> str:
    return " AND ".join(f"{_quoted(c)}=?" for c in shape.key_columns)


def _current(conn: Connection, shape: TableShape, key: Values) -> Values | None:
    columns = ",".join(_quoted(c) for c in shape.columns)
    row = _run(
        conn, f"SELECT {columns} FROM {_quoted(shape.name)} WHERE {_where(shape)}", key
    ).first()
    return tuple(row) if row is not None else None


def same_values(a: Values | None, b: Values | None) -> bool:
    """Whether two rows hold exactly the same values (type and value, column by column)."""
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(
        type(x) is type(y) and x == y for x, y in zip(a, b, strict=True)
    )


def _require_current(conn: Connection, shape: TableShape, change: RowChange) -> None:
    key = change.key[1]
    now = _current(conn, shape, key)
    if not same_values(now, change.new):
        what = "was removed" if now is None else "was changed"
        raise ConflictError(f"{describe_row(shape.name, now or change.new, key)} {what} since")


def _require_absent(conn: Connection, shape: TableShape, change: RowChange) -> None:
    key = change.key[1]
    now = _current(conn, shape, key)
    if now is not None:
        raise ConflictError(f"{describe_row(shape.name, now, key)} was added again since")


def _insert(conn: Connection, shape: TableShape, change: RowChange) -> None:
    assert change.old is not None
    columns = [_quoted(c) for c in shape.columns]
    values: tuple[object, ...] = change.old
    keep_rowid = not shape.rowid_is_key and not on_server(conn)
    if keep_rowid and not _rowid_taken(conn, shape, change.rowid):
        columns.insert(0, "rowid")
        values = (change.rowid, *values)
    marks = ",".join("?" * len(columns))
    _run(conn, f"INSERT INTO {_quoted(shape.name)}({','.join(columns)}) VALUES({marks})", values)


def _rowid_taken(conn: Connection, shape: TableShape, rowid: int) -> bool:
    sql = f"SELECT 1 FROM {_quoted(shape.name)} WHERE rowid=?"
    return conn.exec_driver_sql(sql, (rowid,)).first() is not None
