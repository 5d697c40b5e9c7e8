"""A project exported as .qdpx and imported into an empty project comes back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.services.demo.build import build_demo
from qcode.services.history import History
from qcode.services.refi.importer import import_refi
from qcode.store.project import create_project
from tests.helpers import dump
from tests.services.refi.test_refi_support import (
    XSD,
    build_rich_project,
    export_to,
    needs_shared,
    qde_of,
    schema_errors,
    snapshot,
)


@pytest.fixture
def rich(tmp_path: Path):
    project = build_rich_project(tmp_path / "rich.qcode")
    yield project
    project.close()


def test_round_trip_gives_back_everything(rich, tmp_path: Path) -> None:
    archive = export_to(rich, tmp_path / "rich.qdpx")
    with create_project(tmp_path / "copy.qcode") as copy:
        result = import_refi(copy, archive)
        assert [o.status for o in result.outcomes] == ["imported"], result.outcomes
        before, after = snapshot(rich), snapshot(copy)
    for key in before:
        assert after[key] == before[key], key
    assert len(before["segments"]) == 8 and len(before["memos"]) == 6
    assert (
        before["codes"][("Better specialist support", "Engagement with mentorship", "Trust")][1]
        == "CM"
    )


@needs_shared(XSD)
def test_export_is_valid_against_project_xsd(rich, tmp_path: Path) -> None:
    archive = export_to(rich, tmp_path / "rich.qdpx")
    assert schema_errors(qde_of(archive)) == []


def test_import_again_adds_nothing_and_matches_by_guid(rich, tmp_path: Path) -> None:
    archive = export_to(rich, tmp_path / "rich.qdpx")
    before = dump(rich)
    result = import_refi(rich, archive)
    assert [o.status for o in result.outcomes] == ["skipped"]
    assert "nothing new" in result.outcomes[0].message
    assert dump(rich) == before


def test_import_is_one_undoable_operation(rich, tmp_path: Path) -> None:
    archive = export_to(rich, tmp_path / "rich.qdpx")
    with create_project(tmp_path / "copy.qcode") as copy:
        empty = dump(copy)
        history = History(copy)
        history.push(import_refi(copy, archive).change)
        imported = dump(copy)
        history.undo()
        assert dump(copy) == empty
        history.redo()
        assert dump(copy) == imported


def test_demo_project_round_trips(tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.qcode") as project:
        archive = export_to(project, tmp_path / "demo.qdpx")
        with create_project(tmp_path / "copy.qcode") as copy:
            result = import_refi(copy, archive)
            assert [o.status for o in result.outcomes] == ["imported"], result.outcomes
            before, after = snapshot(project), snapshot(copy)
    assert before["segments"] and before["statements"] and before["memos"]
    for key in before:
        assert after[key] == before[key], key
