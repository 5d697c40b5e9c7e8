"""Workshop mode: walk two coders' disagreements, decide each with reasons, build the consensus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.export.decision_log import write_decision_log
from qcode.services.coders import CONSENSUS
from qcode.services.history import Change
from qcode.services.output_paths import check_output_path
from qcode.services.workshop.disagreements import (
    Disagreement,
    DisagreementKey,
    UnitSummary,
    decide,
    decision_log,
    earlier_decisions,
    get_disagreement,
    list_units,
    position_of,
)
from qcode.ui.background import LatestOnly
from qcode.ui.docks import scrolling
from qcode.ui.docks.workshop.confirm import ask_replace
from qcode.ui.docks.workshop.follow import FollowLater
from qcode.ui.docks.workshop.form import DecisionForm
from qcode.ui.docks.workshop.shading import legend, selected_span, shaded_context
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

COUNTING = "Counting…"
Scope = tuple[object, object, object, object]  # coder A, coder B, code id, document name
Listing = tuple[list[UnitSummary], str]  # the units (named only), or none and why not
Choices = tuple[list[tuple[str, object]], list[str]]  # (code path, id) in tree order; documents


class WorkshopDock(QDockWidget):
    """One disagreement at a time; decisions go to the Consensus coder and the decision log."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Workshop", parent)
        self.setObjectName("WorkshopDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.items: list[UnitSummary] = []  # every unit in scope, named only
        self.decided = 0  # how many of ``items`` were decided when listed
        self.position = 0
        self.fetched: tuple[DisagreementKey, Disagreement | None] | None = None  # the one shown
        self.shown_scope: Scope | None = None  # what ``items`` were listed for
        self.chooser = LatestOnly(self, workbench.report_error)
        self.lister = LatestOnly(self, workbench.report_error)
        self.follow = FollowLater(self, workbench)
        self.setWidget(scrolling(self.build()))
        for worker in (self.chooser, self.lister):
            worker.busy_changed.connect(lambda _busy: self.show_busy())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("choices", self.refresh_choices)

    # -- building --------------------------------------------------------------------------------

    def build(self) -> QWidget:
        self.coder_a, self.coder_b = QComboBox(), QComboBox()
        self.code_filter, self.document_filter = QComboBox(), QComboBox()
        for box in (self.coder_a, self.coder_b, self.code_filter, self.document_filter):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m decided")
        self.counting = QLabel()
        self.counting.setMinimumWidth(self.counting.fontMetrics().horizontalAdvance(COUNTING) + 8)
        self.counting.setStyleSheet("color: palette(placeholder-text)")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.context = QTextBrowser()
        self.context.setMinimumHeight(90)
        self.context.selectionChanged.connect(self.on_passage_selection)
        self.memos = QLabel()
        self.memos.setWordWrap(True)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        layout = QVBoxLayout()
        layout.addLayout(self.scope_row())
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.counting)
        layout.addLayout(progress)
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.where, 1)
        navigation.addWidget(self.next_button)
        layout.addLayout(navigation)
        layout.addWidget(self.context, 2)
        layout.addWidget(self.memos)
        layout.addLayout(self.decision_form())
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def scope_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, box in (
            ("A:", self.coder_a),
            ("B:", self.coder_b),
            ("Code:", self.code_filter),
            ("Document:", self.document_filter),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(box, 1)
        return row

    def decision_form(self) -> DecisionForm:
        form = self.form = DecisionForm(self)
        self.choice_buttons, self.rationale = form.choice_buttons, form.rationale
        self.custom_start, self.custom_end = form.custom_start, form.custom_end
        self.attendees, self.decide_button = form.attendees, form.decide_button
        form.decide_button.clicked.connect(self.record)
        form.export_button.clicked.connect(self.ask_export)
        return form

    # -- loading ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether choices or disagreements are still being read off the UI thread."""
        return self.chooser.busy or self.lister.busy

    def show_busy(self) -> None:
        self.counting.setText(COUNTING if self.busy else "")

    def refresh_choices(self) -> None:
        """Fill the coder, code and document boxes (read off the UI thread), keeping choices."""
        coders = [n for n in self.workbench.coder_names() if n != CONSENSUS]
        session_of = self.workbench.session

        def compute() -> Choices:
            from qcode.services.codebook.edit import codebook_tree
            from qcode.services.documents.listing import list_documents

            with session_of() as session:
                tree = codebook_tree(session, counts=False)
                codes = [(" / ".join(node.path), node.id) for node in tree]
                documents = [row.name for row in list_documents(session)]
            return codes, documents

        self.chooser.run(compute, lambda found: self.show_choices(coders, *found))
        if self.shown_scope is None:
            self.show_current(follow=False)  # "Counting…", with nothing to decide yet

    def show_choices(
        self, coders: list[str], codes: list[tuple[str, object]], documents: list[str]
    ) -> None:
        self.fill(self.coder_a, [(name, name) for name in coders], 0)
        self.fill(self.coder_b, [(name, name) for name in coders], 1)
        self.fill(self.code_filter, [("All codes", None), *codes], 0)
        self.fill(self.document_filter, [("All documents", None), *((d, d) for d in documents)], 0)
        self.reload()

    def fill(self, box: QComboBox, entries: list[tuple[str, object]], default: int) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        for label, value in entries:
            box.addItem(label, value)
        found = box.findData(chosen) if chosen is not None else -1
        box.setCurrentIndex(found if found >= 0 else min(default, box.count() - 1))
        box.blockSignals(False)

    def scope(self) -> Scope:
        boxes = (self.coder_a, self.coder_b, self.code_filter, self.document_filter)
        a, b, code, document = (box.currentData() for box in boxes)
        return a, b, code, document

    def reload(self) -> None:
        """List the disagreements in scope off the UI thread (the latest request wins).

        Units are only named here (``current`` reads the one shown in full). For another
        scope the units on screen no longer answer it: they are put away, so nothing can be
        decided on them meanwhile. For the same scope (a refresh) they stay and can be
        decided; ``decide`` refuses a unit whose coding changed since.
        """
        scope = self.scope()
        session_of = self.workbench.session

        def compute() -> Listing:
            a, b, code, document = scope
            if not (a and b and a != b):
                return [], ""
            with session_of() as session:
                try:
                    found = list_units(session, a, b, code=code, document=document)
                except QcodeError as exc:
                    return [], str(exc)
            return found, ""

        self.lister.run(compute, lambda listing: self.show_listing(scope, *listing))
        if scope != self.shown_scope:
            self.take_listing([], None)
            self.show_current(follow=False)

    def show_listing(self, scope: Scope, items: list[UnitSummary], refusal: str) -> None:
        """Show a new listing at the unit that was current; only a wish to follow moves the text."""
        if refusal:
            self.workbench.report_error(refusal)
        same = scope == self.shown_scope
        current = self.current() if same else None
        before = (current, self.position, len(self.items))
        self.take_listing(items, scope, self.current_key() if same else None)
        follow = self.follow.take()
        unchanged = current is not None and before == (self.current(), self.position, len(items))
        if unchanged and not follow:
            self.show_progress()  # the same unit, unchanged: a custom span being set stays
        else:
            self.show_current(follow=follow)  # a refresh never moves the transcript

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders", "codes", "documents"):
            self.when_shown.run("choices", self.refresh_choices)
        elif touches(change, "segments", "workshop_decisions", "memos"):
            self.when_shown.run("reload", self.reload)

    # -- stepping --------------------------------------------------------------------------------

    def take_listing(
        self, items: list[UnitSummary], scope: Scope | None, key: DisagreementKey | None = None
    ) -> None:
        """Hold a new listing, at the unit ``key`` names if it is still listed; none read yet."""
        self.items, self.shown_scope, self.fetched = items, scope, None
        self.decided = sum(item.decided for item in items)
        self.position = place_of(items, key, self.position) if scope is not None else 0

    def current_key(self) -> DisagreementKey | None:
        return self.items[self.position].key if self.items else None

    def on_passage_selection(self) -> None:
        """Selecting words of the passage proposes them as the custom span."""
        item = self.current()
        span = selected_span(self.context, item) if item is not None else None
        if span is not None:
            self.form.choice_buttons["custom"].setChecked(True)
            self.custom_start.setValue(span[0])
            self.custom_end.setValue(span[1])

    def current(self) -> Disagreement | None:
        """The unit shown, in full (None: nothing listed, or it is no longer a disagreement).

        Only this unit is read in full, on the UI thread: one document and one code, a few
        milliseconds at any project size. It is read again when a new listing comes.
        """
        key = self.current_key()
        if key is None:
            return None
        if self.fetched is None or self.fetched[0] != key:
            self.fetched = (key, self.read_unit(key))
        return self.fetched[1]

    def read_unit(self, key: DisagreementKey) -> Disagreement | None:
        try:
            with self.workbench.session() as session:
                return get_disagreement(session, key)
        except QcodeError:
            return None  # its coder, code or document is gone: the recount will show it

    def step(self, direction: int) -> None:
        if self.items:
            self.position = (self.position + direction) % len(self.items)
            self.show_current()

    def show_current(self, follow: bool = True) -> None:
        """Show the current unit here; ``follow`` (the user stepped to it) shows it in the text."""
        self.show_progress()
        item = self.current()
        for widget in (self.previous_button, self.next_button):
            widget.setEnabled(bool(self.items))
        self.decide_button.setEnabled(item is not None)
        if item is None:
            self.where.setText(self.nothing_to_show())
            self.context.clear()
            self.memos.clear()
            return
        done = f" — decided: {item.decision.words}" if item.decision else ""
        self.where.setText(
            f"{self.position + 1} of {len(self.items)}: {item.citation} · "
            f"{' / '.join(item.code)}{done}"
        )
        self.context.setHtml(legend(item) + shaded_context(item))
        notes = [f"{m.coder}'s memo: {m.text}" for m in item.memos]
        self.memos.setText("\n".join(notes) if notes else "No memos on these segments.")
        self.custom_start.setValue(item.start)
        self.custom_end.setValue(item.end)
        if follow:
            self.show_in_text()

    def nothing_to_show(self) -> str:
        if self.items:
            return (
                f"{self.position + 1} of {len(self.items)}: no longer a disagreement (the "
                "coding changed since it was counted)."
            )
        if self.busy and self.shown_scope is None:
            return "Counting the disagreements…"
        return "No disagreements between these coders here."

    def show_progress(self) -> None:
        self.progress.setMaximum(max(len(self.items), 1))
        self.progress.setValue(self.decided)

    def show_in_text(self) -> None:
        """Open the current unit's passage in the transcript and select it.

        While the units are still being counted, it is shown when they arrive, unless the
        researcher has moved on by then.
        """
        item = self.current()
        if item is not None:
            self.workbench.show_text.emit(item.key.document_id, item.start, item.end)
        elif self.busy:
            self.follow.want()

    # -- deciding --------------------------------------------------------------------------------

    def record(self, replace: bool = False) -> Change | None:
        """Decide the unit shown; a passage decided before is replaced only once confirmed."""
        item = self.current()
        if item is None:
            return None
        if not replace:
            with self.workbench.session() as session:
                earlier = earlier_decisions(session, item.key)
            if earlier:
                self.confirm_box = ask_replace(self, earlier, lambda: self.record(replace=True))
                return None
        choice, span, people = self.form.chosen(), self.form.custom_span(), self.form.people()
        rationale = self.rationale.toPlainText().strip()
        project, actor = self.workbench.project, self.workbench.coder
        change = self.workbench.run(
            lambda: decide(project, item.key, choice, rationale, people, actor, span, replace)
        )
        if change is not None:
            self.rationale.clear()
            self.fetched = None  # read again, decided, if it is still the one shown
            self.advance_to_undecided()
        return change

    def advance_to_undecided(self) -> None:
        for step in range(1, len(self.items) + 1):
            index = (self.position + step) % len(self.items)
            if not self.items[index].decided:
                self.position = index
                break
        self.show_current()

    def ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export decision log", "decisions.docx", "Word (*.docx);;CSV (*.csv)"
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> str | None:
        try:
            check_output_path(path, self.workbench.project.path)
            with self.workbench.session() as session:
                rows = decision_log(session)
            said = write_decision_log(rows, path, "Workshop decisions")
        except QcodeError as exc:
            self.workbench.report_error(str(exc))
            return None
        except OSError as exc:
            self.workbench.report_error(f"{path}: could not write the decision log ({exc})")
            return None
        self.workbench.message.emit(said, False)
        return said


def place_of(items: list[UnitSummary], key: DisagreementKey | None, position: int) -> int:
    """Where ``key``'s unit is in a listing; else ``position``, kept inside it."""
    if key is not None and position < len(items) and items[position].key == key:
        return position  # a refresh that moved nothing
    found = position_of(items, key) if key is not None else None
    return found if found is not None else min(position, max(len(items) - 1, 0))
