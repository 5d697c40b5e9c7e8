"""The segments panel: coded segments with citations, filtered and sorted; jump to the text.

The dock owns a ``SegmentIndex``: every listing (filter, sort, scope) is computed from it
on a worker; a change only tells the index which segments and documents it touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.services.history import Change
from qcode.services.listing.index import SegmentIndex
from qcode.services.listing.pages import SegmentListing, page_rows
from qcode.services.lookup import descendant_ids, get_document
from qcode.services.retrieval import SegmentRow
from qcode.store.models import Code
from qcode.ui.background import LatestOnly
from qcode.ui.models.segment_pages import SEGMENT_PAGE as PAGE
from qcode.ui.models.segment_pages import SegmentPagesTableModel
from qcode.ui.refresh import SteadyLabel, WhenShown
from qcode.ui.workbench import Workbench, touches

ALL_CODERS = "All coders"
ListingAsked = tuple[SegmentListing, int | None]  # the listing, and the code it keeps to
Pages = dict[int, dict[int, SegmentRow]]
Found = tuple[SegmentListing, str, tuple[np.ndarray, int, Pages]]
FILTER_PAUSE_MS = 200  # typing in the filter box re-queries after this pause


def rows_of(
    session: Session, ids: Sequence[int], known: dict[int, SegmentRow]
) -> dict[int, SegmentRow]:
    """One page's rows in order: those still known as they are, the others read now."""
    wanted = [int(i) for i in ids]
    read = page_rows(session, [i for i in wanted if i not in known])
    return {i: known[i] if i in known else read[i] for i in wanted if i in known or i in read}


def scoped(
    session: Session, listing: SegmentListing, code: int | None
) -> tuple[SegmentListing, str]:
    """The listing kept to ``code`` and its descendants (all codes if none or gone), and
    how to say it."""
    if listing.pinned is not None:
        return listing, "drill-down"
    if code is None or session.get(Code, code) is None:
        return listing, "all codes"
    return replace(listing, code_ids=tuple(descendant_ids(session, code))), "current code"


class SegmentsDock(QDockWidget):
    """Shows the current code's segments (or all, or a drill-down's); double-click jumps."""

    segment_picked = Signal(int)  # a row clicked or moved to: its segment id
    like_segment_requested = Signal(int)  # find passages like this segment (right-click)

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Coded segments", parent)
        self.setObjectName("SegmentsDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.pinned_ids: list[int] | None = None
        self.order = (0, False)  # column, descending
        self.model = SegmentPagesTableModel(self.fetch_rows, self.sort_by)
        self.segment_index = SegmentIndex()
        self.known_rows: dict[int, SegmentRow] = {}  # rows shown last, still true
        self.changes_seen = 0
        self.shown_listing: tuple[SegmentListing, str, int, tuple] | None = None  # and total, asked
        self.lister = LatestOnly(self, workbench.report_error)
        self.lister.busy_changed.connect(self.on_lister_busy)
        self.relist_owed = False  # changes came while a listing was on its way
        self.filter_timer = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self.filter_timer.timeout.connect(self.show_listing)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        workbench.code_chosen.connect(lambda _code: self.follow_code())
        workbench.show_segments.connect(self.show_ids)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.filter_box = QLineEdit(placeholderText="Filter by any word, code, coder or citation")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(lambda _text: self.filter_timer.start())
        self.coder_box = QComboBox()
        self.coder_box.currentTextChanged.connect(self.on_coder)
        self.code_only = QCheckBox("Current code and sub-codes")
        self.code_only.setChecked(True)
        self.code_only.toggled.connect(lambda _on: self.follow_code())
        self.summary = SteadyLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
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
        self.table.clicked.connect(self.pick)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda point: self.row_menu(self.table.indexAt(point)).popup(
                self.table.viewport().mapToGlobal(point)
            )
        )
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
        self.show_listing()

    def listing(self) -> ListingAsked:
        """What to list now (the current code's scope is read on the worker)."""
        coder = self.coder_box.currentText()
        sort, descending = self.order
        listing = SegmentListing(
            coder=None if coder in ("", ALL_CODERS) else coder,
            words=self.filter_box.text(),
            sort=sort,
            descending=descending,
            pinned=None if self.pinned_ids is None else tuple(self.pinned_ids),
        )
        code = self.workbench.current_code if self.code_only.isChecked() else None
        return listing, code

    def asked(self) -> tuple[object, ...]:
        """What the listing depends on besides the codebook (quick to compare)."""
        code = self.workbench.current_code if self.code_only.isChecked() else None
        pinned = None if self.pinned_ids is None else tuple(self.pinned_ids)
        return code, pinned, self.coder_box.currentText(), self.filter_box.text(), self.order

    def show_listing(self) -> None:
        """Re-query the ids in order, and the rows in view, off the UI thread (latest wins)."""
        wanted, code = self.listing()
        asked = self.asked()
        session_of, index = self.workbench.session, self.segment_index
        shown = self.model.pages_between(*self.rows_in_view())
        known, asked_at = dict(self.known_rows), self.changes_seen

        def compute() -> Found:
            with session_of() as session:
                listing, what = scoped(session, wanted, code)
                ids, total = index.select_with_total(session, listing)
                pages = {
                    page: rows_of(session, ids[page * PAGE : (page + 1) * PAGE], known)
                    for page in shown
                    if page * PAGE < len(ids)
                }
                return listing, what, (ids, total, pages)

        def show(found: Found) -> None:
            listing, what, (ids, total, pages) = found
            if asked_at == self.changes_seen:  # rows read before a later change are not kept
                self.known_rows = {i: r for page in pages.values() for i, r in page.items()}
            self.shown_listing = (listing, what, total, asked)
            self.show_ids_found(ids, total, pages, what)
            if self.relist_owed:  # what changed since it was asked, moved on top of it
                self.relist_owed = False
                if self.segment_index.noted_ids():  # (unless the listing read it already)
                    self.relist()

        self.lister.run(compute, show)

    def rows_in_view(self) -> tuple[int, int]:
        """The first and last rows the table shows now (or would show from the top)."""
        viewport = self.table.viewport()
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(viewport.height() - 1)
        rows_fit = viewport.height() // max(1, self.table.verticalHeader().defaultSectionSize())
        return first, last if last >= 0 else first + rows_fit

    def show_ids_found(
        self, ids: np.ndarray, total: int, pages: dict[int, dict[int, SegmentRow]], what: str
    ) -> None:
        self.model.set_ids(ids, pages)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 190)
        self.summary.setText(f"{len(ids)} of {total} segments ({what})")

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, SegmentRow]:
        with self.workbench.session() as session:
            return page_rows(session, ids)

    def sort_by(self, column: int, descending: bool) -> None:
        if (column, descending) != self.order:
            self.order = (column, descending)
            self.show_listing()

    def refresh_coders(self) -> None:
        current = self.coder_box.currentText() or ALL_CODERS
        self.coder_box.blockSignals(True)
        self.coder_box.clear()
        self.coder_box.addItems([ALL_CODERS, *self.workbench.coder_names()])
        self.coder_box.setCurrentText(current)
        self.coder_box.blockSignals(False)

    def on_coder(self, _text: str) -> None:
        self.show_listing()

    def on_changed(self, change: Change | None) -> None:
        self.segment_index.note_change(change)  # cheap: the next listing re-reads what it touched
        self.forget_rows(change)
        if touches(change, "coders"):
            self.when_shown.run("coders", self.refresh_coders)
        if touches(change, "segments", "codes", "documents", "coders", "participants"):
            self.when_shown.run("listing", self.relist)

    def relist(self) -> None:
        """Move only the rows the changes touched, now, when that is quick (a coding);
        otherwise list again on a worker. While a listing is on its way (a code just
        chosen), the changes are moved on top of it when it comes."""
        if self.lister.busy:
            self.relist_owed = True
            return
        if self.shown_listing is not None:
            listing, what, total, asked = self.shown_listing
            if asked == self.asked() and self.move_touched(listing, what, total):
                return  # (a codebook change relists in full: the index refuses to move rows)
        self.show_listing()

    def on_lister_busy(self, busy: bool) -> None:
        if not busy and self.relist_owed:  # the listing failed: list again, in full
            self.relist_owed = False
            self.show_listing()

    def move_touched(self, listing: SegmentListing, what: str, total: int) -> bool:
        shown = np.asarray(self.model.ids, np.int64)
        touched = np.fromiter(self.segment_index.noted_ids(), np.int64)
        with self.workbench.session() as session:
            found = self.segment_index.relist(session, listing, shown, total)
            if found is None:
                return False
            ids, total = found
            values = page_rows(session, self.held_pages_of(ids, touched))
        if not self.model.move_ids(ids, touched, values):
            return False  # the index still listed it: the next listing reads it again
        self.table.executeDelayedItemsLayout()  # now, so the rows are drawn in one frame
        self.known_rows.update(values)
        self.shown_listing = (listing, what, total, self.asked())
        self.summary.setText(f"{len(ids)} of {total} segments ({what})")
        return True

    def held_pages_of(self, ids: np.ndarray, touched: np.ndarray) -> list[int]:
        """The touched ids that land on pages the table holds (the others are read when
        scrolled to, as any page is)."""
        rows = np.flatnonzero(np.isin(ids, touched))
        held = [row for row in rows.tolist() if row // PAGE in self.model.pages]
        return [int(ids[row]) for row in held]

    def forget_rows(self, change: Change | None) -> None:
        """Drop the rows a change may have made wrong; names changing drops them all."""
        self.changes_seen += 1
        if change is None or touches(change, "codes", "coders", "documents", "participants"):
            self.known_rows = {}
            return
        for segment_id in change.touched("segments"):
            self.known_rows.pop(segment_id, None)

    def follow_code(self) -> None:
        """List the code just chosen (when the list can be seen; the coders stay as they are)."""
        self.pinned_ids = None
        self.when_shown.run("listing", self.show_listing)

    def show_ids(self, segment_ids: list[int]) -> None:
        """List exactly these segments (a matrix cell's drill-down)."""
        self.pinned_ids = list(segment_ids)
        self.reload()
        self.raise_()

    def row_menu(self, index: QModelIndex) -> QMenu:
        """A row's right-click menu: find passages like its segment."""
        menu = QMenu(self)
        action = menu.addAction("Find passages like this segment")
        action.setEnabled(index.isValid())
        if index.isValid():
            segment_id = int(self.model.ids[index.row()])
            action.triggered.connect(lambda: self.like_segment_requested.emit(segment_id))
        return menu

    def pick(self, index: QModelIndex) -> None:
        if index.isValid():
            self.segment_picked.emit(int(self.model.ids[index.row()]))

    def jump(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        with self.workbench.session() as session:
            document_id = get_document(session, row.document).id
        self.workbench.show_text.emit(document_id, row.start, row.end)
