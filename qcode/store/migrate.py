"""Schema versions: read a file's revision, refuse newer ones, upgrade older ones safely."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine

from qcode.errors import ProjectError
from qcode.store.revisions import head_revision, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["head_revision", "known_revisions"]  # read from the files: no Alembic to open one

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped with qcode."""
    from alembic.config import Config  # Alembic is loaded only to create or upgrade a file

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migration_engine(path: Path) -> Engine:
    """An engine for schema changes: foreign keys off, real transactional DDL."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def upgrade_to(path: Path, revision: str = "head") -> None:
    """Run the migrations up to ``revision``, each step in its own transaction."""
    from alembic import command

    engine = migration_engine(path)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ProjectError(f"{path.name}: upgrade left broken references ({problems[0]})")
    finally:
        engine.dispose()


def downgrade_to(path: Path, revision: str) -> None:
    """Undo the migrations after ``revision`` (each migration's ``downgrade``)."""
    from alembic import command

    engine = migration_engine(path)
    try:
        with engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in an open project file, or None if it has none."""
    try:
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except Exception:  # noqa: BLE001 - a missing table means "not versioned"
        return None
    return row[0] if row else None


def backup_path_for(path: Path, revision: str, kind: str = "upgrade") -> Path:
    """Where the copy made before upgrading (or repairing) a file of ``revision`` goes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.before-{kind}-{revision}{path.suffix}")
    if candidate.exists():
        candidate = path.with_name(f"{path.stem}.before-{kind}-{revision}-{stamp}{path.suffix}")
    return candidate


def write_backup(path: Path, destination: Path) -> None:
    """Copy a project file consistently (WAL included) using SQLite's backup API."""
    source = sqlite3.connect(path)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def copy_as_it_is(path: Path, destination: Path) -> None:
    """A backup that is the file's own bytes when all of it is in the file (no unfinished
    write-ahead log; a read transaction held meanwhile keeps other writers' changes out of
    the file), else a consistent copy through SQLite's backup API."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        wal = path.with_name(f"{path.name}-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            shutil.copyfile(path, destination)
            return
    finally:
        conn.close()
    write_backup(path, destination)


def upgrade_with_backup(
    path: Path, revision: str, repair: Callable[[Path], None] | None = None
) -> Path:
    """Back the file up beside itself, then (after ``repair``, for a file whose tables drifted
    from its revision) upgrade it to head; returns the backup."""
    upgrading = revision != head_revision()
    backup = backup_path_for(path, revision, "upgrade" if upgrading else "repair")
    copy_as_it_is(path, backup)
    try:
        if repair is not None:
            repair(path)
        upgrade_to(path)
    except Exception as exc:
        write_backup(backup, path)
        raise ProjectError(
            f"{path.name}: could not {'upgrade from' if upgrading else 'repair'} schema "
            f"{revision} ({exc}); "
            f"the file is unchanged and a copy is at {backup.name}"
        ) from exc
    return backup
