"""Long work off the UI thread: a job with progress and Cancel, errors as lines, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from qcode import error_log
from qcode.errors import QcodeError
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.imports import import_files
from qcode.services.merge.run import MergeReport, merge_copy
from qcode.store.project import open_project

# A job gets (progress(done, total, label), cancelled()) and returns its result.
Progress = Callable[[int, int, str], None]
Job = Callable[[Progress, Callable[[], bool]], Any]


class JobThread(QThread):
    """Runs one job; reports progress, then either a result or a one-line error."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.cancel_requested = False

    def run(self) -> None:
        try:
            result = self.job(self.progressed.emit, lambda: self.cancel_requested)
        except QcodeError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown as one line; details go to the log
            self.failed.emit(error_log.one_line(exc))
        else:
            self.succeeded.emit(result)


class JobRunner(QObject):
    """Starts a job with a progress dialog that can cancel it; one job at a time."""

    finished = Signal(object)  # the result, or None after an error
    error = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.thread: JobThread | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.thread is not None

    def start(self, title: str, job: Job) -> bool:
        if self.thread is not None:
            self.error.emit("another task is still running; wait for it or cancel it")
            return False
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, self.parent_widget)
        self.dialog.setWindowTitle("qcode")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(500)
        thread = JobThread(job, self)
        self.dialog.canceled.connect(lambda: setattr(thread, "cancel_requested", True))
        thread.progressed.connect(self.on_progress)
        thread.succeeded.connect(self.on_success)
        thread.failed.connect(self.on_failure)
        self.thread = thread
        thread.start()
        return True

    def on_progress(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
            self.dialog.setLabelText(label)

    def on_success(self, result: object) -> None:
        self.stop()
        self.finished.emit(result)

    def on_failure(self, message: str) -> None:
        self.stop()
        self.error.emit(message)
        self.finished.emit(None)

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.wait()
            self.thread = None
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None


def import_job(
    project_path: Path,
    paths: list[Path],
    options: ImportOptions | None = None,
    actor: str | None = None,
) -> Job:
    """Import files in the worker thread, on its own connection to the project file;
    audited as ``actor`` (the coder at the window)."""

    def job(progress: Progress, cancelled: Callable[[], bool]) -> list[FileOutcome]:
        with open_project(project_path) as project:
            return import_files(
                project, paths, options, progress=progress, cancelled=cancelled, actor=actor
            )

    return job


def merge_job(project_path: Path, copy: Path, actor: str | None) -> Job:
    """Merge a coder's copy in the worker thread; look-alike codes come in as new and are listed."""

    def job(progress: Progress, _cancelled: Callable[[], bool]) -> MergeReport:
        progress(0, 1, f"Merging {copy.name}")
        with open_project(project_path) as project:
            return merge_copy(project, copy, actor=actor)

    return job
