"""Coded segments a page at a time: ids filtered and sorted in SQL, rows fetched by window.

A long list (300,000 segments) never becomes Python objects as a whole: the list holds
ids in the order SQL sorted them, and a view asks for the rows it shows. The word
filter matches the segment's words, its code's name, its coder or its document's name
(case-insensitive for ASCII letters, as SQLite's ``lower`` folds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from qcode.analysis.lines import citation
from qcode.services.listing.held_lines import VERSION_COLUMNS, texts_and_lines
from qcode.services.lookup import ancestor_names, code_names, path_of
from qcode.services.retrieval import SEGMENT_COLUMNS, SegmentRow
from qcode.store.models import Code, Coder, Document, Participant, Segment

SORT_COLUMNS = ("citation", "code", "coder", "text")
MAX_BOUND_IDS = 30_000  # SQLite binds at most 32,766 values in one statement


def segment_words() -> ColumnElement[str]:
    """A segment's words, cut from its document's text in SQL (offsets are code points)."""
    return func.substr(Document.text, Segment.start + 1, Segment.end - Segment.start)


@dataclass(frozen=True)
class SegmentListing:
    """Which segments a list shows and in what order; unset fields do not filter."""

    code_ids: tuple[int, ...] | None = None
    pinned: tuple[int, ...] | None = None
    coder: str | None = None
    words: str = ""
    sort: int = 0
    descending: bool = False


def listing_query(session: Session, listing: SegmentListing) -> Select[tuple[int]]:
    """The ids of a listing's segments, filtered and ordered in SQL."""
    text = segment_words()
    query = (
        select(Segment.id)
        .join(Document, Document.id == Segment.document_id)
        .outerjoin(Participant, Participant.id == Document.participant_id)
        .join(Coder, Coder.id == Segment.coder_id)
        .join(Code, Code.id == Segment.code_id)
    )
    if listing.code_ids is not None:
        query = query.where(Segment.code_id.in_(listing.code_ids))
    if listing.pinned is not None and len(listing.pinned) <= MAX_BOUND_IDS:
        query = query.where(Segment.id.in_(listing.pinned))
    if listing.coder is not None:
        query = query.where(Coder.name == listing.coder)
    needle = listing.words.strip().lower()
    if needle:
        query = query.where(
            or_(
                *(
                    func.instr(func.lower(column), needle) > 0
                    for column in (text, Code.name, Coder.name, Document.name)
                )
            )
        )
    return query.order_by(*_ordering(session, listing, text))


def _ordering(session: Session, listing: SegmentListing, text: object) -> list[object]:
    column = SORT_COLUMNS[listing.sort]
    if column == "citation":
        keys: list[object] = [Participant.label, Document.wave, Document.name, Segment.start]
    elif column == "code":
        keys = [_code_rank(session)]
    elif column == "coder":
        keys = [Coder.name]
    else:
        keys = [func.lower(text)]
    keys.append(Segment.id)
    return [key.desc() if listing.descending else key for key in keys]  # type: ignore[attr-defined]


def code_ranks(session: Session) -> dict[int, int]:
    """Each code's place when codes are sorted by their path from the top of the tree."""
    names = code_names(session)
    ordered = sorted(names, key=lambda code_id: path_of(code_id, names))
    return {code_id: rank for rank, code_id in enumerate(ordered)}


def _citation(document: Sequence[Any]) -> tuple[Any, ...]:
    _id, label, wave, name = document
    return (label is not None, label or "", wave is not None, wave or 0, name)


def ranked_names(session: Session) -> dict[str, tuple[list[int], dict[int, str]]]:
    """Documents, codes and coders in the order listings sort them, and their names.

    Keyed by the segment column that names them: documents by participant, wave and
    name (NULLs first, as SQLite sorts them), codes by path, coders by name.
    """
    documents = session.execute(
        select(Document.id, Participant.label, Document.wave, Document.name).outerjoin(
            Participant, Participant.id == Document.participant_id
        )
    ).all()
    documents.sort(key=_citation)
    coders = sorted(session.execute(select(Coder.id, Coder.name)).all(), key=lambda c: (c[1], c[0]))
    codes = code_ranks(session)
    code_names_now = dict(session.execute(select(Code.id, Code.name)).all())
    return {
        "document_id": ([d[0] for d in documents], {d[0]: d[3] for d in documents}),
        "code_id": (sorted(codes, key=codes.__getitem__), code_names_now),
        "coder_id": ([c[0] for c in coders], {c[0]: c[1] for c in coders}),
    }


def _code_rank(session: Session) -> object:
    ranks = code_ranks(session)
    return case(ranks, value=Segment.code_id) if ranks else Segment.code_id


def ordered_ids(session: Session, listing: SegmentListing) -> list[int]:
    """The listing's segment ids, in order (a plain list of integers)."""
    ids = [row[0] for row in session.execute(listing_query(session, listing))]
    if listing.pinned is not None and len(listing.pinned) > MAX_BOUND_IDS:
        wanted = set(listing.pinned)
        ids = [i for i in ids if i in wanted]
    return ids


def count_segments(session: Session, listing: SegmentListing) -> int:
    """How many segments the listing holds before the word and coder filters."""
    unfiltered = SegmentListing(code_ids=listing.code_ids, pinned=listing.pinned)
    query = listing_query(session, unfiltered).order_by(None)
    return int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


# Built once: a coding reads its one new row with it, and building a statement costs more.
PAGE_ROWS = (
    select(
        *SEGMENT_COLUMNS,
        Document.name,
        Document.wave,
        Participant.label,
        Coder.name.label("coder_name"),
        *VERSION_COLUMNS,
    )
    .join(Document, Document.id == Segment.document_id)
    .join(Coder, Coder.id == Segment.coder_id)
    .outerjoin(Participant, Participant.id == Document.participant_id)
    .where(Segment.id.in_(bindparam("ids", expanding=True)))
)


def page_rows(session: Session, ids: Sequence[int]) -> dict[int, SegmentRow]:
    """The rows of these segments (one window of a list), with their words and citations.

    Plain rows, no ORM objects: each document's text is read and line-indexed once, and
    kept while it is unchanged (``held_lines``): the next page of the same document reads
    only its version. Only the codes and coders these rows name are read.
    """
    wanted = [int(i) for i in ids]  # numpy integers are no SQL parameters
    if not wanted:
        return {}
    segments = session.execute(PAGE_ROWS, {"ids": wanted}).all()
    versions = {row.document_id: (row.sha256, row.chars, row.lines) for row in segments}
    texts = texts_and_lines(session, versions)
    paths = code_paths(session, {row.code_id for row in segments})
    found = {}
    for row in segments:
        if row.document_id not in texts:
            continue  # removed by another program between the two reads
        text, lines = texts[row.document_id]
        found[row.id] = SegmentRow(
            id=row.id,
            document=row.name,
            participant=row.label,
            wave=row.wave,
            code=paths[row.code_id],
            coder=row.coder_name,
            start=row.start,
            end=row.end,
            text=text[row.start : row.end],
            citation=citation(row.name, row.start, row.end, lines),
        )
    return found


FEW_CODES = 8  # below this, a page's code paths are read up the tree, not the whole codebook


def code_paths(session: Session, code_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The paths of these codes: read up the tree for a few codes (a coding's one row),
    from the whole codebook for more."""
    few = len(code_ids) < FEW_CODES
    names = ancestor_names(session, code_ids) if few else code_names(session)
    return {code_id: tuple(path_of(code_id, names)) for code_id in code_ids}
