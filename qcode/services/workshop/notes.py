"""Memos on the coders' segments where a workshop looks: per document, oldest first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.workshop.units import MemoNote
from qcode.store.models import Coder, Memo, Segment


def memos_by_document(
    session: Session, coder_ids: Sequence[int], document_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[int, MemoNote]]]:
    """Memos on the coders' segments (in these documents; None: all): document → (code id,
    memo), oldest first."""
    query = (
        select(Memo, Segment)
        .join(Segment, Segment.id == Memo.segment_id)
        .where(Segment.coder_id.in_(list(coder_ids)))
        .order_by(Memo.id)
    )
    if document_ids is not None:
        query = query.where(Segment.document_id.in_(list(document_ids)))
    rows = session.execute(query)
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())
    found: dict[int, list[tuple[int, MemoNote]]] = defaultdict(list)
    for memo, segment in rows:
        note = MemoNote(
            memo_id=memo.id,
            segment_id=segment.id,
            coder=coders[segment.coder_id],
            author=coders.get(memo.coder_id, "") if memo.coder_id is not None else "",
            title=memo.title,
            text=memo.text,
            start=segment.start,
            end=segment.end,
        )
        found[segment.document_id].append((segment.code_id, note))
    return found


def on_span(
    notes: Sequence[tuple[int, MemoNote]], start: int, end: int
) -> tuple[tuple[int, MemoNote], ...]:
    """The memos whose segment overlaps ``start:end``."""
    return tuple((code_id, n) for code_id, n in notes if n.start < end and n.end > start)
