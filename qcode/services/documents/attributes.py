"""Typed attributes of participants (listing, setting, a classification sheet) and of documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only, selectinload

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.documents.participants import (
    AttributeInput,
    attribute_values,
    get_or_create_participant,
    remove_attributes,
    set_attributes,
)
from qcode.services.history import Change, Operation, operation
from qcode.services.lookup import get_document, get_participant
from qcode.store.models import (
    ATTRIBUTE_TYPES,
    Document,
    DocumentAttribute,
    Participant,
    ParticipantAttribute,
    parse_attribute,
)
from qcode.store.project import Project

if TYPE_CHECKING:  # reading a sheet loads the spreadsheet readers: only when one is read
    from qcode.ingest.classification import ClassificationSheet

MAX_ATTRIBUTE_NAME = 200  # ParticipantAttribute.name's column width


@dataclass(frozen=True)
class ParticipantRow:
    """A participant as the attributes listing shows it."""

    label: str
    documents: int
    attributes: dict[str, object]


def participant_rows(session: Session) -> list[ParticipantRow]:
    """Every participant by label, with its number of documents and typed attributes."""
    counts = dict(
        session.execute(
            select(Document.participant_id, func.count(Document.id)).group_by(
                Document.participant_id
            )
        ).all()
    )
    participants = session.scalars(
        select(Participant)
        .options(selectinload(Participant.attributes))
        .order_by(Participant.label)
    )
    return [ParticipantRow(p.label, counts.get(p.id, 0), attribute_values(p)) for p in participants]


def attribute_names(rows: list[ParticipantRow]) -> list[str]:
    """Every attribute name any participant has, sorted (case-insensitively)."""
    return sorted({name for row in rows for name in row.attributes}, key=str.casefold)


def check_attribute_name(name: str) -> str:
    """An attribute name as stored: trimmed, one line, not empty, not too long."""
    name = " ".join(name.split())
    if not name:
        raise QcodeError("an attribute needs a name")
    if len(name) > MAX_ATTRIBUTE_NAME:
        raise QcodeError(f"an attribute name can have at most {MAX_ATTRIBUTE_NAME} characters")
    return name


def spellings(
    session: Session,
    names: list[str],
    kind: type[ParticipantAttribute] | type[DocumentAttribute] = ParticipantAttribute,
) -> list[str]:
    """Each name as the project already spells it (ignoring case), else as given."""
    known = session.scalars(select(kind.name).distinct())
    spelled = {name.casefold(): name for name in sorted(known)}
    return [spelled.get(name.casefold(), name) for name in names]


def set_participant_attributes(
    project: Project,
    participant: str,
    values: Mapping[str, AttributeInput | None],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Set a participant's attributes in one step; a value of None removes the attribute."""
    if not values:
        raise QcodeError("give at least one NAME=VALUE")
    with operation(project, "Set attributes", actor) as op:
        spelled = spellings(op.session, [check_attribute_name(name) for name in values])
        person = get_participant(op.session, participant)
        owned = Owned(person, person.label, "participant", "set attributes")
        set_owned_values(op, owned, spelled, list(values.values()), reason)
    return op.change


@dataclass(frozen=True)
class Owned:
    """Whose attributes a step sets: the participant or document, named, and its audit."""

    owner: Participant | Document
    name: str
    target_type: str
    action: str


def set_owned_values(
    op: Operation,
    owned: Owned,
    names: list[str],
    given: list[AttributeInput | None],
    reason: str,
) -> None:
    """Set the values under these names (as the project spells them) on the owner inside
    ``op``, and audit what changed."""
    if len({name.casefold() for name in names}) < len(names):
        raise QcodeError("an attribute is named twice (names ignore case)")
    values = dict(zip(names, given, strict=True))
    before = attribute_values(owned.owner)
    apply_values(op.session, owned.owner, values)
    after = attribute_values(owned.owner)
    op.label = f"Set attributes of '{owned.name}'"
    op.value = owned.owner.id
    op.audit(
        owned.action,
        owned.target_type,
        owned.owner.guid,
        before=_changed(before, after),
        after=_changed(after, before),
        reason=reason,
    )


def apply_values(
    session: Session, person: Participant, values: Mapping[str, AttributeInput | None]
) -> None:
    """Set the values given and remove the attributes given as None."""
    set_attributes(session, person, {k: v for k, v in values.items() if v is not None})
    remove_attributes(session, person, [k for k, v in values.items() if v is None])


def _changed(values: dict[str, object], other: dict[str, object]) -> dict[str, object]:
    """The entries of ``values`` that differ from (or are missing in) ``other``."""
    return {k: v for k, v in values.items() if k not in other or other[k] != v}


@dataclass(frozen=True)
class SheetImport:
    """What a classification sheet did: participants it named, created, values it set."""

    file: str
    participants: int
    created: tuple[str, ...]
    attributes: tuple[str, ...]
    values: int  # cells that set or changed a value
    unchanged: int  # cells that held the value already

    def describe(self) -> str:
        """One line, e.g. "classes.xlsx: 12 participants (2 new: P11, P12), 30 values set"."""
        new = f" ({len(self.created)} new: {', '.join(self.created)})" if self.created else ""
        same = f", {self.unchanged} already so" if self.unchanged else ""
        return (
            f"{self.file}: {_count(self.participants, 'participant')}{new}, "
            f"{_count(len(self.attributes), 'attribute')}, {_count(self.values, 'value')} set{same}"
        )


def _count(number: int, noun: str) -> str:
    """A count and its noun, plural unless one: "1 value", "3 values"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def import_classification_sheet(
    project: Project, path: Path, actor: Actor = None, reason: str = "", create: bool = True
) -> Change:
    """Apply a classification sheet in one step; the change's value is a :class:`SheetImport`.

    Participants the sheet names that the project lacks are created (as NVivo's "create
    cases if they do not exist" does), or with ``create=False`` the sheet is refused; a
    filled cell sets or replaces the value; an empty cell leaves the attribute as it was.
    The whole sheet is refused if any row is bad.
    """
    from qcode.ingest.classification import read_sheet

    path = Path(path)
    sheet = read_sheet(path)
    checked = [check_attribute_name(name) for name in sheet.attributes]
    with operation(project, f"Import attributes from {path.name}", actor) as op:
        if not create:
            refuse_unknown(op.session, sheet, path.name)
        names = spellings(op.session, checked)
        created, counts = apply_sheet(op.session, sheet, names)
        summary = SheetImport(
            path.name, len(sheet.rows), tuple(created), tuple(names), counts[0], counts[1]
        )
        op.value = summary
        op.audit(
            "import attributes",
            "classification sheet",
            path.name,
            after={
                "participants": summary.participants,
                "created": list(summary.created),
                "attributes": names,
                "values": summary.values,
            },
            reason=reason,
        )
    return op.change


def refuse_unknown(session: Session, sheet: ClassificationSheet, file: str) -> None:
    """Refuse a sheet that names participants the project lacks, the first few by row."""
    existing = set(session.scalars(select(Participant.label)))
    unknown = [row for row in sheet.rows if row.label not in existing]
    if unknown:
        named = ", ".join(f"'{row.label}' (row {row.line})" for row in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise QcodeError(
            f"{file}: not participants of this project: {named}{more}; "
            "the first column must hold participants' labels"
        )


def apply_sheet(
    session: Session, sheet: ClassificationSheet, names: list[str]
) -> tuple[list[str], tuple[int, int]]:
    """Apply each row; the labels created, and the cells that changed and that did not."""
    existing = set(session.scalars(select(Participant.label)))
    created = [row.label for row in sheet.rows if row.label not in existing]
    changed = same = 0
    for row in sheet.rows:
        person = get_or_create_participant(session, row.label)
        before = _stored(person)
        values = {n: v for n, v in zip(names, row.values, strict=True) if v is not None}
        set_attributes(session, person, values)
        after = _stored(person)
        differ = sum(1 for name in values if before.get(name) != after[name])
        changed, same = changed + differ, same + len(values) - differ
    return created, (changed, same)


def _stored(person: Participant) -> dict[str, tuple[str, str]]:
    """A participant's attributes as stored: name → (type, text)."""
    return {attr.name: (attr.value_type, attr.value) for attr in person.attributes}


# -- documents' attributes (MAXQDA's document variables, REFI-QDA's source variables) ----------

BOOLEAN_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def typed_input(value_type: str, text: str) -> AttributeInput:
    """A value typed by the user as ``value_type``, or a one-line error saying why it is not."""
    if value_type not in ATTRIBUTE_TYPES:
        raise QcodeError(
            f"an attribute type is one of {', '.join(ATTRIBUTE_TYPES)}, not '{value_type}'"
        )
    text = text.strip()
    if value_type == "boolean":
        if text.lower() not in BOOLEAN_WORDS:
            raise QcodeError(f"'{text}' is not a boolean (true or false)")
        return BOOLEAN_WORDS[text.lower()]
    try:
        value = parse_attribute(value_type, text)
    except ValueError:
        example = {"integer": "12", "float": "2.5", "date": "2026-03-31"}[value_type]
        raise QcodeError(f"'{text}' is not {an(value_type)} (e.g. {example})") from None
    return value


def an(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def document_attributes(session: Session, document: str | int) -> dict[str, object]:
    """One document's attributes by name, typed (dates as ISO text)."""
    return attribute_values(get_document(session, document))


def stored_document_attributes(session: Session, document: str | int) -> list[tuple[str, str, str]]:
    """One document's attributes as stored: (name, type, text), by name (for editing, exports)."""
    doc = get_document(session, document)
    return [(attr.name, attr.value_type, attr.value) for attr in doc.attributes]


def document_attribute_table(session: Session) -> dict[str, dict[str, object]]:
    """Every document's typed attributes by document name (documents without any are absent)."""
    docs = session.scalars(
        select(Document)
        .where(Document.attributes.any())
        .options(load_only(Document.id, Document.name), selectinload(Document.attributes))
    )
    return {doc.name: attribute_values(doc) for doc in docs}


def store_document_values(
    session: Session, doc: Document, values: Mapping[str, tuple[str, str]]
) -> None:
    """Set attributes as stored, name → (type, text), inside the caller's operation (an import).

    Names are trimmed to one line of at most 200 characters (an empty one is refused in one
    line); a type qcode lacks, or a text that is not of its type, is stored as text, so
    nothing a file holds is lost. A value the document has already is replaced.
    """
    current = {attr.name: attr for attr in doc.attributes}
    for raw_name, (value_type, text) in values.items():
        name = check_attribute_name(" ".join(raw_name.split())[:MAX_ATTRIBUTE_NAME])
        if value_type not in ATTRIBUTE_TYPES or not parses(value_type, text):
            value_type = "text"
        attr = current.get(name)
        if attr is None:
            attr = current[name] = DocumentAttribute(name=name)
            doc.attributes.append(attr)
        attr.value_type, attr.value = value_type, text
    session.flush()


def parses(value_type: str, text: str) -> bool:
    """Whether a stored text reads as its type."""
    try:
        parse_attribute(value_type, text)
    except ValueError:
        return False
    return True


def set_document_attributes(
    project: Project,
    document: str | int,
    values: Mapping[str, AttributeInput | None],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Set a document's attributes in one undoable step; a value of None removes one."""
    if not values:
        raise QcodeError("give at least one NAME=VALUE")
    with operation(project, "Set document attributes", actor) as op:
        doc = get_document(op.session, document)
        names = [check_attribute_name(name) for name in values]
        spelled = spellings(op.session, names, DocumentAttribute)
        owned = Owned(doc, doc.name, "document", "set document attributes")
        set_owned_values(op, owned, spelled, list(values.values()), reason)
    return op.change


def remove_document_attributes(
    project: Project,
    document: str | int,
    names: Iterable[str],
    actor: Actor = None,
    reason: str = "",
) -> Change:
    """Remove some of a document's attributes in one undoable step; unknown names are refused."""
    wanted = list(names)
    with project.session() as session:
        doc = get_document(session, document)
        have = {name.casefold(): name for name in attribute_values(doc)}
        missing = [name for name in wanted if name.casefold() not in have]
        if missing:
            raise QcodeError(f"'{doc.name}' has no attribute '{missing[0]}'")
        gone: dict[str, AttributeInput | None] = {have[n.casefold()]: None for n in wanted}
    return set_document_attributes(project, document, gone, actor, reason)
