"""Workshop mode: walk the passages where N coders differ, decide each code with reasons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.services.history import Change
from qcode.services.workshop.decide import AlreadyDecided
from qcode.services.workshop.passages import (
    CodeOnPassage,
    Listed,
    PassageKey,
    PassageView,
    get_passage,
    list_keys,
)
from qcode.services.workshop.settle import decide_passage
from qcode.ui.background import LatestOnly
from qcode.ui.docks import scrolling
from qcode.ui.docks.workshop import shading
from qcode.ui.docks.workshop.codes import PassageCodes, memo_text, where_words
from qcode.ui.docks.workshop.confirm import ask_replace
from qcode.ui.docks.workshop.exporting import ask_path, export_log
from qcode.ui.docks.workshop.follow import FollowLater
from qcode.ui.docks.workshop.form import DecisionForm
from qcode.ui.docks.workshop.listing import Scope, next_undecided, place_of
from qcode.ui.docks.workshop.scope import ScopeBar
from qcode.ui.refresh import WhenShown
from qcode.ui.workbench import Workbench, touches

COUNTING = "Counting…"
TICK_TWO = "Tick at least two coders to compare."
Listing = tuple[list[Listed], str]  # the passages (named only), or none and why not


class WorkshopDock(QDockWidget):
    """One passage at a time; decisions go to the Consensus coder and the decision log."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Workshop", parent)
        self.setObjectName("WorkshopDock")
        self.when_shown = WhenShown(self)
        self.workbench = workbench
        self.items: list[Listed] = []  # every passage in scope, named only
        self.decided = 0  # how many of ``items`` were decided when listed
        self.position = 0
        self.fetched: tuple[PassageKey, PassageView | None] | None = None  # the one shown
        self.shown_scope: Scope | None = None  # what ``items`` were listed for
        self.shown_key: PassageKey | None = None  # the passage the form is set for
        self.wanted_code: int | None = None  # the code the researcher picked on it
        self.form_coders: tuple[str, ...] | None = None  # whom the form's options are for
        self.lister = LatestOnly(self, workbench.report_error)
        self.follow = FollowLater(self, workbench)
        self.setWidget(scrolling(self.build()))
        for worker in (self.chooser, self.lister):
            worker.busy_changed.connect(lambda _busy: self.show_busy())
        workbench.changed.connect(self.on_changed)
        self.when_shown.run("choices", self.refresh_choices)

    # -- building --------------------------------------------------------------------------------

    def build(self) -> QWidget:
        bar = self.scope_bar = ScopeBar(self.workbench)
        self.chooser, self.coders = bar.chooser, bar.coders
        self.code_filter, self.document_filter = bar.code_filter, bar.document_filter
        bar.changed.connect(self.reload)
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m decided")
        self.counting = QLabel()
        self.counting.setMinimumWidth(self.counting.fontMetrics().horizontalAdvance(COUNTING) + 8)
        self.counting.setStyleSheet("color: palette(placeholder-text)")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.context = QTextBrowser()
        self.context.setMinimumHeight(90)  # and no taller a wish: the dock fits a laptop
        self.context.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.context.selectionChanged.connect(self.on_passage_selection)
        self.codes = PassageCodes()
        self.codes.code_clicked.connect(self.on_code_clicked)
        self.memos = QLabel(objectName="workshop_memos", wordWrap=True)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        form = self.decision_form()
        layout = QVBoxLayout()
        layout.addWidget(self.scope_bar)
        for row in (self.progress_row(), self.navigation_row()):
            layout.addLayout(row)
        layout.addWidget(self.legend)
        layout.addWidget(self.context, 2)
        layout.addWidget(self.codes)
        layout.addWidget(self.memos)
        layout.addLayout(form)
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    def progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.counting)
        row.addWidget(self.form.export_button)
        return row

    def navigation_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.where, 1)
        row.addWidget(self.next_button)
        return row

    def decision_form(self) -> DecisionForm:
        form = self.form = DecisionForm(self)
        self.choice_buttons, self.rationale = form.choice_buttons, form.rationale
        self.custom_start, self.custom_end = form.custom_start, form.custom_end
        self.keep_coder, self.majority_k = form.keep_coder, form.majority_k
        self.code_choice = form.code_choice
        self.attendees, self.decide_button = form.attendees, form.decide_button
        form.code_choice.activated.connect(lambda _i: self.pick(form.code_choice.currentData()))
        form.decide_button.clicked.connect(lambda: self.record())
        form.export_button.clicked.connect(self.ask_export)
        return form

    # -- loading ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether choices or passages are still being read off the UI thread."""
        return self.chooser.busy or self.lister.busy

    def show_busy(self) -> None:
        self.counting.setText(COUNTING if self.busy else "")

    def refresh_choices(self) -> None:
        """Fill the coder list and the filters (off the UI thread), keeping choices."""
        self.scope_bar.refresh()
        if self.shown_scope is None:
            self.show_current(follow=False)  # "Counting…", with nothing to decide yet

    def scope(self) -> Scope:
        return self.scope_bar.scope()

    def reload(self) -> None:
        """List the passages in scope off the UI thread (the latest request wins).

        Passages are only named here (``current`` reads the one shown in full). For another
        scope the passages on screen no longer answer it: they are put away, so nothing can
        be decided on them meanwhile. For the same scope (a refresh) they stay and can be
        decided; ``decide_passage`` refuses a passage whose coding changed since.
        """
        scope = self.scope()
        session_of = self.workbench.session

        def compute() -> Listing:
            if len(scope[0]) < 2:
                return [], ""
            with session_of() as session:
                try:
                    return list_keys(session, *scope), ""
                except QcodeError as exc:
                    return [], str(exc)

        if scope[0] != self.form_coders:
            self.form_coders = scope[0]
            self.form.set_coders(list(scope[0]))
        self.lister.run(compute, lambda listing: self.show_listing(scope, *listing))
        if scope != self.shown_scope:
            self.take_listing([], None)
            self.show_current(follow=False)

    def show_listing(self, scope: Scope, items: list[Listed], refusal: str) -> None:
        """Show a new listing at the passage that was current; only a wish to follow moves
        the text."""
        if refusal:
            self.workbench.report_error(refusal)
        same = scope == self.shown_scope
        current = self.current() if same else None
        before = (current, self.position, len(self.items))
        self.take_listing(items, scope, self.current_key() if same else None)
        follow = self.follow.take()
        unchanged = current is not None and before == (self.current(), self.position, len(items))
        if unchanged and not follow:
            self.show_progress()  # the same passage, unchanged: a custom span being set stays
        else:
            self.show_current(follow=follow)  # a refresh never moves the transcript

    def on_changed(self, change: Change | None) -> None:
        if touches(change, "coders", "codes", "documents"):
            self.when_shown.run("choices", self.refresh_choices)
        elif touches(change, "segments", "workshop_decisions"):
            self.when_shown.run("reload", self.reload)

    # -- stepping --------------------------------------------------------------------------------

    def take_listing(
        self, items: list[Listed], scope: Scope | None, key: PassageKey | None = None
    ) -> None:
        """Hold a new listing, at the passage ``key`` names if it is still listed; none read."""
        self.items, self.shown_scope, self.fetched = items, scope, None
        self.decided = sum(item.decided for item in items)
        self.position = place_of(items, key, self.position) if scope is not None else 0

    def current_key(self) -> PassageKey | None:
        return self.items[self.position].key if self.items else None

    def current(self) -> PassageView | None:
        """The passage shown, in full (None: nothing listed, or the coders no longer differ).

        Only this passage is read in full, on the UI thread: one document, a few
        milliseconds at any project size. It is read again when a new listing comes.
        """
        key = self.current_key()
        if key is None:
            return None
        if self.fetched is None or self.fetched[0] != key:
            self.fetched = (key, self.read_passage(key))
        return self.fetched[1]

    def read_passage(self, key: PassageKey) -> PassageView | None:
        try:
            with self.workbench.session() as session:
                return get_passage(session, key)
        except QcodeError:
            return None  # a coder or the document is gone: the recount will show it

    def step(self, direction: int) -> None:
        if self.items:
            self.position = (self.position + direction) % len(self.items)
            self.show_current()

    def show_current(self, follow: bool = True) -> None:
        """Show the current passage here; ``follow`` (the user asked) shows it in the text."""
        self.show_progress()
        view = self.current()
        for widget in (self.previous_button, self.next_button):
            widget.setEnabled(bool(self.items))
        self.decide_button.setEnabled(view is not None and bool(view.differing))
        self.codes.show_passage(view)
        self.memos.setText(memo_text(view))
        if view is None:
            self.shown_key = None
            self.where.setText(self.nothing_to_show())
            self.context.clear()
            self.legend.clear()
            self.form.set_codes((), None)
            return
        if view.key != self.shown_key:
            self.shown_key, self.wanted_code = view.key, None
            self.form.set_span(view.key.span)
        self.form.set_codes(view.differing, self.code_to_decide(view))
        self.where.setText(f"{self.position + 1} of {len(self.items)}: {where_words(view)}")
        self.show_context()
        if follow:
            self.show_in_text()

    def code_to_decide(self, view: PassageView) -> int | None:
        """The code picked on this passage, else the first undecided one (the filter's first)."""
        differing = [code.code_id for code in view.differing]
        if self.wanted_code in differing:
            return self.wanted_code
        open_codes = [code for code in view.differing if code.decision is None]
        in_scope = [code for code in open_codes if code.code_id == self.code_filter.currentData()]
        for codes in (in_scope, open_codes):
            if codes:
                return codes[0].code_id
        return differing[0] if differing else None

    def code_shown(self, view: PassageView) -> CodeOnPassage | None:
        chosen = self.code_choice.currentData()
        return next((code for code in view.codes if code.code_id == chosen), None)

    def show_context(self) -> None:
        """The context, shaded for the code being decided; its row marked in the table."""
        view = self.current()
        if view is None:
            return
        code = self.code_shown(view)
        self.legend.setText(shading.legend(view, code))
        self.context.setHtml(shading.shaded_context(view, code))
        shading.scroll_to_passage(self.context, view)
        self.codes.select_code(code.code_id if code is not None else None)

    def pick(self, code_id: int | None) -> None:
        """The researcher chose a code to decide (in the Code box or the table)."""
        self.wanted_code = code_id
        found = self.code_choice.findData(code_id)
        if found >= 0:
            self.code_choice.setCurrentIndex(found)
        self.show_context()

    def on_code_clicked(self, code_id: int) -> None:
        """A click on a code's row: decide that one, and see the passage in the text."""
        if self.code_choice.findData(code_id) >= 0:
            self.pick(code_id)
        self.show_in_text()

    def nothing_to_show(self) -> str:
        counting = "Counting the passages where the coders differ…"
        if len(self.scope_bar.ticked()) < 2:
            return counting if self.chooser.busy else TICK_TWO  # no coders to tick yet
        if self.items:
            return (
                f"{self.position + 1} of {len(self.items)}: the coders no longer differ here "
                "(the coding changed since it was counted)."
            )
        if self.busy and self.shown_scope is None:
            return counting
        return "No disagreements among these coders here."

    def show_progress(self) -> None:
        self.progress.setMaximum(max(len(self.items), 1))
        self.progress.setValue(self.decided)

    def show_in_text(self) -> None:
        """Open the current passage in the transcript and select it.

        While the passages are still being counted, it is shown when they arrive, unless
        the researcher has moved on by then.
        """
        view = self.current()
        if view is not None:
            self.workbench.show_text.emit(view.key.document_id, view.key.start, view.key.end)
        elif self.busy:
            self.follow.want()

    def on_passage_selection(self) -> None:
        """Selecting words of the context proposes them as the custom span."""
        view = self.current()
        span = shading.selected_span(self.context, view) if view is not None else None
        if span is not None:
            self.form.choose("custom")
            self.form.set_span(span)

    # -- deciding --------------------------------------------------------------------------------

    def record(self, replace: bool = False) -> Change | None:
        """Decide the code chosen on the passage shown; a code decided there before is
        decided again only once the researcher confirms replacing it."""
        view = self.current()
        if view is None:
            return None
        chosen, people = self.form.decision(), self.form.people()
        if chosen.code_id is None:
            self.workbench.report_error("the coders agree on every code here: nothing to decide")
            return None
        rationale = self.rationale.toPlainText().strip()
        what = (view.key, chosen.code_id, chosen.choice, rationale, people, self.workbench.coder)
        try:
            change = decide_passage(
                self.workbench.project,
                *what,
                keep=chosen.keep,
                k=chosen.k,
                custom_span=chosen.custom_span,
                replace=replace,
            )
        except AlreadyDecided as exc:
            self.confirm_box = ask_replace(self, list(exc.earlier), lambda: self.record(True))
            return None
        except Exception as exc:  # noqa: BLE001 - said in one line, as Workbench.run does
            self.workbench.report_failure(exc)
            return None
        self.workbench.run(lambda: change)  # remembered for undo, announced
        self.after_decision()
        return change

    def after_decision(self) -> None:
        """Read the passage again; once each of its codes is decided, go to the next one."""
        self.rationale.clear()
        self.fetched, self.wanted_code = None, None
        view = self.current()
        here = self.position
        if view is not None and self.all_decided(view):
            self.items[here] = Listed(self.items[here].key, True)
            self.decided = sum(item.decided for item in self.items)
            self.position = next_undecided(self.items, here)
        self.show_current(follow=self.position != here)

    def all_decided(self, view: PassageView) -> bool:
        """Every differing code (the one filtered for, if any) has a decision here."""
        wanted = self.code_filter.currentData()
        return all(
            code.decision is not None
            for code in view.differing
            if wanted is None or code.code_id == wanted
        )

    def ask_export(self) -> None:
        path = ask_path(self)
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> str | None:
        return export_log(self.workbench, path)
