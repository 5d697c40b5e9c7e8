"""The audit log dock (being built: a placeholder that already has its name and title)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from qcode.ui.workbench import Workbench


class AuditLogDock(QDockWidget):
    """The audit log dock."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Audit log", parent)
        self.setObjectName("AuditLogDock")
        self.workbench = workbench
