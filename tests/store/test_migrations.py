"""Schema migrations: upgrade older files with a backup, refuse newer ones, fail safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from qcode.errors import ProjectError
from qcode.store import audit_words, migrate
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


@pytest.mark.file_only(
    reason="the migrations build a file's schema; a server's is made from the models"
    " (its keys deferrable on purpose: tests/store/test_postgres_schema.py)"
)
def test_models_match_the_migrations(project: Project) -> None:
    def in_models(name: str | None, *_: object) -> bool:  # the audit log's aids apart
        return name is None or not audit_words.is_reading_aid(name)

    with project.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": in_models})
        diff = compare_metadata(context, Base.metadata)
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


@pytest.mark.file_only(reason="a newer file's revision is written with sqlite3, its bytes compared")
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


def make_0002_project(path: Path) -> None:
    """A project as schema 0002 wrote it: a document, a code and three segments."""
    migrate.upgrade_to(path, "0002")
    conn = sqlite3.connect(path)
    conn.executescript(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-11-01 00:00:00', '0.1.0');"
        "INSERT INTO documents (guid, name, kind, text, sha256, original_filename, format,"
        " imported_at) VALUES ('d1', 'PJ 1', 'interview', 'Hello there, mentor', 'abc',"
        " 'PJ 1.txt', 'txt', '2026-11-01 00:00:00');"
        "INSERT INTO coders (guid, name, initials, color) VALUES ('k1', 'Ana', 'A', '#0072b2');"
        "INSERT INTO codes (guid, name, color, description, when_to_use, when_not_to_use,"
        " example, is_context, is_mechanism, position, created_at) VALUES ('c1', 'Trust',"
        " '#808080', '', '', '', '', 1, 0, 0, '2026-11-01 00:00:00');"
        'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
        " VALUES ('s1', 1, 1, 1, 0, 5, '2026-11-01'), ('s2', 1, 1, 1, 6, 11, '2026-11-01'),"
        " ('s3', 1, 1, 1, 13, 19, '2026-11-01');"
    )
    conn.commit()
    conn.close()


def test_schema_0002_upgrades_to_keys_that_are_never_reused(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0002_project(path)
    with open_project(path) as project:
        assert project.upgraded_from == "0002"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute('SELECT id, guid, start, "end" FROM segments ORDER BY id').fetchall()
        assert rows == [(1, "s1", 0, 5), (2, "s2", 6, 11), (3, "s3", 13, 19)]
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name='segments'").fetchone()[0]
        assert "AUTOINCREMENT" in schema
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(segments)")}
        assert {"ix_segments_code", "ix_segments_coder", "ix_segments_document_start"} <= indexes
        conn.execute("DELETE FROM segments WHERE id = 3")
        conn.execute(
            'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end",'
            " created_at) VALUES ('s4', 1, 1, 1, 13, 19, '2026-12-01')"
        )
        new_id = conn.execute("SELECT id FROM segments WHERE guid='s4'").fetchone()[0]
    finally:
        conn.close()
    assert new_id == 4, "the freed id 3 must never be handed out again"
