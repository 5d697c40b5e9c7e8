"""Hand-damaged project files: every walk finishes, check reports, repair fixes after a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.services import coding, integrity
from qcode.services.codebook import edit as codebook
from qcode.services.history import History
from qcode.services.lookup import (
    ancestor_names,
    code_names,
    code_path,
    descendant_ids,
    get_code,
    path_of,
)
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.project import Project, open_project
from tests.helpers import add_text, audit_count, dump

TEXT = "Interviewer: How did it start?\nPJ: My mentor made time for me.\n"
OTHER = "PR: No time at all.\n"


@pytest.fixture
def study(project: Project) -> Project:
    add_text(project, "PJ 1", TEXT, "PJ", 1)
    add_text(project, "PR 1", OTHER, "PR", 1)
    codebook.add_code(project, "Work/Time")
    codebook.add_code(project, "Work/Time/Protected")
    codebook.add_code(project, "People")
    coding.code_span(project, "PJ 1", "Work/Time", "Ann", 35, 44)
    coding.code_span(project, "PR 1", "People", "Ann", 4, 11)
    coding.code_span(project, "PR 1", "Work/Time/Protected", "Ben", 4, 11)
    return project


def damage(path: Path, *statements: str) -> None:
    """Edit the file by hand, as a researcher with a SQLite browser might."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


LOOP = "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Time') WHERE name = 'Work'"


def ids(project: Project) -> dict[str, int]:
    with project.session() as session:
        return {name: cid for cid, (_parent, name) in code_names(session).items()}


@pytest.mark.file_only(reason="the file is damaged by hand with sqlite3")
def test_every_walk_finishes_on_a_loop(study: Project) -> None:
    damage(study.path, LOOP)
    code = ids(study)
    with study.session() as session:
        names = code_names(session)
        assert path_of(code["Protected"], names) == ["Work", "Time", "Protected"]
        assert path_of(code["Work"], names) == ["Time", "Work"]
        assert code_path(session, get_code(session, code["Time"])) == ["Work", "Time"]
        walks = {"Protected": ["Work", "Time", "Protected"], "Work": ["Time", "Work"]}
        for name, path in walks.items():  # (the recursive query ends on the loop too)
            assert path_of(code[name], ancestor_names(session, {code[name]})) == path
        assert sorted(descendant_ids(session, code["Work"])) == sorted(
            [code["Work"], code["Time"], code["Protected"]]
        )
        assert [n.path for n in codebook.codebook_tree(session)] == [("People",)]
        assert len(retrieve_segments(session)) == 3
        under_work = SegmentFilter(code="Work", with_descendants=True)
        with pytest.raises(QcodeError, match="no code 'Work'"):  # not at the top: one line
            retrieve_segments(session, under_work)


@pytest.mark.file_only(reason="the file is damaged by hand with sqlite3")
def test_check_reports_each_problem_in_one_line_and_changes_nothing(study: Project) -> None:
    damage(
        study.path,
        LOOP,
        "DELETE FROM documents WHERE name = 'PR 1'",
        "UPDATE documents SET chars = 3 WHERE name = 'PJ 1'",
        "INSERT INTO memos (guid, title, text, code_id, created_at, updated_at)"
        " VALUES ('m-1', 'x', 'note', 999, '2026-01-01', '2026-01-01')",
        "INSERT INTO cases (guid, name, description, created_at)"
        " VALUES ('c-1', 'Rota', '', '2026-01-01')",
        "INSERT INTO case_segments (case_id, segment_id, position) VALUES (1, 777, 0)",
    )
    before = dump(study)
    report = integrity.check(study)
    assert report.integrity == ("ok",)
    assert not report.ok
    lines = [(f.kind, f.line) for f in report.problems]
    assert lines == [
        ("loop", "the codebook has a loop: Work → Time → Work"),
        ("dangling", "case link 1: its segment 777 is gone"),
        ("dangling", "memo 1: its code 999 is gone"),
        ("dangling", "segment 2: its document 2 is gone"),
        ("dangling", "segment 3: its document 2 is gone"),
        ("count", "document 'PJ 1': stored as 3 characters and 3 lines, its text has 63 and 3"),
    ]
    assert all("\n" not in line for _kind, line in lines)
    warning = integrity.open_warning(study)
    assert warning == (
        "The codebook has a loop: Work → Time → Work; 4 rows point at something that is gone;"
        " run qcode check study.qcode --repair"
    )
    assert dump(study) == before


def test_a_clean_project_checks_ok_and_repair_writes_nothing(study: Project) -> None:
    assert integrity.check(study).ok
    assert integrity.open_warning(study) is None
    repaired = integrity.repair(study, "Ann")
    assert (repaired.backup, repaired.done, repaired.change) == (None, [], None)
    assert not list(study.path.parent.glob("*before-repair*"))


@pytest.mark.file_only(reason="the file is damaged by hand with sqlite3")
def test_repair_backs_up_then_fixes_everything_in_one_audited_operation(study: Project) -> None:
    damage(
        study.path,
        LOOP,
        "DELETE FROM coders WHERE name = 'Ben'",
        "UPDATE documents SET lines = 9 WHERE name = 'PR 1'",
    )
    damaged, events = dump(study), audit_count(study)
    repaired = integrity.repair(study, "Ann")
    assert repaired.backup == study.path.with_name("study.before-repair.qcode")
    with open_project(repaired.backup) as copy:
        assert dump(copy) == damaged
    assert repaired.done == [
        "moved code 'Work' to the top level to break the loop",
        "deleted segment 3 (its coder 2 is gone)",
        "recounted document 2: 20 characters, 2 lines",
    ]
    assert repaired.left == []
    assert audit_count(study) == events + 1
    assert [f.kind for f in integrity.check(study).findings] == ["note"]  # the trail keeps Ben
    with study.session() as session:
        assert [n.path for n in codebook.codebook_tree(session, counts=False)] == [
            ("People",),
            ("Work",),  # moved to the top, at the end
            ("Work", "Time"),
            ("Work", "Time", "Protected"),
        ]
    again = integrity.repair(study, "Ann")
    assert again.backup is None and again.done == []


@pytest.mark.file_only(reason="the file is damaged by hand with sqlite3")
def test_breaking_a_loop_is_undoable(study: Project) -> None:
    damage(study.path, LOOP)
    damaged = dump(study)
    history = History(study)
    history.push(integrity.repair(study, "Ann").change)
    assert integrity.check(study).ok
    history.undo("Ann")
    assert {k: v for k, v in dump(study).items() if k != "audit_events"} == {
        k: v for k, v in damaged.items() if k != "audit_events"
    }


@pytest.mark.file_only(reason="the file is damaged by hand with sqlite3")
def test_a_moved_code_is_renamed_when_the_top_has_its_name(study: Project) -> None:
    damage(study.path, "UPDATE codes SET name = 'People', parent_id = 42 WHERE name = 'Time'")
    assert [f.line for f in integrity.check(study).problems] == [
        "code 2: its parent code 42 is gone"
    ]
    repaired = integrity.repair(study)
    assert repaired.done == [
        "moved code 'People' to the top level as 'People (2)' (its parent is gone)"
    ]
    with study.session() as session:
        assert [n.path for n in codebook.codebook_tree(session, counts=False)] == [
            ("Work",),
            ("People",),
            ("People (2)",),
            ("People (2)", "Protected"),
        ]
