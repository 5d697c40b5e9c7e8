"""The search panel: exact, regex or fuzzy search, widened hits, and coding all hits at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSlider,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.history import Change
from qcode.services.lookup import code_path, get_code
from qcode.services.search import HitTable, SearchHit, autocode, hit_rows
from qcode.ui.docks.search_job import SearchJob
from qcode.ui.models.search import SearchTableModel
from qcode.ui.refresh import WhenShown
from qcode.ui.similar.panel import LikeThisPanel
from qcode.ui.workbench import Workbench, touches

MODES = (("Exact words", "exact"), ("Regular expression", "regex"), ("Fuzzy (similar)", "fuzzy"))
UNITS = (
    ("Hit only", "none"),
    ("Sentence", "sentence"),
    ("Paragraph", "paragraph"),
    ("Speaker turn", "turn"),
)
HINT = "Type words to find in every document, then press Enter."


class SearchDock(QDockWidget):
    """Searches the project off the GUI thread; double-click a hit to read it in place."""

    search_done = Signal()  # after every search: hits shown, cancelled or failed

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Search", parent)
        self.setObjectName("SearchDock")
        self.workbench = workbench
        self.model = SearchTableModel(self.fetch_hits)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: SearchJob | None = None
        self.progress: QProgressDialog | None = None
        self.last_query = ""
        self.like_this = LikeThisPanel(workbench, self.transcript_selection)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.build(), "Words")
        self.tabs.addTab(self.like_this, "Like this")
        self.setWidget(self.tabs)
        workbench.changed.connect(self.on_changed)
        self.when_shown = WhenShown(self)
        workbench.code_chosen.connect(
            lambda _code: self.when_shown.run("code button", self.update_code_button)
        )
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)  # so quitting does not wait for a long search
        self.on_mode()
        self.show_state(HINT)

    def build(self) -> QWidget:
        self.query_box = QLineEdit(placeholderText="Search the documents…")
        self.query_box.setClearButtonEnabled(True)
        self.query_box.returnPressed.connect(self.search)
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.search)
        self.mode_box = QComboBox()
        for label, mode in MODES:
            self.mode_box.addItem(label, mode)
        self.mode_box.currentIndexChanged.connect(lambda _i: self.on_mode())
        self.unit_box = QComboBox()
        for label, unit in UNITS:
            self.unit_box.addItem(label, unit)
        self.unit_box.setToolTip("Show each hit as it is, or widened to its sentence, …")
        self.threshold = QSlider(Qt.Orientation.Horizontal, minimum=50, maximum=100, value=80)
        self.threshold.setToolTip("How alike the words must be, in percent")
        self.threshold.valueChanged.connect(lambda _v: self.on_mode())
        self.threshold_label = QLabel()
        self.table = self.build_table()
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.summary = QLabel()
        self.code_button = QPushButton("Code all hits with the current code")
        self.code_button.clicked.connect(self.code_all_hits)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row_of(self.query_box, self.search_button, stretch=0))
        self.threshold.setFixedWidth(120)
        options = row_of(QLabel("Match"), self.mode_box, QLabel("Widen to"), self.unit_box)
        options.addSpacing(8)
        options.addWidget(self.threshold_label)
        options.addWidget(self.threshold)
        options.addStretch(1)
        layout.addLayout(options)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row_of(self.summary, self.code_button, stretch=0))
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)  # sorts the hits' arrays: rows are made only when shown
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        for column in (0, 1):  # sized to fit from the hits, never by asking every row
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self.jump)
        table.setToolTip("Double-click a hit to read it in its document")
        return table

    # -- searching -----------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return str(self.mode_box.currentData())

    @property
    def unit(self) -> str:
        return str(self.unit_box.currentData())

    def on_mode(self) -> None:
        fuzzy = self.mode == "fuzzy"
        self.threshold.setVisible(fuzzy)
        self.threshold_label.setVisible(fuzzy)
        self.threshold_label.setText(f"Similarity ≥ {self.threshold.value()}%")

    def search(self) -> None:
        """Start searching for the query box's text (a running search is cancelled first)."""
        query = self.query_box.text()
        if not query.strip():
            self.workbench.report_error("type something to search for")
            return
        self.cancel()
        job = SearchJob(
            self.workbench.project.path, query, self.mode, self.unit, self.threshold.value()
        )
        job.signals.progress.connect(self.on_progress)
        job.signals.finished.connect(self.on_finished)
        job.signals.failed.connect(self.on_failed)
        self.job, self.last_query = job, query
        self.search_button.setEnabled(False)
        self.progress = QProgressDialog("Searching the documents…", "Cancel", 0, 0, self)
        self.progress.setWindowTitle("Search")
        self.progress.setMinimumDuration(500)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(job.cancel)
        self.pool.start(job)

    def cancel(self) -> None:
        """Stop the running search, if any; its partial hits are shown."""
        if self.job is not None:
            self.job.cancel()

    def on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def on_finished(self, job: SearchJob, hits: HitTable, stopped: bool) -> None:
        if job is not self.job:
            return
        self.end_search()
        self.model.set_hits(hits)
        self.fit_columns()
        documents = hits.document_count()
        found = f"{len(hits)} hit{'s' * (len(hits) != 1)} in {documents} document"
        found += "s" * (documents != 1)
        self.summary.setText(found + (" (search cancelled)" if stopped else ""))
        self.show_state(None if len(hits) else f"No hits for “{job.query}”.")
        self.search_done.emit()

    def on_failed(self, job: SearchJob, reason: str) -> None:
        if job is not self.job:
            return
        self.end_search()
        self.workbench.report_error(reason)
        self.search_done.emit()

    def end_search(self) -> None:
        self.job = None
        self.search_button.setEnabled(True)
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def show_state(self, empty_text: str | None) -> None:
        """Show the hits, or a line saying why there are none."""
        if empty_text is not None:
            self.empty.setText(empty_text)
            if not len(self.model.hits):
                self.summary.setText("")
        self.stack.setCurrentWidget(self.empty if empty_text is not None else self.table)
        self.update_code_button()

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "documents") and len(self.model.hits):
            self.model.clear()
            self.show_state("The documents changed: search again.")
        elif touches(change, "codes"):
            self.update_code_button()

    def fit_columns(self) -> None:
        """Fit the document and lines columns to the hits (as sizing to contents would,
        without making every row to measure it)."""
        hits = self.model.hits
        names = [hits.names[doc] for doc in np.unique(hits.document).tolist()]
        last = int(hits.last_line.max()) if len(hits) else 1
        spread = bool((hits.first_line != hits.last_line).any())
        self.fit_column(0, names)
        self.fit_column(1, [f"lines {last}–{last}" if spread else f"line {last}"])

    def fit_column(self, column: int, texts: list[str]) -> None:
        metrics, header = self.table.fontMetrics(), self.table.horizontalHeader()
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0) + 16
        self.table.setColumnWidth(column, max(widest, header.sectionSizeHint(column)))

    def fetch_hits(self, hits: HitTable, numbers: Sequence[int]) -> dict[int, SearchHit]:
        with self.workbench.session() as session:
            return hit_rows(session, hits, numbers)

    def transcript_selection(self) -> tuple[int, int, int] | None:
        """The open transcript's document and selected span, if the window has one."""
        transcript = getattr(self.window(), "transcript", None)
        document_id = transcript.document_id() if transcript is not None else None
        if document_id is None:
            return None
        return (document_id, *transcript.view.selected_span())

    # -- acting on hits ------------------------------------------------------------------------

    def jump(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index.row())
        self.workbench.show_text.emit(hit.document_id, hit.start, hit.end)

    def update_code_button(self) -> None:
        code_id = self.workbench.current_code
        name = ""
        if code_id is not None:
            with self.workbench.session() as session:
                try:
                    name = " / ".join(code_path(session, get_code(session, code_id)))
                except QcodeError:
                    code_id = None
        hits = len(self.model.hits)
        self.code_button.setEnabled(bool(hits) and code_id is not None)
        self.code_button.setText(
            f"Code {'the hit' if hits == 1 else f'all {hits} hits'} as “{name.split(' / ')[-1]}”"
            if hits and name
            else "Code all hits with the current code"
        )
        self.code_button.setToolTip(
            f"Code every hit listed with “{name}”, as one step you can undo"
            if name
            else "Choose a code in the codebook first"
        )

    def code_all_hits(self) -> Change | None:
        """Code every listed hit with the current code, as the current coder: one undo step."""
        code_id, hits, query = self.workbench.current_code, self.model.hits, self.last_query
        if code_id is None:
            self.workbench.report_error("choose a code in the codebook first")
            return None
        coder = self.workbench.require_coder()
        if coder is None:
            return None
        project = self.workbench.project
        return self.workbench.run(lambda: autocode(project, hits, code_id, coder, query))


def row_of(*widgets: QWidget, stretch: int | None = None) -> QHBoxLayout:
    """Widgets side by side; the one at index ``stretch`` (if any) takes the spare width."""
    row = QHBoxLayout()
    for position, widget in enumerate(widgets):
        row.addWidget(widget, 1 if position == stretch else 0)
    return row
