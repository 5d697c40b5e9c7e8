"""A project file published to a server and a snapshot taken back: every row, key and event."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import ProjectError
from qcode.services.codebook.edit import add_code, delete_code
from qcode.services.coding import code_span
from qcode.services.lookup import get_code
from qcode.services.memos import MemoTarget, add_memo
from qcode.store.models import AuditEvent, Code, Segment
from qcode.store.postgres import open_server_project
from qcode.store.project import Project, create_project, open_project
from qcode.store.transfer import publish, snapshot
from tests.helpers import add_text, server_dump


def study(path: Path) -> Project:
    project = create_project(path, title="Team study")
    add_text(project, "PA 1", "My mentor listened, and the time was protected.\n", "PA", 1)
    add_code(project, "Better work/Listening")
    add_code(project, "Gone")
    segment = code_span(project, "PA 1", "Better work/Listening", "Ana", 3, 18).value
    add_memo(project, "the heart of it", MemoTarget("segment", segment), actor="Ana")
    with project.session() as session:
        gone = get_code(session, "Gone").id
    delete_code(project, gone)  # a key given out and no longer used: never to be reused
    return project


def test_publish_then_snapshot_keeps_every_row_and_key(tmp_path: Path, postgres_url: str) -> None:
    study(tmp_path / "study.qcode").close()
    published = publish(tmp_path / "study.qcode", postgres_url)
    assert published.rows["segments"] == 1 and published.rows["audit_events"] >= 5
    server = open_server_project(postgres_url)
    try:
        with server.session() as session:
            assert session.scalars(select(Segment.start)).all() == [3]
            actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-1] == "delete code"
        new_code = add_code(server, "Trust").value  # the server goes on from the file's keys
        assert new_code == 4
        before = server_dump(server)
    finally:
        server.close()
    taken = snapshot(postgres_url, tmp_path / "back.qcode")
    assert taken.checksum != published.checksum  # the code added on the server is in it
    with open_project(tmp_path / "back.qcode") as back:
        assert server_dump(back) == before
        with back.session() as session:
            assert session.scalars(select(Code.name).order_by(Code.id)).all() == [
                "Better work",
                "Listening",
                "Trust",
            ]
        assert add_code(back, "Time").value == 5


def test_a_server_database_with_tables_is_refused(tmp_path: Path, postgres_url: str) -> None:
    study(tmp_path / "study.qcode").close()
    publish(tmp_path / "study.qcode", postgres_url)
    with pytest.raises(ProjectError, match="already holds tables"):
        publish(tmp_path / "study.qcode", postgres_url)
    with pytest.raises(ProjectError, match="already exists"):
        snapshot(postgres_url, tmp_path / "study.qcode")
    with open_project(tmp_path / "study.qcode") as kept, kept.session() as session:
        assert session.scalars(select(Segment.start)).all() == [3]  # the file there is kept
