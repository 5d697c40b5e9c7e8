"""Find and open a QualCoder project's data.qda read-only, refusing what cannot be read.

A QualCoder project is a folder ``NAME.qda`` holding ``data.qda`` (SQLite) and folders of
files. Either the folder or its ``data.qda`` may be named. The database is opened
read-only (``mode=ro``): importing never changes the QualCoder project.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.errors import IngestError
from qcode.ingest.qualcoder.schema import FIRST, LAST, SUPPORTED, missing, version_number
from qcode.ingest.sniff import describe, sniff

DATA_FILE = "data.qda"
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_WAIT = 1.0  # seconds to wait for a lock another program holds


def is_qualcoder_path(path: Path) -> bool:
    """A ``.qda`` folder or file, or a folder holding ``data.qda``."""
    path = Path(path)
    return path.suffix.lower() == ".qda" or (path.is_dir() and (path / DATA_FILE).is_file())


def project_label(path: Path) -> str:
    """The name a researcher knows the project by: the ``NAME.qda`` folder."""
    path = Path(path)
    if path.name.lower() == DATA_FILE and path.parent.name:
        return path.parent.name
    return path.name


def database_file(path: Path) -> Path:
    """The ``data.qda`` of a project folder, or the file named; refused if there is none."""
    path, label = Path(path), project_label(path)
    if path.is_dir():
        found = path / DATA_FILE
        if not found.is_file():
            raise IngestError(f"{label}: a folder without {DATA_FILE}; not a QualCoder project")
        return found
    if not path.exists():
        raise IngestError(f"{label}: not found ({path})")
    return path


def check_header(path: Path, label: str) -> None:
    """Refuse a file that is not SQLite: empty, another kind of file, encrypted or damaged."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise IngestError(f"{label}: cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise IngestError(f"{label}: {path.name} is empty; not a QualCoder project")
    if head.startswith(SQLITE_MAGIC):
        return
    kind = sniff(head)
    if kind is not None:
        raise IngestError(f"{label}: {path.name} is {describe(kind)}, not a QualCoder database")
    raise IngestError(
        f"{label}: {path.name} is not a readable SQLite database; it is encrypted or damaged"
    )


def connect(path: Path, label: str) -> sqlite3.Connection:
    """A read-only connection, tried once, so that a locked or encrypted file is refused now."""
    check_header(path, label)
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT)
    except sqlite3.Error as exc:
        raise refusal(exc, label) from exc
    db.row_factory = sqlite3.Row
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        db.close()
        raise refusal(exc, label) from exc
    return db


def refusal(exc: sqlite3.Error, label: str) -> IngestError:
    """One line for SQLite's error: locked, encrypted or damaged, or what SQLite said."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return IngestError(
            f"{label}: locked by another program; close the project in QualCoder and try again"
        )
    if "not a database" in text or "encrypted" in text or "malformed" in text:
        return IngestError(f"{label}: {DATA_FILE} is encrypted or damaged; it cannot be read")
    return IngestError(f"{label}: cannot be read ({text})")


def table_columns(db: sqlite3.Connection) -> dict[str, set[str]]:
    """Every table's column names, in lower case."""
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {name.lower(): columns_of(db, name) for name in names}


def columns_of(db: sqlite3.Connection, table: str) -> set[str]:
    """A table's column names, in lower case."""
    return {str(row[1]).lower() for row in db.execute(f'PRAGMA table_info("{quoted(table)}")')}


def quoted(name: str) -> str:
    """A table's name inside double quotes (a quote in it doubled, as SQL writes it)."""
    return name.replace('"', '""')


def schema_version(db: sqlite3.Connection, label: str) -> int:
    """The database's version, checked against what qcode reads and what the file holds."""
    present = table_columns(db)
    if "project" not in present or "databaseversion" not in present["project"]:
        raise IngestError(f"{label}: not a QualCoder project (its database has no project table)")
    row = db.execute("SELECT databaseversion, about FROM project").fetchone()
    if row is None or "qualcoder" not in str(row["about"] or "").lower():
        raise IngestError(f"{label}: not a QualCoder project (its project table does not say so)")
    version = version_number(row["databaseversion"])
    if version is None or not FIRST <= version <= LAST:
        older = version is not None and version < FIRST
        advice = "; open it once in a current QualCoder to upgrade it" if older else ""
        raise IngestError(
            f"{label}: QualCoder database version '{row['databaseversion']}' is not supported "
            f"(qcode reads {SUPPORTED}){advice}"
        )
    gaps = missing(present, version)
    if gaps:
        raise IngestError(
            f"{label}: damaged QualCoder v{version} database; it lacks {', '.join(gaps[:4])}"
        )
    return version
