"""Other coders on a team server, live: their committed changes arrive as notices and the
window refreshes only what they touched (the same signal as its own changes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from qcode.services.history import Change
from qcode.store.server_watch import Notice, ServerWatch
from qcode.ui.workbench import Workbench

LOOK_MS = 250  # a look only reads what already arrived on the socket


def as_change(notice: Notice) -> Change | None:
    """What a view needs of another coder's change (None: any row of any table)."""
    if notice.rows is None:
        return None
    return Change(f"{notice.actor}'s change", notice.tables, notice.rows)


class ServerListener(QObject):
    """Hears other processes' commits on the project's server; announces each one."""

    def __init__(self, workbench: Workbench, parent: QObject) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.polls = 0  # looks taken (tests wait on it)
        self.refreshes = 0  # other writers' changes announced
        self.watch = ServerWatch(workbench.project.engine)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(LOOK_MS)

    def poll(self) -> None:
        """One look: announce each change another coder committed since the last."""
        self.polls += 1
        window = self.parent()
        if isinstance(window, QWidget) and not window.isVisible():
            return
        notices = self.watch.notices()
        if notices is None:
            self.timer.stop()  # the window goes on, without hearing others live
            return
        for notice in notices:
            self.refreshes += 1
            self.workbench.changed.emit(as_change(notice))

    def stop(self) -> None:
        """Stop listening (the window is closing)."""
        self.timer.stop()
        self.watch.close()
