"""The audit trail's word index: filled by 0009, kept up as events are added, caught up after
another program's writes, rebuilt in a snapshot; what it finds is what reading finds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qcode.services import auditlog
from qcode.services.audit import record
from qcode.services.auditlog import AuditListing, audit_window, count_events
from qcode.store import audit_words, migrate
from qcode.store.project import Project, create_project, open_project
from qcode.store.transfer import publish, snapshot

EVENTS = [  # who, action, target type, target, after, reason
    ("Ana", "code", "segment", "7", {"text": "trusted the mentor", "code": ["Trust"]}, ""),
    ("Ben", "add memo", "memo", "m-1", {"text": "no trust\nat first"}, "distrust noted"),
    ("Cai", "edit code", "code", "0f3c2a9e-1111-4222-8333-944455556666", {"name": "Time"}, ""),
    ("Ana", "undo", "operation", "Code 3 hits", None, "Too soon"),
    ("Zoë", "code", "segment", "9", {"text": "café au lait", "done": True, "n": None}, ""),
]
FILTERS = ["trust", "TRUST", "dist", "rust", "time", "0f3c", "4222", "café", "true", "null",
           "too soon", "first", "ana", "m", "mentor trusted", "nothing"]  # fmt: skip


def add(project: Project, events: list[tuple]) -> None:
    with project.transaction() as session:
        for who, action, kind, target, after, reason in events:
            record(session, action, kind, target, after=after, actor=who, reason=reason)


def raw_add(path: Path, events: list[tuple]) -> None:
    """Events as another program writes them: rows only, no word index."""
    conn = sqlite3.connect(path)
    with conn:
        for who, action, kind, target, after, reason in events:
            conn.execute(
                "INSERT INTO audit_events (at, actor, action, target_type, target_id, before,"
                " after, reason) VALUES ('2025-06-01 10:00:00', ?, ?, ?, ?, '', ?, ?)",
                (who, action, kind, target, json.dumps(after) if after else "", reason),
            )
    conn.close()


def read_words(project: Project, words: str) -> list[int]:
    """The events a reader finds: each word typed starts a word of the event's text."""
    tokens = audit_words.words_of(words)
    conn = sqlite3.connect(project.path)
    try:
        rows = conn.execute(f"SELECT {audit_words.EVENT_COLUMNS} FROM audit_events").fetchall()
    finally:
        conn.close()
    found = []
    for event_id, *columns in rows:
        text_words = audit_words.words_of(audit_words.event_body(*columns))
        if all(any(word.startswith(token) for word in text_words) for token in tokens):
            found.append(event_id)
    return sorted(found, reverse=True)


def listed(project: Project, words: str) -> list[int]:
    with project.session() as session:
        window = audit_window(session, AuditListing(words=words), size=1000)
        assert count_events(session, words) == len(window.ids), words
        return window.ids


def mark(project: Project) -> tuple[int, int]:
    with project.engine.connect() as conn:
        last = conn.exec_driver_sql("SELECT max(id) FROM audit_events").scalar() or 0
        return audit_words.indexed_to(conn), int(last)


@pytest.fixture
def trail(tmp_path: Path) -> Project:
    project = create_project(tmp_path / "study.qcode")
    add(project, EVENTS)
    return project


@pytest.mark.parametrize("walk", [0, auditlog.WALK])
def test_the_index_finds_what_reading_finds(trail: Project, walk: int, monkeypatch) -> None:
    monkeypatch.setattr(auditlog, "WALK", walk)
    indexed, last = mark(trail)
    assert indexed == last == 5
    for words in FILTERS:
        assert listed(trail, words) == read_words(trail, words), words
    assert listed(trail, "trust") == [2, 1]  # "no trust", "trusted": not "distrust" alone
    assert listed(trail, "rust") == []


@pytest.mark.parametrize("walk", [0, auditlog.WALK])
def test_events_another_program_wrote_are_found_then_caught_up(
    trail: Project, walk: int, monkeypatch
) -> None:
    monkeypatch.setattr(auditlog, "WALK", walk)
    raw_add(trail.path, [("Dee", "code", "segment", "11", {"text": "trust again"}, "")] * 3)
    assert mark(trail) == (5, 8)
    assert listed(trail, "trust") == read_words(trail, "trust") == [8, 7, 6, 2, 1]
    add(trail, [("Ana", "code", "segment", "12", {"text": "protected time"}, "")])
    assert mark(trail) == (9, 9)  # the next event qcode adds catches the index up
    assert listed(trail, "trust") == [8, 7, 6, 2, 1]
    assert listed(trail, "protected") == [9]


def test_a_long_gap_is_read_event_by_event_not_caught_up_in_a_coding(
    trail: Project, monkeypatch
) -> None:
    monkeypatch.setattr(audit_words, "CATCH_UP_AT_ONCE", 2)
    raw_add(trail.path, [("Dee", "code", "segment", "11", {"text": "trust again"}, "")] * 3)
    add(trail, [("Ana", "code", "segment", "12", {"text": "trust kept"}, "")])
    assert mark(trail) == (5, 9)  # left for readers (and a catch-up when asked)
    for walk in (0, auditlog.WALK):
        monkeypatch.setattr(auditlog, "WALK", walk)
        assert listed(trail, "trust") == read_words(trail, "trust") == [9, 8, 7, 6, 2, 1]
    with trail.transaction() as session:
        assert audit_words.catch_up(session.connection()) == 4
    assert mark(trail) == (9, 9)


def test_a_rolled_back_event_leaves_no_words(trail: Project) -> None:
    with pytest.raises(RuntimeError), trail.transaction() as session:
        record(session, "code", "segment", "99", after={"text": "zanzibar"}, actor="Ana")
        session.flush()
        raise RuntimeError("the change failed")
    assert listed(trail, "zanzibar") == [] and mark(trail) == (5, 5)


def test_schema_0008_upgrades_with_every_event_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.qcode"
    migrate.upgrade_to(path, "0008")
    raw_add(path, EVENTS)
    with open_project(path) as project:
        assert project.upgraded_from == "0008"
        assert mark(project) == (5, 5)
        for words in FILTERS:
            assert listed(project, words) == read_words(project, words), words
    conn = sqlite3.connect(path)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert {"audit_words", "audit_words_mark", "ix_audit_events_after"} <= names
    with open_project(path) as again:  # the index tables are not taken for schema drift
        assert again.repaired is None and again.upgraded_from is None


def test_a_snapshot_of_a_server_project_gets_its_words(
    trail: Project, tmp_path: Path, postgres_url: str
) -> None:
    trail.close()
    publish(trail.path, postgres_url)
    snapshot(postgres_url, tmp_path / "back.qcode")
    with open_project(tmp_path / "back.qcode") as back:
        assert mark(back) == (5, 5)
        assert listed(back, "trust") == [2, 1]
