"""Matching a copy's codes to the team codebook: identity, path, the user's choice, or new."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from qcode.services.codebook.edit import DESCRIPTION_FIELDS, next_position
from qcode.services.lookup import child_named, code_names, code_path, get_code, join_path, path_of
from qcode.services.merge.report import Suggestion
from qcode.services.merge.source import Row
from qcode.services.merge.state import Merge, by_guid, pick
from qcode.store.models import Code

SUGGEST_AT = 85.0  # name similarity (rapidfuzz ratio, 0–100) from which a code is suggested


@dataclass(frozen=True)
class TeamCode:
    """A team code as it was before the merge, for suggestions."""

    id: int
    parent_id: int | None
    name: str
    path: tuple[str, ...]


def match_codes(m: Merge) -> None:
    """Map every copy code, parents first; what stays uncertain comes in new and is reported."""
    decisions = resolve_decisions(m)
    names = code_names(m.session)
    before = [
        TeamCode(cid, parent, name, tuple(path_of(cid, names)))
        for cid, (parent, name) in names.items()
    ]
    for row in m.data.codes:
        match_code(m, row, decisions, before)
    for copy_id in decisions:
        path = join_path(m.code_paths[copy_id])
        m.report.ignored.append(f"your choice for code '{path}': not needed, it was not uncertain")


def resolve_decisions(m: Merge) -> dict[int, int | None]:
    """The user's choices keyed by copy code id; a choice naming no team code is refused."""
    keys: dict[str, int] = {}
    for row in m.data.codes:
        keys[row["guid"]] = row["id"]
        keys[join_path(m.code_paths[row["id"]])] = row["id"]
    resolved: dict[int, int | None] = {}
    for key, choice in m.options.code_matches.items():
        copy_id = keys.get(key)
        if copy_id is None:
            m.report.ignored.append(f"your choice for '{key}': the copy has no such code")
            continue
        resolved[copy_id] = None if choice is None else get_code(m.session, choice).id
    return resolved


def match_code(
    m: Merge, row: Row, decisions: dict[int, int | None], before: list[TeamCode]
) -> None:
    """Map one copy code whose parent is mapped already."""
    path = m.code_paths[row["id"]]
    parent = row["parent_id"]
    if parent is not None and parent in m.dropped_codes:
        m.dropped_codes[row["id"]] = m.dropped_codes[parent]
        return
    team_parent = m.codes.get(parent) if parent is not None else None
    if certain_match(m, row, path, team_parent):
        return
    if row["id"] in decisions:
        apply_decision(m, row, path, team_parent, decisions.pop(row["id"]))
        return
    suggestion = suggest(row["name"], team_parent, before)
    if suggestion is None:
        create_code(m, row, team_parent)
        return
    code, score = suggestion
    found = Suggestion(row["guid"], list(path), code.id, list(code.path), score)
    m.report.suggestions.append(found)
    if m.options.accept_suggestions:
        found.accepted = True
        m.codes[row["id"]] = code.id
        m.report.matched["code by accepted suggestion"] += 1
    else:
        found.created_path = create_code(m, row, team_parent)


def certain_match(m: Merge, row: Row, path: tuple[str, ...], team_parent: int | None) -> bool:
    """Identity, then path under the mapped parent, then the team's own merges; or deleted."""
    code = by_guid(m.session, Code, row["guid"])
    how = "code by identity"
    if code is None and m.history.removed("code", row["guid"]):
        m.dropped_codes[row["id"]] = f"code '{join_path(path)}' was deleted in the team file"
        m.report.left_out.append(m.dropped_codes[row["id"]] + "; not brought back")
        return True
    if code is None:
        code, how = child_named(m.session, team_parent, row["name"]), "code by path"
    if code is None:
        code, how = merged_into(m, path), "code by a merge in the team file"
    if code is None:
        return False
    m.codes[row["id"]] = code.id
    m.report.matched[how] += 1
    here = code_path(m.session, code)
    if tuple(here) != path:
        m.report.notes.append(f"code '{join_path(path)}' in the copy is '{join_path(here)}' here")
    if how != "code by a merge in the team file":
        fill_code_fields(m, row, code, here)
    return True


def merged_into(m: Merge, path: tuple[str, ...]) -> Code | None:
    """The code the team merged a code at this path into, if it did (and it still exists)."""
    target = m.history.merged_codes.get(path)
    return by_guid(m.session, Code, target) if target is not None else None


def apply_decision(
    m: Merge, row: Row, path: tuple[str, ...], team_parent: int | None, choice: int | None
) -> None:
    """Do what the user chose for an uncertain code: take a team code, or bring it as new."""
    if choice is None:
        created = create_code(m, row, team_parent)
        m.report.notes.append(f"code '{join_path(path)}' came in as '{join_path(created)}'")
        return
    code = m.session.get(Code, choice)
    assert code is not None
    m.codes[row["id"]] = code.id
    m.report.matched["code by your choice"] += 1
    m.report.notes.append(
        f"code '{join_path(path)}' in the copy is '{join_path(code_path(m.session, code))}' here"
        " (your choice)"
    )


def suggest(
    name: str, team_parent: int | None, before: list[TeamCode]
) -> tuple[TeamCode, float] | None:
    """The team code whose name is most like ``name`` (same parent first), if alike enough."""
    wanted = " ".join(name.casefold().split())
    scored = [(fuzz.ratio(wanted, " ".join(code.name.casefold().split())), code) for code in before]
    close = [(score, code) for score, code in scored if score >= SUGGEST_AT]
    if not close:
        return None
    score, code = max(close, key=lambda sc: (sc[1].parent_id == team_parent, sc[0], -sc[1].id))
    return code, score


def create_code(m: Merge, row: Row, team_parent: int | None) -> list[str]:
    """Bring a copy code in under its mapped parent, keeping its identity; its team path."""
    code = Code(
        **pick(row, "guid", "name", "color", "is_context", "is_mechanism", "created_at"),
        **pick(row, *DESCRIPTION_FIELDS),
        codable=row.get("codable", True),  # a category the coder made stays one
        parent_id=team_parent,
        position=next_position(m.session, team_parent),
    )
    m.session.add(code)
    m.session.flush()
    m.codes[row["id"]] = code.id
    m.report.came_in["code"] += 1
    path = code_path(m.session, code)
    m.report.new_codes.append(join_path(path))
    return path


def fill_code_fields(m: Merge, row: Row, code: Code, path: list[str]) -> None:
    """Take a definition the team's code lacks; where both have one and differ, keep the team's."""
    for name in DESCRIPTION_FIELDS:
        ours, theirs = getattr(code, name), row[name]
        label = name.replace("_", " ")
        if theirs and not ours:
            setattr(code, name, theirs)
            m.report.notes.append(f"code '{join_path(path)}': {label} taken from the copy")
        elif theirs and ours != theirs:
            m.report.kept_team.append(f"code '{join_path(path)}': the copy's {label} differs")
