"""A codes × codes table of overlapping coding: one measure per cell, the diagonal a code's own."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from qcode.analysis.cooccurrence import CoOccurrence
from qcode.analysis.matrix import SegmentFact
from qcode.ui.models.matrix import heat

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
MEASURES = ("pairs", "characters", "documents")
NOTHING = CoOccurrence(0, 0, 0)


@dataclass(frozen=True)
class CooccurrenceTable:
    """Codes (id, path) in codebook order, overlaps per pair (a < b), each code's own counts
    (``pairs`` holding its segments) and the segment facts in scope, for drill-downs."""

    codes: list[tuple[int, tuple[str, ...]]]
    pairs: dict[tuple[int, int], CoOccurrence]
    own: dict[int, CoOccurrence]
    facts: list[SegmentFact] = field(default_factory=list)

    def value(self, a: int, b: int) -> CoOccurrence:
        """Overlaps of two codes, or (a == b) the code's own counts."""
        if a == b:
            return self.own.get(a, NOTHING)
        return self.pairs.get((a, b) if a < b else (b, a), NOTHING)

    def overlapping_codes(self) -> set[int]:
        return {code for pair in self.pairs for code in pair}


class CooccurrenceTableModel(QAbstractTableModel):
    """Rows and columns are the same codes; cell (a, b) counts where a's and b's coding overlap."""

    def __init__(self) -> None:
        super().__init__()
        self.table: CooccurrenceTable | None = None
        self.codes: list[tuple[int, tuple[str, ...]]] = []
        self.measure = "pairs"
        self.diagonal = True
        self.highest = 0

    def set_table(
        self,
        table: CooccurrenceTable | None,
        measure: str,
        diagonal: bool = True,
        only_overlapping: bool = False,
    ) -> None:
        """Show ``measure`` of a table; a blank diagonal, or only codes that overlap, if asked."""
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
        self.beginResetModel()
        self.table, self.measure, self.diagonal = table, measure, diagonal
        codes = table.codes if table else []
        if table and only_overlapping:
            keep = table.overlapping_codes()
            codes = [code for code in codes if code[0] in keep]
        self.codes = list(codes)
        values = table.pairs.values() if table else ()
        self.highest = max((getattr(v, measure) for v in values), default=0)
        self.endResetModel()

    def code_at(self, section: int) -> int:
        return self.codes[section][0]

    def codes_at(self, index: Index) -> tuple[int, int] | None:
        """The two codes (row, column) of a cell."""
        if not index.isValid() or self.table is None:
            return None
        return self.code_at(index.row()), self.code_at(index.column())

    def value_at(self, index: Index) -> CoOccurrence | None:
        codes = self.codes_at(index)
        return self.table.value(*codes) if codes and self.table else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.codes)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not 0 <= section < len(self.codes):
            return None
        path = self.codes[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return " / ".join(path)
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return path[-1]
            return "    " * (len(path) - 1) + path[-1]
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Vertical:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        value = self.value_at(index)
        if value is None:
            return None
        own = index.row() == index.column()
        number = getattr(value, self.measure)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if own and not self.diagonal else f"{number:,}"
        if role == SORT_ROLE:
            return -1 if own and not self.diagonal else number
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(128, 128, 128, 40) if own else heat(number, self.highest)
        if role == Qt.ItemDataRole.ForegroundRole and (own or number == 0):
            return QColor(130, 130, 130)
        if role == Qt.ItemDataRole.FontRole and own:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index, value, own)
        return None

    def tooltip(self, index: Index, value: CoOccurrence, own: bool) -> str:
        row, column = self.codes[index.row()][1][-1], self.codes[index.column()][1][-1]
        places = f"in {value.documents} document{'s' if value.documents != 1 else ''}"
        if own:
            return (
                f"{row} on its own: {value.pairs} segments, {value.characters:,} coded "
                f"characters {places}\nDouble-click to read its segments"
            )
        return (
            f"{row} × {column}: {value.pairs} overlapping passages, {value.characters:,} "
            f"characters coded with both, {places}\nDouble-click to read them"
        )
