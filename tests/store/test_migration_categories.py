"""Schema 0005: codes or categories, colours only where given, documents with attributes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from qcode.store import migrate
from qcode.store.models import Code, Document, DocumentAttribute
from qcode.store.project import open_project

CODES = [("c1", "Trust", "#2ca02c", None), ("c2", "Doubt", "#808080", 1)]


def make_0004_project(path: Path) -> None:
    """A project as schema 0004 wrote it: two documents, two codes (one a child), a segment."""
    migrate.upgrade_to(path, "0004")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-12-10 00:00:00', '0.3.0')"
    )
    for guid, name in (("d1", "PA 1"), ("d2", "PB 1")):
        conn.execute(
            "INSERT INTO documents (guid, name, kind, text, chars, lines, sha256,"
            " original_filename, format, imported_at) VALUES (?, ?, 'interview',"
            " 'Hello there', 11, 1, 'abc', 'f.txt', 'txt', '2026-12-10 00:00:00')",
            (guid, name),
        )
    conn.execute(
        "INSERT INTO coders (guid, name, initials, color) VALUES ('k1', 'Ana', 'A', '#0072b2')"
    )
    for guid, name, color, parent in CODES:
        conn.execute(
            "INSERT INTO codes (guid, parent_id, name, color, description, when_to_use,"
            " when_not_to_use, example, is_context, is_mechanism, position, created_at)"
            " VALUES (?, ?, ?, ?, '', '', '', '', 0, 0, 1, '2026-12-10 00:00:00')",
            (guid, parent, name, color),
        )
    conn.execute(
        'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
        " VALUES ('s1', 1, 2, 1, 0, 5, '2026-12-10')"
    )
    conn.commit()
    conn.close()


def test_schema_0004_upgrades_with_codable_codes_that_keep_their_colours(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0004_project(path)
    with open_project(path) as project:
        assert project.upgraded_from == "0004"
        with project.session() as session:
            codes = session.scalars(select(Code).order_by(Code.id)).all()
            rows = [(c.id, c.guid, c.name, c.color, c.codable, c.parent_id) for c in codes]
        with project.transaction() as session:
            session.add(Code(name="Uncoloured", color=None, codable=False))
    assert rows == [
        (1, "c1", "Trust", "#2ca02c", True, None),
        (2, "c2", "Doubt", "#808080", True, 1),
    ]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name='codes'").fetchone()[0]
        columns = {r[1]: r[3] for r in conn.execute("PRAGMA table_info(codes)")}
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(codes)")}
        segment = conn.execute('SELECT guid, code_id, start, "end" FROM segments').fetchall()
        added = conn.execute("SELECT id, color, codable FROM codes WHERE name='Uncoloured'")
        added_row = added.fetchone()
        conn.execute(  # another tool's insert that names no codable: an ordinary code
            "INSERT INTO codes (guid, name, description, when_to_use, when_not_to_use, example,"
            " is_context, is_mechanism, position, created_at) VALUES ('c9', 'Raw', '', '', '',"
            " '', 0, 0, 1, '2026-12-11')"
        )
        raw = conn.execute("SELECT color, codable FROM codes WHERE guid='c9'").fetchone()
    finally:
        conn.close()
    assert "AUTOINCREMENT" in schema
    assert columns["color"] == 0 and columns["codable"] == 1  # color nullable, codable NOT NULL
    assert "ix_codes_parent_position" in indexes
    assert "UNIQUE (guid)" in schema
    assert segment == [("s1", 2, 0, 5)]
    assert added_row == (3, None, 0)
    assert raw == (None, 1)


def test_documents_hold_typed_attributes_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0004_project(path)
    with open_project(path) as project:
        with project.transaction() as session:
            doc = session.scalars(select(Document).where(Document.name == "PA 1")).one()
            doc.attributes.append(DocumentAttribute(name="Site", value="North"))
            doc.attributes.append(
                DocumentAttribute(name="Interviewed", value_type="date", value="2026-03-04")
            )
        with project.session() as session:
            doc = session.scalars(select(Document).where(Document.name == "PA 1")).one()
            values = {a.name: a.typed_value for a in doc.attributes}
            assert (doc.id, doc.guid) == (1, "d1")
        assert values == {"Interviewed": date(2026, 3, 4), "Site": "North"}
        with pytest.raises(IntegrityError), project.transaction() as session:
            session.add(DocumentAttribute(document_id=1, name="Site", value="South"))
        with pytest.raises(IntegrityError), project.transaction() as session:
            session.add(DocumentAttribute(document_id=2, name="Age", value_type="number"))
        with project.transaction() as session:
            doc = session.get(Document, 1)
            assert doc is not None
            session.delete(doc)
        with project.session() as session:
            assert session.scalars(select(DocumentAttribute)).all() == []


def test_schema_0005_downgrades_to_0004_with_colours_back(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0004_project(path)
    migrate.upgrade_to(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE codes SET color = NULL, codable = 0 WHERE guid = 'c1'")
    conn.commit()
    conn.close()
    migrate.downgrade_to(path, "0004")
    conn = sqlite3.connect(path)
    try:
        columns = {r[1]: r[3] for r in conn.execute("PRAGMA table_info(codes)")}
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        colours = conn.execute("SELECT guid, color FROM codes ORDER BY id").fetchall()
    finally:
        conn.close()
    assert "codable" not in columns and columns["color"] == 1
    assert "document_attributes" not in tables
    assert colours == [("c1", "#808080"), ("c2", "#808080")]
