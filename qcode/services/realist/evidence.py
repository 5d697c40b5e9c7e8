"""Evidence for CMO statements: attach, detach and reorder the coded segments they cite."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.realist.statements import get_statement, statement_state
from qcode.store.models import CmoEvidence, CmoStatement, Segment
from qcode.store.project import Project


def check_segments(session: Session, segment_ids: Sequence[int]) -> list[int]:
    """The ids, each an existing segment and named once."""
    ids = list(segment_ids)
    if not ids:
        raise QcodeError("name at least one segment")
    if len(set(ids)) != len(ids):
        raise QcodeError("a segment is named twice")
    for segment_id in ids:
        if session.get(Segment, segment_id) is None:
            raise QcodeError(f"no coded segment {segment_id} in the project")
    return ids


def set_evidence_rows(session: Session, statement: CmoStatement, segment_ids: list[int]) -> None:
    """Replace a statement's evidence by ``segment_ids``, in that order."""
    statement.evidence.clear()
    session.flush()
    for number, segment_id in enumerate(segment_ids, start=1):
        statement.evidence.append(CmoEvidence(segment_id=segment_id, position=number))
    session.flush()


def _change_evidence(
    project: Project,
    statement_id: int,
    action: str,
    actor: Actor,
    new_ids: Callable[[Session, list[int]], list[int]],
    reason: str = "",
) -> Change:
    """Run one evidence edit: ``new_ids(session, current_ids)`` gives the new list."""
    with operation(project, f"{action.capitalize()} for a configuration statement", actor) as op:
        session = op.session
        statement = get_statement(session, statement_id)
        before = statement_state(session, statement)
        current = [e.segment_id for e in statement.evidence]
        set_evidence_rows(session, statement, new_ids(session, current))
        op.value = statement.id
        op.audit(
            action,
            "cmo_statement",
            statement.guid,
            before=before,
            after=statement_state(session, statement),
            reason=reason,
        )
    return op.change


def attach_evidence(
    project: Project,
    statement_id: int,
    segment_ids: Sequence[int],
    position: int | None = None,
    actor: Actor = None,
) -> Change:
    """Cite segments as evidence, inserted at ``position`` (0-based; default at the end)."""

    def new_ids(session: Session, current: list[int]) -> list[int]:
        ids = check_segments(session, segment_ids)
        cited = [i for i in ids if i in current]
        if cited:
            raise QcodeError(f"segment {cited[0]} is already cited by this statement")
        place = len(current) if position is None else max(0, min(position, len(current)))
        return current[:place] + ids + current[place:]

    return _change_evidence(project, statement_id, "attach cmo evidence", actor, new_ids)


def detach_evidence(
    project: Project,
    statement_id: int,
    segment_ids: Sequence[int],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Stop citing segments (the segments themselves stay coded)."""

    def new_ids(session: Session, current: list[int]) -> list[int]:
        ids = list(segment_ids)
        missing = [i for i in ids if i not in current]
        if not ids or missing:
            shown = missing[0] if missing else "no segment"
            raise QcodeError(f"segment {shown} is not cited by this statement")
        return [i for i in current if i not in ids]

    return _change_evidence(project, statement_id, "detach cmo evidence", actor, new_ids, reason)


def reorder_evidence(
    project: Project, statement_id: int, segment_ids: Sequence[int], actor: Actor = None
) -> Change:
    """Put a statement's cited segments in the order given (all of them, each once)."""

    def new_ids(session: Session, current: list[int]) -> list[int]:
        ids = list(segment_ids)
        if sorted(ids) != sorted(current):
            raise QcodeError("reordering must name each cited segment of the statement once")
        return ids

    return _change_evidence(project, statement_id, "reorder cmo evidence", actor, new_ids)
