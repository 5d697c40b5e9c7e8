"""Compare coders: a codes × documents table of kappa and percent agreement, heat-coloured."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.analysis.agreement.chance import over_coders
from qcode.analysis.agreement.report import AgreementResult
from qcode.services.agreement import AgreementRequest, agreement
from qcode.services.coders import CONSENSUS
from qcode.services.history import Change
from qcode.services.lookup import get_code, get_document
from qcode.services.workshop.disagreements import list_disagreements
from qcode.services.workshop.passages import find_passages, resolve_coders
from qcode.ui.background import LatestOnly
from qcode.ui.models.agreement import fill_checkable, heat, ticked
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

Span = tuple[int, int]

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Cell = tuple[float | None, float | None]  # kappa, percent agreement
Cells = dict[tuple[tuple[str, ...], str], Cell]
TOO_FEW = "Tick at least two coders to compare."
TIPS = {
    True: "Cohen's kappa and percent agreement on characters; click to see the differences",
    False: "Fleiss' kappa over the coders ticked and the percent of characters all of them"
    " coded alike; click to see the first passage where they differ",
}


class AgreementTableModel(QAbstractTableModel):
    """Rows are code paths, columns documents; a cell holds kappa and percent for A × B."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[tuple[str, ...]] = []
        self.documents: list[str] = []
        self.cells: dict[tuple[int, int], Cell] = {}
        self.pair = True  # two coders: Cohen's kappa; more: Fleiss' kappa

    def set_cells(self, cells: Cells, pair: bool = True) -> None:
        self.beginResetModel()
        self.pair = pair
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
            return f"{'κ' if self.pair else 'Fleiss κ'} {shown} · {percent:.0f}%"
        if role == Qt.ItemDataRole.BackgroundRole:
            return heat(kappa)
        if role == SORT_ROLE:
            return -2.0 if kappa is None else kappa
        if role == Qt.ItemDataRole.ToolTipRole and percent is not None:
            return TIPS[self.pair]
        return None


class CompareDock(QDockWidget):
    """Tick two coders or more; click a cell to open that document where they differ."""

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
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("compare_coders")
        self.coder_list.setMaximumHeight(90)
        self.coder_list.itemChanged.connect(lambda _item: self.reload())
        self.coded_only = QCheckBox("Only text a coder coded")
        self.coded_only.toggled.connect(lambda _on: self.reload())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.clicked.connect(self.open_cell)
        self.table.verticalHeader().setMaximumWidth(220)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("Coders:"))
        row.addWidget(self.coder_list, 1)
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
        """List the coders; keep those ticked (the first two the first time)."""
        names = [n for n in self.workbench.coder_names() if n != CONSENSUS]
        kept = set(ticked(self.coder_list)) if self.coder_list.count() else set(names[:2])
        fill_checkable(self.coder_list, [(name, name, name in kept) for name in names])
        self.reload()

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders"):
            self.when_shown.run("coders", self.refresh_coders)
        elif touches(change, "segments", "codes", "documents"):
            self.when_shown.run("reload", self.reload)

    def chosen(self) -> tuple[str, ...]:
        """The coders ticked, in the list's order."""
        return tuple(ticked(self.coder_list))

    def pair(self) -> tuple[str, str] | None:
        chosen = self.chosen()
        return (chosen[0], chosen[1]) if len(chosen) == 2 else None

    def reload(self) -> None:
        """Recompute the table for the coders ticked, off the UI thread (latest choice wins)."""
        coders, coded_only = self.chosen(), self.coded_only.isChecked()
        if len(coders) < 2:
            self.show_cells(({}, TOO_FEW, True))
            return
        session_of = self.workbench.session

        def compute() -> tuple[Cells, str, bool]:
            request = AgreementRequest(coders=coders, coded_only=coded_only)
            with session_of() as session:
                result = agreement(session, request).result
            if len(coders) == 2:
                return pair_cells(result, coded_only), pair_text(result), True
            return coder_cells(result), coders_text(result), False

        self.computer.run(compute, self.show_cells)

    def show_cells(self, computed: tuple[Cells, str, bool]) -> None:
        cells, said, pair = computed
        self.summary.setText(said)
        self.model.set_cells(cells, pair)
        self.table.resizeColumnsToContents()

    def open_cell(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        coders = self.chosen()
        if len(coders) < 2 or (source.row(), source.column()) not in self.model.cells:
            return
        code, document = self.model.codes[source.row()], self.model.documents[source.column()]
        with self.workbench.session() as session:
            code_id = get_code(session, list(code)).id
            document_id = get_document(session, document).id
            start, end = first_difference(session, coders, code_id, document_id)
        if len(coders) == 2:
            self.workbench.compare_requested.emit(code_id, coders[0], coders[1])
        self.workbench.show_text.emit(document_id, start, end)


def first_difference(
    session: Session, coders: tuple[str, ...], code_id: int, document_id: int
) -> Span:
    """Where the coders first differ on a code in a document ((0, 0): nowhere)."""
    if len(coders) == 2:
        found = list_disagreements(session, *coders, code=code_id, document=document_id)
        return (found[0].start, found[0].end) if found else (0, 0)
    named = resolve_coders(session, coders)
    for hit in find_passages(session, named, {code_id}, document_id):
        return hit.passage.span
    return (0, 0)


def pair_cells(result: AgreementResult, coded_only: bool) -> Cells:  # type: ignore[type-arg]
    cells = {}
    for cell in result.cells():
        counts = cell.counts.coded_only() if coded_only else cell.counts
        cells[(tuple(cell.code), str(cell.document))] = (counts.kappa, counts.agreement)
    return cells


def coder_cells(result: AgreementResult) -> Cells:  # type: ignore[type-arg]
    """Fleiss' kappa and the percent of characters all the coders coded alike, per cell."""
    return {
        (tuple(code), str(document)): (over_coders(hist).fleiss, all_alike(hist))  # type: ignore[arg-type]
        for code, document, hist in result.coder_cells()
    }


def all_alike(histogram: tuple[int, ...]) -> float | None:
    """Percent of the units every coder coded, or none did (None: no units)."""
    total = sum(histogram)
    return 100 * (histogram[0] + histogram[-1]) / total if total else None


def pair_text(result: AgreementResult) -> str:  # type: ignore[type-arg]
    return overall_text(result.overall.pairs[0].counts if result.overall.pairs else None)


def coders_text(result: AgreementResult) -> str:  # type: ignore[type-arg]
    """The whole table's Fleiss' kappa and all-alike percent, over the coders ticked."""
    histogram = result.overall.histogram
    alike = all_alike(histogram)
    if alike is None or not any(histogram[1:]):
        return "These coders share no coded text yet."
    kappa = result.overall.fleiss
    shown = "—" if kappa is None else f"{kappa:.2f}"
    return (
        f"Overall: Fleiss' κ {shown} over {len(result.coders)} coders, all of them alike on"
        f" {alike:.1f}% of the characters (Landis & Koch: .41–.60 moderate, .61–.80"
        " substantial; guidance, not a verdict)."
    )


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
