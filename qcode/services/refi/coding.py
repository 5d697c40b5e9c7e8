"""Store a REFI-QDA file's coding and what cites it: segments, topic cases, memos, CMO."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.ingest.refi.model import RefiMemo, RefiProject
from qcode.services.refi.store import Stored, coder_id
from qcode.services.segment_links import fold_overlaps
from qcode.store.base import new_guid
from qcode.store.models import (
    Case,
    CaseSegment,
    CmoCategory,
    CmoEvidence,
    CmoStatement,
    Document,
    Memo,
    Segment,
)

Group = tuple[int, int, int]  # document, code, coder
Span = tuple[int, int, int, int, int]  # document, code, coder, start, end


def store_segments(session: Session, data: RefiProject, stored: Stored) -> set[Group]:
    """New segments keep the file's GUID; one already there (by GUID or span) is reused."""
    guids = dict(session.execute(select(Segment.guid, Segment.id)).all())
    spans: dict[Span, int | Segment] = {}
    lengths: dict[int, int] = {}
    touched: set[Group] = set()
    cited: list[tuple[str, int | Segment]] = []
    used: set[str] = set()
    outside = 0
    for seg in data.segments:
        document_id, code_id = stored.documents.get(seg.document), stored.codes.get(seg.code)
        if document_id is None or code_id is None:
            continue  # its document was not imported, and that was reported
        key = (document_id, code_id, coder_id(session, seg.coder, stored), seg.start, seg.end)
        if document_id not in lengths:
            lengths[document_id] = known_spans(session, document_id, spans)
        if not 0 <= seg.start < seg.end <= lengths[document_id]:
            outside += 1
            continue
        found = guids.get(seg.guid) or spans.get(key)
        if found is None:
            guid = seg.guid if seg.guid not in used else new_guid()  # a repeated GUID
            used.add(guid)
            found = spans[key] = new_segment(session, guid, key, seg.created_at)
            touched.add(key[:3])
            stored.created["segments"] += 1
        else:
            stored.matched["segments"] += 1
        cited.append((seg.selection, found))
    session.flush()
    for selection, found in cited:
        row_id = found if isinstance(found, int) else found.id
        stored.selections.setdefault(selection, []).append(row_id)
    if outside:
        stored.lines.append(f"{outside} coding(s) fall outside their document's text; skipped")
    return touched


def known_spans(session: Session, document_id: int, spans: dict[Span, int | Segment]) -> int:
    """Record a document's segments by span; returns the length of its text."""
    rows = session.execute(
        select(Segment.id, Segment.code_id, Segment.coder_id, Segment.start, Segment.end).where(
            Segment.document_id == document_id
        )
    )
    for seg_id, code_id, coder, start, end in rows:
        spans[(document_id, code_id, coder, start, end)] = seg_id
    chars = session.scalar(select(Document.chars).where(Document.id == document_id))
    return chars or 0


def new_segment(session: Session, guid: str, key: Span, created_at: datetime | None) -> Segment:
    """A segment added to the session (flushed with the others, for speed)."""
    document_id, code_id, coder, start, end = key
    segment = Segment(
        guid=guid,
        document_id=document_id,
        code_id=code_id,
        coder_id=coder,
        start=start,
        end=end,
    )
    if created_at is not None:
        segment.created_at = created_at
    session.add(segment)
    return segment


def fold(session: Session, touched: set[Group], stored: Stored) -> None:
    """qcode keeps one coder's overlapping spans of one code as one segment: merge them."""
    merged = 0
    for document_id, code_id, coder in sorted(overlapping(session, touched)):
        before = session.scalars(
            select(Segment.id).where(
                Segment.document_id == document_id,
                Segment.code_id == code_id,
                Segment.coder_id == coder,
            )
        ).all()
        merged += len(before) - len(fold_overlaps(session, document_id, code_id, coder))
    if merged:
        stored.created["segments"] = max(0, stored.created["segments"] - merged)
        stored.lines.append(
            f"{merged} coding(s) overlapped another of the same code by the same coder "
            "and were merged into it"
        )


def overlapping(session: Session, touched: set[Group]) -> set[Group]:
    """The touched groups in which two segments overlap (one query per document)."""
    found: set[Group] = set()
    for document_id in {group[0] for group in touched}:
        rows = session.execute(
            select(Segment.code_id, Segment.coder_id, Segment.start, Segment.end)
            .where(Segment.document_id == document_id)
            .order_by(Segment.code_id, Segment.coder_id, Segment.start)
        )
        last: dict[tuple[int, int], int] = {}
        for code_id, coder, start, end in rows:
            group = (document_id, code_id, coder)
            if group in touched and start < last.get((code_id, coder), -1):
                found.add(group)
            last[(code_id, coder)] = max(end, last.get((code_id, coder), -1))
    return found


def first_segment(stored: Stored, selection: str) -> int | None:
    found = stored.selections.get(selection)
    return found[0] if found else None


def store_topic_cases(session: Session, data: RefiProject, stored: Stored) -> None:
    for case in data.topic_cases:
        row = session.scalars(select(Case).where(Case.guid == case.guid)).first()
        if row is not None:
            stored.matched["cases"] += 1
            stored.cases[case.guid] = row.id
            continue
        name, number = case.name[:390], 2
        while session.scalars(select(Case).where(Case.name == name)).first() is not None:
            name, number = f"{case.name[:390]} ({number})", number + 1
        row = Case(guid=case.guid, name=name, description=case.description)
        row.participant_id = stored.participants.get(case.participant or "")
        segment_ids = dict.fromkeys(
            s for sel in case.selections for s in stored.selections.get(sel, [])
        )
        row.links = [
            CaseSegment(segment_id=s, position=n) for n, s in enumerate(segment_ids, start=1)
        ]
        session.add(row)
        session.flush()
        stored.cases[case.guid] = row.id
        stored.created["cases"] += 1


def memo_target(memo: RefiMemo, stored: Stored) -> tuple[str, int] | None:
    """The column and row id a memo attaches to, or None."""
    target = memo.target or ""
    found = {
        "document": ("document_id", stored.documents.get(target)),
        "code": ("code_id", stored.codes.get(target)),
        "selection": ("segment_id", first_segment(stored, target)),
        "participant": ("participant_id", stored.participants.get(target)),
        "case": ("case_id", stored.cases.get(target)),
    }.get(memo.target_kind or "")
    return (found[0], found[1]) if found and found[1] is not None else None


def store_memos(session: Session, data: RefiProject, stored: Stored) -> None:
    existing = set(session.scalars(select(Memo.guid)))
    for memo in data.memos:
        if memo.guid in existing:
            stored.matched["memos"] += 1
            continue
        row = Memo(guid=memo.guid, title=memo.title[:400], text=memo.text)
        row.coder_id = stored.coders.get(memo.coder) if memo.coder else None
        if memo.created_at is not None:
            row.created_at = memo.created_at
        row.updated_at = memo.updated_at or memo.created_at or row.created_at
        target = memo_target(memo, stored)
        if target is not None:
            setattr(row, target[0], target[1])
        elif memo.target:
            stored.lines.append(
                f"memo '{memo.title}' was attached to something not imported; "
                "it is kept as a free-standing memo"
            )
        session.add(row)
        stored.created["memos"] += 1
    session.flush()


def store_statements(session: Session, data: RefiProject, stored: Stored) -> None:
    existing = set(session.scalars(select(CmoStatement.guid)))
    for statement in data.statements:
        theme = stored.codes.get(statement.theme)
        if statement.guid in existing or theme is None:
            stored.matched["CMO statements"] += statement.guid in existing
            continue
        row = CmoStatement(
            guid=statement.guid, theme_id=theme, text=statement.text, position=statement.position
        )
        if statement.created_at is not None:
            row.created_at = statement.created_at
        codes = dict.fromkeys(stored.codes[c] for c in statement.categories if c in stored.codes)
        row.categories = [CmoCategory(code_id=c, position=n) for n, c in enumerate(codes, start=1)]
        segments = dict.fromkeys(
            s for sel in statement.evidence for s in stored.selections.get(sel, [])
        )
        row.evidence = [
            CmoEvidence(segment_id=s, position=n) for n, s in enumerate(segments, start=1)
        ]
        session.add(row)
        stored.created["CMO statements"] += 1
    session.flush()
