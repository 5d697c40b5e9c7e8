"""The secondary docks of the main window: memos, search, matrix, cases and the audit log."""

from __future__ import annotations

from qcode.ui.docks.audit import AuditLogDock
from qcode.ui.docks.cases import CasesDock
from qcode.ui.docks.matrix import MatrixDock
from qcode.ui.docks.memo import MemoDock
from qcode.ui.docks.search import SearchDock

SECONDARY_DOCKS = (MemoDock, SearchDock, MatrixDock, CasesDock, AuditLogDock)

__all__ = ["SECONDARY_DOCKS", "AuditLogDock", "CasesDock", "MatrixDock", "MemoDock", "SearchDock"]
