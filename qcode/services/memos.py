"""Memos on a document, code, segment, participant or case, or free-standing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor, resolve_actor
from qcode.services.history import Change, operation
from qcode.store.base import utcnow
from qcode.store.models import MEMO_TARGETS, Case, Code, Document, Memo, Participant, Segment
from qcode.store.project import Project

TARGET_MODELS = {
    "document": Document,
    "code": Code,
    "segment": Segment,
    "participant": Participant,
    "case": Case,
}


@dataclass(frozen=True)
class MemoTarget:
    """What a memo is about: a kind ("document", "code", …) and the row's id."""

    kind: str
    id: int

    @property
    def column(self) -> str:
        return f"{self.kind}_id"


def check_target(session: Session, target: MemoTarget | None) -> None:
    if target is None:
        return
    model = TARGET_MODELS.get(target.kind)
    if model is None or target.column not in MEMO_TARGETS:
        raise QcodeError(f"a memo cannot be attached to a '{target.kind}'")
    if session.get(model, target.id) is None:
        raise QcodeError(f"no {target.kind} {target.id} to attach the memo to")


def memo_state(memo: Memo) -> dict[str, object]:
    return {
        "title": memo.title,
        "text": memo.text,
        **{c: getattr(memo, c) for c in MEMO_TARGETS if getattr(memo, c) is not None},
    }


def add_memo(
    project: Project,
    text: str,
    target: MemoTarget | None = None,
    title: str = "",
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Write a memo; value is its id."""
    with operation(project, "Add memo", actor) as op:
        check_target(op.session, target)
        coder, _name = resolve_actor(op.session, actor)
        memo = Memo(title=title.strip(), text=text, coder_id=coder.id if coder else None)
        if target is not None:
            setattr(memo, target.column, target.id)
        op.session.add(memo)
        op.session.flush()
        op.value = memo.id
        op.audit("add memo", "memo", memo.guid, after=memo_state(memo), reason=reason)
    return op.change


def edit_memo(
    project: Project, memo_id: int, text: str, title: str | None = None, actor: Actor = None
) -> Change:
    """Replace a memo's text (and title)."""
    with operation(project, "Edit memo", actor) as op:
        memo = get_memo(op.session, memo_id)
        before = memo_state(memo)
        memo.text = text
        if title is not None:
            memo.title = title.strip()
        memo.updated_at = utcnow()
        op.value = memo.id
        op.audit("edit memo", "memo", memo.guid, before=before, after=memo_state(memo))
    return op.change


def delete_memo(project: Project, memo_id: int, actor: Actor = None) -> Change:
    with operation(project, "Delete memo", actor) as op:
        memo = get_memo(op.session, memo_id)
        before = memo_state(memo)
        op.session.delete(memo)
        op.audit("delete memo", "memo", memo.guid, before=before)
    return op.change


def get_memo(session: Session, memo_id: int) -> Memo:
    memo = session.get(Memo, memo_id)
    if memo is None:
        raise QcodeError(f"no memo {memo_id}")
    return memo


def memos_on(session: Session, target: MemoTarget) -> list[Memo]:
    """The memos attached to one thing, oldest first."""
    column = getattr(Memo, target.column)
    return list(session.scalars(select(Memo).where(column == target.id).order_by(Memo.id)))
