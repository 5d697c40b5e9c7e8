"""Quotes for reports: a coded segment's words with a citation such as "PJ 1, lines 12–14"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex, citation
from qcode.services.lookup import code_names, path_of
from qcode.store.models import Coder, Document, Segment


@dataclass(frozen=True)
class Quote:
    """A coded segment as a report shows it: its words, who said it where, its citation."""

    segment_id: int
    code: tuple[str, ...]
    coder: str
    document: str
    participant: str | None
    wave: int | None
    text: str
    citation: str


def cite_label(document: Document) -> str:
    """ "PJ 1" (participant and wave), "Q12" (a respondent), else the document's name."""
    participant = document.participant.label if document.participant else None
    if participant and document.wave is not None:
        return f"{participant} {document.wave}"
    return participant or document.name


def tidy(text: str) -> str:
    """A quote's words on one line: runs of white space become one space."""
    return " ".join(text.split())


def quotes_for(session: Session, segments: Iterable[Segment]) -> list[Quote]:
    """Quotes for segments, in the order given; each document's lines are indexed once."""
    names = code_names(session)
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())
    docs: dict[int, tuple[Document, LineIndex, str]] = {}
    quotes = []
    for segment in segments:
        if segment.document_id not in docs:
            doc = session.get(Document, segment.document_id)
            assert doc is not None
            docs[doc.id] = (doc, LineIndex(doc.text), cite_label(doc))
        doc, index, label = docs[segment.document_id]
        quotes.append(
            Quote(
                segment_id=segment.id,
                code=tuple(path_of(segment.code_id, names)),
                coder=coders[segment.coder_id],
                document=doc.name,
                participant=doc.participant.label if doc.participant else None,
                wave=doc.wave,
                text=tidy(doc.text[segment.start : segment.end]),
                citation=citation(label, segment.start, segment.end, index),
            )
        )
    return quotes
