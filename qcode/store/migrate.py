"""Schema versions: read a file's revision, refuse newer ones, upgrade older ones safely."""

from __future__ import annotations

import sqlite3
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


def backup_path_for(path: Path, revision: str) -> Path:
    """Where the copy made before upgrading a file from ``revision`` goes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.before-upgrade-{revision}{path.suffix}")
    if candidate.exists():
        candidate = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
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


def upgrade_with_backup(path: Path, revision: str) -> Path:
    """Back the file up beside itself, then upgrade it to head; returns the backup."""
    backup = backup_path_for(path, revision)
    write_backup(path, backup)
    try:
        upgrade_to(path)
    except Exception as exc:
        write_backup(backup, path)
        raise ProjectError(
            f"{path.name}: could not upgrade from schema {revision} ({exc}); "
            f"the file is unchanged and a copy is at {backup.name}"
        ) from exc
    return backup
