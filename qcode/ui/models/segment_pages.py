"""A segments table that holds ids only and fetches the rows it shows, a page at a time.

``data()`` never queries: a row not fetched yet shows "…" and asks for its page, which
is fetched on the next turn of the event loop and announced with ``dataChanged``.
Sorting asks the owner to re-order the ids (in SQL); nothing is sorted in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt

from qcode.services.retrieval import SegmentRow
from qcode.ui.models.pages import PENDING, Index, PagesTableModel, Sort
from qcode.ui.models.segments import HEADERS, SEGMENT_MIME

__all__ = ["PENDING", "SEGMENT_PAGE", "Fetch", "SegmentPagesTableModel", "Sort"]
SEGMENT_PAGE = 40  # rows read at once: a screenful or two (each row cites lines of its text)

Fetch = Callable[[Sequence[int]], dict[int, SegmentRow]]


class SegmentPagesTableModel(PagesTableModel[SegmentRow]):
    """Segment ids in a given order (its rows); the rows' values fetched by page."""

    headers = HEADERS
    noun = "segment"
    page_size = SEGMENT_PAGE

    def __init__(self, fetch: Fetch, sort: Sort | None = None) -> None:
        super().__init__(fetch, sort)

    def show(self, value: SegmentRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return value.text if column == 3 else " / ".join(value.code)
        text = " ".join(value.text.split())
        return (value.citation, value.code[-1], value.coder, text)[column]

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
