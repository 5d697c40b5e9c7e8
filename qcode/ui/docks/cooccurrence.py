"""The co-occurrence view: codes × codes, where their coding overlaps; a cell drills down."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.analysis.cooccurrence import CoOccurrence, cooccurrence
from qcode.analysis.intervals import normalize, total_length
from qcode.analysis.matrix import SegmentFact
from qcode.services.codebook.edit import codebook_tree
from qcode.services.documents.view import DocumentEntry, document_entries
from qcode.services.history import Change
from qcode.services.matrices import segment_facts
from qcode.ui.background import LatestOnly
from qcode.ui.dialogs import ok_cancel
from qcode.ui.docks import TablePanel, refill, refill_coders
from qcode.ui.models.cooccurrence import SORT_ROLE, CooccurrenceTable, CooccurrenceTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

ALL_CODERS = "All coders"
ALL_DOCUMENTS = "all"
CHOSEN = "chosen"
MEASURES = (
    ("Overlapping passages", "pairs"),
    ("Characters coded with both", "characters"),
    ("Documents", "documents"),
)
SHOWN_TABLES = ("segments", "codes", "documents", "coders")
NOTE = (
    "Where two codes' segments share text. Counts are evidence to look into, not a verdict: "
    "double-click a cell to read the passages; the diagonal is each code on its own."
)


def documents_in(entries: Iterable[DocumentEntry], scope: str, chosen: set[int]) -> set[int] | None:
    """The documents a scope names (None: every document)."""
    if scope == CHOSEN:
        return set(chosen)
    kind, _, value = scope.partition(":")
    if kind == "kind":
        return {e.id for e in entries if e.kind == value}
    if kind == "wave":
        return {e.id for e in entries if str(e.wave) == value}
    return None


def own_counts(facts: Iterable[SegmentFact]) -> dict[int, CoOccurrence]:
    """Each code's segments (in ``pairs``), coded characters and documents, on its own."""
    spans: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    segments: dict[int, int] = defaultdict(int)
    for fact in facts:
        segments[fact.code_id] += 1
        spans[fact.code_id][fact.document_id].append((fact.start, fact.end))
    return {
        code: CoOccurrence(
            segments[code],
            sum(total_length(normalize(parts)) for parts in spans[code].values()),
            len(spans[code]),
        )
        for code in segments
    }


def build_table(
    session: Session, coder: str | None, scope: str, chosen: set[int]
) -> CooccurrenceTable:
    """The co-occurrence of every code pair within a scope, as `qcode cooccurrence` counts it."""
    documents = documents_in(document_entries(session), scope, chosen)
    facts = [
        fact
        for fact in segment_facts(session, "wave", coder)
        if documents is None or fact.document_id in documents
    ]
    codes = [(node.id, node.path) for node in codebook_tree(session, counts=False)]
    return CooccurrenceTable(codes, cooccurrence(facts), own_counts(facts), facts)


def overlapping_ids(facts: Iterable[SegmentFact], a: int, b: int) -> list[int]:
    """The segments of code a and of code b that share text with one of the other's
    (a == b: all of the code's segments), in document and text order."""
    chosen = [f for f in facts if f.code_id in (a, b)]
    if a == b:
        return [f.segment_id for f in sorted(chosen, key=place)]
    found: set[int] = set()
    by_document: dict[int, list[SegmentFact]] = defaultdict(list)
    for fact in chosen:
        by_document[fact.document_id].append(fact)
    for segments in by_document.values():
        for one in (s for s in segments if s.code_id == a):
            for other in (s for s in segments if s.code_id == b):
                if max(one.start, other.start) < min(one.end, other.end):
                    found.update((one.segment_id, other.segment_id))
    return [f.segment_id for f in sorted(chosen, key=place) if f.segment_id in found]


def place(fact: SegmentFact) -> tuple[int, int, int]:
    return fact.document_id, fact.start, fact.segment_id


class DocumentChoiceDialog(QDialog):
    """Tick the documents to count in."""

    def __init__(self, parent: QWidget, entries: list[DocumentEntry], ticked: set[int]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Co-occurrence in these documents")
        self.documents = QListWidget()
        for entry in entries:
            item = QListWidgetItem(entry.name)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = entry.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.documents.addItem(item)
        self.every = QPushButton("Tick all")
        self.none = QPushButton("Tick none")
        self.every.clicked.connect(lambda: self.tick_all(Qt.CheckState.Checked))
        self.none.clicked.connect(lambda: self.tick_all(Qt.CheckState.Unchecked))
        self.buttons = ok_cancel(self, "Count in these")
        self.documents.itemChanged.connect(lambda _item: self.allow_ok())
        ticks = QHBoxLayout()
        ticks.addWidget(self.every)
        ticks.addWidget(self.none)
        ticks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Count overlaps only in the ticked documents:"))
        layout.addWidget(self.documents)
        layout.addLayout(ticks)
        layout.addWidget(self.buttons)
        self.allow_ok()
        self.resize(420, 420)

    def items(self) -> list[QListWidgetItem]:
        return [self.documents.item(row) for row in range(self.documents.count())]

    def tick_all(self, state: Qt.CheckState) -> None:
        for item in self.items():
            item.setCheckState(state)

    def chosen_ids(self) -> set[int]:
        return {
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self.items()
            if item.checkState() == Qt.CheckState.Checked
        }

    def allow_ok(self) -> None:
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen_ids()))


class CooccurrenceDock(QDockWidget):
    """Codes × codes counts of overlapping coding; double-click lists a cell's passages."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Co-occurrence", parent)
        self.setObjectName("CooccurrenceDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.chosen: set[int] = set()
        self.entries: list[DocumentEntry] = []
        self.model = CooccurrenceTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.builder = LatestOnly(self, workbench.report_error)
        self.built: CooccurrenceTable | None = None
        self.setWidget(self.build())
        self.builder.busy_changed.connect(self.on_busy)
        workbench.changed.connect(self.on_changed)
        workbench.coder_changed.connect(lambda _name: self.refresh_choices())
        self.refresh_choices()
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.measure_box, self.coder_box, self.scope_box = QComboBox(), QComboBox(), QComboBox()
        for label, measure in MEASURES:
            self.measure_box.addItem(label, measure)
        for box in (self.measure_box, self.coder_box, self.scope_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choose_button = QPushButton("Choose documents…")
        self.choose_button.clicked.connect(self.choose_documents)
        self.diagonal = QCheckBox("Own counts on the diagonal")
        self.diagonal.setChecked(True)
        self.only_overlapping = QCheckBox("Only codes that overlap")
        self.measure_box.currentIndexChanged.connect(lambda _i: self.show_table())
        for check in (self.diagonal, self.only_overlapping):
            check.toggled.connect(lambda _on: self.show_table())
        for box in (self.coder_box, self.scope_box):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(self.drill_down)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(56)
        header.setMaximumSectionSize(130)  # long code names elide; the tooltip has the path
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # -1 descending: reversed
        self.table.setSortingEnabled(True)  # by a column's counts; a third click: codebook order
        header.sortIndicatorChanged.connect(self.on_sort)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        panel = TablePanel(self.options(), self.table, NOTE)
        self.empty, self.stack, self.note = panel.empty, panel.stack, panel.note
        return panel.widget

    def options(self) -> QGridLayout:
        grid = QGridLayout()
        for column, (label, widget) in enumerate(
            (("Count", self.measure_box), ("Coder", self.coder_box))
        ):
            grid.addWidget(QLabel(label), 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        grid.addWidget(self.diagonal, 0, 4)
        grid.addWidget(QLabel("In"), 1, 0)
        grid.addWidget(self.scope_box, 1, 1)
        grid.addWidget(self.choose_button, 1, 2, 1, 2)
        grid.addWidget(self.only_overlapping, 1, 4)
        grid.setColumnStretch(5, 1)
        return grid

    @property
    def measure(self) -> str:
        return str(self.measure_box.currentData())

    @property
    def coder(self) -> str | None:
        text = self.coder_box.currentText()
        return None if text in ("", ALL_CODERS) else text

    @property
    def scope(self) -> str:
        return str(self.scope_box.currentData() or ALL_DOCUMENTS)

    def scope_choices(self) -> list[tuple[str, str]]:
        kinds = {e.kind for e in self.entries}
        waves = sorted({e.wave for e in self.entries if e.wave is not None})
        choices = [("All documents", ALL_DOCUMENTS)]
        if len(kinds) > 1:
            choices += [("Interviews", "kind:interview"), ("Questionnaires", "kind:questionnaire")]
        choices += [(f"Wave {wave}", f"wave:{wave}") for wave in waves]
        if self.chosen:
            count = len(self.chosen)
            choices.append((f"Chosen: {count} document{'s' if count != 1 else ''}", CHOSEN))
        return choices

    def refresh_choices(self, scope: str | None = None) -> None:
        """Offer every coder, and documents by kind, by wave or as ticked."""
        with self.workbench.session() as session:
            self.entries = document_entries(session)
        self.chosen &= {e.id for e in self.entries}
        refill(self.scope_box, self.scope_choices(), scope or self.scope)
        refill_coders(self.coder_box, self.workbench.coder_names(), ALL_CODERS)

    def choose_documents(self) -> None:
        """Ask which documents to count in (open: the dock keeps working meanwhile)."""
        with self.workbench.session() as session:
            self.entries = document_entries(session)
        shown = documents_in(self.entries, self.scope, self.chosen)
        ticked = {e.id for e in self.entries} if shown is None else shown
        dialog = DocumentChoiceDialog(self, self.entries, ticked)
        dialog.accepted.connect(lambda: self.take_documents(dialog.chosen_ids()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def take_documents(self, ids: set[int]) -> None:
        self.chosen = ids
        self.refresh_choices(CHOSEN)
        self.reload()

    def reload(self) -> None:
        """Count overlaps for the coder and documents chosen, off the UI thread."""
        coder, scope, chosen = self.coder, self.scope, set(self.chosen)
        session_of = self.workbench.session

        def compute() -> CooccurrenceTable:
            with session_of() as session:
                return build_table(session, coder, scope, chosen)

        self.builder.run(compute, self.take_table)

    def take_table(self, table: CooccurrenceTable) -> None:
        self.built = table
        self.show_table()

    def show_table(self) -> None:
        """Show the built table with the measure and display choices made."""
        table = self.built
        self.model.set_table(
            table, self.measure, self.diagonal.isChecked(), self.only_overlapping.isChecked()
        )
        if table is None:
            return
        if not table.codes:
            self.empty.setText("No codes in the codebook yet.")
        elif not table.facts:
            self.empty.setText("Nothing coded here yet: overlaps show as you code.")
        elif not self.model.codes:
            self.empty.setText("No two codes overlap here.")
        self.stack.setCurrentWidget(self.table if self.model.codes and table.facts else self.empty)

    def on_sort(self, column: int, _order: Qt.SortOrder) -> None:
        if column < 0:  # sort indicator cleared: codebook order, never its reverse
            self.proxy.sort(-1, Qt.SortOrder.AscendingOrder)

    def on_busy(self, busy: bool) -> None:
        self.note.setText("Counting overlaps…" if busy else NOTE)

    def on_changed(self, change: Change | None) -> None:
        if not touches(change, *SHOWN_TABLES):
            return
        if touches(change, "documents", "coders"):
            self.refresh_choices()
        self.when_shown.run("reload", self.reload)

    def drill_down(self, index: QModelIndex) -> None:
        """List the passages of a cell (both codes' overlapping segments) in the segments dock."""
        codes = self.model.codes_at(self.proxy.mapToSource(index))
        table = self.model.table
        ids = overlapping_ids(table.facts, *codes) if codes and table else []
        if not ids:
            self.workbench.message.emit("No overlapping passages in this cell", False)
            return
        self.workbench.show_segments.emit(ids)
