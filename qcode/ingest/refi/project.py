"""Read a REFI-QDA project (.qdpx) into plain values; pure: no database, nothing on disk.

The archive is read in memory under the limits of ``refi_safety``; a refused archive
raises IngestError with one line. Everything else qcode cannot keep is listed, one
line each, in ``RefiProject.problems``. Quirks handled: ``sources``/``Sources`` and
``project.qde``/``Project.qde`` in any case; GUIDs upper or lower case, with or without
braces; a BOM; positions counted per producer (CR LF as one or two, UTF-16 units; see
``offsets``); sources given only as .docx or .pdf; sources without a name (named after
their file); flat ``Parent::Child`` code names; variables in a case with no name or on
a source; sources referenced but missing.
"""

from __future__ import annotations

from pathlib import Path

from qcode.errors import IngestError
from qcode.ingest.refi.cases import read_cases, read_variables
from qcode.ingest.refi.elements import (
    Element,
    kid,
    kid_text,
    kids,
    local,
    parse_datetime,
    read_codes,
)
from qcode.ingest.refi.model import RefiProject, RefiUser, normalize_guid
from qcode.ingest.refi.notes import (
    collect_noterefs,
    note_guids,
    read_links,
    read_notes,
    read_sets_and_graphs,
)
from qcode.ingest.refi.safety import ArchiveLimits, SafeArchive, parse_xml
from qcode.ingest.refi.sources import read_sources, report_line_breaks, report_media
from qcode.ingest.refi.state import ReadState


def read_qdpx(path: Path, limits: ArchiveLimits | None = None) -> RefiProject:
    """Everything in a .qdpx file qcode can keep, and one line for each thing it cannot."""
    path = Path(path)
    with SafeArchive(path, limits) as archive:
        member = find_project_member(archive)
        if member is None:
            raise IngestError(f"{path.name}: is not a REFI-QDA project (no project.qde inside)")
        root = parse_xml(archive.read_xml_member(member), path.name, member)
        if local(root) != "Project":
            raise IngestError(
                f"{path.name}: is not a REFI-QDA project ({member} holds a '{local(root)}')"
            )
        return read_project(root, archive)


def find_project_member(archive: SafeArchive) -> str | None:
    """``project.qde`` in any case; else the one ``.qde`` file at the top of the archive."""
    member = archive.find("project.qde")
    if member is not None:
        return member
    top = [name for name in archive.names() if "/" not in name and name.lower().endswith(".qde")]
    return top[0] if len(top) == 1 else None


def read_project(root: Element, archive: SafeArchive) -> RefiProject:
    """Walk the project element: codebook and variables first, then what refers to them."""
    data = RefiProject(
        name=root.get("name") or "",
        origin=root.get("origin") or "",
        created_at=parse_datetime(root.get("creationDateTime")),
        creator=normalize_guid(root.get("creatingUserGUID")),
        description=kid_text(root, "Description") or "",
    )
    state = ReadState(archive, data, default_coder=data.creator)
    read_users(state, kid(root, "Users"))
    codebook = kid(root, "CodeBook")
    codes = kid(codebook, "Codes") if codebook is not None else None
    if codes is not None:
        data.codes = read_codes(codes, data.problems, foreign=not data.written_by_qcode)
    for code in data.all_codes():
        state.known(code.guid, "code", code.name)
    read_variables(state, kid(root, "Variables"))
    sources = kid(root, "Sources")
    if sources is not None:
        read_sources(state, sources)
        report_media(state)
        report_line_breaks(state)
    read_cases(state, kid(root, "Cases"))
    report_unknown_codes(state)
    notes = kid(root, "Notes")
    collect_noterefs(state, root)
    read_links(state, kid(root, "Links"), note_guids(notes))
    read_notes(state, notes)
    read_sets_and_graphs(state, kid(root, "Sets"), kid(root, "Graphs"))
    return data


def read_users(state: ReadState, users: Element | None) -> None:
    seen: set[str] = set()
    for user in kids(users, "User") if users is not None else []:
        guid = normalize_guid(user.get("guid"))
        if guid is None or guid in seen:
            state.problems.append(f"user '{user.get('name') or ''}' has no usable GUID; skipped")
            continue
        seen.add(guid)
        name = state.label(user.get("name")) or f"user {guid[:8]}"
        state.data.users.append(RefiUser(guid, name))


def report_unknown_codes(state: ReadState) -> None:
    for name, count in state.unknown_codes.items():
        state.problems.append(
            f"source '{name}': {count} coding(s) refer to codes that are not in the codebook; "
            "not imported"
        )
