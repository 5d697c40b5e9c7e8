"""Correcting a document's text: one undoable step that moves every anchor with its words.

Offsets are code points into the stored text (as everywhere in qcode). What holds
offsets into a document's text: its segments (``start``/``end``) and its workshop
decisions (``span_*``, ``result_*``). Memos, case links and CMO evidence name segments,
so they follow them. A segment edited inside keeps covering the edited words; an edit
cutting across a segment's edge takes its replacement into the segment; an edit that
removes all of a segment's (or a decision's) text is refused, as it would leave an empty
passage: uncode it first.

The audit event says where the text changed and by how much, never which words it
held: corrections are often made to take a name out, and the audit trail goes into the
decision log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.documents.outcomes import text_sha256
from qcode.services.history import Change, operation
from qcode.services.lookup import code_path, get_document, join_path
from qcode.services.pseudonyms.spans import Edit, apply_edits, check_edits, moved_span
from qcode.store.models import Document, Segment, WorkshopDecision
from qcode.store.project import Project

EditLike = tuple[int, int, str] | Edit


@dataclass(frozen=True)
class Rewrite:
    """What rewriting one document did: its edits, and how many anchors moved."""

    document_id: int
    edits: int
    chars_before: int
    chars_after: int
    segments_moved: int
    decisions_moved: int


def rewrite_document(session: Session, doc: Document, edits: Iterable[EditLike]) -> Rewrite:
    """Make the edits in ``doc``'s text inside the caller's transaction, moving anchors."""
    checked = check_edits(edits, len(doc.text))
    before = len(doc.text)
    if not checked:
        return Rewrite(doc.id, 0, before, before, 0, 0)
    segments = _move_segments(session, doc, checked)
    decisions = _move_decisions(session, doc, checked)
    doc.text = apply_edits(doc.text, checked)
    doc.sha256 = text_sha256(doc.text)
    return Rewrite(doc.id, len(checked), before, len(doc.text), segments, decisions)


def _move_segments(session: Session, doc: Document, edits: Sequence[Edit]) -> int:
    moved = 0
    rows = session.scalars(select(Segment).where(Segment.document_id == doc.id))
    for segment in rows:
        span = moved_span(segment.start, segment.end, edits)
        if span is None:
            raise QcodeError(
                f"the edit would remove all the text of segment {segment.id} "
                f"(code '{join_path(code_path(session, segment.code))}' in '{doc.name}'); "
                "uncode it first"
            )
        if span != (segment.start, segment.end):
            segment.start, segment.end = span
            moved += 1
    return moved


def _move_decisions(session: Session, doc: Document, edits: Sequence[Edit]) -> int:
    moved = 0
    rows = session.scalars(select(WorkshopDecision).where(WorkshopDecision.document_id == doc.id))
    for decision in rows:
        spans = [(decision.span_start, decision.span_end)]
        if decision.result_start is not None and decision.result_end is not None:
            spans.append((decision.result_start, decision.result_end))
        found = [moved_span(start, end, edits) for start, end in spans]
        new = [span for span in found if span is not None]
        if len(new) < len(found):
            raise QcodeError(
                f"the edit would remove all the text of workshop decision {decision.id} "
                f"in '{doc.name}'"
            )
        if new == spans:
            continue
        decision.span_start, decision.span_end = new[0]
        if len(new) > 1:
            decision.result_start, decision.result_end = new[1]
        moved += 1
    return moved


def audit_summary(rewrites: Sequence[Rewrite]) -> dict[str, int]:
    """Counts for an audit event: no words, only how much changed."""
    return {
        "documents": sum(1 for r in rewrites if r.edits),
        "replacements": sum(r.edits for r in rewrites),
        "segments moved": sum(r.segments_moved for r in rewrites),
        "decisions moved": sum(r.decisions_moved for r in rewrites),
    }


def replace_spans(
    project: Project,
    document: str | int,
    edits: Iterable[EditLike],
    actor: Actor = None,
    reason: str = "",
    label: str | None = None,
    expected_sha256: str | None = None,
) -> Change:
    """Rewrite parts of one document's text in one undoable, audited step.

    ``edits`` are ``(start, end, new_text)`` in the text as it is now (as it was when
    its hash was ``expected_sha256``, if given); they may not overlap. The change's
    value is the ``Rewrite``.
    """
    with operation(project, label or "Correct text", actor) as op:
        doc = get_document(op.session, document)
        if expected_sha256 is not None and doc.sha256 != expected_sha256:
            raise QcodeError(f"'{doc.name}' changed meanwhile; nothing was corrected, try again")
        if label is None:
            op.label = f"Correct text of '{doc.name}'"
        sha_before = doc.sha256
        checked = check_edits(edits, len(doc.text))
        result = rewrite_document(op.session, doc, checked)
        op.value = result
        op.audit(
            "edit text",
            "document",
            doc.guid,
            before={"chars": result.chars_before, "sha256": sha_before},
            after={
                "chars": result.chars_after,
                "sha256": doc.sha256,
                "spans": [[e.start, e.end] for e in checked],
                **audit_summary([result]),
            },
            reason=reason,
        )
    return op.change


def correct_text(
    project: Project,
    document: str | int,
    start: int,
    end: int,
    new_text: str,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Put ``new_text`` in place of the characters ``start``–``end`` of a document."""
    return replace_spans(project, document, [(start, end, new_text)], actor, reason)


def find_occurrences(text: str, find: str) -> list[tuple[int, int]]:
    """Where ``find`` occurs in ``text`` exactly, non-overlapping, left to right."""
    if not find:
        raise QcodeError("say which text to find")
    return [(m.start(), m.end()) for m in re.finditer(re.escape(find), text)]


def pick_occurrences(
    spans: Sequence[tuple[int, int]], find: str, occurrence: int | None, every: bool
) -> list[tuple[int, int]]:
    """The occurrences a correction means: all, the N-th (1-based), or the only one."""
    if not spans:
        raise QcodeError(f"'{find}' does not occur in the text")
    if every:
        return list(spans)
    if occurrence is None:
        if len(spans) > 1:
            raise QcodeError(
                f"'{find}' occurs {len(spans)} times; say which (--occurrence N) or --all"
            )
        return list(spans)
    if not 1 <= occurrence <= len(spans):
        raise QcodeError(f"'{find}' occurs {len(spans)} times; there is no occurrence {occurrence}")
    return [spans[occurrence - 1]]
