"""The secondary docks, tabbed at the bottom: memos, search, the analyses, cases, the audit log."""

from __future__ import annotations

from qcode.ui.docks.agreement import AgreementDock
from qcode.ui.docks.audit import AuditLogDock
from qcode.ui.docks.cases import CasesDock
from qcode.ui.docks.cooccurrence import CooccurrenceDock
from qcode.ui.docks.matrix import MatrixDock
from qcode.ui.docks.memo import MemoDock
from qcode.ui.docks.search import SearchDock
from qcode.ui.docks.survey_stats import SurveyStatsDock

SECONDARY_DOCKS = (
    MemoDock,
    SearchDock,
    AgreementDock,
    MatrixDock,
    CooccurrenceDock,
    SurveyStatsDock,
    CasesDock,
    AuditLogDock,
)

__all__ = [
    "SECONDARY_DOCKS",
    "AgreementDock",
    "AuditLogDock",
    "CasesDock",
    "CooccurrenceDock",
    "MatrixDock",
    "MemoDock",
    "SearchDock",
    "SurveyStatsDock",
]
