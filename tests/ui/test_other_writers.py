"""The window beside other writers: coding waits its turn, a busy file or a refused undo is said."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from qcode.services.codebook.edit import add_code
from qcode.store.models import Code
from qcode.store.project import (
    Project,
    begin_immediate,
    create_project,
    open_project,
    project_engine,
)
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import add_text

ROOT = Path(__file__).resolve().parents[2]
GUI_ACTIONS = 52
WORKER_OPERATIONS = 500


def menu_action(window: MainWindow, *path: str) -> QAction:
    actions = window.menuBar().actions()
    for depth, text in enumerate(path):
        found = next(a for a in actions if a.text().replace("&", "").startswith(text))
        if depth == len(path) - 1:
            return found
        actions = found.menu().actions()
    raise AssertionError(path)


def make_project(path: Path, busy_deadline: float | None = None) -> Project:
    with create_project(path, title="Shared") as project:
        add_text(project, "PA 1", "y" * 4000, "PA", 1)
        add_code(project, "Theme")
    if busy_deadline is None:
        return open_project(path)
    return Project(path, project_engine(path, busy_deadline=busy_deadline))


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "shared.qcode")
    yield project
    project.close()


def open_window(qtbot, project: Project) -> MainWindow:  # type: ignore[no-untyped-def]
    workbench = Workbench(project, coder="Gui")
    window = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.transcript.open_document(1)
    with workbench.session() as session:
        theme = session.scalars(select(Code.id).where(Code.name == "Theme")).one()
    workbench.choose_code(theme)
    return window


def code_selection(window: MainWindow, start: int, end: int) -> None:
    """Select characters in the transcript and code them with Ctrl+Return, as a user would."""
    window.transcript.view.select_span(start, end)
    menu_action(window, "Code", "Code with current code").trigger()
    QApplication.processEvents()


def worker(path: Path, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.coding_worker", str(path), *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def segments(path: Path) -> list[tuple[str, int, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT c.name, s.start, s."end" FROM segments s JOIN coders c ON c.id = s.coder_id'
            " ORDER BY s.start"
        ).fetchall()
    finally:
        conn.close()


def test_coding_in_the_window_while_a_command_codes_loses_nothing(qtbot, shared) -> None:
    window = open_window(qtbot, shared)
    other = worker(shared.path, "code", "Cli", WORKER_OPERATIONS, 4, 1)
    for n in range(GUI_ACTIONS):
        code_selection(window, 4 * n, 4 * n + 2)
    out, err = other.communicate(timeout=600)
    assert other.returncode == 0, err
    assert '"errors": []' in out
    assert window.workbench.errors == []
    rows = segments(shared.path)
    assert sum(1 for coder, _s, _e in rows if coder == "Gui") == GUI_ACTIONS
    assert sum(1 for coder, _s, _e in rows if coder == "Cli") == WORKER_OPERATIONS


def test_a_file_held_by_another_writer_is_said_in_the_status_bar(qtbot, tmp_path) -> None:
    project = make_project(tmp_path / "held.qcode", busy_deadline=0.3)
    window = open_window(qtbot, project)
    holder = sqlite3.connect(project.path, isolation_level=None)
    begin_immediate(holder)
    try:
        code_selection(window, 10, 20)
        assert "the project is busy" in window.status_label.text()
        assert "\n" not in window.status_label.text()
        assert segments(project.path) == []
    finally:
        holder.rollback()
        holder.close()
    code_selection(window, 10, 20)
    assert segments(project.path) == [("Gui", 10, 20)]
    assert "busy" not in window.status_label.text()
    project.close()


def test_undo_after_another_process_uncoded_and_coded_is_refused(qtbot, shared) -> None:
    window = open_window(qtbot, shared)
    code_selection(window, 100, 120)
    mine = window.workbench.history.undo_stack[-1].value
    other = worker(shared.path, "uncode-and-code", mine, "Cli", 100)
    assert other.wait(timeout=120) == 0
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "cannot undo" in window.status_label.text()
    assert f"segment {mine} was removed since" in window.status_label.text()
    assert segments(shared.path) == [("Cli", 100, 105)]
    assert not window.undo_action.isEnabled()


def test_an_unexpected_failure_is_one_line_in_the_status_bar(
    qtbot, shared, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    window = open_window(qtbot, shared)

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("qcode.ui.workbench.code_span", broken)
    code_selection(window, 5, 9)
    text = window.status_label.text()
    assert text.startswith("internal error (RuntimeError: disk on fire); details in ")
    log = Path(text.split("details in ", 1)[1])
    assert log.is_file() and "disk on fire" in log.read_text(encoding="utf-8")
    assert log.stat().st_mode & 0o077 == 0, "the error log is private to the user"


# -- the window sees what other writers did ---------------------------------------------------

QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent)) or "qcode"
LONG_TEXT = "".join(
    f"Line {n}: the mentor listened and I changed my practice.\n" for n in range(400)
)


def run_cli(*args: object) -> None:
    """The qcode command in a process of its own, as a colleague at a terminal would run it."""
    done = subprocess.run(
        [QCODE, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def code_names(window: MainWindow) -> set[str]:
    """Every code shown in the codebook dock's tree."""
    model, names = window.codebook.tree.model(), set()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            names.add(str(index.data()))
            pending.append(index)
    return names


def marks_by(window: MainWindow, coder: str) -> list[tuple[int, int]]:
    return [
        (m.mark.start, m.mark.end) for m in window.transcript.view.marks if m.mark.coder == coder
    ]


@pytest.fixture
def long_project(tmp_path: Path) -> Iterator[Project]:
    with create_project(tmp_path / "long.qcode", title="Long") as project:
        add_text(project, "PA 1", LONG_TEXT, "PA", 1)
        add_code(project, "Theme")
    project = open_project(tmp_path / "long.qcode")
    yield project
    project.close()


def watch_reloads(window: MainWindow) -> list[object]:
    """The window's "anything may have changed" announcements, as they come."""
    reloads: list[object] = []
    window.workbench.changed.connect(lambda change: change is None and reloads.append(change))
    return reloads


def test_a_command_adding_and_coding_a_code_shows_in_the_open_window(qtbot, long_project) -> None:
    window = open_window(qtbot, long_project)
    window.codebook.show()
    window.codebook.raise_()
    qtbot.waitExposed(window.codebook)
    qtbot.waitUntil(lambda: window.other_writers.polls >= 1)  # the docks' layout has settled
    start = LONG_TEXT.index("Line 200:")
    window.transcript.view.select_span(start, start + 8)
    scroll = window.transcript.view.verticalScrollBar().value()
    assert scroll > 0
    run_cli("codes", long_project.path, "add", "Change/Felt heard")
    theirs = LONG_TEXT.index("listened", LONG_TEXT.index("Line 201:"))
    run_cli(
        "code", long_project.path, "--doc", "PA 1", "--code", "Change/Felt heard",
        "--coder", "Cli", "--span", f"{theirs}:{theirs + 8}",
    )  # fmt: skip
    qtbot.waitUntil(lambda: "Felt heard" in code_names(window), timeout=15000)
    qtbot.waitUntil(lambda: marks_by(window, "Cli") == [(theirs, theirs + 8)], timeout=15000)
    assert {"Change", "Felt heard", "Theme"} <= code_names(window)
    assert window.transcript.view.selected_span() == (start, start + 8)
    assert window.transcript.view.verticalScrollBar().value() == scroll
    assert window.workbench.errors == []


def test_the_windows_own_coding_reloads_nothing(qtbot, long_project) -> None:
    window = open_window(qtbot, long_project)
    watcher = window.other_writers
    reloads = watch_reloads(window)
    code_selection(window, 10, 20)
    code_selection(window, 30, 40)
    looked = watcher.polls
    qtbot.waitUntil(lambda: watcher.polls >= looked + 3, timeout=20000)
    assert reloads == [] and watcher.refreshes == 0
    assert marks_by(window, "Gui") == [(10, 20), (30, 40)]
    run_cli("codes", long_project.path, "add", "Elsewhere")
    qtbot.waitUntil(lambda: watcher.refreshes == 1, timeout=15000)
    assert reloads == [None], "another writer's change is announced once"
    assert "Elsewhere" in code_names(window)


def test_the_windows_own_undo_still_works_after_another_writer(qtbot, long_project) -> None:
    window = open_window(qtbot, long_project)
    code_selection(window, 50, 60)
    run_cli("codes", long_project.path, "add", "From the terminal")
    qtbot.waitUntil(lambda: window.other_writers.refreshes == 1, timeout=15000)
    assert window.undo_action.isEnabled()
    window.transcript.view.setFocus()
    qtbot.keyClick(window.transcript.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert marks_by(window, "Gui") == []
    assert segments(long_project.path) == []
    with window.workbench.session() as session:
        assert "From the terminal" in session.scalars(select(Code.name)).all()


def test_closing_the_window_lets_go_of_the_file(qtbot, long_project) -> None:
    window = open_window(qtbot, long_project)
    watcher = window.other_writers
    window.close()
    assert watcher.watch.connection is None and not watcher.timer.isActive()


def test_a_window_not_shown_hears_nothing_until_it_is(qtbot, long_project) -> None:
    """A window built but never shown (the menu crawl builds one to list its menus) and a
    window whose file is gone do not read the project; shown, the window hears the write."""
    workbench = Workbench(long_project, coder="Gui")
    window = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(window)
    watcher = window.other_writers
    run_cli("codes", long_project.path, "add", "Unseen")
    watcher.poll()
    assert watcher.refreshes == 0  # hidden: nothing read, nothing announced
    window.show()
    qtbot.waitExposed(window)
    watcher.poll()
    assert watcher.refreshes == 1
    assert "Unseen" in code_names(window)
