"""Listing the documents of a project."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from qcode.store.models import Document, Participant


@dataclass(frozen=True)
class DocumentRow:
    """A document as the user sees it listed."""

    name: str
    participant: str | None
    wave: int | None
    format: str
    chars: int
    sha256: str
    kind: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def list_documents(session: Session) -> list[DocumentRow]:
    """Every document, ordered by participant, wave and name."""
    query = (
        select(Document)
        .outerjoin(Participant)
        .options(selectinload(Document.participant))
        .order_by(Participant.label.is_(None), Participant.label, Document.wave, Document.name)
    )
    return [
        DocumentRow(
            name=doc.name,
            participant=doc.participant.label if doc.participant else None,
            wave=doc.wave,
            format=doc.format,
            chars=len(doc.text),
            sha256=doc.sha256,
            kind=doc.kind,
        )
        for doc in session.scalars(query)
    ]
