"""A project search run on a pool thread, on its own connection, with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from qcode.errors import QcodeError
from qcode.services.search import search_table
from qcode.store.models import Document
from qcode.store.project import open_project


class SearchSignals(QObject):
    """What a search job reports; delivered on the GUI thread (queued connections)."""

    progress = Signal(int, int)  # documents searched, documents in all
    finished = Signal(object, object, bool)  # the job, its HitTable, whether it was cancelled
    failed = Signal(object, str)  # the job, a one-line reason


class SearchJob(QRunnable):
    """Search a project file for one query; ``cancel()`` stops it between documents."""

    def __init__(self, path: Path, query: str, mode: str, unit: str, threshold: float) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.path = path
        self.query, self.mode, self.unit, self.threshold = query, mode, unit, threshold
        self.signals = SearchSignals()
        self.stop = threading.Event()
        self.done = 0
        self.total = 0

    def cancel(self) -> None:
        self.stop.set()

    def tick(self) -> bool:
        """Called before each document: report progress and say whether to stop."""
        self.signals.progress.emit(self.done, self.total)
        self.done += 1
        return self.stop.is_set()

    def run(self) -> None:
        try:
            project = open_project(self.path)
        except QcodeError as exc:
            self.signals.failed.emit(self, str(exc))
            return
        try:
            with project.session() as session:
                self.total = session.scalar(select(func.count(Document.id))) or 0
                hits = search_table(
                    session, self.query, self.mode, self.unit, None, self.threshold, self.tick
                )
            self.signals.finished.emit(self, hits, self.stop.is_set())
        except QcodeError as exc:
            self.signals.failed.emit(self, str(exc))
        except SQLAlchemyError as exc:
            reason = str(exc).splitlines()[0]
            self.signals.failed.emit(self, f"the search could not read the project: {reason}")
        finally:
            project.close()
