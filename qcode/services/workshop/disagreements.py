"""Workshop mode: step through two coders' disagreements, decide each, build the consensus."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.disagreements import context_window
from qcode.analysis.intervals import Span
from qcode.analysis.lines import LineIndex, citation
from qcode.errors import QcodeError
from qcode.services.lookup import code_names, path_of
from qcode.services.workshop.consensus import DecidedIndex, decided_index
from qcode.services.workshop.decide import (
    AlreadyDecided,
    adopt_agreements,
    decide,
    earlier_decisions,
)
from qcode.services.workshop.log import DecisionLogRow, decision_log
from qcode.services.workshop.notes import memos_by_document
from qcode.services.workshop.units import (
    CoderRef,
    DecisionInfo,
    DisagreementKey,
    FoundUnit,
    MemoNote,
    Scope,
    build_scope,
    decision_infos,
    find_places,
    find_units,
    spans_listed,
)
from qcode.store.models import Document, WorkshopDecision

__all__ = [
    "AlreadyDecided",
    "DecisionInfo",
    "DecisionLogRow",
    "Disagreement",
    "DisagreementListing",
    "DisagreementKey",
    "MemoNote",
    "UnitSummary",
    "adopt_agreements",
    "decide",
    "decision_log",
    "disagreement_at",
    "earlier_decisions",
    "get_disagreement",
    "iter_disagreements",
    "list_disagreements",
    "list_units",
    "log_progress",
    "position_of",
    "workshop_progress",
]

CONTEXT_RADIUS = 300
CodeRef = str | Sequence[str] | int


@dataclass(frozen=True)
class Disagreement:
    """One unit where two coders' coding of a code differs, with all a workshop shows."""

    key: DisagreementKey
    document: str
    participant: str | None
    wave: int | None
    code: tuple[str, ...]
    coder_a: str
    coder_b: str
    start: int
    end: int
    a_spans: tuple[Span, ...]
    b_spans: tuple[Span, ...]
    union: tuple[Span, ...]
    overlap: tuple[Span, ...]
    text: str
    citation: str
    context: str
    context_start: int
    memos: tuple[MemoNote, ...]
    decision: DecisionInfo | None  # the latest in force on the unit
    decisions: tuple[DecisionInfo, ...] = ()  # all in force on it (two after a code merge)

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def context_end(self) -> int:
        return self.context_start + len(self.context)


def list_disagreements(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> list[Disagreement]:
    """Every unit where A's and B's coding differs, in document order, then position.

    ``code`` limits to one code (each descendant compared on its own with
    ``include_descendants``); ``document`` to one document.
    """
    listing = iter_disagreements(session, coder_a, coder_b, code, document, include_descendants)
    return list(listing.items)


class UnitSummary(NamedTuple):
    """A unit as a long listing holds it: which one it is and whether it is decided.

    Plain numbers in one small tuple: a listing of many thousands costs little memory and
    little of the garbage collector's time (no text, no nested values).
    """

    document_id: int  # where (the key's place) ...
    code_id: int
    start: int
    end: int
    coder_a_id: int  # ... and whose coding
    coder_b_id: int
    decided: bool

    @property
    def key(self) -> DisagreementKey:
        return DisagreementKey(
            self.document_id, self.code_id, self.coder_a_id, self.coder_b_id, self.start, self.end
        )


def position_of(units: Sequence[UnitSummary], key: DisagreementKey) -> int | None:
    """Where the unit a key names is in a listing (None: not listed); no key is built."""
    wanted = (*key.place, key.coder_a_id, key.coder_b_id)
    return next((i for i, unit in enumerate(units) if unit[: len(wanted)] == wanted), None)


def list_units(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    *,
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> list[UnitSummary]:
    """The units :func:`list_disagreements` lists, in the same order, each only named and
    marked decided or not: no text, context or memo is read (see :func:`get_disagreement`)."""
    scope = build_scope(session, coder_a, coder_b, code, document, include_descendants)
    a_id, b_id = scope.pair.ids
    index = scope_index(session, scope)
    units = []
    for place in find_places(session, scope):
        doc_id, code_id, start, end = place
        units.append(UnitSummary(*place, a_id, b_id, index.decided(doc_id, code_id, start, end)))
    return units


@dataclass(frozen=True)
class DisagreementListing:
    """How many units are in scope and decided, and the units, built as they are read."""

    decided: int
    total: int
    items: Iterator[Disagreement]


def iter_disagreements(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> DisagreementListing:
    """What :func:`list_disagreements` lists, for long listings: each unit is built when
    read, holding one document's text at a time. Unknown coders, codes or documents are
    refused now, before any unit is read."""
    scope = build_scope(session, coder_a, coder_b, code, document, include_descendants)
    found = find_units(session, scope)
    index = scope_index(session, scope)
    decided = sum(1 for f in found if index.decided(*f.key.place))
    return DisagreementListing(decided, len(found), _built(session, scope, found, index))


def workshop_progress(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> tuple[int, int]:
    """(decided, total) disagreement units in scope (no unit is built)."""
    scope = build_scope(session, coder_a, coder_b, code, document, include_descendants)
    index, places = scope_index(session, scope), find_places(session, scope)
    return sum(index.decided(*place) for place in places), len(places)


def log_progress(
    session: Session,
    rows: Sequence[DecisionLogRow],
    document: str | int | None = None,
    code: CodeRef | None = None,
) -> tuple[int, int] | None:
    """(decided, total) disagreements over the coders the in-force rows name (None: no rows,
    or a coder since removed).

    One pair: its units per code. More coders (several pairs, or N-coder workshops): each
    code on each passage where all of them differ, counted once, whichever pair decided it.
    """
    named = sorted({name for r in rows if r.in_force for name in (r.coders or pair_of(r))})
    if len(named) < 2:
        return None
    try:
        if len(named) == 2:
            return workshop_progress(session, *named, code, document)
        from qcode.services.workshop.passages import passage_progress

        return passage_progress(session, named, code, document)
    except QcodeError:
        return None  # a coder since removed: the units cannot be counted any more


def pair_of(row: DecisionLogRow) -> tuple[str, str]:
    return (row.coder_a, row.coder_b)


def scope_index(session: Session, scope: Scope) -> DecidedIndex:
    """Where decisions are in force in scope, whichever coders took them (one consensus)."""
    return decided_index(session, scope.code_ids, scope.document_id)


def get_disagreement(session: Session, key: DisagreementKey) -> Disagreement | None:
    """The unit a key names as the coding stands now (None if it is no longer one)."""
    scope = build_scope(
        session, key.coder_a_id, key.coder_b_id, key.code_id, key.document_id, False
    )
    found = [f for f in find_units(session, scope) if f.key == key]
    return build_disagreements(session, scope, found)[0] if found else None


def disagreement_at(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: CodeRef,
    document: str | int,
    offset: int,
) -> Disagreement:
    """The unit of one code in one document that holds ``offset`` (or a one-line error)."""
    scope = build_scope(session, coder_a, coder_b, code, document, False)
    units = find_units(session, scope)
    found = [f for f in units if f.key.start <= offset < f.key.end]
    if not found:
        where = spans_listed([f.key.span for f in units])
        raise QcodeError(
            f"{scope.pair.a_name} and {scope.pair.b_name} do not disagree at offset {offset}"
            f" there; their disagreements: {where}"
        )
    return build_disagreements(session, scope, found)[0]


def build_disagreements(
    session: Session, scope: Scope, found: Sequence[FoundUnit]
) -> list[Disagreement]:
    """Turn found units into full values: text, context, citation, memos, decision."""
    return list(_built(session, scope, found, scope_index(session, scope)))


def _built(
    session: Session,
    scope: Scope,
    found: Sequence[FoundUnit],
    decided: DecidedIndex,
) -> Iterator[Disagreement]:
    """Full values one at a time; found units come in document order, so one text is held."""
    names = code_names(session)
    notes = memo_notes(session, scope)
    wanted = {d for item in found for d in decided.find_all(*item.key.place)}
    rows = session.scalars(select(WorkshopDecision).where(WorkshopDecision.id.in_(wanted)))
    infos = decision_infos(session, rows)
    doc: Document | None = None
    index = LineIndex("")
    for item in found:
        key = item.key
        if doc is None or doc.id != key.document_id:
            doc = session.get(Document, key.document_id)
            assert doc is not None
            index = LineIndex(doc.text)
        low, high = context_window(doc.text, key.start, key.end, CONTEXT_RADIUS)
        decisions = tuple(infos[d] for d in decided.find_all(*key.place))
        yield Disagreement(
            key=key,
            document=doc.name,
            participant=doc.participant.label if doc.participant else None,
            wave=doc.wave,
            code=tuple(path_of(key.code_id, names)),
            coder_a=scope.pair.a_name,
            coder_b=scope.pair.b_name,
            start=key.start,
            end=key.end,
            a_spans=item.unit.a,
            b_spans=item.unit.b,
            union=item.unit.union,
            overlap=item.unit.overlap,
            text=doc.text[key.start : key.end],
            citation=citation(doc.name, key.start, key.end, index),
            context=doc.text[low:high],
            context_start=low,
            memos=tuple(
                n
                for n in notes.get((key.document_id, key.code_id), [])
                if n.start < key.end and n.end > key.start
            ),
            decision=decisions[-1] if decisions else None,
            decisions=decisions,
        )


def memo_notes(session: Session, scope: Scope) -> dict[tuple[int, int], list[MemoNote]]:
    """Memos on either coder's segments in scope, per (document, code), oldest first."""
    documents = [scope.document_id] if scope.document_id is not None else None
    notes: dict[tuple[int, int], list[MemoNote]] = defaultdict(list)
    for doc_id, found in memos_by_document(session, scope.pair.ids, documents).items():
        for code_id, note in found:
            if scope.code_ids is None or code_id in scope.code_ids:
                notes[(doc_id, code_id)].append(note)
    return notes
