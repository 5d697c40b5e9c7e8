"""The menu crawl's hands and eyes: answer whatever dialog an action opens, see what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from qcode.ui.background import LatestOnly
from qcode.ui.project_dialogs import filter_suffixes
from tests.ui.menus import every_action

Role = QDialogButtonBox.ButtonRole
ACCEPTING = (Role.AcceptRole, Role.YesRole)
CANCELLING = (Role.RejectRole, Role.NoRole)
IGNORED_FILES = ("-wal", "-shm", "-journal")


# -- which windows are up ----------------------------------------------------------------------


def shown_top_levels() -> list[QWidget]:
    """Visible windows and dialogs (popped-up menus, lists and tooltips aside)."""
    passing = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and not isinstance(w, QMenu) and w.windowType() not in passing
    ]


def main_windows() -> list[QMainWindow]:
    return [w for w in shown_top_levels() if isinstance(w, QMainWindow)]


def busy() -> bool:
    """A window's task or a dock's background read still running."""
    for window in main_windows():
        jobs = getattr(window, "jobs", None)
        if jobs is not None and jobs.busy:
            return True
        if any(worker.busy for worker in window.findChildren(LatestOnly)):
            return True
    return False


# -- answering dialogs ---------------------------------------------------------------------------


def describe(dialog: QWidget) -> str:
    return f"{type(dialog).__name__} “{dialog.windowTitle()}”"


def buttons_of(dialog: QWidget, roles: Iterable[Role]) -> list[QAbstractButton]:
    found = []
    for box in dialog.findChildren(QDialogButtonBox):
        if box.isVisible():
            found += [b for b in box.buttons() if box.buttonRole(b) in roles and b.isEnabled()]
    return found


def refusal_text(dialog: QWidget) -> str:
    """What a dialog that stayed open says (its red error line, if it has one)."""
    error = getattr(dialog, "error", None)
    return error.text() if error is not None and hasattr(error, "text") else ""


class Answerer(QObject):
    """While an action runs: fill in and accept each dialog that appears; cancel it if refused.

    Dialogs shown before :meth:`start` are left alone, as is a task's progress dialog.
    ``files`` are offered to a dialog that opens a file (the first of a suffix it accepts);
    a save dialog writes into ``out``. Clicks are posted, so a dialog they open modally is
    answered by the same watch.
    """

    def __init__(self, files: list[Path], out: Path, current_code: int | None) -> None:
        super().__init__()
        self.files, self.out, self.current_code = files, out, current_code
        self.known: set[int] = set()
        self.state: dict[QWidget, str] = {}
        self.seen: list[str] = []  # every dialog that appeared, in order
        self.refused: list[str] = []  # dialogs that stayed open when accepted
        self.stuck: list[str] = []  # dialogs that no button closed
        self.timer = QTimer(self, interval=10)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.known = {id(w) for w in shown_top_levels()}
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def pending(self) -> list[QDialog]:
        return [
            w
            for w in shown_top_levels()
            if isinstance(w, QDialog)
            and not isinstance(w, QProgressDialog)
            and id(w) not in self.known
        ]

    def tick(self) -> None:
        for dialog in self.pending():
            state = self.state.get(dialog)
            if state is None:
                self.seen.append(describe(dialog))
                self.post(dialog, self.accept)
            elif state == "accepted":
                self.refused.append(f"{describe(dialog)}: {refusal_text(dialog)}".rstrip(": "))
                self.post(dialog, self.cancel)
            elif state == "cancelled":
                self.stuck.append(describe(dialog))
                dialog.reject()  # the test fails on it; the window is not left with it open

    def post(self, dialog: QDialog, step: Callable[[QDialog], str]) -> None:
        """Run ``step`` on the dialog from the event loop; then note where it got to."""
        self.state[dialog] = "working"

        def run() -> None:
            if not shiboken6.isValid(dialog):
                return
            try:
                outcome = step(dialog)
            except Exception as exc:  # noqa: BLE001 - said by the test; the dialog must not stay
                self.stuck.append(f"{describe(dialog)}: {exc!r}")
                if shiboken6.isValid(dialog):
                    dialog.reject()
                return
            if shiboken6.isValid(dialog):
                self.state[dialog] = outcome

        QTimer.singleShot(0, run)

    def accept(self, dialog: QDialog) -> str:
        if isinstance(dialog, QFileDialog):
            return self.answer_file(dialog)
        fill(dialog, self.current_code)
        accepting = buttons_of(dialog, ACCEPTING)
        if accepting:
            accepting[0].click()
            return "accepted"
        edits = [e for e in dialog.findChildren(QLineEdit) if e.isVisible() and e.isEnabled()]
        if edits:  # a picker without buttons: Enter takes the highlighted entry
            QTest.keyClick(edits[0], Qt.Key.Key_Return)
            return "accepted"
        return self.cancel(dialog)

    def cancel(self, dialog: QDialog) -> str:
        cancelling = buttons_of(dialog, CANCELLING)
        if cancelling:
            cancelling[0].click()
        else:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        return "cancelled"

    def answer_file(self, dialog: QFileDialog) -> str:
        """Save into ``out`` under the proposed name; open the first offered file that fits."""
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            proposed = name.text() or "crawl-output"
            self.out.mkdir(exist_ok=True)
            dialog.setDirectory(str(self.out))
            name.setText(proposed)
        else:
            suffixes = {s for f in dialog.nameFilters() for s in filter_suffixes(f)}
            chosen = next((f for f in self.files if f.suffix in suffixes), None)
            if chosen is None:
                return self.cancel(dialog)
            dialog.setDirectory(str(chosen.parent))
            name.setText(chosen.name)
        buttons_of(dialog, ACCEPTING)[0].click()
        return "accepted"


def fill(dialog: QDialog, current_code: int | None) -> None:
    """Fill in what a user must before OK: empty names and texts, one tick where none is."""
    special = FILLERS.get(type(dialog).__name__)
    if special is not None:
        special(dialog, current_code)
        return
    for number, edit in enumerate(editable(dialog, QLineEdit), start=1):
        if not edit.text():
            QTest.keyClicks(edit, f"Crawl {number}")
    for box in editable(dialog, QPlainTextEdit):
        if not box.toPlainText():
            QTest.keyClicks(box, "Written by the menu crawl")
    for checks in dialog.findChildren(QListWidget):
        items = [checks.item(row) for row in range(checks.count())]
        checkable = [i for i in items if i.flags() & Qt.ItemFlag.ItemIsUserCheckable]
        if checkable and all(i.checkState() == Qt.CheckState.Unchecked for i in checkable):
            checkable[0].setCheckState(Qt.CheckState.Checked)


def editable(dialog: QDialog, kind: type) -> list[Any]:
    return [
        w
        for w in dialog.findChildren(kind)
        if w.isVisible() and w.isEnabled() and not w.isReadOnly() and not in_spin_box(w)
    ]


def in_spin_box(widget: QWidget) -> bool:
    return isinstance(widget.parent(), QSpinBox)


def rename(dialog: Any, _code: int | None) -> None:
    dialog.name.setFocus()
    QTest.keyClick(dialog.name, Qt.Key.Key_End)
    QTest.keyClicks(dialog.name, " (renamed)")


def next_wave(dialog: Any, _code: int | None) -> None:
    if dialog.wave.isEnabled():
        QTest.keyClick(dialog.wave, Qt.Key.Key_Up)


def another_code(dialog: Any, current_code: int | None) -> None:
    """The code picker: step past the current code (merging a code into itself does nothing)."""
    item = dialog.matches.currentItem()
    if item is not None and item.data(Qt.ItemDataRole.UserRole) == current_code:
        QTest.keyClick(dialog, Qt.Key.Key_Down)


def describe_more(dialog: Any, _code: int | None) -> None:
    box = dialog.boxes["description"]
    box.moveCursor(box.textCursor().MoveOperation.End)
    QTest.keyClicks(box, " Seen again by the menu crawl.")


def a_colour(dialog: QColorDialog, _code: int | None) -> None:
    dialog.setCurrentColor(QColor("#3b7a57"))


# The few dialogs whose prefilled fields must change for OK to do something.
def unreachable_server(dialog: Any, _code: int | None) -> None:
    """A team project's URL on a port nothing listens on: the crawl has no server of its own
    (opening a real one is tests/ui/test_team_project.py's)."""
    from tests.postgres_server import free_port

    dialog.url.setText(f"postgresql://crawl@127.0.0.1:{free_port()}/study")


FILLERS: dict[str, Callable[[Any, int | None], None]] = {
    "RenameDialog": rename,
    "TeamProjectDialog": unreachable_server,
    "ParticipantDialog": next_wave,
    "CodePickerDialog": another_code,
    "QColorDialog": a_colour,
    "DescriptionDialog": describe_more,
}


# -- what a user sees -----------------------------------------------------------------------------


def model_text(model: QAbstractItemModel, limit: int = 400) -> list[str]:
    """The cells' text and colour swatch, rows depth first (at most ``limit`` rows)."""
    rows: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            if len(rows) >= limit:
                return
            cells = [model.index(row, c, parent) for c in range(model.columnCount(parent))]
            colour = cells[0].data(Qt.ItemDataRole.DecorationRole) if cells else None
            texts = [str(cell.data() or "") for cell in cells]
            rows.append(" | ".join([*texts, colour.name() if isinstance(colour, QColor) else ""]))
            if cells:
                walk(cells[0])

    walk(QModelIndex())
    return rows


def dock_states(window: QMainWindow) -> list[tuple[str, bool, bool]]:
    """Each dock: its tab or frame present, and on top (some of it on screen)."""
    return [
        (dock.windowTitle(), not dock.isHidden(), not dock.visibleRegion().isEmpty())
        for dock in window.findChildren(QDockWidget)
    ]


def files_under(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file()
        and "cfg" not in p.relative_to(folder).parts
        and not p.name.endswith(IGNORED_FILES)
    )


def snapshot(window: Any, folder: Path) -> dict[str, object]:
    """A cheap picture of what the user sees of ``window`` and the program around it."""
    transcript = window.transcript
    focus = QApplication.focusWidget()
    return {
        "windows": sorted(f"{type(w).__name__}: {w.windowTitle()}" for w in shown_top_levels()),
        "window shown": window.isVisible(),
        "title": window.windowTitle(),
        "status": window.status_label.text(),
        "docks": dock_states(window),
        "document": (transcript.document_id(), transcript.title.text()),
        "selection": transcript.view.selected_span(),
        "menus": [
            (" ▸ ".join(path), action.isEnabled()) for path, action in every_action(window).items()
        ],
        "codebook": model_text(window.codebook.model),
        "codebook editing": window.codebook.tree.state().name,
        "documents": model_text(window.documents.model),
        "focus": type(focus).__name__ if focus is not None else None,
        "files": files_under(folder),
        "clipboard": QApplication.clipboard().text(),
    }


def changes(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return [key for key in before if before[key] != after[key]]
