"""A segments table that holds ids only and fetches the rows it shows, a page at a time.

``data()`` never queries: a row not fetched yet shows "…" and asks for its page, which
is fetched on the next turn of the event loop and announced with ``dataChanged``.
Sorting asks the owner to re-order the ids (in SQL); nothing is sorted in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from qcode.services.retrieval import SegmentRow
from qcode.ui.models.rows import RowsTableModel
from qcode.ui.models.segments import HEADERS, SEGMENT_MIME

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
PENDING = "…"
Fetch = Callable[[Sequence[int]], dict[int, SegmentRow]]
Sort = Callable[[int, bool], None]


class SegmentPagesTableModel(RowsTableModel):
    """Segment ids in a given order (its rows); the rows' values fetched by page."""

    headers = HEADERS

    def __init__(self, fetch: Fetch, sort: Sort | None = None) -> None:
        super().__init__()
        self.fetch = fetch
        self.on_sort = sort
        self.pages: dict[int, dict[int, SegmentRow]] = {}
        self.wanted: set[int] = set()

    @property
    def ids(self) -> list[int]:
        return self.rows

    def set_ids(self, ids: Sequence[int]) -> None:
        self.pages.clear()
        self.wanted.clear()
        self.set_rows(ids)

    # -- rows ----------------------------------------------------------------------------------

    def cached(self, row: int) -> SegmentRow | None:
        page = self.pages.get(row // PAGE)
        return None if page is None else page.get(self.ids[row])

    def row_at(self, row: int) -> SegmentRow:
        """The row (fetching its page now if needed): for actions, never for painting."""
        if row // PAGE not in self.pages:
            self.load_page(row // PAGE)
        found = self.cached(row)
        assert found is not None, f"segment {self.ids[row]} vanished"
        return found

    def load_page(self, page: int) -> None:
        ids = self.ids[page * PAGE : (page + 1) * PAGE]
        self.pages[page] = self.fetch(ids)
        self.wanted.discard(page)
        first, last = page * PAGE, page * PAGE + len(ids) - 1
        if ids:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def want(self, page: int) -> None:
        if page not in self.wanted:
            if not self.wanted:
                QTimer.singleShot(0, self.load_wanted)
            self.wanted.add(page)

    def load_wanted(self) -> None:
        for page in sorted(self.wanted):
            if page * PAGE < len(self.ids):
                self.load_page(page)
        self.wanted.clear()

    # -- Qt model ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.cached(index.row())
        if row is None:
            self.want(index.row() // PAGE)
            return PENDING if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text if index.column() == 3 else " / ".join(row.code)
        text = " ".join(row.text.split())
        return (row.citation, row.code[-1], row.coder, text)[index.column()]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.on_sort is not None:
            self.on_sort(column, order == Qt.SortOrder.DescendingOrder)

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
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(SEGMENT_MIME, QByteArray(",".join(str(self.ids[r]) for r in rows).encode()))
        mime.setText("\n\n".join(self.row_at(r).citation for r in rows))
        return mime
