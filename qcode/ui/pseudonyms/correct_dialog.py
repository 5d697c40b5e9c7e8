"""Documents ▸ Correct text…: replace the transcript's selection; coding stays on its words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPlainTextEdit, QWidget

from qcode.services.lookup import get_document
from qcode.services.pseudonyms.textedit import replace_spans
from qcode.ui.dialogs import ok_cancel

SHOWN = 80  # characters of the selection shown in the dialog


class CorrectTextDialog(QDialog):
    """The selected words and what to put in their place."""

    def __init__(self, parent: QWidget | None, name: str, words: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Correct text of “{name}”")
        shown = words if len(words) <= SHOWN else words[: SHOWN - 1] + "…"
        self.words = QLabel(shown.replace("\n", " ⏎ ") if words else "(nothing: insert here)")
        self.words.setWordWrap(True)
        self.replacement = QPlainTextEdit(words)
        self.replacement.selectAll()
        self.replacement.setTabChangesFocus(True)
        self.replacement.setFixedHeight(self.replacement.fontMetrics().lineSpacing() * 4 + 12)
        self.buttons = ok_cancel(self, "Correct")
        form = QFormLayout(self)
        form.addRow("Text now", self.words)
        form.addRow("Corrected", self.replacement)
        form.addRow(QLabel("Coding, memos and workshop decisions stay on their words; undoable."))
        form.addRow(self.buttons)

    def new_text(self) -> str:
        return self.replacement.toPlainText()


def correct_selection(window: Any) -> None:  # window: the MainWindow
    """Ask what should replace the transcript's selection, then correct it in one step."""
    workbench = window.workbench
    document_id = window.transcript.document_id()
    if document_id is None:
        workbench.report_error("open a document first (click it in Documents)")
        return
    start, end = window.transcript.view.selected_span()
    with workbench.session() as session:
        doc = get_document(session, document_id)
        name, words, sha = doc.name, doc.text[start:end], doc.sha256
    dialog = window.document_dialog = CorrectTextDialog(window, name, words)

    def correct() -> None:
        edits = [(start, end, dialog.new_text())]
        workbench.run(
            lambda: replace_spans(
                workbench.project, document_id, edits, workbench.coder, expected_sha256=sha
            )
        )

    dialog.accepted.connect(correct)
    dialog.open()
