"""Indexing the passages on a pool thread, with progress and cancel."""

from __future__ import annotations

import threading
from contextlib import suppress

from PySide6.QtCore import QObject, QRunnable, Signal

from qcode import error_log
from qcode.errors import QcodeError
from qcode.store.project import Project


class IndexSignals(QObject):
    progress = Signal(int, int)  # documents done, documents to do
    finished = Signal(int, bool)  # passages made, whether it was cancelled
    failed = Signal(str)


class IndexJob(QRunnable):
    """``index_passages`` for one project; ``cancel()`` stops it between batches."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.project = project
        self.signals = IndexSignals()
        self.stop = threading.Event()

    def cancel(self) -> None:
        self.stop.set()

    def run(self) -> None:
        from qcode.services.similar.index import index_passages

        try:
            made = index_passages(self.project, None, self.signals.progress.emit, self.stop.is_set)
        except QcodeError as exc:
            outcome: tuple[str, object] = ("failed", error_log.user_line(exc))
        except Exception as exc:  # noqa: BLE001 - said in one line, never lost on a thread
            outcome = ("failed", error_log.one_line(exc))
        else:
            outcome = ("finished", made)
        with suppress(RuntimeError):  # the dock closed meanwhile
            if outcome[0] == "failed":
                self.signals.failed.emit(str(outcome[1]))
            else:
                self.signals.finished.emit(int(outcome[1]), self.stop.is_set())  # type: ignore[call-overload]
