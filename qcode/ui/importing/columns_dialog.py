"""Before a questionnaire import: each column's class (open text, categorical, numeric, Likert)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.ingest.reader import is_survey_path, read_survey_columns
from qcode.ingest.survey_columns import COLUMN_CLASSES, EMPTY, SurveyColumn
from qcode.services.documents.outcomes import ImportOptions

CLASS_LABELS = {
    "open": "Open text",
    "categorical": "Categorical",
    "numeric": "Numeric",
    "likert": "Likert",
}
HEADERS = ("Column", "Class", "Detected", "Answers", "Example", "File")
Found = list[tuple[Path, list[SurveyColumn]]]


def readable_columns(paths: Sequence[Path]) -> Found:
    """The columns of each questionnaire export that can be read (the import itself reports
    one that cannot)."""
    found: Found = []
    for path in paths:
        if not is_survey_path(path):
            continue
        try:
            found.append((path, read_survey_columns(path)))
        except QcodeError:
            continue
    return found


class SurveyColumnsDialog(QDialog):
    """A table of the questionnaire columns with a class drop-down each; Import or Cancel."""

    def __init__(self, found: Found, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyColumnsDialog")
        self.setWindowTitle("Questionnaire columns")
        self.columns = first_of_each(found)
        self.table = QTableWidget(len(self.columns), len(HEADERS), self)
        self.table.setObjectName("surveyColumnsTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.boxes = [self.fill_row(row, path, c) for row, (path, c) in enumerate(self.columns)]
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_EXPLANATION, self))
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(760, 420)

    def fill_row(self, row: int, path: Path, column: SurveyColumn) -> QComboBox:
        cells = (column.heading, "", detected_label(column), str(column.answers), column.example)
        for col, text in enumerate((*cells, path.name)):
            if col != 1:
                self.table.setItem(row, col, QTableWidgetItem(text))
        box = QComboBox(self.table)
        box.setObjectName(f"class:{column.heading}")
        for kind in COLUMN_CLASSES:
            box.addItem(CLASS_LABELS[kind], kind)
        box.setCurrentIndex(max(0, box.findData(column.chosen)))
        box.setEnabled(column.detected != EMPTY)
        self.table.setCellWidget(row, 1, box)
        return box

    def chosen(self) -> dict[str, str]:
        """The classes the user changed, by heading (the others stay as detected)."""
        return {
            column.heading: box.currentData()
            for (_, column), box in zip(self.columns, self.boxes, strict=True)
            if column.detected != EMPTY and box.currentData() != column.detected
        }

    def choose(self, heading: str, kind: str) -> None:
        """Set a column's class as picking it in its drop-down does."""
        box = self.boxes[[c.heading for _, c in self.columns].index(heading)]
        box.setCurrentIndex(box.findData(kind))


_EXPLANATION = (
    "Open-text answers become each respondent's document; categorical, numeric and Likert\n"
    "answers become the respondent's attributes. Change a class where the guess is wrong."
)


def detected_label(column: SurveyColumn) -> str:
    return "no answers" if column.detected == EMPTY else CLASS_LABELS[column.detected]


def first_of_each(found: Found) -> list[tuple[Path, SurveyColumn]]:
    """One row per heading: a batch's exports share one choice per heading."""
    rows: dict[str, tuple[Path, SurveyColumn]] = {}
    for path, columns in found:
        for column in columns:
            rows.setdefault(column.heading.casefold(), (path, column))
    return list(rows.values())


def ask_survey_columns(
    parent: QWidget, paths: Sequence[Path], start: Callable[[ImportOptions], object]
) -> SurveyColumnsDialog | None:
    """Open the dialog (non-modal) for the batch's questionnaires; Import calls ``start``
    with options carrying the chosen classes. None, and nothing opened, if the batch has no
    readable questionnaire."""
    found = readable_columns(paths)
    if not found:
        return None
    dialog = SurveyColumnsDialog(found, parent)
    dialog.accepted.connect(lambda: start(ImportOptions(columns=dialog.chosen())))
    dialog.open()
    return dialog
