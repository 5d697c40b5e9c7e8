"""Schema 0004: a 0003 file's documents get their counts, exact for any text, keys kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qcode.analysis.lines import LineIndex
from qcode.store import migrate
from qcode.store.project import open_project

TEXTS = {
    "PA 1": "PA: 👩\u200d👩\u200d👧 and cafe\u0301, 🇬🇧.\n\nInterviewer: page\fbreak?\n",
    "PB 1": "",
    "PC 1": "\n",
    "PD 1": "no newline at all",
    "PE 1": "before\x00after\nNUL, as a REFI-QDA source or an undo may store it",
}


def make_0003_project(path: Path) -> None:
    """A project as schema 0003 wrote it: documents of awkward texts, a deleted one, a segment."""
    migrate.upgrade_to(path, "0003")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-12-01 00:00:00', '0.2.0')"
    )
    for name, text in {"gone": "deleted", **TEXTS}.items():
        conn.execute(
            "INSERT INTO documents (guid, name, kind, text, sha256, original_filename, format,"
            " imported_at) VALUES (?, ?, 'interview', ?, 'abc', 'f.txt', 'txt',"
            " '2026-12-01 00:00:00')",
            (f"g-{name}", name, text),
        )
    conn.execute("DELETE FROM documents WHERE name = 'gone'")
    conn.executescript(
        "INSERT INTO coders (guid, name, initials, color) VALUES ('k1', 'Ana', 'A', '#0072b2');"
        "INSERT INTO codes (guid, name, color, description, when_to_use, when_not_to_use,"
        " example, is_context, is_mechanism, position, created_at) VALUES ('c1', 'Trust',"
        " '#808080', '', '', '', '', 1, 0, 0, '2026-12-01 00:00:00');"
        'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
        " VALUES ('s1', 2, 1, 1, 0, 3, '2026-12-01');"
    )
    conn.commit()
    conn.close()


def test_schema_0003_upgrades_to_stored_counts(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0003_project(path)
    with open_project(path) as project:
        assert project.upgraded_from == "0003"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT id, name, text, chars, lines FROM documents ORDER BY id")
        counted = {name: (doc_id, chars, lines, text) for doc_id, name, text, chars, lines in rows}
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name='documents'").fetchone()[0]
        columns = {r[1]: r[3] for r in conn.execute("PRAGMA table_info(documents)")}
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(documents)")}
        conn.execute(
            "INSERT INTO documents (guid, name, kind, text, chars, lines, sha256,"
            " original_filename, format, imported_at) VALUES ('g-new', 'new', 'interview', '',"
            " 0, 1, 'abc', '', 'txt', '2026-12-02')"
        )
        new_id = conn.execute("SELECT id FROM documents WHERE name = 'new'").fetchone()[0]
    finally:
        conn.close()
    for name, text in TEXTS.items():
        _id, chars, lines, stored = counted[name]
        assert stored == text
        assert (chars, lines) == (len(text), LineIndex(text).line_count), name
    assert [counted[name][0] for name in TEXTS] == [2, 3, 4, 5, 6]
    assert columns["chars"] == 1 and columns["lines"] == 1  # NOT NULL
    assert "AUTOINCREMENT" in schema
    assert {"ix_documents_participant_wave", "ix_documents_sha256"} <= indexes
    assert new_id == 7, "the freed id 1 is never handed out again"


def test_schema_0004_downgrades_to_0003(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_0003_project(path)
    migrate.upgrade_to(path)
    migrate.downgrade_to(path, "0003")
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name='documents'").fetchone()[0]
        texts = dict(conn.execute("SELECT name, text FROM documents").fetchall())
    finally:
        conn.close()
    assert "chars" not in columns and "lines" not in columns
    assert "AUTOINCREMENT" in schema
    assert texts == TEXTS
