"""The notes, links, sets and graphs of a .qdpx project: memos and CMO statements."""

from __future__ import annotations

from qcode.ingest.refi.elements import Element, element_guid, kid_text, kids, local, parse_datetime
from qcode.ingest.refi.model import (
    CMO_SET,
    CONTEXT_SET,
    MECHANISM_SET,
    RefiMemo,
    RefiStatement,
    decode_marker,
    normalize_guid,
)
from qcode.ingest.refi.state import ReadState, SourceUnreadable
from qcode.ingest.text import normalise_newlines

MEMO_TARGETS = ("document", "code", "selection", "participant", "case")


def collect_noterefs(state: ReadState, root: Element) -> None:
    """Which things point at each note (``NoteRef`` inside them); "" is the project."""
    for ref in root.iter("{*}NoteRef"):
        note = normalize_guid(ref.get("targetGUID"))
        owner = ref.getparent()
        if note is None or owner is None:
            continue
        if local(owner) == "Coding" and owner.getparent() is not None:
            owner = owner.getparent()
        target = "" if local(owner) == "Project" else normalize_guid(owner.get("guid")) or ""
        state.noterefs.setdefault(note, []).append(target)


def read_links(state: ReadState, links: Element | None, notes: set[str]) -> None:
    """A link between a note and something attaches the note to it; others are reported."""
    other = 0
    for link in kids(links, "Link") if links is not None else []:
        origin = normalize_guid(link.get("originGUID")) or ""
        target = normalize_guid(link.get("targetGUID")) or ""
        if origin in notes:
            state.noterefs.setdefault(origin, []).append(target)
        elif target in notes:
            state.noterefs.setdefault(target, []).append(origin)
        else:
            other += 1
    if other:
        state.problems.append(f"{other} link(s) between codes or sources not imported")


def note_guids(notes: Element | None) -> set[str]:
    found = (
        (normalize_guid(n.get("guid")) for n in kids(notes, "Note")) if notes is not None else ()
    )
    return {guid for guid in found if guid}


def read_notes(state: ReadState, notes: Element | None) -> None:
    """Each note becomes a CMO statement (if qcode marked it so) or a memo."""
    for note in kids(notes, "Note") if notes is not None else []:
        title = state.label(note.get("name"))
        guid = element_guid(note, state.problems, f"note '{title}'")
        text = note_text(state, note, title)
        kind, payload, rest = decode_marker(kid_text(note, "Description") or "")
        refs = list(dict.fromkeys(state.noterefs.get(guid, [])))
        if kind == "cmo" and statement(state, note, guid, text, payload, refs):
            continue
        if kind is None and rest.strip():
            text = normalise_newlines(rest) + ("\n\n" + text if text else "")
        memo(state, note, guid, title, text, refs)


def note_text(state: ReadState, note: Element, title: str) -> str:
    inline = kid_text(note, "PlainTextContent")
    if inline is not None:
        return normalise_newlines(inline)
    path = note.get("plainTextPath")
    if not path:
        return ""
    member, _inside = state.member_for(path)
    try:
        if member is None:
            raise SourceUnreadable(f"its text is not in the archive ({path})")
        return normalise_newlines(state.read_member_text(member)[0])
    except SourceUnreadable as exc:
        state.problems.append(f"note '{title}': {exc}; imported with its title only")
        return ""


def memo(
    state: ReadState, note: Element, guid: str, title: str, text: str, refs: list[str]
) -> None:
    """A memo on the first thing the note is attached to that qcode imported."""
    targets = [ref for ref in refs if state.kinds.get(ref) in MEMO_TARGETS]
    stray = [ref for ref in refs if ref and ref not in targets]
    if stray and not targets:
        state.problems.append(
            f"memo '{title}' was attached to something not imported; "
            "it is kept as a free-standing memo"
        )
    elif len(targets) > 1:
        state.problems.append(
            f"memo '{title}' is attached to {len(targets)} things; qcode keeps it on the first, "
            f"'{state.names.get(targets[0], targets[0])}'"
        )
    state.data.memos.append(
        RefiMemo(
            guid=guid,
            title=title,
            text=text,
            coder=normalize_guid(note.get("creatingUser")),
            created_at=parse_datetime(note.get("creationDateTime")),
            updated_at=parse_datetime(note.get("modifiedDateTime")),
            target_kind=state.kinds[targets[0]] if targets else None,
            target=targets[0] if targets else None,
        )
    )


def statement(
    state: ReadState,
    note: Element,
    guid: str,
    text: str,
    payload: dict[str, object],
    refs: list[str],
) -> bool:
    """A CMO statement from a note qcode marked; False (kept as a memo) if its theme is gone."""
    theme = normalize_guid(str(payload.get("theme", "")))
    if theme is None or state.kinds.get(theme) != "code":
        state.problems.append(
            f"CMO statement '{text[:40]}': its theme is not in the codebook; kept as a memo"
        )
        return False
    categories = guid_list(payload.get("categories")) or [
        ref for ref in refs if state.kinds.get(ref) == "code" and ref != theme
    ]
    evidence = guid_list(payload.get("evidence")) or [
        ref for ref in refs if state.kinds.get(ref) == "selection"
    ]
    position = payload.get("position", 0)
    state.data.statements.append(
        RefiStatement(
            guid=guid,
            theme=theme,
            text=text,
            position=position if isinstance(position, int) else 0,
            categories=[c for c in categories if state.kinds.get(c) == "code"],
            evidence=[e for e in evidence if state.kinds.get(e) == "selection"],
            created_at=parse_datetime(note.get("creationDateTime")),
        )
    )
    return True


def guid_list(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    found = (normalize_guid(item) for item in value if isinstance(item, str))
    return [guid for guid in found if guid]


def read_sets_and_graphs(state: ReadState, sets: Element | None, graphs: Element | None) -> None:
    """qcode has no sets or graphs: each kind is reported in one line (qcode's own sets aside)."""
    ours = {CONTEXT_SET, MECHANISM_SET, CMO_SET} if state.data.written_by_qcode else set()
    names = [s.get("name") or "" for s in kids(sets, "Set")] if sets is not None else []
    others = [name for name in names if name not in ours]
    if others:
        shown = ", ".join(f"'{name}'" for name in others[:5]) + (", …" if len(others) > 5 else "")
        state.problems.append(f"{len(others)} set(s) not imported (qcode has no sets): {shown}")
    count = len(kids(graphs, "Graph")) if graphs is not None else 0
    if count:
        state.problems.append(f"{count} graph(s) not imported (qcode has no network views)")
