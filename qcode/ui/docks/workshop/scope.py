"""What the workshop compares: the coders ticked, and the code and document filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.services.coders import CONSENSUS
from qcode.ui.background import LatestOnly
from qcode.ui.docks.workshop.form import combo
from qcode.ui.docks.workshop.listing import Scope
from qcode.ui.workbench import Workbench

Choices = tuple[list[tuple[str, object]], list[str]]  # (code path, id) in tree order; documents


class ScopeBar(QWidget):
    """A checkable list of coders (all but the consensus layer) and two filter boxes.

    ``changed`` says the researcher (or a refill) changed what is compared."""

    changed = Signal()

    def __init__(self, workbench: Workbench) -> None:
        super().__init__()
        self.workbench = workbench
        self.chooser = LatestOnly(self, workbench.report_error)
        self.coders = QListWidget()
        self.coders.setObjectName("workshop_coders")
        self.coders.setFlow(QListView.Flow.LeftToRight)  # one row, scrolled if it must
        self.coders.setSpacing(1)
        self.coders.setFixedHeight(self.coders.fontMetrics().height() + 14)
        self.coders.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.coders.itemChanged.connect(lambda _item: self.changed.emit())
        self.code_filter, self.document_filter = combo(10), combo(8)
        for box in (self.code_filter, self.document_filter):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout, coders, filters = QVBoxLayout(), QHBoxLayout(), QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        coders.addWidget(QLabel("Coders:"))
        coders.addWidget(self.coders, 1)
        for label, box in (("Code filter:", self.code_filter), ("Document:", self.document_filter)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box, 1)
        layout.addLayout(coders)
        layout.addLayout(filters)
        self.setLayout(layout)

    def refresh(self) -> None:
        """Fill the coder list and the filters (codes and documents read off the UI thread),
        keeping what was chosen; ``changed`` follows."""
        coders = [n for n in self.workbench.coder_names() if n != CONSENSUS]
        session_of = self.workbench.session

        def compute() -> Choices:
            from qcode.services.codebook.edit import codebook_tree
            from qcode.services.documents.listing import list_documents

            with session_of() as session:
                tree = codebook_tree(session, counts=False)
                codes = [(" / ".join(node.path), node.id) for node in tree]
                documents = [row.name for row in list_documents(session)]
            return codes, documents

        self.chooser.run(compute, lambda found: self.show_choices(coders, *found))

    def show_choices(
        self, coders: list[str], codes: list[tuple[str, object]], documents: list[str]
    ) -> None:
        self.fill_coders(coders)
        fill(self.code_filter, [("All codes", None), *codes])
        fill(self.document_filter, [("All documents", None), *((d, d) for d in documents)])
        self.changed.emit()

    def fill_coders(self, coders: list[str]) -> None:
        """Every coder but the consensus layer, ticks kept (the first two, the first time)."""
        first = self.coders.count() == 0
        ticked = set(self.ticked())
        self.coders.blockSignals(True)
        self.coders.clear()
        for number, name in enumerate(coders):
            item = QListWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            on = number < 2 if first else name in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        self.coders.blockSignals(False)

    def ticked(self) -> tuple[str, ...]:
        """The coders ticked, in the list's order."""
        items = (self.coders.item(row) for row in range(self.coders.count()))
        return tuple(item.text() for item in items if item.checkState() == Qt.CheckState.Checked)

    def scope(self) -> Scope:
        return self.ticked(), self.code_filter.currentData(), self.document_filter.currentData()


def fill(box: QComboBox, entries: list[tuple[str, object]]) -> None:
    """Refill a filter box, keeping its choice if it is still there (else the first entry)."""
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    for label, value in entries:
        box.addItem(label, value)
    found = box.findData(chosen) if chosen is not None else -1
    box.setCurrentIndex(max(found, 0))
    box.blockSignals(False)
