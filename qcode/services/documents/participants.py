"""Participants, and the typed attributes of participants and of documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.store.models import (
    Document,
    DocumentAttribute,
    Participant,
    ParticipantAttribute,
    attribute_type_of,
)

AttributeInput = str | int | float | bool | date
Owner = Participant | Document  # whatever has typed attributes


def get_or_create_participant(session: Session, label: str) -> Participant:
    """The participant with this label, created if new."""
    label = label.strip()
    found = session.scalars(select(Participant).where(Participant.label == label)).first()
    if found is None:
        found = Participant(label=label)
        session.add(found)
        session.flush()
    return found


def set_attributes(
    session: Session, participant: Owner, values: Mapping[str, AttributeInput]
) -> None:
    """Set (or overwrite) typed attributes of a participant (or of a document)."""
    current = {attr.name: attr for attr in participant.attributes}
    kind = DocumentAttribute if isinstance(participant, Document) else ParticipantAttribute
    for name, value in values.items():
        attr = current.get(name)
        if attr is None:
            attr = kind(name=name)
            participant.attributes.append(attr)  # type: ignore[arg-type]
        attr.value_type = attribute_type_of(value)
        attr.value = str(value).lower() if isinstance(value, bool) else str(value)
    session.flush()


def remove_attributes(session: Session, participant: Owner, names: Iterable[str]) -> None:
    """Remove these attributes from a participant or document (a name it lacks is no error)."""
    gone = set(names)
    for attr in [a for a in participant.attributes if a.name in gone]:
        participant.attributes.remove(attr)  # type: ignore[arg-type]
    session.flush()


def attribute_values(participant: Owner) -> dict[str, object]:
    """A participant's (or document's) attributes by name, typed (dates as ISO text)."""
    values: dict[str, object] = {}
    for attr in participant.attributes:
        try:
            typed = attr.typed_value
        except ValueError:  # a value written by another tool that is not of its type
            typed = attr.value
        values[attr.name] = typed.isoformat() if isinstance(typed, date) else typed
    return values


def parse_attribute_option(text: str) -> tuple[str, AttributeInput]:
    """Parse ``KEY=VALUE`` from the command line, typing numbers as numbers."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"--attr expects KEY=VALUE, got '{text}'")
    raw = raw.strip()
    for convert in (int, float):
        try:
            return key.strip(), convert(raw)
        except ValueError:
            continue
    return key.strip(), raw
