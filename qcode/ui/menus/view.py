"""View: show or hide every panel, and put them all back where they started."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDockWidget

from qcode.ui.menus.bar import MenuBar

TITLE = "&View"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    menu = bar.menu(TITLE)
    for dock in window.findChildren(QDockWidget):
        menu.addAction(dock.toggleViewAction())
    bar.separator(TITLE)
    bar.add(TITLE, "&Reset layout", window.reset_layout)
