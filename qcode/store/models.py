"""Every mapped class of a project file, importable from one place."""

from qcode.store.base import Base
from qcode.store.coding import MEMO_TARGETS, Case, CaseSegment, Code, Memo, Passage, Segment
from qcode.store.people import (
    ATTRIBUTE_TYPES,
    DOCUMENT_KINDS,
    PSEUDONYM_KINDS,
    Coder,
    Document,
    DocumentAttribute,
    Participant,
    ParticipantAttribute,
    ProjectInfo,
    ProjectSetting,
    Pseudonym,
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
    "PSEUDONYM_KINDS",
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
    "DocumentAttribute",
    "Memo",
    "Participant",
    "ParticipantAttribute",
    "Passage",
    "ProjectInfo",
    "ProjectSetting",
    "Pseudonym",
    "Segment",
    "Vignette",
    "VignettePart",
    "WorkshopDecision",
    "attribute_type_of",
    "parse_attribute",
]


def _keys_never_reused() -> None:
    """Every single integer key is AUTOINCREMENT on SQLite, as migration 0003 made them."""
    for table in Base.metadata.tables.values():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].type.python_type is int:
            table.dialect_options["sqlite"]["autoincrement"] = True


_keys_never_reused()
