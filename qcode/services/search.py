"""Text search over a project's documents, and auto-coding the hits in one undoable step.

``search_project`` gives each hit with its words and citation (for the command line);
``search_table`` keeps a long list of hits as arrays instead: document, span and lines,
with no text, and ``hit_rows`` makes the rows a view shows, from the stored texts.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import EN_DASH, LineIndex, citation
from qcode.analysis.search import MODES, UNITS, Hit, search
from qcode.errors import QcodeError
from qcode.services.coders import ensure_coder
from qcode.services.coding import apply_code
from qcode.services.history import Change, operation
from qcode.services.lookup import code_path, get_code, get_document
from qcode.store.models import Document
from qcode.store.project import Project

SORT_KEY_CHARS = 200  # hits sorted by their words compare this many characters


@dataclass(frozen=True)
class SearchHit:
    """A place in a document that matched, widened as asked."""

    document_id: int
    document: str
    start: int
    end: int
    text: str
    citation: str


@dataclass(frozen=True, eq=False)
class HitTable:
    """Every hit of one search, in document order, as arrays: one entry per hit, no text."""

    names: dict[int, str]  # document id -> name, for the documents searched
    document: np.ndarray
    start: np.ndarray
    end: np.ndarray
    first_line: np.ndarray
    last_line: np.ndarray
    by_words: np.ndarray  # hit numbers in the order of their words (case-folded)

    @classmethod
    def empty(cls) -> HitTable:
        nothing = np.zeros(0, np.int64)
        return cls({}, nothing, nothing, nothing, nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.document)

    def document_count(self) -> int:
        return len(np.unique(self.document))

    def order(self, column: int, descending: bool = False) -> np.ndarray:
        """Hit numbers sorted by document (then place), lines (then document) or words."""
        if column == 0:
            order = np.arange(len(self))  # found document by document, each in text order
        elif column == 1:
            order = np.argsort(self.first_line, kind="stable")
        else:
            order = self.by_words
        return order[::-1] if descending else order

    def spans(self) -> list[tuple[int, str, int, int]]:
        """(document id, its name, start, end) of every hit, in document order."""
        return [
            (doc, self.names[doc], start, end)
            for doc, start, end in zip(
                self.document.tolist(), self.start.tolist(), self.end.tolist(), strict=True
            )
        ]


def _searched(
    session: Session,
    query: str,
    mode: str,
    unit: str,
    documents: Sequence[str] | None,
    threshold: float,
    cancelled: Callable[[], bool] | None,
) -> Iterator[tuple[int, str, str, list[Hit]]]:
    """Each document searched, in name order: its id, name, text and hits."""
    if mode not in MODES or unit not in UNITS:
        raise QcodeError(f"search mode must be one of {MODES} and unit one of {UNITS}")
    if not query.strip():
        raise QcodeError("the search text is empty")
    docs_query = select(Document.id).order_by(Document.name)
    if documents:
        ids = [get_document(session, name).id for name in documents]  # unknown: one-line error
        docs_query = docs_query.where(Document.id.in_(ids))
    options = {"threshold": threshold} if mode == "fuzzy" else {}
    for doc_id in session.scalars(docs_query).all():
        if cancelled and cancelled():
            break
        name, text = session.execute(
            select(Document.name, Document.text).where(Document.id == doc_id)
        ).one()  # one text at a time: a search never holds every document's text
        try:
            found = search(text, query, mode=mode, unit=unit, **options)  # type: ignore[arg-type]
        except ValueError as exc:
            raise QcodeError(str(exc)) from exc
        yield doc_id, name, text, found


def search_project(
    session: Session,
    query: str,
    mode: str = "exact",
    unit: str = "none",
    documents: Sequence[str] | None = None,
    threshold: float = 80.0,
    cancelled: Callable[[], bool] | None = None,
) -> list[SearchHit]:
    """Every hit of ``query`` in the project (or in the named documents), in document order."""
    hits: list[SearchHit] = []
    for doc_id, name, text, found in _searched(
        session, query, mode, unit, documents, threshold, cancelled
    ):
        index = LineIndex(text)
        hits.extend(
            SearchHit(doc_id, name, hit.start, hit.end, hit.matched,
                      citation(name, hit.start, hit.end, index))
            for hit in found
        )  # fmt: skip
    return hits


def search_table(
    session: Session,
    query: str,
    mode: str = "exact",
    unit: str = "none",
    documents: Sequence[str] | None = None,
    threshold: float = 80.0,
    cancelled: Callable[[], bool] | None = None,
) -> HitTable:
    """The hits of ``search_project`` as a :class:`HitTable` (the same hits, no text kept)."""
    names: dict[int, str] = {}
    docs, starts, ends, firsts, lasts = (array("q") for _ in range(5))
    words: list[str] = []
    for doc_id, name, text, found in _searched(
        session, query, mode, unit, documents, threshold, cancelled
    ):
        names[doc_id] = name
        index = LineIndex(text)
        for hit in found:
            first, last = index.lines_of(hit.start, hit.end)
            docs.append(doc_id)
            starts.append(hit.start)
            ends.append(hit.end)
            firsts.append(first)
            lasts.append(last)
            words.append(" ".join(hit.matched[: SORT_KEY_CHARS * 2].split()).casefold())
    arrays = (np.frombuffer(column, np.int64) for column in (docs, starts, ends, firsts, lasts))
    return HitTable(names, *arrays, by_words=_word_order(words))


def _word_order(words: list[str]) -> np.ndarray:
    """Hit numbers in the order of their (shortened) words; equal words in document order."""
    distinct = {key: rank for rank, key in enumerate(sorted({w[:SORT_KEY_CHARS] for w in words}))}
    ranks = np.fromiter((distinct[w[:SORT_KEY_CHARS]] for w in words), np.int64, len(words))
    return np.argsort(ranks, kind="stable")


def lines_text(first: int, last: int) -> str:
    """A citation without the document's name: "line 4" or "lines 4–6"."""
    return f"line {first}" if first == last else f"lines {first}{EN_DASH}{last}"


def hit_rows(session: Session, table: HitTable, numbers: Sequence[int]) -> dict[int, SearchHit]:
    """The rows of these hits (one page of a list), their words cut from the stored texts."""
    wanted = [int(n) for n in numbers]
    doc_ids = sorted({int(table.document[n]) for n in wanted})
    texts = dict(
        session.execute(select(Document.id, Document.text).where(Document.id.in_(doc_ids))).all()
    )
    rows = {}
    for n in wanted:
        doc, start, end = int(table.document[n]), int(table.start[n]), int(table.end[n])
        name = table.names[doc]
        lines = lines_text(int(table.first_line[n]), int(table.last_line[n]))
        words = texts.get(doc, "")[start:end]
        rows[n] = SearchHit(doc, name, start, end, words, f"{name}, {lines}")
    return rows


def autocode(
    project: Project,
    hits: Sequence[SearchHit] | HitTable,
    code: str | int,
    coder: str,
    query: str = "",
) -> Change:
    """Code every previewed hit with one code as one coder, as one undoable step."""
    if isinstance(hits, HitTable):
        spans = hits.spans()
    else:
        spans = [(hit.document_id, hit.document, hit.start, hit.end) for hit in hits]
    if not spans:
        raise QcodeError("there are no hits to code")
    with operation(project, "Auto-code", coder) as op:
        session = op.session
        code_row = get_code(session, code)
        coder_row = ensure_coder(session, coder)
        for doc_id, name, start, end in spans:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise QcodeError(f"document '{name}' is no longer in the project")
            apply_code(session, doc, code_row, coder_row, start, end)
        op.label = f"Auto-code {len(spans)} hits as '{code_row.name}'"
        op.value = len(spans)
        op.audit(
            "auto-code",
            "code",
            code_row.guid,
            after={
                "code": code_path(session, code_row),
                "coder": coder,
                "query": query,
                "hits": [[name, start, end] for _doc, name, start, end in spans],
            },
        )
    return op.change
