"""The codebook: add, rename, recolour, describe, flag, move and delete codes and categories."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis.colours import CODE_PALETTE, code_colour
from qcode.errors import ConflictError, QcodeError
from qcode.services import audit
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.lookup import (
    child_named,
    code_names,
    descendant_ids,
    get_code,
    join_path,
    path_of,
    split_path,
)
from qcode.store.models import Code, Segment
from qcode.store.project import Project

PALETTE = CODE_PALETTE  # the colour a new code gets (the user's until they choose another)
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DESCRIPTION_FIELDS = ("description", "when_to_use", "when_not_to_use", "example")


def parse_flags(flags: str) -> tuple[bool, bool]:
    """``"C"``, ``"M"``, ``"CM"`` (any order or case, commas allowed) or ``""``."""
    letters = set(flags.upper().replace(",", "").replace(" ", ""))
    if not letters <= {"C", "M"}:
        raise QcodeError(f"flags must be C, M, CM or empty, not '{flags}'")
    return "C" in letters, "M" in letters


def check_color(color: str) -> str:
    if not _COLOR.match(color):
        raise QcodeError(f"colour must look like #RRGGBB, not '{color}'")
    return color.lower()


def not_codable(code: Code) -> str:
    """The line refusing to code text with a category."""
    return f"“{code.name}” is a category: it groups codes and cannot code text"


def require_codable(code: Code) -> None:
    """Refuse, in one line, to code text with a category."""
    if not code.codable:
        raise QcodeError(not_codable(code))


def category_refusal(session: Session, code_id: int) -> str | None:
    """The line refusing to code with this code if it is a category, else None."""
    code = session.get(Code, code_id)
    return not_codable(code) if code is not None and not code.codable else None


def set_codable(session: Session, code: Code, codable: bool) -> None:
    """Make a code a category (only if it codes no text) or a category a code again."""
    if not codable and code.codable:
        count = session.scalar(select(func.count(Segment.id)).where(Segment.code_id == code.id))
        if count:
            noun = "segment" if count == 1 else "segments"
            raise QcodeError(
                f"“{code.name}” codes {count} {noun}: a category cannot code text;"
                " move or uncode them first"
            )
    code.codable = codable


def check_name(name: str) -> str:
    """A code name with whitespace runs collapsed; refuses empty names and control characters."""
    name = " ".join(name.split())
    if not name:
        raise QcodeError("a code needs a name")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise QcodeError(f"a code name cannot hold control characters: {name!r}")
    return name


def code_state(code: Code) -> dict[str, object]:
    """A code's fields as recorded in the audit trail."""
    return {
        "name": code.name,
        "parent_id": code.parent_id,
        "position": code.position,
        "color": code.color,
        "codable": code.codable,
        "flags": code.flags,
        **{name: getattr(code, name) for name in DESCRIPTION_FIELDS},
    }


def next_position(session: Session, parent_id: int | None) -> int:
    where = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    return (session.scalar(select(func.max(Code.position)).where(where)) or 0) + 1


def add_code(
    project: Project,
    path: str | Sequence[str],
    *,
    flags: str = "",
    color: str | None = None,
    description: str = "",
    category: bool = False,
    actor: Actor = None,
    reason: str = "",
    **details: str,
) -> Change:
    """Add a code (a category if ``category``) at a path, creating any missing parents.

    The change's value is the new code's id. Without ``color`` it gets the next colour of
    the palette. ``details`` may hold ``when_to_use``, ``when_not_to_use`` and ``example``.
    """
    names = [check_name(n) for n in split_path(path)]
    is_context, is_mechanism = parse_flags(flags)
    with operation(project, f"Add code '{join_path(names)}'", actor) as op:
        code, created = create_path(op.session, names)
        if not created:
            raise QcodeError(f"code '{join_path(names)}' already exists")
        code.is_context, code.is_mechanism = is_context, is_mechanism
        code.codable = not category
        code.description = description
        for key, value in details.items():
            apply_field(op.session, code, key, value)
        if color:
            code.color = check_color(color)
        op.value = code.id
        op.audit(
            "add code",
            "code",
            code.guid,
            after={"path": names, "created": created, **code_state(code)},
            reason=reason,
        )
    return op.change


def create_path(session: Session, names: Sequence[str]) -> tuple[Code, list[str]]:
    """The code at ``names``, creating it and any missing parents; and what was created."""
    parent: Code | None = None
    created: list[str] = []
    for name in names:
        found = child_named(session, parent.id if parent else None, name)
        if found is None:
            count = session.scalar(select(func.count(Code.id))) or 0
            found = Code(
                name=name,
                parent=parent,
                color=PALETTE[count % len(PALETTE)],
                position=next_position(session, parent.id if parent else None),
            )
            session.add(found)
            session.flush()
            created.append(name)
        parent = found
    if parent is None:
        raise QcodeError("a code needs a name")
    return parent, created


def update_code(
    project: Project,
    code_id: int,
    *,
    actor: Actor = None,
    reason: str = "",
    was: str | None = None,
    **fields: object,
) -> Change:
    """Change a code's name, colour, flags, description fields or ``codable`` in one step
    (refused if ``was`` is given and the code is no longer called that)."""
    with operation(project, "Edit code", actor) as op:
        code = get_code(op.session, code_id)
        if was is not None and code.name != was:
            raise ConflictError(renamed_since(op.session, code, was))
        before = code_state(code)
        for key, value in fields.items():
            apply_field(op.session, code, key, value)
        op.label = f"Edit code '{code.name}'"
        op.value = code.id
        op.audit(
            "edit code", "code", code.guid, before=before, after=code_state(code), reason=reason
        )
    return op.change


def renamed_since(session: Session, code: Code, was: str) -> str:
    """The one line telling a coder that the code they saw as ``was`` was renamed since."""
    who = audit.last_changed_by(session, "code", code.guid)
    by = f" by {who}" if who else ""
    return f"'{was}' was renamed to '{code.name}'{by} meanwhile; nothing was changed"


def apply_field(session: Session, code: Code, key: str, value: object) -> None:
    """Set one editable field of a code, checking it."""
    if key == "name":
        name = check_name(str(value))
        clash = child_named(session, code.parent_id, name)
        if clash is not None and clash.id != code.id:
            raise QcodeError(f"'{name}' already exists at that level of the codebook")
        code.name = name
    elif key == "color":
        code.color = None if value is None else check_color(str(value))
    elif key == "codable":
        set_codable(session, code, bool(value))
    elif key == "flags":
        code.is_context, code.is_mechanism = parse_flags(str(value))
    elif key in DESCRIPTION_FIELDS:
        setattr(code, key, str(value))
    else:
        raise QcodeError(f"a code has no field '{key}'")


def rename_code(
    project: Project,
    code_id: int,
    name: str,
    actor: Actor = None,
    reason: str = "",
    was: str | None = None,
) -> Change:
    """Give a code a new name (unique among its siblings).

    ``was`` is the name the coder saw: if someone renamed the code since, nothing is
    changed and the message says who renamed it to what.
    """
    return update_code(project, code_id, name=name, actor=actor, reason=reason, was=was)


def move_code(
    project: Project,
    code_id: int,
    new_parent_id: int | None,
    position: int | None = None,
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Re-parent and/or reorder a code; ``position`` is its 0-based place among siblings."""
    with operation(project, "Move code", actor) as op:
        session = op.session
        code = get_code(session, code_id)
        before = {"path": path_of(code.id, code_names(session)), "position": code.position}
        if new_parent_id is not None:
            get_code(session, new_parent_id)  # a missing parent is a one-line error
        if new_parent_id is not None and new_parent_id in descendant_ids(session, code.id):
            raise QcodeError(f"cannot move '{code.name}' into itself or one of its sub-codes")
        clash = child_named(session, new_parent_id, code.name)
        if clash is not None and clash.id != code.id:
            raise QcodeError(f"'{code.name}' already exists at that level; merge instead")
        reorder_siblings(session, code, new_parent_id, position)
        op.label = f"Move code '{code.name}'"
        op.value = code.id
        after = {"path": path_of(code.id, code_names(session)), "position": code.position}
        op.audit("move code", "code", code.guid, before=before, after=after, reason=reason)
    return op.change


def reorder_siblings(
    session: Session, code: Code, parent_id: int | None, position: int | None
) -> None:
    """Put ``code`` under ``parent_id`` at ``position`` and renumber the siblings 1..n."""
    where = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    siblings = [
        c
        for c in session.scalars(select(Code).where(where).order_by(Code.position, Code.id))
        if c.id != code.id
    ]
    place = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(place, code)
    code.parent_id = parent_id
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number
    session.flush()


def delete_code(project: Project, code_id: int, actor: Actor = None, reason: str = "") -> Change:
    """Delete a code, its sub-codes and all their coding."""
    with operation(project, "Delete code", actor) as op:
        session = op.session
        code = get_code(session, code_id)
        ids = descendant_ids(session, code.id)
        segments = session.scalar(select(func.count(Segment.id)).where(Segment.code_id.in_(ids)))
        before = {
            **code_state(code),
            "path": path_of(code.id, code_names(session)),
            "sub_codes": len(ids) - 1,
            "segments": segments,
        }
        op.label = f"Delete code '{code.name}'"
        session.delete(code)
        op.audit("delete code", "code", code.guid, before=before, reason=reason)
    return op.change


@dataclass(frozen=True)
class CodeNode:
    """A code as listed in the codebook tree."""

    id: int
    path: tuple[str, ...]
    depth: int
    flags: str
    color: str | None  # None: nobody gave it one (see shown_color)
    description: str
    segments: int
    codable: bool = True  # False: a category, which groups codes and codes no text

    @property
    def shown_color(self) -> str:
        """The colour to draw it in: its own, else a stable fallback."""
        return code_colour(self.color, self.id)


def segment_counts(
    session: Session, coder_id: int | None = None, code_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Segments per code (by one coder, or all; of some codes, or all); absent means 0."""
    query = select(Segment.code_id, func.count(Segment.id)).group_by(Segment.code_id)
    if coder_id is not None:
        query = query.where(Segment.coder_id == coder_id)
    if code_ids is not None:
        query = query.where(Segment.code_id.in_(list(code_ids)))
    return {code_id: count for code_id, count in session.execute(query).all()}


def codebook_tree(
    session: Session, coder_id: int | None = None, counts: bool = True
) -> list[CodeNode]:
    """Every code in tree order (depth first, by position) with its segment count.

    ``counts=False`` counts nothing (every count is 0), for lists that need only the codes.
    """
    numbers = segment_counts(session, coder_id) if counts else {}
    codes = session.scalars(select(Code).order_by(Code.position, Code.id)).all()
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    nodes: list[CodeNode] = []

    def walk(parent_id: int | None, prefix: tuple[str, ...]) -> None:
        for code in children.get(parent_id, []):
            path = (*prefix, code.name)
            nodes.append(
                CodeNode(
                    code.id,
                    path,
                    len(prefix),
                    code.flags,
                    code.color,
                    code.description,
                    numbers.get(code.id, 0),
                    code.codable,
                )
            )
            walk(code.id, path)

    walk(None, ())
    return nodes
