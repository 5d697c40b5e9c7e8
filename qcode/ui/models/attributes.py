"""Participants × attributes as an editable table: documents and waves, then one column each."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from qcode.ingest.classification import number_or_text
from qcode.services.documents.participants import AttributeInput

Index = QModelIndex | QPersistentModelIndex
FIXED = ("Documents", "Waves")  # read-only columns before the attributes
FIXED_TIPS = (
    "The participant's documents (change them with Documents ▸ Participant and wave…)",
    "The waves of interviews the participant's documents belong to",
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YES_NO = {"true": True, "yes": True, "false": False, "no": False}


@dataclass(frozen=True)
class SheetEntry:
    """One participant's row: label, documents and waves as shown, attribute values by name."""

    label: str
    documents: str = ""
    waves: str = ""
    values: dict[str, object] = field(default_factory=dict)


def shown(value: object) -> str:
    """A value as a cell shows it (and as its editor starts): true/false in lower case."""
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def typed_input(text: str, column: Iterable[object]) -> AttributeInput | None:
    """What typing ``text`` into a cell means: None when cleared; yes/no in a column of
    true/false values; an ISO date (2024-05-01) as a date; numbers as numbers (as
    ``--attr`` and CSV sheets read them); else the text."""
    text = text.strip()
    if not text:
        return None
    others = [value for value in column if value is not None]
    if others and all(isinstance(v, bool) for v in others) and text.casefold() in YES_NO:
        return YES_NO[text.casefold()]
    if ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return number_or_text(text)


class AttributeTableModel(QAbstractTableModel):
    """A row per participant (labels in the vertical header); attribute cells are editable.

    An edit does not change the model: it asks for the change with ``edited`` and the
    sheet shows it when the project says it changed (or not, if refused).
    """

    edited = Signal(str, str, str)  # participant, attribute, text typed ("" clears it)

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[SheetEntry] = []
        self.names: list[str] = []

    def set_sheet(self, entries: list[SheetEntry], names: list[str]) -> None:
        """Show these rows and attribute columns; the same shape updates in place."""
        same = [e.label for e in entries] == [e.label for e in self.entries]
        if same and names == self.names:
            self.entries = list(entries)
            if entries:
                last = self.index(len(entries) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.entries, self.names = list(entries), list(names)
        self.endResetModel()

    def attribute(self, column: int) -> str | None:
        """The attribute a column shows (None for the read-only columns)."""
        at = column - len(FIXED)
        return self.names[at] if 0 <= at < len(self.names) else None

    def column_of(self, name: str) -> int:
        """The column showing an attribute (by name, ignoring case); -1 if none."""
        folded = [n.casefold() for n in self.names]
        return len(FIXED) + folded.index(name.casefold()) if name.casefold() in folded else -1

    def row_of(self, label: str) -> int:
        labels = [entry.label for entry in self.entries]
        return labels.index(label) if label in labels else -1

    def column_values(self, name: str) -> list[object]:
        return [entry.values.get(name) for entry in self.entries]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(FIXED) + len(self.names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry, name = self.entries[index.row()], self.attribute(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if name is None:
                return entry.documents if index.column() == 0 else entry.waves
            return shown(entry.values.get(name))
        if role == Qt.ItemDataRole.ForegroundRole and name is None:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole and name is not None:
            return f"{entry.label}: {name} (type to set it; clear it to remove it)"
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            if horizontal:
                name = self.attribute(section)
                return FIXED[section] if name is None and section < len(FIXED) else name
            return self.entries[section].label if section < len(self.entries) else None
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and section < len(FIXED):
            return FIXED_TIPS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        found = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.attribute(index.column()) is not None:
            found |= Qt.ItemFlag.ItemIsEditable
        return found

    def setData(  # noqa: N802 - Qt override
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """Ask for a typed value to be set (or removed, when cleared); unchanged: nothing."""
        name = self.attribute(index.column()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or name is None:
            return False
        entry, text = self.entries[index.row()], str(value or "").strip()
        if text == shown(entry.values.get(name)):
            return False
        self.edited.emit(entry.label, name, text)
        return True
