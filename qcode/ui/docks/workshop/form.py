"""The workshop's decision form: which code, what the team chose for it, why, and who took part."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
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
from qcode.analysis.passages import default_majority
from qcode.services.workshop.passages import CodeOnPassage

CHOICES = (
    ("keep", "Keep one coder's coding:", "Exactly what the coder chosen coded"),
    ("majority", "Majority: at least", "What at least this many of the coders coded"),
    ("custom", "Custom span:", "The span given (select words in the text to propose one)"),
    ("none", "No code here", "Remove the code from the whole passage"),
    ("unanimity", "Unanimity only", "Only what every one of the coders coded"),
    ("union", "Union", "What any of the coders coded"),
    ("overlap", "Overlap", "What every coder who used the code here coded"),
)


@dataclass(frozen=True)
class Chosen:
    """What the form says the team decided for one code (the options its choice takes)."""

    code_id: int | None
    choice: str
    keep: str | None = None
    k: int | None = None
    custom_span: Span | None = None


def combo(minimum_chars: int) -> QComboBox:
    """A combo box that never widens the dock to fit a long entry."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(minimum_chars)
    return box


class DecisionForm(QFormLayout):
    """The code, the choice (union unless changed) with its options, rationale, attendees
    and the button that records the decision."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__()
        self.code_choice = combo(18)
        self.code_choice.setObjectName("workshop_code")
        self.choice_group = QButtonGroup(owner)
        self.choice_buttons: dict[str, QRadioButton] = {}
        self.keep_coder = combo(8)
        self.majority_k = QSpinBox()
        self.majority_of = QLabel()
        self.custom_start, self.custom_end = QSpinBox(), QSpinBox()
        for box in (self.custom_start, self.custom_end):
            box.setRange(0, 10**9)
            box.setMaximumWidth(box.fontMetrics().horizontalAdvance("99999999") + 28)
        self.rationale = QPlainTextEdit(placeholderText="Why the team decided so")
        self.rationale.setMaximumHeight(48)
        self.attendees = QLineEdit(placeholderText="Who took part, e.g. Ana, Ben, Chris")
        self.decide_button = QPushButton("Record decision")
        self.export_button = QPushButton("Export decision log…")  # placed by the dock
        self.addRow("Code:", self.code_choice)
        self.addRow("Decision:", self.choices_grid())
        self.addRow("Rationale:", self.rationale)
        last = QHBoxLayout()
        last.addWidget(self.attendees, 1)
        last.addWidget(self.decide_button)
        self.addRow("Attendees:", last)
        self.keep_coder.activated.connect(lambda _i: self.choose("keep"))
        self.majority_k.valueChanged.connect(lambda _v: self.choose("majority"))
        self.set_coders([])

    def choices_grid(self) -> QGridLayout:
        """Choices with options on the left, the plain ones on the right: narrow enough to share."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        options = {
            "keep": [self.keep_coder],
            "majority": [self.majority_k, self.majority_of],
            "custom": [self.custom_start, QLabel("to"), self.custom_end],
        }
        for number, (choice, label, tip) in enumerate(CHOICES):
            button = QRadioButton(label)
            button.setToolTip(tip)
            self.choice_group.addButton(button, number)
            self.choice_buttons[choice] = button
            row = QHBoxLayout()
            row.addWidget(button)
            for widget in options.get(choice, []):
                row.addWidget(widget)
            row.addStretch(1)
            grid.addLayout(row, number % 4, number // 4)
        self.choice_buttons["union"].setChecked(True)
        return grid

    def choose(self, choice: str) -> None:
        self.choice_buttons[choice].setChecked(True)

    def set_coders(self, coders: list[str]) -> None:
        """The coders compared: whose coding can be kept, and what a majority is out of."""
        kept = self.keep_coder.currentText()
        self.keep_coder.clear()
        self.keep_coder.addItems(coders)
        self.keep_coder.setCurrentIndex(max(self.keep_coder.findText(kept), 0))
        count = max(len(coders), 1)
        self.majority_k.blockSignals(True)  # setting it up is not choosing a majority
        self.majority_k.setRange(1, count)
        self.majority_k.setValue(default_majority(count))
        self.majority_k.blockSignals(False)
        self.majority_of.setText(f"of {len(coders)}")

    def set_codes(self, codes: tuple[CodeOnPassage, ...], chosen: int | None) -> None:
        """The codes the coders differ on here (decided ones say so), ``chosen`` current."""
        self.code_choice.blockSignals(True)
        self.code_choice.clear()
        for code in codes:
            done = " \u2014 decided" if code.decision is not None else ""
            self.code_choice.addItem(" / ".join(code.code) + done, code.code_id)
        found = self.code_choice.findData(chosen) if chosen is not None else -1
        self.code_choice.setCurrentIndex(max(found, 0) if codes else -1)
        self.code_choice.blockSignals(False)

    def set_span(self, span: Span) -> None:
        self.custom_start.setValue(span[0])
        self.custom_end.setValue(span[1])

    def chosen(self) -> str:
        return CHOICES[self.choice_group.checkedId()][0]

    def decision(self) -> Chosen:
        choice = self.chosen()
        return Chosen(
            code_id=self.code_choice.currentData(),
            choice=choice,
            keep=self.keep_coder.currentText() if choice == "keep" else None,
            k=self.majority_k.value() if choice == "majority" else None,
            custom_span=self.custom_span(),
        )

    def custom_span(self) -> Span | None:
        """The custom span, if that is the choice."""
        if self.chosen() != "custom":
            return None
        return (self.custom_start.value(), self.custom_end.value())

    def people(self) -> list[str]:
        return [name.strip() for name in self.attendees.text().split(",") if name.strip()]
