"""File: bring documents in, leave."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence

from qcode.ui.menus.bar import MenuBar

TITLE = "&File"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&Import documents…", window.ask_import, QKeySequence.StandardKey.Open)
    bar.separator(TITLE)
    bar.add(TITLE, "&Quit", window.close, QKeySequence.StandardKey.Quit)
