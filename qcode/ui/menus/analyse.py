"""Analyse: agreement, the code × document matrix, co-occurrence, questionnaire statistics."""

from __future__ import annotations

from typing import Any

from qcode.ui.docks.matrix import MatrixDock
from qcode.ui.menus.bar import MenuBar

TITLE = "&Analyse"


def build(window: Any, bar: MenuBar) -> None:  # window: the MainWindow (it imports this)
    bar.add(TITLE, "&Matrix: codes × documents", lambda: show_dock(window, MatrixDock))


def show_dock(window: Any, kind: type) -> None:
    """Bring a secondary dock to the front (shown and raised, tabbed where it lives)."""
    dock = window.extra_dock(kind)
    dock.show()
    dock.raise_()
