"""Import transcripts and surveys: read a file, store its documents in one undoable operation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from qcode.error_log import without_sql
from qcode.errors import QcodeError
from qcode.ingest import IngestedDocument, read_file
from qcode.ingest.naming import infer_participant_wave
from qcode.ingest.text import check_no_nul
from qcode.services.audit import Actor
from qcode.services.documents.outcomes import (
    FileOutcome,
    ImportOptions,
    text_sha256,
    unique_document_name,
)
from qcode.services.documents.participants import get_or_create_participant, set_attributes
from qcode.services.history import Operation, operation
from qcode.store.models import Document, attribute_type_of
from qcode.store.project import Project


def import_file(
    project: Project, path: Path, options: ImportOptions, actor: Actor = None
) -> FileOutcome:
    """Read and store one file; never raises for a bad file, returns its outcome."""
    try:
        ingested = read_file(path, columns=options.columns)
    except QcodeError as exc:
        return FileOutcome(path, "failed", str(exc))
    return store_ingested(project, path, ingested, options, actor)


def store_ingested(
    project: Project,
    path: Path,
    ingested: Sequence[IngestedDocument],
    options: ImportOptions | None = None,
    actor: Actor = None,
) -> FileOutcome:
    """Store documents read from ``path`` as one undoable operation, "Import NAME", with one
    audit event (also for text made in code); the outcome carries its ``change``."""
    options = options or ImportOptions()
    try:
        with operation(project, f"Import {path.name}", actor) as op:
            stored = [store_document(op.session, path, doc, options) for doc in ingested]
            added = [document for document, new in stored if new]
            note_import(op, path, added)
    except QcodeError as exc:
        return FileOutcome(path, "failed", str(exc))
    except (SQLAlchemyError, OSError) as exc:
        reason = " ".join(without_sql(str(exc)).split())  # never the SQL or the text
        return FileOutcome(path, "failed", f"{path.name}: could not be stored ({reason})")
    names = [document.name for document in added]
    duplicates = [document for document, new in stored if not new]
    if not names:
        return FileOutcome(path, "skipped", describe_skip(path, duplicates))
    line = describe_import(path, names, len(duplicates))
    return FileOutcome(path, "imported", line, tuple(names), change=op.change)


def note_import(op: Operation, path: Path, added: list[Document]) -> None:
    """The file's one audit event: the document it became, or each of its documents."""
    op.value = tuple(document.name for document in added)
    facts = [{"name": d.name, "sha256": d.sha256, "chars": len(d.text)} for d in added]
    if len(added) == 1:
        after = {**facts[0], "file": path.name}
        op.audit("import document", "document", added[0].guid, after=after)
    else:
        op.audit("import documents", "file", path.name, after={"documents": facts})


def describe_skip(path: Path, duplicates: list[Document]) -> str:
    """One line saying why a file was skipped."""
    if len(duplicates) == 1:
        return f"{path.name}: skipped, its text is already in the project as '{duplicates[0].name}'"
    return f"{path.name}: skipped, all {len(duplicates)} documents are already in the project"


def describe_import(path: Path, names: list[str], skipped: int) -> str:
    """One line saying what a file became."""
    if len(names) == 1:
        line = f"{path.name}: imported as '{names[0]}'"
    else:
        line = f"{path.name}: imported {len(names)} documents ({names[0]} … {names[-1]})"
    return line + (f"; {skipped} already in the project, skipped" if skipped else "")


def store_document(
    session: Session, path: Path, doc: IngestedDocument, options: ImportOptions
) -> tuple[Document, bool]:
    """Add one ingested document: (it, True), or (the document already holding its text, False)."""
    where = f"{path.name} ({doc.name})" if doc.kind == "questionnaire" else path.name
    check_no_nul(doc.text, where)  # every imported text but a REFI-QDA source's passes here
    sha = text_sha256(doc.text)
    existing = find_duplicate(session, sha, doc)
    if existing is not None:
        check_options_hold(path, existing, options)
        return existing, False
    participant_label, wave = resolve_participant_wave(path, doc, options)
    participant = None
    if participant_label:
        participant = get_or_create_participant(session, participant_label)
        set_attributes(session, participant, {**doc.attributes, **options.attributes})
    elif options.attributes:
        raise QcodeError(f"{path.name}: --attr needs a participant (give --participant)")
    document = Document(
        name=unique_document_name(session, doc.name),
        kind=doc.kind,
        participant=participant,
        wave=wave,
        text=doc.text,
        sha256=sha,
        original_filename=path.name,
        format=doc.format,
    )
    session.add(document)
    session.flush()
    return document, True


def check_options_hold(path: Path, existing: Document, options: ImportOptions) -> None:
    """Refuse a re-import whose --participant, --wave or --attr the stored document lacks.

    Skipping such a file would drop what the user asked for without a word; a re-import
    that asks for what is already so is skipped as usual.
    """
    person = existing.participant
    label = person.label if person else None
    asked = []
    if options.participant and options.participant.strip() != label:
        asked.append(f"--participant {options.participant}")
    if options.wave is not None and options.wave != existing.wave:
        asked.append(f"--wave {options.wave}")
    stored = {a.name: (a.value_type, a.value) for a in person.attributes} if person else {}
    asked += [
        f"--attr {name}={value}"
        for name, value in options.attributes.items()
        if person is None or stored.get(name) != stored_form(value)
    ]
    if asked:
        raise QcodeError(
            f"{path.name}: its text is already in the project as '{existing.name}', so "
            f"{', '.join(asked)} cannot be applied by importing it again; change the document "
            "with `qcode docs PROJECT edit` or the attributes with `qcode attrs PROJECT set`"
        )


def stored_form(value: object) -> tuple[str, str]:
    """An attribute value's (type, text) as ``set_attributes`` stores it."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return attribute_type_of(value), text


def find_duplicate(session: Session, sha: str, doc: IngestedDocument) -> Document | None:
    """A document already holding this text (for survey answers: of the same respondent)."""
    query = select(Document).where(Document.sha256 == sha)
    if doc.kind == "questionnaire":
        query = query.where(Document.name == doc.name)
    return session.scalars(query).first()


def resolve_participant_wave(
    path: Path, doc: IngestedDocument, options: ImportOptions
) -> tuple[str | None, int | None]:
    """Options first, then what the file says, then the file-name rules."""
    inferred_participant, inferred_wave = infer_participant_wave(path.stem)
    participant = options.participant or doc.participant or inferred_participant
    wave = options.wave if options.wave is not None else doc.wave
    if wave is None and doc.kind != "questionnaire":
        wave = inferred_wave
    return participant, wave
