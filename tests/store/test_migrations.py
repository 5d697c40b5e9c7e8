"""Schema migrations: upgrade older files with a backup, refuse newer ones, fail safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from qcode.errors import ProjectError
from qcode.store import migrate
from qcode.store.models import Base, Document
from qcode.store.project import Project, open_project

OLDEST = "0001"


def make_old_project(path: Path) -> None:
    """A project file as the first schema wrote it, with one document in it."""
    migrate.upgrade_to(path, OLDEST)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Old study', '', '2025-01-01 00:00:00', '0.0.1')"
    )
    conn.execute(
        "INSERT INTO documents (guid, name, kind, text, sha256, original_filename, format,"
        " imported_at) VALUES ('g1', 'PJ 1', 'interview', 'Hello there', 'abc', 'PJ 1.txt',"
        " 'txt', '2025-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_models_match_the_migrations(project: Project) -> None:
    with project.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_older_file_is_upgraded_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_old_project(path)
    with open_project(path) as project:
        assert project.upgraded_from == OLDEST
        assert project.backup is not None and project.backup.exists()
        with project.session() as session:
            assert session.scalars(select(Document.name)).all() == ["PJ 1"]
        with project.engine.connect() as conn:
            assert "vignettes" in inspect(conn).get_table_names()
    assert revision_of(path) == migrate.head_revision()
    assert revision_of(project.backup) == OLDEST
    assert project.backup.name == f"old.before-upgrade-{OLDEST}.qcode"


def test_newer_file_is_refused_unchanged(project: Project) -> None:
    project.close()
    conn = sqlite3.connect(project.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = project.path.read_bytes()
    with pytest.raises(ProjectError, match="newer version of qcode"):
        open_project(project.path)
    assert project.path.read_bytes() == before


def test_a_failed_step_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_old_project(path)
    conn = sqlite3.connect(path)  # a stray table makes step 0002 fail half-way
    conn.execute("CREATE TABLE vignette_parts (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="could not upgrade") as caught:
        open_project(path)
    assert "\n" not in str(caught.value)
    assert revision_of(path) == OLDEST
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    names = [row[0] for row in conn.execute("SELECT name FROM documents")]
    conn.close()
    assert "vignettes" not in tables
    assert names == ["PJ 1"]
