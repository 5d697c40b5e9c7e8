"""Dialogs on one code: its description fields, and splitting chosen segments off it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from qcode.services.retrieval import SegmentRow
from qcode.ui.dialogs import ok_cancel

DESCRIPTION_FIELDS = (
    ("description", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


class DescriptionDialog(QDialog):
    """A code's definition, when to use it, when not to, and an example, as a codebook has."""

    def __init__(self, parent: QWidget | None, name: str, values: dict[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Description of “{name}”")
        self.boxes: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        for field, label in DESCRIPTION_FIELDS:
            box = self.boxes[field] = QPlainTextEdit(values.get(field, ""))
            box.setTabChangesFocus(True)
            box.setMinimumHeight(56)
            form.addRow(label, box)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        self.resize(560, 420)

    def values(self) -> dict[str, str]:
        return {field: box.toPlainText().strip() for field, box in self.boxes.items()}


class SplitDialog(QDialog):
    """Tick the segments that belong to a new sibling code, and name it."""

    def __init__(self, parent: QWidget | None, name: str, rows: Sequence[SegmentRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Split “{name}”")
        self.segments = QListWidget()
        for row in rows:
            words = " ".join(row.text.split())
            item = QListWidgetItem(f"{row.citation} · {row.coder} · {words[:120]}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.segments.addItem(item)
        self.name = QLineEdit(placeholderText="Name of the new code beside it")
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The ticked segments move to the new code:"))
        layout.addWidget(self.segments)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.resize(620, 460)

    def chosen_ids(self) -> list[int]:
        items = (self.segments.item(row) for row in range(self.segments.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def new_name(self) -> str:
        return " ".join(self.name.text().split())
