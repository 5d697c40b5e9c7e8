"""The CMO editor: the configuration table live, and the chosen theme's statements to edit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.services.history import Change
from qcode.services.realist import evidence as cmo_evidence
from qcode.services.realist import statements as cmo
from qcode.services.realist.configurations import (
    CategoryView,
    StatementView,
    ThemeView,
    list_statements,
)
from qcode.ui.background import LatestOnly
from qcode.ui.models.cmo import CmoTableModel, category_line
from qcode.ui.models.segments import segment_ids_from
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

ID_ROLE = Qt.ItemDataRole.UserRole
COUNTING = "Counting the support…"


class EvidenceList(QListWidget):
    """A statement's quotes; segments dragged in from the segments panel become evidence."""

    def __init__(self, dock: CmoDock) -> None:
        super().__init__()
        self.dock = dock
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setWordWrap(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if segment_ids_from(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if segment_ids_from(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        ids = segment_ids_from(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.dock.attach(ids)


def offered_categories(
    theme: ThemeView | None, statement: StatementView | None
) -> list[CategoryView]:
    """The theme's C/M categories, and any of the statement's own since unflagged."""
    offered = list(theme.flagged) if theme else []
    known = {c.id for c in offered}
    return offered + [c for c in (statement.categories if statement else ()) if c.id not in known]


def categories_note(statement: StatementView | None) -> str:
    if statement is None:
        return ""
    if statement.inherited:
        return "Inherited: every C/M category of the theme, as the codebook flags them."
    return "Narrowed to the ticked categories."


class CmoDock(QDockWidget):
    """Outcome themes with their flagged categories and configuration statements."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("CMO configurations", parent)
        self.setObjectName("CmoDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = CmoTableModel()
        self.counter = LatestOnly(self, workbench.report_error)
        self.wanted_statement: int | None = None  # to choose once the statement is listed
        self.waiting: list[ThemeView] | None = None  # a listing held while a statement is edited
        self.setWidget(self.build())
        self.counter.busy_changed.connect(
            lambda busy: self.counting.setText(COUNTING if busy else "")
        )
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("reload", self.reload)

    def build(self) -> QWidget:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # each column a third
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_theme())
        self.statements = QListWidget()
        self.statements.setWordWrap(True)
        self.statements.itemChanged.connect(self.on_statement_edited)
        self.statements.currentItemChanged.connect(lambda *_: self.show_statement())
        self.statements.itemDelegate().closeEditor.connect(lambda *_: self.show_waiting())
        self.categories = QListWidget()
        self.categories.itemChanged.connect(self.on_category_toggled)
        self.categories_note = QLabel(wordWrap=True)
        self.evidence = EvidenceList(self)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details())
        return split

    def details(self) -> QWidget:
        add = QPushButton("Add statement")
        add.clicked.connect(lambda: self.add_statement("A new configuration statement"))
        delete = QPushButton("Delete statement")
        delete.clicked.connect(self.delete_statement)
        detach = QPushButton("Remove quote")
        detach.clicked.connect(self.detach_current)
        self.inherit = QPushButton("Use the theme's categories")
        self.inherit.clicked.connect(self.inherit_categories)
        buttons = QHBoxLayout()
        for button in (add, delete, detach):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.counting = QLabel()
        self.counting.setStyleSheet("color: palette(placeholder-text)")
        buttons.addWidget(self.counting)
        columns = QHBoxLayout()
        for title, widget in (
            ("Statements (double-click to edit)", self.statements),
            ("Categories it draws on (flags from the codebook)", self.categories),
            ("Evidence (drag segments here)", self.evidence),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title, wordWrap=True))  # wraps: the dock shares the screen
            column.addWidget(widget)
            if widget is self.categories:
                column.addWidget(self.categories_note)
                column.addWidget(self.inherit)
            columns.addLayout(column, 1)
        layout = QVBoxLayout()
        layout.addLayout(columns)
        layout.addLayout(buttons)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Recount the themes and their support off the UI thread (the latest request wins)."""
        session_of = self.workbench.session

        def compute() -> list[ThemeView]:
            with session_of() as session:
                return list_statements(session, all_themes=True)

        self.counter.run(compute, self.show_rows)

    def show_rows(self, rows: list[ThemeView]) -> None:
        """Show a listing, keeping the theme and statement chosen (never under an open editor)."""
        if self.statements.state() == QAbstractItemView.State.EditingState:
            self.waiting = rows  # shown when the editor closes: typing is never lost
            return
        self.waiting = None
        theme = self.current_theme()
        statement = self.wanted_statement or self.current_statement_id()
        self.wanted_statement = None
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        row = self.model.row_of(theme.id) if theme else 0
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        self.show_theme(statement)

    def show_waiting(self) -> None:
        if self.waiting is not None and not self.counter.busy:
            self.show_rows(self.waiting)

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "cmo_statements", "cmo_categories", "cmo_evidence", "codes", "segments"):
            self.when_shown.run("reload", self.reload)

    def current_theme(self) -> ThemeView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_statement(self) -> StatementView | None:
        theme, item = self.current_theme(), self.statements.currentItem()
        if theme is None or item is None:
            return None
        wanted = item.data(ID_ROLE)
        return next((s for s in theme.statements if s.id == wanted), None)

    def current_statement_id(self) -> int | None:
        statement = self.current_statement()
        return statement.id if statement else None

    def show_theme(self, keep_statement: int | None = None) -> None:
        theme = self.current_theme()
        self.statements.blockSignals(True)
        self.statements.clear()
        for statement in theme.statements if theme else ():
            item = QListWidgetItem(statement.text)
            item.setData(ID_ROLE, statement.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.statements.addItem(item)
            if statement.id == keep_statement:
                self.statements.setCurrentItem(item)
        if self.statements.currentItem() is None and self.statements.count():
            self.statements.setCurrentRow(0)
        self.statements.blockSignals(False)
        self.show_statement()

    def show_statement(self) -> None:
        theme, statement = self.current_theme(), self.current_statement()
        chosen = {c.id for c in statement.categories} if statement else set()
        self.categories.blockSignals(True)
        self.categories.clear()
        for category in offered_categories(theme, statement):
            item = QListWidgetItem(category_line(category))
            item.setData(ID_ROLE, category.id)
            if statement is not None:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = category.id in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        self.categories.blockSignals(False)
        self.categories_note.setText(categories_note(statement))
        self.inherit.setEnabled(statement is not None and not statement.inherited)
        self.evidence.clear()
        for quote in statement.evidence if statement else ():
            item = QListWidgetItem(f"“{' '.join(quote.text.split())}” [{quote.citation}]")
            item.setData(ID_ROLE, quote.segment_id)
            self.evidence.addItem(item)

    # -- editing through the services --------------------------------------------------------------

    def add_statement(self, text: str) -> Change | None:
        theme = self.current_theme()
        if theme is None:
            self.workbench.report_error("add an outcome theme (a top-level code) first")
            return None
        project, actor = self.workbench.project, self.workbench.coder
        change = self.workbench.run(lambda: cmo.add_statement(project, theme.id, text, (), actor))
        if change is not None:
            self.wanted_statement = change.value  # chosen when the recount lists it
        return change

    def on_statement_edited(self, item: QListWidgetItem) -> None:
        statement_id, text = item.data(ID_ROLE), item.text()
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: cmo.edit_statement(project, statement_id, text, actor))

    def on_category_toggled(self, _item: QListWidgetItem) -> None:
        statement_id = self.current_statement_id()
        if statement_id is None:
            return
        chosen = [
            self.categories.item(row).data(ID_ROLE)
            for row in range(self.categories.count())
            if self.categories.item(row).checkState() == Qt.CheckState.Checked
        ]
        project, actor = self.workbench.project, self.workbench.coder
        change = self.workbench.run(
            lambda: cmo.set_categories(project, statement_id, chosen, actor)
        )
        if change is None:
            self.show_statement()  # refused (none ticked): show the ticks as they are

    def inherit_categories(self) -> None:
        statement_id = self.current_statement_id()
        if statement_id is not None:
            project, actor = self.workbench.project, self.workbench.coder
            self.workbench.run(lambda: cmo.inherit_categories(project, statement_id, actor))

    def attach(self, segment_ids: list[int]) -> Change | None:
        statement_id = self.current_statement_id()
        if statement_id is None:
            self.workbench.report_error("choose or add a statement to attach evidence to")
            return None
        project, actor = self.workbench.project, self.workbench.coder
        return self.workbench.run(
            lambda: cmo_evidence.attach_evidence(project, statement_id, segment_ids, actor=actor)
        )

    def detach_current(self) -> None:
        statement_id, item = self.current_statement_id(), self.evidence.currentItem()
        if statement_id is None or item is None:
            return
        project, actor, segment = self.workbench.project, self.workbench.coder, item.data(ID_ROLE)
        self.workbench.run(
            lambda: cmo_evidence.detach_evidence(project, statement_id, [segment], actor=actor)
        )

    def delete_statement(self) -> None:
        statement_id = self.current_statement_id()
        if statement_id is not None:
            project, actor = self.workbench.project, self.workbench.coder
            self.workbench.run(lambda: cmo.delete_statement(project, statement_id, actor))

    def select_theme(self, theme_id: int) -> None:
        row = self.model.row_of(theme_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def index_of_theme(self, theme_id: int) -> QModelIndex:
        return self.model.index(self.model.row_of(theme_id), 0)
