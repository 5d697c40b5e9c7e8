"""Watching a project file for other writers: SQLite's data_version and new audit events.

``PRAGMA data_version`` on a connection of the watcher's own changes only when another
connection commits, so a look costs almost nothing. The audit events added since the last
look say who wrote: this process notes the ids of the events it commits (per project
file: two projects both have an event 5), so any other id is another process's work.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from qcode.store.models import AuditEvent

BUSY_MS = 50  # a checkpoint holding the file only delays a look
PENDING = "qcode_audit_ids"


class OwnWrites:
    """What this process committed, per project file: audit event ids, and how many
    commits in all."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.audit_ids: dict[str, set[int]] = {}
        self.commits = 0

    def committed(self, where: str, ids: list[int]) -> None:
        with self.lock:
            self.audit_ids.setdefault(where, set()).update(ids)
            self.commits += 1

    def take(self, where: str, ids: list[int]) -> set[int]:
        """Of ``ids`` (new in the file), those this process wrote; forgotten once asked."""
        with self.lock:
            mine = self.audit_ids.get(where, set())
            own = mine.intersection(ids)
            mine.difference_update(own)
            if ids:
                self.audit_ids[where] = {i for i in mine if i > ids[-1]}
            return own


def file_key(path: object) -> str:
    """One name for a project file however it was reached (relative, linked)."""
    return os.path.realpath(str(path)) if path else ""


OWN = OwnWrites()


@event.listens_for(AuditEvent, "after_insert")
def _note_audit_event(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    session = object_session(target)
    if session is not None:
        session.info.setdefault(PENDING, []).append(target.id)


@event.listens_for(Session, "after_commit")
def _keep_own(session: Session) -> None:
    ids = session.info.pop(PENDING, [])
    bind = session.bind
    where = file_key(getattr(getattr(bind, "url", None), "database", None))
    OWN.committed(where, ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)  # (a rolled-back id may go to another writer's event)


class FileWatch:
    """A connection of its own to one project file; every read says None when it can't."""

    def __init__(self, path: Path) -> None:
        self.where = file_key(path)
        self.connection: sqlite3.Connection | None
        try:
            self.connection = sqlite3.connect(path, isolation_level=None)
            self.connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        except sqlite3.Error:
            self.connection = None  # the window works as before, without seeing others

    def _one(self, sql: str, *parameters: object) -> Any:
        if self.connection is None:
            return None
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error:
            return None  # busy for a moment: look again next time

    def data_version(self) -> int | None:
        rows = self._one("PRAGMA data_version")
        return None if rows is None else int(rows[0][0])

    def latest_audit_id(self) -> int:
        rows = self._one("SELECT max(id) FROM audit_events")
        return 0 if rows is None else int(rows[0][0] or 0)

    def audit_ids_after(self, last: int) -> list[int] | None:
        rows = self._one("SELECT id FROM audit_events WHERE id > ? ORDER BY id", last)
        return None if rows is None else [int(row[0]) for row in rows]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
