"""The workshop's decision form: what the team chose for a unit, why, and who took part."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from qcode.analysis.intervals import Span

CHOICES = (
    ("keep_a", "Keep A's coding"),
    ("keep_b", "Keep B's coding"),
    ("union", "Both (union)"),
    ("overlap", "Only the overlap"),
    ("custom", "Custom span"),
    ("none", "No code here"),
)


class DecisionForm(QFormLayout):
    """The choice (union unless changed), a custom span, rationale, attendees and buttons."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__()
        self.choice_group = QButtonGroup(owner)
        self.choice_buttons: dict[str, QRadioButton] = {}
        self.custom_start, self.custom_end = QSpinBox(), QSpinBox()
        for box in (self.custom_start, self.custom_end):
            box.setRange(0, 10**9)
        self.rationale = QPlainTextEdit(placeholderText="Why the team decided so")
        self.rationale.setMaximumHeight(54)
        self.attendees = QLineEdit(placeholderText="Who took part, e.g. Ana, Ben, Chris")
        self.decide_button = QPushButton("Record decision")
        self.export_button = QPushButton("Export decision log…")
        self.addRow("Decision:", self.choices_row())
        self.addRow("Custom span:", self.span_row())
        self.addRow("Rationale:", self.rationale)
        self.addRow("Attendees:", self.attendees)
        buttons = QHBoxLayout()
        buttons.addWidget(self.decide_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        self.addRow(buttons)

    def choices_row(self) -> QGridLayout:
        """The six choices in two rows of three, so the dock stays narrow enough to share."""
        grid = QGridLayout()
        for number, (choice, label) in enumerate(CHOICES):
            button = QRadioButton(label)
            self.choice_group.addButton(button, number)
            self.choice_buttons[choice] = button
            grid.addWidget(button, number // 3, number % 3)
        self.choice_buttons["union"].setChecked(True)
        return grid

    def span_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.custom_start)
        row.addWidget(QLabel("to"))
        row.addWidget(self.custom_end)
        row.addStretch(1)
        return row

    def chosen(self) -> str:
        return CHOICES[self.choice_group.checkedId()][0]

    def custom_span(self) -> Span | None:
        """The custom span, if that is the choice."""
        if self.chosen() != "custom":
            return None
        return (self.custom_start.value(), self.custom_end.value())

    def people(self) -> list[str]:
        return [name.strip() for name in self.attendees.text().split(",") if name.strip()]
