"""A codes × columns matrix as a table: one measure per cell, totals, and heat shading."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from qcode.analysis.matrix import Cell
from qcode.services.matrices import CodeMatrix

Index = QModelIndex | QPersistentModelIndex
MEASURES = ("segments", "characters", "participants")
TOTAL = "Total"
HEAT = (44, 123, 182)  # the blue of the shading; its opacity grows with the value


def heat(value: int, highest: int) -> QColor | None:
    """A cell's background: clear for 0, then ever stronger blue up to the highest value."""
    if value <= 0 or highest <= 0:
        return None
    return QColor(*HEAT, int(30 + 150 * value / highest))


class MatrixTableModel(QAbstractTableModel):
    """Rows are codes plus a total row; columns are the matrix's columns plus a total column."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix: CodeMatrix | None = None
        self.measure = "segments"
        self.column_titles: list[str] = []
        self.highest = 0

    def set_matrix(
        self, matrix: CodeMatrix | None, measure: str, column_titles: list[str] | None = None
    ) -> None:
        """Show a matrix counting ``measure``; columns titled as given (default: their keys)."""
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
        self.beginResetModel()
        self.matrix, self.measure = matrix, measure
        columns = list(matrix.columns) if matrix else []
        self.column_titles = list(column_titles or columns)
        cells = matrix.matrix.cells.values() if matrix else ()
        self.highest = max((getattr(cell, measure) for cell in cells), default=0)
        self.endResetModel()

    def cell(self, row: int, column: int) -> Cell | None:
        """The cell at a row and column of the table (totals included)."""
        if self.matrix is None:
            return None
        matrix = self.matrix.matrix
        body_rows, body_columns = len(self.matrix.codes), len(self.matrix.columns)
        if not (0 <= row <= body_rows and 0 <= column <= body_columns):
            return None
        if row == body_rows:
            key = self.matrix.columns[column] if column < body_columns else None
            return matrix.total if key is None else matrix.column_totals[key]
        code_id = self.matrix.codes[row][0]
        if column == body_columns:
            return matrix.row_totals[code_id]
        return matrix.cell(code_id, self.matrix.columns[column])

    def segment_ids(self, index: Index) -> list[int]:
        cell = self.cell(index.row(), index.column()) if index.isValid() else None
        return list(cell.segment_ids) if cell else []

    def is_total(self, row: int, column: int) -> bool:
        if self.matrix is None:
            return False
        return row == len(self.matrix.codes) or column == len(self.matrix.columns)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.matrix is None:
            return 0
        return len(self.matrix.codes) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.matrix is None:
            return 0
        return len(self.matrix.columns) + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if self.matrix is None:
            return None
        horizontal = orientation == Qt.Orientation.Horizontal
        codes = self.matrix.codes
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if horizontal:
                return self.column_titles[section] if section < len(self.column_titles) else TOTAL
            if section >= len(codes):
                return TOTAL
            path = codes[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return " / ".join(path)
            return "    " * (len(path) - 1) + path[-1]
        if role == Qt.ItemDataRole.TextAlignmentRole and not horizontal:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            return None
        value = getattr(cell, self.measure)
        total = self.is_total(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and not total:
            return heat(value, self.highest)
        if role == Qt.ItemDataRole.ForegroundRole and value == 0:
            return QColor(150, 150, 150)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{cell.segments} segments, {cell.characters:,} coded characters, "
                f"{cell.participants} participants\nDouble-click to read the segments"
            )
        return None
