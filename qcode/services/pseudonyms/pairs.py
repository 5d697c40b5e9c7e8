"""The pseudonym list: real names and places and what replaces them, one undoable step each.

The list is the key to the study's anonymity. Its audit events and undo labels name
the pseudonym and the pair's id, never the original: the audit trail is exported in
the decision log and travels in copies, the key does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.store.models import PSEUDONYM_KINDS, Pseudonym
from qcode.store.project import Project

MAX_WORDS = 200  # the columns' width


@dataclass(frozen=True)
class Pair:
    """One line of the list."""

    id: int
    original: str
    pseudonym: str
    kind: str
    note: str


def list_pairs(session: Session) -> list[Pair]:
    """The list, sorted by original (case ignored)."""
    rows = session.scalars(select(Pseudonym).order_by(func.lower(Pseudonym.original)))
    return [Pair(r.id, r.original, r.pseudonym, r.kind, r.note) for r in rows]


def check_words(words: str, what: str) -> str:
    """A name as kept: one line, spaces collapsed, not empty, not too long."""
    if "\n" in words or "\r" in words:
        raise QcodeError(f"{what} must be one line")
    words = " ".join(words.split())
    if not words:
        raise QcodeError(f"{what} cannot be empty")
    if len(words) > MAX_WORDS:
        raise QcodeError(f"{what} can have at most {MAX_WORDS} characters")
    return words


def check_kind(kind: str) -> str:
    if kind not in PSEUDONYM_KINDS:
        raise QcodeError(f"kind '{kind}' is none of {', '.join(PSEUDONYM_KINDS)}")
    return kind


def find_pair(session: Session, original: str) -> Pseudonym | None:
    """The row for ``original`` (case ignored), if listed."""
    folded = " ".join(original.split()).casefold()
    for row in session.scalars(select(Pseudonym)):
        if row.original.casefold() == folded:
            return row
    return None


def get_pair(session: Session, original: str) -> Pseudonym:
    row = find_pair(session, original)
    if row is None:
        raise QcodeError("that name is not on the pseudonym list")
    return row


def _refuse_chains(session: Session, original: str, pseudonym: str, own_id: int | None) -> None:
    """Refuse a pseudonym that is a listed original, or an original that is a pseudonym.

    Either would make applying the list twice rename a name twice.
    """
    if original.casefold() == pseudonym.casefold():
        raise QcodeError("a pseudonym must differ from the name it replaces")
    for row in session.scalars(select(Pseudonym).where(Pseudonym.id != (own_id or 0))):
        if row.original.casefold() == pseudonym.casefold():
            raise QcodeError(f"'{pseudonym}' is on the list as a real name; choose another")
        if row.pseudonym.casefold() == original.casefold():
            raise QcodeError("that name is already a pseudonym on the list")


def state(row: Pseudonym) -> dict[str, str]:
    """What the audit trail records of a pair: never the original."""
    return {"pseudonym": row.pseudonym, "kind": row.kind}


def add_pair(
    project: Project,
    original: str,
    pseudonym: str,
    kind: str = "person",
    note: str = "",
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Put a name on the list with its pseudonym; the value is the new pair's id."""
    original = check_words(original, "a real name")
    pseudonym = check_words(pseudonym, "a pseudonym")
    check_kind(kind)
    with operation(project, f"Add pseudonym '{pseudonym}'", actor) as op:
        if find_pair(op.session, original) is not None:
            raise QcodeError("that name is already on the pseudonym list")
        _refuse_chains(op.session, original, pseudonym, None)
        row = Pseudonym(original=original, pseudonym=pseudonym, kind=kind, note=note)
        op.session.add(row)
        op.session.flush()
        op.value = row.id
        op.audit("add pseudonym", "pseudonym", row.guid, after=state(row), reason=reason)
    return op.change


def edit_pair(
    project: Project,
    original: str,
    pseudonym: str | None = None,
    kind: str | None = None,
    note: str | None = None,
    new_original: str | None = None,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Change a pair's pseudonym, kind, note or the spelling of its original."""
    with operation(project, "Edit pseudonym", actor) as op:
        row = get_pair(op.session, original)
        before = state(row)
        if new_original is not None:
            spelled = check_words(new_original, "a real name")
            clash = find_pair(op.session, spelled)
            if clash is not None and clash.id != row.id:
                raise QcodeError("that name is already on the pseudonym list")
            row.original = spelled
        if pseudonym is not None:
            row.pseudonym = check_words(pseudonym, "a pseudonym")
        if kind is not None:
            row.kind = check_kind(kind)
        if note is not None:
            row.note = note
        _refuse_chains(op.session, row.original, row.pseudonym, row.id)
        op.label = f"Edit pseudonym '{row.pseudonym}'"
        op.value = row.id
        op.audit(
            "edit pseudonym", "pseudonym", row.guid, before=before, after=state(row), reason=reason
        )
    return op.change


def remove_pair(project: Project, original: str, actor: Actor = None, reason: str = "") -> Change:
    """Take a name off the list (texts already rewritten keep their pseudonym)."""
    with operation(project, "Remove pseudonym", actor) as op:
        row = get_pair(op.session, original)
        op.label = f"Remove pseudonym '{row.pseudonym}'"
        op.value = row.id
        op.audit("remove pseudonym", "pseudonym", row.guid, before=state(row), reason=reason)
        op.session.delete(row)
    return op.change
