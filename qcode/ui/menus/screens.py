"""A dock brought up as a researcher does, from its menu, for a picture of the window."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QApplication

from qcode.errors import QcodeError
from qcode.ui.background import LatestOnly
from qcode.ui.menus.bar import window_actions

SETTLE_S = 30.0  # at most this long for the docks' background work before the picture
DOCK_MENUS = {  # --dock NAME: the menu path that brings the dock up
    "workshop": ("Team", "Workshop: walk the disagreements"),
    "compare": ("Team", "Compare coders"),
    "cmo": ("Team", "CMO configurations"),
    "vignettes": ("Team", "Vignettes"),
    "agreement": ("Analyse", "Agreement"),
    "matrix": ("Analyse", "Matrix: codes × documents"),
    "cooccurrence": ("Analyse", "Co-occurrence"),
    "statistics": ("Analyse", "Questionnaire statistics"),
}


def dock_names() -> list[str]:
    return sorted(DOCK_MENUS)


def bring_up(window: Any, name: str) -> None:
    """Trigger the menu action that shows dock ``name``."""
    path = DOCK_MENUS.get(name)
    if path is None:
        raise QcodeError(f"no dock '{name}'; choose one of: {', '.join(dock_names())}")
    for found, action in window_actions(window):
        if found == path:
            action.trigger()
            return
    raise QcodeError(f"no menu action {' ▸ '.join(path)}")


def settle(window: Any) -> None:
    """Process events until no dock of the window is computing (or ``SETTLE_S`` passed)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        for _ in range(3):
            QApplication.processEvents()
        if not any(worker.busy for worker in window.findChildren(LatestOnly)):
            break
        time.sleep(0.02)
    for _ in range(5):
        QApplication.processEvents()
