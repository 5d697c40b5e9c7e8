"""The state of one merge: the user's choices, the team's past deletions, and the id maps."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.merge.anchor import PLACE_THRESHOLD
from qcode.services.merge.report import EditedDocument, MergeReport
from qcode.services.merge.source import CopyData, Row
from qcode.store.models import AuditEvent

# Audit actions that remove a row for good, and the kind of row whose guid they name.
DELETIONS = {
    "uncode": "segment",
    "delete code": "code",
    "delete memo": "memo",
    "delete case": "case",
}
MERGE_CODES = "merge codes"

CodeChoice = int | str | None  # a team code's id or path; None: bring the copy's code as new
Model = TypeVar("Model")


@dataclass(frozen=True)
class MergeOptions:
    """What the user decided before the merge.

    ``code_matches`` maps a copy code (its guid, or its path joined by "/") to the team
    code it is (an id or a path), or to None to bring it in as a new code.
    """

    code_matches: Mapping[str, CodeChoice] = field(default_factory=dict)
    accept_suggestions: bool = False
    allow_unrelated: bool = False
    place_threshold: float = PLACE_THRESHOLD


@dataclass
class TeamHistory:
    """What the team file's audit trail says was removed or merged away since it began."""

    deleted: dict[str, set[str]] = field(
        default_factory=lambda: {kind: set() for kind in DELETIONS.values()}
    )
    merged_codes: dict[tuple[str, ...], str] = field(default_factory=dict)  # path -> target guid

    def removed(self, kind: str, guid: str) -> bool:
        return guid in self.deleted[kind]


def read_team_history(session: Session) -> TeamHistory:
    """Guids the team deleted, and the paths of codes it merged into others (oldest first)."""
    history = TeamHistory()
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.target_id, AuditEvent.before)
        .where(AuditEvent.action.in_([*DELETIONS, MERGE_CODES]))
        .order_by(AuditEvent.id)
    )
    for action, target, before in rows:
        if action in DELETIONS:
            history.deleted[DELETIONS[action]].add(target)
            continue
        path = merged_source_path(before)
        if path:
            history.merged_codes[path] = target
    return history


def merged_source_path(before: str) -> tuple[str, ...]:
    """The path of the code a "merge codes" event merged away, if its record says."""
    try:
        source = json.loads(before or "{}").get("source", {})
        path = source.get("path", []) if isinstance(source, dict) else []
    except (ValueError, AttributeError):
        return ()
    return tuple(str(name) for name in path) if isinstance(path, list) else ()


@dataclass
class Merge:
    """One merge in progress: the team session, the copy's rows, and copy id → team id maps."""

    session: Session
    data: CopyData
    report: MergeReport
    options: MergeOptions
    history: TeamHistory
    coders: dict[int, int] = field(default_factory=dict)
    participants: dict[int, int] = field(default_factory=dict)
    documents: dict[int, int] = field(default_factory=dict)
    edited: dict[int, EditedDocument] = field(default_factory=dict)
    codes: dict[int, int] = field(default_factory=dict)
    dropped_codes: dict[int, str] = field(default_factory=dict)  # copy code id -> why
    segments: dict[int, int] = field(default_factory=dict)
    cases: dict[int, int] = field(default_factory=dict)

    @cached_property
    def code_paths(self) -> dict[int, tuple[str, ...]]:
        return self.data.code_paths()

    @cached_property
    def coder_names(self) -> dict[int, str]:
        return {row["id"]: row["name"] for row in self.data.coders}

    @cached_property
    def copy_documents(self) -> dict[int, Row]:
        return {row["id"]: row for row in self.data.documents}

    def map_for(self, column: str) -> dict[int, int]:
        """The id map for a foreign-key column such as ``"segment_id"``."""
        maps = {
            "document_id": self.documents,
            "code_id": self.codes,
            "segment_id": self.segments,
            "participant_id": self.participants,
            "case_id": self.cases,
            "coder_id": self.coders,
        }
        return maps[column]


def by_guid(session: Session, model: type[Model], guid: str) -> Model | None:
    """The team row of a model with this guid, if any."""
    column: Any = model.guid  # type: ignore[attr-defined]
    return session.scalars(select(model).where(column == guid)).first()


def pick(row: Row, *names: str) -> dict[str, Any]:
    """Some columns of a copy row, for building the team's row."""
    return {name: row[name] for name in names}
