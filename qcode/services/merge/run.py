"""Merging coders' independent copies of the team project back into it, one undoable step each.

A coder works in a plain file copy of the team's ``.qcode``. ``merge_copy`` reads the copy
from a private snapshot (the copy is never written), matches what both files hold —
documents by text, codes by identity then path, coders, participants, cases and memos by
identity then name, segments by identity and by the coding already there — and adds what
the team lacks. What it cannot be sure of is reported, never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.audit import Actor
from qcode.services.history import operation
from qcode.services.merge.anchor import PLACE_THRESHOLD
from qcode.services.merge.codes import match_codes
from qcode.services.merge.match import match_coders, match_documents, match_participants
from qcode.services.merge.report import MergeReport
from qcode.services.merge.rows import (
    bring_case_links,
    bring_cases,
    bring_memos,
    bring_segments,
    count_not_merged,
)
from qcode.services.merge.source import CopyData, CopyError, read_copy
from qcode.services.merge.state import CodeChoice, Merge, MergeOptions, read_team_history
from qcode.store.models import Code, Coder, Document, ProjectInfo
from qcode.store.project import Project

__all__ = ["CopyError", "MergeOptions", "MergeReport", "merge_copy"]

MERGE_ACTION = "merge copy"


class TrialRun(Exception):
    """Raised inside a trial merge so that its transaction is rolled back."""


def merge_copy(
    project: Project,
    copy: Path | str,
    *,
    code_matches: Mapping[str, CodeChoice] | None = None,
    accept_suggestions: bool = False,
    allow_unrelated: bool = False,
    place_threshold: float = PLACE_THRESHOLD,
    dry_run: bool = False,
    actor: Actor = None,
    reason: str = "",
) -> MergeReport:
    """Merge one coder's copy into ``project`` in one transaction with one audit event.

    ``code_matches`` holds the user's answers to earlier suggestions: a copy code (guid or
    path) → the team code it is (id or path), or None for "a new code". With
    ``accept_suggestions`` every suggested code is taken as the team's code. ``dry_run``
    works everything out and changes nothing. The report's ``change`` (None on a trial)
    goes on the undo history. A broken or unrelated copy raises ``CopyError`` and
    changes nothing.
    """
    copy = Path(copy)
    if copy.resolve() == project.path.resolve():
        raise CopyError(f"{copy}: is the team project itself, not a copy of it")
    data = read_copy(copy)
    options = MergeOptions(
        code_matches=dict(code_matches or {}),
        accept_suggestions=accept_suggestions,
        allow_unrelated=allow_unrelated,
        place_threshold=place_threshold,
    )
    report = MergeReport(copy, project.path, dry_run=dry_run, upgraded_from=data.upgraded_from)
    try:
        with operation(project, f"Merge '{copy.name}'", actor) as op:
            if not allow_unrelated:
                check_related(op.session, data, project.path)
            run_merge(Merge(op.session, data, report, options, read_team_history(op.session)))
            op.value = report
            op.audit(MERGE_ACTION, "copy", copy.name, after=report.summary(), reason=reason)
            if dry_run:
                raise TrialRun
    except TrialRun:
        return report
    report.change = op.change
    return report


def run_merge(m: Merge) -> None:
    """Every step, in the order the rows depend on each other."""
    match_coders(m)
    match_participants(m)
    match_documents(m)
    match_codes(m)
    bring_cases(m)
    bring_segments(m)
    bring_case_links(m)
    bring_memos(m)
    count_not_merged(m)


def check_related(session: Session, data: CopyData, team: Path) -> None:
    """Refuse a file that is no copy of the team project: nothing at all in common."""
    created = session.scalar(select(ProjectInfo.created_at).order_by(ProjectInfo.id))
    if created is not None and created == data.created_at:
        return
    shared = (
        (Document.guid, [row["guid"] for row in data.documents]),
        (Document.sha256, [row["sha256"] for row in data.documents]),
        (Code.guid, [row["guid"] for row in data.codes]),
        (Coder.guid, [row["guid"] for row in data.coders]),
    )
    for column, values in shared:
        if values and session.scalar(select(column).where(column.in_(values)).limit(1)):
            return
    raise CopyError(
        f"{data.path}: is not a copy of {team.name} (no documents, codes or coders in common); "
        "merge it as an unrelated project (--allow-unrelated) if it really belongs"
    )
