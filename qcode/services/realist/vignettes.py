"""Composite vignettes: pick segments into Context / What mentoring did / Impact, edit, narrate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.history import Change, operation
from qcode.services.realist.statements import get_theme
from qcode.services.realist.vignette_check import (
    SECTION_HEADINGS,
    AnonymityCheck,
    check_pieces,
    listed_names,
    pieces_of,
)
from qcode.store.models import (
    VIGNETTE_SECTIONS,
    Document,
    Participant,
    Segment,
    Vignette,
    VignettePart,
)
from qcode.store.project import Project

__all__ = ["SECTION_HEADINGS", "AnonymityCheck"]  # the headings and check, as they were here


@dataclass(frozen=True)
class Picked:
    """What picking segments made: the new parts, and a warning if anonymity is at risk
    (every problem of the vignette's anonymity check in one line)."""

    part_ids: tuple[int, ...]
    warning: str | None
    problems: tuple[str, ...] = ()  # the same, one line per problem


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise QcodeError("a vignette needs a title")
    return title


def check_section(section: str) -> str:
    key = section.strip().lower()
    if key not in VIGNETTE_SECTIONS:
        raise QcodeError(f"section must be one of {', '.join(VIGNETTE_SECTIONS)}, not '{section}'")
    return key


def get_vignette(session: Session, title_or_id: str | int) -> Vignette:
    """The vignette with this title (or id), or a one-line error."""
    if isinstance(title_or_id, int):
        found = session.get(Vignette, title_or_id)
    else:
        query = select(Vignette).where(Vignette.title == " ".join(title_or_id.split()))
        found = session.scalars(query).first()
    if found is None:
        raise QcodeError(f"no vignette '{title_or_id}' in the project")
    return found


def get_part(session: Session, part_id: int) -> VignettePart:
    part = session.get(VignettePart, part_id)
    if part is None:
        raise QcodeError(f"no vignette part {part_id} in the project")
    return part


def participants_of(session: Session, vignette: Vignette) -> list[str]:
    """The distinct participants whose segments a vignette draws on, sorted."""
    query = (
        select(func.distinct(Document.participant_id))
        .join(Segment, Segment.document_id == Document.id)
        .join(VignettePart, VignettePart.segment_id == Segment.id)
        .where(VignettePart.vignette_id == vignette.id, Document.participant_id.is_not(None))
    )
    ids = list(session.scalars(query))
    labels = session.scalars(select(Participant.label).where(Participant.id.in_(ids)))
    return sorted(labels)


def anonymity_check(
    session: Session, vignette: Vignette, citations: Mapping[int, str] | None = None
) -> AnonymityCheck:
    """The vignette's anonymity check: the participants it draws on, and every name or place
    of the pseudonym list (or titled name off it) in its words and its quotes' ``citations``."""
    pieces = pieces_of(vignette, citations)
    return check_pieces(
        vignette.title, participants_of(session, vignette), pieces, listed_names(session)
    )


def vignette_state(session: Session, vignette: Vignette) -> dict[str, object]:
    """A vignette as recorded in the audit trail."""
    return {
        "title": vignette.title,
        "theme_id": vignette.theme_id,
        "narrative": vignette.narrative,
        "parts": [
            [p.id, p.section, p.position, p.segment_id, p.edited_text] for p in vignette.parts
        ],
    }


def add_vignette(
    project: Project, title: str, theme: str | int | None = None, actor: Actor = None
) -> Change:
    """Start a vignette, optionally for one outcome theme; value is its id."""
    title = check_title(title)
    with operation(project, f"Add vignette '{title}'", actor) as op:
        session = op.session
        if session.scalars(select(Vignette).where(Vignette.title == title)).first():
            raise QcodeError(f"a vignette called '{title}' already exists")
        theme_id = None if theme is None else get_theme(session, theme).id
        vignette = Vignette(title=title, theme_id=theme_id, narrative="")
        session.add(vignette)
        session.flush()
        op.value = vignette.id
        op.audit("add vignette", "vignette", vignette.guid, after=vignette_state(session, vignette))
    return op.change


def _edit(
    project: Project,
    vignette_ref: str | int,
    label: str,
    actor: Actor,
    apply: Callable[[Session, Vignette], Any],
) -> Change:
    """Run one edit of a vignette (``apply(session, vignette)``) as one audited operation."""
    with operation(project, label, actor) as op:
        session = op.session
        vignette = get_vignette(session, vignette_ref)
        before = vignette_state(session, vignette)
        op.value = apply(session, vignette)
        session.flush()
        session.refresh(vignette)
        op.label = f"{label} '{vignette.title}'"
        op.audit(
            label.lower(),
            "vignette",
            vignette.guid,
            before=before,
            after=vignette_state(session, vignette),
        )
    return op.change


def edit_vignette(
    project: Project,
    vignette: str | int,
    *,
    title: str | None = None,
    theme: str | int | None = None,
    clear_theme: bool = False,
    actor: Actor = None,
) -> Change:
    """Rename a vignette and/or set (or clear) its outcome theme."""

    def apply(session: Session, row: Vignette) -> int:
        if title is not None:
            new_title = check_title(title)
            clash = session.scalars(select(Vignette).where(Vignette.title == new_title)).first()
            if clash is not None and clash.id != row.id:
                raise QcodeError(f"a vignette called '{new_title}' already exists")
            row.title = new_title
        if clear_theme:
            row.theme_id = None
        elif theme is not None:
            row.theme_id = get_theme(session, theme).id
        return row.id

    return _edit(project, vignette, "Edit vignette", actor, apply)


def set_narrative(project: Project, vignette: str | int, text: str, actor: Actor = None) -> Change:
    """Replace the vignette's whole narrative (the composite story told in one piece)."""

    def apply(session: Session, row: Vignette) -> int:
        row.narrative = text.strip()
        return row.id

    return _edit(project, vignette, "Write vignette narrative", actor, apply)


def pick_segments(
    project: Project,
    vignette: str | int,
    section: str,
    segment_ids: Sequence[int],
    actor: Actor = None,
) -> Change:
    """Draw coded segments into a section, each as a part starting with the segment's words.

    Value: a ``Picked`` with the new parts' ids and the one-participant warning, if any.
    """
    key = check_section(section)

    def apply(session: Session, row: Vignette) -> Picked:
        if not segment_ids or len(set(segment_ids)) != len(segment_ids):
            raise QcodeError("name one or more different segments to pick")
        taken = {p.segment_id for p in row.parts}
        last = max((p.position for p in row.parts if p.section == key), default=0)
        parts = []
        for number, segment_id in enumerate(segment_ids, start=last + 1):
            segment = session.get(Segment, segment_id)
            if segment is None:
                raise QcodeError(f"no coded segment {segment_id} in the project")
            if segment_id in taken:
                raise QcodeError(f"segment {segment_id} is already in this vignette")
            text = segment.document.text[segment.start : segment.end]
            part = VignettePart(section=key, segment_id=segment_id, position=number)
            part.edited_text = " ".join(text.split())
            row.parts.append(part)
            parts.append(part)
        session.flush()
        check = anonymity_check(session, row)
        return Picked(tuple(p.id for p in parts), check.warning, tuple(check.problems()))

    return _edit(project, vignette, "Pick segments for vignette", actor, apply)


def edit_part(project: Project, part_id: int, text: str, actor: Actor = None) -> Change:
    """Change the words of one part (the segment itself is untouched)."""
    with project.session() as session:
        vignette_id = get_part(session, part_id).vignette_id

    def apply(session: Session, row: Vignette) -> int:
        words = text.strip()
        if not words:
            raise QcodeError("a part needs some words; remove the part instead")
        get_part(session, part_id).edited_text = words
        return part_id

    return _edit(project, vignette_id, "Edit vignette part", actor, apply)


def move_part(
    project: Project,
    part_id: int,
    position: int,
    section: str | None = None,
    actor: Actor = None,
) -> Change:
    """Put a part at ``position`` (0-based) in its section, or in another ``section``."""
    with project.session() as session:
        vignette_id = get_part(session, part_id).vignette_id

    def apply(session: Session, row: Vignette) -> int:
        part = get_part(session, part_id)
        key = part.section if section is None else check_section(section)
        others = [p for p in row.parts if p.section == key and p.id != part.id]
        others.sort(key=lambda p: (p.position, p.id))
        others.insert(max(0, min(position, len(others))), part)
        old_section, part.section = part.section, key
        for number, sibling in enumerate(others, start=1):
            sibling.position = number
        renumber_section(row, old_section)
        return part_id

    return _edit(project, vignette_id, "Move vignette part", actor, apply)


def remove_part(project: Project, part_id: int, actor: Actor = None) -> Change:
    """Take a part out of its vignette (the coded segment stays)."""
    with project.session() as session:
        vignette_id = get_part(session, part_id).vignette_id

    def apply(session: Session, row: Vignette) -> int:
        part = get_part(session, part_id)
        row.parts.remove(part)
        session.flush()
        renumber_section(row, part.section)
        return part_id

    return _edit(project, vignette_id, "Remove vignette part", actor, apply)


def renumber_section(vignette: Vignette, section: str) -> None:
    """Number one section's parts 1..n in their current order."""
    parts = sorted((p for p in vignette.parts if p.section == section), key=lambda p: p.position)
    for number, part in enumerate(parts, start=1):
        part.position = number


def delete_vignette(project: Project, vignette: str | int, actor: Actor = None) -> Change:
    """Delete a vignette and its parts (the coded segments stay)."""
    with operation(project, "Delete vignette", actor) as op:
        row = get_vignette(op.session, vignette)
        before = vignette_state(op.session, row)
        op.label = f"Delete vignette '{row.title}'"
        op.session.delete(row)
        op.audit("delete vignette", "vignette", row.guid, before=before)
    return op.change
