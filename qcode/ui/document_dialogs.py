"""Dialogs on one document: its name, its participant and wave, and deleting it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from qcode.services.documents.editing import DocumentEdit
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
