"""Other writers: notice commits by another qcode window or command and refresh the window.

A timer reads SQLite's ``PRAGMA data_version`` on a connection of its own (cheap: it
changes only when some other connection commits). When it changed, the audit events
added since the last look say who wrote: events this process committed (the window,
its import and merge workers) are its own and already announced; any other event means
another process wrote, and the window hears ``workbench.changed(None)`` once ("anything
may have changed"), which every view handles by reading again when it is seen — the
transcript keeps its scroll position and selection. Undo stays safe: the history
refuses to undo rows changed by others. (A commit by another process that records no
audit event is seen too, when this process committed nothing in the meantime.)
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from qcode.store.models import AuditEvent
from qcode.ui.workbench import Workbench

ACTIVE_MS = 1000  # while the user works in qcode
IDLE_MS = 5000  # while another application is in front
BUSY_MS = 50  # a checkpoint holding the file only delays a look
PENDING = "qcode_audit_ids"


class OwnWrites:
    """What this process committed, per project file: audit event ids, and how many
    commits in all (two projects both have an event 5: ids are kept by file)."""

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


class OtherWriters(QObject):
    """Looks at the project file now and then; announces what other processes wrote."""

    def __init__(self, workbench: Workbench, parent: QObject) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.path = Path(workbench.project.path)
        self.where = file_key(self.path)
        self.polls = 0  # looks taken (tests wait on it)
        self.refreshes = 0  # times another writer's work was announced
        self.connection: sqlite3.Connection | None = self.connect(workbench.project.path)
        self.version = self.data_version()
        self.last_audit = self.latest_audit_id()
        self.commits = OWN.commits
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(self.interval())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)

    @staticmethod
    def connect(path: Path) -> sqlite3.Connection | None:
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        except sqlite3.Error:
            return None  # the window works as before, without seeing other writers
        return connection

    @staticmethod
    def interval() -> int:
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        return ACTIVE_MS if active else IDLE_MS

    def on_application_state(self, _state: Qt.ApplicationState) -> None:
        """Back in front: look at once (the user may have just run a command), then often."""
        if self.connection is None:
            return
        self.timer.setInterval(self.interval())
        if self.interval() == ACTIVE_MS:
            self.poll()

    def data_version(self) -> int | None:
        if self.connection is None:
            return None
        try:
            return int(self.connection.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None  # busy for a moment: look again next time

    def latest_audit_id(self) -> int:
        if self.connection is None:
            return 0
        try:
            row = self.connection.execute("SELECT max(id) FROM audit_events").fetchone()
        except sqlite3.Error:
            return 0
        return int(row[0] or 0)

    def new_audit_ids(self) -> list[int] | None:
        assert self.connection is not None
        try:
            rows = self.connection.execute(
                "SELECT id FROM audit_events WHERE id > ? ORDER BY id", (self.last_audit,)
            ).fetchall()
        except sqlite3.Error:
            return None
        return [int(row[0]) for row in rows]

    def poll(self) -> None:
        """One look: announce another writer's work once, ignore this process's own."""
        self.polls += 1
        window = self.parent()
        if not self.path.exists() or (isinstance(window, QWidget) and not window.isVisible()):
            return  # a window closed (or its file gone) hears nothing more
        version = self.data_version()
        if version is None or version == self.version:
            return
        ids = self.new_audit_ids()
        if ids is None:
            return  # unreadable for now: the same change is seen next time
        self.version = version
        if ids:
            self.last_audit = ids[-1]
        own = OWN.take(self.where, ids)
        commits, self.commits = self.commits, OWN.commits
        foreign = len(own) < len(ids) or (not ids and commits == OWN.commits)
        if foreign:
            self.refreshes += 1
            self.workbench.changed.emit(None)

    def stop(self) -> None:
        """Stop looking and let go of the file (the window is closing)."""
        self.timer.stop()
        if self.connection is not None:
            self.connection.close()
            self.connection = None
