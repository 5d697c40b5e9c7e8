"""The window beside other writers: coding waits its turn, a busy file or a refused undo is said."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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
