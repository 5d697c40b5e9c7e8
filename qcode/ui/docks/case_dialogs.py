"""Dialogs of the cases panel: a new case, and picking segments to add to a case."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.ui.models.cases import CaseSegmentRow, CaseSegmentsTableModel

ANY_PARTICIPANT = "(no one participant)"


class NewCaseDialog(QDialog):
    """Asks for a case's name and (optionally) the participant whose situation it is."""

    def __init__(self, participants: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.setMinimumWidth(420)
        self.name_box = QLineEdit(placeholderText="e.g. PJ: mentee returning to work")
        self.participant_box = QComboBox()
        self.participant_box.setEditable(True)
        self.participant_box.addItems([ANY_PARTICIPANT, *participants])
        self.participant_box.setToolTip("A participant's case takes only their transcripts")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_box.textChanged.connect(self.on_name)
        form = QFormLayout()
        form.addRow("Name", self.name_box)
        form.addRow("Participant", self.participant_box)
        layout = QVBoxLayout()
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setLayout(layout)
        self.on_name("")

    def on_name(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))

    def values(self) -> tuple[str, str | None]:
        """The name typed and the participant chosen (None for no one participant)."""
        participant = self.participant_box.currentText().strip()
        return self.name_box.text(), None if participant in ("", ANY_PARTICIPANT) else participant


class AddSegmentsDialog(QDialog):
    """Lists coded segments that could join a case; the user selects some and presses Add."""

    def __init__(
        self, case: str, rows: list[CaseSegmentRow], what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Add segments to case “{case}”")
        self.resize(640, 420)
        self.model = CaseSegmentsTableModel()
        self.model.set_rows(rows)
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_box = QLineEdit(placeholderText="Filter by words, code or citation")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout = QVBoxLayout()
        if rows:
            layout.addWidget(QLabel(f"{what}: select those to add (Ctrl or Shift for several)."))
            layout.addWidget(self.filter_box)
            layout.addWidget(self.table, 1)
        else:
            empty = QLabel(f"{what}: none.", alignment=Qt.AlignmentFlag.AlignCenter)
            empty.setStyleSheet("color: palette(placeholder-text)")
            layout.addWidget(empty, 1)
            self.add_button.setEnabled(False)
        layout.addWidget(self.buttons)
        self.setLayout(layout)

    def chosen(self) -> list[int]:
        """The ids of the selected segments, in the order listed."""
        rows = sorted(
            self.proxy.mapToSource(index).row()
            for index in self.table.selectionModel().selectedRows()
        )
        return [self.model.row_at(row).id for row in rows]

    def select(self, segment_ids: list[int]) -> None:
        """Select the listed segments with these ids (for keyboard-free use and tests)."""
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, item in enumerate(self.model.rows):
            if item.id in segment_ids:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().select(index, flags)
