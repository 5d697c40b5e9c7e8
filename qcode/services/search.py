"""Text search over a project's documents, and auto-coding the hits in one undoable step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex, citation
from qcode.analysis.search import MODES, UNITS, search
from qcode.errors import QcodeError
from qcode.services.coders import ensure_coder
from qcode.services.coding import apply_code
from qcode.services.history import Change, operation
from qcode.services.lookup import code_path, get_code, get_document
from qcode.store.models import Document
from qcode.store.project import Project


@dataclass(frozen=True)
class SearchHit:
    """A place in a document that matched, widened as asked."""

    document_id: int
    document: str
    start: int
    end: int
    text: str
    citation: str


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
    if mode not in MODES or unit not in UNITS:
        raise QcodeError(f"search mode must be one of {MODES} and unit one of {UNITS}")
    if not query.strip():
        raise QcodeError("the search text is empty")
    docs_query = select(Document).order_by(Document.name)
    if documents:
        ids = [get_document(session, name).id for name in documents]  # unknown: one-line error
        docs_query = docs_query.where(Document.id.in_(ids))
    options = {"threshold": threshold} if mode == "fuzzy" else {}
    hits: list[SearchHit] = []
    for doc in session.scalars(docs_query):
        if cancelled and cancelled():
            break
        try:
            found = search(doc.text, query, mode=mode, unit=unit, **options)
        except ValueError as exc:
            raise QcodeError(str(exc)) from exc
        index = LineIndex(doc.text)
        hits.extend(
            SearchHit(
                doc.id,
                doc.name,
                hit.start,
                hit.end,
                doc.text[hit.start : hit.end],
                citation(doc.name, hit.start, hit.end, index),
            )
            for hit in found
        )
    return hits


def autocode(
    project: Project, hits: Sequence[SearchHit], code: str | int, coder: str, query: str = ""
) -> Change:
    """Code every previewed hit with one code as one coder, as one undoable step."""
    if not hits:
        raise QcodeError("there are no hits to code")
    with operation(project, "Auto-code", coder) as op:
        session = op.session
        code_row = get_code(session, code)
        coder_row = ensure_coder(session, coder)
        for hit in hits:
            doc = session.get(Document, hit.document_id)
            if doc is None:
                raise QcodeError(f"document '{hit.document}' is no longer in the project")
            apply_code(session, doc, code_row, coder_row, hit.start, hit.end)
        op.label = f"Auto-code {len(hits)} hits as '{code_row.name}'"
        op.value = len(hits)
        op.audit(
            "auto-code",
            "code",
            code_row.guid,
            after={
                "code": code_path(session, code_row),
                "coder": coder,
                "query": query,
                "hits": [[h.document, h.start, h.end] for h in hits],
            },
        )
    return op.change
