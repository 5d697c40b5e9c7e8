"""Settings kept in the project: one JSON value per dotted key, set as one undoable step."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.store.models import ProjectSetting
from qcode.store.project import Project

MAX_KEY = 100  # ProjectSetting.key's column width


def read_setting(session: Session, key: str, default: Any = None) -> Any:
    """The value kept under ``key`` (decoded from JSON), or ``default`` if none is kept."""
    stored = session.scalar(select(ProjectSetting.value).where(ProjectSetting.key == key))
    return default if stored is None else json.loads(stored)


def keep_setting(
    project: Project, key: str, value: Any, actor: Actor = None, reason: str = ""
) -> Change:
    """Keep ``value`` (anything JSON can hold; None removes it) under ``key``: one undoable,
    audited step. Keeping the value already kept changes nothing."""
    if not key or len(key) > MAX_KEY:
        raise QcodeError(f"a setting's name needs 1 to {MAX_KEY} characters")
    try:
        encoded = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise QcodeError(f"setting '{key}' can't be kept: {error}") from None
    with operation(project, f"Set '{key}'", actor) as op:
        row = op.session.scalar(select(ProjectSetting).where(ProjectSetting.key == key))
        before = None if row is None else row.value
        if before != encoded:
            if row is None:
                op.session.add(ProjectSetting(key=key, value=encoded))
            elif encoded is None:
                op.session.delete(row)
            else:
                row.value = encoded
        op.value = value
        op.audit("set setting", "project", key, before=before, after=encoded, reason=reason)
    return op.change
