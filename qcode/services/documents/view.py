"""What a transcript view shows: a document's text and every coding mark on it, as plain rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis.colours import code_colour
from qcode.services.lookup import code_names, get_document, path_of
from qcode.store.models import (
    Code,
    Coder,
    Document,
    DocumentAttribute,
    Memo,
    Participant,
    ParticipantAttribute,
    Segment,
)


@dataclass(frozen=True)
class CodingMark:
    """One coded segment as drawn: where, which code and coder, their colours, its memos."""

    segment_id: int
    start: int
    end: int
    code_id: int
    code_path: tuple[str, ...]
    code_color: str
    coder: str
    coder_color: str
    memo: str

    @property
    def code_name(self) -> str:
        return self.code_path[-1]


@dataclass(frozen=True)
class DocumentView:
    """A document's name, participant, wave, text and coding marks (by start)."""

    id: int
    name: str
    participant: str | None
    wave: int | None
    text: str
    marks: tuple[CodingMark, ...]


def document_view(session: Session, document: int | str) -> DocumentView:
    """Everything needed to draw one document with its coding."""
    doc = get_document(session, document)
    marks = coding_marks(session, doc.id)
    label = doc.participant.label if doc.participant else None
    return DocumentView(doc.id, doc.name, label, doc.wave, doc.text, marks)


def coding_marks(
    session: Session, document_id: int, segment_ids: Iterable[int] | None = None
) -> tuple[CodingMark, ...]:
    """A document's coding marks by start (only ``segment_ids``' that are on it, if given)."""
    query = (
        select(Segment.id, Segment.start, Segment.end, Code.id, Code.color, Coder.name, Coder.color)
        .join(Code, Code.id == Segment.code_id)
        .join(Coder, Coder.id == Segment.coder_id)
        .where(Segment.document_id == document_id)
        .order_by(Segment.start, Segment.end.desc(), Segment.id)
    )
    wanted = None if segment_ids is None else list(segment_ids)
    if wanted is not None:
        query = query.where(Segment.id.in_(wanted))
    rows = session.execute(query).all()
    if not rows:
        return ()
    names = code_names(session)
    memos = segment_memos(session, document_id, wanted)
    paths = {cid: tuple(path_of(cid, names)) for cid in {row[3] for row in rows}}
    shown = {row[3]: code_colour(row[4], row[3]) for row in rows}  # a colourless code's fallback
    return tuple(
        CodingMark(sid, start, end, cid, paths[cid], shown[cid], coder, kcolor, memos.get(sid, ""))
        for sid, start, end, cid, _color, coder, kcolor in rows
    )


def segment_memos(
    session: Session, document_id: int, segment_ids: list[int] | None = None
) -> dict[int, str]:
    """The memo texts on each segment of a document (or of some of its segments)."""
    query = (
        select(Memo.segment_id, Memo.text)
        .join(Segment, Segment.id == Memo.segment_id)
        .where(Segment.document_id == document_id)
        .order_by(Memo.id)
    )
    if segment_ids is not None:
        query = query.where(Memo.segment_id.in_(segment_ids))
    rows = session.execute(query).all()
    texts: dict[int, list[str]] = {}
    for segment_id, text in rows:
        texts.setdefault(segment_id, []).append(text)
    return {segment_id: "\n\n".join(parts) for segment_id, parts in texts.items()}


@dataclass(frozen=True)
class DocumentEntry:
    """A document as the documents panel lists it, with its participant's attributes."""

    id: int
    name: str
    kind: str
    participant: str | None
    wave: int | None
    chars: int
    lines: int
    segments: int
    attributes: tuple[tuple[str, str], ...]
    document_attributes: tuple[tuple[str, str], ...] = ()  # the document's own, by name


def segment_counts(session: Session, document_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Segments per document (of some documents, or all); absent means 0."""
    query = select(Segment.document_id, func.count(Segment.id)).group_by(Segment.document_id)
    if document_ids is not None:
        query = query.where(Segment.document_id.in_(list(document_ids)))
    return {doc_id: count for doc_id, count in session.execute(query).all()}


def document_entries(session: Session) -> list[DocumentEntry]:
    """Every document with its counts, its own and its participant's attributes; no text read."""
    counts = segment_counts(session)
    attributes: dict[int, list[tuple[str, str]]] = {}
    for owner, name, value in session.execute(
        select(
            ParticipantAttribute.participant_id,
            ParticipantAttribute.name,
            ParticipantAttribute.value,
        ).order_by(ParticipantAttribute.name)
    ):
        attributes.setdefault(owner, []).append((name, value))
    own: dict[int, list[tuple[str, str]]] = {}
    for doc_id, name, value in session.execute(
        select(
            DocumentAttribute.document_id, DocumentAttribute.name, DocumentAttribute.value
        ).order_by(DocumentAttribute.name)
    ):
        own.setdefault(doc_id, []).append((name, value))
    query = select(
        Document.id,
        Document.name,
        Document.kind,
        Participant.label,
        Document.wave,
        Document.chars,
        Document.lines,
        Document.participant_id,
    ).outerjoin(Participant, Participant.id == Document.participant_id)
    return [
        DocumentEntry(
            doc_id,
            name,
            kind,
            label,
            wave,
            chars,
            lines,
            counts.get(doc_id, 0),
            tuple(attributes.get(owner, [])) if owner is not None else (),
            tuple(own.get(doc_id, [])),
        )
        for doc_id, name, kind, label, wave, chars, lines, owner in session.execute(query)
    ]
