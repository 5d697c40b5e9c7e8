"""Quotes for reports: a coded segment's words with a citation such as "PJ 1, lines 12–14"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex, citation
from qcode.services.lookup import code_names, path_of
from qcode.store.models import Coder, Document, Participant, Segment


class Quote(NamedTuple):
    """A coded segment as a report shows it: its words, who said it where, its citation.

    A named tuple, not a frozen dataclass: a report makes one per segment, and this is
    several times quicker to make.
    """

    segment_id: int
    code: tuple[str, ...]
    coder: str
    document: str
    participant: str | None
    wave: int | None
    text: str
    citation: str


def cite_label(name: str, participant: str | None, wave: int | None) -> str:
    """ "PJ 1" (participant and wave), "Q12" (a respondent), else the document's name."""
    if participant and wave is not None:
        return f"{participant} {wave}"
    return participant or name


def tidy(text: str) -> str:
    """A quote's words on one line: runs of white space become one space."""
    return " ".join(text.split())


def quotes_for(session: Session, segments: Iterable[Segment]) -> list[Quote]:
    """Quotes for segments, in the order given; each document's lines are indexed once."""
    quoter = Quoter(session, keep_every_document=True)
    return [
        quoter.quote(s.id, s.document_id, s.code_id, s.coder_id, s.start, s.end) for s in segments
    ]


@dataclass(frozen=True, slots=True)
class _Source:
    """What a quote needs of its document: names, text and line starts."""

    name: str
    participant: str | None
    wave: int | None
    label: str
    text: str
    index: LineIndex


class Quoter:
    """Makes quotes from segments' columns; each document is loaded and indexed once.

    With ``keep_every_document`` off, only the latest document is kept: right for segments
    in document order (as retrieval orders them), so memory holds one text at a time.
    """

    def __init__(self, session: Session, keep_every_document: bool = True) -> None:
        self.session = session
        self.names = code_names(session)
        self.coders: dict[int, str] = dict(session.execute(select(Coder.id, Coder.name)).all())
        self.paths: dict[int, tuple[str, ...]] = {}
        self.sources: dict[int, _Source] = {}
        self.keep_every_document = keep_every_document

    def source(self, document_id: int) -> _Source:
        found = self.sources.get(document_id)
        if found is None:
            if not self.keep_every_document:
                self.sources.clear()
            found = self.sources[document_id] = self.load(document_id)
        return found

    def load(self, document_id: int) -> _Source:
        """A document's names, text and line index, read as plain columns in one query."""
        query = (
            select(Document.name, Participant.label, Document.wave, Document.text)
            .outerjoin(Participant, Participant.id == Document.participant_id)
            .where(Document.id == document_id)
        )
        name, participant, wave, text = self.session.execute(query).one()
        label = cite_label(name, participant, wave)
        return _Source(name, participant, wave, label, text, LineIndex(text))

    def quote(
        self, segment_id: int, document_id: int, code_id: int, coder_id: int, start: int, end: int
    ) -> Quote:
        """One segment's quote, from its id, document, code, coder and span."""
        doc = self.source(document_id)
        path = self.paths.get(code_id)
        if path is None:
            path = self.paths[code_id] = tuple(path_of(code_id, self.names))
        return Quote(
            segment_id,
            path,
            self.coders[coder_id],
            doc.name,
            doc.participant,
            doc.wave,
            tidy(doc.text[start:end]),
            citation(doc.label, start, end, doc.index),
        )
