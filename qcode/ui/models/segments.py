"""Retrieved segments as a sortable, filterable table: citation, code, coder and words."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from qcode.ui.models import refilter
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Citation", "Code", "Coder", "Text")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEGMENT_MIME = "application/x-qcode-segment-ids"


def segment_ids_from(mime: QMimeData) -> list[int]:
    """The segment ids a drag from the segments table carries (none for other drags)."""
    if not mime.hasFormat(SEGMENT_MIME):
        return []
    return [int(part) for part in bytes(mime.data(SEGMENT_MIME).data()).decode().split(",")]


class SegmentsTableModel(RowsTableModel):
    """Plain rows from the retrieval service; nothing is queried while painting."""

    headers = HEADERS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [SEGMENT_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        """Drag segments (e.g. into a CMO statement's evidence)."""
        ids = list(dict.fromkeys(self.rows[i.row()].id for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(SEGMENT_MIME, QByteArray(",".join(map(str, ids)).encode()))
        mime.setText("\n\n".join(self.rows[i.row()].citation for i in indexes if i.column() == 0))
        return mime

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(row.text.split())
            return (row.citation, row.code[-1], row.coder, text)[column]
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
