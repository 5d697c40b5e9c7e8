"""Undo and redo on a real PostgreSQL server: the same journal, the same exact restores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from qcode.errors import ConflictError
from qcode.services.codebook.edit import add_code, delete_code, rename_code
from qcode.services.coding import code_span
from qcode.services.history import History
from qcode.services.lookup import get_code
from qcode.store.models import AuditEvent, Segment
from qcode.store.postgres import create_server_project, open_server_project
from qcode.store.project import Project
from tests.helpers import add_text, server_dump


@pytest.fixture
def server_project(postgres_url: str) -> Iterator[Project]:
    project = create_server_project(postgres_url, "Team study")
    yield project
    project.close()


def test_every_step_undoes_and_redoes_exactly(server_project: Project) -> None:
    project, history = server_project, History(server_project)
    add_text(project, "PA 1", "My mentor listened, and the time was protected.\n", "PA", 1)
    states = [server_dump(project)]
    steps = [
        lambda: add_code(project, "Better work/Listening"),
        lambda: code_span(project, "PA 1", "Better work/Listening", "Ana", 3, 18),
        lambda: code_span(project, "PA 1", "Better work/Listening", "Ana", 10, 30),
        lambda: rename_code(project, code_id(project, "Better work/Listening"), "Listened to"),
        lambda: delete_code(project, code_id(project, "Better work")),
    ]
    for step in steps:
        history.push(step())
        states.append(server_dump(project))
    assert states[-1]["segments"] == [] and states[-2]["segments"] != []
    for state in reversed(states[:-1]):
        assert history.undo() is not None
        assert server_dump(project) == state
    for state in states[1:]:
        assert history.redo() is not None
        assert server_dump(project) == state
    with project.session() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert len(actions) == 1 + 2 * len(steps) + len(steps)  # import, steps, undos, redos


def code_id(project: Project, name: str) -> int:
    with project.session() as session:
        return get_code(session, name).id


def test_an_undo_is_refused_when_someone_changed_the_row_since(
    server_project: Project, postgres_url: str
) -> None:
    project, history = server_project, History(server_project)
    add_text(project, "PA 1", "My mentor listened.\n", "PA", 1)
    add_code(project, "Listening")
    history.push(code_span(project, "PA 1", "Listening", "Ana", 3, 18))
    other = open_server_project(postgres_url)  # a second coder's window on the same server
    try:
        with other.transaction() as session:
            segment = session.scalars(select(Segment)).one()
            segment.end = 12
    finally:
        other.close()
    before = server_dump(project)
    with pytest.raises(ConflictError, match="segment 1 was changed since"):
        history.undo()
    assert server_dump(project) == before
