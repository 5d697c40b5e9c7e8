"""`qcode merge TEAM COPY...`: a report per copy, one line per broken copy, the user's choices."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.services import coding
from qcode.services.codebook import edit as codebook
from qcode.services.lookup import find_code
from qcode.store.project import create_project, open_project
from tests.helpers import add_text, dump

TEXT = "PA: The mentor listened and I felt less alone at work.\nPA: Time was short.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.qcode"
    with create_project(path) as project:
        add_text(project, "PA 1", TEXT, "PA", 1)
        codebook.add_code(project, "Better work/Support")
    return path


def copy_with(team: Path, name: str, coder: str, quote: str, code: str) -> Path:
    """A coder's copy in which they coded ``quote`` (adding ``code`` if it is new)."""
    path = team.with_name(f"{name}.qcode")
    shutil.copy(team, path)
    with open_project(path) as project:
        with project.session() as session:
            missing = find_code(session, code) is None
        if missing:
            codebook.add_code(project, code)
        coding.code_quote(project, "PA 1", code, coder, quote)
    return path


def segments(capsys: pytest.CaptureFixture[str], team: Path) -> set[tuple[str, str, str]]:
    status, out, _ = run(capsys, "segments", str(team), "--json")
    assert status == 0
    return {("/".join(s["code"]), s["coder"], s["text"]) for s in json.loads(out)}


def test_two_copies_each_get_a_report_and_a_repeat_changes_nothing(capsys, team: Path) -> None:
    ann = copy_with(team, "ann", "Ann", "felt less alone", "Better work/Support")
    ben = copy_with(team, "ben", "Ben", "Time was short", "Better work/Time")
    status, out, err = run(capsys, "merge", str(team), str(ann), str(ben))
    assert (status, err) == (0, "")
    assert "ann.qcode → team.qcode: merged" in out and "ben.qcode → team.qcode: merged" in out
    assert "new codes: Better work/Time" in out
    assert segments(capsys, team) == {
        ("Better work/Support", "Ann", "felt less alone"),
        ("Better work/Time", "Ben", "Time was short"),
    }
    with open_project(team) as project:
        before = dump(project)
    status, out, _ = run(capsys, "merge", str(team), str(ann), str(ben))
    assert status == 0 and out.count("nothing new, the team file is unchanged") == 2
    with open_project(team) as project:
        assert dump(project) == before


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.write_text("not a project", encoding="utf-8"),
        lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(100)),
    ],
)
def test_a_broken_copy_is_one_line_and_the_others_still_merge(capsys, team: Path, make) -> None:
    ann = copy_with(team, "ann", "Ann", "felt less alone", "Better work/Support")
    broken = team.with_name("broken.qcode")
    make(broken)
    status, out, err = run(capsys, "merge", str(team), str(broken), str(ann))
    assert status == 1
    assert err.count("\n") == 1 and err.startswith(f"qcode: {broken}: ")
    assert "Traceback" not in out + err
    assert "ann.qcode → team.qcode: merged" in out
    assert ("Better work/Support", "Ann", "felt less alone") in segments(capsys, team)


@pytest.fixture
def suport(team: Path) -> Path:
    return copy_with(team, "ann", "Ann", "Time was short", "Better work/Suport")


def test_a_suggestion_is_listed_with_how_to_take_it(capsys, team: Path, suport: Path) -> None:
    with open_project(team) as project:
        before = dump(project)
    status, out, _ = run(capsys, "merge", str(team), str(suport), "--dry-run")
    assert status == 0 and "trial run, nothing was changed" in out
    assert "it looks like 'Better work/Support'" in out
    assert '--map "Better work/Suport=Better work/Support" or --accept-suggestions' in out
    with open_project(team) as project:
        assert dump(project) == before
    status, out, _ = run(capsys, "merge", str(team), str(suport))
    assert "came in as a new code" in out
    assert f'qcode codes {team} merge "Better work/Suport" "Better work/Support"' in out
    assert ("Better work/Suport", "Ann", "Time was short") in segments(capsys, team)


@pytest.mark.parametrize(
    "option", [["--map", "Better work/Suport=Better work/Support"], ["--accept-suggestions"]]
)
def test_the_users_answer_takes_the_team_code(
    capsys, team: Path, suport: Path, option: list[str]
) -> None:
    status, out, _ = run(capsys, "merge", str(team), str(suport), *option)
    assert status == 0 and "needs a decision" not in out
    assert segments(capsys, team) == {("Better work/Support", "Ann", "Time was short")}


def test_new_keeps_the_copys_code_without_asking(capsys, team: Path, suport: Path) -> None:
    status, out, _ = run(capsys, "merge", str(team), str(suport), "--new", "Better work/Suport")
    assert status == 0 and "needs a decision" not in out
    assert segments(capsys, team) == {("Better work/Suport", "Ann", "Time was short")}


def test_a_map_to_no_team_code_stops_before_anything_merges(
    capsys, team: Path, suport: Path
) -> None:
    ann = copy_with(team, "ben", "Ben", "felt less alone", "Better work/Support")
    with open_project(team) as project:
        before = dump(project)
    status, out, err = run(
        capsys, "merge", str(team), str(ann), str(suport), "--map", "Better work/Suport=Nope"
    )
    assert (status, out) == (1, "") and err.count("\n") == 1 and "no code 'Nope'" in err
    with open_project(team) as project:
        assert dump(project) == before


def test_a_map_without_equals_is_a_usage_error(capsys, team: Path, suport: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["merge", str(team), str(suport), "--map", "Better work/Suport"])
    assert stopped.value.code == 2
    assert "COPY_PATH=TEAM_PATH" in capsys.readouterr().err


def test_json_gives_a_report_or_an_error_per_copy(capsys, team: Path, suport: Path) -> None:
    missing = team.with_name("missing.qcode")
    status, out, err = run(capsys, "merge", str(team), str(suport), str(missing), "--json")
    assert status == 1 and err.count("\n") == 1
    first, second = json.loads(out)
    assert first["came_in"] == {"code": 1, "coder": 1, "segment": 1}
    assert first["suggestions"][0]["team_path"] == ["Better work", "Support"]
    assert second == {"copy": str(missing), "error": f"{missing}: no such project file"}
