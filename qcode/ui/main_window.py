"""The main window: docks around the transcript, menus and shortcuts, the coder switcher."""

from __future__ import annotations

import sys
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QWidget,
)

from qcode.services.coders import add_coder, list_coders
from qcode.services.documents.outcomes import FileOutcome
from qcode.services.history import Change
from qcode.ui.dialogs import CodePickerDialog, CoderDialog
from qcode.ui.docks.cmo import CmoDock
from qcode.ui.docks.codebook import CodebookDock
from qcode.ui.docks.compare import CompareDock
from qcode.ui.docks.documents import DocumentsDock
from qcode.ui.docks.extra import SECONDARY_DOCKS, CasesDock, MemoDock, SearchDock
from qcode.ui.docks.segments import SegmentsDock
from qcode.ui.docks.vignettes import VignettesDock
from qcode.ui.docks.workshop import WorkshopDock
from qcode.ui.importing.intake import IntakeMixin
from qcode.ui.menus import build_menus
from qcode.ui.other_writers import OtherWriters
from qcode.ui.read_only import show_read_only
from qcode.ui.refresh import SteadyLabel
from qcode.ui.team_server.listener import ServerListener
from qcode.ui.transcript_pane import TranscriptPane
from qcode.ui.workbench import Workbench, touches
from qcode.ui.workers import JobRunner

NEW_CODER = "New coder…"
STATE_VERSION = 1

# Docks read on worker threads; a worker holding the GIL hands it back to the UI thread
# within this time (Python's default is 5 ms, long enough to be felt between key presses).
GIL_SWITCH_S = 0.001
Dock = TypeVar("Dock", bound=QDockWidget)


class MainWindow(IntakeMixin, QMainWindow):
    """One project open: documents and codebook on the left, the transcript in the middle."""

    def __init__(
        self, workbench: Workbench, parent: QWidget | None = None, remember_layout: bool = True
    ) -> None:
        super().__init__(parent)
        sys.setswitchinterval(GIL_SWITCH_S)
        self.workbench = workbench
        self.coder_before: str | None = None  # who coded before the coder added last
        self.remember_layout = remember_layout
        self.setWindowTitle(f"{workbench.project.path.stem} — qcode")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.jobs = JobRunner(self)
        self.jobs.error.connect(workbench.report_error)
        self.last_outcomes: list[FileOutcome] = []
        self.transcript = TranscriptPane(workbench)
        self.setCentralWidget(self.transcript)
        self.documents = DocumentsDock(workbench, self)
        self.codebook = CodebookDock(workbench, self)
        self.segments = SegmentsDock(workbench, self)
        self.workshop = WorkshopDock(workbench, self)
        self.cmo = CmoDock(workbench, self)
        self.vignettes = VignettesDock(workbench, self, self.transcript)
        self.compare = CompareDock(workbench, self)
        self.extra_docks = self.make_extra_docks()
        self.place_docks()
        self.build_menus()
        self.build_status_bar()
        self.connect_signals()
        self.other_writers = (  # sees other windows' and the CLI's writes
            ServerListener(workbench, self)
            if workbench.project.on_server
            else OtherWriters(workbench, self)
        )
        self.default_layout = self.saveState(STATE_VERSION)
        self.restore_layout()

    # -- building ------------------------------------------------------------------------------

    def make_extra_docks(self) -> list[QDockWidget]:
        return [dock_class(self.workbench, self) for dock_class in SECONDARY_DOCKS]

    def place_docks(self) -> None:
        left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.addDockWidget(left, self.documents)
        self.addDockWidget(left, self.codebook)
        self.splitDockWidget(self.documents, self.codebook, Qt.Orientation.Vertical)
        self.addDockWidget(bottom, self.segments)
        for dock in self.extra_docks:
            self.addDockWidget(bottom, dock)
            self.tabifyDockWidget(self.segments, dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.workshop)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.cmo)
        self.tabifyDockWidget(self.workshop, self.cmo)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.vignettes)
        self.tabifyDockWidget(self.workshop, self.vignettes)
        self.vignettes.hide()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.compare)
        self.tabifyDockWidget(self.workshop, self.compare)
        self.compare.hide()
        self.workshop.hide()
        self.cmo.hide()
        self.segments.raise_()
        self.size_docks()

    def size_docks(self) -> None:
        """The default proportions: wide enough left docks, a transcript that dominates."""
        self.resizeDocks([self.documents, self.codebook], [230, 450], Qt.Orientation.Vertical)
        self.resizeDocks([self.documents], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.segments], [230], Qt.Orientation.Vertical)

    def build_menus(self) -> None:
        self.menu_bar = build_menus(self)
        if self.workbench.project.read_only:  # a banner; the editing actions greyed out
            show_read_only(self, self.workbench.project.path.name)
        self.refresh_actions()

    def extra_dock(self, kind: type[Dock]) -> Dock:
        """The one secondary dock of this kind (memos, search, cases…)."""
        return next(dock for dock in self.extra_docks if isinstance(dock, kind))

    @property
    def search_dock(self) -> SearchDock:
        return self.extra_dock(SearchDock)

    @property
    def memo_dock(self) -> MemoDock:
        return self.extra_dock(MemoDock)

    @property
    def cases_dock(self) -> CasesDock:
        return self.extra_dock(CasesDock)

    def build_status_bar(self) -> None:
        self.status_label = SteadyLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(QLabel("Coding as:"))
        self.coder_box = QComboBox()
        self.coder_box.setMinimumContentsLength(12)
        self.coder_box.activated.connect(self.on_coder_chosen)
        self.statusBar().addPermanentWidget(self.coder_box)
        self.refresh_coders()

    def connect_signals(self) -> None:
        wb = self.workbench
        wb.changed.connect(self.on_changed)
        wb.history_changed.connect(self.refresh_actions)
        wb.coder_changed.connect(lambda _name: self.refresh_coders())
        wb.message.connect(self.show_message)
        wb.show_text.connect(self.transcript.show_span)
        self.documents.document_opened.connect(self.transcript.open_document)
        self.follow_with_memos()
        self.codebook.code_activated.connect(self.code_selection_with)
        self.jobs.finished.connect(self.on_job_finished)

    def follow_with_memos(self) -> None:
        """The memo panel shows the memos on what the user last picked."""
        memo = self.memo_dock
        self.documents.document_opened.connect(memo.show_document_memos)
        self.documents.participant_chosen.connect(memo.show_participant_memos)
        self.transcript.view.segment_activated.connect(memo.show_segment_memos)
        self.segments.segment_picked.connect(memo.show_segment_memos)
        self.cases_dock.case_picked.connect(memo.show_case_memos)

    # -- state ---------------------------------------------------------------------------------

    def restore_layout(self) -> None:
        if not self.remember_layout:
            return
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state, STATE_VERSION)

    def reset_layout(self) -> None:
        """Every panel back where a first start puts it."""
        self.restoreState(self.default_layout, STATE_VERSION)
        self.size_docks()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.other_writers.stop()
        if self.remember_layout:
            settings = QSettings()
            settings.setValue("window/geometry", self.saveGeometry())
            settings.setValue("window/state", self.saveState(STATE_VERSION))
        super().closeEvent(event)

    def refresh_actions(self) -> None:
        history = self.workbench.history
        self.undo_action.setEnabled(history.can_undo)
        self.redo_action.setEnabled(history.can_redo)
        self.undo_action.setText(
            f"&Undo {history.undo_stack[-1].label}" if history.can_undo else "&Undo"
        )
        self.redo_action.setText(
            f"&Redo {history.redo_stack[-1].label}" if history.can_redo else "&Redo"
        )

    def on_changed(self, change: Change | None) -> None:
        self.refresh_actions()
        if touches(change, "coders"):
            self.keep_coder_real()

    def keep_coder_real(self) -> None:
        """After undoing "Add coder", code as the coder from before, not as one now gone."""
        with self.workbench.session() as session:
            names = [coder.name for coder in list_coders(session)]
        current = self.workbench.coder
        if current is None or current in names:
            return
        if self.coder_before in names:
            self.workbench.set_coder(self.coder_before)
        else:
            self.workbench.coder = None
        self.refresh_coders()

    def show_message(self, text: str, is_error: bool) -> None:
        self.status_label.set_style(f"color: {'#b00020' if is_error else '#333333'}")
        self.status_label.setText(text)

    def open_workshop(self) -> None:
        self.show_team_dock(self.workshop)
        self.workshop.refresh_choices()
        self.workshop.show_in_text()

    def show_team_dock(self, dock: QDockWidget) -> None:
        """Open a right-hand team dock wide enough to read, leaving the left docks readable."""
        width = self.width()
        dock.show()
        dock.raise_()
        self.resizeDocks([self.documents, dock], [300, 600], Qt.Orientation.Horizontal)
        self.fit_screen(width)

    def fit_screen(self, width: int | None = None) -> None:
        """Stay inside the screen's free area (and no wider than ``width``, if given)."""
        free = self.screen().availableGeometry()
        wanted = min(width or self.width(), free.width())
        if self.width() > wanted or self.height() > free.height():
            self.resize(max(wanted, self.minimumWidth()), min(self.height(), free.height()))

    def open_compare(self) -> None:
        self.compare.refresh_coders()
        self.show_team_dock(self.compare)

    def open_cmo(self) -> None:
        self.cmo.reload()
        self.show_team_dock(self.cmo)

    def open_vignettes(self) -> None:
        self.show_team_dock(self.vignettes)

    # -- who is coding -------------------------------------------------------------------------

    def refresh_coders(self) -> None:
        self.coder_box.blockSignals(True)
        self.coder_box.clear()
        self.coder_box.addItems([*self.workbench.coder_names(), NEW_CODER])
        if self.workbench.coder:
            self.coder_box.setCurrentText(self.workbench.coder)
        self.coder_box.blockSignals(False)

    def on_coder_chosen(self, _row: int) -> None:
        name = self.coder_box.currentText()
        if name == NEW_CODER:
            self.ask_coder()
        else:
            self.workbench.set_coder(name)
        self.refresh_coders()

    def ask_coder(self) -> None:
        """Ask who is coding (the project's coders offered); the answer is taken when given."""
        with self.workbench.session() as session:
            coders = [(coder.name, coder.color) for coder in list_coders(session)]
        dialog = self.coder_dialog = CoderDialog(self, coders)
        dialog.accepted.connect(lambda: self.on_coder_answer(dialog))
        dialog.open()

    def on_coder_answer(self, dialog: CoderDialog) -> None:
        if dialog.chosen_name():
            self.add_coder(dialog.chosen_name(), dialog.color)

    def add_coder(self, name: str, color: str) -> None:
        if name not in self.workbench.coder_names():
            self.workbench.run(lambda: add_coder(self.workbench.project, name, color=color))
        self.coder_before = self.workbench.coder
        self.workbench.set_coder(name)

    # -- coding --------------------------------------------------------------------------------

    def code_selection_with(self, code_id: int) -> None:
        document_id = self.transcript.document_id()
        if document_id is None:
            self.workbench.report_error("open a document and select text to code")
            return
        start, end = self.transcript.view.selected_span()
        self.workbench.code_text(document_id, start, end, code_id)

    def code_with_current(self) -> None:
        if self.workbench.current_code is None:
            self.workbench.report_error("choose a code in the codebook first")
            return
        self.code_selection_with(self.workbench.current_code)

    def code_recent(self, slot: int) -> None:
        recent = self.workbench.recent_codes
        if slot >= len(recent):
            self.workbench.report_error(f"there is no recent code {slot + 1} yet")
            return
        self.code_selection_with(recent[slot])

    def pick_and_code(self) -> None:
        picker = CodePickerDialog(self.workbench, self)
        if picker.exec() and picker.chosen is not None:
            self.code_selection_with(picker.chosen)

    def code_in_vivo(self) -> None:
        document_id = self.transcript.document_id()
        if document_id is not None:
            self.workbench.code_in_vivo(document_id, *self.transcript.view.selected_span())
