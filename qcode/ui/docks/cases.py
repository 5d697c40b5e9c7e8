"""The cases dock (being built: a placeholder that already has its name and title)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from qcode.ui.workbench import Workbench


class CasesDock(QDockWidget):
    """The cases dock."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Cases", parent)
        self.setObjectName("CasesDock")
        self.workbench = workbench
