"""The codebook panel: the code tree (categories in italics), quick-find, drag and drop, editing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from rapidfuzz import fuzz

from qcode.services.codebook import edit as codebook
from qcode.services.codebook import merge_split as codebook_merge
from qcode.services.codebook.edit import codebook_tree, segment_counts
from qcode.services.history import Change
from qcode.services.lookup import get_coder, join_path
from qcode.ui.code_dialogs import CodeDialog
from qcode.ui.models import refilter
from qcode.ui.models.codebook import CodebookTreeModel
from qcode.ui.refresh import WhenShown, fit_number_columns, on_screen
from qcode.ui.workbench import Workbench, touches

ALL_CODERS = "Counts: all coders"
FUZZY_THRESHOLD = 70


class CodeFilterModel(QSortFilterProxyModel):
    """Keeps codes whose name matches the quick-find text (fuzzily), with their ancestors."""

    def __init__(self) -> None:
        super().__init__()
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)  # only names filter; a count changing never re-filters
        self.query = ""

    def set_query(self, text: str) -> None:
        refilter(self, lambda: setattr(self, "query", text.strip().lower()))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self.query:
            return True
        name = str(self.sourceModel().index(source_row, 0, source_parent).data() or "").lower()
        return self.query in name or fuzz.partial_ratio(self.query, name) >= FUZZY_THRESHOLD


class CodebookDock(QDockWidget):
    """Double-click a code to code the selected text with it; drag it onto text or codes."""

    code_activated = Signal(int)

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Codebook", parent)
        self.setObjectName("CodebookDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.model = CodebookTreeModel()
        self.model.on_drop = self.drop_code
        self.model.on_rename = self.rename
        self.model.merge_modifier_held = lambda: bool(
            QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        self.proxy = CodeFilterModel()
        self.proxy.setSourceModel(self.model)
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        workbench.coder_changed.connect(lambda _name: self.refresh_coders())
        self.reload()

    def build(self) -> QWidget:
        self.find_box = QLineEdit(placeholderText="Quick find a code (fuzzy)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(self.on_find)
        self.counts_box = QComboBox()
        self.counts_box.currentTextChanged.connect(lambda _text: self.reload())
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fit_number_columns(self.tree, (1, 2))
        self.tree.doubleClicked.connect(self.on_double_click)
        self.tree.selectionModel().currentChanged.connect(self.on_current)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.show_menu)
        top = QHBoxLayout()
        top.addWidget(self.find_box, 1)
        top.addWidget(self.counts_box)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.refresh_coders()
        coder = self.counts_box.currentData()
        with self.workbench.session() as session:
            nodes = codebook_tree(session, get_coder(session, coder).id if coder else None)
        self.model.set_nodes(nodes)
        fit_number_columns(self.tree, (1, 2))
        self.tree.expandAll()
        self.select_code(self.workbench.current_code, announce=False)

    def refresh_coders(self) -> None:
        current = self.counts_box.currentText() or ALL_CODERS
        self.counts_box.blockSignals(True)
        self.counts_box.clear()
        self.counts_box.addItem(ALL_CODERS, None)
        for name in self.workbench.coder_names():
            self.counts_box.addItem(f"Counts: {name}", name)
        self.counts_box.setCurrentText(current)
        self.counts_box.blockSignals(False)

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "codes", "coders"):
            self.when_shown.run("reload", self.reload)
        elif change is not None and touches(change, "segments"):
            if on_screen(self):
                self.recount(change)
            else:
                self.when_shown.run("reload", self.reload)  # counts of any codes may be owed

    def recount(self, change: Change) -> None:
        """Only counts changed (coding): update those codes' counts, keep the tree as it is."""
        coder = self.counts_box.currentData()
        if coder is None:  # everyone's: counted from what the change did, no query
            self.model.add_to_counts(change.net_counts("segments", "code_id"))
            return
        code_ids = set(change.codes)
        with self.workbench.session() as session:
            coder_id = get_coder(session, coder).id if coder else None
            counts = segment_counts(session, coder_id, code_ids)
        self.model.set_counts({code_id: counts.get(code_id, 0) for code_id in code_ids})

    def on_find(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()

    # -- selection ------------------------------------------------------------------------------

    def code_at(self, proxy_index: QModelIndex) -> int | None:
        node = self.model.node(self.proxy.mapToSource(proxy_index))
        return node.id if node is not None else None

    def on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code_id = self.code_at(current)
        if code_id is not None and code_id != self.workbench.current_code:
            self.workbench.choose_code(code_id)

    def select_code(self, code_id: int | None, announce: bool = True) -> None:
        if code_id is None:
            return
        index = self.proxy.mapFromSource(self.model.index_of(code_id))
        if index.isValid():
            self.tree.selectionModel().blockSignals(not announce)
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().blockSignals(False)

    def on_double_click(self, index: QModelIndex) -> None:
        code_id = self.code_at(index)
        if code_id is not None:
            self.code_activated.emit(code_id)

    # -- editing through the services ------------------------------------------------------------

    def drop_code(
        self, code_id: int, parent_id: int | None, position: int | None, merge: bool
    ) -> None:
        """Move (or merge) after the drop has finished, so the tree is not reset mid-drop."""
        if merge and parent_id is not None:
            QTimer.singleShot(0, lambda: self.merge(code_id, parent_id))
        else:
            QTimer.singleShot(0, lambda: self.move(code_id, parent_id, position))

    def move(self, code_id: int, parent_id: int | None, position: int | None) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: codebook.move_code(project, code_id, parent_id, position, actor))

    def merge(self, source_id: int, target_id: int) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(
            lambda: codebook_merge.merge_codes(project, source_id, target_id, actor=actor)
        )

    def rename(self, code_id: int, name: str, was: str) -> None:
        """Rename a code the researcher saw as ``was`` (refused if someone renamed it since)."""
        project, actor = self.workbench.project, self.workbench.coder
        QTimer.singleShot(
            0,
            lambda: self.workbench.run(
                lambda: codebook.rename_code(project, code_id, name, actor, was=was)
            ),
        )

    def edit(self, code_id: int, **fields: object) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: codebook.update_code(project, code_id, actor=actor, **fields))

    def add(self, path: list[str], flags: str = "", category: bool = False) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        change = self.workbench.run(
            lambda: codebook.add_code(
                project, join_path(path), flags=flags, category=category, actor=actor
            )
        )
        if change is not None:
            self.workbench.choose_code(change.value)
            self.select_code(change.value)

    def delete(self, code_id: int) -> None:
        project, actor = self.workbench.project, self.workbench.coder
        self.workbench.run(lambda: codebook.delete_code(project, code_id, actor))

    # -- the context menu --------------------------------------------------------------------------

    def show_menu(self, point: QPoint) -> None:
        self.context_menu(self.tree.indexAt(point)).exec(self.tree.viewport().mapToGlobal(point))

    def context_menu(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        node = self.model.node(self.proxy.mapToSource(index))
        menu.addAction("New top-level code (outcome theme)…", lambda: self.ask_new(None))
        if node is None:
            return menu
        menu.addAction(f"New sub-code of “{node.path[-1]}”…", lambda: self.ask_new(node.path))
        menu.addAction("Rename", lambda: self.tree.edit(index.siblingAtColumn(0)))
        menu.addAction("Edit code…", lambda: self.ask_edit(node.id))
        flags = menu.addMenu("Realist flag")
        for label, value in (
            ("Context (C)", "C"),
            ("Mechanism (M)", "M"),
            ("Both (C, M)", "CM"),
            ("None", ""),
        ):
            action = flags.addAction(label, lambda v=value: self.edit(node.id, flags=v))
            action.setCheckable(True)
            action.setChecked(node.flags == value)
        menu.addAction("Colour…", lambda: self.ask_colour(node.id, node.shown_color))
        menu.addAction("Description…", lambda: self.ask_description(node.id, node.description))
        menu.addSeparator()
        menu.addAction(
            "Merge into… (or drag onto a code with Shift)", lambda: self.ask_merge(node.id)
        )
        menu.addAction("Delete…", lambda: self.ask_delete(node.id, node.path[-1], node.segments))
        return menu

    def ask_new(self, parent_path: tuple[str, ...] | None) -> None:
        """Ask for a new code's name and kind (under ``parent_path``, or at the top)."""
        where = " / ".join(parent_path) if parent_path else ""
        dialog = self.code_dialog = CodeDialog(self, "New code", where=where)

        def add() -> None:
            if dialog.chosen_name():
                path = [*(parent_path or ()), dialog.chosen_name()]
                self.add(path, category=dialog.is_category())

        dialog.accepted.connect(add)
        dialog.open()

    def ask_edit(self, code_id: int) -> None:
        """Ask for a code's new name and kind; only what the user changed is changed."""
        node = self.model.node(self.model.index_of(code_id))
        if node is None:
            return
        name, category = node.path[-1], not node.codable
        dialog = self.code_dialog = CodeDialog(self, f"Edit “{name}”", name, category)

        def apply() -> None:
            fields: dict[str, object] = {}
            if dialog.chosen_name() and dialog.chosen_name() != name:
                fields["name"] = dialog.chosen_name()
            if dialog.is_category() != category:
                fields["codable"] = not dialog.is_category()
            if fields:
                self.edit(code_id, **fields)

        dialog.accepted.connect(apply)
        dialog.open()

    def ask_colour(self, code_id: int, color: str) -> None:
        chosen = QColorDialog.getColor(QColor(color), self, "Code colour")
        if chosen.isValid():
            self.edit(code_id, color=chosen.name())

    def ask_description(self, code_id: int, text: str) -> None:
        value, ok = QInputDialog.getMultiLineText(self, "Description", "What the code means:", text)
        if ok:
            self.edit(code_id, description=value)

    def ask_merge(self, code_id: int) -> None:
        from qcode.ui.dialogs import CodePickerDialog

        picker = CodePickerDialog(self.workbench, self, title="Merge into which code?")
        if picker.exec() and picker.chosen is not None and picker.chosen != code_id:
            self.merge(code_id, picker.chosen)

    def ask_delete(self, code_id: int, name: str, segments: int) -> None:
        answer = QMessageBox.question(
            self,
            "Delete code",
            f"Delete “{name}”, its sub-codes and their {segments} coded segments?"
            " You can undo this with Ctrl+Z.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(code_id)
