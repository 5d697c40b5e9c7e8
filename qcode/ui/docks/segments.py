"""The segments panel: coded segments with citations, filtered and sorted; jump to the text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.history import Change
from qcode.services.lookup import get_document
from qcode.services.retrieval import SegmentFilter, retrieve_segments, rows_for
from qcode.store.models import Segment
from qcode.ui.models.segments import SegmentsFilterModel, SegmentsTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

ALL_CODERS = "All coders"


class SegmentsDock(QDockWidget):
    """Shows the current code's segments (or all, or a drill-down's); double-click jumps."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Coded segments", parent)
        self.setObjectName("SegmentsDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.pinned_ids: list[int] | None = None
        self.model = SegmentsTableModel()
        self.proxy = SegmentsFilterModel()
        self.proxy.setSourceModel(self.model)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        workbench.code_chosen.connect(lambda _code: self.follow_code())
        workbench.show_segments.connect(self.show_ids)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.filter_box = QLineEdit(placeholderText="Filter by any word, code, coder or citation")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.coder_box = QComboBox()
        self.coder_box.currentTextChanged.connect(self.on_coder)
        self.code_only = QCheckBox("Current code and sub-codes")
        self.code_only.setChecked(True)
        self.code_only.toggled.connect(lambda _on: self.follow_code())
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QTableView.DragDropMode.DragOnly)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self.jump)
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.coder_box)
        top.addWidget(self.code_only)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def reload(self) -> None:
        self.refresh_coders()
        code = self.workbench.current_code if self.code_only.isChecked() else None
        with self.workbench.session() as session:
            if self.pinned_ids is not None:
                segments = [session.get(Segment, sid) for sid in self.pinned_ids]
                rows = rows_for(session, [s for s in segments if s is not None])
                what = "drill-down"
            else:
                try:
                    rows = (
                        retrieve_segments(session, SegmentFilter(code=code, with_descendants=True))
                        if code is not None
                        else retrieve_segments(session)
                    )
                except QcodeError:
                    rows = retrieve_segments(session)
                what = "current code" if code is not None else "all codes"
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 190)
        self.summary.setText(f"{self.proxy.rowCount()} of {len(rows)} segments ({what})")

    def refresh_coders(self) -> None:
        current = self.coder_box.currentText() or ALL_CODERS
        self.coder_box.blockSignals(True)
        self.coder_box.clear()
        self.coder_box.addItems([ALL_CODERS, *self.workbench.coder_names()])
        self.coder_box.setCurrentText(current)
        self.coder_box.blockSignals(False)

    def on_coder(self, text: str) -> None:
        self.proxy.set_coder(None if text == ALL_CODERS else text)
        self.summary.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} segments")

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "segments", "codes", "documents", "coders"):
            self.when_shown.run("reload", self.reload)

    def follow_code(self) -> None:
        self.pinned_ids = None
        self.reload()

    def show_ids(self, segment_ids: list[int]) -> None:
        """List exactly these segments (a matrix cell's drill-down)."""
        self.pinned_ids = list(segment_ids)
        self.reload()
        self.raise_()

    def jump(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        with self.workbench.session() as session:
            document_id = get_document(session, row.document).id
        self.workbench.show_text.emit(document_id, row.start, row.end)
