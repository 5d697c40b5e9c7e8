"""Heavy reading off the UI thread, latest request wins: typing never waits for a recount.

A dock asks ``LatestOnly.run(compute, show)``: ``compute`` runs on a worker thread with
its own session; ``show`` gets the result on the UI thread, unless a newer request was
made meanwhile (then the old result is dropped). An error comes back as one line.
``busy_changed`` says when the view starts and stops waiting, for a "Counting…" note.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from qcode import error_log
from qcode.errors import QcodeError


class _Relay(QObject):
    finished = Signal(int, bool, object)  # request number, succeeded, result or message


class _Job(QRunnable):
    def __init__(self, number: int, compute: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.number, self.compute, self.relay = number, compute, relay

    def run(self) -> None:
        try:
            outcome = (True, self.compute())
        except QcodeError as exc:
            outcome = (False, error_log.user_line(exc))
        except Exception as exc:  # noqa: BLE001 - said in one line, never lost on a thread
            outcome = (False, error_log.one_line(exc))
        with suppress(RuntimeError):  # the view closed meanwhile: nobody is left to tell
            self.relay.finished.emit(self.number, *outcome)


class LatestOnly(QObject):
    """One kind of computation for one view; only the newest request's result is shown."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject, report_error: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.report_error = report_error
        self.requested = 0
        self.shown = 0
        self.show: Callable[[Any], None] | None = None
        self.relay = _Relay()
        self.relay.finished.connect(self.on_finished)
        self.pool = QThreadPool.globalInstance()

    @property
    def busy(self) -> bool:
        return self.shown < self.requested

    def run(self, compute: Callable[[], Any], show: Callable[[Any], None]) -> None:
        was_busy = self.busy
        self.requested += 1
        self.show = show
        self.pool.start(_Job(self.requested, compute, self.relay))
        if not was_busy:
            self.busy_changed.emit(True)

    def on_finished(self, number: int, succeeded: bool, value: object) -> None:
        if number != self.requested or self.show is None:
            return  # a newer request is on its way
        self.shown = number
        try:
            if succeeded:
                self.show(value)
            else:
                self.report_error(str(value))
        finally:
            self.busy_changed.emit(self.busy)
