"""The cases panel: topic cases followed across interviews, and their segments in wave order."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services import cases
from qcode.services.documents.view import document_entries
from qcode.services.history import Change
from qcode.ui.docks.case_dialogs import AddSegmentsDialog, NewCaseDialog
from qcode.ui.models.cases import (
    CaseSegmentRow,
    CaseSegmentsTableModel,
    CasesTableModel,
    case_segment_rows,
    offered_segment_rows,
)
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

SHOWN_TABLES = ("cases", "case_segments", "segments", "documents", "codes", "participants")
NO_CASES = "No cases yet. A case follows one situation across a participant's interviews: "
NO_CASES += "press New case… to start one."
NO_SEGMENTS = "No segments in this case yet: press Add segments…, or add a coded segment "
NO_SEGMENTS += "from the segments list."


def placeholder(text: str) -> QLabel:
    label = QLabel(text, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
    label.setStyleSheet("color: palette(placeholder-text)")
    return label


def table_view(model: CasesTableModel | CaseSegmentsTableModel, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def stacked(*widgets: QWidget) -> QStackedWidget:
    stack = QStackedWidget()
    for widget in widgets:
        stack.addWidget(widget)
    return stack


class CasesDock(QDockWidget):
    """Lists cases; the selected case's segments below, in wave order; double-click jumps."""

    case_picked = Signal(str)  # a case row chosen: its name

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Cases", parent)
        self.setObjectName("CasesDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.cases_model = CasesTableModel()
        self.segments_model = CaseSegmentsTableModel()
        self.dialog: NewCaseDialog | AddSegmentsDialog | None = None
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.cases_table = table_view(self.cases_model, 0)
        self.cases_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.cases_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.on_case_row(current)
        )
        self.segments_table = table_view(self.segments_model, 3)
        self.segments_table.doubleClicked.connect(self.jump)
        self.segments_table.setToolTip("Double-click a segment to read it in its transcript")
        self.no_cases = placeholder(NO_CASES)
        self.no_segments = placeholder(NO_SEGMENTS)
        self.cases_stack = stacked(self.cases_table, self.no_cases)
        self.segments_stack = stacked(self.segments_table, self.no_segments)
        self.new_button = QPushButton("New case…")
        self.new_button.clicked.connect(self.ask_new_case)
        self.delete_button = QPushButton("Delete case")
        self.delete_button.clicked.connect(self.delete_case)
        self.add_button = QPushButton("Add segments…")
        self.add_button.clicked.connect(self.ask_segments)
        self.remove_button = QPushButton("Remove from case")
        self.remove_button.clicked.connect(self.remove_selected)
        self.case_heading = QLabel()
        self.case_heading.setStyleSheet("font-weight: bold")
        upper = self.panel(self.cases_stack, None, self.new_button, self.delete_button)
        lower = self.panel(
            self.segments_stack, self.case_heading, self.add_button, self.remove_button
        )
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([160, 240])
        return splitter

    @staticmethod
    def panel(body: QWidget, heading: QLabel | None, *buttons: QPushButton) -> QWidget:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        if heading is not None:
            layout.addWidget(heading)
        layout.addWidget(body, 1)
        layout.addLayout(row)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Side by side in a wide, low dock (the bottom area); one above the other otherwise."""
        super().resizeEvent(event)
        wide = self.width() > 1.6 * self.height()
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)

    # -- showing -------------------------------------------------------------------------------

    def on_case_row(self, current: QModelIndex) -> None:
        self.show_case()
        if current.isValid():
            self.case_picked.emit(self.cases_model.row_at(current.row()).name)

    @property
    def current_case(self) -> str | None:
        index = self.cases_table.currentIndex()
        if not index.isValid() or not self.cases_table.selectionModel().isRowSelected(index.row()):
            return None
        return self.cases_model.row_at(index.row()).name

    def reload(self) -> None:
        """Re-read the cases, keeping the selected one selected."""
        name = self.current_case
        with self.workbench.session() as session:
            self.cases_model.set_rows(cases.case_summaries(session))
        self.cases_stack.setCurrentWidget(
            self.cases_table if self.cases_model.rows else self.no_cases
        )
        self.select_case(name)

    def select_case(self, name: str | None) -> None:
        row = self.cases_model.row_of(name) if name is not None else None
        if row is None:
            self.cases_table.clearSelection()
            self.cases_table.setCurrentIndex(QModelIndex())
        else:
            self.cases_table.selectRow(row)
        self.show_case()

    def show_case(self) -> None:
        """List the selected case's segments in wave order."""
        name = self.current_case
        rows: list[CaseSegmentRow] = []
        if name is not None:
            with self.workbench.session() as session:
                try:
                    rows = case_segment_rows(session, name)
                except QcodeError as exc:
                    self.workbench.report_error(str(exc))
        self.segments_model.set_rows(rows)
        self.case_heading.setText(f"Segments of “{name}”, in wave order" if name else "Segments")
        self.no_segments.setText(NO_SEGMENTS if name else "Select a case to see its segments.")
        self.segments_stack.setCurrentWidget(self.segments_table if rows else self.no_segments)
        for button in (self.delete_button, self.add_button):
            button.setEnabled(name is not None)
        self.remove_button.setEnabled(bool(rows))

    def on_changed(self, change: Change | None) -> None:
        if touches(change, *SHOWN_TABLES):
            self.when_shown.run("reload", self.reload)

    def jump(self, index: QModelIndex) -> None:
        item = self.segments_model.row_at(index.row())
        self.workbench.show_text.emit(item.document_id, item.row.start, item.row.end)

    # -- changing, through the services --------------------------------------------------------

    def ask_new_case(self) -> None:
        with self.workbench.session() as session:
            people = sorted({e.participant for e in document_entries(session) if e.participant})
        dialog = NewCaseDialog(people, self)
        dialog.accepted.connect(lambda: self.new_case(*dialog.values()))
        self.dialog = dialog
        dialog.open()

    def new_case(self, name: str, participant: str | None = None) -> Change | None:
        """Create a case and select it."""
        project, actor = self.workbench.project, self.workbench.coder
        change = self.workbench.run(
            lambda: cases.create_case(project, name, participant, actor=actor)
        )
        if change is not None:
            self.select_case(" ".join(name.split()))
        return change

    def add_segment(self, segment_id: int) -> Change | None:
        """Add a coded segment (selected elsewhere, say in the segments dock) to the case."""
        return self.add_segments([segment_id])

    def add_segments(self, segment_ids: list[int]) -> Change | None:
        name = self.current_case
        if name is None:
            self.workbench.report_error("select a case to add the segment to first")
            return None
        if not segment_ids:
            return None
        project, actor = self.workbench.project, self.workbench.coder
        return self.workbench.run(
            lambda: cases.link_segments(project, name, segment_ids, actor=actor)
        )

    def ask_segments(self) -> None:
        """Offer the case participant's coded segments (or all) that are not in it yet."""
        name = self.current_case
        if name is None:
            return
        summary = self.cases_model.row_at(self.cases_model.row_of(name) or 0)
        present = {item.id for item in self.segments_model.rows}
        with self.workbench.session() as session:
            offered = offered_segment_rows(session, summary.participant, present)
        whose = f"{summary.participant}'s coded segments" if summary.participant else "Segments"
        dialog = AddSegmentsDialog(name, offered, f"{whose} not in this case yet", self)
        dialog.accepted.connect(lambda: self.add_segments(dialog.chosen()))
        self.dialog = dialog
        dialog.open()

    def remove_selected(self) -> Change | None:
        """Take the selected segments out of the case (the coding itself stays)."""
        name = self.current_case
        rows = sorted(index.row() for index in self.segments_table.selectionModel().selectedRows())
        if name is None or not rows:
            self.workbench.report_error("select the segments to remove from the case first")
            return None
        ids = [self.segments_model.row_at(row).id for row in rows]
        project, actor = self.workbench.project, self.workbench.coder
        return self.workbench.run(lambda: cases.unlink_segments(project, name, ids, actor=actor))

    def delete_case(self) -> Change | None:
        """Delete the selected case (its segments stay coded; Undo brings the case back)."""
        name = self.current_case
        if name is None:
            return None
        project, actor = self.workbench.project, self.workbench.coder
        return self.workbench.run(lambda: cases.delete_case(project, name, actor=actor))
