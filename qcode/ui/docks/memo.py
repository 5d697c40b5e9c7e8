"""The memo editor: memos on the current code, document or segment; add, save and delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services import memos
from qcode.services.history import Change
from qcode.services.lookup import code_path, get_code, get_document
from qcode.services.retrieval import rows_for
from qcode.store.models import Case, Participant, Segment
from qcode.ui.models.memos import MemoRow, MemosTableModel, memo_rows
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

NO_TARGET = (
    "Choose a code, open a document, click a participant, a case or a segment to see its memos."
)
TARGET_TABLES = {
    "code": "codes",
    "document": "documents",
    "segment": "segments",
    "participant": "participants",
    "case": "cases",
}


def describe_target(session: Session, target: memos.MemoTarget) -> str:
    """What a memo target is called in the heading: a code path, a document, a citation."""
    if target.kind == "code":
        return "code “" + " / ".join(code_path(session, get_code(session, target.id))) + "”"
    if target.kind == "document":
        return "document " + get_document(session, target.id).name
    if target.kind in ("participant", "case"):
        row = session.get(Participant if target.kind == "participant" else Case, target.id)
        if row is None:
            raise QcodeError(f"no {target.kind} {target.id}")
        return f"{target.kind} {row.label if isinstance(row, Participant) else row.name}"
    segment = session.get(Segment, target.id)
    if segment is None:
        raise QcodeError(f"no segment {target.id}")
    row = rows_for(session, [segment])[0]
    return f"segment {row.citation} ({row.code[-1]})"


class MemoDock(QDockWidget):
    """Memos on what the user is working with; the editor below saves through the services."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Memos", parent)
        self.setObjectName("MemoDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.target: memos.MemoTarget | None = None
        self.editing: int | None = None
        self.loaded: MemoRow | None = None
        self.kept_draft = False
        self.model = MemosTableModel()
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        workbench.code_chosen.connect(self.show_code_memos)
        workbench.show_text.connect(lambda doc_id, *_: self.show_document_memos(doc_id))
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.heading = QLabel("Memos", wordWrap=True)
        self.heading.setStyleSheet("font-weight: bold")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self.on_current)
        self.empty = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.build_editor())
        splitter.setSizes([200, 260])
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def build_editor(self) -> QWidget:
        self.title_box = QLineEdit(placeholderText="Title (optional)")
        self.text_box = QPlainTextEdit(placeholderText="Write the memo here…")
        self.author = QLabel()
        self.author.setStyleSheet("color: palette(placeholder-text)")
        self.new_button = QPushButton("New memo")
        self.new_button.setToolTip("Clear the editor to write another memo")
        self.new_button.clicked.connect(self.new_memo)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Add the memo, or save the changes to the one selected")
        self.save_button.clicked.connect(self.save_memo)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_memo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.author, 1)
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_box)
        layout.addWidget(self.text_box, 1)
        layout.addLayout(buttons)
        editor = QWidget()
        editor.setLayout(layout)
        return editor

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Side by side in a wide, low dock (the bottom area); one above the other otherwise."""
        super().resizeEvent(event)
        wide = self.width() > 1.6 * self.height()
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)

    # -- what the memos are about ------------------------------------------------------------

    def show_code_memos(self, code_id: int) -> None:
        self.follow(memos.MemoTarget("code", code_id))

    def show_document_memos(self, document_id: int) -> None:
        self.follow(memos.MemoTarget("document", document_id))

    def show_segment_memos(self, segment_id: int) -> None:
        """List the memos on one coded segment (the main window calls this on selection)."""
        self.follow(memos.MemoTarget("segment", segment_id))

    def show_participant_memos(self, label: str) -> None:
        with self.workbench.session() as session:
            found = session.scalar(select(Participant.id).where(Participant.label == label))
        if found is not None:
            self.follow(memos.MemoTarget("participant", found))

    def show_case_memos(self, name: str) -> None:
        with self.workbench.session() as session:
            found = session.scalar(select(Case.id).where(Case.name == name))
        if found is not None:
            self.follow(memos.MemoTarget("case", found))

    def follow(self, target: memos.MemoTarget) -> None:
        """Turn to another target, unless the editor holds a memo not saved yet."""
        if target == self.target:
            return
        if self.is_dirty():
            if not self.kept_draft:
                self.workbench.message.emit(
                    "The memo editor keeps its unsaved memo: save it or press New memo", False
                )
            self.kept_draft = True
            return
        self.set_target(target)

    def set_target(self, target: memos.MemoTarget | None) -> None:
        """Show the memos on ``target``, dropping whatever the editor holds."""
        self.target = target
        self.editing = None
        self.loaded = None
        self.kept_draft = False
        self.title_box.clear()
        self.text_box.clear()
        self.when_shown.run("reload", self.reload)  # hidden: read when next shown

    def on_changed(self, change: Change | None) -> None:
        table = TARGET_TABLES.get(self.target.kind, "") if self.target else ""
        if touches(change, "memos", "coders", table):
            self.when_shown.run("reload", self.reload)

    def reload(self) -> None:
        rows: list[MemoRow] = []
        heading = "Memos"
        if self.target is not None:
            with self.workbench.session() as session:
                try:
                    heading = "Memos on " + describe_target(session, self.target)
                    rows = memo_rows(memos.memos_on(session, self.target))
                except QcodeError:
                    self.target = None
        self.heading.setText(heading)
        self.heading.setVisible(self.target is not None)
        self.model.set_rows(rows)
        kind = self.target.kind if self.target else ""
        self.empty.setText(
            f"No memos on this {kind} yet: write one below and press Save." if kind else NO_TARGET
        )
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if self.is_dirty():
            self.reselect(self.editing)
        else:
            self.select_memo(self.editing)
        for widget in (self.title_box, self.text_box, self.new_button, self.save_button):
            widget.setEnabled(self.target is not None)

    # -- the editor ----------------------------------------------------------------------------

    def select_memo(self, memo_id: int | None) -> None:
        """Select a listed memo and load it into the editor (None: a new, empty memo)."""
        row = self.model.row_of(memo_id) if memo_id is not None else None
        if row is None:
            self.table.clearSelection()
            self.load(None)
        else:
            self.table.selectRow(row)
            self.load(self.model.row_at(row))

    def reselect(self, memo_id: int | None) -> None:
        """Select a memo's row again after a reload, leaving the editor's draft alone."""
        row = self.model.row_of(memo_id) if memo_id is not None else None
        self.table.selectionModel().blockSignals(True)
        if row is None:
            self.table.clearSelection()
            self.editing = None
        else:
            self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)

    def is_dirty(self) -> bool:
        """Whether the editor holds text that is not saved in the project."""
        title, text = self.title_box.text(), self.text_box.toPlainText()
        if self.loaded is None:
            return bool(title.strip() or text.strip())
        return (title, text) != (self.loaded.title, self.loaded.text)

    def on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.load(self.model.row_at(current.row()))

    def load(self, row: MemoRow | None) -> None:
        self.editing = row.id if row else None
        self.loaded = row
        self.kept_draft = False
        self.title_box.setText(row.title if row else "")
        self.text_box.setPlainText(row.text if row else "")
        self.author.setText(f"by {row.author} · edited {row.edited}" if row else "New memo")
        self.delete_button.setEnabled(row is not None)

    def new_memo(self) -> None:
        self.select_memo(None)
        self.title_box.setFocus()

    def save_memo(self) -> None:
        """Add the editor's memo to the target, or save it over the selected memo."""
        target, memo_id = self.target, self.editing
        title, text = self.title_box.text(), self.text_box.toPlainText()
        if target is None:
            self.workbench.report_error(NO_TARGET)
            return
        if not title.strip() and not text.strip():
            self.workbench.report_error("the memo is empty: write something first")
            return
        project, actor = self.workbench.project, self.workbench.coder
        if memo_id is None:
            change = self.workbench.run(lambda: memos.add_memo(project, text, target, title, actor))
        else:
            change = self.workbench.run(
                lambda: memos.edit_memo(project, memo_id, text, title, actor)
            )
        if change is not None:
            self.select_memo(change.value)

    def delete_memo(self) -> None:
        """Delete the selected memo (undoable), dropping any edits to it."""
        memo_id = self.editing
        if memo_id is None:
            return
        project, actor = self.workbench.project, self.workbench.coder
        self.loaded = None
        self.title_box.clear()
        self.text_box.clear()
        if self.workbench.run(lambda: memos.delete_memo(project, memo_id, actor)) is None:
            self.select_memo(memo_id)
