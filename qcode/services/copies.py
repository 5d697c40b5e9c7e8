"""Coder's copies: a complete, consistent copy of an open project, written atomically."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.coders import add_coder
from qcode.services.output_paths import COMPANIONS, resolved, same_file
from qcode.services.pseudonyms.keyfile import drop_key
from qcode.store.migrate import write_backup
from qcode.store.models import Code, Coder, Document, Segment
from qcode.store.project import Project, open_project

# Where a link cannot be made, these say so; any other OSError is a real failure.
NO_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


@dataclass(frozen=True)
class CopyReport:
    """What a coder's copy holds: where it came from and went, for whom, and its counts."""

    source: Path
    target: Path
    coder: str | None
    coder_added: bool
    documents: int
    codes: int
    segments: int

    def line(self) -> str:
        """``copied study.qcode to study-ana.qcode for Ana: 7 documents, 29 codes, …``."""
        whom = f" for {self.coder}" if self.coder else ""
        counts = ", ".join(
            plural(n, word)
            for n, word in (
                (self.documents, "document"),
                (self.codes, "code"),
                (self.segments, "segment"),
            )
        )
        return f"copied {self.source.name} to {self.target.name}{whom}: {counts}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def make_coder_copy(
    project: Project, target: Path | str, coder: str | None = None, actor: Actor = None
) -> CopyReport:
    """Copy ``project`` to ``target`` for ``coder`` (added in the copy if new); never overwrites.

    The copy is read through SQLite's backup API, so it holds every committed change,
    including those still in the write-ahead log of a project open elsewhere. It is
    written to a temporary file beside ``target``, opened and checked there, and only
    then renamed into place. The original is only read: no row and no audit event change.
    """
    target = Path(target)
    name = " ".join(coder.split()) if coder is not None else None
    if name == "":
        raise QcodeError("a coder needs a name")
    check_target(project.path, target)
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        snapshot(project.path, part)
        added, counts, dropped = prepare(part, target, name, actor)
        settle(part, target, clean=dropped > 0)
        place(part, target)
    finally:
        remove_with_sidecars(part)
    return CopyReport(project.path, target, name, added, *counts)


def copy_path_for(project_path: Path, coder: str | None) -> Path:
    """A free name beside the project for a coder's copy: ``study.qcode`` → ``study-ana.qcode``."""
    slug = "-".join(re.findall(r"\w+", (coder or "").lower())) or "copy"
    suffix = project_path.suffix or ".qcode"
    candidate = project_path.with_name(f"{project_path.stem}-{slug}{suffix}")
    number = 2
    while candidate.exists():
        candidate = project_path.with_name(f"{project_path.stem}-{slug}-{number}{suffix}")
        number += 1
    return candidate


def check_target(source: Path, target: Path) -> None:
    """Refuse the project itself, a file already there, or a folder that does not exist."""
    if same_file(target, source):
        raise QcodeError(f"{target}: is the project itself; name a new file for the copy")
    base = resolved(source)
    if any(same_file(target, base.with_name(base.name + suffix)) for suffix in COMPANIONS):
        raise QcodeError(f"{target}: is one of the project's own files; name a new file")
    if target.exists() or target.is_symlink():
        raise already_there(target)
    if not target.parent.is_dir():
        raise QcodeError(f"{target}: folder {target.parent} does not exist")


def snapshot(source: Path, part: Path) -> None:
    """One consistent read of the project (its write-ahead log included) into ``part``."""
    try:
        write_backup(source, part)
    except (sqlite3.Error, OSError) as exc:
        raise QcodeError(f"{source}: could not be copied ({exc})") from exc


def prepare(
    part: Path, target: Path, coder: str | None, actor: Actor
) -> tuple[bool, tuple[int, int, int], int]:
    """Open the copy as a project, add the coder there, drop the pseudonym key, check it;
    returns (added, counts, pairs dropped)."""
    try:
        copy = open_project(part)
    except QcodeError as exc:
        raise QcodeError(f"{target}: the copy could not be opened ({exc})") from exc
    try:
        added = False
        if coder is not None:
            with copy.session() as session:
                known = session.scalar(select(Coder.id).where(Coder.name == coder)) is not None
            if not known:
                add_coder(copy, coder, actor=actor)
                added = True
        dropped = drop_key(copy, actor=actor)
        with copy.session() as session:
            counts = count_rows(session)
            check_integrity(session, target)
    finally:
        copy.close()
    return added, counts, dropped


def count_rows(session: Session) -> tuple[int, int, int]:
    """Documents, codes and segments in a project."""
    documents, codes, segments = (
        session.scalar(select(func.count(table.id))) or 0 for table in (Document, Code, Segment)
    )
    return documents, codes, segments


def check_integrity(session: Session, target: Path) -> None:
    """Refuse a copy SQLite does not find whole (its file structure and its references)."""
    connection = session.connection()
    problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise QcodeError(f"{target}: the copy failed its integrity check ({problems[0]})")
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise QcodeError(f"{target}: the copy has broken references ({broken[0]})")


def settle(part: Path, target: Path, clean: bool = False) -> None:
    """Fold the copy's write-ahead log into the file, so the one file holds everything;
    ``clean`` rebuilds it too, so no free page keeps what was taken out (the key)."""
    try:
        connection = sqlite3.connect(part)
        try:
            connection.execute("PRAGMA journal_mode=DELETE").fetchall()
            if clean:
                connection.execute("VACUUM")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise QcodeError(f"{target}: the copy could not be finished ({exc})") from exc
    if wal_of(part).exists():
        raise QcodeError(f"{target}: the copy could not be finished (its log is still open)")


def place(part: Path, target: Path) -> None:
    """Put the finished copy at ``target`` in one step, never replacing a file there."""
    try:
        os.link(part, target)
    except FileExistsError:
        raise already_there(target) from None
    except OSError as exc:
        if exc.errno not in NO_LINKS:
            raise QcodeError(f"{target}: the copy could not be written ({exc})") from exc
        if target.exists():
            raise already_there(target) from None
        try:
            os.replace(part, target)
        except OSError as again:
            raise QcodeError(f"{target}: the copy could not be written ({again})") from again


def already_there(target: Path) -> QcodeError:
    return QcodeError(f"{target}: already exists; nothing was copied (choose a new file name)")


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def remove_with_sidecars(path: Path) -> None:
    """Delete a temporary copy and any log files SQLite left beside it."""
    for suffix in ("", *COMPANIONS):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
