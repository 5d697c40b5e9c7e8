"""File ▸ New project, Open, Open recent and Close, driven through the menu and its dialogs."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidget

from qcode.services.codebook.edit import codebook_tree
from qcode.store.project import Project, create_project, open_project
from qcode.ui.main_window import MainWindow
from qcode.ui.project_dialogs import recent_projects, remember_project
from qcode.ui.workbench import Workbench
from tests.helpers import add_text
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import action_at, every_action, trigger

WORKWELL = [
    "Better physical and psychological health",
    "Better relationships",
    "Better specialist support",
    "Better work",
]


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A second project on disk with one interview."""
    path = tmp_path / "other.qcode"
    with create_project(path, title="Other study") as project:
        add_text(project, "PZ 1", "PZ: Nothing changed for me at work.\n", "PZ", 1)
    return path


def current(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window the project menu opened last (registered to be closed after the test)."""
    shown = window.projects.window
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    return shown


def top_codes(project: Project) -> list[str]:
    with project.session() as session:
        return sorted(node.path[0] for node in codebook_tree(session) if node.depth == 0)


def open_by_menu(qtbot, window: MainWindow, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    trigger(window, "File", "Open…")
    answer_file_dialog(qtbot, window, path)
    return current(qtbot, window)


def test_new_project_with_the_workwell_codebook_opens_in_place(qtbot, window, tmp_path) -> None:
    trigger(window, "File", "New project…")
    dialog = window.projects.new_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title, "Nurses study")
    assert Path(dialog.target.text()) == tmp_path / "nurses-study.qcode"  # beside the open one
    assert dialog.template.currentText() == "BITC Workwell"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    opened = current(qtbot, window)
    assert opened is not window and not window.isVisible()
    assert opened.workbench.project.path == tmp_path / "nurses-study.qcode"
    assert opened.windowTitle() == "nurses-study — qcode"
    assert top_codes(opened.workbench.project) == WORKWELL
    assert opened.workbench.coder == "Ana"  # the same person goes on coding
    assert recent_projects()[0] == (tmp_path / "nurses-study.qcode").resolve()


def test_new_empty_project_and_a_refused_name(qtbot, window, tmp_path, other) -> None:
    trigger(window, "File", "New project…")
    dialog = window.projects.new_dialog
    qtbot.waitExposed(dialog)
    dialog.template.setCurrentText("None")
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(other))  # a file that exists already
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "already exists" in dialog.error.text()
    assert window.projects.window is window and window.isVisible()
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, "empty")  # relative to the folder; .qcode added
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    opened = current(qtbot, window)
    assert opened.workbench.project.path == tmp_path / "empty.qcode"
    assert top_codes(opened.workbench.project) == []


def test_open_a_project_from_the_file_dialog(qtbot, window, other) -> None:
    opened = open_by_menu(qtbot, window, other)
    assert opened.workbench.project.path == other
    assert opened.documents.first_document() is not None
    assert opened.transcript.document_id() == opened.documents.first_document()
    assert not window.isVisible()
    assert "Opened other.qcode" in opened.status_label.text()
    with open_project(other) as again:  # the closed window let go of the file
        assert again.path == other


def test_a_damaged_file_is_one_line_and_the_project_stays_open(qtbot, window, tmp_path) -> None:
    bad = tmp_path / "bad.qcode"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a project")
    trigger(window, "File", "Open…")
    answer_file_dialog(qtbot, window, bad)
    assert window.projects.window is window and window.isVisible()
    assert window.workbench.errors == [f"{bad}: is not a qcode project (not a project database)"]
    assert window.status_label.text() == window.workbench.errors[-1]
    assert bad not in recent_projects()
    trigger(window, "Edit", "Find in all documents…")  # the window goes on working


def test_open_recent_newest_first_without_missing_files(qtbot, window, tmp_path, other) -> None:
    with create_project(tmp_path / "third.qcode", title="Third"):
        pass
    second = open_by_menu(qtbot, window, other)
    third = open_by_menu(qtbot, second, tmp_path / "third.qcode")
    recent = third.recent_menu
    names = [a.text().split(" ")[1] for a in recent.actions() if not a.isSeparator()][:-1]
    assert names == ["third.qcode", "other.qcode", "ui.qcode"]
    other.unlink()
    recent.popup(third.mapToGlobal(third.rect().center()))  # the user opens the submenu
    qtbot.waitUntil(recent.isVisible)
    recent.hide()
    texts = [path[-1] for path in every_action(third) if path[:2] == ("File", "Open recent")]
    assert [t.split(" ")[1] for t in texts[:-1]] == ["third.qcode", "ui.qcode"]
    trigger(third, "File", "Open recent", texts[1])
    again = current(qtbot, third)
    assert again.workbench.project.path.name == "ui.qcode"
    assert recent_projects()[0].name == "ui.qcode"


def test_open_recent_keeps_eight_and_clears(qtbot, window, tmp_path) -> None:
    for number in range(10):
        path = tmp_path / f"p{number}.qcode"
        path.write_bytes(b"")  # only their names matter to the list
        remember_project(path)
    recent = window.recent_menu
    recent.aboutToShow.emit()
    entries = [path[-1] for path in every_action(window) if path[:2] == ("File", "Open recent")]
    assert len(entries) == 9 and entries[-1] == "Clear recent"
    assert entries[0].startswith("1 p9.qcode") and entries[7].startswith("8 p2.qcode")
    trigger(window, "File", "Open recent", "Clear recent")
    entries = [path[-1] for path in every_action(window) if path[:2] == ("File", "Open recent")]
    assert entries == ["No recent projects", "Clear recent"]
    assert not action_at(window, "File", "Open recent", "Clear recent").isEnabled()


def test_close_shows_the_start_window_and_open_works_from_it(qtbot, window, workbench) -> None:
    path = workbench.project.path
    segments_before = segment_count(path)
    trigger(window, "File", "Close")
    start = window.projects.start
    qtbot.addWidget(start)
    qtbot.waitExposed(start)
    assert not window.isVisible() and window.projects.window is None
    assert start.recent.count() == 1 and start.recent.item(0).toolTip() == str(path.resolve())
    start.open_button.click()
    answer_file_dialog(qtbot, start, path)
    reopened = current(qtbot, window)
    assert reopened.workbench.project.path == path and not start.isVisible()
    assert segment_count(path) == segments_before  # nothing lost on the way


def test_reopen_from_the_start_windows_recent_list(qtbot, window, workbench) -> None:
    trigger(window, "File", "Close")
    start = window.projects.start
    qtbot.addWidget(start)
    qtbot.waitExposed(start)
    item = start.recent.item(0)
    rect = start.recent.visualItemRect(item)
    viewport, left = start.recent.viewport(), Qt.MouseButton.LeftButton
    qtbot.mouseClick(viewport, left, pos=rect.center())  # a double-click's first press
    qtbot.mouseDClick(viewport, left, pos=rect.center())
    reopened = current(qtbot, window)
    assert reopened.workbench.project.path == workbench.project.path


def test_close_refuses_while_a_memo_is_unsaved(qtbot, window) -> None:
    memo = window.memo_dock
    memo.show()
    memo.raise_()
    qtbot.waitUntil(lambda: not memo.visibleRegion().isEmpty())
    tree, model = window.documents.tree, window.documents.model
    index = model.index_of(window.documents.first_document())
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(memo.text_box.isEnabled)
    qtbot.keyClicks(memo.text_box, "half a thought")
    trigger(window, "File", "Close")
    assert window.isVisible() and window.projects.window is window
    assert window.workbench.errors[-1].startswith("the memo panel holds an unsaved memo")
    assert window.projects.start is None


def test_project_shortcuts_as_nvivo_has_them(qtbot, window) -> None:
    keys = {path: action.shortcut().toString() for path, action in every_action(window).items()}
    assert keys[("File", "New project…")] == "Ctrl+N"
    assert keys[("File", "Open…")] == "Ctrl+O"
    assert keys[("File", "Close")] == "Ctrl+W"
    assert keys[("File", "Import documents…")] == "Ctrl+Shift+I"
    assert keys[("Code", "Code in vivo")] == "Ctrl+I"
    shortcuts = [k for k in keys.values() if k]
    assert len(shortcuts) == len(set(shortcuts))  # no two actions share one
    trigger(window, "Help", "Keyboard shortcuts")
    table = window.shortcuts_dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["File ▸ Open…"] == "Ctrl+O"
    assert rows["File ▸ Import documents…"] == "Ctrl+Shift+I"


def test_the_apps_windows_are_freed_when_another_project_opens(
    qtbot, ui_project, other, monkeypatch
) -> None:
    from qcode.ui.app import app_projects, open_window

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app's hook is put back after
    projects = app_projects("Ana", ask=False)
    first = open_window(ui_project, "Ana", ask=False)
    projects.adopt(first)
    first.show()
    trigger(first, "File", "Open…")
    with qtbot.waitSignal(first.destroyed, timeout=10000):
        answer_file_dialog(qtbot, first, other)
    second = projects.window
    qtbot.addWidget(second)
    assert second.workbench.project.path == other
    assert second.transcript.document_id() == second.documents.first_document()
    projects.shutdown()


def segment_count(path: Path) -> int:
    from sqlalchemy import func, select

    from qcode.store.models import Segment

    with open_project(path) as project, project.session() as session:
        return int(session.scalar(select(func.count(Segment.id))) or 0)


def test_an_opened_window_is_frozen_out_of_full_collections_until_it_closes(
    qtbot, window, other
) -> None:
    gc.unfreeze()
    opened = open_by_menu(qtbot, window, other)
    assert opened.workbench.project.path == other
    # the window, SQLAlchemy, Qt's wrappers: kept out, once the old window has gone
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 10_000)
    trigger(opened, "File", "Close")
    qtbot.addWidget(opened.projects.start)
    assert gc.get_freeze_count() == 0  # closed: its cycles can be collected again
