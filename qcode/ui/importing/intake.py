"""The main window's intake: importing files (asked, dropped), coder copies, merging back."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qcode.ingest.reader import SUPPORTED_SUFFIXES
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.imports import batch_change
from qcode.services.merge.run import MergeReport
from qcode.ui.copy_dialog import CoderCopyDialog
from qcode.ui.importing.columns_dialog import ask_survey_columns
from qcode.ui.workbench import Workbench
from qcode.ui.workers import JobRunner, import_job, merge_job


class IntakeMixin:
    """Files and copies brought into the project in the background, with reports after.

    Mixed into the main window (before QMainWindow, so its drop handlers are the
    window's), whose workbench, jobs, ``show_message`` and ``refresh_actions`` it uses.
    """

    workbench: Workbench
    jobs: JobRunner
    last_outcomes: list[FileOutcome]

    def ask_import(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            "Import documents",
            "",
            f"Transcripts and surveys ({patterns});;REFI-QDA projects and codebooks (*.qdpx *.qdc)"
            ";;QualCoder project (data.qda)",
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: list[Path], options: ImportOptions | None = None) -> bool:
        """Import files in the background with progress; the outcome lines are shown after.
        A questionnaire's column classes are asked first (Import there starts the job)."""
        if options is None:
            self.columns_dialog = ask_survey_columns(self, paths, partial(self.import_paths, paths))
            if self.columns_dialog is not None:
                return True
        job = import_job(self.workbench.project.path, paths, options, self.workbench.coder)
        return self.jobs.start(f"Importing {len(paths)} file(s)…", job)

    def ask_merge(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Merge a coder's copy of this project", "", "qcode projects (*.qcode)"
        )
        if name:
            self.merge_copy(Path(name))

    def ask_coder_copy(self) -> None:
        """Ask who the copy is for and where it goes; the dialog writes it and reports."""
        self.copy_dialog = CoderCopyDialog(self.workbench, self)
        self.copy_dialog.open()

    def merge_copy(self, copy: Path) -> bool:
        """Bring a coder's copy in, in the background; the report is shown after."""
        return self.jobs.start(
            f"Merging {copy.name}…",
            merge_job(self.workbench.project.path, copy, self.workbench.coder),
        )

    def on_merged(self, report: MergeReport) -> None:
        self.last_merge = report
        if report.change is not None:
            self.workbench.history.push(report.change)
        self.workbench.reload()
        self.refresh_actions()
        box = QMessageBox(
            QMessageBox.Icon.Information, "Merge report", "\n".join(report.lines()), parent=self
        )
        box.setModal(False)
        box.open()
        self.merge_box = box

    def on_job_finished(self, result: object) -> None:
        if isinstance(result, MergeReport):
            self.on_merged(result)
            return
        if isinstance(result, list) and all(isinstance(o, FileOutcome) for o in result):
            self.last_outcomes = result
            self.remember_import(result)
            self.report_outcomes(result)

    def remember_import(self, outcomes: list[FileOutcome]) -> None:
        """The batch becomes one undo step ("Undo Import interview_03.docx"), announced."""
        change = batch_change(outcomes)
        if change is not None:
            self.workbench.history.push(change)
            self.workbench.changed.emit(change)

    def report_outcomes(self, outcomes: list[FileOutcome]) -> None:
        """The count of files in the status bar; a non-modal report of every file that failed
        or came with notes (a project file's counts per kind and what was not carried)."""
        files = list(dict.fromkeys(o.path for o in outcomes))
        failed = {o.path for o in outcomes if o.failed}
        noted = failed | {o.path for o in outcomes if o.status == "warning"}
        self.show_message(
            f"Imported {len(files) - len(failed)} of {len(files)} file(s)", bool(failed)
        )
        if not noted:
            return
        title = "Some files were not imported" if failed else "Import report"
        icon = QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information
        lines = "\n".join(o.message for o in outcomes if o.path in noted)
        box = QMessageBox(icon, title, lines, parent=self)
        box.setModal(False)
        box.open()
        self.outcome_box = box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
