"""Documents ▸ Attributes…: the participants × attributes sheet (NVivo's classification sheet)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.ingest.classification import SHEET_SUFFIXES
from qcode.services.documents.attributes import (
    attribute_names,
    check_attribute_name,
    import_classification_sheet,
    participant_rows,
    set_participant_attributes,
)
from qcode.services.documents.listing import list_documents
from qcode.services.history import Change
from qcode.ui.dialogs import ok_cancel
from qcode.ui.models.attributes import AttributeTableModel, SheetEntry, typed_input
from qcode.ui.workbench import Workbench, touches

SHOWN_TABLES = ("participants", "participant_attributes", "documents")
SHEET_FILTER = f"Classification sheets ({' '.join('*' + s for s in SHEET_SUFFIXES)})"
EMPTY = "No participants yet: give documents a participant, or import a classification sheet."


def sheet_columns(current: list[str], stored: list[str], kept: set[str]) -> list[str]:
    """The attribute columns after a change: those shown stay where they are while the
    project has them or the user keeps them (added here, or emptied here); new ones follow."""
    spelled = {name.casefold(): name for name in stored}
    stay = [
        spelled.get(name.casefold(), name)
        for name in current
        if name.casefold() in spelled or name.casefold() in kept
    ]
    there = {name.casefold() for name in stay}
    return stay + [name for name in stored if name.casefold() not in there]


class AttributeNameDialog(QDialog):
    """The name of a new attribute column (its cells start empty)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add attribute")
        self.name = QLineEdit(placeholderText="e.g. role, site, years in post")
        self.buttons = ok_cancel(self, "Add")
        form = QFormLayout(self)
        form.addRow("Attribute", self.name)
        form.addRow(self.buttons)


class AttributeSheetDialog(QDialog):
    """One row per participant, one column per attribute; it stays open while you code.

    Each edited cell is one undoable step; a sheet import is one more.
    """

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Participant attributes")
        self.setModal(False)
        self.resize(760, 440)
        self.workbench = workbench
        self.model = AttributeTableModel()
        self.model.edited.connect(self.set_value)
        self.kept: set[str] = set()  # attribute names (case-folded) kept though empty
        self.stale = True
        self.name_dialog: AttributeNameDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.build()
        workbench.changed.connect(self.on_changed)

    def build(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(72)
        self.add_button = QPushButton("Add attribute…")
        self.add_button.clicked.connect(self.ask_attribute)
        self.import_button = QPushButton("Import sheet…")
        self.import_button.setToolTip(
            "Read a .csv or .xlsx sheet: participants down, attributes across"
        )
        self.import_button.clicked.connect(self.ask_sheet)
        self.create_box = QCheckBox("Add participants the sheet names that are new")
        self.create_box.setToolTip(
            "Otherwise a sheet naming a participant this project lacks is refused"
        )
        self.status = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        tools = QHBoxLayout()
        for widget in (self.add_button, self.import_button, self.create_box):
            tools.addWidget(widget)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.stale:
            self.reload()

    def on_changed(self, change: Change | None) -> None:
        if not touches(change, *SHOWN_TABLES):
            return
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def reload(self) -> None:
        """Read the participants again; cells update in place when no row or column came or went."""
        with self.workbench.session() as session:
            rows = participant_rows(session)
            documents = list_documents(session)
        names = sheet_columns(self.model.names, attribute_names(rows), self.kept)
        by_label: dict[str, list[tuple[str, int | None]]] = {}
        for doc in documents:
            if doc.participant is not None:
                by_label.setdefault(doc.participant, []).append((doc.name, doc.wave))
        entries = []
        for row in rows:
            docs = by_label.get(row.label, [])
            waves = sorted({wave for _name, wave in docs if wave is not None})
            entries.append(
                SheetEntry(
                    row.label,
                    ", ".join(name for name, _wave in docs),
                    ", ".join(str(wave) for wave in waves),
                    row.attributes,
                )
            )
        self.model.set_sheet(entries, names)
        self.stale = False
        if not entries:
            self.status.setText(EMPTY)

    def say(self, text: str, is_error: bool = False) -> None:
        """Show the outcome of this sheet's last action here and in the window's status bar."""
        self.status.setText(text)
        if is_error:
            self.workbench.report_error(text)
        else:
            self.workbench.message.emit(text, False)

    def run(self, action: Callable[[], Change]) -> Change | None:
        """Run one action through the workbench; a refusal is also shown on the sheet."""
        errors = len(self.workbench.errors)
        change = self.workbench.run(action)
        if change is None and len(self.workbench.errors) > errors:
            self.status.setText(self.workbench.errors[-1])
        return change

    def set_value(self, label: str, name: str, text: str) -> None:
        """Set (or with an empty cell remove) one participant's attribute: one undoable step."""
        value = typed_input(text, self.model.column_values(name))
        if value is None:
            self.kept.add(name.casefold())
        project, actor = self.workbench.project, self.workbench.coder
        change = self.run(lambda: set_participant_attributes(project, label, {name: value}, actor))
        if change is not None:
            self.status.setText(change.label)

    def ask_attribute(self) -> None:
        dialog = self.name_dialog = AttributeNameDialog(self)
        dialog.accepted.connect(lambda: self.add_attribute(dialog.name.text()))
        dialog.open()

    def add_attribute(self, text: str) -> None:
        """A new, empty column; it is stored as soon as a cell in it gets a value."""
        try:
            name = check_attribute_name(text)
        except QcodeError as exc:
            self.say(str(exc), is_error=True)
            return
        if self.model.column_of(name) >= 0:
            self.say(f"there is already an attribute '{name}'", is_error=True)
            return
        self.kept.add(name.casefold())
        self.model.set_sheet(self.model.entries, [*self.model.names, name])
        column = self.model.column_of(name)
        self.table.scrollTo(self.model.index(0, column))
        self.table.setCurrentIndex(self.model.index(0, column))
        self.table.setFocus()
        self.say(f"Added the attribute '{name}': type a value into a participant's cell")

    def ask_sheet(self) -> None:
        start = str(self.workbench.project.path.parent)
        dialog = self.file_dialog = QFileDialog(
            self, "Import a classification sheet", start, SHEET_FILTER
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda name: self.import_sheet(Path(name)))
        dialog.open()

    def import_sheet(self, path: Path) -> None:
        """Apply a sheet in one undoable step and say in one line what it did."""
        project, actor = self.workbench.project, self.workbench.coder
        create = self.create_box.isChecked()
        change = self.run(lambda: import_classification_sheet(project, path, actor, create=create))
        if change is not None:
            self.say(f"Imported {change.value.describe()}")


def open_attribute_sheet(window: Any) -> AttributeSheetDialog:  # window: the MainWindow
    """Show the window's attribute sheet (made once), Edit ▸ Undo and Redo working in it too."""
    sheet = getattr(window, "attribute_sheet", None)
    if sheet is None:
        sheet = window.attribute_sheet = AttributeSheetDialog(window.workbench, window)
        for name in ("undo_action", "redo_action"):
            action = getattr(window, name, None)
            if action is not None:
                sheet.addAction(action)
    sheet.show()
    sheet.raise_()
    sheet.activateWindow()
    return sheet
