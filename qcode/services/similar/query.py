"""Find passages like this: a text, a segment or a code's segments against the passage
index, ranked by meaning and by words together, leaving out what the code already holds.

The two rankings are fused by reciprocal rank (RRF, k = 60): a passage scores
1/(60 + its semantic rank) + 1/(60 + its BM25 rank), a passage no query word reaches
having no BM25 rank. Ranks, not raw scores, so neither scale dominates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.lookup import get_code
from qcode.services.similar import fusion, model
from qcode.services.similar.fusion import all_ranks, best
from qcode.services.similar.matrix import PassageMatrix, passage_matrix, tokens
from qcode.store.models import Document, Segment

QUERY_SEGMENTS = 256
"""A code's query is its segments' words; of a bigger code, this many spread evenly over
them (the order they were made), so a query's time no longer grows with the code. On the
benchmark's three biggest codes (7,351-7,895 segments) the sample's mean vector and the
whole code's have a cosine of 0.999 (docs/similar.md)."""
METHODS = ("hybrid", "semantic", "lexical")
# Built once (SQLAlchemy builds and keys a statement each time otherwise).
CODE_SEGMENT_IDS = (
    select(Segment.id).where(Segment.code_id == bindparam("code")).order_by(Segment.id)
)
SEGMENT_SPANS = select(Segment.id, Segment.document_id, Segment.start, Segment.end).where(
    Segment.id.in_(bindparam("ids", expanding=True))
)
CODE_SPANS = select(Segment.document_id, Segment.start, Segment.end).where(
    Segment.code_id == bindparam("code")
)


@dataclass(frozen=True)
class Suggestion:
    """A passage offered as like the query: never coded until someone accepts it."""

    document_id: int
    document: str
    start: int
    end: int
    words: str
    score: float  # the ranking's own score (fused for hybrid)
    semantic: float  # cosine of the passage and the query
    lexical: float  # BM25 score of the passage for the query's words
    document_sha: str = ""


@dataclass(frozen=True)
class Query:
    """What is searched for: texts (one per segment of a code) and the code to leave out."""

    texts: tuple[str, ...]
    code_id: int | None


def make_query(
    session: Session,
    text: str | None,
    code: str | int | None,
    segment: int | None,
    known: Mapping[int, str] | None = None,
) -> Query:
    """The query texts from a text, a segment or a code (its segments), and its code."""
    code_id = get_code(session, code).id if code is not None else None
    if text is not None:
        if not text.strip():
            raise QcodeError("the text to find passages like is empty")
        return Query((text,), code_id)
    if segment is not None:
        row = session.get(Segment, segment)
        if row is None:
            raise QcodeError(f"no segment {segment}")
        doc = session.get(Document, row.document_id)
        assert doc is not None
        return Query((doc.text[row.start : row.end],), code_id or row.code_id)
    if code_id is None:
        raise QcodeError("say what to find passages like: a text, a segment or a code")
    texts = code_texts(session, code_id, known)
    if not texts:
        raise QcodeError("the code has no coded segments to find passages like")
    return Query(texts, code_id)


def code_texts(
    session: Session, code_id: int, known: Mapping[int, str] | None = None
) -> tuple[str, ...]:
    """The words of a code's segments in the order they were made, cut from ``known``
    texts (the passage matrix's) or else from the database; of a code with more than
    :data:`QUERY_SEGMENTS`, that many spread evenly over them."""
    connection = session.connection()  # (Core rows: a big code has thousands)
    ids = [segment_id for (segment_id,) in connection.execute(CODE_SEGMENT_IDS, {"code": code_id})]
    if len(ids) > QUERY_SEGMENTS:
        ids = [ids[i * len(ids) // QUERY_SEGMENTS] for i in range(QUERY_SEGMENTS)]
    spans = {
        segment_id: (doc_id, start, end)
        for segment_id, doc_id, start, end in connection.execute(SEGMENT_SPANS, {"ids": ids})
    }
    texts = known or {}
    missing = {doc_id for doc_id, _start, _end in spans.values()} - texts.keys()
    if missing:  # (texts not indexed: read them, and only them)
        rows = session.execute(select(Document.id, Document.text).where(Document.id.in_(missing)))
        texts = {**texts, **{doc_id: text for doc_id, text in rows}}
    return tuple(texts[doc][start:end] for doc, start, end in map(spans.__getitem__, ids))


def coded_rows(session: Session, matrix: PassageMatrix, code_id: int) -> np.ndarray:
    """A mask of the passages sharing a character with any segment of the code."""
    spans = session.connection().execute(CODE_SPANS, {"code": code_id}).all()
    flat = np.fromiter(chain.from_iterable(spans), np.int64, 3 * len(spans))
    return matrix.rows_overlapping_any(flat.reshape(-1, 3))


def rank(
    matrix: PassageMatrix,
    query: Query,
    left_out: np.ndarray,
    method: str = "hybrid",
    limit: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Passage numbers best first (those not left out; the first ``limit`` of them), with
    the ranking's scores (hybrid with a limit: of the passages it looked at, 0 for the
    others) and the semantic and lexical ones."""
    if method not in METHODS:
        raise QcodeError(f"the ranking must be one of {', '.join(METHODS)}")
    centroid = model.embed(list(query.texts)).sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    semantic = matrix.vectors @ (centroid / norm if norm else centroid)
    lexical = matrix.lexical([w for text in query.texts for w in tokens(text)])
    eligible = ~left_out
    if method == "hybrid" and limit is not None:  # (the few best, without ranking them all)
        order, fused = fusion.fused_best(semantic, lexical, eligible, limit)
        return order, fused, np.stack([semantic, lexical])
    if method == "semantic":
        fused = semantic
    elif method == "lexical":
        fused = lexical
        eligible = eligible & (lexical > 0)
    else:
        lexical_eligible = eligible & (lexical > 0)
        fused = fusion.fused(all_ranks(semantic, eligible), all_ranks(lexical, lexical_eligible))
    if limit is not None:
        return best(fused, eligible, limit), fused, np.stack([semantic, lexical])
    order = np.argsort(-fused, kind="stable")
    return order[eligible[order]], fused, np.stack([semantic, lexical])


def similar(
    session: Session,
    text: str | None = None,
    code: str | int | None = None,
    segment: int | None = None,
    limit: int = 20,
    exclude_coded: bool = True,
    method: str = "hybrid",
) -> list[Suggestion]:
    """The passages most like a text, a segment or a code's segments, best first.

    With a code (given, or the segment's), passages sharing a character with any of its
    segments are left out unless ``exclude_coded`` is false. Only indexed passages of
    unchanged texts are searched: see ``index_passages``.
    """
    if limit < 1:
        raise QcodeError("the number of suggestions must be at least 1")
    matrix = passage_matrix(session)
    query = make_query(session, text, code, segment, matrix.texts)
    if not len(matrix):
        raise QcodeError("no passages are indexed yet: index the project first")
    left_out = np.zeros(len(matrix), bool)
    if exclude_coded and query.code_id is not None:
        left_out = coded_rows(session, matrix, query.code_id)
    order, fused, scores = rank(matrix, query, left_out, method, limit)
    return _suggestions(session, matrix, order, fused, scores)


def _suggestions(
    session: Session,
    matrix: PassageMatrix,
    rows: np.ndarray,
    fused: np.ndarray,
    scores: np.ndarray,
) -> list[Suggestion]:
    doc_ids = sorted({int(matrix.document[r]) for r in rows})
    docs = {
        doc_id: (name, text, sha)
        for doc_id, name, text, sha in session.execute(
            select(Document.id, Document.name, Document.text, Document.sha256).where(
                Document.id.in_(doc_ids)
            )
        )
    }
    found = []
    for row in rows.tolist():
        doc_id, start, end = int(matrix.document[row]), int(matrix.start[row]), int(matrix.end[row])
        name, text, sha = docs[doc_id]
        found.append(
            Suggestion(doc_id, name, start, end, text[start:end], round(float(fused[row]), 6),
                       round(float(scores[0, row]), 4), round(float(scores[1, row]), 4), sha)
        )  # fmt: skip
    return found
