"""Import a batch of files of any kind: transcripts, surveys and REFI-QDA files, one line each.

Each file is its own transaction and audit event ("Import interview_03.docx"): a file that
fails leaves the project as it was, the others stay imported. The batch is undone as one
step (as in NVivo): ``batch_change`` joins the files' changes into the one the history keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from qcode.errors import QcodeError
from qcode.ingest.reader import is_survey_path, read_survey_columns
from qcode.ingest.survey_columns import SurveyColumn, unknown_headings
from qcode.services.audit import Actor
from qcode.services.documents.importing import import_file
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.history import Change
from qcode.services.qualcoder import is_qualcoder_path, qualcoder_outcomes
from qcode.services.refi.importer import batch_outcomes, import_refi
from qcode.store.project import Project

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
EXCHANGE_SUFFIXES = (".qdpx", ".qdc")
MAX_DETAIL = 200  # characters of an unexpected error's text shown in an outcome


def import_files(
    project: Project,
    paths: Iterable[Path],
    options: ImportOptions | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    actor: Actor = None,
) -> list[FileOutcome]:
    """Import each file in its own transaction; a failure leaves the project as it was.

    Every file is tried, whatever goes wrong with another: each gets its outcomes, and
    the first outcome of a file that changed the project carries its ``change``.
    """
    paths = list(paths)
    outcomes: list[FileOutcome] = []
    done = 0
    for index, path in enumerate(paths):
        if cancelled and cancelled():
            break
        if progress:
            progress(index, len(paths), path.name)
        outcomes.extend(import_one(project, path, options, actor))
        done = index + 1
    if progress:
        progress(done, len(paths), "")
    return outcomes


def import_one(
    project: Project, path: Path, options: ImportOptions | None, actor: Actor = None
) -> list[FileOutcome]:
    """One file's outcomes; an unexpected error fails only this file (its transaction undone)."""
    try:
        if is_qualcoder_path(path):
            return qualcoder_outcomes(project, path, options, actor)
        if path.suffix.lower() in EXCHANGE_SUFFIXES:
            return import_exchange_file(project, path, options, actor)
        return [import_file(project, path, options or ImportOptions(), actor)]
    except Exception as exc:  # noqa: BLE001 - one bad file never aborts a batch
        return [unexpected_failure(path, exc)]


def unexpected_failure(path: Path, exc: Exception) -> FileOutcome:
    """A failed outcome for an error no reader anticipated; it keeps the exception."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(detail) > MAX_DETAIL:
        detail = detail[: MAX_DETAIL - 1] + "…"
    line = f"{path.name}: could not be imported (internal error: {detail}); nothing was stored"
    return FileOutcome(path, "failed", line, error=exc)


def import_exchange_file(
    project: Project, path: Path, options: ImportOptions | None, actor: Actor = None
) -> list[FileOutcome]:
    """A REFI-QDA project (.qdpx) or codebook (.qdc): one outcome per line of its report."""
    return batch_outcomes(import_refi(project, path, options, actor))


def batch_change(outcomes: Iterable[FileOutcome]) -> Change | None:
    """The files' changes as one undo step: "Import NAME" for one file, "Import N files"
    for more; None if no file changed the project. Undoing it reverts the files newest first."""
    changes = [o.change for o in outcomes if o.change is not None and not o.change.is_empty]
    if len(changes) <= 1:
        return changes[0] if changes else None
    return Change(
        f"Import {len(changes)} files",
        frozenset().union(*(change.tables for change in changes)),
        tuple(row for change in changes for row in change.rows),
        tuple(change.value for change in changes),  # each file's value, in order
    )


def survey_column_classes(
    paths: Iterable[Path], columns: dict[str, str] | None = None
) -> list[tuple[Path, list[SurveyColumn]]]:
    """Each questionnaire export's question columns with their classes (detected, or chosen
    in ``columns`` by heading), importing nothing; refuses, in one line, a chosen heading
    no export has, a class its answers cannot take, or a choice without any export."""
    columns = columns or {}
    surveys = [path for path in paths if is_survey_path(path)]
    if columns and not surveys:
        raise QcodeError("column classes are for questionnaire exports (.csv, .xlsx); none given")
    found = [(path, read_survey_columns(path, columns)) for path in surveys]
    headings = [column.heading for _, listed in found for column in listed]
    unknown = unknown_headings(columns, headings)
    if unknown:
        files = " or ".join(path.name for path in surveys)
        shown = ", ".join(dict.fromkeys(headings)) or "none"
        raise QcodeError(
            f"no question column '{unknown[0]}' in {files} (the columns: {_cut(shown)})"
        )
    return found


def _cut(text: str, limit: int = MAX_DETAIL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
