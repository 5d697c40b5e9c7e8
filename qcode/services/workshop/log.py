"""The workshop decision log: every decision, in force or superseded, with its rationale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.intervals import Span
from qcode.analysis.lines import LineIndex, citation
from qcode.services.lookup import code_names, descendant_ids, get_code, get_document, path_of
from qcode.services.workshop.units import decision_infos
from qcode.store.models import Document, WorkshopDecision


@dataclass(frozen=True)
class DecisionLogRow:
    """One decision as the log and its exports print it."""

    decision_id: int
    decided_at: datetime
    document: str
    code: tuple[str, ...]
    start: int
    end: int
    text: str
    citation: str
    coder_a: str
    coder_b: str
    choice: str
    choice_words: str
    result: tuple[Span, ...]
    rationale: str
    attendees: tuple[str, ...]
    decided_by: str
    coders: tuple[str, ...] = ()
    superseded_by: int | None = None
    superseded_at: datetime | None = None
    kept: str | None = None
    decided_on: tuple[str, ...] | None = None  # the code as named when decided, if not as now

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def in_force(self) -> bool:
        return self.superseded_by is None

    @property
    def status(self) -> str:
        """"in force", or "superseded by decision 7 on 2027-01-10 09:30"."""
        if self.superseded_by is None:
            return "in force"
        said = f"superseded by decision {self.superseded_by}"
        if self.superseded_at is not None:
            said += f" on {self.superseded_at.isoformat(sep=' ', timespec='minutes')}"
        return said


def decision_log(
    session: Session,
    document: str | int | None = None,
    code: str | Sequence[str] | int | None = None,
    include_descendants: bool = False,
    in_force_only: bool = False,
) -> list[DecisionLogRow]:
    """Every decision, oldest first; a superseded one says by which decision and when."""
    query = select(WorkshopDecision).order_by(WorkshopDecision.decided_at, WorkshopDecision.id)
    if in_force_only:
        query = query.where(WorkshopDecision.superseded_by_id.is_(None))
    if document is not None:
        query = query.where(WorkshopDecision.document_id == get_document(session, document).id)
    if code is not None:
        code_id = get_code(session, code).id
        wanted = descendant_ids(session, code_id) if include_descendants else [code_id]
        query = query.where(WorkshopDecision.code_id.in_(wanted))
    decisions = list(session.scalars(query))
    infos = decision_infos(session, decisions)
    names = code_names(session)
    docs: dict[int, tuple[Document, LineIndex]] = {}
    rows = []
    for d in decisions:
        if d.document_id not in docs:
            doc = session.get(Document, d.document_id)
            assert doc is not None
            docs[d.document_id] = (doc, LineIndex(doc.text))
        doc, index = docs[d.document_id]
        info = infos[d.id]
        rows.append(
            DecisionLogRow(
                decision_id=d.id,
                decided_at=d.decided_at,
                document=doc.name,
                code=tuple(path_of(d.code_id, names)),
                start=d.span_start,
                end=d.span_end,
                text=doc.text[d.span_start : d.span_end],
                citation=citation(doc.name, d.span_start, d.span_end, index),
                coder_a=info.coder_a,
                coder_b=info.coder_b,
                choice=d.choice,
                choice_words=info.words,
                result=info.result,
                rationale=d.rationale,
                attendees=info.attendees,
                decided_by=info.decided_by,
                coders=info.coders,
                superseded_by=info.superseded_by,
                superseded_at=info.superseded_at,
                kept=info.kept,
                decided_on=info.decided_on,
            )
        )
    return rows
