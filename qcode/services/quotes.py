"""Quotes for reports: a coded segment's words with a citation such as "PJ 1, lines 12–14"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex, citation
from qcode.services.lookup import code_names, path_of
from qcode.store.models import Coder, Document, Segment


@dataclass(frozen=True, slots=True)
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
            doc = self.session.get(Document, document_id)
            assert doc is not None
            participant = doc.participant.label if doc.participant else None
            found = _Source(
                doc.name, participant, doc.wave, cite_label(doc), doc.text, LineIndex(doc.text)
            )
            self.sources[document_id] = found
        return found

    def quote(
        self, segment_id: int, document_id: int, code_id: int, coder_id: int, start: int, end: int
    ) -> Quote:
        """One segment's quote, from its id, document, code, coder and span."""
        doc = self.source(document_id)
        path = self.paths.get(code_id)
        if path is None:
            path = self.paths[code_id] = tuple(path_of(code_id, self.names))
        return Quote(
            segment_id=segment_id,
            code=path,
            coder=self.coders[coder_id],
            document=doc.name,
            participant=doc.participant,
            wave=doc.wave,
            text=tidy(doc.text[start:end]),
            citation=citation(doc.label, start, end, doc.index),
        )
