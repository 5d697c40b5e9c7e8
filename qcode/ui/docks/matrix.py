"""The matrix dock (being built: a placeholder that already has its name and title)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from qcode.ui.workbench import Workbench


class MatrixDock(QDockWidget):
    """The matrix dock."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Matrix", parent)
        self.setObjectName("MatrixDock")
        self.workbench = workbench
