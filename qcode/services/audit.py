"""The audit trail: every change records when, who, what, before, after and why."""

from __future__ import annotations

import getpass
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from qcode.store.models import AuditEvent, Coder

Actor = Coder | str | None


def default_actor() -> str:
    """The name recorded for changes made without a named coder (the OS login)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on this system
        return "unknown"


def as_json(value: Any) -> str:
    """Serialise a before/after value for the audit trail ("" for None)."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def resolve_actor(session: Session, actor: Actor) -> tuple[Coder | None, str]:
    """The coder row (if the name is a coder's) and the name to record: the coder named,
    else on a team server the database role, else the login on this machine."""
    if isinstance(actor, Coder):
        return actor, actor.name
    if actor:
        coder = session.scalars(select(Coder).where(Coder.name == actor)).first()
        return coder, actor
    if session.get_bind().dialect.name == "postgresql":  # a team server: its login role
        return None, str(session.execute(text("SELECT session_user")).scalar_one())
    return None, default_actor()


def record(
    session: Session,
    action: str,
    target_type: str,
    target_id: object,
    *,
    before: Any = None,
    after: Any = None,
    actor: Actor = None,
    reason: str = "",
) -> AuditEvent:
    """Add one audit event to the session's transaction."""
    coder, name = resolve_actor(session, actor)
    event = AuditEvent(
        coder_id=coder.id if coder else None,
        actor=name,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        before=as_json(before),
        after=as_json(after),
        reason=reason,
    )
    session.add(event)
    return event


def last_changed_by(session: Session, target_type: str, target_id: object) -> str:
    """Who last changed a target, by the audit trail ("" when nothing records it)."""
    found = session.scalars(
        select(AuditEvent.actor)
        .where(AuditEvent.target_type == target_type, AuditEvent.target_id == str(target_id))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    return found or ""
