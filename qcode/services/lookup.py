"""Finding codes, documents and coders by what the user types; code paths."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.store.models import Code, Coder, Document, Participant

_UNESCAPED_SLASH = re.compile(r"(?<!\\)/")


def split_path(path: str | Sequence[str]) -> list[str]:
    """``"Theme/Category"`` → ``["Theme", "Category"]``; ``\\/`` keeps a slash in a name."""
    if not isinstance(path, str):
        return [name.strip() for name in path]
    parts = [part.replace("\\/", "/").strip() for part in _UNESCAPED_SLASH.split(path)]
    if not path.strip() or any(not part for part in parts):
        raise QcodeError(f"'{path}' is not a code path (names joined by /)")
    return parts


def join_path(names: Sequence[str]) -> str:
    """The inverse of :func:`split_path`."""
    return "/".join(name.replace("/", "\\/") for name in names)


def code_names(session: Session) -> dict[int, tuple[int | None, str]]:
    """Every code's parent id and name, for computing paths without N queries."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.name))
    return {code_id: (parent_id, name) for code_id, parent_id, name in rows}


def _ancestors_query() -> Select[tuple[int, int | None, str]]:
    seed = select(Code.id, Code.parent_id, Code.name).where(
        Code.id.in_(bindparam("code_ids", expanding=True))
    )
    up = seed.cte("up", recursive=True)
    up = up.union(select(Code.id, Code.parent_id, Code.name).join(up, Code.id == up.c.parent_id))
    return select(up.c.id, up.c.parent_id, up.c.name)


# Built once: SQLAlchemy spends ~0.5 ms building and keying a statement like this per call.
ANCESTORS = _ancestors_query()


def ancestor_names(session: Session, code_ids: set[int]) -> dict[int, tuple[int | None, str]]:
    """These codes and all their ancestors' parent ids and names, in one recursive query.

    UNION (not UNION ALL) drops a row met twice, so a parent loop (a damaged file) ends.
    """
    rows = session.execute(ANCESTORS, {"code_ids": list(code_ids)})
    return {code_id: (parent_id, name) for code_id, parent_id, name in rows}


def path_of(code_id: int, names: dict[int, tuple[int | None, str]]) -> list[str]:
    """The names from the top of the tree down to this code.

    Cycle-safe: a walk up a parent loop (a damaged file) stops where the loop closes,
    and one up to a parent that is gone stops there, so the path is always finite.
    """
    path: list[str] = []
    seen: set[int] = set()
    current: int | None = code_id
    while current is not None and current not in seen and current in names:
        seen.add(current)
        parent, name = names[current]
        path.append(name)
        current = parent
    return path[::-1]


def code_path(session: Session, code: Code) -> list[str]:
    """A code's path from the top, walked up its parents (each read once per session).

    Cycle-safe as :func:`path_of` is: a parent loop or a missing parent ends the walk.
    """
    path: list[str] = []
    seen: set[int] = set()
    current: Code | None = code
    while current is not None and current.id not in seen:
        seen.add(current.id)
        path.append(current.name)
        current = None if current.parent_id is None else session.get(Code, current.parent_id)
    return path[::-1]


def child_named(session: Session, parent_id: int | None, name: str) -> Code | None:
    """The child of ``parent_id`` (None: top level) with this exact name."""
    query = select(Code).where(Code.name == name)
    query = query.where(
        Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    )
    return session.scalars(query).first()


def find_code(session: Session, path: str | Sequence[str]) -> Code | None:
    """The code at a path, or None."""
    parent: Code | None = None
    for name in split_path(path):
        parent = child_named(session, parent.id if parent else None, name)
        if parent is None:
            return None
    return parent


def get_code(session: Session, path_or_id: str | Sequence[str] | int) -> Code:
    """The code at a path (or with an id), or a one-line error."""
    if isinstance(path_or_id, int):
        code = session.get(Code, path_or_id)
    else:
        code = find_code(session, path_or_id)
    if code is None:
        shown = path_or_id if isinstance(path_or_id, str | int) else join_path(path_or_id)
        raise QcodeError(f"no code '{shown}' in the codebook")
    return code


def get_document(session: Session, name_or_id: str | int) -> Document:
    """The document with this name (or id), or a one-line error."""
    if isinstance(name_or_id, int):
        doc = session.get(Document, name_or_id)
    else:
        doc = session.scalars(select(Document).where(Document.name == name_or_id)).first()
    if doc is None:
        raise QcodeError(f"no document '{name_or_id}' in the project")
    return doc


def get_coder(session: Session, name_or_id: str | int) -> Coder:
    """The coder with this name (or id), or a one-line error."""
    if isinstance(name_or_id, int):
        coder = session.get(Coder, name_or_id)
    else:
        coder = session.scalars(select(Coder).where(Coder.name == name_or_id)).first()
    if coder is None:
        raise QcodeError(f"no coder '{name_or_id}' in the project")
    return coder


def get_participant(session: Session, label: str) -> Participant:
    """The participant with this label, or a one-line error."""
    found = session.scalars(select(Participant).where(Participant.label == label.strip())).first()
    if found is None:
        raise QcodeError(f"no participant '{label}' in the project")
    return found


def descendant_ids(session: Session, code_id: int) -> list[int]:
    """A code's id followed by all its descendants' ids (each once, even on a parent loop)."""
    children: dict[int | None, list[int]] = {}
    for cid, (parent, _name) in code_names(session).items():
        children.setdefault(parent, []).append(cid)
    found, seen, stack = [], {code_id}, [code_id]
    while stack:
        current = stack.pop()
        found.append(current)
        fresh = [child for child in children.get(current, []) if child not in seen]
        seen.update(fresh)
        stack.extend(fresh)
    return found


def parent_loops(names: dict[int, tuple[int | None, str]]) -> list[list[int]]:
    """Every loop of parents (ids in walking order, each loop once, lowest id first)."""
    loops: list[list[int]] = []
    done: set[int] = set()
    for start in sorted(names):
        trail: list[int] = []
        at: dict[int, int] = {}
        current: int | None = start
        while current is not None and current in names and current not in done:
            if current in at:
                loop = trail[at[current] :]
                low = loop.index(min(loop))
                loops.append(loop[low:] + loop[:low])
                break
            at[current] = len(trail)
            trail.append(current)
            current = names[current][0]
        done.update(trail)
    return loops
