"""A read-only project opens for reading and refuses changes in one line; a locked one is busy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.errors import ProjectBusyError, ProjectError, ProjectReadOnlyError
from qcode.services.codebook.edit import add_code
from qcode.store import migrate
from qcode.store.models import Code
from qcode.store.project import create_project, open_project
from tests.helpers import add_text

REFUSAL = "study.qcode is read-only: open a copy to change it"


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Path]:
    """A closed project with one interview and one code; write permissions restored after."""
    path = tmp_path / "study.qcode"
    with create_project(path, title="Study") as project:
        add_text(project, "PA 1", "PA: my mentor listened.\n", "PA", 1)
        add_code(project, "Being listened to")
    yield path
    tmp_path.chmod(0o755)
    path.chmod(0o644)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_project_reads_and_refuses_changes(study: Path, where: str) -> None:
    (study if where == "file" else study.parent).chmod(0o444 if where == "file" else 0o555)
    before, files = study.read_bytes(), beside(study)
    with open_project(study) as project:
        assert project.read_only and project.upgraded_from is None
        with project.session() as session:
            assert [c.name for c in session.query(Code)] == ["Being listened to"]
        with pytest.raises(ProjectReadOnlyError, match=REFUSAL):
            add_code(project, "Doubt")
    assert study.read_bytes() == before
    assert beside(study) == files, "reading leaves no -wal or -shm behind"


def test_cli_reads_a_read_only_project_and_refuses_writes(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study.chmod(0o444)
    before = study.read_bytes()
    status, out, err = run(capsys, "docs", str(study))
    assert (status, err) == (0, "") and "PA 1" in out
    status, out, err = run(capsys, "codes", str(study))
    assert (status, err) == (0, "") and "Being listened to" in out
    status, out, err = run(capsys, "codes", str(study), "add", "Doubt")
    assert (status, out, err) == (1, "", f"qcode: {REFUSAL}\n")
    assert study.read_bytes() == before
    study.chmod(0o644)  # made writable again, it takes changes as before
    assert run(capsys, "codes", str(study), "add", "Doubt")[0] == 0


def test_a_read_only_file_of_an_older_schema_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "study.qcode"
    migrate.upgrade_to(path, "0005")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO project (title, description, created_at, created_by_version)"
        " VALUES ('Study', '', '2026-12-01 00:00:00', '0.3.0')"
    )
    conn.commit()
    conn.close()
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    assert str(caught.value) == (
        "study.qcode is read-only and uses an older schema (0005): open a copy to upgrade it"
    )
    assert path.read_bytes() == before
    assert beside(path) == {"study.qcode"}
    path.chmod(0o644)


def test_a_file_another_program_holds_locked_is_busy_not_damaged(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = sqlite3.connect(study, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE project SET title = 'Study (being edited)'")
    busy = "study.qcode is being written by another program; try again in a moment"
    try:
        with pytest.raises(ProjectBusyError) as caught:
            open_project(study)
        assert str(caught.value) == busy
        assert run(capsys, "docs", str(study)) == (1, "", f"qcode: {busy}\n")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with open_project(study) as project, project.session() as session:
        assert [c.name for c in session.query(Code)] == ["Being listened to"]
