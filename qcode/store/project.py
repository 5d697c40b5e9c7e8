"""Open and create project files: one SQLite file per project, foreign keys on, WAL."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from qcode import __version__
from qcode.errors import ProjectBusyError, ProjectError, ProjectReadOnlyError
from qcode.store import drift, journal, migrate
from qcode.store.models import ProjectInfo

SQLITE_MAGIC = b"SQLite format 3\x00"
PROJECT_SUFFIX = ".qcode"
BUSY_TIMEOUT_MS = 2000  # SQLite's own wait for the write lock, per attempt
BUSY_DEADLINE_S = 15.0  # how long a write waits for another writer in all
WRITE = "qcode_write"  # execution option: a transaction that writes begins IMMEDIATE
BUSY_MESSAGE = "the project is busy: another qcode is writing to it; try again in a moment"
OPEN_WAIT_S = 2.0  # how long opening waits for a file another program holds locked


def read_only_message(path: Path) -> str:
    """The one line for a change asked of a read-only project."""
    return f"{path.name} is read-only: open a copy to change it"


def locked_message(path: Path) -> str:
    """The one line for a project another program holds locked while qcode opens it."""
    return f"{path.name} is being written by another program; try again in a moment"


def is_read_only(path: Path) -> bool:
    """Whether a project file may not be changed: the file or its folder is not writable,
    or is marked read-only (no write permission bits, honoured even for an administrator)."""
    folder = path.parent
    marked = not path.stat().st_mode & 0o222 or not folder.stat().st_mode & 0o222
    return marked or not os.access(path, os.W_OK) or not os.access(folder, os.W_OK)


def read_only_engine(path: Path) -> Engine:
    """An engine that opens the file with SQLite's ``mode=ro``: no write can reach it.

    A read-only file no program has open (no -wal beside it) is read as immutable, so
    reading it leaves no -wal or -shm files behind (made read-only, they would stop
    qcode writing once the file is made writable again)."""
    uri = read_only_uri(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=OPEN_WAIT_S, check_same_thread=False)

    return create_engine("sqlite://", creator=connect, poolclass=QueuePool)


def read_only_uri(path: Path) -> str:
    """The file's URI for SQLite's ``mode=ro`` (``immutable`` as `read_only_engine` says)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if is_read_only(path) and not path.with_name(f"{path.name}-wal").exists():
        uri += "&immutable=1"
    return uri


def project_engine(
    path: Path, busy_deadline: float = BUSY_DEADLINE_S, read_only: bool = False
) -> Engine:
    """An engine on a project file with foreign keys on, WAL, and real transactions.

    A transaction that writes takes the write lock when it begins (``BEGIN IMMEDIATE``),
    so a reader that later writes never deadlocks with another writer; if another
    process holds the lock, it retries with back-off up to ``busy_deadline`` seconds,
    then raises :class:`ProjectBusyError`. With ``read_only`` the file is opened so that
    nothing can change it, and a transaction that writes is refused in one line.
    """
    engine = read_only_engine(path) if read_only else create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            _set_wal(dbapi_conn, busy_deadline)
        journal.install(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE):
            if read_only:
                raise ProjectReadOnlyError(read_only_message(path))
            begin_immediate(conn.connection.dbapi_connection, busy_deadline)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds a lock."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _retry_busy(statement: str, dbapi_conn: object, deadline: float) -> None:
    """Run one statement, retrying with back-off while the file is busy, for a bounded time."""
    give_up = time.monotonic() + deadline
    pause = 0.02
    while True:
        try:
            dbapi_conn.execute(statement)  # type: ignore[attr-defined]
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > give_up:
                if is_busy(exc):
                    raise ProjectBusyError(BUSY_MESSAGE) from exc
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def begin_immediate(dbapi_conn: object, deadline: float = BUSY_DEADLINE_S) -> None:
    """Begin a write transaction, waiting (bounded) for another writer to finish."""
    _retry_busy("BEGIN IMMEDIATE", dbapi_conn, deadline)


def _set_wal(dbapi_conn: sqlite3.Connection, deadline: float) -> None:
    _retry_busy("PRAGMA journal_mode=WAL", dbapi_conn, deadline)


@dataclass
class Project:
    """An open project file: its path, engine and a session factory."""

    path: Path
    engine: Engine
    upgraded_from: str | None = None
    backup: Path | None = None
    read_only: bool = False
    repaired: str | None = None  # what a repair of drifted tables added back, in one phrase
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def opening_note(self) -> str | None:
        """What opening did to the file, in one line (None: nothing): an upgrade or a repair,
        and where the copy of the file as it was is kept."""
        if self.backup is None:
            return None
        kept = f"the old file is kept as {self.backup.name}"
        if self.repaired is not None:
            upgraded = f" and upgraded it from schema {self.upgraded_from}"
            return (
                f"repaired drift in {self.path.name} ({self.repaired})"
                f"{upgraded if self.upgraded_from else ''}; {kept}"
            )
        if self.upgraded_from is not None:
            return f"upgraded {self.path.name} from schema {self.upgraded_from}; {kept}"
        return None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(**{WRITE: True})
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def on_server(self) -> bool:
        """Whether the project is a database on a team server (not a file)."""
        return self.engine.dialect.name != "sqlite"

    def session(self) -> Session:
        """A new session for reading; the caller closes it (never commits)."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one write transaction: committed on success, rolled back on error.

        It holds the file's write lock from its start (taken when the session first
        touches the database), waiting a bounded time for another writer.
        """
        with self._write_sessions.begin() as session:
            yield session

    def checkpoint(self) -> None:
        """Move everything committed from the -wal file into the project file."""
        self._pragma("wal_checkpoint(TRUNCATE)")

    def optimize(self) -> None:
        """Let SQLite refresh the planner's statistics it finds stale (cheap; on close)."""
        self._pragma("optimize")

    def _pragma(self, pragma: str) -> None:
        """Run one PRAGMA outside any transaction, on a pooled connection."""
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute(f"PRAGMA {pragma}")  # type: ignore[union-attr]
        finally:
            raw.close()

    def close(self) -> None:
        """Release the file after checkpointing the WAL (so a plain copy of it is whole)."""
        if self.on_server:  # nothing of a file to tidy
            self.engine.dispose()
            return
        with suppress(sqlite3.Error):  # another process may hold the file; it checkpoints
            self.checkpoint()
            self.optimize()
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def create_project(path: Path | str, title: str = "") -> Project:
    """Create a new, empty project file at ``path``; refuses to overwrite."""
    path = Path(path)
    if path.exists():
        raise ProjectError(f"{path}: a file with this name already exists")
    if not path.parent.is_dir():
        raise ProjectError(f"{path}: folder {path.parent} does not exist")
    try:
        migrate.upgrade_to(path)
    except Exception as exc:
        path.unlink(missing_ok=True)
        raise ProjectError(f"{path}: could not create the project ({exc})") from exc
    project = Project(path, project_engine(path))
    with project.transaction() as session:
        session.add(ProjectInfo(title=title or path.stem, created_by_version=__version__))
    return project


def open_project(path: Path | str) -> Project:
    """Open a project file, upgrading an older schema after writing a backup beside it."""
    path = Path(path)
    revision, found = inspect_project_file(path)
    if is_read_only(path):
        if found is not None:
            raise ProjectError(
                f"{path.name} is read-only and its tables need a repair ({found.summary()}): "
                "open a copy to repair it"
            )
        if revision != migrate.head_revision():
            raise ProjectError(
                f"{path.name} is read-only and uses an older schema ({revision}): "
                "open a copy to upgrade it"
            )
        return Project(path, project_engine(path, read_only=True), read_only=True)
    if found is not None:
        return repaired_project(path, revision, found)
    project = Project(path, project_engine(path))
    if revision != migrate.head_revision():
        project.close()
        backup = migrate.upgrade_with_backup(path, revision)
        project = Project(path, project_engine(path), upgraded_from=revision, backup=backup)
    return project


def repaired_project(path: Path, revision: str, found: drift.Drift) -> Project:
    """Back a file whose tables drifted from its revision up, add back what they lack,
    upgrade it as any older file, and open it."""
    backup = migrate.upgrade_with_backup(path, revision, repair=found.repair)
    upgraded = revision if revision != migrate.head_revision() else None
    engine = project_engine(path)
    return Project(path, engine, upgraded_from=upgraded, backup=backup, repaired=found.summary())


def check_project_file(path: Path) -> str:
    """Return the schema revision of a project file, or say in one line why it is not one."""
    return inspect_project_file(path)[0]


def inspect_project_file(path: Path) -> tuple[str, drift.Drift | None]:
    """A project file's schema revision and how its tables drifted from it (None if they did
    not), or one line saying why it is not a project qcode can open."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if not path.is_file():
        raise ProjectError(f"{path}: is a folder, not a qcode project")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise ProjectError(f"{path}: is not a qcode project (not a project database)")
    try:
        tables, revision, columns = read_tables(path)
    except Exception as exc:
        cause = getattr(exc, "orig", exc)
        if isinstance(cause, sqlite3.OperationalError) and is_busy(cause):
            raise ProjectBusyError(locked_message(path)) from exc
        raise ProjectError(f"{path}: is not a qcode project (the database is damaged)") from exc
    if revision is None or "project" not in tables:
        raise ProjectError(f"{path}: is not a qcode project (a database of another program)")
    if revision not in migrate.known_revisions():
        raise ProjectError(
            f"{path}: was written by a newer version of qcode (schema {revision}); "
            f"update qcode to open it"
        )
    found = drift.find_drift(columns, revision)
    if found is not None and found.beyond_repair:
        raise ProjectError(found.refusal(str(path)))
    return revision, found


def read_tables(path: Path) -> tuple[set[str], str | None, dict[str, set[str]]]:
    """A file's tables, recorded revision (None if none) and domain tables' columns, read on
    one read-only driver connection (no engine: opening a file stays quick)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=OPEN_WAIT_S)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in rows if not name.startswith("sqlite_")}
        revision = None
        if "alembic_version" in tables:
            with suppress(sqlite3.Error):  # unreadable: as if not versioned
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        return tables, revision, drift.columns_of(conn)
    finally:
        conn.close()


def project_title(session: Session) -> str:
    """The project's title."""
    info = session.scalars(select(ProjectInfo)).first()
    return info.title if info else ""
