"""Row-level change journal: temporary triggers record the inverse SQL of every write.

Each connection gets TEMP triggers on the project's tables (never stored in the file).
After an insert, update or delete they append to ``temp.qcode_journal`` the statement
that undoes it, foreign-key cascades included. A service operation reads and clears
the journal at the end of its transaction; the statements, run in reverse order with
foreign keys deferred, restore every row exactly (same ids, same values). Running them
records the statements that redo the change, so undo and redo are the same mechanism.
The audit trail is not journaled: undoing a change adds an event, it never removes one.
This module is SQLite-specific by design and stays inside ``qcode/store``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from qcode.store.models import Base

UNJOURNALED = {"audit_events"}


@dataclass(frozen=True)
class JournalEntry:
    """One recorded inverse statement and the table it touches."""

    table: str
    statement: str


def journaled_tables() -> list[Table]:
    """The tables whose changes can be undone."""
    return [t for t in Base.metadata.sorted_tables if t.name not in UNJOURNALED]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_sql(table: Table) -> list[str]:
    name = table.name
    cols = [c.name for c in table.columns]
    col_list = ",".join(["rowid", *(_quoted(c) for c in cols)])
    old_values = "||','||".join(["OLD.rowid", *(f"quote(OLD.{_quoted(c)})" for c in cols)])
    assignments = "||','||".join(f"'{_quoted(c)}='||quote(OLD.{_quoted(c)})" for c in cols)
    log = "INSERT INTO qcode_journal(tbl, stmt) VALUES('{name}', {expr});"
    on_insert = f"'DELETE FROM {_quoted(name)} WHERE rowid='||NEW.rowid"
    on_delete = f"'INSERT INTO {_quoted(name)}({col_list}) VALUES('||{old_values}||')'"
    on_update = f"'UPDATE {_quoted(name)} SET '||{assignments}||' WHERE rowid='||NEW.rowid"
    triggers = []
    for event, expr in (("INSERT", on_insert), ("DELETE", on_delete), ("UPDATE", on_update)):
        triggers.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS qcode_j_{name}_{event.lower()} "
            f"AFTER {event} ON main.{_quoted(name)} BEGIN "
            + log.format(name=name, expr=expr)
            + " END"
        )
    return triggers


def install(dbapi_conn: sqlite3.Connection) -> None:
    """Create the journal table and triggers on a new connection."""
    dbapi_conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS qcode_journal"
        " (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, stmt TEXT NOT NULL)"
    )
    for table in journaled_tables():
        for sql in _trigger_sql(table):
            dbapi_conn.execute(sql)


def clear(conn: Connection) -> None:
    """Forget what was recorded so far in this transaction."""
    conn.exec_driver_sql("DELETE FROM temp.qcode_journal")


def take(conn: Connection) -> list[JournalEntry]:
    """The recorded inverse statements, newest first (the order to run them), then clear."""
    rows = conn.exec_driver_sql(
        "SELECT tbl, stmt FROM temp.qcode_journal ORDER BY seq DESC"
    ).fetchall()
    clear(conn)
    return [JournalEntry(table, statement) for table, statement in rows]


def replay(conn: Connection, entries: Sequence[JournalEntry]) -> None:
    """Run inverse statements in order with foreign keys checked only at commit."""
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    for entry in entries:
        conn.exec_driver_sql(entry.statement)
