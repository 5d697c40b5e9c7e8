"""Small dialogs: pick a code by fuzzy name (Ctrl+K), and say who is coding."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from rapidfuzz import fuzz, process

from qcode.analysis.colours import distinct_colour
from qcode.services.codebook.edit import CodeNode, codebook_tree
from qcode.ui.workbench import Workbench

MAX_MATCHES = 30


def ok_cancel(
    dialog: QDialog, ok_text: str = "", on_ok: Callable[[], object] | None = None
) -> QDialogButtonBox:
    """OK and Cancel buttons that accept (or run ``on_ok``) or reject ``dialog`` (OK
    renamed if asked)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def colour_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def rank_codes(nodes: list[CodeNode], query: str) -> list[CodeNode]:
    """Codes best matching ``query`` first (by name, then by whole path); all when empty."""
    if not query.strip():
        return nodes[:MAX_MATCHES]
    choices = {node.id: " / ".join(node.path) for node in nodes}
    by_id = {node.id: node for node in nodes}
    ranked = process.extract(query, choices, scorer=fuzz.WRatio, limit=MAX_MATCHES, score_cutoff=40)
    return [by_id[key] for _text, _score, key in ranked]


class CodePickerDialog(QDialog):
    """Type a few letters of a code's name; Enter picks the first match."""

    def __init__(
        self, workbench: Workbench, parent: QWidget | None = None, title: str = "Code with…"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 380)
        self.chosen: int | None = None
        with workbench.session() as session:
            self.nodes = codebook_tree(session)
        self.query = QLineEdit(placeholderText="Type part of a code's name")
        self.matches = QListWidget()
        self.query.textChanged.connect(self.refresh)
        self.query.returnPressed.connect(self.accept_current)
        self.matches.itemActivated.connect(lambda _item: self.accept_current())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.matches)
        self.refresh("")

    def refresh(self, text: str) -> None:
        self.matches.clear()
        for node in rank_codes(self.nodes, text):
            item = QListWidgetItem(colour_icon(node.shown_color), " / ".join(node.path))
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
            self.matches.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def accept_current(self) -> None:
        item = self.matches.currentItem()
        if item is not None:
            self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
            self.accept()


class CoderDialog(QDialog):
    """Who is coding: one of the project's coders, or a new name with a colour of its own.

    A new coder is offered the colour farthest from every colour already in use, so
    stripes never mix up two people.
    """

    def __init__(
        self, parent: QWidget | None = None, coders: Sequence[tuple[str, str]] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.coders = dict(coders)
        self.fresh_colour = distinct_colour(self.coders.values())
        self.color = self.fresh_colour
        self.name = QComboBox(editable=True)
        self.name.addItems(list(self.coders))
        self.name.setCurrentText("")
        self.name.lineEdit().setPlaceholderText("Your name, as your team knows you")
        self.name.currentTextChanged.connect(self.on_name)
        self.swatch = QPushButton()
        self.swatch.clicked.connect(self.pick_colour)
        self.show_colour()
        form = QFormLayout()
        form.addRow(QLabel("Your coding is kept apart from your colleagues' and compared later."))
        form.addRow("Name", self.name)
        form.addRow("Colour", self.swatch)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setLayout(form)

    def on_name(self, _text: str) -> None:
        """An existing coder codes in their own colour; a new name gets the fresh one."""
        known = self.coders.get(self.chosen_name())
        self.color = known or self.fresh_colour
        self.swatch.setEnabled(known is None)
        self.show_colour()

    def show_colour(self) -> None:
        self.swatch.setIcon(colour_icon(self.color, 16))
        self.swatch.setText(self.color)

    def pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Your coding colour")
        if chosen.isValid():
            self.color = self.fresh_colour = chosen.name()
            self.show_colour()

    def chosen_name(self) -> str:
        return " ".join(self.name.currentText().split())
