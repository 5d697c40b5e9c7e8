"""Import a batch of files of any kind: transcripts, surveys and REFI-QDA files, one line each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from qcode.services.documents.importing import import_file
from qcode.services.documents.outcomes import FileOutcome, ImportOptions
from qcode.services.refi.importer import import_refi_file
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
) -> list[FileOutcome]:
    """Import each file in its own transaction; a failure leaves the project as it was.

    Every file is tried, whatever goes wrong with another: each gets its outcomes.
    """
    paths = list(paths)
    outcomes: list[FileOutcome] = []
    done = 0
    for index, path in enumerate(paths):
        if cancelled and cancelled():
            break
        if progress:
            progress(index, len(paths), path.name)
        outcomes.extend(import_one(project, path, options))
        done = index + 1
    if progress:
        progress(done, len(paths), "")
    return outcomes


def import_one(project: Project, path: Path, options: ImportOptions | None) -> list[FileOutcome]:
    """One file's outcomes; an unexpected error fails only this file (its transaction undone)."""
    try:
        if path.suffix.lower() in EXCHANGE_SUFFIXES:
            return import_exchange_file(project, path, options)
        return [import_file(project, path, options or ImportOptions())]
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
    project: Project, path: Path, options: ImportOptions | None
) -> list[FileOutcome]:
    """A REFI-QDA project (.qdpx) or codebook (.qdc): one outcome per line of its report."""
    return import_refi_file(project, path, options)
