"""A coder's copy another program holds locked is busy, not damaged; a read-only copy, and one
a writer stopped halfway through, are read as they were last committed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.services import coding
from qcode.services.merge.run import CopyError, merge_copy
from qcode.store.project import open_project
from tests.helpers import audit_count, dump
from tests.services.merge.test_merge_support import coding_of, copy_of, file_state, team_path

pytestmark = pytest.mark.file_only(
    reason="a .qcode copy merged into a team file (qcode merge refuses a server)"
)

__all__ = ["team_path"]  # the fixture, used by name

BUSY = "ann.qcode is being written by another program; try again in a moment"
ANNS = ("PB 1", "Better health", "Ann", "PB: Time was short")


@pytest.fixture
def ann(team_path: Path) -> Iterator[Path]:
    """Ann's closed copy of the team file, with one segment the team lacks."""
    path = copy_of(team_path, "ann")
    with open_project(path) as copy:
        coding.code_span(copy, "PB 1", "Better health", "Ann", 0, 18)
    yield path
    path.parent.chmod(0o755)
    path.chmod(0o644)


def locked_by_another_program(path: Path, journal_mode: str) -> sqlite3.Connection:
    """A connection holding the copy's write lock mid-change, its pages spilled to disk."""
    if journal_mode != "WAL":
        setup = sqlite3.connect(path)
        setup.execute(f"PRAGMA journal_mode={journal_mode}")
        setup.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA cache_size=2")  # a write this big spills to the file or its log
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE documents SET text = text || text")
    return other


@pytest.mark.parametrize("journal_mode", ["WAL", "DELETE"])
def test_a_copy_another_program_holds_locked_is_busy_and_changes_nothing(
    team_path: Path, ann: Path, journal_mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    other = locked_by_another_program(ann, journal_mode)
    try:
        held = file_state(ann)
        with open_project(team_path) as team:
            before, events = dump(team), audit_count(team)
            with pytest.raises(CopyError) as refused:
                merge_copy(team, ann)
            assert str(refused.value) == BUSY
            assert dump(team) == before and audit_count(team) == events
        assert main(["merge", str(team_path), str(ann)]) == 1
        assert capsys.readouterr().err == f"qcode: {BUSY}\n"
        assert file_state(ann) == held
    finally:
        other.execute("ROLLBACK")
        other.close()
    with open_project(team_path) as team:  # once the other program is done, it comes in
        assert merge_copy(team, ann).came_in["segment"] == 1
        assert ANNS in coding_of(team)


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_copy_is_read_and_left_as_it_was(
    team_path: Path, ann: Path, where: str
) -> None:
    with open_project(team_path) as team:  # first: the team file shares the copy's folder
        (ann if where == "file" else ann.parent).chmod(0o444 if where == "file" else 0o555)
        before = file_state(ann)
        try:
            report = merge_copy(team, ann)
        finally:
            ann.parent.chmod(0o755)
        assert report.came_in["segment"] == 1
        assert ANNS in coding_of(team)
    assert file_state(ann) == before, "no -wal, -shm or backup beside the copy"


def test_a_copy_whose_writer_stopped_halfway_is_read_as_last_committed(
    team_path: Path, ann: Path
) -> None:
    stop_halfway = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA journal_mode=DELETE')\n"
        "conn.execute('PRAGMA cache_size=2')\n"
        "conn.execute('BEGIN')\n"
        "conn.execute('UPDATE documents SET text = text || text')\n"
        "conn.execute('DELETE FROM segments')\n"
        "os._exit(9)\n"  # killed mid-change: its rollback journal stays beside the copy
    )
    subprocess.run([sys.executable, "-c", stop_halfway, str(ann)], check=False)
    assert ann.with_name("ann.qcode-journal").stat().st_size > 0
    before = file_state(ann)
    with open_project(team_path) as team:
        report = merge_copy(team, ann)
        assert report.came_in["segment"] == 1
        assert ANNS in coding_of(team)
    assert file_state(ann) == before, "the copy is read, never rolled back in place"
