"""Team ▸ Make a coder's copy…: choose the coder and the new file, then write the copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.copies import CopyReport, copy_path_for, make_coder_copy
from qcode.store.project import PROJECT_SUFFIX
from qcode.ui.dialogs import ok_cancel
from qcode.ui.workbench import Workbench


class CoderCopyDialog(QDialog):
    """Who the copy is for and where it goes; OK writes it, a refusal keeps the dialog open."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a coder's copy")
        self.workbench = workbench
        self.report: CopyReport | None = None
        self.path_edited = False
        self.coder = QComboBox(editable=True)
        self.coder.addItems(workbench.coder_names())
        self.coder.setCurrentText(workbench.coder or "")
        self.target = QLineEdit(str(self.suggested()))
        self.browse = QPushButton("Browse…")
        self.error = QLabel(wordWrap=True, styleSheet="color: #b00020")
        self.error.hide()
        self.buttons = ok_cancel(self, on_ok=self.make_copy)
        self.coder.currentTextChanged.connect(self.follow_coder)
        self.target.textEdited.connect(self.note_edited)
        self.browse.clicked.connect(self.ask_target)
        self.lay_out()

    def lay_out(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                "A complete copy of this project for one coder to work in apart, "
                "to merge back when they are done. This project is not changed.",
                wordWrap=True,
            )
        )
        form.addRow("Coder", self.coder)
        form.addRow("New file", where)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)

    def chosen_coder(self) -> str | None:
        return " ".join(self.coder.currentText().split()) or None

    def suggested(self) -> Path:
        return copy_path_for(self.workbench.project.path, self.chosen_coder())

    def follow_coder(self, _text: str) -> None:
        """Name the file after the coder until the user types a name of their own."""
        if not self.path_edited:
            self.target.setText(str(self.suggested()))

    def note_edited(self, _text: str) -> None:
        self.path_edited = True

    def ask_target(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the coder's copy as", self.target.text(), "qcode projects (*.qcode)"
        )
        if name:
            self.target.setText(name)
            self.path_edited = True

    def chosen_target(self) -> Path | None:
        """The file to write: relative to the project's folder, ``.qcode`` added if missing."""
        text = self.target.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.workbench.project.path.parent / path
        return path if path.suffix else path.with_name(path.name + PROJECT_SUFFIX)

    def make_copy(self) -> None:
        target = self.chosen_target()
        if target is None:
            self.refuse("choose where to write the copy")
            return
        try:
            self.report = make_coder_copy(
                self.workbench.project, target, self.chosen_coder(), actor=self.workbench.coder
            )
        except QcodeError as exc:
            self.refuse(str(exc))
            return
        self.workbench.message.emit(self.report.line(), False)
        self.accept()

    def refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()
        self.workbench.report_error(text)
