"""Search hits as a table: document, lines (the citation) and the words found.

The hits are held as arrays (a :class:`HitTable`); the model's rows are hit numbers in
the order shown, sorted as arrays, and only the rows a view shows are made, by page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt

from qcode.services.search import HitTable, SearchHit
from qcode.ui.models.pages import PagesTableModel

HEADERS = ("Document", "Lines", "Text")
KEEP_PAGES = 8  # pages of rows held at once; more are made again when shown again
FetchHits = Callable[[HitTable, Sequence[int]], Mapping[int, SearchHit]]


def lines_of(hit: SearchHit) -> str:
    """The citation without the document's name: "line 4" or "lines 4–6"."""
    prefix = f"{hit.document}, "
    return hit.citation[len(prefix) :] if hit.citation.startswith(prefix) else hit.citation


class SearchTableModel(PagesTableModel[SearchHit]):
    """The hits of the last search, in document order or sorted by a column."""

    headers = HEADERS
    noun = "search hit"

    def __init__(self, fetch: FetchHits) -> None:
        super().__init__(lambda numbers: fetch(self.hits, numbers), keep=KEEP_PAGES)
        self.hits = HitTable.empty()
        self.order = (0, False)  # column, descending

    def set_hits(self, hits: HitTable) -> None:
        self.hits = hits
        self.set_ids(hits.order(*self.order))

    def clear(self) -> None:
        self.set_hits(HitTable.empty())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the hit numbers (arrays sorted once per search), never the rows' texts."""
        wanted = (column, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.order:
            self.order = wanted
            self.set_ids(self.hits.order(*wanted))

    def show(self, value: SearchHit, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{value.citation}\n\n{value.text}" if column == 2 else value.citation
        return (value.document, lines_of(value), " ".join(value.text.split()))[column]
