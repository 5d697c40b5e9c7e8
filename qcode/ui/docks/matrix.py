"""The matrix view: codes × participants, waves or an attribute's values; a cell drills down."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.documents.view import document_entries
from qcode.services.history import Change
from qcode.services.matrices import NONE_KEY, CodeMatrix, build_matrix
from qcode.ui.background import LatestOnly
from qcode.ui.docks import TablePanel, refill, refill_coders
from qcode.ui.models.matrix import MatrixTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

ALL_CODERS = "All coders"
MEASURES = (
    ("Segments", "segments"),
    ("Coded characters", "characters"),
    ("Participants", "participants"),
)
SHOWN_TABLES = (
    "segments",
    "codes",
    "documents",
    "participants",
    "participant_attributes",
    "coders",
)
NOTE = "Counts are evidence to look into, not a verdict: double-click a cell to read its segments."


def column_titles(matrix: CodeMatrix, by: str) -> list[str]:
    """Header titles: "Wave 2" for waves, and what "(none)" means for each kind of column."""
    if by == "wave":
        return ["No wave" if c == NONE_KEY else f"Wave {c}" for c in matrix.columns]
    missing = "No participant" if by == "participant" else "Not set"
    return [missing if c == NONE_KEY else c for c in matrix.columns]


class MatrixDock(QDockWidget):
    """Counts per code and column, shaded by value; double-click lists a cell's segments."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Matrix", parent)
        self.setObjectName("MatrixDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = MatrixTableModel()
        self.builder = LatestOnly(self, workbench.report_error)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        workbench.coder_changed.connect(lambda _name: self.refresh_choices())
        self.refresh_choices()
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.by_box = QComboBox()
        self.measure_box = QComboBox()
        for label, measure in MEASURES:
            self.measure_box.addItem(label, measure)
        self.coder_box = QComboBox()
        self.descendants = QCheckBox("With sub-codes")
        self.descendants.setToolTip("Count a code's sub-codes' segments in its row too")
        for box in (self.measure_box, self.coder_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.by_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.by_box.setMinimumContentsLength(16)
        for box in (self.by_box, self.measure_box, self.coder_box):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.descendants.toggled.connect(lambda _on: self.reload())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(self.drill_down)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(56)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        for label, widget in (
            ("Columns", self.by_box),
            ("Count", self.measure_box),
            ("Coder", self.coder_box),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.descendants)
        top.addStretch(1)
        panel = TablePanel(top, self.table, NOTE)
        self.empty, self.stack, self.note = panel.empty, panel.stack, panel.note
        return panel.widget

    @property
    def by(self) -> str:
        return str(self.by_box.currentData() or "participant")

    @property
    def measure(self) -> str:
        return str(self.measure_box.currentData())

    @property
    def coder(self) -> str | None:
        text = self.coder_box.currentText()
        return None if text in ("", ALL_CODERS) else text

    def refresh_choices(self) -> None:
        """Offer every participant attribute as columns and every coder as a filter."""
        with self.workbench.session() as session:
            names = sorted({name for e in document_entries(session) for name, _ in e.attributes})
        choices = [("Participants", "participant"), ("Waves", "wave")]
        choices += [(f"Attribute: {name}", f"attribute:{name}") for name in names]
        refill(self.by_box, choices, self.by)
        refill_coders(self.coder_box, self.workbench.coder_names(), ALL_CODERS)

    def reload(self) -> None:
        """Rebuild the matrix for the choices made, off the UI thread (latest choice wins)."""
        by, coder, descendants = self.by, self.coder, self.descendants.isChecked()
        session_of = self.workbench.session

        def compute() -> tuple[CodeMatrix | None, str]:
            with session_of() as session:
                try:
                    return build_matrix(session, by, coder=coder, with_descendants=descendants), ""
                except QcodeError as exc:
                    return None, str(exc)

        self.builder.run(compute, lambda built: self.show_matrix(*built, by))

    def show_matrix(self, matrix: CodeMatrix | None, refusal: str, by: str) -> None:
        """Show a built matrix (an impossible choice: its reason, and an empty table)."""
        if refusal:
            self.workbench.report_error(refusal)
        titles = column_titles(matrix, by) if matrix else []
        self.model.set_matrix(matrix, self.measure, titles)
        if matrix is None or not matrix.codes:
            self.empty.setText(
                "No codes in the codebook yet." if matrix else "Choose other columns to cross by."
            )
        elif not matrix.columns:
            self.empty.setText("Nothing coded yet: the matrix fills as you code.")
        self.stack.setCurrentWidget(
            self.table if matrix and matrix.codes and matrix.columns else self.empty
        )

    def on_changed(self, change: Change | None) -> None:
        if not touches(change, *SHOWN_TABLES):
            return
        if touches(change, "participant_attributes", "coders"):
            self.refresh_choices()
        self.when_shown.run("reload", self.reload)

    def drill_down(self, index: QModelIndex) -> None:
        """List the segments counted in a cell, in the segments dock."""
        ids = self.model.segment_ids(index)
        if not ids:
            self.workbench.message.emit("No segments in this cell", False)
            return
        self.workbench.show_segments.emit(ids)
