"""Workshop internals: coder pairs, disagreement units in scope, and stored decisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.disagreements import Unit, check_spans, disagreement_units
from qcode.analysis.intervals import Span, union
from qcode.errors import QcodeError
from qcode.services.coders import CONSENSUS
from qcode.services.lookup import (
    code_names,
    descendant_ids,
    get_code,
    get_coder,
    get_document,
    path_of,
)
from qcode.services.workshop.consensus import (
    decide_events,
    recorded_code,
    recorded_result,
)
from qcode.store.models import Coder, Document, Participant, Segment, WorkshopDecision

CoderRef = str | int
SpanKey = tuple[int, int, int, int]  # document id, code id, start, end
Listed = TypeVar("Listed")


@dataclass(frozen=True, slots=True)
class DisagreementKey:
    """What identifies one disagreement unit: where, which code, which two coders."""

    document_id: int
    code_id: int
    coder_a_id: int
    coder_b_id: int
    start: int
    end: int

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def place(self) -> SpanKey:
        """The unit's document, code and span, whichever way round the coders are."""
        return (self.document_id, self.code_id, self.start, self.end)


@dataclass(frozen=True)
class CoderPair:
    """Coders A and B of a workshop, as compared (order matters for keep_a/keep_b)."""

    a_id: int
    a_name: str
    b_id: int
    b_name: str

    @property
    def ids(self) -> tuple[int, int]:
        return (self.a_id, self.b_id)


@dataclass(frozen=True)
class Scope:
    """Which coding a workshop looks at: a pair, some codes (None: all), one document or all."""

    pair: CoderPair
    code_ids: tuple[int, ...] | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class FoundUnit:
    """A disagreement unit with the key that names it."""

    key: DisagreementKey
    unit: Unit


@dataclass(frozen=True, slots=True)
class CodedGroup:
    """One document and code either coder coded in scope: its length and each one's spans."""

    document_id: int
    code_id: int
    length: int
    a: list[Span]
    b: list[Span]


@dataclass(frozen=True)
class MemoNote:
    """A memo on one of the coders' segments in a unit."""

    memo_id: int
    segment_id: int
    coder: str
    author: str
    title: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DecisionInfo:
    """A decision taken on a unit, as a UI or a log shows it."""

    id: int
    choice: str
    words: str
    coder_a: str
    coder_b: str
    result: tuple[Span, ...]
    rationale: str
    attendees: tuple[str, ...]
    decided_by: str
    decided_at: datetime
    coders: tuple[str, ...] = ()
    superseded_by: int | None = None
    superseded_at: datetime | None = None
    kept: str | None = None  # the coder whose coding a "keep" decision kept
    decided_on: tuple[str, ...] | None = None  # the code as named then, if not as now

    @property
    def in_force(self) -> bool:
        return self.superseded_by is None

    def summary(self) -> str:
        """Who decided what, when and why, in one line."""
        when = self.decided_at.isoformat(sep=" ", timespec="minutes")
        by = f" by {self.decided_by}" if self.decided_by else ""
        on = f" on '{'/'.join(self.decided_on)}'" if self.decided_on else ""
        return f"decision {self.id} of {when}{by}{on}: {self.words} (“{self.rationale}”)"


def resolve_pair(session: Session, coder_a: CoderRef, coder_b: CoderRef) -> CoderPair:
    """Two distinct coders, neither of them the consensus layer."""
    reserved = QcodeError(f"'{CONSENSUS}' is the team's consensus layer, not a coder to compare")
    if CONSENSUS in (coder_a, coder_b):
        raise reserved
    a, b = get_coder(session, coder_a), get_coder(session, coder_b)
    if CONSENSUS in (a.name, b.name):
        raise reserved
    if a.id == b.id:
        raise QcodeError(f"a workshop compares two different coders, not {a.name} with itself")
    return CoderPair(a.id, a.name, b.id, b.name)


def build_scope(
    session: Session,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: str | Sequence[str] | int | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> Scope:
    """Resolve the names a user gave into a scope (one-line errors for unknown ones)."""
    pair = resolve_pair(session, coder_a, coder_b)
    code_ids = None
    if code is not None:
        code_id = get_code(session, code).id
        code_ids = tuple(descendant_ids(session, code_id)) if include_descendants else (code_id,)
    document_id = get_document(session, document).id if document is not None else None
    return Scope(pair, code_ids, document_id)


def coded_spans(session: Session, scope: Scope) -> dict[tuple[int, int], dict[int, list[Span]]]:
    """Each (document, code) either coder coded in scope → coder id → their spans."""
    query = select(
        Segment.document_id, Segment.code_id, Segment.coder_id, Segment.start, Segment.end
    ).where(Segment.coder_id.in_(scope.pair.ids))
    if scope.code_ids is not None:
        query = query.where(Segment.code_id.in_(scope.code_ids))
    if scope.document_id is not None:
        query = query.where(Segment.document_id == scope.document_id)
    groups: dict[tuple[int, int], dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for document_id, code_id, coder_id, start, end in session.execute(query):
        groups[(document_id, code_id)][coder_id].append((start, end))
    return groups


def document_order(
    session: Session, document_ids: Iterable[int]
) -> dict[int, tuple[bool, str, bool, int, str]]:
    """A sort key per document: participant, wave, name (as segments are listed)."""
    rows = session.execute(
        select(Document.id, Participant.label, Document.wave, Document.name)
        .outerjoin(Participant, Participant.id == Document.participant_id)
        .where(Document.id.in_(list(document_ids)))
    )
    return {
        doc_id: (label is not None, label or "", wave is not None, wave or 0, name)
        for doc_id, label, wave, name in rows
    }


def document_lengths(session: Session, document_ids: Iterable[int]) -> dict[int, int]:
    """Characters of each document, from the stored count (no text is loaded)."""
    rows = session.execute(
        select(Document.id, Document.chars).where(Document.id.in_(list(document_ids)))
    )
    return {doc_id: chars for doc_id, chars in rows}


def coded_groups(session: Session, scope: Scope) -> Iterator[CodedGroup]:
    """Each (document, code) either coder coded in scope, with both coders' spans."""
    groups = coded_spans(session, scope)
    lengths = document_lengths(session, {doc_id for doc_id, _code in groups})
    a_id, b_id = scope.pair.ids
    for (doc_id, code_id), by_coder in groups.items():
        yield CodedGroup(doc_id, code_id, lengths[doc_id], by_coder[a_id], by_coder[b_id])


def unit_bounds(length: int, a_spans: Iterable[Span], b_spans: Iterable[Span]) -> list[Span]:
    """Where the units of ``disagreement_units`` are, in text order, without building them.

    Normalized spans lie whole inside one component of the union, so a component is
    agreement exactly when both coders have the same spans in it.
    """
    a, b = check_spans(length, a_spans), check_spans(length, b_spans)
    bounds: list[Span] = []
    i = j = 0
    for start, end in union(a, b):
        first_a, first_b = i, j
        while i < len(a) and a[i][1] <= end:
            i += 1
        while j < len(b) and b[j][1] <= end:
            j += 1
        if a[first_a:i] != b[first_b:j]:
            bounds.append((start, end))
    return bounds


def find_places(session: Session, scope: Scope) -> list[SpanKey]:
    """Where every disagreement unit in scope is, in listing order (no unit is built)."""
    places = [
        (group.document_id, group.code_id, start, end)
        for group in coded_groups(session, scope)
        for start, end in unit_bounds(group.length, group.a, group.b)
    ]
    return in_listing_order(session, places, lambda place: place)


def find_units(session: Session, scope: Scope) -> list[FoundUnit]:
    """Every disagreement unit in scope with both coders' spans in it, in listing order."""
    a_id, b_id = scope.pair.ids
    found = [
        FoundUnit(DisagreementKey(g.document_id, g.code_id, a_id, b_id, u.start, u.end), u)
        for g in coded_groups(session, scope)
        for u in disagreement_units(g.length, g.a, g.b)
    ]
    return in_listing_order(session, found, lambda f: f.key.place)


def in_listing_order(
    session: Session, listed: list[Listed], place_of: Callable[[Listed], SpanKey]
) -> list[Listed]:
    """Units sorted as listed: document order, then position, then code path."""
    places = [place_of(item) for item in listed]
    order = document_order(session, {doc_id for doc_id, _code, _start, _end in places})
    names = code_names(session)
    paths = {code_id: path_of(code_id, names) for _doc, code_id, _start, _end in places}

    def rank(item: Listed) -> tuple[object, ...]:
        doc_id, code_id, start, end = place_of(item)
        return (order[doc_id], start, end, paths[code_id])

    return sorted(listed, key=rank)


def spans_listed(spans: Sequence[Span], shown: int = 8) -> str:
    """ "12:40, 60:80…" — the first few spans of a listing, for a one-line message."""
    listed = ", ".join(f"{start}:{end}" for start, end in spans[:shown]) or "none"
    return listed + ("…" if len(spans) > shown else "")


def decision_place(decision: WorkshopDecision) -> SpanKey:
    return (decision.document_id, decision.code_id, decision.span_start, decision.span_end)


def choice_words(
    choice: str,
    coder_a: str,
    coder_b: str,
    result: Sequence[Span],
    kept: str | None = None,
    k: int | None = None,
    of: int = 2,
) -> str:
    """A decision in words, e.g. "kept Ana's coding" or "coded 120–180 (the team's span)".

    ``kept``, ``k`` and ``of`` (how many coders) say what an N-coder choice took."""
    shown = ", ".join(f"{start}\u2013{end}" for start, end in result)
    pair = of == 2
    words = {
        "keep_a": f"kept {coder_a}'s coding",
        "keep_b": f"kept {coder_b}'s coding",
        "keep": f"kept {kept or '?'}'s coding",
        "majority": f"coded what at least {k} of the {of} coders coded (majority)",
        "unanimity": f"coded only what all {of} coders coded (unanimity)",
        "union": f"coded what {'either' if pair else 'any'} coder coded (union)",
        "overlap": (
            "coded only what both coders coded (overlap)"
            if pair
            else "coded what every coder who used the code there coded (overlap)"
        ),
        "custom": f"coded {shown or 'nothing'} (the team's own span)",
        "none": "not coded",
    }
    return words[choice]


def split_attendees(attendees: str | Sequence[str]) -> tuple[str, ...]:
    """ "Ana, Ben; Cy" or ["Ana", "Ben"] → ("Ana", "Ben", "Cy"), blanks and repeats dropped."""
    parts = attendees.replace(";", ",").split(",") if isinstance(attendees, str) else attendees
    seen: dict[str, None] = {}
    for part in parts:
        name = " ".join(str(part).split())
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def coder_ids_of(decision: WorkshopDecision) -> tuple[int, ...]:
    """The ids of the coders a decision was taken over: its N coders, or its pair."""
    ids = [int(part) for part in decision.coders.split(",") if part.strip()]
    return tuple(ids or [decision.coder_a_id, decision.coder_b_id])


def coder_names_of(decision: WorkshopDecision, names: dict[int, str]) -> tuple[str, ...]:
    """The coders a decision was taken over: its N coders, or its pair."""
    return tuple(names.get(coder_id, "?") for coder_id in coder_ids_of(decision))


def decision_infos(
    session: Session, decisions: Iterable[WorkshopDecision]
) -> dict[int, DecisionInfo]:
    """Decisions as plain values, with their result spans and who recorded them."""
    decisions = list(decisions)
    events = decide_events(session, (d.guid for d in decisions))
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())
    codes = code_names(session)
    infos = {}
    for d in decisions:
        event = events.get(d.guid)
        result = recorded_result(d, event)
        then = recorded_code(event)
        a, b = coders.get(d.coder_a_id, "?"), coders.get(d.coder_b_id, "?")
        by = coders.get(d.decided_by_id) if d.decided_by_id is not None else None
        kept = coders.get(d.kept_coder_id) if d.kept_coder_id is not None else None
        infos[d.id] = DecisionInfo(
            id=d.id,
            choice=d.choice,
            words=choice_words(d.choice, a, b, result, kept, d.majority_k, len(coder_ids_of(d))),
            coder_a=a,
            coder_b=b,
            result=result,
            rationale=d.rationale,
            attendees=split_attendees(d.attendees),
            decided_by=d.recorded_by or by or (event.actor if event is not None else ""),
            decided_at=d.decided_at,
            coders=coder_names_of(d, coders),
            superseded_by=d.superseded_by_id,
            superseded_at=d.superseded_at,
            kept=kept,
            decided_on=then if then and list(then) != path_of(d.code_id, codes) else None,
        )
    return infos
