"""Documents ▸ Pseudonyms…: edit the list, preview every hit with a checkbox, apply the ticked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.services.copies import plural
from qcode.services.pseudonyms.applying import Hit, apply_pseudonyms, preview
from qcode.services.pseudonyms.pairs import Pair, add_pair, list_pairs, remove_pair
from qcode.store.models import PSEUDONYM_KINDS

PAIR_COLUMNS = ("Real name", "Pseudonym", "Kind")
HIT_COLUMNS = ("Replace", "Document", "Line", "Found", "Replacement", "How", "In the line")


def cell(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def table(columns: tuple[str, ...]) -> QTableWidget:
    shown = QTableWidget(0, len(columns))
    shown.setHorizontalHeaderLabels(list(columns))
    shown.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    shown.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    shown.horizontalHeader().setStretchLastSection(True)
    shown.verticalHeader().hide()
    return shown


class PseudonymsDialog(QDialog):
    """The pseudonym list and its hits; every change goes through the workbench (undoable)."""

    def __init__(self, parent: QWidget | None, workbench: Any) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.setWindowTitle("Pseudonyms")
        self.resize(820, 560)
        self.pairs: list[Pair] = []
        self.hits: list[Hit] = []
        self.pair_table = table(PAIR_COLUMNS)
        self.original = QLineEdit(placeholderText="real name or place, e.g. Dr Rees")
        self.pseudonym = QLineEdit(placeholderText="pseudonym, e.g. Dr Evans")
        self.kind = QComboBox()
        self.kind.addItems(list(PSEUDONYM_KINDS))
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.clicked.connect(self.remove)
        self.hit_table = table(HIT_COLUMNS)
        self.summary = QLabel()
        self.apply_button = QPushButton("Apply ticked replacements")
        self.apply_button.clicked.connect(self.apply)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Done")
        self.buttons.accepted.connect(self.finish)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._lay_out()
        self.refresh()
        workbench.changed.connect(self.on_changed)  # an undo elsewhere shows here too
        self.finished.connect(lambda _result: workbench.changed.disconnect(self.on_changed))

    def on_changed(self, change: Any) -> None:
        if change is None or change.tables & {"pseudonyms", "documents"}:
            self.refresh()

    def _lay_out(self) -> None:
        fields = QHBoxLayout()
        for widget in (self.original, self.pseudonym, self.kind, self.add_button):
            fields.addWidget(widget)
        fields.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The list (kept in the project; written out only as a key file)"))
        layout.addWidget(self.pair_table, 2)
        layout.addLayout(fields)
        layout.addWidget(QLabel("Every hit in the texts: untick any that is not the person"))
        layout.addWidget(self.hit_table, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def refresh(self) -> None:
        """Read the list and the preview again."""
        with self.workbench.session() as session:
            self.pairs = list_pairs(session)
            self.hits = preview(session)
        self.pair_table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            for column, value in enumerate((pair.original, pair.pseudonym, pair.kind)):
                self.pair_table.setItem(row, column, cell(value))
        self.hit_table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            tick = cell("")
            tick.setFlags(tick.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked)
            self.hit_table.setItem(row, 0, tick)
            values = (hit.document, hit.line, hit.found, hit.replacement, hit.how, hit.context)
            for column, value in enumerate(values, start=1):
                self.hit_table.setItem(row, column, cell(value))
        documents = len({h.document_id for h in self.hits})
        self.summary.setText(f"{plural(len(self.hits), 'hit')} in {plural(documents, 'document')}")
        self.apply_button.setEnabled(bool(self.hits))

    def ticked(self) -> list[Hit]:
        """The hits whose box is ticked."""
        return [
            hit
            for row, hit in enumerate(self.hits)
            if self.hit_table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def run(self, action: Any) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: action(project, actor))  # refreshed by on_changed

    def add(self) -> None:
        original, pseudonym, kind = (
            self.original.text(),
            self.pseudonym.text(),
            self.kind.currentText(),
        )
        before = len(self.pairs)
        self.run(lambda p, a: add_pair(p, original, pseudonym, kind, actor=a))
        if len(self.pairs) > before:
            self.original.clear()
            self.pseudonym.clear()

    def finish(self) -> None:
        """Done: a pair still typed in the fields is added first (the dialog stays if refused)."""
        if self.original.text().strip() or self.pseudonym.text().strip():
            self.add()
            if self.original.text():
                return
        self.accept()

    def remove(self) -> None:
        rows = sorted({index.row() for index in self.pair_table.selectedIndexes()})
        if not rows:
            self.workbench.report_error("select a pair in the list first")
            return
        original = self.pairs[rows[0]].original
        self.run(lambda p, a: remove_pair(p, original, a))

    def apply(self) -> None:
        chosen = self.ticked()
        if not chosen:
            self.workbench.report_error("tick at least one replacement")
            return
        self.run(lambda p, a: apply_pseudonyms(p, chosen, a))


def open_pseudonyms(window: Any) -> None:  # window: the MainWindow
    """Show the pseudonym list and its preview."""
    dialog = window.document_dialog = PseudonymsDialog(window, window.workbench)
    dialog.open()
