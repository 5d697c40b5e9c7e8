"""Live changes on a team server: each write announces the rows it touched (NOTIFY); a
window listening on its own connection hears other coders' writes as they commit.

A notice names the writing process, the coder, and per row its table, kind and the values
of its key and reference columns (``id``, ``*_id``) before and after: enough for a view
to refresh only the documents, codes and segments that changed. A change too big for one
notice (PostgreSQL takes under 8000 bytes) is announced as "these tables, any rows".
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Engine

from qcode.store.journal import KINDS, RowChange, Values, table_shape

CHANNEL = "qcode_changes"
PROCESS = f"{socket.gethostname()}/{os.getpid()}"  # a notice from here is this process's own
PAYLOAD_LIMIT = 7900


@dataclass(frozen=True)
class Notice:
    """Another process's committed change: who, which tables, and the rows (None: any)."""

    actor: str
    tables: frozenset[str]
    rows: tuple[RowChange, ...] | None


def reference_columns(table: str) -> list[str]:
    """A table's columns a view looks rows up by: its ``id`` and every ``*_id``."""
    return [c for c in table_shape(table).columns if c == "id" or c.endswith("_id")]


def _refs(table: str, values: Values | None) -> dict[str, object] | None:
    if values is None:
        return None
    columns = table_shape(table).columns
    return {c: values[columns.index(c)] for c in reference_columns(table)}


def payload(rows: list[RowChange], actor: str, process: str = PROCESS) -> str:
    """The notice for one committed change, within PostgreSQL's size limit."""
    tables = sorted({row.table for row in rows})
    described = [[r.table, r.kind, _refs(r.table, r.old), _refs(r.table, r.new)] for r in rows]
    text = json.dumps({"by": process, "actor": actor, "tables": tables, "rows": described})
    if len(text.encode()) <= PAYLOAD_LIMIT:
        return text
    return json.dumps({"by": process, "actor": actor, "tables": tables, "rows": None})


def announce(conn: Connection, rows: list[RowChange], actor: str) -> None:
    """Tell every listening window about a change, when (and only if) it commits."""
    conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload(rows, actor)))


def _values(table: str, refs: dict[str, Any] | None) -> Values | None:
    if refs is None:
        return None
    return tuple(refs.get(column) for column in table_shape(table).columns)


def read_notice(text: str, process: str = PROCESS) -> Notice | None:
    """A notice from another process (None: this process's own, or not qcode's)."""
    try:
        found = json.loads(text)
        if found["by"] == process:
            return None
        tables = frozenset(found["tables"])
        if found["rows"] is None:
            return Notice(found["actor"], tables, None)
        rows = tuple(
            RowChange(table, kind, 0, _values(table, old), _values(table, new))
            for table, kind, old, new in found["rows"]
            if kind in KINDS.values()
        )
    except (ValueError, KeyError, TypeError):
        return None
    return Notice(found["actor"], tables, rows)


class ServerWatch:
    """A listening connection of its own to a project's server database; never raises."""

    def __init__(self, engine: Engine) -> None:
        self.url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.connection: Any = None
        self.connect()

    def connect(self) -> bool:
        """Listen again on a connection of its own (after a drop); whether that worked."""
        import psycopg

        self.close()
        try:
            self.connection = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
            self.connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            self.close()  # the window works as before, without seeing others live
        return self.connection is not None

    def notices(self) -> list[Notice] | None:
        """Other processes' changes committed since the last look (None: cannot listen)."""
        if self.connection is None:
            return None
        try:
            heard = [n.payload for n in self.connection.notifies(timeout=0)]
        except Exception:  # noqa: BLE001 - a dropped connection: the window stops listening
            self.close()
            return None
        return [notice for text in heard if (notice := read_notice(text)) is not None]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
