"""Retrieving coded segments with citations, by code, coder, participant, wave, attribute."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from qcode.analysis.lines import LineIndex, citation
from qcode.errors import QcodeError
from qcode.services.lookup import (
    code_names,
    descendant_ids,
    get_code,
    get_coder,
    get_document,
    get_participant,
    path_of,
)
from qcode.store.models import (
    Case,
    CaseSegment,
    Coder,
    Document,
    Participant,
    ParticipantAttribute,
    Segment,
)


@dataclass(frozen=True)
class SegmentFilter:
    """Which segments to retrieve; unset fields do not filter."""

    code: str | None = None
    with_descendants: bool = False
    coder: str | None = None
    participant: str | None = None
    wave: int | None = None
    attribute: tuple[str, str] | None = None
    document: str | None = None
    case: int | None = None


@dataclass(frozen=True)
class SegmentRow:
    """A retrieved segment: where it is, who coded it with what, its words and citation."""

    id: int
    document: str
    participant: str | None
    wave: int | None
    code: tuple[str, ...]
    coder: str
    start: int
    end: int
    text: str
    citation: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def segment_query(session: Session, flt: SegmentFilter) -> Select[tuple[Segment]]:
    """The SQL query for a filter, ordered by participant, wave, document, position, code.

    An unknown code, coder, participant, document or case is a one-line error.
    """
    query = (
        select(Segment)
        .join(Document, Document.id == Segment.document_id)
        .outerjoin(Participant, Participant.id == Document.participant_id)
        .join(Coder, Coder.id == Segment.coder_id)
    )
    if flt.code is not None:
        code = get_code(session, flt.code)
        wanted = descendant_ids(session, code.id) if flt.with_descendants else [code.id]
        query = query.where(Segment.code_id.in_(wanted))
    if flt.coder is not None:
        query = query.where(Segment.coder_id == get_coder(session, flt.coder).id)
    if flt.participant is not None:
        query = query.where(Document.participant_id == get_participant(session, flt.participant).id)
    if flt.wave is not None:
        query = query.where(Document.wave == flt.wave)
    if flt.document is not None:
        query = query.where(Segment.document_id == get_document(session, flt.document).id)
    if flt.attribute is not None:
        attr = aliased(ParticipantAttribute)
        name, value = flt.attribute
        query = query.join(attr, attr.participant_id == Participant.id).where(
            attr.name == name, attr.value == value
        )
    if flt.case is not None:
        if session.get(Case, flt.case) is None:
            raise QcodeError(f"no case {flt.case} in the project")
        query = query.join(CaseSegment, CaseSegment.segment_id == Segment.id).where(
            CaseSegment.case_id == flt.case
        )
    return query.order_by(
        Participant.label, Document.wave, Document.name, Segment.start, Segment.code_id, Coder.name
    )


def retrieve_segments(session: Session, flt: SegmentFilter | None = None) -> list[SegmentRow]:
    """Segments matching a filter, each with its text and citation."""
    segments = session.scalars(segment_query(session, flt or SegmentFilter())).all()
    return rows_for(session, segments)


def rows_for(session: Session, segments: list[Segment] | tuple[Segment, ...]) -> list[SegmentRow]:
    """Turn segments into rows, computing each document's line index once."""
    names = code_names(session)
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())
    docs: dict[int, tuple[Document, LineIndex]] = {}
    rows = []
    for segment in segments:
        if segment.document_id not in docs:
            doc = session.get(Document, segment.document_id)
            assert doc is not None
            docs[doc.id] = (doc, LineIndex(doc.text))
        doc, index = docs[segment.document_id]
        rows.append(
            SegmentRow(
                id=segment.id,
                document=doc.name,
                participant=doc.participant.label if doc.participant else None,
                wave=doc.wave,
                code=tuple(path_of(segment.code_id, names)),
                coder=coders[segment.coder_id],
                start=segment.start,
                end=segment.end,
                text=doc.text[segment.start : segment.end],
                citation=citation(doc.name, segment.start, segment.end, index),
            )
        )
    return rows
