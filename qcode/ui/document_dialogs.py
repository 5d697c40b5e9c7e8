"""Dialogs on one document: its name, participant and wave, its attributes, and deleting it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.services.documents.attributes import typed_input
from qcode.services.documents.editing import DocumentEdit
from qcode.services.documents.participants import AttributeInput
from qcode.store.models import ATTRIBUTE_TYPES
from qcode.ui.dialogs import ok_cancel


class RenameDialog(QDialog):
    """A document's new name (names are unique in a project)."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Rename “{name}”")
        self.name = QLineEdit(name)
        self.name.selectAll()
        self.buttons = ok_cancel(self, "Rename")
        form = QFormLayout(self)
        form.addRow("New name", self.name)
        form.addRow(self.buttons)

    def new_name(self) -> str:
        return " ".join(self.name.text().split())


class ParticipantDialog(QDialog):
    """Who a document is from and which wave of interviews it belongs to."""

    def __init__(
        self, parent: QWidget | None, name: str, participant: str | None, wave: int | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Participant and wave of “{name}”")
        self.participant = QLineEdit(participant or "", placeholderText="e.g. PJ (empty: none)")
        self.wave = QSpinBox()
        self.wave.setRange(1, 99)
        self.wave.setValue(wave or 1)
        self.no_wave = QCheckBox("No wave")
        self.no_wave.setChecked(wave is None)
        self.no_wave.toggled.connect(lambda on: self.wave.setEnabled(not on))
        self.wave.setEnabled(wave is not None)
        self.buttons = ok_cancel(self)
        form = QFormLayout(self)
        form.addRow("Participant", self.participant)
        form.addRow("Wave", self.wave)
        form.addRow("", self.no_wave)
        form.addRow(self.buttons)

    def edit(self) -> DocumentEdit:
        label = " ".join(self.participant.text().split())
        if self.no_wave.isChecked():
            return DocumentEdit(participant=label, no_wave=True)
        return DocumentEdit(participant=label, wave=self.wave.value())


class DeleteDialog(QDialog):
    """Deleting a document, saying first everything that goes with it."""

    def __init__(self, parent: QWidget | None, name: str, what_goes: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete “{name}”?")
        self.message = QLabel(f"{what_goes}\n\nYou can undo this with Ctrl+Z.", wordWrap=True)
        self.buttons = ok_cancel(self, "Delete")
        form = QFormLayout(self)
        form.addRow(self.message)
        form.addRow(self.buttons)


class DocumentAttributesDialog(QDialog):
    """A document's attributes (MAXQDA's document variables): name, type and value per row."""

    def __init__(
        self, parent: QWidget | None, name: str, stored: list[tuple[str, str, str]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Attributes of “{name}”")
        self.stored = {row[0]: (row[1], row[2]) for row in stored}
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Attribute", "Type", "Value"])
        self.table.horizontalHeader().setStretchLastSection(True)
        for row in stored:
            self.add_row(*row)
        self.add_button = QPushButton("Add attribute")
        self.add_button.clicked.connect(lambda: self.add_row("", "text", ""))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        self.buttons = ok_cancel(self)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("An empty value removes the attribute."))
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addWidget(self.buttons)
        self.resize(520, 320)

    def add_row(self, name: str, value_type: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        kind = QComboBox()
        kind.addItems(list(ATTRIBUTE_TYPES))
        kind.setCurrentText(value_type)
        self.table.setCellWidget(row, 1, kind)
        self.table.setItem(row, 2, QTableWidgetItem(value))
        self.table.setCurrentCell(row, 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(name, type, value) of each row that has a name, as the user left them."""
        found = []
        for row in range(self.table.rowCount()):
            name, value = self.table.item(row, 0), self.table.item(row, 2)
            kind = self.table.cellWidget(row, 1)
            assert isinstance(kind, QComboBox)
            text = " ".join((name.text() if name else "").split())
            if text:
                found.append((text, kind.currentText(), (value.text() if value else "").strip()))
        return found

    def changes(self) -> dict[str, AttributeInput | None]:
        """What to set (typed) and remove (None); a value not of its type is a one-line error."""
        changes: dict[str, AttributeInput | None] = {}
        kept = set()
        for name, value_type, text in self.rows():
            if not text:
                continue
            kept.add(name)
            if self.stored.get(name) != (value_type, text):
                changes[name] = typed_input(value_type, text)
        changes.update({name: None for name in self.stored if name not in kept})
        return changes
