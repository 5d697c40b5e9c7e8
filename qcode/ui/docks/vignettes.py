"""The vignette editor: the project's composite vignettes, and the chosen one's three sections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.export.vignette import write_vignette
from qcode.services.history import Change
from qcode.services.lookup import code_names
from qcode.services.output_paths import check_output_path
from qcode.services.realist import vignettes
from qcode.services.realist.vignette_view import (
    VignetteView,
    check_exportable,
    list_vignettes,
    vignette_view,
)
from qcode.store.models import VIGNETTE_SECTIONS
from qcode.store.project import Project
from qcode.ui.background import LatestOnly
from qcode.ui.docks.vignette_sections import (
    SOURCES,
    SectionBox,
    WordsEdit,
    check_line,
    failing_box,
    file_name,
    segment_at,
)
from qcode.ui.refresh import WhenShown
from qcode.ui.transcript_pane import TranscriptPane
from qcode.ui.workbench import Workbench, touches

ID_ROLE = Qt.ItemDataRole.UserRole
CHECK_PAUSE_MS = 300  # changes in quick succession are listed and checked once
TABLES = ("vignettes", "vignette_parts", "segments", "documents", "participants", "codes")
NO_THEME = "(no outcome theme)"
OK_STYLE, WARN_STYLE = "color: #1b7a1b", "color: #b35900; font-weight: 600"
Listing = tuple[list[VignetteView], list[tuple[str, int]]]  # vignettes; themes (name, id)


class VignettesDock(QDockWidget):
    """Composite vignettes: Context, What mentoring did, Impact and outcome, from quotes."""

    def __init__(
        self,
        workbench: Workbench,
        parent: QWidget | None = None,
        transcript: TranscriptPane | None = None,
    ) -> None:
        super().__init__("Vignettes", parent)
        self.setObjectName("VignettesDock")
        self.when_shown = WhenShown(self)
        self.workbench, self.transcript = workbench, transcript
        self.views: dict[int, VignetteView] = {}
        self.shown_id: int | None = None
        self.wanted_id: int | None = None  # to choose once the listing holds it
        self.waiting: Listing | None = None  # a listing held while a title is edited
        self.loader = LatestOnly(self, workbench.report_error)
        self.pause = QTimer(self, singleShot=True, interval=CHECK_PAUSE_MS)
        self.pause.timeout.connect(lambda: self.when_shown.run("reload", self.reload))
        self.setWidget(self.build())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("reload", self.reload)

    @property
    def busy(self) -> bool:
        """Whether a listing (and its anonymity check) is still to come."""
        return self.loader.busy or self.pause.isActive()

    def build(self) -> QWidget:
        self.listing = QListWidget()
        self.listing.setMaximumHeight(90)
        self.listing.currentItemChanged.connect(lambda *_: self.choose())
        self.listing.itemChanged.connect(self.on_renamed)
        self.listing.itemDelegate().closeEditor.connect(lambda *_: self.show_waiting())
        self.new_title = QLineEdit(placeholderText="Title of a new vignette")
        self.new_title.returnPressed.connect(self.add)
        self.new_button = QPushButton("New")
        self.new_button.clicked.connect(self.add)
        self.rename_button = QPushButton("Rename")
        self.rename_button.clicked.connect(self.rename)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.ask_delete)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.ask_export)
        self.sources = QComboBox(objectName="vignetteSources")
        for text, key in SOURCES:
            self.sources.addItem(text, key)
        self.sources.setToolTip("How the exported vignette cites each quote")
        self.theme_box = QComboBox()
        self.theme_box.activated.connect(self.on_theme)
        self.check = QLabel(wordWrap=True)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.row(self.new_title, self.new_button))
        layout.addWidget(self.listing)
        layout.addLayout(
            self.row(self.rename_button, self.delete_button, None, self.sources, self.export_button)
        )
        layout.addLayout(self.row(QLabel("Outcome theme:"), self.theme_box))
        layout.addWidget(self.build_editor(), 1)
        layout.addWidget(self.check)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def build_editor(self) -> QScrollArea:
        self.narrative = WordsEdit(
            "The story in your own words (optional; printed before the three sections)", None
        )
        self.narrative.finished.connect(self.on_narrative)
        headings = vignettes.SECTION_HEADINGS
        self.sections = {key: SectionBox(key, headings[key], self) for key in VIGNETTE_SECTIONS}
        column = QVBoxLayout()
        column.addWidget(QLabel("Narrative"))
        column.addWidget(self.narrative)
        for box in self.sections.values():
            column.addWidget(box)
        column.addStretch(1)
        self.editor = QWidget()
        self.editor.setLayout(column)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.editor)
        return area

    @staticmethod
    def row(*widgets: QWidget | None) -> QHBoxLayout:
        """Widgets side by side; None stretches."""
        layout = QHBoxLayout()
        for widget in widgets:
            if widget is None:
                layout.addStretch(1)
            else:
                layout.addWidget(widget)
        return layout

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the vignettes and check them off the UI thread (the latest request wins)."""
        session_of = self.workbench.session

        def compute() -> Listing:
            with session_of() as session:
                names = code_names(session)
                themes = sorted((name, i) for i, (parent, name) in names.items() if parent is None)
                return list_vignettes(session), themes

        self.loader.run(compute, self.show_listing)

    def on_changed(self, change: Change | None) -> None:
        if touches(change, *TABLES):
            self.pause.start()

    def show_listing(self, found: Listing) -> None:
        """Show a listing, keeping the vignette chosen (never under an open title editor)."""
        if self.listing.state() == QAbstractItemView.State.EditingState:
            self.waiting = found  # shown when the editor closes: typing is never lost
            return
        self.waiting = None
        views, themes = found
        self.views = {view.id: view for view in views}
        keep = self.wanted_id or self.shown_id
        self.wanted_id = None
        self.listing.blockSignals(True)
        self.listing.clear()
        for view in views:
            item = QListWidgetItem(view.title)
            item.setData(ID_ROLE, view.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if not view.check.passed:  # flagged: it fails the anonymity check
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setToolTip("\n".join(view.check.problems()))
            self.listing.addItem(item)
            if view.id == keep:
                self.listing.setCurrentItem(item)
        if self.listing.currentItem() is None and self.listing.count():
            self.listing.setCurrentRow(0)
        self.listing.blockSignals(False)
        self.theme_box.blockSignals(True)
        self.theme_box.clear()
        self.theme_box.addItem(NO_THEME, None)
        for name, code_id in themes:
            self.theme_box.addItem(name, code_id)
        self.theme_box.blockSignals(False)
        self.show_vignette()

    def show_waiting(self) -> None:
        if self.waiting is not None and not self.loader.busy:
            self.show_listing(self.waiting)

    def current_id(self) -> int | None:
        item = self.listing.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current_view(self) -> VignetteView | None:
        return self.views.get(self.current_id() or -1)

    def choose(self) -> None:
        """Another vignette chosen: what was typed in this one is saved first."""
        self.flush()
        self.show_vignette()

    def show_vignette(self) -> None:
        view = self.current_view()
        self.shown_id = view.id if view else None
        for widget in (self.editor, self.theme_box, self.rename_button, self.delete_button):
            widget.setEnabled(view is not None)
        self.export_button.setEnabled(view is not None)
        self.narrative.set_words(view.narrative if view else "")
        parts = {section.key: section.parts for section in view.sections} if view else {}
        for key, box in self.sections.items():
            box.show_parts(parts.get(key, ()))
        theme = view.theme[0] if view and view.theme else NO_THEME
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findText(theme)))
        text, warning = check_line(view)
        self.check.setText(text)
        self.check.setStyleSheet(WARN_STYLE if warning else OK_STYLE)

    def flush(self) -> None:
        """Save what is being typed (each box's burst ends now)."""
        self.narrative.finish()
        for box in self.sections.values():
            box.flush()

    # -- editing through the services --------------------------------------------------------------

    def act(self, action: Callable[[Project, str | None], Change]) -> Change | None:
        """Run one audited, undoable edit; a refused one shows the stored state again."""
        change = self.workbench.run(lambda: action(self.workbench.project, self.workbench.coder))
        if change is None:
            self.pause.start()
        return change

    def chosen(self) -> int | None:
        if self.shown_id is None:
            self.workbench.report_error("start a vignette first: type its title and press New")
        return self.shown_id

    def add(self) -> Change | None:
        title = self.new_title.text()
        self.flush()
        change = self.act(
            lambda project, actor: vignettes.add_vignette(project, title, None, actor)
        )
        if change is not None:
            self.wanted_id = change.value
            self.new_title.clear()
        return change

    def rename(self) -> None:
        item = self.listing.currentItem()
        if item is not None:
            self.listing.editItem(item)

    def on_renamed(self, item: QListWidgetItem) -> None:
        vignette, title = item.data(ID_ROLE), item.text()
        self.act(
            lambda project, actor: vignettes.edit_vignette(
                project, vignette, title=title, actor=actor
            )
        )

    def on_theme(self, index: int) -> None:
        vignette, theme = self.chosen(), self.theme_box.itemData(index)
        if vignette is not None:
            self.act(
                lambda project, actor: vignettes.edit_vignette(
                    project, vignette, theme=theme, clear_theme=theme is None, actor=actor
                )
            )

    def on_narrative(self, text: str) -> None:
        vignette = self.chosen()
        if vignette is not None:
            self.act(lambda project, actor: vignettes.set_narrative(project, vignette, text, actor))

    def edit_words(self, part_id: int, text: str) -> Change | None:
        return self.act(lambda project, actor: vignettes.edit_part(project, part_id, text, actor))

    def remove_part(self, part_id: int) -> Change | None:
        return self.act(lambda project, actor: vignettes.remove_part(project, part_id, actor))

    def pick(self, section: str, segment_ids: list[int]) -> Change | None:
        vignette = self.chosen()
        if vignette is None:
            return None
        return self.act(
            lambda project, actor: vignettes.pick_segments(
                project, vignette, section, segment_ids, actor
            )
        )

    def add_from_transcript(self, section: str) -> Change | None:
        """Add the coded segment the transcript's selection (or cursor) is on."""
        pane = self.transcript
        if pane is None or pane.document_id() is None:
            self.workbench.report_error("open a document and select coded text to quote")
            return None
        start, end = pane.view.selected_span()
        marks = [shown.mark for shown in pane.view.visible_marks()]
        segment = segment_at(marks, start, end, self.workbench.coder)
        if segment is None:
            self.workbench.report_error("the selected text is not coded: code it, then quote it")
            return None
        return self.pick(section, [segment])

    def ask_delete(self) -> None:
        view = self.current_view()
        if view is None:
            return
        quotes = sum(len(section.parts) for section in view.sections)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete vignette",
            f"Delete the vignette '{view.title}' and its {quotes} quote(s)?\n"
            "The coded segments stay; Edit ▸ Undo brings the vignette back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.clicked.connect(lambda: self.delete(view.id))
        box.open()
        self.confirm_box = box

    def delete(self, vignette: int) -> Change | None:
        self.flush()
        return self.act(lambda project, actor: vignettes.delete_vignette(project, vignette, actor))

    # -- export ----------------------------------------------------------------------------------

    def ask_export(self) -> None:
        """Export the chosen vignette; one failing its anonymity check only if told to."""
        view = self.current_view()
        if view is None:
            return
        self.flush()
        if view.check.passed:
            self.ask_file(view, anyway=False)
            return
        self.confirm_box = failing_box(self, view, lambda: self.ask_file(view, anyway=True))
        self.confirm_box.open()

    def ask_file(self, view: VignetteView, anyway: bool) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export vignette", file_name(view.title), "Word (*.docx);;Markdown (*.md)"
        )
        if name:
            path = Path(name)
            self.export(path if path.suffix else path.with_suffix(".docx"), anyway)

    def export(self, path: Path, anyway: bool = False) -> str | None:
        """Write the chosen vignette as the CLI's `export vignette` does; says so (and warns).
        One failing its anonymity check is refused unless ``anyway``."""
        if self.shown_id is None:
            return None
        try:
            output = check_output_path(path, self.workbench.project.path)
            with self.workbench.session() as session:
                view = vignette_view(session, self.shown_id)
            check_exportable(view, anyway)
            written = write_vignette(view, output, str(self.sources.currentData()))
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        warning = f" (warning: {view.warning})" if view.warning else ""
        self.workbench.message.emit(f"{written[0].upper()}{written[1:]}{warning}", bool(warning))
        return written
