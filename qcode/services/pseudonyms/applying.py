"""Previewing every hit of the pseudonym list in the texts, and applying it in one step.

Applying rewrites every document with hits in one undoable, audited operation, through
the same mechanism as a text correction: segments and workshop decisions move with
their words. Its audit event counts replacements and documents; it names no one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.lines import LineIndex
from qcode.analysis.names import find_mentions
from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.lookup import get_document
from qcode.services.pseudonyms.pairs import list_pairs
from qcode.services.pseudonyms.textedit import Rewrite, audit_summary, rewrite_document
from qcode.store.models import Document
from qcode.store.project import Project

CONTEXT = 40  # characters of the line shown on each side of a hit


@dataclass(frozen=True)
class Hit:
    """One place a listed name occurs, and what would replace it."""

    document_id: int
    document: str
    start: int
    end: int
    found: str
    how: str
    original: str
    replacement: str
    line: int  # 1-based, as citations count
    context: str  # the line around the hit


def preview(
    session: Session, documents: Iterable[str | int] | None = None, threshold: float = 88.0
) -> list[Hit]:
    """Every hit of the list in the given documents (all if None), by document and place.

    A hit already written as a pseudonym of the list is left out, so a text once
    rewritten previews no hits.
    """
    pairs = list_pairs(session)
    if not pairs:
        return []
    pseudonyms = {p.original: p.pseudonym for p in pairs}
    taken = {p.pseudonym.casefold() for p in pairs}
    hits: list[Hit] = []
    for doc in _documents(session, documents):
        index: LineIndex | None = None
        for mention in find_mentions(doc.text, list(pseudonyms), threshold):
            replacement = mention.replacement(pseudonyms[mention.name])
            core = mention.found[len(mention.title) : len(mention.found) - len(mention.suffix)]
            if replacement == mention.found or core.casefold() in taken:
                continue
            index = index or LineIndex(doc.text)
            line = index.line_of(mention.start)
            hits.append(
                Hit(
                    doc.id,
                    doc.name,
                    mention.start,
                    mention.end,
                    mention.found,
                    mention.how,
                    mention.name,
                    replacement,
                    line,
                    _context(doc.text, index, line, mention.start, mention.end),
                )
            )
    return hits


def _documents(session: Session, documents: Iterable[str | int] | None) -> list[Document]:
    if documents is None:
        return list(session.scalars(select(Document).order_by(Document.name)))
    return [get_document(session, d) for d in documents]


def _context(text: str, index: LineIndex, line: int, start: int, end: int) -> str:
    line_start, line_end = index.line_span(line)
    left, right = max(line_start, start - CONTEXT), min(line_end, end + CONTEXT)
    before = ("…" if left > line_start else "") + text[left:start]
    after = text[end:right] + ("…" if right < line_end else "")
    return f"{before}{text[start:end]}{after}".replace("\f", " ")


def apply_pseudonyms(
    project: Project,
    hits: Sequence[Hit] | None = None,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Replace the hits (every hit of the preview if None) in one undoable step.

    Hits must still be what the text holds; a text changed since the preview is refused.
    The change's value is the list of ``Rewrite``s, one per document rewritten.
    """
    with operation(project, "Apply pseudonyms", actor) as op:
        session = op.session
        chosen = preview(session) if hits is None else list(hits)
        by_document: dict[int, list[Hit]] = defaultdict(list)
        for hit in chosen:
            by_document[hit.document_id].append(hit)
        rewrites: list[Rewrite] = []
        for document_id in sorted(by_document):
            doc = get_document(session, document_id)
            document_hits = by_document[document_id]
            _check_still_there(doc, document_hits)
            edits = [(h.start, h.end, h.replacement) for h in document_hits]
            rewrites.append(rewrite_document(session, doc, edits))
        summary = audit_summary(rewrites)
        op.label = (
            f"Apply pseudonyms ({summary['replacements']} replacements "
            f"in {summary['documents']} documents)"
        )
        op.value = rewrites
        op.audit("apply pseudonyms", "project", "pseudonyms", after=summary, reason=reason)
    return op.change


def _check_still_there(doc: Document, hits: Sequence[Hit]) -> None:
    for hit in hits:
        if doc.text[hit.start : hit.end] != hit.found:
            raise QcodeError(
                f"'{doc.name}' changed since the preview (line {hit.line}); preview again"
            )
