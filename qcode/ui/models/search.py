"""Search hits as a table: document, lines (the citation) and the words found."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from qcode.services.search import SearchHit

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Document", "Lines", "Text")


def lines_of(hit: SearchHit) -> str:
    """The citation without the document's name: "line 4" or "lines 4–6"."""
    prefix = f"{hit.document}, "
    return hit.citation[len(prefix) :] if hit.citation.startswith(prefix) else hit.citation


class SearchTableModel(QAbstractTableModel):
    """The hits of the last search, in document order; replaced as a whole."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit:
        return self.hits[row]

    def document_count(self) -> int:
        return len({hit.document_id for hit in self.hits})

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.hits)

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
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.document, lines_of(hit), " ".join(hit.text.split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.citation}\n\n{hit.text}" if index.column() == 2 else hit.citation
        return None
