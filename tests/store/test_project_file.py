"""Creating and opening project files, and refusing what is not one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from qcode.errors import ProjectError
from qcode.store.models import Code, Coder, Document, Segment
from qcode.store.project import Project, create_project, open_project, project_title
from tests.helpers import reopen


@pytest.mark.file_only(reason="SQLite's PRAGMAs: WAL and foreign keys are a file's settings")
def test_new_project_has_wal_foreign_keys_and_title(project: Project) -> None:
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    with project.session() as session:
        assert project_title(session) == "Test study"


@pytest.mark.file_only(reason="the file's bytes are compared")
def test_create_refuses_to_overwrite(project: Project) -> None:
    before = project.path.read_bytes()
    with pytest.raises(ProjectError, match="already exists"):
        create_project(project.path)
    assert project.path.read_bytes() == before


def test_reopen_keeps_data(project: Project) -> None:
    with project.transaction() as session:
        session.add(Coder(name="Ann", initials="AN", color="#aa0000"))
    project.close()
    with reopen(project) as again, again.session() as session:
        assert session.scalars(select(Coder.name)).all() == ["Ann"]
        assert again.upgraded_from is None


def test_foreign_keys_are_enforced(project: Project) -> None:
    with pytest.raises(IntegrityError), project.transaction() as session:
        session.add(Segment(document_id=999, code_id=999, coder_id=999, start=0, end=5))


def test_deleting_a_document_removes_its_segments(project: Project) -> None:
    with project.transaction() as session:
        coder = Coder(name="Ann")
        code = Code(name="Better work")
        doc = Document(name="PJ 1", text="some words here", sha256="x")
        session.add_all([coder, code, doc])
        session.flush()
        session.add(Segment(document=doc, code=code, coder=coder, start=0, end=4))
    with project.transaction() as session:
        session.delete(session.scalars(select(Document)).one())
    with project.session() as session:
        assert session.scalars(select(Segment)).all() == []


def test_span_must_be_forward(project: Project) -> None:
    with pytest.raises(IntegrityError), project.transaction() as session:
        coder, code = Coder(name="Ann"), Code(name="c")
        doc = Document(name="d", text="abc", sha256="y")
        session.add(Segment(document=doc, code=code, coder=coder, start=2, end=2))


def write_other_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("just some words"), "not a qcode project"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), "not a qcode project"),
        (lambda p: p.write_bytes(b""), "not a qcode project"),
        (lambda p: p.mkdir(), "folder"),
        (write_other_database, "another program"),
        (lambda p: None, "no such project file"),
    ],
    ids=["text", "png", "empty", "folder", "other-sqlite", "missing"],
)
def test_opening_a_non_project_says_so_in_one_line(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "thing.qcode"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(ProjectError, match=message) as caught:
        open_project(path)
    assert "\n" not in str(caught.value)
    if before is not None:
        assert path.read_bytes() == before
