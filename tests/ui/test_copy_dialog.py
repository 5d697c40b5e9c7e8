"""Team ▸ Make a coder's copy…, driven through the menu and the dialog's own widgets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from qcode.ui.copy_dialog import CoderCopyDialog
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import audit_count, dump


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def menu_action(window: MainWindow, *path: str) -> QAction:
    """The action at a menu path such as ("Team", "Make a coder's copy…"), mnemonics ignored."""
    actions = window.menuBar().actions()
    for depth, text in enumerate(path):
        found = next(a for a in actions if a.text().replace("&", "") == text)
        if depth == len(path) - 1:
            return found
        actions = found.menu().actions()
    raise AssertionError(path)


def open_dialog(qtbot, window: MainWindow) -> CoderCopyDialog:  # type: ignore[no-untyped-def]
    menu_action(window, "Team", "Make a coder's copy…").trigger()
    dialog = window.findChild(CoderCopyDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def press_ok(qtbot, dialog: CoderCopyDialog) -> None:  # type: ignore[no-untyped-def]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_copy_for_the_current_coder_holds_every_segment(qtbot, window, workbench) -> None:
    project = workbench.project
    before, events = dump(project), audit_count(project)
    dialog = open_dialog(qtbot, window)
    assert dialog.coder.currentText() == "Ana"
    assert Path(dialog.target.text()) == project.path.with_name("ui-ana.qcode")
    press_ok(qtbot, dialog)
    copy = project.path.with_name("ui-ana.qcode")
    assert not dialog.isVisible()
    assert rows(copy, "SELECT guid FROM segments ORDER BY guid") == rows(
        project.path, "SELECT guid FROM segments ORDER BY guid"
    )
    assert len(rows(copy, "SELECT id FROM segments")) == 4
    assert window.status_label.text() == (
        "copied ui.qcode to ui-ana.qcode for Ana: 2 documents, 5 codes, 4 segments"
    )
    assert dump(project) == before and audit_count(project) == events


def test_a_new_coder_typed_in_names_the_file_and_joins_the_copy_only(
    qtbot, window, workbench
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.coder.lineEdit().clear()
    qtbot.keyClicks(dialog.coder.lineEdit(), "Chris Lee")
    assert Path(dialog.target.text()).name == "ui-chris-lee.qcode"
    press_ok(qtbot, dialog)
    copy = workbench.project.path.with_name("ui-chris-lee.qcode")
    assert ("Chris Lee",) in rows(copy, "SELECT name FROM coders")
    assert ("Chris Lee",) not in rows(workbench.project.path, "SELECT name FROM coders")
    assert rows(copy, "SELECT action, actor FROM audit_events ORDER BY id DESC LIMIT 1") == [
        ("add coder", "Ana")
    ]
    assert "for Chris Lee: 2 documents" in window.status_label.text()


def test_an_existing_file_is_refused_and_the_dialog_stays_open(qtbot, window, workbench) -> None:
    taken = workbench.project.path.with_name("taken.qcode")
    taken.write_text("someone's notes")
    dialog = open_dialog(qtbot, window)
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, "taken")  # relative to the project, .qcode added
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "already exists" in dialog.error.text()
    assert "already exists" in workbench.errors[-1]
    assert "already exists" in window.status_label.text()
    assert taken.read_text() == "someone's notes"
    dialog.coder.setCurrentText("Ben")  # a name typed by hand is kept
    assert dialog.target.text() == "taken"


def test_browse_puts_the_chosen_file_in_the_dialog(
    qtbot, window, workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "elsewhere" / "for-ben.qcode"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(chosen), ""))
    )
    dialog = open_dialog(qtbot, window)
    dialog.coder.setCurrentText("Ben")
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.target.text() == str(chosen)
    press_ok(qtbot, dialog)
    assert len(rows(chosen, "SELECT id FROM segments")) == 4
