"""Retrieved segments as a sortable, filterable table: citation, code, coder and words."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from qcode.services.retrieval import SegmentRow
from qcode.ui.models import refilter

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Citation", "Code", "Coder", "Text")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class SegmentsTableModel(QAbstractTableModel):
    """Plain rows from the retrieval service; nothing is queried while painting."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SegmentRow] = []

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> SegmentRow:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(row.text.split())
            return (row.citation, " / ".join(row.code), row.coder, text)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text if column == 3 else " / ".join(row.code)
        if role == SORT_ROLE:
            keys = (
                (row.participant or "", row.wave or 0, row.document, row.start),
                row.code,
                row.coder,
                row.text.lower(),
            )
            return repr(keys[column])
        return None


class SegmentsFilterModel(QSortFilterProxyModel):
    """Sorts by meaning (citations in document order) and filters on every column's text."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.coder: str | None = None

    def set_coder(self, coder: str | None) -> None:
        refilter(self, lambda: setattr(self, "coder", coder or None))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        wrong_coder = (
            self.coder is not None
            and isinstance(model, SegmentsTableModel)
            and model.row_at(source_row).coder != self.coder
        )
        if wrong_coder:
            return False
        return super().filterAcceptsRow(source_row, source_parent)
