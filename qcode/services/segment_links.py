"""Keeping a coder's segments of one code tidy: fold overlaps, re-point what cites them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, union_all, update
from sqlalchemy.orm import Session

from qcode.store.models import CaseSegment, CmoEvidence, Memo, Segment, VignettePart


def repoint_links(session: Session, old_ids: Sequence[int], new_id: int) -> None:
    """Make memos, cases, CMO evidence and vignette parts of ``old_ids`` cite ``new_id``."""
    if not old_ids:
        return
    session.flush()
    if not cited(session, old_ids):  # (most folded segments: nothing to re-point)
        return
    for link in (CaseSegment, CmoEvidence):
        owner = link.case_id if link is CaseSegment else link.statement_id
        kept = set(session.scalars(select(owner).where(link.segment_id == new_id)))
        session.execute(
            update(link)
            .where(link.segment_id.in_(old_ids), owner.not_in(kept))
            .values(segment_id=new_id)
            .execution_options(synchronize_session=False)
        )
        session.execute(delete(link).where(link.segment_id.in_(old_ids)))
    for model in (Memo, VignettePart):
        session.execute(
            update(model)
            .where(model.segment_id.in_(old_ids))
            .values(segment_id=new_id)
            .execution_options(synchronize_session=False)
        )


def cited(session: Session, segment_ids: Sequence[int]) -> bool:
    """Whether any memo, case, CMO evidence or vignette part cites one of these segments."""
    citing = [
        select(model.segment_id).where(model.segment_id.in_(segment_ids))
        for model in (CaseSegment, CmoEvidence, Memo, VignettePart)
    ]
    return session.execute(select(union_all(*citing).subquery()).limit(1)).first() is not None


def fold_overlaps(
    session: Session,
    document_id: int,
    code_id: int,
    coder_id: int,
    within: tuple[int, int] | None = None,
) -> list[int]:
    """Merge one coder's overlapping segments of one code in one document; survivors' ids.

    With ``within`` (a span just coded), only the segments overlapping it are looked at:
    the others cannot have come to overlap anything.
    """
    session.flush()
    query = select(Segment).where(
        Segment.document_id == document_id,
        Segment.code_id == code_id,
        Segment.coder_id == coder_id,
    )
    if within is not None:
        query = query.where(Segment.start < within[1], Segment.end > within[0])
    segments = session.scalars(query.order_by(Segment.start, Segment.end, Segment.id)).all()
    survivors: list[Segment] = []
    for segment in segments:
        current = survivors[-1] if survivors else None
        if current is not None and segment.start < current.end:
            current.end = max(current.end, segment.end)
            repoint_links(session, [segment.id], current.id)
            session.delete(segment)
        else:
            survivors.append(segment)
    session.flush()
    return [s.id for s in survivors]
