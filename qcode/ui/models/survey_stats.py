"""Questionnaire items × groups as a table: n, mean, SD, median, minimum and maximum."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from qcode.analysis.stats import Description
from qcode.services.matrices import NONE_KEY
from qcode.ui.models.rows import Index, RowsTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_RESPONDENTS = "All respondents"
NOT_SET = "Not set"
STATISTICS = ("n", "mean", "sd", "median", "minimum", "maximum")
NO_VALUE = -1.0e308  # sorts a missing statistic below every number


@dataclass(frozen=True)
class ItemStatistics:
    """One item's description for one group (None: every respondent); ranks keep the order."""

    item: str
    group: str | None
    description: Description
    item_rank: int
    group_rank: int

    @property
    def group_title(self) -> str:
        if self.group is None:
            return ALL_RESPONDENTS
        return NOT_SET if self.group == NONE_KEY else self.group


def number_text(value: float | None, integral: bool = False) -> str:
    """A statistic as shown and copied: two decimals, nothing when there is none."""
    if value is None:
        return ""
    return f"{int(value)}" if integral else f"{value:.2f}"


class SurveyStatsTableModel(RowsTableModel):
    """One row per item and group: the item, the group, then the statistics."""

    headers = ("Item", "Group", "n", "Mean", "SD", "Median", "Min", "Max")

    def statistic(self, row: ItemStatistics, column: int) -> float | None:
        value = getattr(row.description, STATISTICS[column - 2])
        return None if value is None else float(value)

    def text(self, row: ItemStatistics, column: int) -> str:
        if column == 0:
            return row.item
        if column == 1:
            return row.group_title
        return number_text(self.statistic(row, column), integral=column == 2)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row: ItemStatistics = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            if column < 2:
                return row.item_rank if column == 0 else row.group_rank
            value = self.statistic(row, column)
            return NO_VALUE if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return "Respondents who answered this item with a number"
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return "Sample standard deviation (n − 1); none for fewer than two answers"
        return None
