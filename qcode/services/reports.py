"""Plain data for the written outputs: themes and categories, coded segments, the codebook."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.codebook.edit import CodeNode, codebook_tree
from qcode.services.lookup import descendant_ids, get_code, get_coder
from qcode.services.quotes import Quote, Quoter
from qcode.services.realist.configurations import ThemeView, list_statements
from qcode.services.realist.statements import get_theme
from qcode.services.retrieval import SEGMENT_COLUMNS, SegmentFilter, segment_query
from qcode.store.models import CmoStatement, Code, Document, Segment


@dataclass(frozen=True)
class CodeQuotes:
    """One code of the segments report and its quotes, in retrieval order."""

    path: tuple[str, ...]
    flags: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class CodeQuoteStream:
    """One code of the segments report, its quotes read as they are used (only once)."""

    path: tuple[str, ...]
    flags: str
    quotes: Iterator[Quote]


@dataclass(frozen=True)
class CodebookEntry:
    """A code with its definition, flags and own coding counts."""

    path: tuple[str, ...]
    depth: int
    flags: str
    description: str
    when_to_use: str
    when_not_to_use: str
    example: str
    segments: int
    participants: int


@dataclass(frozen=True)
class ThemeOutline:
    """An outcome theme and every code below it in tree order: each category followed by
    its sub-categories (a code's path says how deep it is)."""

    id: int
    name: str
    categories: tuple[CodeNode, ...]


def themes_overview(session: Session, theme: str | None = None) -> list[ThemeOutline]:
    """The outcome themes: top-level codes with a statement or a C/M-flagged code below
    them (one theme, flagged or not, if ``theme`` is given)."""
    wanted = None if theme is None else get_theme(session, theme).id
    with_statements = set(session.scalars(select(CmoStatement.theme_id)))
    below: dict[int, list[CodeNode]] = defaultdict(list)
    tops: list[CodeNode] = []
    for node in codebook_tree(session, counts=False):
        if node.depth == 0:
            tops.append(node)
        else:
            below[tops[-1].id].append(node)
    outlines = [ThemeOutline(top.id, top.path[0], tuple(below[top.id])) for top in tops]
    if wanted is not None:
        return [t for t in outlines if t.id == wanted]
    return [t for t in outlines if t.id in with_statements or any(c.flags for c in t.categories)]


def configurations(
    session: Session, theme: str | None = None, coder: str | None = None
) -> list[ThemeView]:
    """The themes that have configuration statements (one theme if ``theme`` is given)."""
    themes = list_statements(session, coder=coder)
    if theme is not None:
        wanted = get_theme(session, theme).id
        return [t for t in themes if t.id == wanted]
    return themes


def scope_ids(session: Session, code: str | None) -> set[int] | None:
    """The ids of a code and its sub-codes, or None for the whole codebook."""
    return None if code is None else set(descendant_ids(session, get_code(session, code).id))


@contextmanager
def paused_collection() -> Iterator[None]:
    """Python's cycle collector paused while a report is written (restored after).

    A report of 300,000 quotes makes millions of short-lived objects, and each of the
    collector's full passes walks every line index kept: over a quarter of the report's
    time. The report makes no cycles worth collecting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def segments_report(
    session: Session, coder: str | None = None, code: str | None = None
) -> list[CodeQuotes]:
    """Per code in tree order, its own segments as quotes (one coder's, or everyone's)."""
    return [
        CodeQuotes(entry.path, entry.flags, tuple(entry.quotes))
        for entry in stream_segments_report(session, coder, code)
    ]


def stream_segments_report(
    session: Session, coder: str | None = None, code: str | None = None
) -> Iterator[CodeQuoteStream]:
    """The entries of :func:`segments_report` as they are read, each quote as it comes.

    Names are checked now (an unknown coder or code is an error before any entry). Each
    code's segments are one query in retrieval order, and its quotes can be read once.
    Memory holds the documents' texts and line starts, not the report.
    """
    coder_id = get_coder(session, coder).id if coder is not None else None
    scope = scope_ids(session, code)
    nodes = [
        node
        for node in codebook_tree(session, coder_id)
        if node.segments and (scope is None or node.id in scope)
    ]
    return _code_quotes(session, nodes, coder)


def _code_quotes(
    session: Session, nodes: list[CodeNode], coder: str | None
) -> Iterator[CodeQuoteStream]:
    """Each code's quotes, its segments in retrieval order; codes without any are left out."""
    query = (
        segment_query(session, SegmentFilter(coder=coder))
        .with_only_columns(*SEGMENT_COLUMNS)
        .execution_options(yield_per=1000)
    )
    quoter = Quoter(session, keep_every_document=True)  # codes come in turn: keep every text
    connection = session.connection()  # plain rows, read from the cursor as they are used
    for node in nodes:
        rows = iter(connection.execute(query.where(Segment.code_id == node.id)))
        first = next(rows, None)
        if first is not None:
            quotes = (quoter.quote(*row) for row in chain((first,), rows))
            yield CodeQuoteStream(node.path, node.flags, quotes)


def codebook_report(
    session: Session, coder: str | None = None, code: str | None = None
) -> list[CodebookEntry]:
    """Every code in tree order with its definition fields, flags and own counts."""
    coder_id = get_coder(session, coder).id if coder is not None else None
    scope = scope_ids(session, code)
    people = participants_per_code(session, coder_id)
    codes = {c.id: c for c in session.scalars(select(Code))}
    entries = []
    for node in codebook_tree(session, coder_id):
        if scope is not None and node.id not in scope:
            continue
        row = codes[node.id]
        entries.append(
            CodebookEntry(
                path=node.path,
                depth=node.depth,
                flags=node.flags,
                description=row.description,
                when_to_use=row.when_to_use,
                when_not_to_use=row.when_not_to_use,
                example=row.example,
                segments=node.segments,
                participants=people.get(node.id, 0),
            )
        )
    return entries


def participants_per_code(session: Session, coder_id: int | None) -> dict[int, int]:
    """How many distinct participants each code's own segments come from."""
    query = (
        select(Segment.code_id, Document.participant_id)
        .join(Document, Document.id == Segment.document_id)
        .where(Document.participant_id.is_not(None))
        .distinct()
    )
    if coder_id is not None:
        query = query.where(Segment.coder_id == coder_id)
    counts: dict[int, int] = defaultdict(int)
    for code_id, _participant in session.execute(query):
        counts[code_id] += 1
    return dict(counts)
