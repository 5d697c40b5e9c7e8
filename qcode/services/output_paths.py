"""Where an export may write: never over a project, its companion files or another project."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.store.project import PROJECT_SUFFIX, SQLITE_MAGIC

RULE = "choose another output file (exports never write over a project)"
# SQLite keeps these beside a project while it is open or after a crash; losing one loses work.
COMPANIONS = {
    "-wal": "its write-ahead log",
    "-shm": "its shared-memory index",
    "-journal": "its rollback journal",
}


def check_output_path(output: Path, project: Path | None = None) -> Path:
    """Return ``output`` if an export may write there, else raise one line saying why not.

    Refused: the project file itself (by any name: symlink or hard link), its ``-wal``,
    ``-shm`` and ``-journal`` files, any ``.qcode`` name, and any existing SQLite database.
    """
    output = Path(output)
    if project is not None:
        check_not_project(output, Path(project))
    if output.suffix.lower() == PROJECT_SUFFIX:
        what = "a qcode project" if output.exists() else f"named as a project ({PROJECT_SUFFIX})"
        raise QcodeError(f"{output.name}: is {what}; {RULE}")
    if is_database(output):
        raise QcodeError(f"{output.name}: is a database (perhaps a qcode project); {RULE}")
    return output


def check_session_output(session: Session, output: Path) -> Path:
    """``check_output_path`` against the project file ``session`` is open on."""
    return check_output_path(output, session_project_file(session))


def check_not_project(output: Path, project: Path) -> None:
    """Refuse the project file and its SQLite companion files."""
    if same_file(output, project):
        where = "itself" if output.name == project.name else f"{project.name} (the same file)"
        raise QcodeError(f"{output.name}: is the project {where}; {RULE}")
    for base in {project, resolved(project)}:
        for suffix, what in COMPANIONS.items():
            if same_file(output, base.with_name(base.name + suffix)):
                raise QcodeError(
                    f"{output.name}: is part of the project {project.name} ({what}); {RULE}"
                )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (both existing) one inode."""
    if resolved(a) == resolved(b):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def resolved(path: Path) -> Path:
    """The absolute path with symlinks followed (as far as they can be)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def is_database(path: Path) -> bool:
    """Whether ``path`` is an existing file starting with the SQLite header."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def session_project_file(session: Session) -> Path | None:
    """The file a session's database lives in, or None (in memory, or a server)."""
    url = session.get_bind().engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)
