"""What an import is told and what it reports: options, per-file outcomes, text identity."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.services.history import Change
from qcode.store.models import Document


@dataclass(frozen=True)
class ImportOptions:
    """What the user said about the files: participant, wave, attributes, and the classes
    chosen for questionnaire columns (heading -> open, categorical, numeric or likert)."""

    participant: str | None = None
    wave: int | None = None
    attributes: dict[str, str | int | float | bool] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: imported, skipped (duplicate) or failed."""

    path: Path
    status: str  # "imported" | "skipped" | "failed"
    message: str
    documents: tuple[str, ...] = ()
    # The unexpected exception behind a failure (not a refusal), for a caller to log.
    error: BaseException | None = field(default=None, compare=False, repr=False)
    # What storing the file changed, for undo (None if it changed nothing or failed).
    change: Change | None = field(default=None, compare=False, repr=False)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def text_sha256(text: str) -> str:
    """The fingerprint that identifies a document's text across projects and copies."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unique_document_name(session: Session, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``… if a document already has it."""
    taken = set(
        session.scalars(
            select(Document.name).where(Document.name.startswith(name, autoescape=True))
        )
    )
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate
