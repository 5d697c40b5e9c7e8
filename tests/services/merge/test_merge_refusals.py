"""Copies a merge refuses in one line, leaving the team file and the copy as they were."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.services import coding
from qcode.services.documents.outcomes import text_sha256
from qcode.services.merge.run import CopyError, merge_copy
from qcode.store import migrate
from qcode.store.models import Segment
from qcode.store.project import create_project, open_project
from tests.helpers import add_text, audit_count, dump
from tests.services.merge.test_merge_support import (
    TEXT_B,
    coding_of,
    copy_of,
    file_state,
    table_count,
    team_path,
)

pytestmark = pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)

__all__ = ["team_path"]  # the fixture, used by name


def random_bytes(team: Path, path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(4096))


def text_file(team: Path, path: Path) -> None:
    path.write_text("Interviewer: this is a transcript, not a project\n", encoding="utf-8")


def truncated(team: Path, path: Path) -> None:
    with open_project(copy_of(team, "whole")) as whole:  # a copy with enough pages to cut
        for number in range(12):
            add_text(whole, f"Extra {number}", f"Extra interview {number}. " * 400)
    data = path.with_name("whole.qcode").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def other_database(team: Path, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


def newer_schema(team: Path, path: Path) -> None:
    copy_of(team, path.stem)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()


def unrelated_project(team: Path, path: Path) -> None:
    with create_project(path) as other:
        add_text(other, "X 1", "Someone else's study altogether.")


def folder(team: Path, path: Path) -> None:
    path.mkdir()


BROKEN: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "random bytes": (random_bytes, "is not a qcode project"),
    "a text file": (text_file, "is not a qcode project"),
    "a truncated copy": (truncated, "the database is damaged"),
    "another program's database": (other_database, "a database of another program"),
    "a newer qcode's file": (newer_schema, "newer version of qcode"),
    "an unrelated project": (unrelated_project, "is not a copy of team.qcode"),
    "a folder": (folder, "is a folder"),
    "a missing file": (lambda team, path: None, "no such project file"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_copy_is_refused_in_one_line_and_changes_nothing(
    team_path: Path, kind: str
) -> None:
    make, message = BROKEN[kind]
    path = team_path.with_name("broken.qcode")
    make(team_path, path)
    broken_before = file_state(path)
    with open_project(team_path) as team:
        before, events = dump(team), audit_count(team)
        with pytest.raises(CopyError) as refused:
            merge_copy(team, path)
        assert dump(team) == before and audit_count(team) == events
    text = str(refused.value)
    assert message in text and "\n" not in text and str(path) in text
    assert "qcode-merge-" not in text  # the private snapshot's name never shows
    assert file_state(path) == broken_before


def test_the_team_file_itself_is_refused(team_path: Path) -> None:
    with open_project(team_path) as team:
        before = dump(team)
        with pytest.raises(CopyError, match="is the team project itself"):
            merge_copy(team, team_path)
        assert dump(team) == before


def test_an_unrelated_project_comes_in_only_when_allowed(team_path: Path) -> None:
    other = team_path.with_name("other.qcode")
    unrelated_project(team_path, other)
    with open_project(team_path) as team:
        report = merge_copy(team, other, allow_unrelated=True)
    assert report.new_documents == ["X 1"]


def make_old_copy(path: Path, text: str, quote: str) -> None:
    """A copy in the first schema, holding one of the team's texts coded by Ann."""
    migrate.upgrade_to(path, "0001")
    start = text.index(quote)
    conn = sqlite3.connect(path)
    statements = [
        (
            "INSERT INTO project (title, description, created_at, created_by_version)"
            " VALUES ('Old copy', '', '2025-01-01 00:00:00', '0.0.1')",
            (),
        ),
        (
            "INSERT INTO documents (id, guid, name, kind, text, sha256, original_filename, format,"
            " imported_at) VALUES (1, 'doc-1', 'PB 1', 'interview', ?, ?, 'PB 1.txt', 'txt',"
            " '2025-01-01 00:00:00')",
            (text, text_sha256(text)),
        ),
        (
            "INSERT INTO coders (id, guid, name, initials, color)"
            " VALUES (1, 'coder-1', 'Ann', 'AN', '#123456')",
            (),
        ),
        (
            "INSERT INTO codes (id, guid, name, color, description, when_to_use, when_not_to_use,"
            " example, is_context, is_mechanism, position, created_at) VALUES (1, 'code-1',"
            " 'Old theme', '#654321', '', '', '', '', 0, 0, 1, '2025-01-01 00:00:00')",
            (),
        ),
        (
            'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
            " VALUES ('seg-1', 1, 1, 1, ?, ?, '2025-01-01 00:00:00')",
            (start, start + len(quote)),
        ),
    ]
    for sql, values in statements:
        conn.execute(sql, values)
    conn.commit()
    conn.close()


def test_an_older_copy_is_read_through_an_upgraded_snapshot(team_path: Path) -> None:
    old = team_path.with_name("old.qcode")
    make_old_copy(old, TEXT_B, "protected time")
    before = file_state(old)
    with open_project(team_path) as team:
        report = merge_copy(team, old)
        assert ("PB 1", "Old theme", "Ann", "protected time") in coding_of(team)
    assert report.upgraded_from == "0001"
    assert "older file format (schema 0001)" in "\n".join(report.lines())
    assert file_state(old) == before  # no upgrade, no backup beside it
    assert table_count(team_path, "documents") == 2  # its transcript matched by text


def test_a_copy_still_open_elsewhere_is_read_with_its_log(team_path: Path) -> None:
    ann_path = copy_of(team_path, "ann")
    ann = open_project(ann_path)
    try:
        coding.code_span(ann, "PB 1", "Better health", "Ann", 0, 15)
        with ann.session() as session:
            assert session.scalars(select(Segment)).all()
        assert ann_path.with_name("ann.qcode-wal").stat().st_size > 0  # not yet in the file
        with open_project(team_path) as team:
            report = merge_copy(team, ann_path)
    finally:
        ann.close()
    assert report.came_in["segment"] == 1
