"""Operations with their inverse, and the undo/redo history built on them.

A service runs its change inside ``operation(...)``: one transaction, exactly one audit
event, and a ``Change`` back that carries the journal's inverse statements. ``History``
keeps those changes; undoing replays the inverse, which yields the redo change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from qcode.errors import ConflictError, ProjectBusyError, QcodeError
from qcode.services import audit
from qcode.services.audit import Actor
from qcode.store import journal, server_watch
from qcode.store.journal import RowChange, table_shape
from qcode.store.project import Project

TABLE_REFERENCES = {"documents": "document_id", "codes": "code_id", "coders": "coder_id"}


@dataclass(frozen=True)
class Change:
    """What one user-level action changed, and how to take it back."""

    label: str
    tables: frozenset[str]
    rows: tuple[RowChange, ...]
    value: Any = None

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def touched(self, table: str) -> frozenset[int]:
        """Ids of ``table``'s rows this change touched, itself or through rows that cite them.

        ``touched("documents")`` holds the documents whose rows changed and those whose
        segments (or memos, cases…) changed: a view showing other documents can ignore it.
        """
        column = TABLE_REFERENCES.get(table, "")
        ids: set[object] = set()
        for row in self.rows:
            ids |= row.values_of("id") if row.table == table else row.values_of(column)
        return frozenset(i for i in ids if isinstance(i, int))

    def net_counts(self, table: str, column: str) -> dict[object, int]:
        """How many more (or fewer) of ``table``'s rows hold each value of ``column`` after
        this change than before (values whose count did not change are left out)."""
        net: dict[object, int] = {}
        at = table_shape(table).columns.index(column)
        for row in self.rows:
            if row.table != table:
                continue
            for values, sign in ((row.old, -1), (row.new, 1)):
                if values is not None:
                    net[values[at]] = net.get(values[at], 0) + sign
        return {value: count for value, count in net.items() if count}

    @property
    def documents(self) -> frozenset[int]:
        return self.touched("documents")

    @property
    def codes(self) -> frozenset[int]:
        return self.touched("codes")

    @property
    def coders(self) -> frozenset[int]:
        return self.touched("coders")

    @property
    def keys(self) -> frozenset[tuple[str, tuple[object, ...]]]:
        """The rows this change touched, each named by table and primary key."""
        return frozenset(key for row in self.rows for key in row.keys)


@dataclass(frozen=True)
class AuditNote:
    """What an operation will record in the audit trail if it changes anything."""

    action: str
    target_type: str
    target_id: object
    before: Any = None
    after: Any = None
    reason: str = ""


@dataclass
class Operation:
    """The open transaction of one action: its session and its single audit event."""

    session: Session
    label: str
    actor: Actor
    value: Any = None
    notes: list[AuditNote] = field(default_factory=list, init=False)
    result: Change | None = field(default=None, init=False)

    @property
    def change(self) -> Change:
        """The change this operation made (available after its ``with`` block)."""
        if self.result is None:
            raise RuntimeError(f"{self.label}: the operation has not finished")
        return self.result

    def audit(
        self,
        action: str,
        target_type: str,
        target_id: object,
        *,
        before: Any = None,
        after: Any = None,
        reason: str = "",
    ) -> None:
        """Say what this action records in the audit trail (exactly once per operation)."""
        self.notes.append(AuditNote(action, target_type, target_id, before, after, reason))


@contextmanager
def operation(project: Project, label: str, actor: Actor = None) -> Iterator[Operation]:
    """Run one user-level action in one transaction; ``op.change`` is set afterwards.

    An action that changed nothing (say, a rename to the same name) writes no audit
    event and returns an empty change, which the history does not keep.
    """
    with project.transaction() as session:
        connection = session.connection()
        journal.clear(connection)
        op = Operation(session, label, actor)
        yield op
        session.flush()
        if len(op.notes) != 1:
            raise AssertionError(f"{label}: {len(op.notes)} audit events, expected 1")
        entries = journal.take(connection)
        if entries:
            note = op.notes[0]
            event = audit.record(
                session,
                note.action,
                note.target_type,
                note.target_id,
                before=note.before,
                after=note.after,
                actor=op.actor,
                reason=note.reason,
            )
            if journal.on_server(connection):  # other coders' windows hear it on commit
                server_watch.announce(connection, entries, event.actor)
        op.result = Change(op.label, frozenset(e.table for e in entries), tuple(entries), op.value)


STALE_HINT = "by another qcode window or command; it can no longer be {done}"
DONE = {"undo": "undone", "redo": "redone"}


class History:
    """Undo and redo stacks for one working session, unbounded."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []

    def push(self, change: Change) -> Change:
        """Remember a change just made; a new change forgets what could be redone."""
        if not change.is_empty:
            self.undo_stack.append(change)
            self.redo_stack.clear()
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self, actor: Actor = None, reason: str = "") -> Change | None:
        """Take back the latest change; returns what the undo changed.

        Refused (and forgotten) if a row it would restore was changed since by anyone
        else; refused (and kept) while another writer holds the project.
        """
        return self._step(self.undo_stack, self.redo_stack, "undo", actor, reason)

    def redo(self, actor: Actor = None, reason: str = "") -> Change | None:
        """Make the latest undone change again (refused likewise)."""
        return self._step(self.redo_stack, self.undo_stack, "redo", actor, reason)

    def _step(
        self, source: list[Change], target: list[Change], verb: str, actor: Actor, reason: str
    ) -> Change | None:
        if not source:
            return None
        change = source.pop()
        try:
            done = self._replay(change, verb, actor, reason)
        except ProjectBusyError:
            source.append(change)
            raise
        target.append(done)
        return done

    def _replay(self, change: Change, verb: str, actor: Actor, reason: str) -> Change:
        try:
            with operation(self.project, change.label, actor) as op:
                connection = op.session.connection()
                journal.revert(connection, change.rows)
                _refuse_stray_rows(connection, change)
                op.value = change.value
                op.audit(verb, "operation", change.label, reason=reason)
        except ConflictError as exc:
            raise ConflictError(
                f"cannot {verb} '{change.label}': {exc} {STALE_HINT.format(done=DONE[verb])}"
            ) from exc
        except IntegrityError as exc:
            raise ConflictError(
                f"cannot {verb} '{change.label}': the project changed since ({exc.orig}) "
                + STALE_HINT.format(done=DONE[verb])
            ) from exc
        except SQLAlchemyError as exc:
            raise QcodeError(f"cannot {verb} '{change.label}': {exc.orig}") from exc
        return op.change


def _refuse_stray_rows(connection: object, change: Change) -> None:
    """Refuse a revert whose cascades reached rows the change never touched (others' work)."""
    allowed = change.keys
    for row in journal.pending(connection):  # type: ignore[arg-type]
        if not row.keys <= allowed:
            name = journal.describe_row(row.table, row.old or row.new, row.key[1])
            raise ConflictError(f"it would also change {name}, added or changed since")
