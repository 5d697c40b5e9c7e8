"""Find passages like this: from the transcript's selection or the current code, suggestions
listed with their scores, ticked ones coded with the current code as one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.history import Change
from qcode.services.lookup import get_code
from qcode.ui.background import LatestOnly
from qcode.ui.similar.index_job import IndexJob
from qcode.ui.workbench import Workbench, touches

Selection = Callable[[], "tuple[int, int, int] | None"]  # document id, start, end
HEADERS = ("Document", "Score", "Meaning", "Words", "Passage")
HINT = (
    "Select words in a transcript, or choose a code, then ask for passages like it. "
    "Nothing is coded until you tick suggestions and code them."
)


class LikeThisPanel(QWidget):
    """Suggestions like a selection or a code; never codes on its own."""

    suggestions_shown = Signal()  # after each query: listed or failed
    indexed = Signal()  # after indexing: finished, cancelled or failed

    def __init__(self, workbench: Workbench, selection: Selection) -> None:
        super().__init__()
        self.workbench, self.selection = workbench, selection
        self.suggestions: list = []
        self.query_code: int | None = None
        self.worker = LatestOnly(self, self.on_failed)
        self.warmer = LatestOnly(self, lambda _line: None)  # (a question says its own errors)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: IndexJob | None = None
        self.after_index: Callable[[], None] | None = None  # a question waiting for the index
        self.progress: QProgressDialog | None = None
        self.build()
        workbench.changed.connect(self.on_changed)
        workbench.code_chosen.connect(lambda _code: self.update_buttons())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel_index)
        self.update_buttons()

    def build(self) -> None:
        self.selection_button = QPushButton("Like the selection")
        self.selection_button.clicked.connect(self.like_selection)
        self.code_button = QPushButton("Like the current code")
        self.code_button.clicked.connect(self.like_code)
        self.index_button = QPushButton("Index texts…")
        self.index_button.setToolTip("Embed the passages of new or changed texts (offline)")
        self.index_button.clicked.connect(self.start_index)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self.jump)
        self.summary = QLabel(HINT, wordWrap=True)
        self.accept_button = QPushButton("Code ticked with the current code")
        self.accept_button.clicked.connect(self.accept_ticked)
        top = QHBoxLayout()
        for button in (self.selection_button, self.code_button, self.index_button):
            top.addWidget(button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Read the passages in the background as the tab comes into view, so that the
        first question does not wait for them (seconds on hundreds of transcripts)."""
        super().showEvent(event)
        if not self.warmer.busy:
            self.warmer.run(self.warm_up, lambda _nothing: None)

    def warm_up(self) -> None:
        """On a worker: nothing when no passage is indexed (no query on the UI thread)."""
        from qcode.services.similar.index import has_passages
        from qcode.services.similar.matrix import passage_matrix  # (kept per process)

        with self.workbench.session() as session:
            if has_passages(session):
                passage_matrix(session)

    # -- asking ------------------------------------------------------------------------------

    def like_this_now(self) -> None:
        """Ask for passages like the selection, else like the current code, else say how;
        with no passage indexed yet, index the texts first and ask when that is done."""
        chosen = self.selection()
        if chosen is None or chosen[1] >= chosen[2]:
            if self.workbench.current_code is None:
                self.workbench.report_error("select some words or choose a code first")
                return
            ask = self.like_code
        else:
            ask = self.like_selection
        self.ask_when_indexed(ask)

    def has_passages(self) -> bool:
        from qcode.services.similar.index import has_passages  # numpy waits until asked

        with self.workbench.session() as session:
            return has_passages(session)

    def like_selection(self) -> None:
        chosen = self.selection()
        if chosen is None or chosen[1] >= chosen[2]:
            self.workbench.report_error("select some words in a transcript first")
            return
        doc_id, start, end = chosen
        with self.workbench.session() as session:
            from qcode.store.models import Document

            doc = session.get(Document, doc_id)
            words = doc.text[start:end] if doc is not None else ""
        self.ask(text=words, code=self.workbench.current_code)

    def like_code(self) -> None:
        if self.workbench.current_code is None:
            self.workbench.report_error("choose a code in the codebook first")
            return
        self.ask(text=None, code=self.workbench.current_code)

    def like_segment(self, segment_id: int) -> None:
        """Ask for passages like one segment's words, leaving out its code's passages (the
        suggestions are offered for that code); index first if nothing is indexed."""
        from qcode.store.models import Segment

        with self.workbench.session() as session:
            segment = session.get(Segment, segment_id)
            code_id = segment.code_id if segment is not None else None
        if code_id is None:
            self.workbench.report_error(f"no segment {segment_id}")
            return
        self.workbench.choose_code(code_id)  # ticked suggestions are coded with its code
        self.ask_when_indexed(partial(self.ask, text=None, code=code_id, segment=segment_id))

    def ask_when_indexed(self, ask: Callable[[], None]) -> None:
        """Ask now; with no passage indexed yet, index the texts first and ask when done."""
        if self.has_passages():
            ask()
            return
        self.after_index = ask
        self.start_index()

    def ask(self, text: str | None, code: int | None, segment: int | None = None) -> None:
        from qcode.services.similar.query import similar

        def compute() -> list:
            with self.workbench.session() as session:
                return similar(session, text=text, code=code, segment=segment)

        self.query_code = code
        self.summary.setText("Looking for passages like it…")
        self.worker.run(compute, self.show_suggestions)

    def show_suggestions(self, found: list) -> None:
        self.suggestions = found
        self.table.setRowCount(len(found))
        for row, item in enumerate(found):
            first = QTableWidgetItem(item.document)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Unchecked)
            cells = (first, QTableWidgetItem(f"{item.score:.4f}"),
                     QTableWidgetItem(f"{item.semantic:.3f}"),
                     QTableWidgetItem(f"{item.lexical:.2f}"),
                     QTableWidgetItem(" ".join(item.words.split())))  # fmt: skip
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.summary.setText(
            f"{len(found)} suggestions, none coded: tick the ones that fit"
            if found
            else "No passages like it outside what the code already holds."
        )
        self.update_buttons()
        self.suggestions_shown.emit()

    def on_failed(self, reason: str) -> None:
        self.workbench.report_error(reason)
        self.summary.setText(reason)
        self.suggestions_shown.emit()

    # -- acting on suggestions -------------------------------------------------------------------

    def ticked(self) -> list:
        return [
            self.suggestions[row]
            for row in range(self.table.rowCount())
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]

    def jump(self, row: int, _column: int) -> None:
        item = self.suggestions[row]
        self.workbench.show_text.emit(item.document_id, item.start, item.end)

    def accept_ticked(self) -> Change | None:
        """Code the ticked suggestions with the current code, as the current coder: one step."""
        from qcode.services.similar.accept import accept_suggestions

        code_id, chosen = self.workbench.current_code, self.ticked()
        if code_id is None:
            self.workbench.report_error("choose a code in the codebook first")
            return None
        if not chosen:
            self.workbench.report_error("tick the suggestions to code first")
            return None
        coder = self.workbench.require_coder()
        if coder is None:
            return None
        project = self.workbench.project
        return self.workbench.run(lambda: accept_suggestions(project, code_id, chosen, coder))

    def update_buttons(self) -> None:
        code_id, name = self.workbench.current_code, ""
        if code_id is not None:
            with self.workbench.session() as session:
                try:
                    name = get_code(session, code_id).name
                except QcodeError:
                    code_id = None
        self.code_button.setEnabled(code_id is not None)
        self.accept_button.setEnabled(code_id is not None and bool(self.suggestions))
        self.accept_button.setText(f"Code ticked with “{name}”" if name else HEADERS_ACCEPT)

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "documents", "segments") and self.suggestions:
            self.suggestions = []
            self.table.setRowCount(0)
            self.summary.setText("The coding or the texts changed: ask again.")
        if touches(change, "codes"):
            self.update_buttons()

    # -- indexing ----------------------------------------------------------------------------

    def start_index(self) -> None:
        self.cancel_index()
        job = self.job = IndexJob(self.workbench.project)
        job.signals.progress.connect(self.on_index_progress)
        job.signals.finished.connect(self.on_indexed)
        job.signals.failed.connect(self.on_index_failed)
        self.index_button.setEnabled(False)
        self.progress = QProgressDialog("Indexing passages…", "Cancel", 0, 0, self)
        self.progress.setWindowTitle("Find passages like this")
        self.progress.setMinimumDuration(500)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(job.cancel)
        self.pool.start(job)

    def cancel_index(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def on_index_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Indexing passages: {done} of {total} documents")

    def on_indexed(self, made: int, stopped: bool) -> None:
        self.end_index()
        self.summary.setText(
            f"{made} passages indexed" + (" (cancelled: the rest next time)" if stopped else "")
        )
        waiting, self.after_index = self.after_index, None
        self.indexed.emit()
        if waiting is not None and made:
            waiting()

    def on_index_failed(self, reason: str) -> None:
        self.after_index = None
        self.end_index()
        self.workbench.report_error(reason)
        self.indexed.emit()

    def end_index(self) -> None:
        self.job = None
        self.index_button.setEnabled(True)
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None


HEADERS_ACCEPT = "Code ticked with the current code"
