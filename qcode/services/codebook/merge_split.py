"""Merging codes (coding moves to the target, duplicates folded) and splitting a code."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.codebook.edit import check_name, code_state, next_position, not_codable
from qcode.services.history import Change, operation
from qcode.services.lookup import (
    child_named,
    code_names,
    descendant_ids,
    get_code,
    path_of,
)
from qcode.services.segment_links import fold_overlaps
from qcode.store.models import (
    CmoCategory,
    CmoStatement,
    Code,
    Memo,
    Segment,
    Vignette,
    WorkshopDecision,
)
from qcode.store.project import Project


def segment_count(session: Session, code_id: int) -> int:
    return session.scalar(select(func.count(Segment.id)).where(Segment.code_id == code_id)) or 0


def merge_codes(
    project: Project, source_id: int, target_id: int, actor: Actor = None, reason: str = ""
) -> Change:
    """Merge ``source`` into ``target``: its coding, memos, sub-codes and uses move over."""
    with operation(project, "Merge codes", actor) as op:
        session = op.session
        source, target = get_code(session, source_id), get_code(session, target_id)
        if target.id in descendant_ids(session, source.id):
            raise QcodeError(f"cannot merge '{source.name}' into itself or one of its sub-codes")
        names = code_names(session)
        before = {
            "source": {
                **code_state(source),
                "path": path_of(source.id, names),
                "segments": segment_count(session, source.id),
            },
            "target": {
                **code_state(target),
                "path": path_of(target.id, names),
                "segments": segment_count(session, target.id),
            },
        }
        op.label = f"Merge '{source.name}' into '{target.name}'"
        carried = session.scalars(
            select(WorkshopDecision.guid).where(
                WorkshopDecision.code_id.in_(descendant_ids(session, source.id))
            )
        ).all()
        merge_into(session, source, target)
        op.value = target.id
        op.audit(
            "merge codes",
            "code",
            target.guid,
            before=before,
            after={"segments": segment_count(session, target.id), "workshop_decisions": carried},
            reason=reason,
        )
    return op.change


def merge_into(session: Session, source: Code, target: Code) -> None:
    """Move everything of ``source`` to ``target`` (sub-codes merged by name), then delete it."""
    for child in list(session.scalars(select(Code).where(Code.parent_id == source.id))):
        twin = child_named(session, target.id, child.name)
        if twin is None or twin.id == source.id:  # merging "A/Sub" into "A": "A/Sub/Sub" moves up
            child.parent_id = target.id
            child.position = next_position(session, target.id)
            session.flush()
        else:
            merge_into(session, child, twin)
    if not target.codable and segment_count(session, source.id):
        raise QcodeError(f"{not_codable(target)}; move “{source.name}” under it instead")
    keys = session.execute(
        select(Segment.document_id, Segment.coder_id).where(Segment.code_id == source.id).distinct()
    ).all()
    repoint_code(session, source.id, target.id)
    for document_id, coder_id in keys:
        fold_overlaps(session, document_id, target.id, coder_id)
    session.delete(source)
    session.flush()


def repoint_code(session: Session, old_id: int, new_id: int) -> None:
    """Make everything that names code ``old_id`` name ``new_id`` instead."""
    session.flush()
    for column in (
        Segment.code_id,
        Memo.code_id,
        WorkshopDecision.code_id,
        CmoStatement.theme_id,
        Vignette.theme_id,
    ):
        session.execute(
            update(column.class_)
            .where(column == old_id)
            .values({column.key: new_id})
            .execution_options(synchronize_session=False)
        )
    taken = select(CmoCategory.statement_id).where(CmoCategory.code_id == new_id)
    session.execute(
        update(CmoCategory)
        .where(CmoCategory.code_id == old_id, CmoCategory.statement_id.not_in(taken))
        .values(code_id=new_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(CmoCategory).where(CmoCategory.code_id == old_id))
    session.expire_all()


def split_code(
    project: Project,
    code_id: int,
    segment_ids: Sequence[int],
    new_name: str,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Move chosen segments of a code to a new sibling code; value is the new code's id."""
    with operation(project, "Split code", actor) as op:
        session = op.session
        code = get_code(session, code_id)
        name = check_name(new_name)
        if child_named(session, code.parent_id, name) is not None:
            raise QcodeError(f"'{name}' already exists at that level of the codebook")
        chosen = session.scalars(select(Segment).where(Segment.id.in_(segment_ids))).all()
        if not chosen or len(chosen) != len(set(segment_ids)):
            raise QcodeError("choose one or more segments of the code to split off")
        if any(s.code_id != code.id for s in chosen):
            raise QcodeError(f"every segment to split off must be coded '{code.name}'")
        new = Code(
            name=name,
            parent_id=code.parent_id,
            color=code.color,
            is_context=code.is_context,
            is_mechanism=code.is_mechanism,
            position=next_position(session, code.parent_id),
        )
        session.add(new)
        session.flush()
        for segment in chosen:
            segment.code_id = new.id
        session.flush()
        carried = carry_decisions(session, code.id, new.id, [s.id for s in chosen])
        op.label = f"Split '{name}' off '{code.name}'"
        op.value = new.id
        op.audit(
            "split code",
            "code",
            code.guid,
            before={"code": code.name},
            after={
                "new_code": name,
                "segments": [s.guid for s in chosen],
                "workshop_decisions": carried,
            },
            reason=reason,
        )
    return op.change


def carry_decisions(session: Session, old_id: int, new_id: int, moved: Sequence[int]) -> list[str]:
    """Move to the new code each workshop decision whose passage went with the split: every
    segment of the code on its passage (any coder's, the consensus too) moved. Returns the
    decisions' guids."""
    moved_ids = set(moved)
    carried = []
    decisions = session.scalars(select(WorkshopDecision).where(WorkshopDecision.code_id == old_id))
    for decision in list(decisions):
        on_passage = session.scalars(
            select(Segment.id).where(
                Segment.document_id == decision.document_id,
                Segment.code_id.in_((old_id, new_id)),
                Segment.start < decision.span_end,
                Segment.end > decision.span_start,
            )
        ).all()
        if on_passage and set(on_passage) <= moved_ids:
            decision.code_id = new_id
            carried.append(decision.guid)
    session.flush()
    return carried
