"""Import a REFI-QDA project (.qdpx) or codebook (.qdc) in one undoable operation.

The file is read completely first (``qcode.ingest.refi.project``/``qdc``, in memory); a refused
file changes nothing. Then everything is stored in one transaction with one audit
event. The outcome is one line saying what came in, then one line for each thing
the file holds that qcode did not keep or changed on the way (status "warning").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.ingest.refi.codebook import read_qdc
from qcode.ingest.refi.model import RefiProject
from qcode.ingest.refi.project import read_qdpx
from qcode.services.audit import Actor
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.history import Change, operation
from qcode.services.refi.coding import (
    fold,
    store_memos,
    store_segments,
    store_statements,
    store_topic_cases,
)
from qcode.services.refi.store import (
    Stored,
    store_coders,
    store_codes,
    store_documents,
    store_participants,
)
from qcode.store.models import DocumentAttribute, ProjectInfo
from qcode.store.project import Project

REFI_SUFFIXES = (".qdpx", ".qdc")
KINDS = (
    "documents",
    "codes",
    "coders",
    "participants",
    "segments",
    "memos",
    "CMO statements",
    "cases",
    "document attributes",
    "participant attributes",
)


@dataclass(frozen=True)
class RefiImport:
    """The change made (for undo; None if nothing was stored) and the report lines."""

    change: Change | None
    outcomes: list[FileOutcome]


def read_refi(path: Path) -> RefiProject:
    """Read a .qdpx or .qdc file into plain values (raises QcodeError if refused)."""
    return read_qdc(path) if path.suffix.lower() == ".qdc" else read_qdpx(path)


def import_refi_file(
    project: Project, path: Path, options: ImportOptions | None = None
) -> list[FileOutcome]:
    """What ``qcode import`` prints for a REFI-QDA file: one outcome per line."""
    return import_refi(project, Path(path), options).outcomes


@dataclass(frozen=True)
class Exchange:
    """A kind of file stored as a REFI-QDA project is: how it is read, named and audited."""

    read: Callable[[Path], RefiProject]  # raises QcodeError for a refused file
    label: str  # the name its lines begin with
    audit_action: str
    kind: str  # "a REFI-QDA file", in the line on options that do not apply


def import_refi(
    project: Project, path: Path, options: ImportOptions | None = None, actor: Actor = None
) -> RefiImport:
    """Import a .qdpx or .qdc file into the project; never raises for a bad file."""
    path = Path(path)
    exchange = Exchange(read_refi, path.name, "import exchange file", "a REFI-QDA file")
    return import_exchange(project, path, exchange, options, actor)


def import_exchange(
    project: Project,
    path: Path,
    exchange: Exchange,
    options: ImportOptions | None = None,
    actor: Actor = None,
) -> RefiImport:
    """Read the file whole, then store it in one undoable operation with one audit event."""
    label = exchange.label
    try:
        data = exchange.read(path)
    except QcodeError as exc:
        return RefiImport(None, [FileOutcome(path, "failed", str(exc))])
    try:
        with operation(project, f"Import {label}", actor) as op:
            stored = store_all(op.session, data, label)
            op.value = dict(stored.created)
            op.audit(
                exchange.audit_action,
                "project",
                label,
                after={"created": dict(stored.created), "matched": dict(stored.matched)},
            )
    except QcodeError as exc:
        return RefiImport(None, [FileOutcome(path, "failed", f"{label}: {exc}")])
    except SQLAlchemyError as exc:
        line = f"{label}: could not be stored ({type(exc).__name__}); nothing was imported"
        return RefiImport(None, [FileOutcome(path, "failed", line)])
    lines = [*data.problems, *stored.lines, *ignored_options(options, exchange.kind)]
    warnings = [FileOutcome(path, "warning", f"{label}: {line}") for line in lines]
    return RefiImport(op.change, [summary(path, stored, label), *warnings])


def batch_outcomes(result: RefiImport) -> list[FileOutcome]:
    """A batch import's lines for one file: the first carries its change (None if none)."""
    first, *rest = result.outcomes
    change = result.change if result.change is not None and not result.change.is_empty else None
    return [replace(first, change=change), *rest]


def store_all(session: Session, data: RefiProject, source: str) -> Stored:
    """Everything, in the order references need: what is cited before what cites it."""
    stored = Stored()
    store_coders(session, data, stored)
    store_codes(session, data.codes, None, stored)
    store_documents(session, data, stored, source)
    store_participants(session, data, stored)
    touched = store_segments(session, data, stored)
    store_topic_cases(session, data, stored)
    store_memos(session, data, stored)
    store_statements(session, data, stored)
    fold(session, touched, stored)
    store_description(session, data, stored)
    stored.lines.extend(merged_sources(data, stored))
    stored.lines.extend(unstored_attributes(session, data, stored))
    return stored


def merged_sources(data: RefiProject, stored: Stored) -> list[str]:
    """A line for each source of the file stored as another source's document."""
    first: dict[int, str] = {}
    lines = []
    for doc in data.documents:
        row_id = stored.documents.get(doc.guid)
        if row_id is None:
            continue
        if row_id in first:
            lines.append(
                f"source '{doc.name}' has the same text as source '{first[row_id]}'; "
                "both are one document"
            )
        first.setdefault(row_id, doc.name)
    return lines


def unstored_attributes(session: Session, data: RefiProject, stored: Stored) -> list[str]:
    """A line naming source variables that no document attribute holds (nothing silently
    dropped, whatever the store decided for them)."""
    missing = []
    for doc in data.documents:
        row_id = stored.documents.get(doc.guid)
        if row_id is None or not doc.variables:
            continue
        held = set(
            session.scalars(
                select(DocumentAttribute.name).where(DocumentAttribute.document_id == row_id)
            )
        )
        missing += [
            f"{value.name} of '{doc.name}'"
            for value in doc.variables
            if value.name[:200] not in held
        ]
    if not missing:
        return []
    shown = ", ".join(missing[:5]) + (", …" if missing[5:] else "")
    return [f"{len(missing)} source variable value(s) not imported: {shown}"]


def store_description(session: Session, data: RefiProject, stored: Stored) -> None:
    """The project's description fills an empty one; a different one is reported."""
    info = session.scalars(select(ProjectInfo)).first()
    text = data.description.strip()
    if not text or info is None or info.description.strip() == text:
        return
    if info.description.strip():
        stored.lines.append("the file's project description was not imported (this one has one)")
    else:
        info.description = data.description


def summary(path: Path, stored: Stored, name: str | None = None) -> FileOutcome:
    """One line: what was created, and how much was already in the project (the file
    called ``name``, or by its own name)."""
    name = name or path.name
    made = [
        f"{stored.created[kind]} {label(kind, stored.created[kind])}"
        + categories_of(kind, stored.created["categories"])
        for kind in KINDS
        if stored.created[kind]
    ]
    known = sum(stored.matched.values())
    tail = f"; {known} already in the project" if known else ""
    if not made:
        return FileOutcome(path, "skipped", f"{name}: nothing new{tail or ' in it'}")
    return FileOutcome(
        path,
        "imported",
        f"{name}: imported {', '.join(made)}{tail}",
        tuple(stored.new_documents),
    )


def label(kind: str, count: int) -> str:
    """The kind's name for this many ("1 category", "2 categories")."""
    if count == 1:
        return kind[:-3] + "y" if kind.endswith("ies") else kind[:-1]
    return kind


def categories_of(kind: str, count: int) -> str:
    """" (2 categories)" after the codes, which count them too."""
    return f" ({count} {label('categories', count)})" if kind == "codes" and count else ""


def ignored_options(options: ImportOptions | None, kind: str = "a REFI-QDA file") -> list[str]:
    if options and (options.participant or options.wave is not None or options.attributes):
        return [f"--participant, --wave and --attr do not apply to {kind}; ignored"]
    return []
