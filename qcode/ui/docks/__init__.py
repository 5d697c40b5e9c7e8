"""Dock widgets of the main window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


def scrolling(content: QWidget) -> QScrollArea:
    """A dock's content that scrolls up and down where the dock is shorter than it (a
    laptop screen), never narrower than it can be read."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(content.minimumSizeHint().width() + bar)
    return area


class TablePanel:
    """A dock's body: its options on top, a table (or, in its place, a note saying why
    there is none), and a footnote under it."""

    def __init__(self, top: QLayout, table: QWidget, footnote: str, empty: str = "") -> None:
        self.empty = QLabel(empty, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.stack = QStackedWidget()
        self.stack.addWidget(table)
        self.stack.addWidget(self.empty)
        self.note = QLabel(footnote, wordWrap=True)
        self.note.setStyleSheet("color: palette(placeholder-text)")
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.note)
        self.widget = QWidget()
        self.widget.setLayout(layout)


def refill(box: QComboBox, choices: Sequence[tuple[str, object]], keep: object) -> None:
    """Give a box these (label, data) choices without a signal, ``keep`` chosen (by its
    data) if it is still one of them, else the first."""
    box.blockSignals(True)
    box.clear()
    for label, data in choices:
        box.addItem(label, data)
    box.setCurrentIndex(max(0, box.findData(keep)))
    box.blockSignals(False)


def refill_coders(box: QComboBox, names: Sequence[str], everyone: str) -> None:
    """A coder box: ``everyone`` first, then each coder; the chosen one kept by name."""
    refill(box, [(everyone, everyone), *((name, name) for name in names)], box.currentText())
