"""Compare two coders: a codes × documents table of kappa and percent agreement, heat-coloured."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.services.agreement import AgreementRequest, agreement
from qcode.services.coders import CONSENSUS
from qcode.services.history import Change
from qcode.services.lookup import get_code, get_document
from qcode.services.workshop.disagreements import list_disagreements
from qcode.ui.background import LatestOnly
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Cell = tuple[float | None, float | None]  # kappa, percent agreement


def heat(kappa: float | None) -> QColor | None:
    """Red for poor agreement through yellow to green for high (guidance, not verdict)."""
    if kappa is None:
        return None
    hue = max(0.0, min(1.0, kappa)) * 120
    return QColor.fromHsvF(hue / 360, 0.35, 1.0)


class AgreementTableModel(QAbstractTableModel):
    """Rows are code paths, columns documents; a cell holds kappa and percent for A × B."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[tuple[str, ...]] = []
        self.documents: list[str] = []
        self.cells: dict[tuple[int, int], Cell] = {}

    def set_cells(self, cells: dict[tuple[tuple[str, ...], str], Cell]) -> None:
        self.beginResetModel()
        self.codes = sorted({code for code, _doc in cells})
        self.documents = sorted({doc for _code, doc in cells})
        self.cells = {
            (self.codes.index(code), self.documents.index(doc)): value
            for (code, doc), value in cells.items()
        }
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.documents)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal:
            return self.documents[section] if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.codes[section][-1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return " / ".join(self.codes[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        kappa, percent = self.cells.get((index.row(), index.column()), (None, None))
        if role == Qt.ItemDataRole.DisplayRole:
            if percent is None:
                return ""
            shown = "—" if kappa is None else f"{kappa:.2f}"
            return f"κ {shown} · {percent:.0f}%"
        if role == Qt.ItemDataRole.BackgroundRole:
            return heat(kappa)
        if role == SORT_ROLE:
            return -2.0 if kappa is None else kappa
        if role == Qt.ItemDataRole.ToolTipRole and percent is not None:
            return "Cohen's kappa and percent agreement on characters; click to see the differences"
        return None


class CompareDock(QDockWidget):
    """Choose two coders; click a cell to open that document at that code's differences."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Compare coders", parent)
        self.setObjectName("CompareDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = AgreementTableModel()
        self.computer = LatestOnly(self, workbench.report_error)
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.coder_a, self.coder_b = QComboBox(), QComboBox()
        self.coded_only = QCheckBox("Only text either coded")
        for box in (self.coder_a, self.coder_b):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.coded_only.toggled.connect(lambda _on: self.reload())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self.open_cell)
        self.table.verticalHeader().setMaximumWidth(220)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        for label, box in (("A:", self.coder_a), ("B:", self.coder_b)):
            row.addWidget(QLabel(label))
            row.addWidget(box, 1)
        row.addWidget(self.coded_only)
        layout = QVBoxLayout()
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        widget = QWidget()
        widget.setLayout(layout)
        self.setWidget(widget)
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("coders", self.refresh_coders)

    def refresh_coders(self) -> None:
        names = [n for n in self.workbench.coder_names() if n != CONSENSUS]
        for box, default in ((self.coder_a, 0), (self.coder_b, 1)):
            chosen = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.setCurrentIndex(
                names.index(chosen) if chosen in names else min(default, len(names) - 1)
            )
            box.blockSignals(False)
        self.reload()

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders"):
            self.when_shown.run("coders", self.refresh_coders)
        elif touches(change, "segments", "codes", "documents"):
            self.when_shown.run("reload", self.reload)

    def pair(self) -> tuple[str, str] | None:
        a, b = self.coder_a.currentText(), self.coder_b.currentText()
        return (a, b) if a and b and a != b else None

    def reload(self) -> None:
        """Recompute the table for the pair chosen, off the UI thread (latest choice wins)."""
        pair, coded_only = self.pair(), self.coded_only.isChecked()
        if pair is None:
            self.show_cells(({}, None))
            return
        session_of = self.workbench.session

        def compute() -> tuple[dict[tuple[tuple[str, ...], str], Cell], object]:
            request = AgreementRequest(coders=pair, coded_only=coded_only)
            with session_of() as session:
                result = agreement(session, request).result
            cells = {}
            for cell in result.cells():
                counts = cell.counts.coded_only() if coded_only else cell.counts
                cells[(tuple(cell.code), str(cell.document))] = (counts.kappa, counts.agreement)
            overall = result.overall.pairs[0].counts if result.overall.pairs else None
            return cells, overall

        self.computer.run(compute, self.show_cells)

    def show_cells(self, computed: tuple[dict[tuple[tuple[str, ...], str], Cell], object]) -> None:
        cells, overall = computed
        if cells or overall is not None:
            self.summary.setText(overall_text(overall))
        self.model.set_cells(cells)
        self.table.resizeColumnsToContents()

    def open_cell(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        pair = self.pair()
        if pair is None or (source.row(), source.column()) not in self.model.cells:
            return
        code, document = self.model.codes[source.row()], self.model.documents[source.column()]
        with self.workbench.session() as session:
            code_id = get_code(session, list(code)).id
            document_id = get_document(session, document).id
            differences = list_disagreements(
                session, pair[0], pair[1], code=code_id, document=document_id
            )
        start, end = (differences[0].start, differences[0].end) if differences else (0, 0)
        self.workbench.compare_requested.emit(code_id, pair[0], pair[1])
        self.workbench.show_text.emit(document_id, start, end)


def overall_text(counts: object) -> str:
    if counts is None:
        return "These coders share no coded text yet."
    kappa, agreement = counts.kappa, counts.agreement  # type: ignore[attr-defined]
    if agreement is None:  # neither coder coded any of it: nothing to agree on
        return "These coders share no coded text yet."
    shown = "—" if kappa is None else f"{kappa:.2f}"
    return (
        f"Overall: κ {shown}, {agreement:.1f}% agreement on characters"
        " (Landis & Koch: .41–.60 moderate, .61–.80 substantial; guidance, not a verdict)."
    )
