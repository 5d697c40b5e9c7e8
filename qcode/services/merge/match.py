"""Matching a copy's coders, participants and documents to the team file's, or adding them."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz
from sqlalchemy import select

from qcode.services.documents.outcomes import unique_document_name
from qcode.services.merge.report import EditedDocument
from qcode.services.merge.source import Row
from qcode.services.merge.state import Merge, by_guid, pick
from qcode.store.base import new_guid
from qcode.store.models import Coder, Document, Participant, ParticipantAttribute

DOCUMENT_SIMILARITY = 80.0  # a same-named transcript this alike (ratio, 0–100) is one edited


def match_coders(m: Merge) -> None:
    """Coders by guid, then by name; the others come in."""
    for row in m.data.coders:
        coder = by_guid(m.session, Coder, row["guid"])
        if coder is None:
            coder = m.session.scalars(select(Coder).where(Coder.name == row["name"])).first()
        if coder is None:
            coder = Coder(**pick(row, "guid", "name", "initials", "color"))
            m.session.add(coder)
            m.session.flush()
            m.report.came_in["coder"] += 1
        else:
            m.report.matched["coder"] += 1
        m.coders[row["id"]] = coder.id


def match_participants(m: Merge) -> None:
    """Participants by guid, then by label; the others come in, with their attributes."""
    attributes: dict[int, list[Row]] = defaultdict(list)
    for row in m.data.attributes:
        attributes[row["participant_id"]].append(row)
    for row in m.data.participants:
        person = by_guid(m.session, Participant, row["guid"])
        if person is None:
            person = m.session.scalars(
                select(Participant).where(Participant.label == row["label"])
            ).first()
        if person is None:
            person = Participant(**pick(row, "guid", "label"))
            m.session.add(person)
            m.session.flush()
            m.report.came_in["participant"] += 1
        else:
            m.report.matched["participant"] += 1
        m.participants[row["id"]] = person.id
        merge_attributes(m, person, attributes[row["id"]])


def merge_attributes(m: Merge, person: Participant, rows: list[Row]) -> None:
    """Add the attributes the team lacks; where both have one and differ, keep the team's."""
    current = {attribute.name: attribute for attribute in person.attributes}
    for row in rows:
        have = current.get(row["name"])
        if have is None:
            added = ParticipantAttribute(**pick(row, "name", "value_type", "value"))
            person.attributes.append(added)
            m.report.came_in["attribute"] += 1
        elif (have.value_type, have.value) != (row["value_type"], row["value"]):
            m.report.kept_team.append(
                f"{person.label}'s '{row['name']}' is '{have.value}' here, "
                f"'{row['value']}' in the copy"
            )
    m.session.flush()


def match_documents(m: Merge) -> None:
    """Documents by text first (any name), then edited ones by identity or name; others come in."""
    taken: set[int] = set()
    later: list[Row] = []
    for row in m.data.documents:
        doc = same_text(m, row, taken)
        if doc is None:
            later.append(row)
            continue
        m.report.matched["document by text"] += 1
        if doc.name != row["name"]:
            m.report.notes.append(
                f"document '{row['name']}' in the copy is '{doc.name}' here (same text)"
            )
        take(m, row, doc, taken)
    for row in later:
        found = edited_twin(m, row, taken)
        if found is None:
            new_document(m, row)
            continue
        doc, how, similarity = found
        edited = EditedDocument(row["name"], doc.name, how, similarity)
        m.edited[row["id"]] = edited
        m.report.edited.append(edited)
        m.report.matched["document with a different text"] += 1
        take(m, row, doc, taken)


def same_text(m: Merge, row: Row, taken: set[int]) -> Document | None:
    """A team document with the same text: the same one if several, else the same name.

    As on import, a questionnaire answer matches only the same respondent's.
    """
    candidates = [
        doc
        for doc in m.session.scalars(
            select(Document).where(Document.sha256 == row["sha256"]).order_by(Document.id)
        )
        if doc.id not in taken
    ]
    for doc in candidates:
        if doc.guid == row["guid"]:
            return doc
    for doc in candidates:
        if doc.name == row["name"]:
            return doc
    if row["kind"] == "questionnaire":  # equal answers of different respondents are not one
        return None
    return candidates[0] if candidates else None


def edited_twin(m: Merge, row: Row, taken: set[int]) -> tuple[Document, str, float] | None:
    """The team's version of a transcript edited on one side: same guid, or same name and alike."""
    doc = by_guid(m.session, Document, row["guid"])
    if doc is not None and doc.id not in taken:
        return doc, "identity", fuzz.ratio(doc.text, row["text"])
    doc = m.session.scalars(select(Document).where(Document.name == row["name"])).first()
    if doc is None or doc.id in taken:
        return None
    similarity = fuzz.ratio(doc.text, row["text"])
    if similarity >= DOCUMENT_SIMILARITY:
        return doc, "name", similarity
    m.report.notes.append(
        f"document '{row['name']}' in the copy is not the team's '{doc.name}' "
        f"(only {similarity:.0f}% alike): it comes in as a document of its own"
    )
    return None


def take(m: Merge, row: Row, doc: Document, taken: set[int]) -> None:
    """Map a copy document onto a team one, filling in a participant or wave the team lacks."""
    taken.add(doc.id)
    m.documents[row["id"]] = doc.id
    participant = m.participants.get(row["participant_id"])
    if participant is not None and doc.participant_id is None:
        doc.participant_id = participant
        m.report.notes.append(f"document '{doc.name}': participant taken from the copy")
    elif participant is not None and doc.participant_id != participant:
        m.report.kept_team.append(f"document '{doc.name}' has another participant in the copy")
    if row["wave"] is not None and doc.wave is None:
        doc.wave = row["wave"]
        m.report.notes.append(f"document '{doc.name}': wave {doc.wave} taken from the copy")
    elif row["wave"] is not None and doc.wave != row["wave"]:
        m.report.kept_team.append(
            f"document '{doc.name}' is wave {doc.wave} here, wave {row['wave']} in the copy"
        )


def new_document(m: Merge, row: Row) -> None:
    """Bring a document the team lacks, with its participant and wave, keeping its identity."""
    name = unique_document_name(m.session, row["name"])
    guid = row["guid"] if by_guid(m.session, Document, row["guid"]) is None else new_guid()
    doc = Document(
        guid=guid,
        name=name,
        participant_id=m.participants.get(row["participant_id"]),
        **pick(row, "kind", "wave", "text", "sha256", "original_filename", "format"),
        imported_at=row["imported_at"],
    )
    m.session.add(doc)
    m.session.flush()
    m.documents[row["id"]] = doc.id
    m.report.came_in["document"] += 1
    m.report.new_documents.append(name)
    if name != row["name"]:
        m.report.notes.append(f"document '{row['name']}' in the copy came in as '{name}'")
