"""The passage index: each document's windows embedded and kept in the project, made again
only for documents whose text (or the model) changed since.

Derived data, not an edit: written in plain transactions (one per batch of documents),
with no audit event and no undo step; undo leaves the index alone, and a document whose
text differs from its passages' ``document_sha`` is simply indexed again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from qcode.analysis.passages_split import split_windows
from qcode.services.lookup import get_document
from qcode.services.similar import model
from qcode.store.models import Document, Passage
from qcode.store.project import Project

DOCUMENTS_PER_TRANSACTION = 20
Progress = Callable[[int, int], None]  # documents done, documents to do


def stale_documents(session: Session, documents: Sequence[str | int] | None = None) -> list[int]:
    """Ids of the documents (all, or those named) whose passages are missing or stale."""
    query = select(Document.id, Document.sha256)  # (unordered: the sha index alone is read)
    if documents:
        query = query.where(Document.id.in_([get_document(session, d).id for d in documents]))
    current = dict(sorted(tuple(row) for row in session.execute(query)))
    indexed: dict[int, set[tuple[str, str]]] = {}
    for doc_id, sha, name in session.execute(
        select(Passage.document_id, Passage.document_sha, Passage.model).distinct()
    ):
        indexed.setdefault(doc_id, set()).add((sha, name))
    return [
        doc_id
        for doc_id, sha in current.items()
        if indexed.get(doc_id) != {(sha, model.MODEL)} and not _blank(session, doc_id)
    ]


def has_passages(session: Session) -> bool:
    """Whether any passage is indexed (similarity search has something to rank)."""
    return bool(session.scalar(select(exists().where(Passage.id.is_not(None)))))


def _blank(session: Session, doc_id: int) -> bool:
    """A text with no words has no passages, and so is never stale."""
    text = session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
    return not text.strip()


def index_passages(
    project: Project,
    documents: Sequence[str | int] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Embed the windows of every stale or unindexed document; the number of passages made.

    Cancelling stops between batches: the batches done so far are kept.
    """
    with project.session() as session:
        todo = stale_documents(session, documents)
    made = 0
    for first in range(0, len(todo), DOCUMENTS_PER_TRANSACTION):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(first, len(todo))
        made += _index_batch(project, todo[first : first + DOCUMENTS_PER_TRANSACTION])
    if progress is not None and not (cancelled is not None and cancelled()):
        progress(len(todo), len(todo))
    return made


def _index_batch(project: Project, doc_ids: list[int]) -> int:
    """One transaction: these documents' passages replaced by fresh ones."""
    with project.transaction() as session:
        rows = session.execute(
            select(Document.id, Document.sha256, Document.text).where(Document.id.in_(doc_ids))
        ).all()
        spans = [(doc_id, sha, text, split_windows(text)) for doc_id, sha, text in rows]
        words = [text[start:end] for _id, _sha, text, windows in spans for start, end in windows]
        vectors = model.embed(words)
        session.execute(delete(Passage).where(Passage.document_id.in_(doc_ids)))
        passages = [
            {"document_id": doc_id, "start": start, "end": end, "document_sha": sha,
             "model": model.MODEL}
            for doc_id, sha, _text, windows in spans
            for start, end in windows
        ]  # fmt: skip
        for row, vector in zip(passages, vectors, strict=True):
            row["vector"] = model.to_bytes(vector)
        if passages:
            session.execute(Passage.__table__.insert(), passages)
    return len(passages)
