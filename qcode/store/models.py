"""Every mapped class of a project file, importable from one place."""

from qcode.store.base import Base
from qcode.store.coding import MEMO_TARGETS, Case, CaseSegment, Code, Memo, Segment
from qcode.store.people import (
    ATTRIBUTE_TYPES,
    DOCUMENT_KINDS,
    Coder,
    Document,
    Participant,
    ParticipantAttribute,
    ProjectInfo,
    attribute_type_of,
    parse_attribute,
)
from qcode.store.realist import (
    DECISION_CHOICES,
    AuditEvent,
    CmoCategory,
    CmoEvidence,
    CmoStatement,
    WorkshopDecision,
)
from qcode.store.vignettes import VIGNETTE_SECTIONS, Vignette, VignettePart

__all__ = [
    "ATTRIBUTE_TYPES",
    "DECISION_CHOICES",
    "DOCUMENT_KINDS",
    "MEMO_TARGETS",
    "VIGNETTE_SECTIONS",
    "AuditEvent",
    "Base",
    "Case",
    "CaseSegment",
    "CmoCategory",
    "CmoEvidence",
    "CmoStatement",
    "Code",
    "Coder",
    "Document",
    "Memo",
    "Participant",
    "ParticipantAttribute",
    "ProjectInfo",
    "Segment",
    "Vignette",
    "VignettePart",
    "WorkshopDecision",
    "attribute_type_of",
    "parse_attribute",
]
