"""The CMO overview: one row per outcome theme, its flagged categories and its statements."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from qcode.services.cmo_view import CategoryView, ThemeView

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Outcome theme", "Categories (contexts and mechanisms)", "Configuration statements")
FLAG_WORDS = {"C": "(C)", "M": "(M)", "CM": "(C, M)"}


def category_line(category: CategoryView) -> str:
    """ "• Protected time (C) — 3 participants, 7 segments": evidence, not a verdict."""
    flag = FLAG_WORDS.get(category.flags, "")
    people = f"{category.participants} participant" + ("" if category.participants == 1 else "s")
    segments = f"{category.segments} segment" + ("" if category.segments == 1 else "s")
    return f"• {category.path[-1]} {flag}".rstrip() + f" — {people}, {segments}"


class CmoTableModel(QAbstractTableModel):
    """Themes from list_statements(all_themes=True), as the paper's configuration table."""

    def __init__(self) -> None:
        super().__init__()
        self.themes: list[ThemeView] = []

    def set_themes(self, themes: list[ThemeView]) -> None:
        self.beginResetModel()
        self.themes = list(themes)
        self.endResetModel()

    def theme_at(self, row: int) -> ThemeView:
        return self.themes[row]

    def row_of(self, theme_id: int) -> int:
        return next((row for row, t in enumerate(self.themes) if t.id == theme_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.themes)

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
        theme = self.themes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return theme.name
            if index.column() == 1:
                return "\n".join(category_line(c) for c in theme.categories) or "(no categories)"
            return "\n\n".join(s.text for s in theme.statements) or "(no statement yet)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
