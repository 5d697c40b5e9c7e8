"""Store what a REFI-QDA file holds: match by GUID, then by name or text; create the rest.

Runs inside one operation (one transaction). Coders match by GUID, then name; codes by
GUID, then name under the same parent; documents by GUID, then text (SHA-256);
participants by GUID, then label; segments, memos, statements and cases by GUID (and a
segment also by document, code, coder and span). What matched is left as it is; a matched
document or participant gains the attributes it lacks. A code is stored as a category
when the file says it is not codable, and colours only where the file gives them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.colours import distinct_colour
from qcode.ingest.refi.elements import take_coder_details
from qcode.ingest.refi.model import RefiCode, RefiDocument, RefiProject, RefiValue
from qcode.services.codebook.edit import next_position, parse_flags
from qcode.services.coders import initials_of
from qcode.services.documents.attributes import parses, store_document_values
from qcode.services.documents.outcomes import text_sha256, unique_document_name
from qcode.services.lookup import child_named
from qcode.store.models import (
    ATTRIBUTE_TYPES,
    Code,
    Coder,
    Document,
    Participant,
    ParticipantAttribute,
)

NO_CODER = "unknown coder"


@dataclass
class Stored:
    """What the file's GUIDs became in the project, what was created, and report lines."""

    coders: dict[str | None, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)
    selections: dict[str, list[int]] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    new_documents: list[str] = field(default_factory=list)
    new_codes: set[int] = field(default_factory=set)
    misfits: list[str] = field(default_factory=list)  # attribute values kept as text


def by_guid(session: Session, model: type, guid: str | None) -> object | None:
    if guid is None:
        return None
    return session.scalars(select(model).where(model.guid == guid)).first()


def store_coders(session: Session, data: RefiProject, stored: Stored) -> None:
    """Users as coders; a new one keeps the colour and initials qcode wrote for it."""
    take_coder_details(data)
    for user in data.users:
        coder = (
            by_guid(session, Coder, user.guid)
            or session.scalars(select(Coder).where(Coder.name == user.name[:200])).first()
        )
        if coder is None:
            coder = new_coder(session, user.name, user.guid, user.color, user.initials)
            stored.created["coders"] += 1
        else:
            stored.matched["coders"] += 1
        assert isinstance(coder, Coder)
        stored.coders[user.guid] = coder.id


def new_coder(
    session: Session,
    name: str,
    guid: str | None = None,
    color: str | None = None,
    initials: str = "",
) -> Coder:
    """A coder in the colour given, else the one farthest from the other coders' colours."""
    color = color or distinct_colour(session.scalars(select(Coder.color)))
    coder = Coder(name=name[:200], initials=(initials or initials_of(name))[:10], color=color)
    if guid:
        coder.guid = guid
    session.add(coder)
    session.flush()
    return coder


def coder_id(session: Session, guid: str | None, stored: Stored) -> int:
    """The coder of a coding: a known user, else one made for the GUID (or for no GUID)."""
    if guid in stored.coders:
        return stored.coders[guid]
    coder = by_guid(session, Coder, guid)
    if coder is None:
        name = f"user {guid[:8]}" if guid else NO_CODER
        coder = session.scalars(select(Coder).where(Coder.name == name)).first()
        if coder is None:
            coder = new_coder(session, name, guid)
            stored.created["coders"] += 1
        stored.lines.append(
            f"codings by a user the file does not list were attributed to coder '{name}'"
            if guid
            else f"codings that name no coder were attributed to coder '{name}'"
        )
    assert isinstance(coder, Coder)
    stored.coders[guid] = coder.id
    return coder.id


def store_codes(
    session: Session, codes: list[RefiCode], parent_id: int | None, stored: Stored
) -> None:
    """The code tree, depth first; a code already in the project keeps its fields."""
    for code in codes:
        name = (" ".join(code.name.split()) or "(unnamed code)")[:400]
        row = by_guid(session, Code, code.guid)
        if row is None:
            row = child_named(session, parent_id, name)
            if row is not None and row.id in stored.new_codes:
                row, name = None, unique_code_name(session, parent_id, name, stored)
        if row is None:
            row = new_code(session, code, name, parent_id)
            stored.new_codes.add(row.id)
            stored.created["codes"] += 1  # categories too: they are in the codebook's tree
            if not row.codable:
                stored.created["categories"] += 1
        else:
            stored.matched["codes"] += 1
        assert isinstance(row, Code)
        stored.codes[code.guid] = row.id
        store_codes(session, code.children, row.id, stored)


def unique_code_name(session: Session, parent_id: int | None, name: str, stored: Stored) -> str:
    number = 2
    while child_named(session, parent_id, f"{name} ({number})") is not None:
        number += 1
    stored.lines.append(
        f"code '{name}' appears twice at one level of the codebook; "
        f"the second is '{name} ({number})'"
    )
    return f"{name} ({number})"


def new_code(session: Session, code: RefiCode, name: str, parent_id: int | None) -> Code:
    is_context, is_mechanism = parse_flags(code.flags)
    row = Code(
        guid=code.guid,
        name=name,
        parent_id=parent_id,
        color=code.color,  # None where the file gives none: views show a fallback
        codable=code.codable,
        description=code.description,
        is_context=is_context,
        is_mechanism=is_mechanism,
        position=next_position(session, parent_id),
        **{key: value for key, value in code.details.items()},
    )
    session.add(row)
    session.flush()
    return row


def store_documents(session: Session, data: RefiProject, stored: Stored, source: str) -> None:
    """New documents keep the file's GUID; a known text is not stored twice."""
    for doc in data.documents:
        sha = text_sha256(doc.text)
        row = by_guid(session, Document, doc.guid)
        if isinstance(row, Document) and row.sha256 != sha:
            stored.lines.append(
                f"source '{doc.name}': the project's document with its GUID ('{row.name}') has "
                "other text; not imported, nor its codings"
            )
            continue
        if row is None and doc.text:  # the same text already in the project (not empty,
            taken = list(stored.documents.values())  # nor another source of this file)
            row = session.scalars(
                select(Document).where(Document.sha256 == sha, Document.id.not_in(taken))
            ).first()
        if row is None:
            row = new_document(session, doc, sha, source, stored)
        else:
            stored.matched["documents"] += 1
        assert isinstance(row, Document)
        stored.documents[doc.guid] = row.id
        document_values(session, row, doc.variables, stored)
    drop_category_codings(session, data, stored)


def document_values(
    session: Session, row: Document, values: list[RefiValue], stored: Stored
) -> None:
    """A source's variables as the document's attributes: those it lacks are added; one that
    differs is kept and reported; a value not of its type is stored as text."""
    current = {attribute.name: attribute.value for attribute in row.attributes}
    new: dict[str, tuple[str, str]] = {}
    for value in values:
        name = " ".join(value.name.split())[:200]
        if not name or name in new:
            continue
        if name in current:
            if current[name] != value.value:
                stored.lines.append(
                    f"document '{row.name}': '{name}' kept as '{current[name]}' "
                    f"(the file says '{value.value}')"
                )
            continue
        new[name] = (fitting_type(value, f"'{row.name}'", stored), value.value)
    if new:
        store_document_values(session, row, new)
        stored.created["document attributes"] += len(new)


def fitting_type(value: RefiValue, owner: str, stored: Stored) -> str:
    """The value's type if its text is of that type; else text (noted for one report line)."""
    if value.type in ATTRIBUTE_TYPES and parses(value.type, value.value):
        return value.type
    stored.misfits.append(f"{value.name} of {owner}")
    return "text"


def drop_category_codings(session: Session, data: RefiProject, stored: Stored) -> None:
    """Codings on a code the project keeps as a category are not stored (a category groups
    codes and codes no text, as in QualCoder and ATLAS.ti); one line names them."""
    rows = session.execute(select(Code.id, Code.name).where(Code.codable.is_(False)))
    categories: dict[int, str] = {code_id: name for code_id, name in rows}
    dropped: Counter[str] = Counter()
    kept = []
    for seg in data.segments:
        code_id = stored.codes.get(seg.code)
        if code_id in categories and seg.document in stored.documents:
            dropped[categories[code_id]] += 1
        else:
            kept.append(seg)
    if dropped:
        data.segments = kept
        stored.lines.append(category_line(dropped))


def category_line(dropped: Counter[str]) -> str:
    named = ", ".join(f"'{name}' ({count})" for name, count in dropped.most_common(5))
    more = ", …" if len(dropped) > 5 else ""
    return (
        f"{dropped.total()} coding(s) on categories were not imported (a category groups "
        f"codes and codes no text): {named}{more}; make a category codable and import again "
        "to keep its codings"
    )


def new_document(
    session: Session, doc: RefiDocument, sha: str, source: str, stored: Stored
) -> Document:
    name = unique_document_name(session, (doc.name or "document")[:390])
    if name != doc.name:
        stored.lines.append(f"source '{doc.name}': a document has that name; imported as '{name}'")
    row = Document(
        guid=doc.guid,
        name=name,
        kind=doc.kind,
        wave=doc.wave,
        text=doc.text,
        sha256=sha,
        original_filename=(doc.original_filename or source)[:1000],
        format=doc.format[:10],
        line_breaks="crlf" if doc.line_breaks == "crlf" else "lf",
    )
    session.add(row)
    session.flush()
    stored.created["documents"] += 1
    stored.new_documents.append(name)
    return row


def store_participants(session: Session, data: RefiProject, stored: Stored) -> None:
    """Participants with their attributes; their documents are linked if not someone else's."""
    for person in data.participants:
        label = " ".join(person.label.split())[:100]
        row = (
            by_guid(session, Participant, person.guid)
            or session.scalars(select(Participant).where(Participant.label == label)).first()
        )
        if row is None:
            row = Participant(guid=person.guid, label=label)
            session.add(row)
            stored.created["participants"] += 1
        else:
            stored.matched["participants"] += 1
        assert isinstance(row, Participant)
        set_values(session, row, person.attributes, stored)
        stored.participants[person.guid] = row.id
        for doc_guid in person.documents:
            link_document(session, row, stored.documents.get(doc_guid), stored)
    if stored.misfits:
        stored.lines.append(misfit_line(stored.misfits))


def misfit_line(misfits: Iterable[str]) -> str:
    found = list(misfits)
    shown = ", ".join(found[:5]) + (", …" if found[5:] else "")
    return f"{len(found)} attribute value(s) are not of their type; kept as text: {shown}"


def set_values(session: Session, row: Participant, values: list[RefiValue], stored: Stored) -> None:
    """Add the attributes the participant lacks; differing values are kept and reported."""
    current = {attribute.name: attribute for attribute in row.attributes}
    for value in values:
        name = value.name[:200]
        if name not in current:
            kind = fitting_type(value, f"'{row.label}'", stored)
            attribute = ParticipantAttribute(name=name, value_type=kind, value=value.value)
            row.attributes.append(attribute)
            current[name] = attribute
            stored.created["participant attributes"] += 1
        elif current[name].value != value.value:
            stored.lines.append(
                f"participant '{row.label}': '{name}' kept as '{current[name].value}' "
                f"(the file says '{value.value}')"
            )
    session.flush()


def link_document(
    session: Session, participant: Participant, document_id: int | None, stored: Stored
) -> None:
    document = session.get(Document, document_id) if document_id is not None else None
    if document is None:
        return
    if document.participant_id is None:
        document.participant_id = participant.id
    elif document.participant_id != participant.id:
        stored.lines.append(
            f"document '{document.name}' belongs to another participant; "
            f"not moved to '{participant.label}'"
        )
