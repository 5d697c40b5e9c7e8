"""The search dock (being built: a placeholder that already has its name and title)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from qcode.ui.workbench import Workbench


class SearchDock(QDockWidget):
    """The search dock."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Search", parent)
        self.setObjectName("SearchDock")
        self.workbench = workbench
