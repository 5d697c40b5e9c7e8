"""Adding actions to the window's menus by title, with NVivo-style shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Shortcut = QKeySequence.StandardKey | str | None


class MenuBar:
    """The window's menus by title ("&File"); each added action may carry a shortcut."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.menus: dict[str, QMenu] = {}

    def menu(self, title: str) -> QMenu:
        found = self.menus.get(title)
        if found is None:
            found = self.menus[title] = self.window.menuBar().addMenu(title)
        return found

    def add(
        self,
        title: str,
        text: str,
        slot: Callable[..., object],
        shortcut: Shortcut = None,
        into: QMenu | None = None,
    ) -> QAction:
        """An action ``text`` in menu ``title`` (or in the submenu ``into``) running ``slot``."""
        action = (into or self.menu(title)).addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return action

    def separator(self, title: str) -> None:
        self.menu(title).addSeparator()


def menu_actions(menu: QMenu, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], QAction]]:
    """Every action under a menu with its path of titles (ampersands dropped), submenus too."""
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        here = (*path, action.text().replace("&", ""))
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found.extend(menu_actions(submenu, here))
        else:
            found.append((here, action))
    return found


def window_actions(window: QMainWindow) -> list[tuple[tuple[str, ...], QAction]]:
    """Every action of the window's menu bar with its path, menu title first."""
    found = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found.extend(menu_actions(menu, (top.text().replace("&", ""),)))
    return found
