"""Search hits as a table: document, lines (the citation) and the words found."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from qcode.services.search import SearchHit
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Document", "Lines", "Text")


def lines_of(hit: SearchHit) -> str:
    """The citation without the document's name: "line 4" or "lines 4–6"."""
    prefix = f"{hit.document}, "
    return hit.citation[len(prefix) :] if hit.citation.startswith(prefix) else hit.citation


class SearchTableModel(RowsTableModel):
    """The hits of the last search, in document order; replaced as a whole."""

    headers = HEADERS

    @property
    def hits(self) -> list[SearchHit]:
        return self.rows

    def document_count(self) -> int:
        return len({hit.document_id for hit in self.hits})

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.document, lines_of(hit), " ".join(hit.text.split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.citation}\n\n{hit.text}" if index.column() == 2 else hit.citation
        return None
