"""Other writers: notice commits by another qcode window or command and refresh the window.

A timer asks the store's ``FileWatch`` whether another connection committed (SQLite's
``data_version``) and which audit events are new: events this process committed (the
window, its import and merge workers) are its own and already announced; any other
event means another process wrote, and the window hears ``workbench.changed(None)``
once ("anything may have changed": the audit trail says what was done, not which rows),
which every view handles by reading again when it is seen — the transcript keeps its
scroll position and selection. Undo stays safe: the history
refuses to undo rows changed by others. (A commit by another process that records no
audit event is seen too, when this process committed nothing in the meantime.)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from qcode.store.watch import OWN, FileWatch
from qcode.ui.workbench import Workbench

ACTIVE_MS = 1000  # while the user works in qcode
IDLE_MS = 5000  # while another application is in front


class OtherWriters(QObject):
    """Looks at the project file now and then; announces what other processes wrote."""

    def __init__(self, workbench: Workbench, parent: QObject) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.path = Path(workbench.project.path)
        self.polls = 0  # looks taken (tests wait on it)
        self.refreshes = 0  # times another writer's work was announced
        self.watch = FileWatch(self.path)
        self.version = self.watch.data_version()
        self.last_audit = self.watch.latest_audit_id()
        self.commits = OWN.commits
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(self.interval())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)

    @staticmethod
    def interval() -> int:
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        return ACTIVE_MS if active else IDLE_MS

    def on_application_state(self, _state: Qt.ApplicationState) -> None:
        """Back in front: look at once (the user may have just run a command), then often."""
        if self.watch.connection is None:
            return
        self.timer.setInterval(self.interval())
        if self.interval() == ACTIVE_MS:
            self.poll()

    def poll(self) -> None:
        """One look: announce another writer's work once, ignore this process's own."""
        self.polls += 1
        window = self.parent()
        if not self.path.exists() or (isinstance(window, QWidget) and not window.isVisible()):
            return  # a window closed (or its file gone) hears nothing more
        version = self.watch.data_version()
        if version is None or version == self.version:
            return
        ids = self.watch.audit_ids_after(self.last_audit)
        if ids is None:
            return  # unreadable for now: the same change is seen next time
        self.version = version
        if ids:
            self.last_audit = ids[-1]
        own = OWN.take(self.watch.where, ids)
        commits, self.commits = self.commits, OWN.commits
        foreign = len(own) < len(ids) or (not ids and commits == OWN.commits)
        if foreign:
            self.refreshes += 1
            self.workbench.changed.emit(None)

    def stop(self) -> None:
        """Stop looking and let go of the file (the window is closing)."""
        self.timer.stop()
        self.watch.close()
