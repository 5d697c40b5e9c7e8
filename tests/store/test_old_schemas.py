"""A project of every released schema (0001…0006) opens upgraded to head, its rows kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.store import migrate
from qcode.store.models import Code, Document, Segment
from qcode.store.project import open_project

RELEASED = ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]
TEXT = "Interviewer: how was it?\nPA: my mentor listened.\n"
KEPT = [
    "coders",
    "participants",
    "documents",
    "codes",
    "segments",
    "memos",
    "cases",
    "case_segments",
    "cmo_statements",
    "cmo_categories",
    "cmo_evidence",
    "audit_events",
]


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    """Insert ``row``, adding the columns this schema requires that older ones lacked."""
    columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    if table == "documents" and "chars" in columns:
        row = {**row, "chars": len(str(row["text"])), "lines": 3}
    names = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))


def make_project_at(path: Path, revision: str) -> None:
    """A small study as schema ``revision`` wrote it: written by SQL, no ORM of today."""
    migrate.upgrade_to(path, revision)
    conn = sqlite3.connect(path)
    at = "2026-11-01 09:00:00"
    _insert(
        conn,
        "project",
        {"title": "Study", "description": "", "created_at": at, "created_by_version": "0.1.0"},
    )
    _insert(conn, "coders", {"guid": "k1", "name": "Ana", "initials": "A", "color": "#0072b2"})
    _insert(conn, "participants", {"guid": "p1", "label": "PA"})
    for number in (1, 2):
        _insert(
            conn,
            "documents",
            {
                "guid": f"d{number}",
                "name": f"PA {number}",
                "kind": "interview",
                "participant_id": 1,
                "wave": number,
                "text": TEXT,
                "sha256": f"h{number}",
                "original_filename": f"pa{number}.txt",
                "format": "txt",
                "imported_at": at,
            },
        )
    for guid, name, parent in (("c1", "Support", None), ("c2", "Listening", 1)):
        _insert(
            conn,
            "codes",
            {
                "guid": guid,
                "parent_id": parent,
                "name": name,
                "color": "#2ca02c",
                "description": "",
                "when_to_use": "",
                "when_not_to_use": "",
                "example": "",
                "is_context": 0,
                "is_mechanism": 1,
                "position": 0,
                "created_at": at,
            },
        )
    _insert(
        conn,
        "segments",
        {
            "guid": "s1",
            "document_id": 2,
            "code_id": 2,
            "coder_id": 1,
            "start": 29,
            "end": 47,
            "created_at": at,
        },
    )
    _insert(
        conn,
        "memos",
        {
            "guid": "m1",
            "title": "Note",
            "text": "kind",
            "coder_id": 1,
            "segment_id": 1,
            "created_at": at,
            "updated_at": at,
        },
    )
    _insert(
        conn,
        "cases",
        {
            "guid": "a1",
            "name": "Mentoring",
            "description": "",
            "participant_id": 1,
            "created_at": at,
        },
    )
    _insert(conn, "case_segments", {"case_id": 1, "segment_id": 1, "position": 0})
    _insert(
        conn,
        "cmo_statements",
        {"guid": "t1", "theme_id": 1, "text": "C+M→O", "position": 0, "created_at": at},
    )
    _insert(conn, "cmo_categories", {"statement_id": 1, "code_id": 2, "position": 0})
    _insert(conn, "cmo_evidence", {"statement_id": 1, "segment_id": 1, "position": 0})
    _insert(
        conn,
        "audit_events",
        {
            "at": at,
            "coder_id": 1,
            "actor": "Ana",
            "action": "code.create",
            "target_type": "code",
            "target_id": 2,
            "before": "{}",
            "after": "{}",
            "reason": "",
        },
    )
    conn.commit()
    conn.close()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KEPT}
    finally:
        conn.close()


@pytest.mark.parametrize("revision", RELEASED)
def test_a_file_of_each_released_schema_opens_upgraded(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "study.qcode"
    make_project_at(path, revision)
    before = _counts(path)
    with open_project(path) as project:
        assert project.upgraded_from == revision
        assert project.backup is not None and project.backup.is_file()
        with project.session() as session:
            segment = session.scalars(select(Segment)).one()
            document = session.get(Document, segment.document_id)
            code = session.get(Code, segment.code_id)
            assert document is not None and code is not None
            assert document.text[segment.start : segment.end] == "my mentor listened"
            assert (code.name, code.parent_id) == ("Listening", 1)
        with project.transaction() as session:  # the upgraded file takes writes
            session.add(Code(guid="c3", name="New", color="#000000", position=1))
    assert _counts(path) == {**before, "codes": before["codes"] + 1}
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version == migrate.head_revision()
    finally:
        conn.close()
    assert _counts(project.backup) == before  # the backup is the file as it was


def test_a_0006_file_with_decisions_upgrades_to_0007_keeping_them(tmp_path: Path) -> None:
    from qcode.services.workshop.log import decision_log

    path = tmp_path / "study.qcode"
    make_project_at(path, "0006")
    conn = sqlite3.connect(path)
    _insert(conn, "coders", {"guid": "k2", "name": "Ben", "initials": "B", "color": "#d55e00"})
    for number, (by, choice) in enumerate(((1, "keep_a"), (None, "none")), 1):
        _insert(
            conn,
            "workshop_decisions",
            {
                "guid": f"w{number}",
                "document_id": 2,
                "code_id": 2,
                "coder_a_id": 1,
                "coder_b_id": 2,
                "span_start": 10 * number,
                "span_end": 10 * number + 5,
                "choice": choice,
                "rationale": f"why {number}",
                "attendees": "Ana, Ben",
                "decided_by_id": by,
                "decided_at": "2026-11-02 10:00:00",
            },
        )
    _insert(
        conn,
        "audit_events",
        {
            "at": "2026-11-02 10:00:00",
            "actor": "Dr Who",
            "action": "decide",
            "target_type": "workshop decision",
            "target_id": "w2",
            "before": "{}",
            "after": "{}",
            "reason": "why 2",
        },
    )
    conn.commit()
    conn.close()
    with open_project(path) as project:
        assert project.upgraded_from == "0006"
        with project.session() as session:
            rows = decision_log(session)
    assert [(r.choice, r.rationale, r.in_force, r.decided_by) for r in rows] == [
        ("keep_a", "why 1", True, "Ana"),
        ("none", "why 2", True, "Dr Who"),
    ]
    conn = sqlite3.connect(path)
    try:
        recorded = conn.execute("SELECT recorded_by FROM workshop_decisions ORDER BY id").fetchall()
        assert recorded == [("Ana",), ("Dr Who",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_a_0007_files_memos_keep_their_one_target_rule_in_0008(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    make_project_at(path, "0007")
    conn = sqlite3.connect(path)
    _insert(
        conn,
        "memos",
        {
            "guid": "m-0008",
            "title": "",
            "text": "on the code",
            "code_id": 1,
            "created_at": "2026-11-01 09:00:00",
            "updated_at": "2026-11-01 09:00:00",
        },
    )
    conn.commit()
    conn.close()
    with open_project(path) as project:
        assert project.upgraded_from == "0007"
    conn = sqlite3.connect(path)
    try:
        kept = conn.execute("SELECT text, code_id FROM memos WHERE guid = 'm-0008'").fetchall()
        assert kept == [("on the code", 1)]
        with pytest.raises(sqlite3.IntegrityError, match="one_target"):
            conn.execute("UPDATE memos SET document_id = 1 WHERE guid = 'm-0008'")
        rule = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'memos'").fetchone()[0]
        assert "CASE WHEN document_id IS NULL THEN 0 ELSE 1 END" in rule
    finally:
        conn.close()
    migrate.downgrade_to(path, "0007")
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="one_target"):
            conn.execute("UPDATE memos SET document_id = 1 WHERE guid = 'm-0008'")
        assert conn.execute("SELECT count(*) FROM memos WHERE guid = 'm-0008'").fetchone()[0] == 1
    finally:
        conn.close()
