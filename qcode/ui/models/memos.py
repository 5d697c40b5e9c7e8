"""Memos on one target (a code, document or segment) as a table: title, author, last edit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qcode.store.models import Memo
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Title", "Author", "Edited")


@dataclass(frozen=True)
class MemoRow:
    """A memo as listed and edited: plain values read once from the project."""

    id: int
    title: str
    text: str
    author: str
    edited: str

    @property
    def label(self) -> str:
        """The title, or the memo's first words when it has none."""
        if self.title:
            return self.title
        words = " ".join(self.text.split())
        return (words[:60] + "…") if len(words) > 60 else (words or "(empty memo)")


def memo_rows(memos: Iterable[Memo]) -> list[MemoRow]:
    """Plain rows of memos (reads each memo's author while the session is open)."""
    return [
        MemoRow(
            memo.id,
            memo.title,
            memo.text,
            memo.coder.name if memo.coder is not None else "—",
            memo.updated_at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
        )
        for memo in memos
    ]


class MemosTableModel(RowsTableModel):
    """Rows of :class:`MemoRow`; replaced as a whole when the memos change."""

    headers = HEADERS

    def row_of(self, memo_id: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == memo_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.author, row.edited)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text or row.label
        if role == Qt.ItemDataRole.FontRole and index.column() == 0 and not row.title:
            font = QFont()
            font.setItalic(True)
            return font
        return None
