"""The documents panel: transcripts grouped by participant and wave; open one to read it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView, QWidget

from qcode.services.documents.view import document_entries
from qcode.services.history import Change
from qcode.ui.models.documents import DocumentsTreeModel
from qcode.ui.refresh import fit_number_columns
from qcode.ui.workbench import Workbench, touches


class DocumentsDock(QDockWidget):
    """Lists documents; a click (or Enter) opens one in the transcript view."""

    document_opened = Signal(int)
    participant_chosen = Signal(str)  # a participant's row clicked: their label

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Documents", parent)
        self.setObjectName("DocumentsDock")
        self.workbench = workbench
        self.model = DocumentsTreeModel()
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fit_number_columns(self.tree, (1, 2))
        self.tree.activated.connect(self.open_index)
        self.tree.clicked.connect(self.open_index)
        self.setWidget(self.tree)
        workbench.changed.connect(self.on_changed)
        workbench.show_text.connect(lambda doc_id, *_: self.select_document(doc_id))
        self.reload()

    def reload(self) -> None:
        with self.workbench.session() as session:
            self.model.set_entries(document_entries(session))
        fit_number_columns(self.tree, (1, 2))
        self.tree.expandAll()

    def on_changed(self, change: Change | None) -> None:
        if touches(
            change, "documents", "document_attributes", "participants", "participant_attributes"
        ):
            self.reload()
        elif change is not None and touches(change, "segments"):
            self.model.add_to_segment_counts(change.net_counts("segments", "document_id"))

    def open_index(self, index: QModelIndex) -> None:
        entry = self.model.entry(index)
        if entry is not None:
            self.document_opened.emit(entry.id)
        participant = self.model.participant_at(index)
        if participant is not None:
            self.participant_chosen.emit(participant)

    def select_document(self, document_id: int) -> None:
        index = self.model.index_of(document_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def first_document(self) -> int | None:
        """The first interview listed (or any first document), to open on start."""
        for group in self.model.groups:
            for entry in group.documents:
                return entry.id
        return None
