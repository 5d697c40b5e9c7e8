"""File: new, open, recent and close projects; import documents; export; leave."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from qcode.ui.menus import exports
from qcode.ui.menus.bar import MenuBar
from qcode.ui.project_dialogs import clear_recent, recent_label, recent_projects
from qcode.ui.projects import Projects

TITLE = "&File"
KEYS = QKeySequence.StandardKey


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&New project…", lambda: Projects.of(window).ask_new(), KEYS.New)
    bar.add(TITLE, "&Open…", lambda: Projects.of(window).ask_open(), KEYS.Open)
    bar.add(TITLE, "Open &team project…", lambda: Projects.of(window).ask_team_project())
    recent = bar.menu(TITLE).addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: fill_recent(window, bar, recent))
    fill_recent(window, bar, recent)
    window.recent_menu = recent
    bar.add(TITLE, "&Close", lambda: Projects.of(window).close_project(), "Ctrl+W")
    bar.separator(TITLE)
    bar.add(TITLE, "&Import documents…", window.ask_import, "Ctrl+Shift+I")
    exports.build(window, bar, TITLE)
    bar.separator(TITLE)
    bar.add(TITLE, "&Quit", window.close, KEYS.Quit)


def fill_recent(window: Any, bar: MenuBar, menu: QMenu) -> None:
    """The recent projects, newest first (files gone since are dropped), then Clear recent."""
    menu.clear()
    paths = recent_projects()
    for number, path in enumerate(paths, start=1):
        action = bar.add(
            TITLE,
            recent_label(number, path),
            lambda path=path: Projects.of(window).open_path(path),
            into=menu,
        )
        action.setStatusTip(str(path))
    if not paths:
        menu.addAction("No recent projects").setEnabled(False)
    menu.addSeparator()
    bar.add(TITLE, "Clear recent", lambda: forget_recent(window, bar, menu), into=menu).setEnabled(
        bool(paths)
    )


def forget_recent(window: Any, bar: MenuBar, menu: QMenu) -> None:
    clear_recent()
    fill_recent(window, bar, menu)
