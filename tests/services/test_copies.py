"""Coder's copies: complete while another process writes, never clobbering, original intact."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.services.coding import code_span
from qcode.services.copies import copy_path_for, make_coder_copy
from qcode.services.merge.run import merge_copy
from qcode.store.project import Project, open_project
from tests.helpers import audit_count, dump
from tests.writing_process import CODER, make_study, writing_process

pytestmark = pytest.mark.file_only(
    reason="a coder's .qcode copy of a team file (qcode copy refuses a server)"
)

TEXT = "PA: The mentor listened and I felt less alone at work.\nPA: Time was short.\n"


def scalar(path: Path, sql: str) -> object:
    """One value read through a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def segment_count(path: Path) -> int:
    return int(scalar(path, "SELECT count(*) FROM segments"))  # type: ignore[arg-type]


def coder_names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM coders")}
    finally:
        conn.close()


@pytest.fixture
def study(make_project: Callable[..., Project]) -> Project:
    return make_project(
        {"PA 1": ("PA", 1, TEXT)},
        codes=["Better work/Support", "Better work/Time"],
        coding=[("PA 1", "Better work/Support", "Ben", 4, 19)],
    )


def test_a_copy_made_while_another_process_writes_holds_every_committed_segment(
    tmp_path: Path,
) -> None:
    path = make_study(tmp_path / "study.qcode")
    with writing_process(path, count=40):
        plain = tmp_path / "plain.qcode"
        shutil.copyfile(path, plain)  # what `cp study.qcode …` used to do
        assert segment_count(plain) < 40, "the writes should not all be in the main file"
        assert segment_count(path) == 40  # committed; the pending delete is not
        with open_project(path) as project:
            report = make_coder_copy(project, tmp_path / "study-ana.qcode", "Ana")
        assert (report.documents, report.codes, report.segments) == (1, 2, 40)
        copy = tmp_path / "study-ana.qcode"
        assert segment_count(copy) == 40
        assert coder_names(copy) == {CODER, "Ana"}
        assert coder_names(path) == {CODER}
        assert segment_count(path) == 40
    assert report.line() == (
        "copied study.qcode to study-ana.qcode for Ana: 1 document, 2 codes, 40 segments"
    )


def test_the_copy_is_one_standalone_file_that_opens_anywhere(
    study: Project, tmp_path: Path
) -> None:
    target = tmp_path / "study-ana.qcode"
    make_coder_copy(study, target, "Ana")
    assert sorted(p.name for p in tmp_path.iterdir() if "ana" in p.name) == ["study-ana.qcode"]
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    shutil.copyfile(target, elsewhere / "alone.qcode")  # the file by itself, no log beside it
    with open_project(elsewhere / "alone.qcode") as moved:
        assert dump(moved)["segments"] == dump(study)["segments"]
        assert scalar(moved.path, "PRAGMA integrity_check") == "ok"


def test_coder_is_added_in_the_copy_only_as_one_audited_change(
    study: Project, tmp_path: Path
) -> None:
    before, events = dump(study), audit_count(study)
    target = tmp_path / "study-ana.qcode"
    report = make_coder_copy(study, target, "  Ana  ", actor="Ben")
    assert (report.coder, report.coder_added) == ("Ana", True)
    assert dump(study) == before and audit_count(study) == events
    assert "Ana" not in coder_names(study.path)
    with open_project(target) as copy:
        assert audit_count(copy) == events + 1
        conn = sqlite3.connect(target)
        last = conn.execute(
            "SELECT action, target_type, actor, after FROM audit_events ORDER BY id DESC"
        ).fetchone()
        conn.close()
    assert last[:3] == ("add coder", "coder", "Ben") and '"name": "Ana"' in last[3]


def test_a_coder_already_in_the_project_changes_nothing_in_the_copy(
    study: Project, tmp_path: Path
) -> None:
    target = tmp_path / "study-ben.qcode"
    report = make_coder_copy(study, target, "Ben")
    assert report.coder_added is False
    with open_project(target) as copy:
        assert audit_count(copy) == audit_count(study)
        assert dump(copy) == dump(study)


def test_a_copy_merges_back_by_identity(study: Project, tmp_path: Path) -> None:
    target = tmp_path / "study-ana.qcode"
    make_coder_copy(study, target, "Ana")
    with open_project(target) as copy:
        code_span(copy, "PA 1", "Better work/Time", "Ana", 60, 74)
    report = merge_copy(study, target)
    assert report.came_in["segment"] == 1 and report.came_in["coder"] == 1
    assert not report.new_documents and not report.new_codes


@pytest.mark.parametrize("existing", [b"someone's work", b""])
def test_an_existing_target_is_refused_and_left_as_it_was(
    study: Project, tmp_path: Path, existing: bytes
) -> None:
    target = tmp_path / "study-ana.qcode"
    target.write_bytes(existing)
    before = dump(study)
    with pytest.raises(QcodeError, match="already exists") as refused:
        make_coder_copy(study, target, "Ana")
    assert "\n" not in str(refused.value)
    assert target.read_bytes() == existing
    assert dump(study) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("spelling", ["study.qcode", "sub/../study.qcode", "study.qcode-wal"])
def test_the_project_itself_is_refused(study: Project, tmp_path: Path, spelling: str) -> None:
    (tmp_path / "sub").mkdir()
    before, events = dump(study), audit_count(study)
    with pytest.raises(QcodeError, match="is the project itself|the project's own files"):
        make_coder_copy(study, tmp_path / spelling, "Ana")
    assert dump(study) == before and audit_count(study) == events


def test_a_missing_folder_and_an_empty_coder_name_are_refused(
    study: Project, tmp_path: Path
) -> None:
    with pytest.raises(QcodeError, match="does not exist"):
        make_coder_copy(study, tmp_path / "nowhere" / "study-ana.qcode")
    with pytest.raises(QcodeError, match="a coder needs a name"):
        make_coder_copy(study, tmp_path / "study-x.qcode", "   ")
    assert not (tmp_path / "study-x.qcode").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_suggested_name_is_beside_the_project_and_free(tmp_path: Path) -> None:
    project = tmp_path / "study.qcode"
    assert copy_path_for(project, "Ana") == tmp_path / "study-ana.qcode"
    assert copy_path_for(project, " Chris  O'Neil ") == tmp_path / "study-chris-o-neil.qcode"
    assert copy_path_for(project, None) == tmp_path / "study-copy.qcode"
    (tmp_path / "study-ana.qcode").write_bytes(b"")
    assert copy_path_for(project, "Ana") == tmp_path / "study-ana-2.qcode"
