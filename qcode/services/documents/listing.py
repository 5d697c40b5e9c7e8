"""Listing the documents of a project."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    """Every document, ordered by participant, wave and name; no text is read."""
    query = (
        select(
            Document.name,
            Participant.label,
            Document.wave,
            Document.format,
            Document.chars,
            Document.sha256,
            Document.kind,
        )
        .outerjoin(Participant, Participant.id == Document.participant_id)
        .order_by(Participant.label.is_(None), Participant.label, Document.wave, Document.name)
    )
    return [DocumentRow(*row) for row in session.execute(query)]
