"""Topic cases: one situation a participant returns to, linked across their interviews."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.lookup import get_participant
from qcode.store.models import Case, CaseSegment, Document, Participant, Segment
from qcode.store.project import Project


def get_case(session: Session, name_or_id: str | int) -> Case:
    if isinstance(name_or_id, int):
        case = session.get(Case, name_or_id)
    else:
        case = session.scalars(select(Case).where(Case.name == name_or_id)).first()
    if case is None:
        raise QcodeError(f"no case '{name_or_id}' in the project")
    return case


def create_case(
    project: Project,
    name: str,
    participant: str | None = None,
    description: str = "",
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Create a topic case (optionally for one participant); value is its id."""
    name = " ".join(name.split())
    if not name:
        raise QcodeError("a case needs a name")
    with operation(project, f"Create case '{name}'", actor) as op:
        session = op.session
        if session.scalars(select(Case).where(Case.name == name)).first():
            raise QcodeError(f"case '{name}' already exists")
        owner = get_participant(session, participant) if participant else None
        case = Case(name=name, description=description, participant=owner)
        session.add(case)
        session.flush()
        op.value = case.id
        op.audit(
            "create case",
            "case",
            case.guid,
            after={"name": name, "participant": participant, "description": description},
            reason=reason,
        )
    return op.change


def link_segments(
    project: Project,
    case: str | int,
    segment_ids: Sequence[int],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Add coded segments to a case (ones already in it are left as they are)."""
    with operation(project, "Link segments to case", actor) as op:
        session = op.session
        row = get_case(session, case)
        segments = session.scalars(select(Segment).where(Segment.id.in_(segment_ids))).all()
        if len(segments) != len(set(segment_ids)):
            raise QcodeError("some of those segments do not exist")
        check_participant(session, row, segments)
        before = member_guids(row)
        present = {link.segment_id for link in row.links}
        position = (
            session.scalar(
                select(func.max(CaseSegment.position)).where(CaseSegment.case_id == row.id)
            )
            or 0
        )
        added = []
        for segment in segments:
            if segment.id not in present:
                position += 1
                session.add(CaseSegment(case_id=row.id, segment_id=segment.id, position=position))
                added.append(segment.guid)
        op.label = f"Link segments to case '{row.name}'"
        op.audit(
            "link case segments",
            "case",
            row.guid,
            before={"case": row.name, "segments": before},
            after={"case": row.name, "segments": before + added, "added": added},
            reason=reason,
        )
    return op.change


def member_guids(case: Case) -> list[str]:
    """The guids of a case's segments, in the case's order."""
    return [link.segment.guid for link in case.links]


def check_participant(session: Session, case: Case, segments: Sequence[Segment]) -> None:
    """A participant's case takes only segments from that participant's documents."""
    if case.participant_id is None:
        return
    for segment in segments:
        doc = session.get(Document, segment.document_id)
        if doc is not None and doc.participant_id != case.participant_id:
            owner = session.get(Participant, case.participant_id)
            label = owner.label if owner else "?"
            raise QcodeError(f"'{doc.name}' is not a transcript of {label}, whose case this is")


def unlink_segments(
    project: Project,
    case: str | int,
    segment_ids: Sequence[int],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Take segments out of a case (they stay coded)."""
    with operation(project, "Unlink segments from case", actor) as op:
        row = get_case(op.session, case)
        wanted = set(segment_ids)
        removed = [link for link in row.links if link.segment_id in wanted]
        if not removed:
            raise QcodeError(f"none of those segments is in case '{row.name}'")
        before = member_guids(row)
        gone = [link.segment.guid for link in removed]
        for link in removed:
            row.links.remove(link)
        op.label = f"Unlink segments from case '{row.name}'"
        op.audit(
            "unlink case segments",
            "case",
            row.guid,
            before={"case": row.name, "segments": before},
            after={"case": row.name, "segments": member_guids(row), "removed": gone},
            reason=reason,
        )
    return op.change


def delete_case(project: Project, case: str | int, actor: Actor = None, reason: str = "") -> Change:
    """Delete a case (its segments stay coded; memos on the case go with it)."""
    with operation(project, "Delete case", actor) as op:
        row = get_case(op.session, case)
        before = {
            "name": row.name,
            "participant": row.participant.label if row.participant else None,
            "description": row.description,
            "segments": member_guids(row),
        }
        op.label = f"Delete case '{row.name}'"
        op.session.delete(row)
        op.audit("delete case", "case", row.guid, before=before, reason=reason)
    return op.change


def case_segments_in_wave_order(session: Session, case: str | int) -> list[Segment]:
    """A case's segments ordered by wave, then document, then position in the text."""
    row = get_case(session, case)
    query = (
        select(Segment)
        .join(CaseSegment, CaseSegment.segment_id == Segment.id)
        .join(Document, Document.id == Segment.document_id)
        .where(CaseSegment.case_id == row.id)
        .order_by(Document.wave.is_(None), Document.wave, Document.name, Segment.start)
    )
    return list(session.scalars(query))


class CaseSummary(NamedTuple):
    """A case as listed: its name, participant, number of segments and the waves they span."""

    name: str
    participant: str | None
    segments: int
    waves: str


def case_summaries(session: Session) -> list[CaseSummary]:
    """Every case with its segment count and the waves its segments come from."""
    summaries = []
    for case in session.scalars(select(Case).order_by(Case.name)):
        waves = sorted(
            {
                wave
                for wave in session.scalars(
                    select(Document.wave)
                    .join(Segment, Segment.document_id == Document.id)
                    .join(CaseSegment, CaseSegment.segment_id == Segment.id)
                    .where(CaseSegment.case_id == case.id)
                )
                if wave is not None
            }
        )
        summaries.append(
            CaseSummary(
                case.name,
                case.participant.label if case.participant else None,
                len(case.links),
                ", ".join(str(w) for w in waves),
            )
        )
    return summaries
