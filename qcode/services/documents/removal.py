"""Deleting a document: what would go with it, said before, and the delete as one step."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.lookup import get_document
from qcode.store.models import (
    Case,
    CaseSegment,
    CmoEvidence,
    Coder,
    Memo,
    Segment,
    VignettePart,
    WorkshopDecision,
)
from qcode.store.project import Project


@dataclass(frozen=True)
class DeletionSummary:
    """What deleting a document takes with it (the participant and its attributes stay)."""

    document: str
    participant: str | None
    segments: int
    coders: tuple[tuple[str, int], ...]  # (coder, segments) by name
    memos: int  # on the document and on its segments
    case_links: int
    cases: tuple[str, ...]
    cmo_evidence: int
    vignette_parts: int  # they keep their words but lose their source
    decisions: int  # workshop decisions on the document

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self) -> str:
        """One line listing what goes, e.g. "3 segments by Ann (2) and Ben (1), 1 memo"."""
        parts = []
        if self.segments:
            coders = _names(self.coders)
            parts.append(f"{_count(self.segments, 'segment')} by {coders}")
        parts.append(_count(self.memos, "memo"))
        if self.case_links:
            named = ", ".join(f"'{case}'" for case in self.cases)
            parts.append(f"{_count(self.case_links, 'case link')} (from {named})")
        parts.append(_count(self.cmo_evidence, "CMO evidence citation"))
        parts.append(_count(self.decisions, "workshop decision"))
        if self.vignette_parts:
            parts.append(f"the source of {_count(self.vignette_parts, 'vignette part')}")
        listed = [part for part in parts if part]
        return ", ".join(listed) if listed else "no coding, memos or links"


def _names(coders: tuple[tuple[str, int], ...]) -> str:
    """One coder by name; several with their counts, e.g. "Ann (2) and Ben (1)"."""
    if len(coders) == 1:
        return coders[0][0]
    named = [f"{name} ({count})" for name, count in coders]
    return ", ".join(named[:-1]) + " and " + named[-1]


def _count(number: int, noun: str) -> str:
    return "" if not number else f"{number} {noun}" + ("" if number == 1 else "s")


def deletion_summary(session: Session, document: str | int) -> DeletionSummary:
    """What deleting this document would remove; reads only counts."""
    doc = get_document(session, document)
    segment_ids = select(Segment.id).where(Segment.document_id == doc.id)
    coders = session.execute(
        select(Coder.name, func.count(Segment.id))
        .join(Segment, Segment.coder_id == Coder.id)
        .where(Segment.document_id == doc.id)
        .group_by(Coder.name)
        .order_by(Coder.name)
    ).all()
    memos = _scalar(
        session,
        select(func.count(Memo.id)).where(
            or_(Memo.document_id == doc.id, Memo.segment_id.in_(segment_ids))
        ),
    )
    cases = session.scalars(
        select(Case.name)
        .join(CaseSegment, CaseSegment.case_id == Case.id)
        .where(CaseSegment.segment_id.in_(segment_ids))
        .distinct()
        .order_by(Case.name)
    ).all()
    return DeletionSummary(
        document=doc.name,
        participant=doc.participant.label if doc.participant else None,
        segments=sum(count for _, count in coders),
        coders=tuple((name, count) for name, count in coders),
        memos=memos,
        case_links=_cited(session, CaseSegment.segment_id, segment_ids),
        cases=tuple(cases),
        cmo_evidence=_cited(session, CmoEvidence.segment_id, segment_ids),
        vignette_parts=_cited(session, VignettePart.segment_id, segment_ids),
        decisions=_scalar(
            session,
            select(func.count(WorkshopDecision.id)).where(WorkshopDecision.document_id == doc.id),
        ),
    )


def _cited(session: Session, column: Any, segment_ids: Select[tuple[int]]) -> int:
    """Rows whose ``column`` cites one of the segments."""
    return _scalar(session, select(func.count()).where(column.in_(segment_ids)))


def _scalar(session: Session, query: Select[tuple[int]]) -> int:
    return int(session.scalar(query) or 0)


def delete_document(
    project: Project, document: str | int, actor: Actor = None, reason: str = ""
) -> Change:
    """Delete a document with its coding, memos, case links, evidence and decisions.

    Vignette parts drawn from its segments keep their words and lose their source; the
    participant stays. The change's value is the :class:`DeletionSummary`.
    """
    with operation(project, "Delete document", actor) as op:
        session = op.session
        summary = deletion_summary(session, document)
        doc = get_document(session, document)
        before = {
            **summary.as_dict(),
            "wave": doc.wave,
            "sha256": doc.sha256,
            "chars": doc.chars,
            "file": doc.original_filename,
        }
        session.delete(doc)
        op.label = f"Delete document '{doc.name}'"
        op.value = summary
        op.audit("delete document", "document", doc.guid, before=before, reason=reason)
    return op.change
