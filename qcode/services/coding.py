"""Coding text: apply a code to a span as a coder, uncode, in-vivo coding."""

from __future__ import annotations

import re

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.codebook.edit import check_name, create_path, require_codable
from qcode.services.coders import ensure_coder
from qcode.services.history import Change, operation
from qcode.services.lookup import (
    ancestor_names,
    code_path,
    get_code,
    get_coder,
    get_document,
    path_of,
)
from qcode.services.segment_links import fold_overlaps
from qcode.store.models import Code, Coder, Document, Segment
from qcode.store.project import Project

IN_VIVO_MAX = 60


def check_span(doc: Document, start: int, end: int) -> None:
    if not 0 <= start < end <= len(doc.text):
        raise QcodeError(
            f"span {start}:{end} is outside '{doc.name}' (its text has {len(doc.text)} characters)"
        )


def segment_state(session: Session, segment: Segment) -> dict[str, object]:
    """A segment as recorded in the audit trail."""
    doc = session.get(Document, segment.document_id)
    code = session.get(Code, segment.code_id)
    coder = session.get(Coder, segment.coder_id)
    assert doc is not None and code is not None and coder is not None
    return {
        "document": doc.name,
        "code": path_of(code.id, ancestor_names(session, {code.id})),  # (one query)
        "coder": coder.name,
        "start": segment.start,
        "end": segment.end,
        "text": doc.text[segment.start : segment.end],
    }


# Built once (a coding runs it each time): a coder's segments of one code overlapping a span.
OVERLAPPING = select(Segment.id, Segment.start, Segment.end).where(
    Segment.document_id == bindparam("document_id"),
    Segment.code_id == bindparam("code_id"),
    Segment.coder_id == bindparam("coder_id"),
    Segment.start < bindparam("end"),
    Segment.end > bindparam("start"),
)


def apply_code(
    session: Session, doc: Document, code: Code, coder: Coder, start: int, end: int
) -> Segment:
    """Add a segment, folding it into the coder's overlapping segments of the same code.

    A span the coder already coded with this code changes nothing (and so is not audited).
    A category (a code that is not codable) is refused in one line.
    """
    require_codable(code)
    check_span(doc, start, end)
    keys = {"document_id": doc.id, "code_id": code.id, "coder_id": coder.id}
    overlapping = session.execute(OVERLAPPING, {**keys, "start": start, "end": end}).all()
    for segment_id, at, to in overlapping:
        if at <= start and end <= to:
            covering = session.get(Segment, segment_id)
            assert covering is not None
            return covering
    segment = Segment(**keys, start=start, end=end)
    session.add(segment)
    if not overlapping:  # (the usual case: nothing to fold)
        session.flush()
        return segment
    survivors = fold_overlaps(session, doc.id, code.id, coder.id, within=(start, end))
    for survivor_id in survivors:
        survivor = session.get(Segment, survivor_id)
        assert survivor is not None
        if survivor.start <= start and end <= survivor.end:
            return survivor
    raise AssertionError("the new span vanished while folding")


def code_span(
    project: Project,
    document: str | int,
    code: str | int,
    coder: str,
    start: int,
    end: int,
) -> Change:
    """Code ``start:end`` of a document as a coder; value is the resulting segment's id."""
    with operation(project, "Code text", coder) as op:
        session = op.session
        doc, code_row = get_document(session, document), get_code(session, code)
        coder_row = op.actor = ensure_coder(session, coder)  # (the audit names it: no second look)
        segment = apply_code(session, doc, code_row, coder_row, start, end)
        op.label = f"Code '{code_row.name}' in {doc.name}"
        op.value = segment.id
        op.audit("code", "segment", segment.guid, after=segment_state(session, segment))
    return op.change


def find_quote(doc: Document, quote: str) -> tuple[int, int]:
    """The single place a quote occurs (whitespace runs match any whitespace)."""
    words = quote.split()
    if not words:
        raise QcodeError("the quote is empty")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [m.span() for m in pattern.finditer(doc.text)]
    if not found:
        raise QcodeError(f"the quote is not in '{doc.name}'")
    if len(found) > 1:
        raise QcodeError(f"the quote occurs {len(found)} times in '{doc.name}'; give --span")
    return found[0]


def code_quote(
    project: Project, document: str | int, code: str | int, coder: str, quote: str
) -> Change:
    """Code the one place where ``quote`` occurs in a document."""
    with project.session() as session:
        start, end = find_quote(get_document(session, document), quote)
    return code_span(project, document, code, coder, start, end)


def in_vivo_name(words: str) -> str:
    """A code name from selected words: whitespace collapsed, quotes trimmed, kept short."""
    name = " ".join(words.split()).strip(" \"'“”‘’.,;:!?-–—")
    if len(name) > IN_VIVO_MAX:
        name = name[:IN_VIVO_MAX].rsplit(" ", 1)[0] + "…"
    return check_name(name)


def code_in_vivo(
    project: Project,
    document: str | int,
    coder: str,
    start: int,
    end: int,
    parent: str | int | None = None,
) -> Change:
    """Create a code named from the selected words (under ``parent``) and code them."""
    with operation(project, "Code in vivo", coder) as op:
        session = op.session
        doc = get_document(session, document)
        check_span(doc, start, end)
        prefix = code_path(session, get_code(session, parent)) if parent is not None else []
        code, _created = create_path(session, [*prefix, in_vivo_name(doc.text[start:end])])
        segment = apply_code(session, doc, code, ensure_coder(session, coder), start, end)
        op.label = f"Code in vivo '{code.name}'"
        op.value = segment.id
        op.audit("code in vivo", "segment", segment.guid, after=segment_state(session, segment))
    return op.change


def uncode_segment(project: Project, segment_id: int, actor: str | None = None) -> Change:
    """Remove a whole segment."""
    with operation(project, "Uncode", actor) as op:
        segment = op.session.get(Segment, segment_id)
        if segment is None:
            raise QcodeError(f"no segment {segment_id}")
        before = segment_state(op.session, segment)
        op.session.delete(segment)
        op.audit("uncode", "segment", segment.guid, before=before)
    return op.change


def uncode_span(
    project: Project,
    document: str | int,
    coder: str,
    start: int,
    end: int,
    code: str | int | None = None,
) -> Change:
    """Remove a coder's coding (of one code, or all) from part of a document."""
    with operation(project, "Uncode text", coder) as op:
        session = op.session
        doc = get_document(session, document)
        check_span(doc, start, end)
        query = select(Segment).where(
            Segment.document_id == doc.id,
            Segment.coder_id == get_coder(session, coder).id,
            Segment.start < end,
            Segment.end > start,
        )
        if code is not None:
            query = query.where(Segment.code_id == get_code(session, code).id)
        touched = [cut_segment(session, s, start, end) for s in session.scalars(query).all()]
        if not touched:
            raise QcodeError(f"{coder} has no coding there in '{doc.name}'")
        op.audit(
            "uncode text",
            "document",
            doc.guid,
            before={"segments": touched},
            after={"start": start, "end": end},
        )
    return op.change


def cut_segment(session: Session, segment: Segment, start: int, end: int) -> dict[str, object]:
    """Remove ``start:end`` from a segment: delete, shrink, or split it in two."""
    before = segment_state(session, segment)
    left, right = (segment.start, min(start, segment.end)), (max(end, segment.start), segment.end)
    keep_left, keep_right = left[0] < left[1], right[0] < right[1]
    if not keep_left and not keep_right:
        session.delete(segment)
    elif keep_left and keep_right:
        segment.end = left[1]
        session.add(
            Segment(
                document_id=segment.document_id,
                code_id=segment.code_id,
                coder_id=segment.coder_id,
                start=right[0],
                end=right[1],
                created_at=segment.created_at,
            )
        )
    else:
        segment.start, segment.end = left if keep_left else right
    session.flush()
    return before
