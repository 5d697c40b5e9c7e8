"""Questionnaire statistics: every numeric item at once, optionally by group; copyable."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.services.documents.attributes import ParticipantRow, participant_rows
from qcode.services.documents.view import document_entries
from qcode.services.history import Change
from qcode.services.matrices import attribute_statistics, natural_key
from qcode.ui.background import LatestOnly
from qcode.ui.docks import TablePanel
from qcode.ui.models.survey_stats import SORT_ROLE, ItemStatistics, SurveyStatsTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

NO_GROUPS = "No grouping"
MAX_GROUPS = 12  # an attribute with more distinct values is no grouping to read
SHOWN_TABLES = ("participant_attributes", "participants", "documents")
NOTE = (
    "Each numeric answer column (a Likert scale, a rating, a count) of the imported "
    "questionnaires; n counts the answers. Copy pastes the table into a spreadsheet."
)
NO_QUESTIONNAIRE = (
    "No questionnaire imported yet. Import a survey export (.csv or .xlsx) with "
    "File ▸ Import documents…: its numeric answers are summarised here, item by item."
)
NO_ITEMS = (
    "The questionnaires hold no numeric answers to summarise. Answers given as labels "
    "(such as “Agree”) are categories: group the statistics by them."
)


@dataclass(frozen=True)
class SurveySummary:
    """What the dock shows: how many respondents, which items, and their statistics."""

    respondents: int
    items: list[str] = field(default_factory=list)
    rows: list[ItemStatistics] = field(default_factory=list)


def respondents_of(session: Session) -> tuple[set[str], list[ParticipantRow]]:
    """The labels of participants who answered a questionnaire, and every participant."""
    labels = {
        e.participant
        for e in document_entries(session)
        if e.kind == "questionnaire" and e.participant is not None
    }
    return labels, participant_rows(session)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def survey_items(respondents: set[str], people: list[ParticipantRow]) -> list[str]:
    """Attributes that some respondent answered with a number, in natural order."""
    names = {
        name
        for person in people
        if person.label in respondents
        for name, value in person.attributes.items()
        if is_number(value)
    }
    return sorted(names, key=natural_key)


def group_choices(respondents: set[str], people: list[ParticipantRow]) -> list[str]:
    """Respondents' categorical attributes (survey columns or others: labels, yes/no,
    dates, not numbers) with 2 to MAX_GROUPS distinct values."""
    values: dict[str, set[str]] = {}
    for person in people:
        if person.label in respondents:
            for name, value in person.attributes.items():
                if not is_number(value):
                    values.setdefault(name, set()).add(str(value))
    return sorted(
        (name for name, seen in values.items() if 2 <= len(seen) <= MAX_GROUPS), key=natural_key
    )


def survey_statistics(session: Session, by: str | None) -> SurveySummary:
    """Each item's statistics overall and per group, as `qcode stats ITEM --by GROUP` gives."""
    respondents, people = respondents_of(session)
    items = survey_items(respondents, people)
    rows: list[ItemStatistics] = []
    for rank, item in enumerate(items):
        overall, groups = attribute_statistics(session, item, by)
        rows.append(ItemStatistics(item, None, overall, rank, -1))
        rows += [
            ItemStatistics(item, group, description, rank, number)
            for number, (group, description) in enumerate(
                sorted(groups.items(), key=lambda pair: natural_key(pair[0]))  # "Not set" last
            )
        ]
    return SurveySummary(len(respondents), items, rows)


class SurveyStatsDock(QDockWidget):
    """n, mean, SD and median of every questionnaire item, for all or per group."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Questionnaire statistics", parent)
        self.setObjectName("SurveyStatsDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = SurveyStatsTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.builder = LatestOnly(self, workbench.report_error)
        self.setWidget(self.build())
        self.builder.busy_changed.connect(self.on_busy)
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("choices", self.refresh_choices)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.group_box = QComboBox()
        self.group_box.addItem(NO_GROUPS, None)
        self.group_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.group_box.setMinimumContentsLength(18)
        self.group_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the table as shown, to paste into a spreadsheet")
        self.copy_button.clicked.connect(self.copy_table)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        top = QHBoxLayout()
        top.addWidget(QLabel("Group by"))
        top.addWidget(self.group_box)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        panel = TablePanel(top, self.table, NOTE, NO_QUESTIONNAIRE)
        self.empty, self.stack, self.note = panel.empty, panel.stack, panel.note
        self.stack.setCurrentWidget(self.empty)
        return panel.widget

    @property
    def by(self) -> str | None:
        data = self.group_box.currentData()
        return None if data is None else str(data)

    def refresh_choices(self) -> None:
        """Offer each respondents' attribute with a few values as a grouping."""
        with self.workbench.session() as session:
            names = group_choices(*respondents_of(session))
        by = self.by
        self.group_box.blockSignals(True)
        self.group_box.clear()
        self.group_box.addItem(NO_GROUPS, None)
        for name in names:
            self.group_box.addItem(name, name)
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(by)) if by else 0)
        self.group_box.blockSignals(False)
        if by is not None and self.by != by:
            self.reload()  # the grouping chosen is gone

    def reload(self) -> None:
        """Describe every item for the grouping chosen, off the UI thread."""
        by, session_of = self.by, self.workbench.session

        def compute() -> SurveySummary:
            with session_of() as session:
                return survey_statistics(session, by)

        self.builder.run(compute, lambda summary: self.show_summary(summary, by))

    def show_summary(self, summary: SurveySummary, by: str | None) -> None:
        self.model.set_rows(summary.rows)
        self.table.setColumnHidden(1, by is None)
        self.table.resizeColumnToContents(0)
        if not summary.respondents:
            self.empty.setText(NO_QUESTIONNAIRE)
        elif not summary.items:
            self.empty.setText(NO_ITEMS)
        self.stack.setCurrentWidget(self.table if summary.rows else self.empty)
        self.copy_button.setEnabled(bool(summary.rows))

    def table_text(self) -> str:
        """The table as shown (sorted, visible columns), tab-separated with its headings."""
        columns = [c for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c)]
        lines = ["\t".join(self.model.headers[c] for c in columns)]
        for row in range(self.proxy.rowCount()):
            lines.append("\t".join(str(self.proxy.index(row, c).data()) for c in columns))
        return "\n".join(lines) + "\n"

    def copy_table(self) -> None:
        QApplication.clipboard().setText(self.table_text())
        self.workbench.message.emit(f"Copied {self.proxy.rowCount()} rows of statistics", False)

    def on_busy(self, busy: bool) -> None:
        self.note.setText("Computing…" if busy else NOTE)

    def on_changed(self, change: Change | None) -> None:
        if not touches(change, *SHOWN_TABLES):
            return
        self.when_shown.run("choices", self.refresh_choices)
        self.when_shown.run("reload", self.reload)
