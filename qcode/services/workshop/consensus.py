"""The one consensus layer: decisions in force, where they lie, and rewriting what they coded."""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.intervals import Span, intersection, normalize, subtract, union
from qcode.services.coders import CONSENSUS, ensure_coder
from qcode.services.coding import apply_code, cut_segment
from qcode.store.models import AuditEvent, Code, Document, Segment, WorkshopDecision

DECIDE_ACTION = "decide"
DECISION_TARGET = "workshop decision"
Place = tuple[int, int]  # document id, code id


@dataclass
class DecidedIndex:
    """Decisions in force per (document, code), sorted by start: which one lies on a span."""

    spans: dict[Place, list[tuple[int, int, int]]] = field(default_factory=dict)

    def find(self, document_id: int, code_id: int, start: int, end: int) -> int | None:
        """The latest in-force decision overlapping ``start:end`` there (its id), or None."""
        found = self.find_all(document_id, code_id, start, end)
        return found[-1] if found else None

    def find_all(self, document_id: int, code_id: int, start: int, end: int) -> list[int]:
        """Every in-force decision overlapping ``start:end`` there (ids, oldest first): more
        than one only where a codebook merge brought two codes' decisions together."""
        rows = self.spans.get((document_id, code_id))
        if not rows:
            return []
        stop = bisect.bisect_left(rows, (end, -1, -1))
        return sorted(d_id for s, e, d_id in rows[:stop] if e > start and s < end)

    def decided(self, document_id: int, code_id: int, start: int, end: int) -> bool:
        return self.find(document_id, code_id, start, end) is not None


def in_force() -> object:
    """The condition naming decisions not superseded."""
    return WorkshopDecision.superseded_by_id.is_(None)


def decided_index(
    session: Session, code_ids: Sequence[int] | None = None, document_id: int | None = None
) -> DecidedIndex:
    """Where decisions are in force (whichever coders decided them), for the scope given."""
    query = select(
        WorkshopDecision.document_id,
        WorkshopDecision.code_id,
        WorkshopDecision.span_start,
        WorkshopDecision.span_end,
        WorkshopDecision.id,
    ).where(in_force())
    if code_ids is not None:
        query = query.where(WorkshopDecision.code_id.in_(list(code_ids)))
    if document_id is not None:
        query = query.where(WorkshopDecision.document_id == document_id)
    grouped: dict[Place, list[tuple[int, int, int]]] = defaultdict(list)
    for doc_id, code_id, start, end, decision_id in session.execute(query):
        grouped[(doc_id, code_id)].append((start, end, decision_id))
    return DecidedIndex({place: sorted(rows) for place, rows in grouped.items()})


def in_force_on(
    session: Session, document_id: int, code_id: int, span: Span | None = None
) -> list[WorkshopDecision]:
    """In-force decisions on one code in one document (those whose passage overlaps
    ``span``, if given), oldest first."""
    query = select(WorkshopDecision).where(
        in_force(),
        WorkshopDecision.document_id == document_id,
        WorkshopDecision.code_id == code_id,
    )
    if span is not None:
        start, end = span
        query = query.where(WorkshopDecision.span_start < end, WorkshopDecision.span_end > start)
    return list(session.scalars(query.order_by(WorkshopDecision.id)))


def decide_events(session: Session, guids: Iterable[str]) -> dict[str, AuditEvent]:
    """The audit event that recorded each decision (by the decision's guid)."""
    wanted = list(guids)
    if not wanted:
        return {}
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == DECIDE_ACTION,
            AuditEvent.target_type == DECISION_TARGET,
            AuditEvent.target_id.in_(wanted),
        )
        .order_by(AuditEvent.id)
    )
    return {event.target_id: event for event in events}


def recorded_result(decision: WorkshopDecision, event: AuditEvent | None) -> tuple[Span, ...]:
    """The consensus spans a decision wrote (from its audit event; else its result hull).

    The event keeps the spans as they were written; the decision's row moves with its
    words when the text is corrected. Where the two hulls differ, the event's spans are
    shifted to the row's when the hull kept its length, else the row's hull stands for
    them (an edit inside the result: its gaps, if it had any, are not known any more).
    """
    hull = None
    if decision.result_start is not None and decision.result_end is not None:
        hull = (decision.result_start, decision.result_end)
    if event is not None and event.after:
        spans = json.loads(event.after).get("result")
        if isinstance(spans, list):
            written = tuple((int(s), int(e)) for s, e in spans)
            return _moved_with_text(written, hull)
    return () if hull is None else (hull,)


def _moved_with_text(written: tuple[Span, ...], hull: Span | None) -> tuple[Span, ...]:
    if not written or hull is None:
        return written
    low, high = min(s for s, _ in written), max(e for _, e in written)
    if (low, high) == hull:
        return written
    if high - low == hull[1] - hull[0]:
        shift = hull[0] - low
        return tuple((s + shift, e + shift) for s, e in written)
    return (hull,)


def recorded_code(event: AuditEvent | None) -> tuple[str, ...] | None:
    """The code's path as it was when the decision was taken (from its audit event)."""
    if event is None or not event.after:
        return None
    path = json.loads(event.after).get("code")
    return tuple(str(name) for name in path) if isinstance(path, list) else None


def results_of(session: Session, decisions: Sequence[WorkshopDecision]) -> list[Span]:
    """Everything the given decisions coded, normalized."""
    events = decide_events(session, (d.guid for d in decisions))
    return normalize(s for d in decisions for s in recorded_result(d, events.get(d.guid)))


def consensus_spans(session: Session, doc_id: int, code_id: int, consensus_id: int) -> list[Span]:
    """The consensus layer's coding of one code in one document, normalized."""
    rows = session.execute(
        select(Segment.start, Segment.end).where(
            Segment.document_id == doc_id,
            Segment.code_id == code_id,
            Segment.coder_id == consensus_id,
        )
    )
    return normalize((start, end) for start, end in rows)


def cleared_regions(key_span: Span, earlier: Sequence[WorkshopDecision]) -> list[Span]:
    """What a new decision clears: its passage, the passages it supersedes and what they coded
    (a custom span may reach outside its passage)."""
    spans = [key_span, *((d.span_start, d.span_end) for d in earlier)]
    spans += [
        (d.result_start, d.result_end)
        for d in earlier
        if d.result_start is not None and d.result_end is not None
    ]
    return normalize(spans)


def rewrite_consensus(
    session: Session,
    doc: Document,
    code: Code,
    regions: Sequence[Span],
    result: Sequence[Span],
    others: Sequence[WorkshopDecision],
) -> list[Span]:
    """Clear the consensus coding of ``code`` in ``regions``, then code ``result`` and what the
    other in-force decisions coded inside the regions. Returns what the regions held before.

    So the consensus layer stays what applying the decisions in force gives.
    """
    consensus = ensure_coder(session, CONSENSUS)
    before = intersection(consensus_spans(session, doc.id, code.id, consensus.id), regions)
    for start, end in regions:
        overlapping = session.scalars(
            select(Segment).where(
                Segment.document_id == doc.id,
                Segment.code_id == code.id,
                Segment.coder_id == consensus.id,
                Segment.start < end,
                Segment.end > start,
            )
        ).all()
        for segment in overlapping:
            cut_segment(session, segment, start, end)
    kept = intersection(results_of(session, others), regions)
    for start, end in union(normalize(result), kept):
        apply_code(session, doc, code, consensus, start, end)
    return before


def outside_decisions(session: Session, place: Place, spans: Sequence[Span]) -> list[Span]:
    """``spans`` less every passage decided in force there."""
    decided = normalize((d.span_start, d.span_end) for d in in_force_on(session, *place))
    return subtract(list(spans), decided)
