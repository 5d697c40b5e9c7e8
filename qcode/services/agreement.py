"""Inter-coder agreement of a project: gather the coders' segments in scope, compute figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from qcode.analysis.agreement.measures import DEFAULT_THRESHOLD
from qcode.analysis.agreement.report import (
    AgreementOptions,
    AgreementResult,
    compute_agreement,
    rollup,
)
from qcode.analysis.agreement.sweep import MAX_CODERS
from qcode.errors import QcodeError
from qcode.services.lookup import (
    descendant_ids,
    get_code,
    get_coder,
    get_document,
    get_participant,
    path_of,
)
from qcode.store.models import Code, Coder, Document, Segment

CodePath = tuple[str, ...]
_ID_COLUMNS = (Segment.code_id, Segment.document_id, Segment.coder_id)
KINDS = {"interview": "interview", "survey": "questionnaire", "questionnaire": "questionnaire"}
"""The document kinds a scope can name (a survey answer is stored as a questionnaire)."""


@dataclass(frozen=True)
class AgreementRequest:
    """Whose coding to compare, on what.

    ``code``: one code's path (default: every code the coders used in scope);
    ``documents``: names (default: every document); ``kind`` (``interview`` or ``survey``),
    ``participants`` (labels) and ``waves`` narrow the documents further (each given filter
    applies; a filter of several participants or waves takes any of them); ``aggregate``: a
    code counts its descendants' coding too; ``threshold``: overlap % for segment-level
    matches; ``coded_only``: drop the characters that neither coder coded.
    """

    coders: Sequence[str]
    code: str | Sequence[str] | None = None
    documents: Sequence[str] = ()
    aggregate: bool = False
    threshold: float = DEFAULT_THRESHOLD
    coded_only: bool = False
    kind: str | None = None
    participants: Sequence[str] = ()
    waves: Sequence[int] = ()

    @property
    def narrowed(self) -> bool:
        """Whether the request names documents or filters them."""
        return bool(self.documents or self.kind or self.participants or self.waves)


@dataclass(frozen=True)
class AgreementReport:
    """What was compared and the figures; code labels are paths, documents names."""

    request: AgreementRequest
    result: AgreementResult[CodePath, str, str] = field(repr=False)

    @property
    def coders(self) -> tuple[str, ...]:
        return self.result.coders


@dataclass(frozen=True)
class _Tree:
    """The codebook as parents and paths, in tree order."""

    parents: dict[int, int | None]
    order: list[int]
    paths: dict[int, CodePath]

    @classmethod
    def load(cls, session: Session) -> _Tree:
        rows = session.execute(select(Code.id, Code.parent_id, Code.position, Code.name)).all()
        names = {cid: (parent, name) for cid, parent, _pos, name in rows}
        children: dict[int | None, list[tuple[int, str, int]]] = {}
        for cid, parent, position, name in rows:
            children.setdefault(parent, []).append((position, name, cid))
        order: list[int] = []
        stack = sorted(children.get(None, []), reverse=True)
        while stack:
            *_key, cid = stack.pop()
            order.append(cid)
            stack.extend(sorted(children.get(cid, []), reverse=True))
        paths = {cid: tuple(path_of(cid, names)) for cid in names}
        return cls({cid: parent for cid, (parent, _n) in names.items()}, order, paths)

    def scope(
        self, used: set[int], chosen: int | None, aggregate: bool
    ) -> tuple[list[int], dict[int, list[int]]]:
        """The codes compared (tree order), and which of them each coded code counts for.

        Without a chosen code: every code used (with ``aggregate``, and their ancestors).
        """
        if chosen is not None:
            scope = [chosen]
        else:
            keep = self.with_ancestors(used) if aggregate else used
            scope = [cid for cid in self.order if cid in keep]
        if aggregate:
            return scope, rollup(self.parents, scope)
        return scope, {cid: [i] for i, cid in enumerate(scope)}

    def with_ancestors(self, code_ids: set[int]) -> set[int]:
        found = set()
        for cid in code_ids:
            current: int | None = cid
            while current is not None and current not in found:
                found.add(current)
                current = self.parents.get(current)
        return found


def agreement(session: Session, request: AgreementRequest) -> AgreementReport:
    """Agreement figures for the request; unknown coders, codes or documents are refused."""
    if not 0 < request.threshold <= 100:
        raise QcodeError(
            f"the overlap threshold is a percentage above 0, at most 100, not {request.threshold:g}"
        )
    coder_ids = _coder_ids(session, request.coders)
    documents = _documents(session, request)
    tree = _Tree.load(session)
    chosen = None if request.code is None else get_code(session, request.code).id
    doc_ids = list(documents) if request.narrowed else None
    segments = segment_rows(session, _segment_filter(session, request, coder_ids, doc_ids, chosen))
    used = set(np.flatnonzero(np.bincount(segments[:, 0])).tolist())
    scope, targets = tree.scope(used, chosen, request.aggregate)
    result = compute_agreement(
        [" ".join(name.split()) for name in request.coders],
        [tree.paths[cid] for cid in scope],
        list(documents.values()),
        _indexed(segments, targets, list(documents), coder_ids),
        AgreementOptions(request.threshold, request.coded_only),
    )
    return AgreementReport(request, result)


def _segment_filter(
    session: Session,
    request: AgreementRequest,
    coder_ids: list[int],
    doc_ids: list[int] | None,
    chosen: int | None,
) -> list[ColumnElement[bool]]:
    """Which segments the request compares (no test of the coder when it names them all)."""
    where = []
    if len(coder_ids) < (session.scalar(select(func.count(Coder.id))) or 0):
        where.append(Segment.coder_id.in_(coder_ids))
    if doc_ids is not None:
        where.append(Segment.document_id.in_(doc_ids))
    if chosen is not None:
        feeding = descendant_ids(session, chosen) if request.aggregate else [chosen]
        where.append(Segment.code_id.in_(feeding))
    return where


def segment_rows(session: Session, where: Sequence[ColumnElement[bool]]) -> np.ndarray:
    """(code id, document id, coder id, start, end) of the segments ``where`` picks, as int64.

    On SQLite the three ids come packed in one integer, and each of the three columns comes
    back as one ``group_concat`` text parsed by numpy: no Python object per row or value
    (the cost is in the segment count). The packing is sized by the largest ids in the
    segments table (read off its indexes); where it would not fit in 62 bits, or on other
    backends, the rows are read through the driver's cursor.
    """
    columns = (Segment.code_id, Segment.document_id, Segment.coder_id, Segment.start, Segment.end)
    plain = select(*columns).where(*where)
    codes, docs, coders = _id_bounds(session)
    if session.connection().dialect.name != "sqlite" or codes * docs * coders >= 1 << 62:
        return fetched_columns(session, plain)
    packed = (Segment.code_id * docs + Segment.document_id) * coders + Segment.coder_id
    query = select(*(func.group_concat(c) for c in (packed, Segment.start, Segment.end)))
    texts = session.execute(query.where(*where)).one()
    key, start, end = (np.fromstring(text or "", dtype=np.int64, sep=",") for text in texts)
    code_doc, coder = np.divmod(key, coders)
    return np.stack([*np.divmod(code_doc, docs), coder, start, end], axis=1)


def _id_bounds(session: Session) -> tuple[int, int, int]:
    """One more than the largest code, document and coder id in the segments table."""
    tops = [select(func.max(column)).scalar_subquery() for column in _ID_COLUMNS]
    found = session.execute(select(*tops)).one()
    return (found[0] or 0) + 1, (found[1] or 0) + 1, (found[2] or 0) + 1


def fetched_columns(session: Session, query: Select[Any], chunk: int = 65_536) -> np.ndarray:
    """A query of integer columns as one (rows, columns) int64 array, read by the cursor.

    The rows go from the driver's cursor straight into numpy, ``chunk`` at a time: no
    SQLAlchemy row objects, and never all the rows as Python tuples at once.
    The SQL is compiled for the connection's dialect with its values written in, so any
    backend reads it; the values are integer ids from the project.
    """
    connection = session.connection()
    sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
    width = len(query.selected_columns)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        parts = []
        while rows := cursor.fetchmany(chunk):
            flat = chain.from_iterable(rows)
            parts.append(np.fromiter(flat, dtype=np.int64, count=width * len(rows)))
    finally:
        cursor.close()
    return np.concatenate(parts or [np.zeros(0, np.int64)]).reshape(-1, width)


def _indexed(
    segments: np.ndarray, targets: dict[int, list[int]], doc_ids: list[int], coder_ids: list[int]
) -> np.ndarray:
    """Rows of (code id, document id, coder id, start, end) as indices for the analysis.

    A segment counts once for each code in scope it feeds (with ``aggregate``, its own
    code and the ancestors in scope), and not at all if it feeds none.
    """
    if all(len(found) == 1 for found in targets.values()):
        lookup = _positions([], max(targets, default=0), int(segments[:, 0].max(initial=0)))
        lookup[list(targets)] = [found[0] for found in targets.values()]
        code = lookup[segments[:, 0]]
        keep = code >= 0
        rows = segments[keep]
        rows[:, 0] = code[keep]
    else:
        rows = _fanned_out(segments, targets)
    rows[:, 1] = _positions(doc_ids)[rows[:, 1]]
    rows[:, 2] = _positions(coder_ids)[rows[:, 2]]
    return rows


def _fanned_out(segments: np.ndarray, targets: dict[int, list[int]]) -> np.ndarray:
    """The segments repeated once per target of their code, the code replaced by the target."""
    source = np.array([code for code, found in targets.items() for _ in found], dtype=np.int64)
    target = np.array([t for found in targets.values() for t in found], dtype=np.int64)
    order = np.argsort(source, kind="stable")
    source, target = source[order], target[order]
    first = np.searchsorted(source, segments[:, 0], side="left")
    count = np.searchsorted(source, segments[:, 0], side="right") - first
    which = np.repeat(np.arange(len(segments)), count)
    offsets = np.cumsum(count) - count
    rows = segments[which]
    rows[:, 0] = target[first[which] + np.arange(len(which)) - offsets[which]]
    return rows


def _positions(ids: list[int], *reach: int) -> np.ndarray:
    """An array mapping each id to its position in ``ids`` (-1 for others, up to ``reach``)."""
    lookup = np.full(max([*ids, *reach], default=0) + 1, -1, dtype=np.int64)
    lookup[ids] = np.arange(len(ids))
    return lookup


def _coder_ids(session: Session, names: Sequence[str]) -> list[int]:
    cleaned = [" ".join(name.split()) for name in names]
    if len(cleaned) < 2 or not all(cleaned):
        raise QcodeError("name at least two coders to compare, e.g. --coders Ann,Ben")
    if len(set(cleaned)) < len(cleaned):
        raise QcodeError(f"a coder is named twice in '{','.join(cleaned)}'")
    if len(cleaned) > MAX_CODERS:
        raise QcodeError(f"at most {MAX_CODERS} coders can be compared at once")
    return [get_coder(session, name).id for name in cleaned]


def _documents(session: Session, request: AgreementRequest) -> dict[int, tuple[str, int]]:
    """Document id → (name, characters) in scope, in name order; all if nothing narrows it.

    An unknown document, participant or kind, or a wave below 1, is a one-line error, and
    so is a scope that leaves no document.
    """
    query = select(Document.id, Document.name, Document.chars)
    if request.documents:
        ids = {get_document(session, name).id for name in request.documents}
        query = query.where(Document.id.in_(ids))
    if request.kind is not None:
        if request.kind not in KINDS:
            raise QcodeError(f"no document kind '{request.kind}': use interview or survey")
        query = query.where(Document.kind == KINDS[request.kind])
    if request.participants:
        people = {get_participant(session, label).id for label in request.participants}
        query = query.where(Document.participant_id.in_(people))
    if request.waves:
        if min(request.waves) < 1:
            raise QcodeError("a wave is 1 or more")
        query = query.where(Document.wave.in_(set(request.waves)))
    rows = session.execute(query.order_by(Document.name)).all()
    if request.narrowed and not rows:
        raise QcodeError(f"no document in the project is in this scope ({_scope_text(request)})")
    return {doc_id: (name, int(size or 0)) for doc_id, name, size in rows}


def _scope_text(request: AgreementRequest) -> str:
    """The scope asked for, in words: 'interviews, participant PA, wave 2'."""
    parts = []
    if request.documents:
        parts.append(f"documents {', '.join(request.documents)}")
    if request.kind:
        parts.append("interviews" if KINDS.get(request.kind) == "interview" else "survey answers")
    if request.participants:
        parts.append(f"participant {' or '.join(request.participants)}")
    if request.waves:
        parts.append(f"wave {' or '.join(str(w) for w in request.waves)}")
    return ", ".join(parts)
