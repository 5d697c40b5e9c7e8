"""Reading a coder's copy for a merge: from a private snapshot, never touching the copy."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.documents.outcomes import text_sha256
from qcode.store import migrate
from qcode.store.models import (
    Case,
    CaseSegment,
    CmoStatement,
    Code,
    Coder,
    Document,
    Memo,
    Participant,
    ParticipantAttribute,
    ProjectInfo,
    Segment,
    Vignette,
    WorkshopDecision,
)
from qcode.store.project import (
    OPEN_WAIT_S,
    SQLITE_MAGIC,
    check_project_file,
    is_busy,
    locked_message,
    open_project,
)

Row = dict[str, Any]

# Kinds a merge does not bring over; the report counts the copy's ones the team lacks.
NOT_MERGED = {
    "CMO statement": CmoStatement,
    "vignette": Vignette,
    "workshop decision": WorkshopDecision,
}


class CopyError(QcodeError):
    """A coder's copy cannot be merged (not a project, damaged, newer, unrelated)."""


@dataclass
class CopyData:
    """Every row of a copy that a merge looks at, as plain dicts keyed by column name."""

    path: Path
    upgraded_from: str | None
    created_at: datetime | None
    coders: list[Row] = field(default_factory=list)
    participants: list[Row] = field(default_factory=list)
    attributes: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    codes: list[Row] = field(default_factory=list)
    segments: list[Row] = field(default_factory=list)
    cases: list[Row] = field(default_factory=list)
    case_links: list[Row] = field(default_factory=list)
    memos: list[Row] = field(default_factory=list)
    other_guids: dict[str, set[str]] = field(default_factory=dict)

    def code_paths(self) -> dict[int, tuple[str, ...]]:
        """Each copy code's path (names from the top) by its id in the copy."""
        rows = {row["id"]: row for row in self.codes}
        paths: dict[int, tuple[str, ...]] = {}
        for row in self.codes:  # parents come first
            parent = row["parent_id"]
            prefix = paths[parent] if parent in rows else ()
            paths[row["id"]] = (*prefix, row["name"])
        return paths


def read_copy(path: Path | str) -> CopyData:
    """Check a copy and read it from a snapshot in a temporary folder; the copy is untouched."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="qcode-merge-") as folder:
        snapshot = Path(folder) / "copy.qcode"
        take_snapshot(path, snapshot)
        revision = checked_revision(path, snapshot)
        try:
            project = open_project(snapshot)
        except QcodeError as exc:
            raise CopyError(str(exc).replace(str(snapshot), str(path))) from exc
        try:
            with project.session() as session:
                data = read_rows(session, path)
        except SQLAlchemyError as exc:
            raise CopyError(f"{path}: is not a qcode project (the database is damaged)") from exc
        finally:
            project.close()
    data.upgraded_from = revision if revision != migrate.head_revision() else None
    return data


def take_snapshot(path: Path, snapshot: Path) -> None:
    """Copy the file (and an unfinished write-ahead log or rollback journal, if any) byte for
    byte, holding it still meanwhile; a copy only read (read-only, say) is read as any other."""
    if not path.exists():
        raise CopyError(f"{path}: no such project file")
    if not path.is_file():
        raise CopyError(f"{path}: is a folder, not a qcode project")
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
        if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
            raise CopyError(f"{path}: is not a qcode project (not a project database)")
        with held_still(path, wal_mode=header[18] == 2):
            shutil.copyfile(path, snapshot)
            for suffix in ("-wal", "-journal"):
                beside = path.with_name(path.name + suffix)
                if beside.is_file():
                    shutil.copyfile(beside, snapshot.with_name(snapshot.name + suffix))
    except OSError as exc:
        raise CopyError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if snapshot.with_name(snapshot.name + "-journal").is_file():
        settle(snapshot)


def settle(snapshot: Path) -> None:
    """Roll back, in the private snapshot, a change its writer left halfway (its journal)."""
    with suppress(sqlite3.Error):  # a snapshot that stays unreadable is refused as damaged
        conn = sqlite3.connect(snapshot)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


@contextmanager
def held_still(path: Path, wal_mode: bool) -> Iterator[None]:
    """Hold a read lock on the copy while its bytes are copied, so that another program's
    write cannot tear them; a copy another program holds locked is busy, not damaged.

    A copy in write-ahead-log mode that nothing has open (no -wal or -shm beside it) is
    copied as it is: reading it through SQLite would leave them beside it. If SQLite
    cannot read the copy for another reason (a journal left by a writer stopped midway,
    which a reader may not roll back), it is copied with that journal all the same."""
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    if wal_mode and not any(sidecar.exists() for sidecar in sidecars):
        yield
        return
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    reader = sqlite3.connect(uri, uri=True, timeout=OPEN_WAIT_S, isolation_level=None)
    try:
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:  # not busy: the snapshot's own checks say what is wrong
            if isinstance(exc, sqlite3.OperationalError) and is_busy(exc):
                raise CopyError(locked_message(path)) from exc
        yield
    finally:
        reader.close()


def checked_revision(path: Path, snapshot: Path) -> str:
    """The snapshot's schema revision, after checking it is a whole, readable project."""
    try:
        revision = check_project_file(snapshot)
    except QcodeError as exc:
        raise CopyError(str(exc).replace(str(snapshot), str(path))) from exc
    damaged = CopyError(f"{path}: is not a qcode project (the database is damaged)")
    try:
        conn = sqlite3.connect(snapshot)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise damaged from exc
    if not verdict or verdict[0] != "ok":
        raise damaged
    return revision


def table_rows(session: Session, model: type[Any]) -> list[Row]:
    """Every row of a model's table as a dict, in id (or insertion) order."""
    table = model.__table__
    order = table.c.id if "id" in table.c else table.c.position
    return [dict(row) for row in session.execute(select(table).order_by(order)).mappings()]


def read_rows(session: Session, path: Path) -> CopyData:
    """Read what a merge needs from an open copy."""
    data = CopyData(
        path=path,
        upgraded_from=None,
        created_at=session.scalar(select(ProjectInfo.created_at).order_by(ProjectInfo.id)),
        coders=table_rows(session, Coder),
        participants=table_rows(session, Participant),
        attributes=table_rows(session, ParticipantAttribute),
        documents=table_rows(session, Document),
        codes=tree_order(table_rows(session, Code)),
        segments=table_rows(session, Segment),
        cases=table_rows(session, Case),
        case_links=table_rows(session, CaseSegment),
        memos=table_rows(session, Memo),
    )
    for row in data.documents:
        row["sha256"] = text_sha256(row["text"])
    for kind, model in NOT_MERGED.items():
        data.other_guids[kind] = set(session.scalars(select(model.guid)))
    return data


def tree_order(codes: list[Row]) -> list[Row]:
    """Codes depth first, by position, so that every parent comes before its children."""
    children: dict[int | None, list[Row]] = {}
    for row in sorted(codes, key=lambda r: (r["position"], r["id"])):
        children.setdefault(row["parent_id"], []).append(row)
    ordered: list[Row] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row["id"], [])))
    return ordered
