"""Retrieving coded segments with citations, by code, coder, participant, wave, attribute."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Row, Select, select
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
    return list(iter_segments(session, flt))


def iter_segments(session: Session, flt: SegmentFilter | None = None) -> Iterator[SegmentRow]:
    """The rows of :func:`retrieve_segments` one at a time, holding one document's text.

    The filter is checked now (an unknown name is an error before any row); rows are read
    as plain columns in chunks, so memory does not grow with the number of segments.
    """
    query = segment_query(session, flt or SegmentFilter()).with_only_columns(*SEGMENT_COLUMNS)
    rows = RowMaker(session, keep_every_document=False)
    return (rows.row(*row) for row in _chunked(session, query))


def rows_for(session: Session, segments: list[Segment] | tuple[Segment, ...]) -> list[SegmentRow]:
    """Turn segments into rows, computing each document's line index once."""
    rows = RowMaker(session, keep_every_document=True)
    return [
        rows.row(s.id, s.document_id, s.code_id, s.coder_id, s.start, s.end) for s in segments
    ]


SEGMENT_COLUMNS = (
    Segment.id,
    Segment.document_id,
    Segment.code_id,
    Segment.coder_id,
    Segment.start,
    Segment.end,
)


def _chunked(session: Session, query: Select[Any], size: int = 2000) -> Iterator[Row[Any]]:
    """A query's rows, fetched ``size`` at a time."""
    result = session.execute(query.execution_options(yield_per=size))
    for part in result.partitions():
        yield from part


class RowMaker:
    """Builds rows; loads and line-indexes each document once while its segments come.

    With ``keep_every_document`` off, only the latest document is kept: right for
    segments in document order, where each document's rows come together.
    """

    def __init__(self, session: Session, keep_every_document: bool) -> None:
        self.session = session
        self.names = code_names(session)
        self.coders: dict[int, str] = dict(session.execute(select(Coder.id, Coder.name)).all())
        self.paths: dict[int, tuple[str, ...]] = {}
        self.docs: dict[int, tuple[Document, LineIndex]] = {}
        self.keep_every_document = keep_every_document

    def document(self, document_id: int) -> tuple[Document, LineIndex]:
        found = self.docs.get(document_id)
        if found is None:
            if not self.keep_every_document:
                self.docs.clear()
            doc = self.session.get(Document, document_id)
            assert doc is not None
            found = self.docs[document_id] = (doc, LineIndex(doc.text))
        return found

    def row(
        self, segment_id: int, document_id: int, code_id: int, coder_id: int, start: int, end: int
    ) -> SegmentRow:
        doc, index = self.document(document_id)
        path = self.paths.get(code_id)
        if path is None:
            path = self.paths[code_id] = tuple(path_of(code_id, self.names))
        return SegmentRow(
            id=segment_id,
            document=doc.name,
            participant=doc.participant.label if doc.participant else None,
            wave=doc.wave,
            code=path,
            coder=self.coders[coder_id],
            start=start,
            end=end,
            text=doc.text[start:end],
            citation=citation(doc.name, start, end, index),
        )
