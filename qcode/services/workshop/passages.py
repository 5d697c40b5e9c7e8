"""A workshop over N coders: passages where their coding differs, whatever the codes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.disagreements import context_window
from qcode.analysis.intervals import Span
from qcode.analysis.lines import LineIndex, citation
from qcode.analysis.passages import Passage, PassageCode, passages
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
from qcode.services.workshop.consensus import DecidedIndex, decided_index
from qcode.services.workshop.notes import memos_by_document, on_span
from qcode.services.workshop.units import (
    CoderRef,
    DecisionInfo,
    MemoNote,
    decision_infos,
    document_lengths,
    document_order,
    spans_listed,
)
from qcode.store.models import Document, Segment, WorkshopDecision

CodeRef = str | Sequence[str] | int


@dataclass(frozen=True)
class Coders:
    """The workshop's N coders, in the order named (ids and names)."""

    ids: tuple[int, ...]
    names: tuple[str, ...]

    def index_of(self, coder: CoderRef) -> int:
        """Where a coder (by name or id) is among them, or a one-line error."""
        for i, (coder_id, name) in enumerate(zip(self.ids, self.names, strict=True)):
            if coder in (coder_id, name):
                return i
        raise QcodeError(
            f"'{coder}' is not one of this workshop's coders ({', '.join(self.names)})"
        )


@dataclass(frozen=True, slots=True)
class PassageKey:
    """What names one passage: where it is and over which coders."""

    document_id: int
    start: int
    end: int
    coder_ids: tuple[int, ...]

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(frozen=True)
class CodeOnPassage:
    """One code on a passage as the workshop shows it: each coder's spans, the decision."""

    code_id: int
    code: tuple[str, ...]
    spans: tuple[tuple[Span, ...], ...]  # in the coders' order
    agreed: bool
    decision: DecisionInfo | None  # the latest in force there
    decisions: tuple[DecisionInfo, ...] = ()  # all in force there (two after a code merge)


@dataclass(frozen=True)
class PassageView:
    """A passage with all a workshop shows: text, context, citation, each code on it."""

    key: PassageKey
    coders: tuple[str, ...]
    document: str
    participant: str | None
    text: str
    citation: str
    context: str
    context_start: int
    codes: tuple[CodeOnPassage, ...]
    memos: tuple[MemoNote, ...] = ()  # on any of the coders' segments on the passage

    @property
    def differing(self) -> tuple[CodeOnPassage, ...]:
        return tuple(code for code in self.codes if not code.agreed)

    @property
    def decided(self) -> bool:
        """Every code the coders differ on here has a decision in force."""
        return all(code.decision is not None for code in self.differing)


@dataclass(frozen=True)
class Found:
    """A passage found in one document."""

    document_id: int
    passage: Passage


def resolve_coders(session: Session, coders: Sequence[CoderRef]) -> Coders:
    """Two or more distinct coders, none of them the consensus layer (one-line errors)."""
    if len(coders) < 2:
        raise QcodeError("a workshop compares at least two coders")
    reserved = QcodeError(f"'{CONSENSUS}' is the team's consensus layer, not a coder to compare")
    if CONSENSUS in coders:
        raise reserved
    rows = [get_coder(session, coder) for coder in coders]
    if CONSENSUS in {row.name for row in rows}:
        raise reserved
    ids = [row.id for row in rows]
    if len(set(ids)) != len(ids):
        raise QcodeError("a workshop names each coder once")
    return Coders(tuple(ids), tuple(row.name for row in rows))


def scope_code_ids(
    session: Session, code: CodeRef | None, include_descendants: bool
) -> set[int] | None:
    if code is None:
        return None
    code_id = get_code(session, code).id
    return set(descendant_ids(session, code_id)) if include_descendants else {code_id}


def find_passages(
    session: Session,
    coders: Coders,
    code_ids: set[int] | None = None,
    document_id: int | None = None,
) -> list[Found]:
    """Every passage where the coders differ on a code in scope, in listing order.

    Passages are bounded by all their coding, whatever the codes; ``code_ids`` only says
    which passages are listed (those where a code in it differs)."""
    coding = coding_by_document(session, coders, document_id)
    lengths = document_lengths(session, coding)
    found = [
        Found(doc_id, passage)
        for doc_id, by_code in coding.items()
        for passage in passages(lengths[doc_id], by_code, len(coders.ids))
        if code_ids is None or any(c.code_id in code_ids for c in passage.differing)
    ]
    order = document_order(session, coding)
    return sorted(found, key=lambda f: (order[f.document_id], f.passage.start, f.passage.end))


def coding_by_document(
    session: Session, coders: Coders, document_id: int | None = None
) -> dict[int, dict[int, list[list[Span]]]]:
    """document id → code id → each coder's spans (in the coders' order)."""
    query = select(
        Segment.document_id, Segment.code_id, Segment.coder_id, Segment.start, Segment.end
    ).where(Segment.coder_id.in_(coders.ids))
    if document_id is not None:
        query = query.where(Segment.document_id == document_id)
    position = {coder_id: i for i, coder_id in enumerate(coders.ids)}
    count = len(coders.ids)
    coding: dict[int, dict[int, list[list[Span]]]] = defaultdict(
        lambda: defaultdict(lambda: [[] for _ in range(count)])
    )
    for doc_id, code_id, coder_id, start, end in session.execute(query):
        coding[doc_id][code_id][position[coder_id]].append((start, end))
    return coding


def current_passage(session: Session, key: PassageKey) -> Passage:
    """The passage a key names as the coding stands now (or a one-line error)."""
    coders = resolve_coders(session, key.coder_ids)
    doc = get_document(session, key.document_id)
    for found in find_passages(session, coders, None, doc.id):
        if found.passage.span == key.span:
            return found.passage
    raise QcodeError(
        f"the coders do not differ on {key.start}:{key.end} in '{doc.name}' any more "
        "(their coding changed since?); list the disagreements again"
    )


@dataclass(frozen=True)
class PassageListing:
    """How many passages are in scope and decided, and the passages, built as read."""

    coders: Coders
    decided: int
    total: int
    items: Iterator[PassageView]


def list_passages(
    session: Session,
    coders: Sequence[CoderRef],
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
) -> PassageListing:
    """The passages where the coders differ (on ``code``, in ``document``, if given)."""
    named = resolve_coders(session, coders)
    code_ids = scope_code_ids(session, code, include_descendants)
    doc_id = get_document(session, document).id if document is not None else None
    found = find_passages(session, named, code_ids, doc_id)
    index = decided_index(session, None, doc_id)
    decided = sum(1 for f in found if all_decided(index, f, code_ids))
    return PassageListing(named, decided, len(found), views(session, named, found, index))


def passage_progress(
    session: Session,
    coders: Sequence[CoderRef],
    code: CodeRef | None = None,
    document: str | int | None = None,
) -> tuple[int, int]:
    """(decided, total) codes on passages where the coders differ (each code in scope on
    each passage is one disagreement; decided: an in-force decision lies on it)."""
    named = resolve_coders(session, coders)
    code_ids = scope_code_ids(session, code, False)
    doc_id = get_document(session, document).id if document is not None else None
    index = decided_index(session, None, doc_id)
    items = [
        (found.document_id, on.code_id, *found.passage.span)
        for found in find_passages(session, named, code_ids, doc_id)
        for on in found.passage.differing
        if code_ids is None or on.code_id in code_ids
    ]
    return sum(index.decided(*item) for item in items), len(items)


@dataclass(frozen=True, slots=True)
class Listed:
    """One passage in a long listing: its key, and whether every differing code (in scope)
    had a decision when it was listed."""

    key: PassageKey
    decided: bool


def list_keys(
    session: Session,
    coders: Sequence[CoderRef],
    code: CodeRef | None = None,
    document: str | int | None = None,
) -> list[Listed]:
    """The passages :func:`list_passages` lists, in the same order, only named and marked
    decided or not: no text, context or memo is read (see :func:`get_passage`)."""
    named = resolve_coders(session, coders)
    code_ids = scope_code_ids(session, code, include_descendants=False)
    doc_id = get_document(session, document).id if document is not None else None
    index = decided_index(session, None, doc_id)
    return [
        Listed(
            PassageKey(found.document_id, *found.passage.span, named.ids),
            all_decided(index, found, code_ids),
        )
        for found in find_passages(session, named, code_ids, doc_id)
    ]


def all_decided(index: DecidedIndex, found: Found, code_ids: set[int] | None) -> bool:
    """Every differing code (in scope) on the passage has an in-force decision there."""
    start, end = found.passage.span
    return all(
        index.decided(found.document_id, code.code_id, start, end)
        for code in found.passage.differing
        if code_ids is None or code.code_id in code_ids
    )


def passage_at(
    session: Session, coders: Sequence[CoderRef], document: str | int, offset: int
) -> PassageView:
    """The passage of one document that holds ``offset`` (or a one-line error)."""
    named = resolve_coders(session, coders)
    doc = get_document(session, document)
    found = find_passages(session, named, None, doc.id)
    hits = [f for f in found if f.passage.start <= offset < f.passage.end]
    if not hits:
        where = spans_listed([f.passage.span for f in found])
        raise QcodeError(
            f"{', '.join(named.names)} do not differ at offset {offset} in '{doc.name}';"
            f" where they do: {where}"
        )
    index = decided_index(session, None, doc.id)
    return next(views(session, named, hits, index))


def get_passage(session: Session, key: PassageKey) -> PassageView | None:
    """The passage a key names as the coding stands now (None if it is no longer one)."""
    named = resolve_coders(session, key.coder_ids)
    found = [
        f
        for f in find_passages(session, named, None, key.document_id)
        if f.passage.span == key.span
    ]
    index = decided_index(session, None, key.document_id)
    return next(views(session, named, found, index), None)


def views(
    session: Session, coders: Coders, found: Sequence[Found], index: DecidedIndex
) -> Iterator[PassageView]:
    """Full values one at a time, one document's text held at a time."""
    names = code_names(session)
    decisions = {
        decision
        for f in found
        for code in f.passage.codes
        for decision in index.find_all(f.document_id, code.code_id, *f.passage.span)
    }
    rows = session.scalars(select(WorkshopDecision).where(WorkshopDecision.id.in_(decisions)))
    infos = decision_infos(session, rows)
    memos = memos_by_document(session, coders.ids, list({f.document_id for f in found}))
    doc: Document | None = None
    lines = LineIndex("")
    for item in found:
        if doc is None or doc.id != item.document_id:
            doc = session.get(Document, item.document_id)
            assert doc is not None
            lines = LineIndex(doc.text)
        start, end = item.passage.span
        low, high = context_window(doc.text, start, end)
        yield PassageView(
            key=PassageKey(doc.id, start, end, coders.ids),
            coders=coders.names,
            document=doc.name,
            participant=doc.participant.label if doc.participant else None,
            text=doc.text[start:end],
            citation=citation(doc.name, start, end, lines),
            context=doc.text[low:high],
            context_start=low,
            codes=tuple(
                sorted(
                    (
                        code_view(code, path_of(code.code_id, names), index, infos, item)
                        for code in item.passage.codes
                    ),
                    key=lambda view: view.code,
                )
            ),
            memos=tuple(note for _code, note in on_span(memos.get(doc.id, []), start, end)),
        )


def code_view(
    code: PassageCode,
    path: list[str],
    index: DecidedIndex,
    infos: dict[int, DecisionInfo],
    found: Found,
) -> CodeOnPassage:
    decisions = tuple(
        infos[d] for d in index.find_all(found.document_id, code.code_id, *found.passage.span)
    )
    return CodeOnPassage(
        code_id=code.code_id,
        code=tuple(path),
        spans=code.spans,
        agreed=code.agreed,
        decision=decisions[-1] if decisions else None,
        decisions=decisions,
    )
