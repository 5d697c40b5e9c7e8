"""Renaming a document and changing whose it is and which wave: one undoable step each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.documents.participants import get_or_create_participant
from qcode.services.history import Change, operation
from qcode.services.lookup import get_document
from qcode.store.models import Document
from qcode.store.project import Project

MAX_NAME = 400  # Document.name's column width


def check_document_name(name: str) -> str:
    """A document name as stored: trimmed, one line, not empty, not too long."""
    name = name.strip()
    if not name:
        raise QcodeError("a document needs a name")
    if "\n" in name or "\r" in name:
        raise QcodeError("a document name must be one line")
    if len(name) > MAX_NAME:
        raise QcodeError(f"a document name can have at most {MAX_NAME} characters")
    return name


def rename_document(
    project: Project, document: str | int, new_name: str, actor: Actor = None, reason: str = ""
) -> Change:
    """Give a document a new name; names are unique in a project."""
    with operation(project, "Rename document", actor) as op:
        doc = get_document(op.session, document)
        name = check_document_name(new_name)
        clash = op.session.scalars(select(Document).where(Document.name == name)).first()
        if clash is not None and clash.id != doc.id:
            raise QcodeError(f"a document named '{name}' is already in the project")
        before = doc.name
        doc.name = name
        op.label = f"Rename document '{before}'"
        op.value = doc.id
        op.audit(
            "rename document",
            "document",
            doc.guid,
            before={"name": before},
            after={"name": name},
            reason=reason,
        )
    return op.change


@dataclass(frozen=True)
class DocumentEdit:
    """What to change about a document: ``None`` leaves a field as it is.

    ``participant=""`` takes the document away from any participant; ``no_wave`` clears
    its wave.
    """

    participant: str | None = None
    wave: int | None = None
    no_wave: bool = False

    @property
    def is_empty(self) -> bool:
        return self.participant is None and self.wave is None and not self.no_wave


def edit_document(
    project: Project, document: str | int, edit: DocumentEdit, actor: Actor = None, reason: str = ""
) -> Change:
    """Change a document's participant (created if new) and/or wave in one step.

    A participant keeps its attributes: they describe the person, not the document.
    """
    if edit.is_empty:
        raise QcodeError("say what to change: a participant or a wave")
    if edit.wave is not None and (edit.wave < 1 or edit.no_wave):
        raise QcodeError(
            "a wave is 1 or more" if edit.wave < 1 else "give a wave or no wave, not both"
        )
    with operation(project, "Edit document", actor) as op:
        doc = get_document(op.session, document)
        before = document_state(doc)
        apply_edit(op.session, doc, edit)
        op.session.flush()
        op.label = f"Edit document '{doc.name}'"
        op.value = doc.id
        op.audit(
            "edit document",
            "document",
            doc.guid,
            before=before,
            after=document_state(doc),
            reason=reason,
        )
    return op.change


def apply_edit(session: Session, doc: Document, edit: DocumentEdit) -> None:
    """Set the fields an edit names."""
    if edit.participant is not None:
        label = edit.participant.strip()
        doc.participant = get_or_create_participant(session, label) if label else None
    if edit.wave is not None or edit.no_wave:
        doc.wave = edit.wave


def document_state(doc: Document) -> dict[str, object]:
    """A document's participant and wave, for the audit trail."""
    return {
        "name": doc.name,
        "participant": doc.participant.label if doc.participant else None,
        "wave": doc.wave,
    }
