"""The change journal keeps every value exactly: NUL, every code point class, floats, blobs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qcode.services.history import History, operation
from qcode.store.journal import same_values
from qcode.store.project import Project, create_project
from qcode.store.server_journal import bound
from tests.helpers import dump

# Every general category Python can store as UTF-8 (lone surrogates, Cs, cannot be stored).
CATEGORIES = (
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "Mn",
    "Mc",
    "Me",
    "Nd",
    "Nl",
    "No",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Co",
    "Cn",
)
TEXTS = st.text(alphabet=st.characters(categories=CATEGORIES), min_size=0, max_size=60).map(
    lambda t: "\x00" + t + "\x00end"
)


def raw(project: Project, sql: str, *params: object) -> list[tuple[object, ...]]:
    with project.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(marks(project, sql), params)]


def marks(project: Project, sql: str) -> str:
    """A statement written with ``?`` marks, in the project's driver's style."""
    return bound(sql) if project.on_server else sql


def write(project: Project, sql: str, *params: object) -> object:
    """Any write, as one undoable operation."""
    with operation(project, "Raw write") as op:
        op.session.connection().exec_driver_sql(marks(project, sql), params)
        op.audit("edit", "test", 0)
    return op.change


def add_memo(project: Project, text: object) -> object:
    return write(
        project,
        "INSERT INTO memos (guid, title, text, created_at, updated_at)"
        " VALUES ('m1', 't', ?, '2026-01-01', '2026-01-01')",
        text,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=TEXTS, second=TEXTS)
def test_texts_survive_insert_update_undo_and_redo(tmp_path_factory, first, second) -> None:
    assume(first != second)
    path = Path(tmp_path_factory.mktemp("j")) / "p.qcode"
    with create_project(path) as project:
        history = History(project)
        empty = dump(project)
        history.push(add_memo(project, first))
        after_insert = dump(project)
        history.push(write(project, "UPDATE memos SET text=?", second))
        after_update = dump(project)
        assert raw(project, "SELECT text FROM memos") == [(second,)]
        history.undo()
        assert dump(project) == after_insert
        assert raw(project, "SELECT text FROM memos") == [(first,)]
        history.undo()
        assert dump(project) == empty
        history.redo()
        history.redo()
        assert dump(project) == after_update
        assert raw(project, "SELECT text FROM memos") == [(second,)]


@pytest.mark.file_only(
    reason="SQLite's dynamic typing: a blob in a text column, a float in an integer one"
    " (PostgreSQL's typed columns refuse both, and no project column holds either)"
)
def test_floats_and_blobs_survive_exactly(project: Project) -> None:
    history = History(project)
    blob = bytes(range(256))
    history.push(add_memo(project, blob))
    history.push(write(project, "UPDATE memos SET text=?", "plain"))
    history.push(
        write(
            project,
            "INSERT INTO codes (guid, name, color, description, when_to_use, when_not_to_use,"
            " example, is_context, is_mechanism, position, created_at)"
            " VALUES ('c1', 'Float', '#000000', '', '', '', '', 0, 0, ?, '2026-01-01')",
            0.1 + 0.2,
        )
    )
    history.push(write(project, "UPDATE codes SET position=?", -1e-308))
    history.undo()
    assert raw(project, "SELECT position, typeof(position) FROM codes") == [(0.1 + 0.2, "real")]
    history.undo()
    history.undo()
    assert raw(project, "SELECT text FROM memos") == [(blob,)]
    for _ in range(3):
        history.redo()
    assert raw(project, "SELECT position FROM codes") == [(-1e-308,)]
    assert raw(project, "SELECT text FROM memos") == [("plain",)]


def test_an_update_to_the_same_values_records_nothing(project: Project) -> None:
    add_memo(project, "same")
    change = write(project, "UPDATE memos SET text='same'")
    assert change.is_empty


def test_values_compare_by_type_as_well() -> None:
    assert same_values((1, "a", None), (1, "a", None))
    assert not same_values((1,), (1.0,))
    assert not same_values((b"a",), ("a",))
    assert not same_values(None, (1,))
