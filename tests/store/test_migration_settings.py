"""Schemas 0010 and 0011: a 0009 file gains settings, pseudonyms and passages, rows kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.store import migrate
from qcode.store.models import Document, Passage, ProjectSetting, Pseudonym
from qcode.store.project import open_project


def make_0009_project(path: Path) -> None:
    """A project as schema 0009 wrote it: one document, one coder."""
    migrate.upgrade_to(path, "0009")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-12-01 00:00:00', '0.2.0')"
    )
    conn.execute(
        "INSERT INTO documents (guid, name, kind, text, chars, lines, line_breaks, sha256,"
        " original_filename, format, imported_at) VALUES ('g-1', 'PA 1', 'interview',"
        " 'Dr Rees said so.', 16, 1, 'lf', 'abc', 'f.txt', 'txt', '2026-12-01 00:00:00')"
    )
    conn.execute(
        "INSERT INTO coders (guid, name, initials, color) VALUES ('c', 'Ann', 'A', '#000000')"
    )
    conn.commit()
    conn.close()


def test_schema_0009_upgrades_with_empty_settings_and_pseudonyms(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_0009_project(path)
    with open_project(path) as project, project.session() as session:
        assert project.upgraded_from == "0009"
        assert [d.text for d in session.query(Document)] == ["Dr Rees said so."]
        assert session.query(ProjectSetting).count() == 0
        assert session.query(Pseudonym).count() == 0
        session.add(ProjectSetting(key="quotes.style", value='{"citation": "short"}'))
        session.add(Pseudonym(original="Dr Rees", pseudonym="Dr A", kind="person"))
        session.commit()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT original, pseudonym, kind, note FROM pseudonyms").fetchall()
    assert rows == [("Dr Rees", "Dr A", "person", "")]


def test_schema_0010_downgrades_to_0009(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_0009_project(path)
    migrate.upgrade_to(path)
    migrate.downgrade_to(path, "0009")
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        texts = [row[0] for row in conn.execute("SELECT text FROM documents")]
    assert not {"project_settings", "pseudonyms"} & tables
    assert texts == ["Dr Rees said so."]


def test_schema_0010_upgrades_to_0011_with_an_empty_passage_index(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_0009_project(path)
    migrate.upgrade_to(path, "0010")
    with open_project(path) as project, project.session() as session:
        assert project.upgraded_from == "0010"
        assert session.query(Passage).count() == 0
        document = session.query(Document).one()
        session.add(
            Passage(
                document_id=document.id,
                start=0,
                end=16,
                document_sha="abc",
                model="m",
                vector=b"\0" * 8,
            )
        )
        session.commit()
    migrate.downgrade_to(path, "0010")
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "passages" not in tables and "pseudonyms" in tables
