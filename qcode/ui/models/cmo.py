"""The CMO overview: one row per outcome theme, its flagged categories and its statements."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from qcode.services.realist.configurations import CategoryView
from qcode.ui.models.rows import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Outcome theme", "Categories\n(contexts and mechanisms)", "Configuration\nstatements")
FLAG_WORDS = {"C": "(C)", "M": "(M)", "CM": "(C, M)"}


def category_line(category: CategoryView) -> str:
    """ "• Protected time (C) — 3 participants, 7 segments": evidence, not a verdict."""
    flag = FLAG_WORDS.get(category.flags, "")
    people = f"{category.participants} participant" + ("" if category.participants == 1 else "s")
    segments = f"{category.segments} segment" + ("" if category.segments == 1 else "s")
    return f"• {category.path[-1]} {flag}".rstrip() + f" — {people}, {segments}"


class CmoTableModel(RowsTableModel):
    """Themes from list_statements(all_themes=True), as the paper's configuration table:
    each theme with its C/M-flagged categories (at any depth) and its statements."""

    headers = HEADERS

    def row_of(self, theme_id: int) -> int:
        return next((row for row, t in enumerate(self.rows) if t.id == theme_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        theme = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return theme.name
            if index.column() == 1:
                lines = (category_line(c) for c in theme.flagged)
                return "\n".join(lines) or "(no C/M categories)"
            return "\n\n".join(s.text for s in theme.statements) or "(no statement yet)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
