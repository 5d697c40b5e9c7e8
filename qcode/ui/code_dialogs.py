"""Dialogs on one code: name and kind, description fields, and splitting segments off it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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

CATEGORY_LABEL = "Category (groups codes; not used for coding)"
DESCRIPTION_FIELDS = (
    ("description", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


class CodeDialog(QDialog):
    """A new code's (or a code's) name, and whether it is a category rather than a code."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        name: str = "",
        category: bool = False,
        where: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name, placeholderText="Name of the code")
        self.name.selectAll()
        self.category = QCheckBox(CATEGORY_LABEL)
        self.category.setChecked(category)
        self.category.setToolTip(
            "A category holds codes under it, as NVivo's and QualCoder's do; text is coded"
            " with the codes, never with the category itself"
        )
        self.buttons = ok_cancel(self)
        form = QFormLayout(self)
        if where:
            form.addRow("Under", QLabel(where))
        form.addRow("Name", self.name)
        form.addRow("", self.category)
        form.addRow(self.buttons)
        self.resize(460, 0)

    def chosen_name(self) -> str:
        return " ".join(self.name.text().split())

    def is_category(self) -> bool:
        return self.category.isChecked()


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
