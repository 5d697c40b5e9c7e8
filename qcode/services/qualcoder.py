"""Import a QualCoder project (``NAME.qda`` or its ``data.qda``) in one undoable operation.

The project is read completely first (``qcode.ingest.qualcoder``, read-only); a refused
project changes nothing. It is then stored as a REFI-QDA project is (the same matching
by GUID, name and text, the same summary line and report lines), with one audit event.
"""

from __future__ import annotations

from pathlib import Path

from qcode.ingest.qualcoder.database import is_qualcoder_path, project_label
from qcode.ingest.qualcoder.reader import read_qualcoder
from qcode.services.audit import Actor
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.refi.importer import Exchange, RefiImport, batch_outcomes, import_exchange
from qcode.store.project import Project

__all__ = ["import_qualcoder", "is_qualcoder_path", "qualcoder_outcomes"]


def import_qualcoder(
    project: Project, path: Path, options: ImportOptions | None = None, actor: Actor = None
) -> RefiImport:
    """Import a QualCoder project into ``project``; never raises for a bad project."""
    path = Path(path)
    exchange = Exchange(
        read_qualcoder, project_label(path), "import QualCoder project", "a QualCoder project"
    )
    return import_exchange(project, path, exchange, options, actor)


def qualcoder_outcomes(
    project: Project, path: Path, options: ImportOptions | None, actor: Actor = None
) -> list[FileOutcome]:
    """What a batch import lists for a QualCoder project; the first outcome carries its change."""
    return batch_outcomes(import_qualcoder(project, path, options, actor))
