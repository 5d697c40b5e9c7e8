"""`qcode copy PROJECT NEW.qcode [--coder NAME]`: one line out, one line per refusal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.store.project import open_project
from tests.helpers import audit_count, dump
from tests.writing_process import CODER, make_study, writing_process


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def segments(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    status, out, _ = run(capsys, "segments", str(path), "--json")
    assert status == 0
    return json.loads(out)


def coders(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM coders")}
    finally:
        conn.close()


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return make_study(tmp_path / "study.qcode")


def test_copy_while_another_process_is_coding_holds_every_committed_segment(
    capsys, study: Path
) -> None:
    target = study.with_name("study-ana.qcode")
    with writing_process(study, count=25):
        conn = sqlite3.connect(study)
        committed = conn.execute("SELECT count(*) FROM segments").fetchone()[0]
        conn.close()
        status, out, err = run(capsys, "copy", str(study), str(target), "--coder", "Ana")
        assert (status, err) == (0, "")
        assert out == (
            "copied study.qcode to study-ana.qcode for Ana: 1 document, 2 codes, 25 segments\n"
        )
        copied = segments(capsys, target)
        assert committed == len(copied) == 25
        assert {(s["coder"], s["start"], s["end"]) for s in copied} == {
            (CODER, 2 * n, 2 * n + 1) for n in range(25)
        }
    assert coders(target) == {CODER, "Ana"} and coders(study) == {CODER}


def test_the_coder_is_added_in_the_copy_only(capsys, study: Path) -> None:
    target = study.with_name("study-ana.qcode")
    with open_project(study) as project:
        before, events = dump(project), audit_count(project)
    status, _, err = run(capsys, "copy", str(study), str(target), "--coder", "Ana", "--as", "Ben")
    assert (status, err) == (0, "")
    with open_project(study) as project:
        assert dump(project) == before and audit_count(project) == events
    status, out, _ = run(capsys, "log", str(target), "--json")
    last = json.loads(out)[-1]
    assert (last["who"], last["action"]) == ("Ben", "add coder")
    assert "Ana" in coders(target) and "Ana" not in coders(study)


def test_without_a_coder_the_copy_has_the_same_rows(capsys, study: Path) -> None:
    target = study.with_name("copy.qcode")
    status, out, _ = run(capsys, "copy", str(study), str(target))
    assert status == 0 and out.startswith("copied study.qcode to copy.qcode: 1 document")
    with open_project(study) as original, open_project(target) as copy:
        assert dump(copy) == dump(original)
        assert audit_count(copy) == audit_count(original)


def test_an_existing_file_is_refused_and_kept(capsys, study: Path) -> None:
    target = study.with_name("study-ana.qcode")
    target.write_text("Ana's notes, not a project")
    status, out, err = run(capsys, "copy", str(study), str(target), "--coder", "Ana")
    assert (status, out) == (1, "")
    assert err == f"qcode: {target}: already exists; nothing was copied (choose a new file name)\n"
    assert target.read_text() == "Ana's notes, not a project"
    assert "Ana" not in coders(study)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("study.qcode", "is the project itself"),
        ("missing/study-ana.qcode", "does not exist"),
    ],
)
def test_the_project_itself_and_a_missing_folder_are_refused_in_one_line(
    capsys, study: Path, name: str, message: str
) -> None:
    with open_project(study) as project:
        before, events = dump(project), audit_count(project)
    status, out, err = run(capsys, "copy", str(study), str(study.parent / name), "--coder", "A")
    assert (status, out) == (1, "")
    assert err.startswith("qcode: ") and err.count("\n") == 1 and message in err
    with open_project(study) as project:
        assert dump(project) == before and audit_count(project) == events


def test_a_file_that_is_not_a_project_is_refused(capsys, tmp_path: Path) -> None:
    other = tmp_path / "notes.qcode"
    other.write_text("not a database")
    status, _, err = run(capsys, "copy", str(other), str(tmp_path / "copy.qcode"))
    assert status == 1 and err.startswith("qcode: ") and err.count("\n") == 1
    assert not (tmp_path / "copy.qcode").exists()
