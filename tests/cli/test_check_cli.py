"""`qcode check P [--repair] [--json]` on real files damaged by hand; commands finish on a loop."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_codebook_cli import ok, run, state, study
from tests.services.test_integrity import damage

pytestmark = pytest.mark.file_only(
    reason="qcode check is for project files (on a server it says so: test_server_cli)"
)

LOOP = (
    "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Availability')"
    " WHERE name = 'Better work'"
)
WARNING = (
    "qcode: study.qcode: The codebook has a loop: Better work → Availability → Better work;"
    " run qcode check study.qcode --repair\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> Path:
    """This test's copy of the study file."""
    return Path(copy_of(template))


def test_a_sound_project_checks_ok(capsys, project: Path) -> None:
    assert ok(capsys, "check", str(project)).splitlines() == [
        "integrity_check: ok",
        "foreign_key_check: ok",
        "study.qcode: no problems found",
    ]


def test_commands_finish_on_a_loop_say_it_once_and_change_nothing(capsys, project: Path) -> None:
    damage(project, LOOP)
    before = state(project)
    qdpx = str(project.with_suffix(".qdpx"))
    for argv in (["segments", str(project)], ["codes", str(project)]):
        assert run(capsys, *argv)[::2] == (0, WARNING)
    for argv in (["export", "qdpx", str(project), "-o", qdpx],):
        status, _out, err = run(capsys, *argv)
        assert (status, err) == (0, WARNING)
    assert state(project) == before


def test_check_lists_every_finding_in_one_line_and_exits_1(capsys, project: Path) -> None:
    damage(project, LOOP, "DELETE FROM documents WHERE name = 'PR 1'")
    before = state(project)
    status, out, err = run(capsys, "check", str(project))
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "integrity_check: ok",
        "foreign_key_check: 1 row(s) point at nothing",
        "loop: the codebook has a loop: Better work → Availability → Better work",
        "dangling: segment 4: its document 3 is gone",
        "study.qcode: 2 problem(s); `qcode check study.qcode --repair` fixes what it can",
    ]
    assert state(project) == before


def test_repair_names_its_backup_fixes_and_then_checks_clean(capsys, project: Path) -> None:
    damage(project, LOOP, "UPDATE documents SET chars = 1 WHERE name = 'PJ 2'")
    status, out, err = run(capsys, "check", str(project), "--repair", "--as", "Ann")
    assert (status, err) == (0, "")
    assert out.splitlines()[-4:] == [
        "backup: wrote study.before-repair.qcode (the file as it was)",
        "fixed: moved code 'Better work' to the top level to break the loop",
        "fixed: recounted document 2: 31 characters, 2 lines",
        "study.qcode: repaired (2 fix(es) in one audited operation)",
    ]
    assert project.with_name("study.before-repair.qcode").is_file()
    assert ok(capsys, "check", str(project)).endswith("no problems found\n")
    log = ok(capsys, "log", str(project))
    assert log.splitlines()[-1].split()[2:4] == ["Ann", "repair"]


def test_check_json(capsys, project: Path) -> None:
    damage(project, LOOP)
    status, out, _err = run(capsys, "check", str(project), "--json")
    assert status == 1
    assert json.loads(out) == {
        "project": "study.qcode",
        "ok": False,
        "integrity_check": ["ok"],
        "foreign_key_check": [],
        "findings": [
            {
                "kind": "loop",
                "line": "the codebook has a loop: Better work → Availability → Better work",
                "fixable": True,
            }
        ],
    }
    status, out, _err = run(capsys, "check", str(project), "--json", "--repair")
    repaired = json.loads(out)
    assert (status, repaired["ok"], repaired["backup"]) == (0, True, "study.before-repair.qcode")


def test_check_of_a_missing_file_is_one_line(capsys, tmp_path: Path) -> None:
    status, out, err = run(capsys, "check", str(tmp_path / "nothing.qcode"))
    assert (status, out) == (1, "")
    assert err.startswith("qcode: ") and err.count("\n") == 1
