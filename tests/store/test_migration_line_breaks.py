"""Schema 0006: a 0005 file's documents get ``line_breaks`` "lf", texts and keys kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.store import migrate
from qcode.store.models import Document
from qcode.store.project import open_project

TEXTS = {"PA 1": "Interviewer: hello?\nPA: 😀 fine.\n", "PB 1": "", "PC 1": "one\ttab"}


def make_0005_project(path: Path) -> None:
    """A project as schema 0005 wrote it: documents (one deleted, so keys have a gap)."""
    migrate.upgrade_to(path, "0005")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-12-01 00:00:00', '0.2.0')"
    )
    for name, text in {"gone": "deleted", **TEXTS}.items():
        conn.execute(
            "INSERT INTO documents (guid, name, kind, text, chars, lines, sha256,"
            " original_filename, format, imported_at) VALUES (?, ?, 'interview', ?, ?, ?,"
            " 'abc', 'f.txt', 'txt', '2026-12-01 00:00:00')",
            (f"g-{name}", name, text, len(text), text.count("\n") + 1),
        )
    conn.execute("DELETE FROM documents WHERE name = 'gone'")
    conn.commit()
    conn.close()


def test_schema_0005_upgrades_with_documents_broken_by_newlines(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_0005_project(path)
    with open_project(path) as project, project.session() as session:
        assert project.upgraded_from == "0005"
        rows = {d.name: (d.id, d.guid, d.text, d.line_breaks) for d in session.query(Document)}
    assert rows == {
        name: (number, f"g-{name}", text, "lf")
        for number, (name, text) in enumerate(TEXTS.items(), start=2)
    }
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_schema_0006_downgrades_to_0005(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    make_0005_project(path)
    migrate.upgrade_to(path)
    migrate.downgrade_to(path, "0005")
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        texts = dict(conn.execute("SELECT name, text FROM documents").fetchall())
    assert "line_breaks" not in columns and texts == TEXTS
