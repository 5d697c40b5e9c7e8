"""The menu bar: one module per menu, each adding its actions to the main window."""

from __future__ import annotations

from typing import Any

from qcode.ui.menus import (
    analyse,
    codebook_actions,
    coding,
    documents_menu,
    editing,
    files,
    guide,
    team,
    view,
)
from qcode.ui.menus.bar import MenuBar

MENUS = (files, editing, documents_menu, coding, codebook_actions, team, analyse, view, guide)


def build_menus(window: Any) -> MenuBar:  # window: the MainWindow (it imports this)
    bar = MenuBar(window)
    for menu in MENUS:
        menu.build(window, bar)
    return bar
