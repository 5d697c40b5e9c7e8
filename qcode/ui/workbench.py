"""The open project as the GUI sees it: services, undo history, coder, and change signals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSettings, Signal
from sqlalchemy.orm import Session

from qcode import error_log
from qcode.services.codebook.edit import category_refusal
from qcode.services.coders import list_coders
from qcode.services.coding import code_in_vivo, code_span, uncode_segment
from qcode.services.history import Change, History
from qcode.store.project import Project

RECENT_LIMIT = 9


class Workbench(QObject):
    """One open project. Views call services through :meth:`run` and refresh on ``changed``.

    ``changed`` carries the :class:`Change` of a new action, or of its undo or redo; a
    view looks at ``change.tables`` and refreshes only if it shows one of them.
    """

    changed = Signal(object)
    history_changed = Signal()  # the undo/redo stacks changed without a change to the project
    coder_changed = Signal(str)
    show_text = Signal(int, int, int)  # document id, start, end (offsets; end may equal start)
    show_segments = Signal(object)  # a list of segment ids to list in the segments dock
    code_chosen = Signal(int)  # the code the user is working with (codebook selection)
    message = Signal(str, bool)  # text, is_error
    compare_requested = Signal(int, str, str)  # code id, coder A, coder B: compare in the text

    def __init__(self, project: Project, coder: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.history = History(project)
        self.coder: str | None = coder
        self.current_code: int | None = None
        self.recent_codes: list[int] = []
        self.errors: list[str] = []

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; closed (never committed) afterwards."""
        session = self.project.session()
        try:
            yield session
        finally:
            session.close()

    def run(self, action: Callable[[], Change]) -> Change | None:
        """Run one service action; on success remember it for undo and announce it."""
        try:
            change = action()
        except Exception as exc:  # noqa: BLE001 - every failure of an action reaches the user
            self.report_failure(exc)
            return None
        self.history.push(change)
        if not change.is_empty:
            self.message.emit(change.label, False)
            self.changed.emit(change)
        return change

    def undo(self) -> None:
        self._step(self.history.undo, "Undid")

    def redo(self) -> None:
        self._step(self.history.redo, "Redid")

    def _step(self, step: Callable[..., Change | None], verb: str) -> None:
        try:
            change = step(actor=self.coder)
        except Exception as exc:  # noqa: BLE001 - a refused undo is said, never swallowed
            self.report_failure(exc)
            self.history_changed.emit()  # a refused undo may have left the history
            return
        if change is not None:
            self.message.emit(f"{verb} {change.label}", False)
            self.changed.emit(change)

    def reload(self) -> None:
        """Announce that anything may have changed (after an import or a merge)."""
        self.changed.emit(None)

    def report_failure(self, exc: BaseException) -> None:
        """Say in one line why an action failed: qcode's own message, else an internal error."""
        self.report_error(error_log.user_line(exc, self.project.path))

    def report_error(self, text: str) -> None:
        self.errors.append(text)
        self.message.emit(text, True)

    def require_coder(self) -> str | None:
        if not self.coder:
            self.report_error("choose who is coding first (the coder box in the status bar)")
        return self.coder

    def set_coder(self, name: str) -> None:
        """Code as ``name`` from now on; remembered for the next start."""
        name = " ".join(name.split())
        if not name or name == self.coder:
            return
        self.coder = name
        QSettings().setValue("coder/name", name)
        self.coder_changed.emit(name)

    def coder_names(self) -> list[str]:
        with self.session() as session:
            names = [coder.name for coder in list_coders(session)]
        if self.coder and self.coder not in names:
            names.append(self.coder)
        return sorted(names)

    def choose_code(self, code_id: int | None) -> None:
        self.current_code = code_id
        if code_id is not None:
            self.code_chosen.emit(code_id)

    def code_text(self, document_id: int, start: int, end: int, code_id: int) -> Change | None:
        """Code a span of a document with a code, as the current coder."""
        coder = self.require_coder()
        if coder is None:
            return None
        if start >= end:  # (a category says so first; with text, the service refuses it)
            with self.session() as session:
                refusal = category_refusal(session, code_id)
            self.report_error(refusal or "select some text to code first")
            return None
        change = self.run(lambda: code_span(self.project, document_id, code_id, coder, start, end))
        if change is not None:
            self.note_recent(code_id)
        return change

    def code_in_vivo(self, document_id: int, start: int, end: int) -> Change | None:
        """Make a code named from the selected words (under the current code) and code them."""
        coder = self.require_coder()
        if coder is None or start >= end:
            if coder is not None:
                self.report_error("select the words to name the code after")
            return None
        parent = self.current_code
        return self.run(
            lambda: code_in_vivo(self.project, document_id, coder, start, end, parent=parent)
        )

    def uncode(self, segment_id: int) -> Change | None:
        return self.run(lambda: uncode_segment(self.project, segment_id, actor=self.coder))

    def note_recent(self, code_id: int) -> None:
        """Put a code first in the recent codes (bound to Ctrl+1 … Ctrl+9)."""
        if code_id in self.recent_codes:
            self.recent_codes.remove(code_id)
        self.recent_codes.insert(0, code_id)
        del self.recent_codes[RECENT_LIMIT:]


def touches(change: Change | None, *tables: str) -> bool:
    """Whether a view showing ``tables`` must refresh for this change (None: everything)."""
    return change is None or bool(change.tables & set(tables))
