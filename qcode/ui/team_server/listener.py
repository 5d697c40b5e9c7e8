"""Other coders on a team server, live: their committed changes arrive as notices and the
window refreshes only what they touched (the same signal as its own changes). A dropped
connection (the server restarted, the network went) is tried again every few seconds, off
the window's thread; once back, the window rereads everything, since notices were missed."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from qcode.services.history import Change
from qcode.store.server_watch import Notice, ServerWatch
from qcode.ui.workbench import Workbench

LOOK_MS = 250  # a look only reads what already arrived on the socket
RETRY_S = 3.0  # between tries to listen again after the connection dropped
LOST = "Lost the live connection to the team server; trying again every few seconds"
BACK = "Live again: the team server's connection is back; everything was reread"


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
        self.lost = False  # the listening connection dropped: trying to listen again
        self.retry: threading.Thread | None = None
        self.tried_at = 0.0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(LOOK_MS)

    def poll(self) -> None:
        """One look: announce each change another coder committed since the last."""
        self.polls += 1
        window = self.parent()
        if isinstance(window, QWidget) and not window.isVisible():
            return
        if self.lost:
            self.listen_again()
            return
        notices = self.watch.notices()
        if notices is None:
            self.lost = True  # the window goes on, and tries to hear others again
            self.workbench.message.emit(LOST, True)
            return
        for notice in notices:
            self.refreshes += 1
            self.workbench.changed.emit(as_change(notice))

    def listen_again(self) -> None:
        """One step of getting the connection back: a try off this thread every few seconds;
        once it worked, everything is reread (what came meanwhile was not heard)."""
        if self.retry is not None:
            if self.retry.is_alive():
                return
            self.retry = None
            if self.watch.connection is not None:
                self.lost = False
                self.refreshes += 1
                self.workbench.message.emit(BACK, False)
                self.workbench.changed.emit(None)
                return
        if time.monotonic() - self.tried_at < RETRY_S:
            return
        self.tried_at = time.monotonic()
        self.retry = threading.Thread(target=self.watch.connect, daemon=True)
        self.retry.start()

    def stop(self) -> None:
        """Stop listening (the window is closing)."""
        self.timer.stop()
        if self.retry is not None:
            self.retry.join()  # a try takes at most the connection's timeout
        self.watch.close()
