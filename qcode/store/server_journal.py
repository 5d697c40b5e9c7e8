"""The row-level change journal on PostgreSQL: triggers append to a per-session temp table.

The same journal as a file's (``journal``), for a server database: a trigger function on
every journaled table appends the row's old and new values (as JSON) to the session's
``pg_temp.qcode_journal``, when that session made one (a qcode connection does; anyone
else's writes are not journaled). Values come back in their column's Python type, so a
revert compares and restores them exactly as a file's journal does. Foreign keys are
deferrable, so a revert may restore a row before the row it refers to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import DateTime
from sqlalchemy.engine import Connection

from qcode.store.models import Base

FUNCTION = """
CREATE OR REPLACE FUNCTION qcode_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.qcode_journal') IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO pg_temp.qcode_journal (tbl, op, old, new)
        VALUES (TG_TABLE_NAME, 'I', NULL, to_jsonb(NEW));
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO pg_temp.qcode_journal (tbl, op, old, new)
        VALUES (TG_TABLE_NAME, 'D', to_jsonb(OLD), NULL);
    ELSIF OLD IS DISTINCT FROM NEW THEN
        INSERT INTO pg_temp.qcode_journal (tbl, op, old, new)
        VALUES (TG_TABLE_NAME, 'U', to_jsonb(OLD), to_jsonb(NEW));
    END IF;
    RETURN NULL;
END $$
"""
SESSION_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS qcode_journal"
    " (seq BIGSERIAL PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL, old JSONB, new JSONB)"
)


CLEAR = "DELETE FROM pg_temp.qcode_journal"
PENDING = "SELECT tbl, op, old, new FROM pg_temp.qcode_journal ORDER BY seq"


def create_triggers(conn: Connection, tables: Iterable[str]) -> None:
    """Install the trigger function and one trigger per journaled table (with the schema)."""
    conn.exec_driver_sql(FUNCTION)
    for name in tables:
        conn.exec_driver_sql(
            f'CREATE TRIGGER qcode_journal AFTER INSERT OR UPDATE OR DELETE ON "{name}"'
            " FOR EACH ROW EXECUTE FUNCTION qcode_journal_row()"
        )


def install(dbapi_conn: object) -> None:
    """Give a new connection its session's journal table (outside any transaction)."""
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute(SESSION_TABLE)
    dbapi_conn.commit()  # type: ignore[attr-defined]


def typed(table: str, columns: Sequence[str], values: object) -> tuple[object, ...] | None:
    """A row's JSON values as its columns' Python values, in column order (JSON keeps
    integers, booleans and text as they were; a timestamp comes back from its ISO text)."""
    if values is None:
        return None
    found = json.loads(values) if isinstance(values, str) else values
    assert isinstance(found, dict)
    moments = datetime_columns()[table]
    return tuple(
        datetime.fromisoformat(found[c])
        if c in moments and found.get(c) is not None
        else found.get(c)
        for c in columns
    )


@cache
def datetime_columns() -> dict[str, frozenset[str]]:
    """Each table's timestamp columns."""
    return {
        t.name: frozenset(c.name for c in t.columns if isinstance(c.type, DateTime))
        for t in Base.metadata.tables.values()
    }


def bound(sql: str) -> str:
    """A statement written with ``?`` marks, in psycopg's ``%s`` style."""
    return sql.replace("?", "%s")
