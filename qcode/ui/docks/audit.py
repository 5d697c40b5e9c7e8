"""The audit log viewer: who changed what, when, before and after, and why; CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.auditlog import (
    AuditListing,
    AuditWindow,
    LogLine,
    audit_lines,
    audit_window,
    count_events,
    export_audit_csv,
)
from qcode.services.history import Change
from qcode.ui.background import LatestOnly
from qcode.ui.models.audit import HEADERS, AuditPagesModel
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench

WIDTHS = (140, 70, 110, 135, 170, 170)
NEWEST_FIRST = (0, True)  # column, descending
FILTER_HELP = (
    "Each word finds the events with a word starting so (trust: Trust, trusted), in any"
    " order; with marks (name: Time) the text must stand as typed; a date or time"
    " (2025-03-14 10) finds the events of that time."
)
FILTER_PAUSE_MS = 200  # typing in the filter box re-reads the log after this pause


class AuditLogDock(QDockWidget):
    """Every audit event, newest first (or sorted by a column), read a window at a time.

    The first window and each next one (as the table scrolls down) are read off the UI
    thread, in SQL's order and filter; a change reads the first window again.
    """

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Audit log", parent)
        self.setObjectName("AuditLogDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.order = NEWEST_FIRST
        self.shown_listing = AuditListing()
        self.next_key: tuple[object, ...] | None = None
        self.total = 0
        self.matching: int | None = None
        self.model = AuditPagesModel(self.fetch_lines, self.sort_by, self.read_more)
        self.lister = LatestOnly(self, workbench.report_error)
        self.counter = LatestOnly(self, workbench.report_error)
        self.filter_timer = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self.filter_timer.timeout.connect(self.reload)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.filter_box = QLineEdit(placeholderText="Filter by who, action, code, words…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setToolTip(FILTER_HELP)
        self.filter_box.textChanged.connect(lambda _text: self.filter_timer.start())
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save the whole audit trail as a CSV file")
        self.export_button.clicked.connect(self.ask_export)
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.set_widths()
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def set_widths(self) -> None:
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)

    @property
    def busy(self) -> bool:
        """Whether a read of the log is waiting or running (for tests and the status)."""
        return self.filter_timer.isActive() or self.lister.busy or self.counter.busy

    # -- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the first window again, off the UI thread (the latest request wins)."""
        self.filter_timer.stop()
        listing = AuditListing(self.filter_box.text(), *self.order)
        session_of = self.workbench.session

        def compute() -> tuple[AuditWindow, int]:
            with session_of() as session:
                return audit_window(session, listing), count_events(session)

        self.model.fetching = True  # no next window of the old list meanwhile
        self.lister.run(compute, lambda found: self.show_first(listing, *found))

    def show_first(self, listing: AuditListing, window: AuditWindow, total: int) -> None:
        self.shown_listing, self.next_key, self.total = listing, window.next_key, total
        self.model.set_window(window.ids, window.lines, window.next_key is not None)
        self.set_widths()
        if not listing.words:
            self.matching = total
        elif window.next_key is None:
            self.matching = len(window.ids)
        else:
            self.matching = None
            self.count_matches(listing.words)
        self.show_count()

    def read_more(self) -> None:
        """The next window of the list shown (the table scrolled to its end)."""
        listing, after, session_of = self.shown_listing, self.next_key, self.workbench.session

        def compute() -> AuditWindow:
            with session_of() as session:
                return audit_window(session, listing, after)

        self.lister.run(compute, self.show_more)

    def show_more(self, window: AuditWindow) -> None:
        self.next_key = window.next_key
        self.model.add_window(window.ids, window.lines, window.next_key is not None)

    def count_matches(self, words: str) -> None:
        session_of = self.workbench.session

        def compute() -> int:
            with session_of() as session:
                return count_events(session, words)

        def show(count: int) -> None:
            if words == self.shown_listing.words:
                self.matching = count
                self.show_count()

        self.counter.run(compute, show)

    def fetch_lines(self, ids: Sequence[int]) -> dict[int, LogLine]:
        with self.workbench.session() as session:
            return audit_lines(session, ids)

    def sort_by(self, column: int, descending: bool) -> None:
        if (column, descending) != self.order:
            self.order = (column, descending)
            self.reload()

    def show_count(self) -> None:
        total, matching = self.total, self.matching
        if total == 0:
            self.summary.setText("No changes recorded yet.")
        elif matching is None:
            self.summary.setText(f"Counting the events that match, of {total}…")
        elif matching == total:
            self.summary.setText(f"{total} event{'s' * (total != 1)}, {self.order_text()}")
        else:
            self.summary.setText(f"{matching} of {total} events match the filter")

    def order_text(self) -> str:
        column, descending = self.order
        if column == 0:
            return "newest first" if descending else "oldest first"
        return f"by {HEADERS[column].lower()}" + (", descending" if descending else "")

    def on_changed(self, _change: Change | None) -> None:
        """Every change writes an audit event: re-read now, or when next shown."""
        self.when_shown.run("reload", self.reload)

    # -- export --------------------------------------------------------------------------------

    def ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the audit log", "audit-log.csv", "CSV files (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> int | None:
        """Write the whole audit trail to ``path``; says how many events in the status bar."""
        try:
            with self.workbench.session() as session:
                count = export_audit_csv(session, path)
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        self.workbench.message.emit(f"Exported {count} audit events to {path}", False)
        return count
