"""User-facing errors: each carries one line a researcher can act on."""


class QcodeError(Exception):
    """An error whose message is shown to the user as a single line."""

    def __str__(self) -> str:
        text = super().__str__()
        return " ".join(text.split())


class IngestError(QcodeError):
    """A file could not be read as a transcript or survey."""


class ProjectError(QcodeError):
    """A project file could not be opened, created or upgraded."""


class ProjectBusyError(ProjectError):
    """Another process held the project's write lock for longer than qcode waits."""


class ProjectReadOnlyError(ProjectError):
    """A change was asked of a project file opened read-only."""


class ConflictError(QcodeError):
    """A row an undo or redo would restore was changed since by someone else."""
